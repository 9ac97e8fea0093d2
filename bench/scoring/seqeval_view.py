"""Token-level cross-check: the entity layer as IOB2 tags over reference tokens, scored by seqeval.

seqeval is run in ``mode="strict", scheme=IOB2`` (its default lenient mode — and ``mode="strict"``
without a scheme — would silently score differently). Our own span scorer's strict F1 equals this
number whenever every gold and predicted span aligns with reference tokens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bench.common.tokens import iob2_tags, tokenize
from bench.types import Document, Prediction


def tag_sequences(docs: Sequence[Document], preds: Mapping[str, Prediction]) -> tuple[list[list[str]], list[list[str]]]:
    gold_tags, pred_tags = [], []
    for d in docs:
        toks = tokenize(d.text)
        p = preds.get(d.id)
        gold_tags.append(iob2_tags(toks, d.entities))
        pred_tags.append(iob2_tags(toks, (p.entities if p else None) or ()))
    return gold_tags, pred_tags


def seqeval_scores(docs: Sequence[Document], preds: Mapping[str, Prediction]) -> dict[str, Any]:
    from seqeval.metrics.v1 import precision_recall_fscore_support
    from seqeval.scheme import IOB2

    y_true, y_pred = tag_sequences(docs, preds)
    # One micro-averaged call: what f1_score/precision_score/recall_score(mode="strict", scheme=IOB2)
    # each compute, at a third of the cost.
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="micro", scheme=IOB2, zero_division=0)
    return {"precision": float(p), "recall": float(r), "f1": float(f), "mode": "strict", "scheme": "IOB2"}
