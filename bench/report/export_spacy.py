"""spaCy ``DocBin`` (``.spacy``) export and import.

Owns the mapping between a :class:`~bench.types.Document` and a spaCy ``Doc``:

* tokens are the reference tokenizer's (:mod:`bench.common.tokens`), further split at any annotation
  boundary that falls inside a token, so every span is token-aligned and ``doc.text`` equals the
  article text exactly;
* ``doc.ents`` — entities (label; ``kb_id_`` = registry id; ``id_`` = entity id); all entities, in
  their original order, are also in ``doc.spans["entities"]`` (a span group may overlap, ``doc.ents``
  may not);
* ``doc.spans`` groups ``quote_content``, ``quote_direct``, ``quote_cue``, ``quote_source`` (label =
  source kind, ``kb_id_`` = speaker) and ``quote_addressee``, each span's ``id_`` naming its quote;
  ``event_trigger`` (label = event type) and ``event_argument`` (label = role, ``kb_id_`` = registry id),
  each span's ``id_`` naming its event;
* ``doc.user_data["enquete"]`` — a JSON string with the document id and metadata and, per quote and
  event in order, the attributes a span cannot carry (quote type, speaker, source kind; realis, polarity).

:func:`read_docbin` reverses it exactly (the round-trip test proves it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from bench.common.tokens import tokenize
from bench.errors import EnqueteError, InputError
from bench.types import Argument, Document, Entity, Event, Quote, Span

USER_KEY = "enquete"
QUOTE_GROUPS = {"content": "quote_content", "direct": "quote_direct", "cue": "quote_cue", "source": "quote_source",
                "addressee": "quote_addressee"}


def _vocab():  # type: ignore[no-untyped-def]
    import spacy

    return spacy.blank("en").vocab


def _all_spans(doc: Document) -> list[tuple[int, int]]:
    out = [(e.start, e.end) for e in doc.entities]
    for q in doc.quotes:
        out += [(s.start, s.end) for s in (*q.content, *q.direct, q.cue, q.source, q.addressee) if s is not None]
    for ev in doc.events:
        out.append((ev.trigger.start, ev.trigger.end))
        out += [(a.start, a.end) for a in ev.arguments]
    return out


def words_and_spaces(text: str, spans: Sequence[tuple[int, int]]) -> tuple[list[str], list[bool], list[int]]:
    """Words, trailing-space flags and word start offsets: reference tokens cut at every span boundary."""
    starts = {s for s, _ in spans}
    ends = {e for _, e in spans}
    cuts = {0, len(text), *starts, *ends}
    for s, e in tokenize(text):
        cuts.update((s, e))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    words: list[str] = []
    spaces: list[bool] = []
    offsets: list[int] = []
    for a, b in pairwise(points):
        piece = text[a:b]
        if (piece == " " and words and not spaces[-1] and not words[-1].isspace()
                and a not in starts and b not in ends):
            spaces[-1] = True
            continue
        words.append(piece)
        spaces.append(False)
        offsets.append(a)
    return words, spaces, offsets


def document_to_doc(d: Document, vocab: Any) -> Any:
    """One ``spacy.tokens.Doc`` carrying all of ``d``'s annotations."""
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    words, spaces, offsets = words_and_spaces(d.text, _all_spans(d))
    doc = Doc(vocab, words=words, spaces=spaces)
    if doc.text != d.text:
        raise EnqueteError(f"{d.id}: spaCy tokens do not reproduce the text; cannot export")
    tok_start = {o: i for i, o in enumerate(offsets)}
    tok_end = {o + len(w): i + 1 for i, (o, w) in enumerate(zip(offsets, words, strict=True))}

    def span(start: int, end: int, label: str, kb_id: str | None, span_id: str) -> Any:
        return SpacySpan(doc, tok_start[start], tok_end[end], label=label, kb_id=kb_id or "", span_id=span_id)

    ents = [span(e.start, e.end, e.label, e.entity, e.id) for e in d.entities]
    doc.spans["entities"] = ents
    flat, last = [], -1
    for s in sorted(ents, key=lambda s: (s.start, -s.end)):
        if s.start >= last:
            flat.append(s)
            last = s.end
    doc.ents = flat
    groups: dict[str, list[Any]] = {g: [] for g in (*QUOTE_GROUPS.values(), "event_trigger", "event_argument")}
    quotes, events = [], []
    for i, q in enumerate(d.quotes):
        key = _key(q.id, "quote", i)
        quotes.append({"key": key, "id": q.id, "type": q.type, "speaker": q.speaker, "source_kind": q.source_kind})
        for s in q.content:
            groups["quote_content"].append(span(s.start, s.end, q.type, None, key))
        for s in q.direct:
            groups["quote_direct"].append(span(s.start, s.end, q.type, None, key))
        if q.cue is not None:
            groups["quote_cue"].append(span(q.cue.start, q.cue.end, "CUE", None, key))
        if q.source is not None:
            groups["quote_source"].append(span(q.source.start, q.source.end, q.source_kind, q.speaker, key))
        if q.addressee is not None:
            groups["quote_addressee"].append(span(q.addressee.start, q.addressee.end, "ADDRESSEE", None, key))
    for i, ev in enumerate(d.events):
        key = _key(ev.id, "event", i)
        events.append({"key": key, "id": ev.id, "realis": ev.realis, "polarity": ev.polarity})
        groups["event_trigger"].append(span(ev.trigger.start, ev.trigger.end, ev.type, None, key))
        for a in ev.arguments:
            groups["event_argument"].append(span(a.start, a.end, a.role, a.entity, key))
    for name, spans in groups.items():
        doc.spans[name] = spans
    meta = {k: getattr(d, k) for k in ("title", "date", "publisher", "url", "license", "genre", "story", "split",
                                       "review")}
    doc.user_data[USER_KEY] = json.dumps({"id": d.id, "metadata": meta, "meta": dict(d.meta), "quotes": quotes,
                                          "events": events}, ensure_ascii=False, sort_keys=True)
    return doc


