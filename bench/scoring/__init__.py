"""Scoring: gold documents + predictions → per-document counts → scores, intervals and tests.

The path is visible in the file list: :mod:`matching` (shared matcher), :mod:`entities`,
:mod:`quotes`, :mod:`events` (one module per layer), :mod:`counts` (aggregation, bootstrap, paired
tests), :mod:`seqeval_view` (token-level cross-check) and :func:`score` here, which assembles the
results JSON.

Stage 3. May import the root modules and :mod:`bench.common`; nothing from a later stage (agreement, run,
report, perf, cli), so users can score their own extractors with nothing else loaded.

>>> from bench.types import Document, Entity, Prediction
>>> doc = Document("d1", "Blinken met Macron.", entities=(Entity("T1", 0, 7, "Blinken", "PERSON", "b"),))
>>> r = score([doc], {"d1": Prediction("d1", entities=())}, n_boot=0)
>>> r["scores"]["entities"]["strict"]["recall"], r["scores"]["entities"]["strict"]["precision"]
(0.0, None)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from bench import SCHEMA_VERSION
from bench.common.tokens import tokenize
from bench.scoring import entities as ent
from bench.scoring import events as evt
from bench.scoring import quotes as quo
from bench.scoring.counts import CountTable, paired_tests, summarise
from bench.types import LAYERS, Document, Prediction

__all__ = ["count_table", "document_counts", "score", "score_counts"]


def document_counts(doc: Document, pred: Prediction | None, layers: Sequence[str],
                    quote_threshold: float = quo.DEFAULT_THRESHOLD) -> dict[str, tuple[str, float, float, float]]:
    """One document's counts, metric name → ``(kind, a, b, c)`` (see :mod:`bench.scoring.counts`)."""
    out: dict[str, tuple[str, float, float, float]] = {}
    if "entities" in layers:
        out.update(ent.count_document(doc.entities, (pred.entities if pred else None) or (), doc.text))
    if "quotes" in layers:
        out.update(quo.count_document(doc.quotes, (pred.quotes if pred else None) or (), tokenize(doc.text),
                                      quote_threshold))
    if "events" in layers:
        out.update(evt.count_document(doc.events, (pred.events if pred else None) or ()))
    return out


def count_table(gold: Sequence[Document], preds: Mapping[str, Prediction], layers: Sequence[str],
                quote_threshold: float = quo.DEFAULT_THRESHOLD) -> CountTable:
    """Counts once per document, in a canonical document order (sorted by id)."""
    docs = sorted(gold, key=lambda d: d.id)
    per_doc = [document_counts(d, preds.get(d.id), layers, quote_threshold) for d in docs]
    return CountTable.from_docs([d.id for d in docs], per_doc)


def _nest(flat: Mapping[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split ``layer.metric[/label]`` blocks into ``scores`` and ``per_label`` trees."""
    scores: dict[str, Any] = {}
    per_label: dict[str, Any] = {}
    for name, block in flat.items():
        layer, rest = name.split(".", 1)
        if "/" in rest:
            metric, label = rest.split("/", 1)
            per_label.setdefault(layer, {}).setdefault(metric, {})[label] = block
        else:
            scores.setdefault(layer, {})[rest] = block
    return scores, per_label


def _macro(per_label: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for layer, metrics in per_label.items():
        for metric, labels in metrics.items():
            f1s = [b["f1"] for b in labels.values() if b["f1"] is not None]
            out.setdefault(layer, {})[metric] = {"f1": sum(f1s) / len(f1s) if f1s else None, "labels": len(f1s)}
    return out


def score_counts(totals: Mapping[str, tuple[str, float, float, float]], layers: Sequence[str],
                 documents: int) -> dict[str, Any]:
    """Scores from counts already summed over documents (a streamed comparison): the same ``scores``,
    ``per_label`` and ``macro`` blocks as :func:`score`, without intervals (no per-document counts)."""
    layers = [la for la in LAYERS if la in layers]
    table = CountTable.from_docs(["all"], [totals])
    scores, per_label = _nest(summarise(table, n_boot=0))
    return {"schema_version": SCHEMA_VERSION, "layers": list(layers), "documents": documents,
            "config": {"bootstrap": 0, "ci_level": None}, "scores": scores, "per_label": per_label,
            "macro": _macro(per_label)}


def score(gold: Sequence[Document], preds: Mapping[str, Prediction], layers: Sequence[str] | None = None,
          n_boot: int = 1000, seed: int = 0, quote_threshold: float = quo.DEFAULT_THRESHOLD,
          compare: Mapping[str, Prediction] | None = None, details: bool = True) -> dict[str, Any]:
    """Score predictions against gold; returns the results dict (see README "Results JSON").

    ``layers`` defaults to every layer some prediction provides. Documents without a prediction are
    scored as empty predictions. With ``compare``, a paired bootstrap and an approximate randomisation
    test (``preds`` minus ``compare``) are added under ``comparison``.
    """
    if layers is None:
        layers = [la for la in LAYERS if any(p.layer(la) is not None for p in preds.values())]
    layers = [la for la in LAYERS if la in layers]
    table = count_table(gold, preds, layers, quote_threshold)
    scores, per_label = _nest(summarise(table, n_boot, seed))
    result: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "layers": list(layers),
        "documents": len(table.doc_ids),
        "config": {"bootstrap": n_boot, "seed": seed, "quote_threshold": quote_threshold,
                   "ci_level": 0.95},
        "scores": scores,
        "per_label": per_label,
        "macro": _macro(per_label),
    }
    if details:
        docs = sorted(gold, key=lambda d: d.id)
        if "entities" in layers:
            conf: Counter[tuple[str, str]] = Counter()
            errs: list[dict[str, Any]] = []
            for d in docs:
                p = preds.get(d.id)
                pe = (p.entities if p else None) or ()
                conf.update(ent.confusion(d.entities, pe))
                errs.extend(ent.errors(d.id, d.text, d.entities, pe))
            matrix: dict[str, dict[str, int]] = {}
            for (g, p_label), c in sorted(conf.items()):
                matrix.setdefault(g, {})[p_label] = c
            result["confusion"] = {"entities": matrix}
            result["errors"] = {"entities": errs}
            from bench.scoring.seqeval_view import seqeval_scores

            result["seqeval"] = {"entities": seqeval_scores(docs, preds)}
    if compare is not None:
        other = count_table(gold, compare, layers, quote_threshold)
        flat = paired_tests(table, other, n_boot=max(n_boot, 1), n_perm=max(n_boot, 1), seed=seed)
        result["comparison"], _ = _nest(flat)
    return result
