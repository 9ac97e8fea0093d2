"""brat standoff (``.txt`` + ``.ann``) export and import, loadable by brat and INCEpTION.

Owns the mapping between a :class:`~bench.types.Document` and brat lines:

* ``T`` — entities (type = OntoNotes label); quote parts: the first content span is the quote's anchor
  (type ``Quote``), further content spans ``QuoteContent``, verbatim segments ``QuoteDirect``, and
  ``QuoteCue``, ``QuoteSource``, ``QuoteAddressee``; event triggers (type = event type); event arguments
  reuse the entity ``T`` with the same span and registry id, else get an ``Argument`` ``T``;
* ``R`` — ``HasContent``/``HasDirect``/``HasCue``/``HasSource``/``HasAddressee`` from the quote anchor
  to its parts;
* ``E`` — events ``TYPE:T<trigger> ROLE:T<arg> ROLE2:T<arg> ...`` (brat numbers repeated roles);
* ``A`` — ``QuoteType`` and ``SourceKind`` on the quote anchor, ``Realis`` and ``Polarity`` on events;
* ``#`` — ``AnnotatorNotes`` carrying what brat has no field for, as JSON: the Enquête item id and
  the registry id (``{"entity": "antony-blinken", "id": "T1"}``; for quotes the speaker).

Offsets are the same end-exclusive character offsets as everywhere (brat uses Python ``str`` indices
too). A span containing a line break or tab is written as discontinuous fragments split there
(``start end;start end``), because a ``.ann`` line cannot contain one; the importer takes the first
fragment's start and the last fragment's end, which restores the span exactly (separate content spans
are separate ``T`` lines, never fragments). INCEpTION counts UTF-16 units: a text with characters
outside the Basic Multilingual Plane (emoji) would shift its offsets there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.annotation import inventory as inv
from bench.errors import EnqueteError, InputError
from bench.types import Argument, Document, Entity, Event, Quote, Span

QUOTE_PARTS = ("content", "direct", "cue", "source", "addressee")
PART_TYPE = {"content": "QuoteContent", "direct": "QuoteDirect", "cue": "QuoteCue", "source": "QuoteSource",
             "addressee": "QuoteAddressee"}
PART_REL = {"content": "HasContent", "direct": "HasDirect", "cue": "HasCue", "source": "HasSource",
            "addressee": "HasAddressee"}
_BREAK = re.compile(r"[\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` split at line breaks and tabs (brat ``.ann`` lines cannot contain them)."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _BREAK.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


class _Writer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lines: list[str] = []
        self.n = {"T": 0, "E": 0, "R": 0, "A": 0, "#": 0}

    def next_id(self, kind: str) -> str:
        self.n[kind] += 1
        return f"{kind}{self.n[kind]}"

    def tb(self, kind: str, start: int, end: int, what: str) -> str:
        frags = fragments(self.doc.text, start, end)
        if not frags:
            raise EnqueteError(f"{self.doc.id}: {what} [{start}, {end}) covers only line breaks or tabs; "
                               "brat cannot represent it")
        tid = self.next_id("T")
        offs = ";".join(f"{s} {e}" for s, e in frags)
        shown = " ".join(self.doc.text[s:e] for s, e in frags)
        self.lines.append(f"{tid}\t{kind} {offs}\t{shown}")
        return tid

    def note(self, target: str, data: dict[str, str | None]) -> None:
        kept = {k: v for k, v in data.items() if v}
        if kept:
            self.lines.append(f"{self.next_id('#')}\tAnnotatorNotes {target}\t"
                              + json.dumps(kept, ensure_ascii=False, sort_keys=True))

    def attr(self, name: str, target: str, value: str) -> None:
        self.lines.append(f"{self.next_id('A')}\t{name} {target} {value}")

    def rel(self, name: str, arg1: str, arg2: str) -> None:
        self.lines.append(f"{self.next_id('R')}\t{name} Arg1:{arg1} Arg2:{arg2}")


def document_to_ann(doc: Document) -> str:
    """The ``.ann`` text of one document (its ``.txt`` is ``doc.text`` byte for byte)."""
    w = _Writer(doc)
    ent_tid: dict[tuple[int, int, str | None], str] = {}
    for e in doc.entities:
        tid = w.tb(e.label, e.start, e.end, f"entity {e.id}")
        ent_tid.setdefault((e.start, e.end, e.entity), tid)
        w.note(tid, {"id": e.id, "entity": e.entity})
    for q in doc.quotes:
        if not q.content:
            raise EnqueteError(f"{doc.id}: quote {q.id} has no content span; brat needs one as the quote's anchor")
        anchor = w.tb("Quote", q.content[0].start, q.content[0].end, f"quote {q.id} content")
        w.note(anchor, {"id": q.id, "speaker": q.speaker})
        w.attr("QuoteType", anchor, q.type)
        w.attr("SourceKind", anchor, q.source_kind)
        for part in QUOTE_PARTS:
            value = getattr(q, part)
            spans = list(value) if isinstance(value, tuple) else ([value] if value is not None else [])
            if part == "content":
                spans = spans[1:]
            for s in spans:
                w.rel(PART_REL[part], anchor, w.tb(PART_TYPE[part], s.start, s.end, f"quote {q.id} {part}"))
    for ev in doc.events:
        trig = w.tb(ev.type, ev.trigger.start, ev.trigger.end, f"event {ev.id} trigger")
        seen: dict[str, int] = {}
        args = []
        for a in ev.arguments:
            tid = ent_tid.get((a.start, a.end, a.entity))
            if tid is None:
                tid = w.tb("Argument", a.start, a.end, f"event {ev.id} argument")
                w.note(tid, {"entity": a.entity})
            seen[a.role] = seen.get(a.role, 0) + 1
            args.append(f"{a.role}{seen[a.role] if seen[a.role] > 1 else ''}:{tid}")
        eid = w.next_id("E")
        w.lines.append(f"{eid}\t{ev.type}:{trig}" + "".join(f" {x}" for x in args))
        w.attr("Realis", eid, ev.realis)
        w.attr("Polarity", eid, ev.polarity)
        w.note(eid, {"id": ev.id})
    return "".join(line + "\n" for line in w.lines)


@dataclass(frozen=True, slots=True)
class _TextBound:
    kind: str
    start: int
    end: int


def _parse(ann: str, where: str) -> tuple[dict[str, _TextBound], list[tuple[str, str]], dict[str, list[str]]]:
    """Text-bound annotations by id, other lines ``(id, body)`` in order, notes by target id."""
    tbs: dict[str, _TextBound] = {}
    other: list[tuple[str, str]] = []
    notes: dict[str, list[str]] = {}
    for lineno, line in enumerate(ann.split("\n"), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        ident = parts[0]
        if len(parts) < 2:
            raise InputError(f"{where}:{lineno}: not a brat annotation line: {line!r:.60}")
        if ident.startswith("T"):
            kind, _, offs = parts[1].partition(" ")
            try:
                frags = [tuple(int(x) for x in f.split()) for f in offs.split(";")]
                start, end = frags[0][0], frags[-1][1]
            except (ValueError, IndexError):
                raise InputError(f"{where}:{lineno}: bad offsets {offs!r:.40}") from None
            tbs[ident] = _TextBound(kind, start, end)
        elif ident.startswith("#"):
            target = parts[1].split()[-1]
            notes.setdefault(target, []).append(parts[2] if len(parts) > 2 else "")
        else:
            other.append((ident, parts[1]))
    return tbs, other, notes


def _note(notes: dict[str, list[str]], target: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for n in notes.get(target, []):
        try:
            data = json.loads(n)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            out.update({str(k): str(v) for k, v in data.items() if v})
    return out


def ann_to_layers(text: str, ann: str, where: str = "ann") -> tuple[tuple[Entity, ...], tuple[Quote, ...],
                                                                    tuple[Event, ...]]:
    """Entities, quotes and events read back from a ``.ann`` written by :func:`document_to_ann`."""
    tbs, other, notes = _parse(ann, where)

    def span(tid: str) -> Span:
        if tid not in tbs:
            raise InputError(f"{where}: reference to unknown annotation {tid}")
        t = tbs[tid]
        return Span(t.start, t.end, text[t.start:t.end])

    attrs: dict[tuple[str, str], str] = {}
    rels: dict[str, list[tuple[str, str]]] = {}
    events: list[tuple[str, str]] = []
    for ident, body in other:
        if ident.startswith("A"):
            name, target, *value = body.split()
            attrs[(target, name)] = value[0] if value else "true"
        elif ident.startswith("R"):
            name, a1, a2 = body.split()
            rels.setdefault(a1.split(":", 1)[1], []).append((name, a2.split(":", 1)[1]))
        elif ident.startswith("E"):
            events.append((ident, body))
    entities = []
    for tid, t in tbs.items():
        if t.kind in inv.ENTITY_LABELS:
            n = _note(notes, tid)
            entities.append(Entity(n.get("id", ""), t.start, t.end, text[t.start:t.end], t.kind, n.get("entity")))
    quotes = []
    for tid, t in tbs.items():
        if t.kind != "Quote":
            continue
        n = _note(notes, tid)
        parts: dict[str, list[Span]] = {p: [] for p in QUOTE_PARTS}
        parts["content"].append(span(tid))
        for name, target in rels.get(tid, []):
            part = next((p for p, r in PART_REL.items() if r == name), None)
            if part is not None:
                parts[part].append(span(target))
        quotes.append(Quote(
            id=n.get("id", ""), type=attrs.get((tid, "QuoteType"), "INDIRECT"),
            cue=parts["cue"][0] if parts["cue"] else None, source=parts["source"][0] if parts["source"] else None,
            speaker=n.get("speaker"), source_kind=attrs.get((tid, "SourceKind"), "OTHER"),
            content=tuple(parts["content"]), direct=tuple(parts["direct"]),
            addressee=parts["addressee"][0] if parts["addressee"] else None))
    out_events = []
    for eid, body in events:
        head, *arg_items = body.split()
        etype, trig = head.split(":", 1)
        args = []
        for item in arg_items:
            role, tid = item.split(":", 1)
            s = span(tid)
            args.append(Argument(role.rstrip("0123456789"), s.start, s.end, s.text,
                                 _note(notes, tid).get("entity")))
        out_events.append(Event(_note(notes, eid).get("id", ""), etype, span(trig),
                                attrs.get((eid, "Realis"), "ACTUAL"), attrs.get((eid, "Polarity"), "POSITIVE"),
                                tuple(args)))
    return tuple(entities), tuple(quotes), tuple(out_events)


def unused_annotations(ann: str, where: str = "ann") -> list[str]:
    """Lines of a ``.ann`` that :func:`ann_to_layers` does not turn into anything (a reviewer's addition
    brat allows but Enquête has no place for), one description each, so an importer can report them."""
    tbs, other, _notes = _parse(ann, where)
    used: set[str] = {tid for tid, t in tbs.items() if t.kind in inv.ENTITY_LABELS or t.kind == "Quote"}
    out: list[str] = []
    known_rel = set(PART_REL.values())
    for ident, body in other:
        fields = body.split()
        if ident.startswith("R") and len(fields) == 3 and fields[0] in known_rel:
            anchor, part = (f.split(":", 1)[-1] for f in fields[1:])
            if tbs.get(anchor, _TextBound("", 0, 0)).kind == "Quote":
                used.add(part)
                continue
            out.append(f"{ident} {fields[0]} does not start at a Quote")
        elif ident.startswith("E") and fields:
            used.update(f.split(":", 1)[-1] for f in fields)
        elif ident.startswith("A") and len(fields) >= 2 and fields[0] in ("QuoteType", "SourceKind", "Realis",
                                                                          "Polarity"):
            continue
        else:
            out.append(f"{ident} {body}")
    out += [f"{tid} {t.kind} [{t.start}, {t.end}) is not an entity, quote part, trigger or argument"
            for tid, t in tbs.items() if tid not in used]
    return out


def read_brat(txt_path: Path, ann_path: Path | None = None) -> Document:
    """A document (id from the file name, text and the three layers) from a ``.txt``/``.ann`` pair."""
    txt_path = Path(txt_path)
    ann_path = Path(ann_path) if ann_path else txt_path.with_suffix(".ann")
    with txt_path.open(encoding="utf-8", newline="") as fh:
        text = fh.read()
    with ann_path.open(encoding="utf-8", newline="") as fh:
        ann = fh.read()
    entities, quotes, events = ann_to_layers(text, ann, str(ann_path))
    return Document(txt_path.stem, text, entities=entities, quotes=quotes, events=events)


def annotation_conf() -> str:
    """brat's ``annotation.conf`` declaring every type, relation, event and attribute used."""
    ents = [*inv.ENTITY_LABELS, "Quote", *PART_TYPE.values(), "Argument"]
    rels = [f"{PART_REL[p]}\tArg1:Quote, Arg2:{PART_TYPE[p]}" for p in QUOTE_PARTS]
    rels.append("<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OL-TYPE>:<ANY>")
    events = [f"{t}\t" + ", ".join(f"{r}*:<ENTITY>" for r in sorted(inv.EVENT_ROLES[t])) for t in inv.EVENT_TYPES]
    attrs = [f"QuoteType\tArg:Quote, Value:{'|'.join(inv.QUOTE_TYPES)}",
             f"SourceKind\tArg:Quote, Value:{'|'.join(inv.SOURCE_KINDS)}",
             f"Realis\tArg:<EVENT>, Value:{'|'.join(inv.REALIS)}",
             f"Polarity\tArg:<EVENT>, Value:{'|'.join(inv.POLARITY)}"]
    sections = [("entities", ents), ("relations", rels), ("events", events), ("attributes", attrs)]
    return "\n".join(f"[{name}]\n" + "\n".join(lines) + "\n" for name, lines in sections)


