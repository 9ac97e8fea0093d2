"""Core data types of schema v1 and their one JSON (de)serialisation.

Every type is a frozen, slotted dataclass, so annotations are hashable and scoring can be set
arithmetic. Offsets are Python ``str`` indices into the document text, ``start`` inclusive and
``end`` exclusive, everywhere.

>>> s = Span(0, 5, "Paris")
>>> span_from_dict(span_to_dict(s)) == s
True
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bench.errors import SchemaError

LAYERS: tuple[str, ...] = ("entities", "quotes", "events")


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A contiguous character span ``text[start:end]`` together with the text it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity mention: an OntoNotes label and, for names, a registry id in ``entity``."""

    id: str
    start: int
    end: int
    text: str
    label: str
    entity: str | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass(frozen=True, slots=True)
class Quote:
    """An attribution relation: who (source/speaker) said what (content) through which cue."""

    id: str
    type: str
    cue: Span | None
    source: Span | None
    speaker: str | None
    source_kind: str
    content: tuple[Span, ...]
    direct: tuple[Span, ...] = ()
    addressee: Span | None = None


@dataclass(frozen=True, slots=True)
class Argument:
    """An event argument: its role, minimal noun-phrase span and optional registry id."""

    role: str
    start: int
    end: int
    text: str
    entity: str | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass(frozen=True, slots=True)
class Event:
    """An event mention anchored on a trigger span."""

    id: str
    type: str
    trigger: Span
    realis: str = "ACTUAL"
    polarity: str = "POSITIVE"
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """One real-world entity named somewhere in the corpus."""

    id: str
    name: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Prediction:
    """What an extractor (or an annotator) says about one document.

    A layer that is ``None`` was not provided (and is not scored); an empty tuple means
    "provided, and found nothing".
    """

    id: str
    entities: tuple[Entity, ...] | None = None
    quotes: tuple[Quote, ...] | None = None
    events: tuple[Event, ...] | None = None

    def layer(self, name: str) -> tuple[Any, ...] | None:
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class Document:
    """A corpus document: metadata, verbatim text and the three gold layers.

    ``review`` says whether a person has checked the annotation: ``none`` (absent in the YAML) or
    ``human`` (set by ``enquete review import``).
    """

    id: str
    text: str
    title: str = ""
    date: str = ""
    publisher: str = ""
    url: str = ""
    license: str = ""
    genre: str = ""
    story: str = ""
    split: str = ""
    review: str = "none"
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    meta: tuple[tuple[str, str], ...] = field(default=())

    def as_prediction(self) -> Prediction:
        """The document's gold layers in prediction form (gold scored against itself gives 1.0)."""
        return Prediction(self.id, self.entities, self.quotes, self.events)

    @property
    def metadata(self) -> dict[str, str]:
        """What an extractor may see besides id and text (never gold)."""
        base = {
            "title": self.title, "date": self.date, "publisher": self.publisher,
            "genre": self.genre, "url": self.url,
        }
        base.update(dict(self.meta))
        return base


def iter_spans(p: Prediction) -> Iterator[tuple[str, Span]]:
    """Every span of every provided layer, with a label naming where it sits (for error messages)."""
    for e in p.entities or ():
        yield f"entity {e.id or '?'}", e.span
    for q in p.quotes or ():
        for key in ("cue", "source", "addressee"):
            s = getattr(q, key)
            if s is not None:
                yield f"quote {q.id or '?'} {key}", s
        for i, s in enumerate(q.content):
            yield f"quote {q.id or '?'} content[{i}]", s
        for i, s in enumerate(q.direct):
            yield f"quote {q.id or '?'} direct[{i}]", s
    for ev in p.events or ():
        yield f"event {ev.id or '?'} trigger", ev.trigger
        for a in ev.arguments:
            yield f"event {ev.id or '?'} argument {a.role}", a.span


# --------------------------------------------------------------------------------------------
# JSON (de)serialisation — the one place that knows the field names on disk.
# --------------------------------------------------------------------------------------------

