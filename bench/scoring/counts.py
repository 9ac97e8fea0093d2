"""Per-document counts → P/R/F1 and accuracies, bootstrap intervals and paired significance tests.

Every scorer counts **once per document**; uncertainty is computed by resampling those counts with
numpy (a documents × metrics matrix), never by re-running a scorer per resample.

A ``prf`` metric stores ``(tp, n_pred, n_gold)``; an ``acc`` metric stores ``(correct, total, 0)``.
Scores are never rounded; an undefined score is ``None``: precision without predictions, recall — and
so F1 — without gold items (nothing to find: 0 predictions right out of 0 is no evidence of skill, and
predictions there are already counted against precision). With gold but no predictions F1 is 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

DocCounts = Mapping[str, tuple[str, float, float, float]]


@dataclass(frozen=True)
class CountTable:
    """Documents × metrics × 3 counts, with metric names and kinds (``prf`` or ``acc``)."""

    names: tuple[str, ...]
    kinds: tuple[str, ...]
    data: np.ndarray  # shape (docs, metrics, 3)
    doc_ids: tuple[str, ...]

    @classmethod
    def from_docs(cls, doc_ids: Sequence[str], per_doc: Sequence[DocCounts],
                  names: Sequence[str] | None = None) -> CountTable:
        kinds: dict[str, str] = {}
        for counts in per_doc:
            for name, (kind, *_rest) in counts.items():
                kinds.setdefault(name, kind)
        ordered = tuple(sorted(kinds)) if names is None else tuple(names)
        index = {n: i for i, n in enumerate(ordered)}
        data = np.zeros((len(per_doc), len(ordered), 3))
        for d, counts in enumerate(per_doc):
            for name, (_kind, a, b, c) in counts.items():
                if name in index:
                    data[d, index[name]] = (a, b, c)
        return cls(ordered, tuple(kinds.get(n, "prf") for n in ordered), data, tuple(doc_ids))


def _div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), np.nan)


def headline(kind: str, sums: np.ndarray) -> np.ndarray:
    """The headline value of each metric from summed counts (F1 for prf, accuracy for acc); NaN = undefined."""
    a, b, c = sums[..., 0], sums[..., 1], sums[..., 2]
    if kind == "acc":
        return _div(a, b)
    return np.where(c > 0, _div(2 * a, b + c), np.nan)


def weighted_sums(w: np.ndarray, data: np.ndarray) -> np.ndarray:
    """Weighted document sums (resamples × metrics × 3) as one BLAS matrix product.

    Same as ``einsum("bd,dmk->bmk")`` and exact: weights and counts are small integers (or halves).
    """
    d, m, k = data.shape
    return (w @ data.reshape(d, m * k)).reshape(w.shape[0], m, k)


def _vals(kinds: tuple[str, ...], sums: np.ndarray) -> np.ndarray:
    out = np.empty(sums.shape[:-1])
    for m, kind in enumerate(kinds):
        out[..., m] = headline(kind, sums[..., m, :])
    return out


def _num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)


def metric_block(kind: str, a: float, b: float, c: float) -> dict[str, Any]:
    """The JSON block of one metric from its corpus-level counts."""
    a, b, c = float(a), float(b), float(c)
    if kind == "acc":
        return {"accuracy": _num(a / b) if b else None, "correct": _num(a), "total": _num(b)}
    p = a / b if b else None
    r = a / c if c else None
    f = 2 * a / (b + c) if c else None
    return {"precision": p, "recall": r, "f1": f, "tp": _num(a), "fp": _num(b - a), "fn": _num(c - a),
            "n_pred": _num(b), "n_gold": _num(c)}


def resample_weights(n_docs: int, n: int, seed: int) -> np.ndarray:
    """``n`` bootstrap resamples of ``n_docs`` documents as multiplicity weights (n × n_docs)."""
    rng = np.random.default_rng(seed)
    if n_docs == 0:
        return np.zeros((n, 0))
    return rng.multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=n).astype(float)


def bootstrap_ci(table: CountTable, n: int = 1000, seed: int = 0, level: float = 0.95) -> np.ndarray:
    """Percentile intervals (metrics × 2) of every metric's headline value; NaN where undefined."""
    if n <= 0 or not table.doc_ids:
        return np.full((len(table.names), 2), np.nan)
    w = resample_weights(len(table.doc_ids), n, seed)
    sums = weighted_sums(w, table.data)
    vals = _vals(table.kinds, sums)
    lo, hi = (1 - level) / 2 * 100, (1 + level) / 2 * 100
    out = np.full((len(table.names), 2), np.nan)
    for m in range(len(table.names)):
        col = vals[:, m]
        col = col[~np.isnan(col)]
        if col.size:
            out[m] = np.percentile(col, [lo, hi])
    return out