def visual_conf(colours: dict[str, str]) -> str:
    """brat's ``visual.conf``: displaCy colours for entity labels."""
    drawing = [f"{label}\tbgColor:{colour}" for label, colour in colours.items()]
    drawing += ["Quote\tbgColor:#fff1a8", "QuoteContent\tbgColor:#fff1a8", "QuoteDirect\tbgColor:#fff8d0",
                "QuoteCue\tbgColor:#ffd8a8", "QuoteSource\tbgColor:#ffffff", "QuoteAddressee\tbgColor:#ffffff",
                "Argument\tbgColor:#eeeeee"]
    drawing += [f"{t}\tbgColor:#ddf4ff" for t in inv.EVENT_TYPES]
    return "[labels]\n\n[drawing]\n" + "\n".join(drawing) + "\n"


def write_brat(docs: Sequence[Document], folder: Path, colours: dict[str, str]) -> list[Path]:
    """``<id>.txt`` and ``<id>.ann`` per document plus the two brat configuration files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, body in (("annotation.conf", annotation_conf()), ("visual.conf", visual_conf(colours))):
        (folder / name).write_text(body, encoding="utf-8")
        written.append(folder / name)
    for d in docs:
        if "/" in d.id or "\\" in d.id or d.id.startswith("."):
            raise EnqueteError(f"document id {d.id!r} cannot be used as a brat file name")
        for suffix, body in ((".txt", d.text), (".ann", document_to_ann(d))):
            path = folder / f"{d.id}{suffix}"
            with path.open("w", encoding="utf-8", newline="") as fh:
                fh.write(body)
            written.append(path)
    return written
