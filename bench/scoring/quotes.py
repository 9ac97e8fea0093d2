"""Quote scoring (citron / PolNeAR / Gender Gap Tracker lineage).

* per role (cue, source, content, direct): exact-span P/R/F1 (``quotes.<role>_exact``) and
  token-overlap P/R/F1 over reference-tokenizer tokens (``quotes.<role>_token``);
* quote-level matching on content overlap (intersection over union of content characters, default
  threshold 0.5) as a one-to-one optimal assignment (``quotes.content_overlap``);
* on matched quotes: attribution accuracy (``quotes.speaker_accuracy``: same registry id, or
  overlapping source spans when the gold speaker is unnamed) and type accuracy
  (``quotes.type_accuracy``);
* end to end (``quotes.end_to_end``): a predicted quote is correct only if its content matches and its
  speaker is right.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from bench.scoring.matching import assign_items, multiset_tp, overlap
from bench.types import Quote, Span

ROLES = ("cue", "source", "content", "direct")
DEFAULT_THRESHOLD = 0.5


def _role_spans(q: Quote, role: str) -> list[Span]:
    if role in ("cue", "source"):
        s = getattr(q, role)
        return [s] if s is not None else []
    return list(getattr(q, role))


def _covered_tokens(spans: list[Span], starts: list[int], ends: list[int]) -> set[int]:
    out: set[int] = set()
    for s in spans:
        i = bisect.bisect_right(ends, s.start)
        while i < len(starts) and starts[i] < s.end:
            out.add(i)
            i += 1
    return out


def content_iou(g: Quote, p: Quote) -> float:
    """Intersection over union of the characters of two quotes' content spans."""
    inter = sum(overlap((a.start, a.end), (b.start, b.end)) for a in g.content for b in p.content)
    size_g = sum(s.end - s.start for s in g.content)
    size_p = sum(s.end - s.start for s in p.content)
    union = size_g + size_p - inter
    return inter / union if union > 0 else 0.0


def _envelope(q: Quote) -> tuple[int, int]:
    if not q.content:
        return (0, 0)
    return (min(s.start for s in q.content), max(s.end for s in q.content))


def speaker_right(g: Quote, p: Quote) -> bool:
    """Same registry id; when the gold speaker is unnamed, overlapping source spans (or both empty)."""
    if g.speaker:
        return p.speaker == g.speaker
    if g.source is None:
        return p.source is None
    if p.source is None:
        return False
    return overlap((g.source.start, g.source.end), (p.source.start, p.source.end)) > 0


def match(gold: Sequence[Quote], pred: Sequence[Quote],
          threshold: float = DEFAULT_THRESHOLD) -> list[tuple[Quote, Quote]]:
    """One-to-one quote pairs whose content IoU reaches ``threshold``, maximising total IoU."""
    gold = [q for q in gold if q.content]
    pred = [q for q in pred if q.content]

    def weight(g: Quote, p: Quote) -> float:
        iou = content_iou(g, p)
        return iou if iou >= threshold and iou > 0 else 0.0

    return assign_items(gold, pred, _envelope, _envelope, weight)


def count_document(gold: Sequence[Quote], pred: Sequence[Quote], tokens: list[tuple[int, int]],
                   threshold: float = DEFAULT_THRESHOLD) -> dict[str, tuple[str, float, float, float]]:
    out: dict[str, tuple[str, float, float, float]] = {}
    starts = [s for s, _ in tokens]
    ends = [e for _, e in tokens]
    for role in ROLES:
        gs = [s for q in gold for s in _role_spans(q, role)]
        ps = [s for q in pred for s in _role_spans(q, role)]
        out[f"quotes.{role}_exact"] = ("prf", *multiset_tp([(s.start, s.end) for s in gs],
                                                           [(s.start, s.end) for s in ps]))
        gt, pt = _covered_tokens(gs, starts, ends), _covered_tokens(ps, starts, ends)
        out[f"quotes.{role}_token"] = ("prf", len(gt & pt), len(pt), len(gt))
    pairs = match(gold, pred, threshold)
    right = [speaker_right(g, p) for g, p in pairs]
    out["quotes.content_overlap"] = ("prf", len(pairs), len(pred), len(gold))
    out["quotes.speaker_accuracy"] = ("acc", sum(right), len(pairs), 0)
    out["quotes.type_accuracy"] = ("acc", sum(g.type == p.type for g, p in pairs), len(pairs), 0)
    out["quotes.end_to_end"] = ("prf", sum(right), len(pred), len(gold))
    for qtype in sorted({q.type for q in gold} | {q.type for q in pred}):
        out[f"quotes.typed/{qtype}"] = ("prf", sum(g.type == p.type == qtype for g, p in pairs),
                                        sum(q.type == qtype for q in pred), sum(q.type == qtype for q in gold))
    return out
