"""Gold-vs-prediction alignment of one document, item by item, for display (the viewer's diff).

Owns the *classification* of every gold and predicted item into one status:

* ``correct``  — the scorer's strict notion (entities: boundaries + label; quotes: matched content with
  the right speaker and type and identical cue/source/content offsets; events: trigger + type);
* ``label``    — paired, same boundaries, wrong label (entity label, quote speaker or type, event type);
* ``boundary`` — paired by overlap, boundaries differ (the label may differ too: see ``label_ok``);
* ``fn``       — a gold item nothing was paired with (missed);
* ``fp``       — a predicted item nothing was paired with (spurious).

Pairing reuses the scorers' matchers (:func:`bench.scoring.quotes.match`,
:func:`bench.scoring.events.matched_triggers`, :func:`bench.scoring.matching.assign_items`), so what
the viewer calls correct is what the scorer counts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from bench.scoring.events import matched_triggers
from bench.scoring.matching import assign_items, overlap
from bench.scoring.quotes import match as match_quotes
from bench.scoring.quotes import speaker_right
from bench.types import Argument, Entity, Event, Quote

STATUSES: tuple[str, ...] = ("correct", "label", "boundary", "fn", "fp")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Aligned(Generic[T]):
    """One row of the diff: a status and the gold and/or predicted item it concerns."""

    status: str
    gold: T | None
    pred: T | None
    label_ok: bool = True

    @property
    def item(self) -> T:
        """The item that anchors the row in the text (gold when there is one)."""
        chosen = self.gold if self.gold is not None else self.pred
        assert chosen is not None
        return chosen


def _pos(x: Any) -> tuple[int, int]:
    if isinstance(x, Entity):
        return (x.start, x.end)
    if isinstance(x, Event):
        return (x.trigger.start, x.trigger.end)
    if isinstance(x, Quote):
        return (min(s.start for s in x.content), max(s.end for s in x.content)) if x.content else (0, 0)
    raise TypeError(type(x).__name__)


def _sorted(rows: list[Aligned[T]]) -> list[Aligned[T]]:
    return sorted(rows, key=lambda r: (_pos(r.item), STATUSES.index(r.status), repr(r.gold), repr(r.pred)))


def _pair_rest(gold: list[T], pred: list[T], same_label: Callable[[T, T], bool]) -> list[Aligned[T]]:
    """Overlap-pair leftovers (exact boundaries first, then same label, then most overlap); rest FN/FP."""
    big = 1 + max([0, *(_pos(x)[1] for x in gold), *(_pos(x)[1] for x in pred)])

    def weight(g: T, p: T) -> float:
        ov = overlap(_pos(g), _pos(p))
        if ov <= 0:
            return 0
        return (4 * big if _pos(g) == _pos(p) else 0) + (2 * big if same_label(g, p) else 0) + ov

    pairs = assign_items(gold, pred, _pos, _pos, weight)
    rows: list[Aligned[T]] = []
    for g, p in pairs:
        ok = same_label(g, p)
        rows.append(Aligned("label" if _pos(g) == _pos(p) else "boundary", g, p, ok))
    paired_g = {id(g) for g, _ in pairs}
    paired_p = {id(p) for _, p in pairs}
    rows += [Aligned("fn", g, None) for g in gold if id(g) not in paired_g]
    rows += [Aligned("fp", None, p) for p in pred if id(p) not in paired_p]
    return rows


def align_entities(gold: Sequence[Entity], pred: Sequence[Entity]) -> list[Aligned[Entity]]:
    """Strict matches are ``correct``; leftovers are paired by overlap or reported as FN/FP."""
    rows: list[Aligned[Entity]] = []
    left_p = sorted(pred, key=lambda e: (e.start, e.end, e.label, e.id))
    left_g: list[Entity] = []
    for g in sorted(gold, key=lambda e: (e.start, e.end, e.label, e.id)):
        hit = next((i for i, p in enumerate(left_p) if (p.start, p.end, p.label) == (g.start, g.end, g.label)), None)
        if hit is None:
            left_g.append(g)
        else:
            rows.append(Aligned("correct", g, left_p.pop(hit)))
    rows += _pair_rest(left_g, left_p, lambda g, p: g.label == p.label)
    return _sorted(rows)


def _offsets(q: Quote) -> tuple[object, ...]:
    def key(s: Any) -> tuple[int, int] | None:
        return None if s is None else (s.start, s.end)

    return (key(q.cue), key(q.source), tuple(key(s) for s in q.content))


def align_quotes(gold: Sequence[Quote], pred: Sequence[Quote]) -> list[Aligned[Quote]]:
    """Quotes paired as the scorer pairs them (content IoU); the pair's status says what differs."""
    pairs = match_quotes(gold, pred)
    rows: list[Aligned[Quote]] = []
    for g, p in pairs:
        label_ok = speaker_right(g, p) and g.type == p.type
        if not label_ok:
            status = "label"
        elif _offsets(g) != _offsets(p):
            status = "boundary"
        else:
            status = "correct"
        rows.append(Aligned(status, g, p, label_ok))
    paired_g = {id(g) for g, _ in pairs}
    paired_p = {id(p) for _, p in pairs}
    rows += [Aligned("fn", g, None) for g in gold if id(g) not in paired_g]
    rows += [Aligned("fp", None, p) for p in pred if id(p) not in paired_p]
    return _sorted(rows)


def align_events(gold: Sequence[Event], pred: Sequence[Event]) -> list[Aligned[Event]]:
    """Same trigger span: ``correct`` (same type) or ``label``; overlapping triggers: ``boundary``."""
    pairs = matched_triggers(gold, pred)
    rows: list[Aligned[Event]] = [Aligned("correct" if g.type == p.type else "label", g, p, g.type == p.type)
                                  for g, p in pairs]
    paired_g = {id(g) for g, _ in pairs}
    paired_p = {id(p) for _, p in pairs}
    rows += _pair_rest([g for g in gold if id(g) not in paired_g], [p for p in pred if id(p) not in paired_p],
                       lambda g, p: g.type == p.type)
    return _sorted(rows)


@dataclass(frozen=True, slots=True)
class ArgumentDiff:
    """Arguments of a paired event: matched (same role and span), missed and spurious."""

    matched: tuple[Argument, ...]
    missed: tuple[Argument, ...]
    spurious: tuple[Argument, ...]


def argument_diff(gold: Event | None, pred: Event | None) -> ArgumentDiff:
    """Compare the arguments of two events by ``(role, start, end)`` as a multiset."""
    g_args = list(gold.arguments) if gold else []
    p_args = list(pred.arguments) if pred else []
    left = list(p_args)
    matched: list[Argument] = []
    missed: list[Argument] = []
    for a in g_args:
        hit = next((i for i, b in enumerate(left) if (b.role, b.start, b.end) == (a.role, a.start, a.end)), None)
        if hit is None:
            missed.append(a)
        else:
            matched.append(left.pop(hit))
    return ArgumentDiff(tuple(matched), tuple(missed), tuple(left))


def f1(tp: float, n_pred: float, n_gold: float) -> float | None:
    """F1 from counts; ``None`` when undefined (nothing predicted and nothing gold)."""
    return None if n_pred + n_gold == 0 else 2 * tp / (n_pred + n_gold)


__all__ = ["STATUSES", "Aligned", "ArgumentDiff", "align_entities", "align_events", "align_quotes",
           "argument_diff", "f1"]