def _key(item_id: str, kind: str, index: int) -> str:
    return f"{kind}#{index}:{item_id}"


def doc_to_document(doc: Any) -> Document:
    """The :class:`Document` stored in a ``Doc`` written by :func:`document_to_doc`."""
    raw = doc.user_data.get(USER_KEY)
    if not isinstance(raw, str):
        raise InputError("a spaCy Doc without Enquête data (user_data['enquete']); was it written by "
                         "`enquete export --format spacy`?")
    data = json.loads(raw)
    text = doc.text

    def sp(s: Any) -> Span:
        return Span(s.start_char, s.end_char, text[s.start_char:s.end_char])

    def by_key(group: str) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for s in doc.spans.get(group, []):
            out.setdefault(s.id_, []).append(s)
        return out

    ent_spans = list(doc.spans["entities"]) if "entities" in doc.spans else list(doc.ents)
    entities = tuple(Entity(s.id_, s.start_char, s.end_char, s.text, s.label_, s.kb_id_ or None) for s in ent_spans)
    parts = {p: by_key(g) for p, g in QUOTE_GROUPS.items()}
    quotes = []
    for q in data["quotes"]:
        got = {p: [sp(s) for s in parts[p].get(q["key"], [])] for p in QUOTE_GROUPS}
        quotes.append(Quote(q["id"], q["type"], got["cue"][0] if got["cue"] else None,
                            got["source"][0] if got["source"] else None, q["speaker"], q["source_kind"],
                            tuple(got["content"]), tuple(got["direct"]),
                            got["addressee"][0] if got["addressee"] else None))
    triggers, arguments = by_key("event_trigger"), by_key("event_argument")
    events = []
    for e in data["events"]:
        t = triggers[e["key"]][0]
        args = tuple(Argument(a.label_, a.start_char, a.end_char, a.text, a.kb_id_ or None)
                     for a in arguments.get(e["key"], []))
        events.append(Event(e["id"], t.label_, sp(t), e["realis"], e["polarity"], args))
    return Document(data["id"], text, **data["metadata"], entities=entities, quotes=tuple(quotes),
                    events=tuple(events), meta=tuple(sorted(data["meta"].items())))


def write_docbin(docs: Sequence[Document], path: Path) -> Path:
    """All ``docs`` in one ``.spacy`` file (user data stored)."""
    from spacy.tokens import DocBin

    vocab = _vocab()
    db = DocBin(store_user_data=True)
    for d in docs:
        db.add(document_to_doc(d, vocab))
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return path


def read_docbin(path: Path) -> list[Document]:
    """Documents back from a ``.spacy`` file written by :func:`write_docbin`."""
    from spacy.tokens import DocBin

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    db = DocBin(store_user_data=True).from_disk(path)
    return [doc_to_document(doc) for doc in db.get_docs(_vocab())]
