"""Reading and checking prediction files (JSONL, one document per line) against the gold corpus.

Every problem is an :class:`~bench.errors.InputError` naming the file, the line and what is wrong:
invalid JSON, wrong field types, unknown or duplicate document ids, offsets out of range or inverted,
span texts that do not match the document, unknown labels/types/roles, duplicate item ids, and
documents missing from the predictions (unless allowed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.annotation import inventory as inv
from bench.errors import InputError
from bench.io import iter_jsonl
from bench.types import Document, Prediction, iter_spans, prediction_from_dict


@dataclass(frozen=True, slots=True)
class PredictionSet:
    """Predictions keyed by document id, plus what the reader noticed."""

    by_id: dict[str, Prediction]
    layers: tuple[str, ...]
    missing: tuple[str, ...]
    ignored: tuple[str, ...]
    source: str


def check_prediction(p: Prediction, doc: Document, where: str) -> None:
    """Raise :class:`InputError` on the first problem of one prediction line."""
    n = len(doc.text)
    for what, s in iter_spans(p):
        if s.start < 0 or s.end > n or s.start >= s.end:
            raise InputError(f"{where}: {what} offsets [{s.start}, {s.end}) are outside document {doc.id} "
                             f"(length {n}) or not start < end")
        if s.text and s.text != doc.text[s.start:s.end]:
            raise InputError(f"{where}: {what} text {s.text!r:.40} differs from the document's "
                             f"text[{s.start}:{s.end}] {doc.text[s.start:s.end]!r:.40} (off-by-one offsets?)")
    for e in p.entities or ():
        if e.label not in inv.ENTITY_LABELS:
            hint = " (labels are upper case)" if e.label.upper() in inv.ENTITY_LABELS else ""
            raise InputError(f"{where}: entity {e.id or '?'} has unknown label {e.label!r}{hint}")
    for q in p.quotes or ():
        if q.type not in inv.QUOTE_TYPES:
            raise InputError(f"{where}: quote {q.id or '?'} has unknown type {q.type!r}")
        if q.source_kind not in inv.SOURCE_KINDS:
            raise InputError(f"{where}: quote {q.id or '?'} has unknown source_kind {q.source_kind!r}")
    for ev in p.events or ():
        for field, value, allowed in (("type", ev.type, inv.EVENT_TYPES), ("realis", ev.realis, inv.REALIS),
                                      ("polarity", ev.polarity, inv.POLARITY)):
            if value not in allowed:
                raise InputError(f"{where}: event {ev.id or '?'} has unknown {field} {value!r}")
        for a in ev.arguments:
            if a.role not in inv.ROLES:
                raise InputError(f"{where}: event {ev.id or '?'} has unknown role {a.role!r}")
    for layer in ("entities", "quotes", "events"):
        items = p.layer(layer) or ()
        dup = [i for i, c in Counter(x.id for x in items if x.id).items() if c > 1]
        if dup:
            raise InputError(f"{where}: {layer} id {dup[0]!r} is used more than once")


def load_predictions(path: Path, gold: Iterable[Document], allow_missing: bool = False,
                     corpus_ids: Iterable[str] = (), corpus_hash: str | None = None) -> PredictionSet:
    """Read ``path`` and check it against ``gold`` (the documents to be scored).

    Ids that are in ``corpus_ids`` but not in ``gold`` (another split) are ignored and reported; ids
    in neither are an error. A line may carry the corpus version it was made for as ``corpus_hash``;
    when ``corpus_hash`` is given, a line naming another version is an error.
    """
    docs = {d.id: d for d in gold}
    known = set(corpus_ids) | set(docs)
    seen: dict[str, str] = {}
    by_id: dict[str, Prediction] = {}
    ignored: list[str] = []

    def parse(obj: object, where: str) -> Prediction:
        p = prediction_from_dict(obj, where)
        version = obj.get("corpus_hash") if isinstance(obj, dict) else None
        if version is not None and not isinstance(version, str):
            raise InputError(f"{where}: field 'corpus_hash' must be a string, got {version!r:.40}")
        if version and corpus_hash and version != corpus_hash:
            raise InputError(f"{where}: predictions are for corpus version {version}, but the gold corpus is "
                             f"version {corpus_hash}; re-run the extractor on this corpus")
        if p.id in seen:
            raise InputError(f"{where}: document {p.id!r} appears twice (first at {seen[p.id]})")
        seen[p.id] = where
        if p.id not in known:
            raise InputError(f"{where}: unknown document id {p.id!r} (not in the gold corpus)")
        if p.id in docs:
            check_prediction(p, docs[p.id], where)
        return p

    for p in iter_jsonl(Path(path), parse):
        if p.id in docs:
            by_id[p.id] = p
        else:
            ignored.append(p.id)
    missing = tuple(sorted(set(docs) - set(by_id)))
    if missing and not allow_missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise InputError(f"{path}: {len(missing)} document(s) missing from the predictions: "
                         f"{', '.join(missing[:3])}{more} (use --allow-missing to score them as empty)")
    layers = tuple(layer for layer in ("entities", "quotes", "events")
                   if any(p.layer(layer) is not None for p in by_id.values()))
    return PredictionSet(by_id, layers, missing, tuple(sorted(ignored)), str(path))