def span_to_dict(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def _req(d: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in d:
        raise SchemaError(f"{where}: missing field '{key}'")
    value = d[key]
    if kind is int and isinstance(value, bool):
        raise SchemaError(f"{where}: field '{key}' must be an integer, got {value!r}")
    if not isinstance(value, kind):
        name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise SchemaError(f"{where}: field '{key}' must be {name}, got {type(value).__name__} {value!r:.40}")
    return value


def _opt_str(d: dict[str, Any], key: str, where: str) -> str | None:
    value = d.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise SchemaError(f"{where}: field '{key}' must be a string or null, got {value!r:.40}")
    return value


def _str(d: dict[str, Any], key: str, default: str, where: str) -> str:
    """An optional string field: absent, null or "" gives ``default``; a list or object is an error.

    Other scalars are kept as their string (YAML reads ``YES`` as ``True``), so a value check against
    the inventory still names the bad value instead of silently using the default.
    """
    value = d.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, (list, dict)):
        raise SchemaError(f"{where}: field '{key}' must be a string, got {type(value).__name__} {value!r:.40}")
    return str(value)


def _offsets(d: dict[str, Any], where: str) -> tuple[int, int, str]:
    if not isinstance(d, dict):
        raise SchemaError(f"{where}: a span must be an object with start, end, text; got {d!r:.60}")
    start = _req(d, "start", int, where)
    end = _req(d, "end", int, where)
    text = d.get("text")
    if text is None:
        text = ""
    elif not isinstance(text, str):
        raise SchemaError(f"{where}: field 'text' must be a string, got {text!r:.40}")
    return start, end, text


def span_from_dict(d: Any, where: str = "span") -> Span:
    start, end, text = _offsets(d, where)
    return Span(start, end, text)


def _opt_span(d: dict[str, Any], key: str, where: str) -> Span | None:
    value = d.get(key)
    return None if value is None else span_from_dict(value, f"{where}.{key}")


def _list(d: dict[str, Any], key: str, where: str) -> list[Any]:
    value = d.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise SchemaError(f"{where}: field '{key}' must be a list, got {type(value).__name__}")
    return value


def entity_to_dict(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "start": e.start, "end": e.end, "text": e.text, "label": e.label,
            "entity": e.entity}


def entity_from_dict(d: Any, where: str = "entity") -> Entity:
    if not isinstance(d, dict):
        raise SchemaError(f"{where}: an entity must be an object, got {d!r:.60}")
    start, end, text = _offsets(d, where)
    return Entity(_str(d, "id", "", where), start, end, text, _req(d, "label", str, where),
                  _opt_str(d, "entity", where))


def quote_to_dict(q: Quote) -> dict[str, Any]:
    return {
        "id": q.id, "type": q.type, "cue": span_to_dict(q.cue), "source": span_to_dict(q.source),
        "speaker": q.speaker, "source_kind": q.source_kind,
        "content": [span_to_dict(s) for s in q.content],
        "direct": [span_to_dict(s) for s in q.direct],
        "addressee": span_to_dict(q.addressee),
    }


def quote_from_dict(d: Any, where: str = "quote") -> Quote:
    if not isinstance(d, dict):
        raise SchemaError(f"{where}: a quote must be an object, got {d!r:.60}")
    content = tuple(span_from_dict(s, f"{where}.content[{i}]")
                    for i, s in enumerate(_list(d, "content", where)))
    direct = tuple(span_from_dict(s, f"{where}.direct[{i}]")
                   for i, s in enumerate(_list(d, "direct", where)))
    return Quote(
        id=_str(d, "id", "", where), type=_str(d, "type", "INDIRECT", where),
        cue=_opt_span(d, "cue", where), source=_opt_span(d, "source", where),
        speaker=_opt_str(d, "speaker", where), source_kind=_str(d, "source_kind", "OTHER", where),
        content=content, direct=direct, addressee=_opt_span(d, "addressee", where),
    )


def argument_to_dict(a: Argument) -> dict[str, Any]:
    return {"role": a.role, "start": a.start, "end": a.end, "text": a.text, "entity": a.entity}


def argument_from_dict(d: Any, where: str = "argument") -> Argument:
    if not isinstance(d, dict):
        raise SchemaError(f"{where}: an argument must be an object, got {d!r:.60}")
    start, end, text = _offsets(d, where)
    return Argument(_req(d, "role", str, where), start, end, text, _opt_str(d, "entity", where))


def event_to_dict(e: Event) -> dict[str, Any]:
    return {
        "id": e.id, "type": e.type, "trigger": span_to_dict(e.trigger), "realis": e.realis,
        "polarity": e.polarity, "arguments": [argument_to_dict(a) for a in e.arguments],
    }


def event_from_dict(d: Any, where: str = "event") -> Event:
    if not isinstance(d, dict):
        raise SchemaError(f"{where}: an event must be an object, got {d!r:.60}")
    trigger = d.get("trigger")
    if trigger is None:
        raise SchemaError(f"{where}: missing field 'trigger'")
    return Event(
        id=_str(d, "id", "", where), type=_req(d, "type", str, where),
        trigger=span_from_dict(trigger, f"{where}.trigger"),
        realis=_str(d, "realis", "ACTUAL", where), polarity=_str(d, "polarity", "POSITIVE", where),
        arguments=tuple(argument_from_dict(a, f"{where}.arguments[{i}]")
                        for i, a in enumerate(_list(d, "arguments", where))),
    )


def registry_to_dict(r: RegistryEntry) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "label": r.label, "aliases": list(r.aliases)}


