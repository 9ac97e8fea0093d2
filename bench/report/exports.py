"""``enquete export``: the corpus in the formats people already use.

Owns the dispatcher and the two write-only formats; brat and spaCy (which also read back, for the
round-trip tests) live in :mod:`bench.report.export_brat` and :mod:`bench.report.export_spacy`.

* ``conll``  — ``<split>.conll``: one ``token<TAB>IOB2-tag`` line per reference token
  (:func:`bench.common.tokens.tokenize`, :func:`bench.common.tokens.iob2_tags`, exactly the ``tokens`` config),
  a ``-DOCSTART-`` line before each document, a blank line after each sentence (sentence-final
  ``.``/``!``/``?`` token or a line break in the text); ``<split>.ids`` lists the documents in order;
* ``spacy``  — ``<split>.spacy`` (``DocBin``, see :mod:`bench.report.export_spacy`);
* ``brat``   — ``<split>/<doc-id>.txt`` + ``.ann`` and brat's ``annotation.conf``/``visual.conf``;
* ``plover`` — ``<split>.jsonl``: one PLOVER-style record per event whose type has a PLOVER anchor in
  :data:`bench.annotation.inventory.EVENT_ANCHORS` (``event``, ``mode``, ``actor``/``recipient`` from the
  arguments, ``location``, realis and polarity, the trigger and its sentence); events without an anchor
  are counted in ``<split>.unmapped.json``.

The output folder is assembled in a temporary sibling and swapped in whole (:mod:`bench.common.outdir`).

>>> # export(Path("corpus"), "brat", Path("exports/brat"), split="test")
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.annotation.inventory import EVENT_ANCHORS, SPLITS
from bench.common.outdir import replace_output_dir
from bench.common.tokens import iob2_tags, tokenize
from bench.dataset.corpus import Corpus, check_split, load_corpus
from bench.errors import InputError
from bench.types import Argument, Document, Event

MARKER = ".enquete-export"
#: PLOVER modes for Enquête types whose anchor is a sub-case of the PLOVER category (SCHEMA.md table).
PLOVER_MODES: dict[str, str] = {"MEET": "meet", "PHONE_WRITE": "phone", "TRAVEL": "visit",
                                "CANCEL_AGREEMENT": "discontinue", "INVESTIGATE": "investigate",
                                "END_POSITION": "resign"}
ACTOR_ROLES = ("AGENT", "PERSON")
RECIPIENT_ROLES = ("RECIPIENT", "DESTINATION", "VICTIM", "ENTITY")
_SENT_END = {".", "!", "?"}


def _splits(docs: Sequence[Document]) -> list[tuple[str, list[Document]]]:
    names = [s for s in SPLITS if any(d.split == s for d in docs)]
    names += sorted({d.split or "unsplit" for d in docs} - set(names))
    return [(s, [d for d in docs if (d.split or "unsplit") == s]) for s in names]


# ----------------------------------------------------------------------------------------------- conll

def conll_lines(doc: Document) -> list[str]:
    """``-DOCSTART-``, then ``token\\ttag`` lines with a blank line after each sentence."""
    toks = tokenize(doc.text)
    tags = iob2_tags(toks, doc.entities)
    lines = ["-DOCSTART-\tO", ""]
    for i, ((s, e), tag) in enumerate(zip(toks, tags, strict=True)):
        lines.append(f"{doc.text[s:e]}\t{tag}")
        nxt = i + 1
        if nxt == len(toks):
            break
        gap = doc.text[e:toks[nxt][0]]
        inside = tags[nxt].startswith("I-")
        if not inside and (doc.text[s:e] in _SENT_END or "\n" in gap):
            lines.append("")
    lines.append("")
    return lines


def write_conll(docs: Sequence[Document], corpus: Corpus, out: Path) -> list[Path]:
    written = []
    for split, members in _splits(docs):
        path = out / f"{split}.conll"
        path.write_text("\n".join(line for d in members for line in conll_lines(d)) + "\n", encoding="utf-8")
        ids = out / f"{split}.ids"
        ids.write_text("".join(f"{d.id}\n" for d in members), encoding="utf-8")
        written += [path, ids]
    return written


# ----------------------------------------------------------------------------------------------- plover

def _party(a: Argument) -> dict[str, Any]:
    return {"text": a.text, "entity": a.entity, "start": a.start, "end": a.end}


def _sentence(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in re.finditer(r"[.!?][”\"’)]*\s+|\n", text[:start])), default=0)
    m = re.search(r"[.!?][”\"’)]*(?=\s|$)|\n", text[end:])
    right = end + m.end() if m else len(text)
    return text[left:right].strip()


def plover_record(doc: Document, ev: Event) -> dict[str, Any] | None:
    """One PLOVER-style record, or ``None`` when the event type has no PLOVER anchor."""
    category = EVENT_ANCHORS.get(ev.type, {}).get("plover")
    if not category:
        return None
    participants = [a for a in ev.arguments if a.role == "PARTICIPANT"]
    actors = [a for a in ev.arguments if a.role in ACTOR_ROLES] or participants[:1]
    rest = participants[1:] if not any(a.role in ACTOR_ROLES for a in ev.arguments) else participants
    recipients = [a for a in ev.arguments if a.role in RECIPIENT_ROLES and a not in actors] + rest
    places = [a for a in ev.arguments if a.role in ("PLACE", "DESTINATION")]
    return {
        "id": f"{doc.id}:{ev.id}", "doc_id": doc.id, "event_id": ev.id, "date": doc.date,
        "event": category, "mode": PLOVER_MODES.get(ev.type, ""), "enquete_type": ev.type,
        "actor": [_party(a) for a in actors], "recipient": [_party(a) for a in recipients],
        "location": [_party(a) for a in places], "realis": ev.realis, "polarity": ev.polarity,
        "trigger": {"start": ev.trigger.start, "end": ev.trigger.end, "text": ev.trigger.text},
        "sentence": _sentence(doc.text, ev.trigger.start, ev.trigger.end),
        "arguments": [{"role": a.role, **_party(a)} for a in ev.arguments],
        "publisher": doc.publisher, "url": doc.url, "license": doc.license,
    }


def write_plover(docs: Sequence[Document], corpus: Corpus, out: Path) -> list[Path]:
    written = []
    for split, members in _splits(docs):
        rows, unmapped = [], Counter[str]()
        for d in members:
            for ev in d.events:
                rec = plover_record(d, ev)
                if rec is None:
                    unmapped[ev.type] += 1
                else:
                    rows.append(rec)
        path = out / f"{split}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows),
                        encoding="utf-8")
        side = out / f"{split}.unmapped.json"
        side.write_text(json.dumps({"events_without_plover_anchor": dict(sorted(unmapped.items()))}, indent=2)
                        + "\n", encoding="utf-8")
        written += [path, side]
    return written


# ----------------------------------------------------------------------------------------------- spacy, brat

def write_spacy(docs: Sequence[Document], corpus: Corpus, out: Path) -> list[Path]:
    from bench.report.export_spacy import write_docbin

    return [write_docbin(members, out / f"{split}.spacy") for split, members in _splits(docs)]


def write_brat_dirs(docs: Sequence[Document], corpus: Corpus, out: Path) -> list[Path]:
    from bench.report.export_brat import write_brat
    from bench.report.viewer import LABEL_COLOURS

    return [p for split, members in _splits(docs) for p in write_brat(members, out / split, LABEL_COLOURS)]


FORMATS: dict[str, Callable[[Sequence[Document], Corpus, Path], list[Path]]] = {
    "conll": write_conll, "spacy": write_spacy, "brat": write_brat_dirs, "plover": write_plover,
}


def export(corpus_path: Path, fmt: str, out_dir: Path, split: str | None) -> list[Path]:
    """Export ``split`` (all documents when ``None``) of the corpus to ``fmt`` under ``out_dir``.

    Returns the written files. Unknown formats or splits raise :class:`InputError` naming the known
    ones; ``out_dir`` is replaced atomically (never a foreign non-empty folder).
    """
    if fmt not in FORMATS:
        close = difflib.get_close_matches(fmt, list(FORMATS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise InputError(f"unknown export format {fmt!r}{hint}; known formats: {', '.join(FORMATS)}")
    check_split(split)
    corpus = load_corpus(Path(corpus_path))
    docs = list(corpus.split(split))
    if not docs:
        raise InputError(f"{corpus.source}: no documents" + (f" in split {split!r}" if split else "") + " to export")
    return replace_output_dir(Path(out_dir), MARKER, lambda tmp: FORMATS[fmt](docs, corpus, tmp))
