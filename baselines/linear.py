"""A multinomial logistic regression over sparse named features, fitted with scikit-learn and stored as
JSON + ``.npy`` (never pickle), so a stored model is plain data and loads without scikit-learn objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Features = Mapping[str, float]


@dataclass(frozen=True)
class LinearModel:
    """Vocabulary (feature → column), weights (classes × features), intercepts and class names."""

    vocab: dict[str, int]
    coef: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]

    def scores(self, rows: Sequence[Features]) -> np.ndarray:
        """Class probabilities (rows × classes)."""
        out = np.tile(self.intercept, (len(rows), 1)).astype(float)
        for i, f in enumerate(rows):
            idx = [self.vocab[k] for k in f if k in self.vocab]
            if idx:
                vals = np.array([f[k] for k in f if k in self.vocab])
                out[i] += self.coef[:, idx] @ vals
        out -= out.max(axis=1, keepdims=True) if len(rows) else 0
        np.exp(out, out=out)
        return out / out.sum(axis=1, keepdims=True) if len(rows) else out

    def predict(self, rows: Sequence[Features]) -> list[str]:
        return [self.classes[j] for j in self.scores(rows).argmax(axis=1)] if rows else []

    def meta(self) -> dict[str, Any]:
        return {"vocab": self.vocab, "classes": list(self.classes)}

    def arrays(self, key: str) -> dict[str, np.ndarray]:
        return {f"{key}_coef": self.coef, f"{key}_intercept": self.intercept}

    @classmethod
    def load(cls, meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray], key: str) -> LinearModel:
        return cls(dict(meta["vocab"]), arrays[f"{key}_coef"], arrays[f"{key}_intercept"], tuple(meta["classes"]))


def fit(rows: Sequence[Features], labels: Sequence[str], c: float, min_count: int = 1,
        solver: str = "newton-cg") -> LinearModel:
    """Fit with L2 strength ``1/c`` on the features seen in at least ``min_count`` rows (deterministic).

    newton-cg, not lbfgs: on these sparse problems (10⁴ rows, 10⁴–10⁵ features, up to 30 classes) it
    converges in a few seconds where lbfgs takes several times longer. With one class only, the model
    is a constant.
    """
    from collections import Counter

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(k for f in rows for k in f)
    vec = DictVectorizer()
    x = vec.fit_transform([{k: v for k, v in f.items() if counts[k] >= min_count} for f in rows])
    classes = sorted(set(labels))
    if len(classes) == 1:
        return LinearModel(dict(vec.vocabulary_), np.zeros((1, x.shape[1])), np.zeros(1), (classes[0],))
    clf = LogisticRegression(C=c, max_iter=1000, random_state=0, solver=solver)
    clf.fit(x, list(labels))
    coef, inter = clf.coef_, clf.intercept_
    if len(clf.classes_) == 2:  # sklearn stores one row for binary problems
        coef, inter = np.vstack([-coef[0], coef[0]]) / 2, np.array([-inter[0], inter[0]]) / 2
    return LinearModel(dict(vec.vocabulary_), coef, inter, tuple(str(k) for k in clf.classes_))


def log_loss(model: LinearModel, rows: Sequence[Features], labels: Sequence[str]) -> float:
    """Mean negative log-likelihood of ``labels`` (the training loss shown in progress lines)."""
    if not rows:
        return 0.0
    probs = model.scores(rows)
    index = {c: j for j, c in enumerate(model.classes)}
    p = np.array([probs[i, index[y]] if y in index else 1e-12 for i, y in enumerate(labels)])
    return float(-np.log(np.clip(p, 1e-12, 1.0)).mean())