def registry_from_dict(d: Any, where: str = "registry") -> RegistryEntry:
    if not isinstance(d, dict):
        raise SchemaError(f"{where}: a registry row must be an object, got {d!r:.60}")
    aliases = d.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise SchemaError(f"{where}: 'aliases' must be a list of strings")
    return RegistryEntry(_req(d, "id", str, where), _req(d, "name", str, where),
                         _req(d, "label", str, where), tuple(aliases))


_META_FIELDS = ("title", "date", "publisher", "url", "license", "genre", "story", "split")


def document_to_dict(doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {"id": doc.id}
    for key in _META_FIELDS:
        out[key] = getattr(doc, key)
    out["review"] = doc.review
    out["text"] = doc.text
    out["entities"] = [entity_to_dict(e) for e in doc.entities]
    out["quotes"] = [quote_to_dict(q) for q in doc.quotes]
    out["events"] = [event_to_dict(e) for e in doc.events]
    out["meta"] = dict(doc.meta)
    return out


def _layers(d: dict[str, Any], where: str) -> dict[str, tuple[Any, ...] | None]:
    parsers = {"entities": entity_from_dict, "quotes": quote_from_dict, "events": event_from_dict}
    out: dict[str, tuple[Any, ...] | None] = {}
    for layer, parse in parsers.items():
        if layer not in d or d[layer] is None:
            out[layer] = None
            continue
        items = d[layer]
        if not isinstance(items, list):
            raise SchemaError(f"{where}: field '{layer}' must be a list, got {type(items).__name__}")
        out[layer] = tuple(parse(x, f"{where}.{layer}[{i}]") for i, x in enumerate(items))
    return out


def document_from_dict(d: Any, where: str = "document") -> Document:
    if not isinstance(d, dict):
        raise SchemaError(f"{where}: a document must be a JSON object, got {type(d).__name__}")
    doc_id = _req(d, "id", str, where)
    text = _req(d, "text", str, where)
    layers = _layers(d, f"{where} {doc_id}")
    meta = d.get("meta") or {}
    if not isinstance(meta, dict):
        raise SchemaError(f"{where}: 'meta' must be an object")
    return Document(
        id=doc_id, text=text,
        **{k: str(d.get(k) or "") for k in _META_FIELDS},
        review=_str(d, "review", "none", where),
        entities=layers["entities"] or (), quotes=layers["quotes"] or (), events=layers["events"] or (),
        meta=tuple(sorted((str(k), str(v)) for k, v in meta.items())),
    )


def prediction_to_dict(p: Prediction) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id}
    if p.entities is not None:
        out["entities"] = [entity_to_dict(e) for e in p.entities]
    if p.quotes is not None:
        out["quotes"] = [quote_to_dict(q) for q in p.quotes]
    if p.events is not None:
        out["events"] = [event_to_dict(e) for e in p.events]
    return out


def prediction_from_dict(d: Any, where: str = "prediction") -> Prediction:
    if not isinstance(d, dict):
        raise SchemaError(f"{where}: a prediction must be a JSON object, got {type(d).__name__}")
    doc_id = _req(d, "id", str, where)
    layers = _layers(d, where)
    return Prediction(doc_id, layers["entities"], layers["quotes"], layers["events"])
