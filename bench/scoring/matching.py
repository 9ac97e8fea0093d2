"""The shared matcher: exact matching as multiset arithmetic, overlap matching as an optimal assignment.

Overlap matching is a maximum-weight one-to-one assignment (Hungarian algorithm) computed per
connected component of mutually overlapping items, after sorting both sides canonically, so the result
never depends on the order in which items or documents arrive (nervaluate's greedy, order-dependent
matching is the bug this avoids).

>>> gold, pred = [(0, 10), (12, 20)], [(9, 13)]
>>> assign(gold, pred, lambda i, j: overlap(gold[i], pred[j]))  # both overlap by 1: earlier wins the tie
[(0, 0)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

K = TypeVar("K", bound=Hashable)
G = TypeVar("G")
P = TypeVar("P")


def multiset_tp(gold: Iterable[K], pred: Iterable[K]) -> tuple[int, int, int]:
    """``(tp, n_pred, n_gold)`` where tp is the size of the multiset intersection."""
    g, p = Counter(gold), Counter(pred)
    tp = sum((g & p).values())
    return tp, sum(p.values()), sum(g.values())


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters shared by two end-exclusive spans."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _components(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """Groups of gold and predicted indices connected by character overlap (sweep over sorted spans)."""
    items = sorted([(s, e, 0, i) for i, (s, e) in enumerate(gold)] + [(s, e, 1, i) for i, (s, e) in enumerate(pred)])
    groups: list[tuple[list[int], list[int]]] = []
    end = -1
    for s, e, side, i in items:
        if not groups or s >= end:
            groups.append(([], []))
            end = e
        else:
            end = max(end, e)
        groups[-1][side].append(i)
    return [g for g in groups if g[0] and g[1]]


def assign(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]],
           weight: Callable[[int, int], float]) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs ``(gold_index, pred_index)`` among overlapping spans.

    ``weight(i, j)`` scores a candidate pair (``<= 0`` means "may not be paired"). The total weight is
    maximised; ties go to the pairing that is lexicographically first in span order, because a tiny
    order-based bonus is added. Callers pass spans sorted canonically to make this order-free.
    """
    pairs: list[tuple[int, int]] = []
    for gi, pi in _components(gold, pred):
        if len(gi) == 1 and len(pi) == 1:
            if weight(gi[0], pi[0]) > 0:
                pairs.append((gi[0], pi[0]))
            continue
        m = np.zeros((len(gi), len(pi)))
        for a, i in enumerate(gi):
            for b, j in enumerate(pi):
                m[a, b] = weight(i, j)
        valid = m > 0
        n = max(len(gi), len(pi))
        tie = 1e-6 / (n * n + 1)
        bonus = np.array([[tie * (n * n - (a * n + b)) / (n * n) for b in range(len(pi))] for a in range(len(gi))])
        rows, cols = linear_sum_assignment(np.where(valid, m + bonus, 0.0), maximize=True)
        pairs.extend((gi[r], pi[c]) for r, c in zip(rows, cols, strict=True) if valid[r, c])
    return sorted(pairs)


def assign_items(gold: Sequence[G], pred: Sequence[P], span_g: Callable[[G], tuple[int, int]],
                 span_p: Callable[[P], tuple[int, int]], weight: Callable[[G, P], float]) -> list[tuple[G, P]]:
    """:func:`assign` over objects: sorts both sides canonically first, returns matched object pairs."""
    gs = sorted(gold, key=lambda x: (span_g(x), repr(x)))
    ps = sorted(pred, key=lambda x: (span_p(x), repr(x)))
    idx = assign([span_g(x) for x in gs], [span_p(x) for x in ps], lambda i, j: weight(gs[i], ps[j]))
    return [(gs[i], ps[j]) for i, j in idx]
