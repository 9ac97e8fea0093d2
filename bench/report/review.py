"""Review by a person: one gold document out to brat standoff and back (``enquete review export/import``).

Export writes ``<id>.txt``, ``<id>.ann``, ``annotation.conf`` and ``visual.conf`` (the brat writer of
:mod:`bench.report.export_brat`), which brat and INCEpTION open. Import reads the corrected ``.ann`` back,
refuses when the text changed, shows a readable diff against the current YAML, and writes the YAML
canonically and atomically with ``review: human``.

What brat cannot hold is never dropped silently:

* item ``note:`` fields and any other field brat has no place for are carried over from the current
  YAML to the item with the same id (entity/quote/event id, stored in the ``.ann`` as AnnotatorNotes);
  argument fields by event id, role and span; every carried field is listed;
* document metadata (title, story, annotators, guidelines, status, …) comes from the current YAML;
* lines of the ``.ann`` the importer cannot use (a relation or attribute Enquête has no field for, an
  unlinked quote part, an unknown type) are listed, and removed items are listed in the diff.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.annotation.diagnostics import Issue
from bench.annotation.store import (
    AnnotationStore,
    SourceDocument,
    dump_document,
    fill_ids,
    load_document,
    load_registry,
    load_stories,
    strip_lines,
)
from bench.errors import EnqueteError, InputError
from bench.io import atomic_write_text
from bench.report.diff import align_entities, align_events, align_quotes, argument_diff
from bench.report.export_brat import read_brat, unused_annotations, write_brat
from bench.types import (
    Argument,
    Document,
    Entity,
    Event,
    Quote,
    Span,
    argument_to_dict,
    document_from_dict,
    entity_to_dict,
    event_to_dict,
    quote_to_dict,
)

LAYERS = ("entities", "quotes", "events")


@dataclass(frozen=True, slots=True)
class ReviewImport:
    """What ``enquete review import`` did (or would do, with ``write=False``)."""

    path: Path
    changes: tuple[str, ...]
    kept: tuple[str, ...]
    ignored: tuple[str, ...]
    written: bool


def _source(root: Path, doc_id: str) -> tuple[AnnotationStore, SourceDocument]:
    store = AnnotationStore(Path(root))
    path = store.documents_dir / f"{doc_id}.yaml"
    if not path.is_file():
        raise EnqueteError(f"{path} does not exist")
    stories, _ = load_stories(store)
    src, issues = load_document(store, path, stories)
    bad = [i for i in issues if i.severity == "error"]
    if src is None or bad:
        first = bad[0].format() if bad else "cannot be read"
        raise EnqueteError(f"{path} does not validate ({first}); fix it before a review round trip")
    return store, src


def export_review(root: Path, doc_id: str, out: Path) -> list[Path]:
    """Write one gold document as brat standoff (+ ``annotation.conf``) into ``out``."""
    from bench.report.viewer import LABEL_COLOURS

    _, src = _source(root, doc_id)
    return write_brat([src.document], Path(out), LABEL_COLOURS)


# ------------------------------------------------------------------ building the new YAML dict


def _extras(old: dict[str, Any] | None, known: Sequence[str]) -> dict[str, Any]:
    return {k: v for k, v in (old or {}).items() if k not in known}


def _entity_row(e: Entity) -> dict[str, Any]:
    row = entity_to_dict(e)
    if row["entity"] is None:
        del row["entity"]
    return row


def _quote_row(q: Quote) -> dict[str, Any]:
    row = quote_to_dict(q)
    if row["speaker"] is None:
        del row["speaker"]
    return row


def _argument_row(a: Argument) -> dict[str, Any]:
    row = argument_to_dict(a)
    if row["entity"] is None:
        del row["entity"]
    return row


_ENTITY_FIELDS = ("id", "label", "start", "end", "text", "entity")
_QUOTE_FIELDS = ("id", "type", "source_kind", "speaker", "cue", "source", "addressee", "content", "direct")
_EVENT_FIELDS = ("id", "type", "realis", "polarity", "trigger", "arguments")
_ARG_FIELDS = ("role", "start", "end", "text", "entity")


def _merge_layers(brat: Document, old_raw: dict[str, Any]) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """The three layers from brat, with the fields brat has no place for carried over from the old YAML."""
    kept: list[str] = []
    old = {layer: {str(x.get("id")): x for x in old_raw.get(layer) or [] if x.get("id")} for layer in LAYERS}

    def carry(row: dict[str, Any], prior: dict[str, Any] | None, known: Sequence[str], what: str) -> dict[str, Any]:
        extra = _extras(prior, known)
        kept.extend(f"{what}: {k}" for k in extra)
        # an empty optional field keeps the way the YAML wrote it (``speaker: ""`` stays, not dropped)
        empty = {k: v for k, v in (prior or {}).items() if k in known and k not in row and v in (None, "")}
        return {**row, **empty, **extra}

    entities = [carry(_entity_row(e), old["entities"].get(e.id), _ENTITY_FIELDS, f"entity {e.id}")
                for e in brat.entities]
    quotes = [carry(_quote_row(q), old["quotes"].get(q.id), _QUOTE_FIELDS, f"quote {q.id}") for q in brat.quotes]
    events = []
    for ev in brat.events:
        prior = old["events"].get(ev.id)
        old_args = {(a.get("role"), a.get("start"), a.get("end")): a for a in (prior or {}).get("arguments") or []}
        row = carry(event_to_dict(ev), prior, _EVENT_FIELDS, f"event {ev.id}")
        row["arguments"] = [carry(_argument_row(a), old_args.get((a.role, a.start, a.end)), _ARG_FIELDS,
                                  f"event {ev.id} argument {a.role} {a.text!r}") for a in ev.arguments]
        events.append(row)
    return {"entities": entities, "quotes": quotes, "events": events}, kept


# ------------------------------------------------------------------ the readable diff


def _span(s: Span | None) -> str:
    return "none" if s is None else f"{s.text!r} [{s.start}, {s.end})"


def _show(value: Any) -> str:
    if isinstance(value, dict) and "start" in value:
        return f"{value.get('text')!r} [{value['start']}, {value['end']})"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return "none" if value is None else str(value)


def _fields(old: dict[str, Any], new: dict[str, Any], skip: Sequence[str] = ("id",)) -> list[str]:
    return [f"{k} {_show(old.get(k))} → {_show(new.get(k))}" for k in dict.fromkeys([*old, *new])
            if k not in skip and old.get(k) != new.get(k)]


def _layer_diff(old: Sequence[Any], new: Sequence[Any], align: Callable[..., Any], name: str,
                describe: Callable[[Any], str], to_dict: Callable[[Any], dict[str, Any]],
                skip: Sequence[str] = ("id",)) -> list[str]:
    out: list[str] = []
    # identical items (every field but the id) pair first, so twin items (a relayed quote) never cross-pair
    left = list(new)
    rest_old = []
    for item in old:
        key = {k: v for k, v in to_dict(item).items() if k != "id"}
        hit = next((i for i, x in enumerate(left) if {k: v for k, v in to_dict(x).items() if k != "id"} == key), None)
        if hit is None:
            rest_old.append(item)
        else:
            left.pop(hit)
    for row in align(rest_old, left):
        if row.pred is None:
            out.append(f"- {name} {row.gold.id} {describe(row.gold)}: removed")
        elif row.gold is None:
            out.append(f"+ {name} {row.pred.id or '(new)'} {describe(row.pred)}: added")
        else:
            changed = _fields(to_dict(row.gold), to_dict(row.pred), skip)
            if changed:
                out.append(f"~ {name} {row.gold.id} {describe(row.gold)}: " + "; ".join(changed))
    return out


def _event_changes(old: Sequence[Event], new: Sequence[Event]) -> list[str]:
    out = _layer_diff(old, new, align_events, "event", lambda e: f"{e.type} {_span(e.trigger)}", event_to_dict,
                      skip=("id", "arguments"))
    for row in align_events(old, new):
        if row.gold is None or row.pred is None:
            continue
        d = argument_diff(row.gold, row.pred)
        lines = [f"argument {a.role} {a.text!r} removed" for a in d.missed]
        lines += [f"argument {a.role} {a.text!r} added" for a in d.spurious]
        by_key = {(a.role, a.start, a.end): a for a in row.pred.arguments}
        lines += [f"argument {a.role} {a.text!r} entity {a.entity or 'none'} → {by_key[k].entity or 'none'}"
                  for a in row.gold.arguments if (k := (a.role, a.start, a.end)) in by_key
                  and by_key[k].entity != a.entity]
        if lines:
            out.append(f"~ event {row.gold.id} {row.gold.type} {_span(row.gold.trigger)}: " + "; ".join(lines))
    return out


def document_changes(old: Document, new: Document) -> list[str]:
    """Readable lines for every difference between two annotations of one document (pairing as the
    viewer's diff, :mod:`bench.report.diff`; every field compared)."""
    out = [f"~ document: review {old.review} → {new.review}"] if old.review != new.review else []
    out += _layer_diff(old.entities, new.entities, align_entities, "entity",
                       lambda e: f"{e.label} {_span(e.span)}", entity_to_dict)
    out += _layer_diff(old.quotes, new.quotes, align_quotes, "quote",
                       lambda q: f"{q.type} {_span(q.content[0] if q.content else None)}", quote_to_dict)
    out += _event_changes(old.events, new.events)
    return out


# ------------------------------------------------------------------ import


def _first_diff(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _check(doc: Document, store: AnnotationStore, file: str) -> list[Issue]:
    from bench.annotation.validate import check_inventories, check_registry_refs, check_spans, check_structure

    entries, _ = load_registry(store)
    registry = {e.id: e for e in entries}
    found = [*check_spans(doc, file, tokens=False), *check_inventories(doc, file), *check_structure(doc, file),
             *check_registry_refs(doc, registry, file)]
    return [i for i in found if i.severity == "error"]


def import_review(root: Path, doc_id: str, folder: Path, write: bool = True) -> ReviewImport:
    """Read ``<folder>/<doc_id>.txt/.ann`` back into ``annotations/documents/<doc_id>.yaml`` with ``review: human``.

    Refuses (nothing written) when the text differs from ``texts/<doc_id>.txt`` or when the result would
    not validate; otherwise writes atomically (unless ``write`` is false) and says what changed.
    """
    store, src = _source(root, doc_id)
    folder = Path(folder)
    txt, ann = folder / f"{doc_id}.txt", folder / f"{doc_id}.ann"
    for p in (txt, ann):
        if not p.is_file():
            raise EnqueteError(f"{p} does not exist (export it with `enquete review export {doc_id}`)")
    try:
        brat = read_brat(txt, ann)
        ignored = unused_annotations(ann.read_text(encoding="utf-8"), str(ann))
    except UnicodeDecodeError as exc:
        raise EnqueteError(f"{txt.parent}: not valid UTF-8 ({exc.reason})") from None
    except InputError:
        raise
    except (ValueError, IndexError, KeyError) as exc:
        raise EnqueteError(f"{ann}: not a brat annotation file this tool can read ({exc!r:.80})") from None
    if brat.text != src.document.text:
        at = _first_diff(brat.text, src.document.text)
        raise EnqueteError(f"{txt}: text differs from {store.text_path(doc_id)} at offset {at}; not imported "
                           "(the text is never edited; fix the annotations only)")
    old_raw = strip_lines(src.raw)
    layers, kept = _merge_layers(brat, old_raw)
    new_raw = {k: v for k, v in old_raw.items() if k not in LAYERS}
    new_raw["review"] = "human"
    new_raw.update(layers)
    fill_ids(new_raw)
    plain = {**new_raw, "text": src.document.text, "split": src.document.split,
             "meta": dict(src.document.meta)}
    new_doc = document_from_dict(plain, str(src.path))
    errors = _check(new_doc, store, str(src.path))
    if errors:
        shown = "\n".join(i.format() for i in errors[:10])
        raise EnqueteError(f"{ann}: the reviewed annotation has {len(errors)} validation error(s); "
                           f"{src.path} not written:\n{shown}")
    changes = document_changes(src.document, new_doc)
    if write:
        atomic_write_text(src.path, dump_document(new_raw))
    return ReviewImport(src.path, tuple(changes), tuple(kept), tuple(ignored), write)