def summarise(table: CountTable, n_boot: int = 1000, seed: int = 0) -> dict[str, dict[str, Any]]:
    """metric name → block with counts, scores and ``ci95`` ``[low, high]`` (or null)."""
    totals = table.data.sum(axis=0)
    ci = bootstrap_ci(table, n_boot, seed)
    out: dict[str, dict[str, Any]] = {}
    for m, name in enumerate(table.names):
        block = metric_block(table.kinds[m], *totals[m])
        block["ci95"] = None if np.isnan(ci[m]).any() else [float(ci[m, 0]), float(ci[m, 1])]
        out[name] = block
    return out


def paired_tests(a: CountTable, b: CountTable, n_boot: int = 1000, n_perm: int = 1000,
                 seed: int = 0) -> dict[str, dict[str, Any]]:
    """Paired bootstrap and approximate-randomisation p-values for every metric both tables share.

    Both tables must count the same documents in the same order. The delta is ``a − b`` of the
    headline value (F1 or accuracy). p-values are two-sided with the +1 correction.
    """
    if a.doc_ids != b.doc_ids:
        raise ValueError("paired tests need the same documents in the same order")
    names = [n for n in a.names if n in b.names]
    ia = [a.names.index(n) for n in names]
    ib = [b.names.index(n) for n in names]
    kinds = tuple(a.kinds[i] for i in ia)
    da, db = a.data[:, ia, :], b.data[:, ib, :]
    obs = _vals(kinds, da.sum(axis=0)) - _vals(kinds, db.sum(axis=0))
    d = da.shape[0]
    w = resample_weights(d, n_boot, seed)
    boot = _vals(kinds, weighted_sums(w, da)) - _vals(kinds, weighted_sums(w, db))
    rng = np.random.default_rng(seed + 1)
    swap = rng.integers(0, 2, size=(n_perm, d)).astype(float)
    pa = weighted_sums(1 - swap, da) + weighted_sums(swap, db)
    pb = weighted_sums(swap, da) + weighted_sums(1 - swap, db)
    perm = _vals(kinds, pa) - _vals(kinds, pb)
    out: dict[str, dict[str, Any]] = {}
    for m, name in enumerate(names):
        delta = obs[m]
        if np.isnan(delta):
            out[name] = {"delta": None, "p_bootstrap": None, "p_randomization": None, "ci95": None}
            continue
        bcol = boot[:, m][~np.isnan(boot[:, m])]
        pcol = perm[:, m][~np.isnan(perm[:, m])]
        p_boot = (1 + np.sum(np.abs(bcol - delta) >= abs(delta) - 1e-12)) / (bcol.size + 1)
        p_perm = (1 + np.sum(np.abs(pcol) >= abs(delta) - 1e-12)) / (pcol.size + 1)
        ci = np.percentile(bcol, [2.5, 97.5]) if bcol.size else [np.nan, np.nan]
        out[name] = {"delta": float(delta), "p_bootstrap": float(min(1.0, p_boot)),
                     "p_randomization": float(min(1.0, p_perm)),
                     "ci95": [float(ci[0]), float(ci[1])] if bcol.size else None}
    return out
