"""Event scoring with TextEE / OmniEvent conventions.

* ``events.trig_i`` — trigger identification: same trigger boundaries;
* ``events.trig_c`` — trigger classification: same boundaries and type (per type ``events.trig_c/<TYPE>``);
* ``events.arg_i``  — argument identification: (event type, argument span);
* ``events.arg_c``  — argument classification: (event type, role, argument span);
* ``events.arg_i_plus`` / ``events.arg_c_plus`` — the same, counted only when the argument's event
  trigger is matched too (the tuple includes the trigger span);
* ``events.realis_accuracy`` / ``events.polarity_accuracy`` — on trigger-identified pairs (one-to-one).

All tuple comparisons are multiset intersections, so duplicates are neither rewarded nor lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bench.scoring.matching import multiset_tp
from bench.types import Event


def _trig(e: Event) -> tuple[int, int]:
    return (e.trigger.start, e.trigger.end)


def matched_triggers(gold: Sequence[Event], pred: Sequence[Event]) -> list[tuple[Event, Event]]:
    """One-to-one pairs with identical trigger spans, preferring same type, in canonical order."""
    pairs = []
    by_span: dict[tuple[int, int], list[Event]] = {}
    for p in sorted(pred, key=lambda e: (_trig(e), e.type, e.realis, e.polarity, e.id)):
        by_span.setdefault(_trig(p), []).append(p)
    for g in sorted(gold, key=lambda e: (_trig(e), e.type, e.realis, e.polarity, e.id)):
        cands = by_span.get(_trig(g))
        if not cands:
            continue
        pick = next((i for i, p in enumerate(cands) if p.type == g.type), 0)
        pairs.append((g, cands.pop(pick)))
    return pairs


def count_document(gold: Sequence[Event], pred: Sequence[Event]) -> dict[str, tuple[str, float, float, float]]:
    out: dict[str, tuple[str, float, float, float]] = {}
    out["events.trig_i"] = ("prf", *multiset_tp([_trig(e) for e in gold], [_trig(e) for e in pred]))
    out["events.trig_c"] = ("prf", *multiset_tp([(*_trig(e), e.type) for e in gold],
                                                [(*_trig(e), e.type) for e in pred]))

    def args(events: Sequence[Event], role: bool, attached: bool) -> list[tuple[object, ...]]:
        rows: list[tuple[object, ...]] = []
        for e in events:
            for a in e.arguments:
                key: tuple[object, ...] = (e.type, a.start, a.end)
                if role:
                    key = (*key, a.role)
                if attached:
                    key = (*_trig(e), *key)
                rows.append(key)
        return rows

    for name, role, attached in (("arg_i", False, False), ("arg_c", True, False),
                                 ("arg_i_plus", False, True), ("arg_c_plus", True, True)):
        out[f"events.{name}"] = ("prf", *multiset_tp(args(gold, role, attached), args(pred, role, attached)))
    pairs = matched_triggers(gold, pred)
    out["events.realis_accuracy"] = ("acc", sum(g.realis == p.realis for g, p in pairs), len(pairs), 0)
    out["events.polarity_accuracy"] = ("acc", sum(g.polarity == p.polarity for g, p in pairs), len(pairs), 0)
    out["events.type_accuracy"] = ("acc", sum(g.type == p.type for g, p in pairs), len(pairs), 0)
    gt = Counter(e.type for e in gold)
    pt = Counter(e.type for e in pred)
    for etype in sorted(set(gt) | set(pt)):
        tp, _, _ = multiset_tp([_trig(e) for e in gold if e.type == etype],
                               [_trig(e) for e in pred if e.type == etype])
        out[f"events.trig_c/{etype}"] = ("prf", tp, pt[etype], gt[etype])
    return out
