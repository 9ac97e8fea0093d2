"""Agreement between two independent annotation runs (passes), scored with the benchmark's scorers.

The annotators are AI annotators, so this measures their consistency, not human inter-annotator agreement.

F1 is symmetric (swapping the passes swaps P and R), so "F1 both ways" is one number; we report P and
R too. On top of the scorers: Cohen's kappa on token labels for entities (reference tokens, label or
``O``), and on type / realis for matched event triggers.

Registry ids are chosen independently in a blind pass, so pass B's speaker ids are first mapped onto
pass A's registry by shared names and aliases (case-insensitive); the mapping is reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.metrics import cohen_kappa_score

from bench.annotation.validate import validate
from bench.common.tokens import iob2_tags, tokenize
from bench.errors import EnqueteError
from bench.scoring import score
from bench.scoring.events import matched_triggers
from bench.types import Document, Event, RegistryEntry


def _names(e: RegistryEntry) -> set[str]:
    return {n.casefold() for n in (e.name, *e.aliases)}


def map_registry(a: Sequence[RegistryEntry], b: Sequence[RegistryEntry]) -> dict[str, str]:
    """Pass B registry id → pass A registry id (same id, else a shared name or alias)."""
    a_ids = {e.id for e in a}
    out: dict[str, str] = {}
    for row in b:
        if row.id in a_ids:
            out[row.id] = row.id
            continue
        hits = sorted(x.id for x in a if _names(x) & _names(row))
        if hits:
            out[row.id] = hits[0]
    return out


def _remap(doc: Document, mapping: dict[str, str]) -> Document:
    quotes = tuple(dataclasses.replace(q, speaker=mapping.get(q.speaker, q.speaker) if q.speaker else None)
                   for q in doc.quotes)
    return dataclasses.replace(doc, quotes=quotes)


def _kappa(x: list[str], y: list[str]) -> float | None:
    if not x or (len(set(x) | set(y)) < 2):
        return None
    return float(cohen_kappa_score(x, y))


def agreement(a_docs: Sequence[Document], b_docs: Sequence[Document],
              mapping: dict[str, str] | None = None) -> dict[str, Any]:
    """Agreement of pass B with pass A on the documents both contain (A is the reference)."""
    b_by = {d.id: d for d in b_docs}
    common = sorted((d for d in a_docs if d.id in b_by), key=lambda d: d.id)
    if not common:
        raise EnqueteError("the two passes share no document")
    preds = {d.id: _remap(b_by[d.id], mapping or {}).as_prediction() for d in common}
    result = score(common, preds, ["entities", "quotes", "events"], n_boot=1000, seed=0, details=False)
    tok_a: list[str] = []
    tok_b: list[str] = []
    types_a: list[str] = []
    types_b: list[str] = []
    realis_a: list[str] = []
    realis_b: list[str] = []
    for d in common:
        toks = tokenize(d.text)
        tok_a += [t.split("-", 1)[-1] for t in iob2_tags(toks, d.entities)]
        tok_b += [t.split("-", 1)[-1] for t in iob2_tags(toks, b_by[d.id].entities)]
        for g, p in matched_triggers(d.events, b_by[d.id].events):
            types_a.append(g.type)
            types_b.append(p.type)
            realis_a.append(g.realis)
            realis_b.append(p.realis)
    result["kappa"] = {
        "entities_token": _kappa(tok_a, tok_b), "entities_tokens": len(tok_a),
        "event_type": _kappa(types_a, types_b), "event_realis": _kappa(realis_a, realis_b),
        "matched_triggers": len(types_a),
    }
    result["documents_compared"] = [d.id for d in common]
    return result


def load_pass(root: Path) -> tuple[list[Document], list[RegistryEntry]]:
    res = validate(Path(root), tokens=False)
    if not res.ok:
        raise EnqueteError(f"{root}: {len(res.errors)} validation error(s); first: {res.errors[0].format()}")
    return [s.document for s in res.documents], list(res.registry)


def agreement_paths(a: Path, b: Path, only: Sequence[str] | None = None) -> dict[str, Any]:
    """:func:`agreement` of two annotation roots (e.g. ``annotations/passes/a`` and ``.../b``), optionally on
    the documents ``only`` (one batch)."""
    a_docs, a_reg = load_pass(a)
    b_docs, b_reg = load_pass(b)
    if only is not None:
        a_docs = [d for d in a_docs if d.id in set(only)]
    mapping = map_registry(a_reg, b_reg)
    result = agreement(a_docs, b_docs, mapping)
    result["passes"] = {"a": str(a), "b": str(b)}
    result["registry_mapping"] = {k: v for k, v in sorted(mapping.items()) if k != v}
    return result


HEADLINE_ROWS = (
    ("Entity strict F1", ("entities", "strict", "f1"), "≥ 0.93"),
    ("Entity partial F1", ("entities", "partial", "f1"), ""),
    ("Entity token kappa", ("kappa", "entities_token"), ""),
    ("Quote content-overlap F1", ("quotes", "content_overlap", "f1"), "≥ 0.90"),
    ("Quote cue F1 (exact)", ("quotes", "cue_exact", "f1"), ""),
    ("Speaker agreement (matched quotes)", ("quotes", "speaker_accuracy", "accuracy"), "≥ 0.93"),
    ("Quote-type agreement (matched)", ("quotes", "type_accuracy", "accuracy"), ""),
    ("Event trigger F1 (Trig-I)", ("events", "trig_i", "f1"), "≥ 0.85"),
    ("Event trigger+type F1 (Trig-C)", ("events", "trig_c", "f1"), ""),
    ("Event type kappa (matched triggers)", ("kappa", "event_type"), "≥ 0.80"),
    ("Argument F1 (Arg-C)", ("events", "arg_c", "f1"), "≥ 0.75"),
    ("Argument F1 (Arg-I)", ("events", "arg_i", "f1"), ""),
    ("Realis agreement (matched triggers)", ("events", "realis_accuracy", "accuracy"), ""),
)


def headline(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for label, path, target in HEADLINE_ROWS:
        if path[0] == "kappa":
            value, ci = result["kappa"].get(path[1]), None
        else:
            block = result["scores"].get(path[0], {}).get(path[1], {})
            value, ci = block.get(path[2]), block.get("ci95")
        rows.append({"metric": label, "value": value, "ci95": ci, "target": target})
    return rows


def _sp(s: object) -> str:
    if s is None:
        return "∅"
    return f"{s.start}-{s.end} {s.text!r}"  # type: ignore[attr-defined]


def disagreements(a: Document, b: Document, mapping: dict[str, str] | None = None) -> list[str]:
    """Human-readable list of every difference between two passes of one document (for adjudication)."""
    from bench.scoring.quotes import match as match_quotes

    mapping = mapping or {}
    lines: list[str] = []
    ka = {(e.start, e.end): e for e in a.entities}
    kb = {(e.start, e.end): e for e in b.entities}
    for key in sorted(set(ka) | set(kb)):
        ea, eb = ka.get(key), kb.get(key)
        if ea and eb and ea.label != eb.label:
            lines.append(f"ENTITY label   {key[0]}-{key[1]} {ea.text!r}: A {ea.label} / B {eb.label}")
        elif ea and not eb:
            lines.append(f"ENTITY A only  {key[0]}-{key[1]} {ea.text!r} {ea.label}")
        elif eb and not ea:
            lines.append(f"ENTITY B only  {key[0]}-{key[1]} {eb.text!r} {eb.label}")
    pairs = match_quotes(a.quotes, b.quotes)
    done_a = {id(x) for x, _ in pairs}
    done_b = {id(y) for _, y in pairs}
    for qa, qb in pairs:
        diffs = []
        sb = mapping.get(qb.speaker or "", qb.speaker)
        for name, va, vb in (("type", qa.type, qb.type), ("cue", _sp(qa.cue), _sp(qb.cue)),
                             ("source", _sp(qa.source), _sp(qb.source)), ("speaker", qa.speaker, sb),
                             ("source_kind", qa.source_kind, qb.source_kind),
                             ("content", [_sp(s) for s in qa.content], [_sp(s) for s in qb.content]),
                             ("direct", [_sp(s) for s in qa.direct], [_sp(s) for s in qb.direct])):
            if va != vb:
                diffs.append(f"{name}: A {va} / B {vb}")
        if diffs:
            lines.append(f"QUOTE  {qa.id}~{qb.id} " + "; ".join(diffs))
    for q in a.quotes:
        if id(q) not in done_a:
            lines.append(f"QUOTE  A only {q.id} {q.type} cue {_sp(q.cue)} content {[_sp(s) for s in q.content]}")
    for q in b.quotes:
        if id(q) not in done_b:
            lines.append(f"QUOTE  B only {q.id} {q.type} cue {_sp(q.cue)} content {[_sp(s) for s in q.content]}")
    tb: dict[tuple[int, int], list[Event]] = {}
    for ev in b.events:
        tb.setdefault((ev.trigger.start, ev.trigger.end), []).append(ev)
    for ev in sorted(a.events, key=lambda e: (e.trigger.start, e.trigger.end)):
        key = (ev.trigger.start, ev.trigger.end)
        cands = tb.get(key) or []
        if not cands:
            lines.append(f"EVENT  A only {ev.id} {ev.type} trigger {_sp(ev.trigger)}")
            continue
        other = cands.pop(0)
        diffs = [f"{n}: A {x} / B {y}" for n, x, y in (("type", ev.type, other.type),
                                                      ("realis", ev.realis, other.realis),
                                                      ("polarity", ev.polarity, other.polarity)) if x != y]
        aa = {(x.role, x.start, x.end, x.text) for x in ev.arguments}
        ab = {(x.role, x.start, x.end, x.text) for x in other.arguments}
        diffs += [f"arg A only {r} {s}-{e} {t!r}" for r, s, e, t in sorted(aa - ab)]
        diffs += [f"arg B only {r} {s}-{e} {t!r}" for r, s, e, t in sorted(ab - aa)]
        if diffs:
            lines.append(f"EVENT  {ev.id}~{other.id} trigger {_sp(ev.trigger)}: " + "; ".join(diffs))
    for evs in tb.values():
        for ev in evs:
            lines.append(f"EVENT  B only {ev.id} {ev.type} trigger {_sp(ev.trigger)}")
    return lines


def disagreements_paths(a: Path, b: Path, doc_ids: Sequence[str] = ()) -> dict[str, list[str]]:
    a_docs, a_reg = load_pass(a)
    b_docs, b_reg = load_pass(b)
    mapping = map_registry(a_reg, b_reg)
    b_by = {d.id: d for d in b_docs}
    return {d.id: disagreements(d, b_by[d.id], mapping) for d in sorted(a_docs, key=lambda x: x.id)
            if d.id in b_by and (not doc_ids or d.id in doc_ids)}
