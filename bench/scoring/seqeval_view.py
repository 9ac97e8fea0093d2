"""Token-level cross-check: the entity layer as IOB2 tags over reference tokens, scored by seqeval.

seqeval is run in ``mode="strict", scheme=IOB2`` (its default lenient mode — and ``mode="strict"``
without a scheme — would silently score differently). Our own span scorer's strict F1 equals this
number whenever every gold and predicted span aligns with reference tokens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bench.tokens import iob2_tags, tokenize
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
    from seqeval.metrics import f1_score, precision_score, recall_score
    from seqeval.scheme import IOB2

    y_true, y_pred = tag_sequences(docs, preds)
    kw: dict[str, Any] = {"mode": "strict", "scheme": IOB2, "zero_division": 0}
    return {"precision": float(precision_score(y_true, y_pred, **kw)),
            "recall": float(recall_score(y_true, y_pred, **kw)),
            "f1": float(f1_score(y_true, y_pred, **kw)), "mode": "strict", "scheme": "IOB2"}
