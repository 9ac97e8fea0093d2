"""trained.v1: scikit-learn token classifiers trained on the **train split only**.

* entities: logistic regression over reference tokens predicting IOB2 tags (decoded strictly);
* event triggers: logistic regression predicting the event type (or O) of each token;
* quotes: a cue classifier (token is a quote cue or not); content is the rest of the cue's sentence
  (or the quoted segment before an inverted cue), source the words before the cue.

The regularisation strength C is selected on the validation split (entity strict F1). Training is
seeded and deterministic and reports each step (the fit of one model: training loss, validation score).
The model is stored as JSON + ``.npz`` (never pickle) under ``<results>/models/trained.v1/`` by
``enquete train trained.v1`` and trained on first use if missing. It records the corpus hash it was
trained on: a model of another corpus version is refused (or retrained with ``retrain=true``), and
``config()`` (so ``results.json``) names the model by a hash of its contents.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from baselines.common import default_corpus, sentences
from baselines.training import open_model
from bench.common.progress import Step, reporter
from bench.common.tokens import iob2_tags, tokenize
from bench.errors import EnqueteError
from bench.run.extractors import DocumentInput
from bench.types import Document, Entity, Event, Prediction, Quote, Span

MODEL_SUBDIR = Path("models") / "trained.v1"  # under the results folder
C_GRID = (0.1, 1.0, 10.0)


def _shape(w: str) -> str:
    s = re.sub(r"[A-Z]", "X", w)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)


def token_features(text: str, toks: list[tuple[int, int]]) -> list[dict[str, float]]:
    words = [text[s:e] for s, e in toks]
    feats = []
    for i, w in enumerate(words):
        f = {f"w={w.lower()}": 1.0, f"sh={_shape(w)}": 1.0, f"p3={w[:3].lower()}": 1.0, f"s3={w[-3:].lower()}": 1.0,
             "title": float(w.istitle()), "upper": float(w.isupper()), "digit": float(any(c.isdigit() for c in w))}
        for off in (-2, -1, 1, 2):
            j = i + off
            tok = words[j].lower() if 0 <= j < len(words) else ("<s>" if j < 0 else "</s>")
            f[f"w{off}={tok}"] = 1.0
            if 0 <= j < len(words):
                f[f"sh{off}={_shape(words[j])}"] = 1.0
        feats.append(f)
    return feats


class _Linear:
    """A fitted multinomial linear model in plain numpy (vocabulary, weights, classes)."""

    def __init__(self, vocab: dict[str, int], coef: np.ndarray, intercept: np.ndarray, classes: list[str]) -> None:
        self.vocab, self.coef, self.intercept, self.classes = vocab, coef, intercept, classes

    def predict(self, feats: list[dict[str, float]]) -> list[str]:
        if not feats:
            return []
        scores = np.tile(self.intercept, (len(feats), 1))
        for i, f in enumerate(feats):
            idx = [self.vocab[k] for k in f if k in self.vocab]
            if idx:
                vals = np.array([f[k] for k in f if k in self.vocab])
                scores[i] += vals @ self.coef[:, idx].T
        return [self.classes[j] for j in scores.argmax(axis=1)]


def _fit(feats: list[dict[str, float]], labels: list[str], c: float) -> tuple[_Linear, float]:
    """The fitted model and its training loss (mean log loss)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss

    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    clf = LogisticRegression(C=c, max_iter=300, random_state=0)
    clf.fit(x, labels)
    loss = float(log_loss(labels, clf.predict_proba(x), labels=clf.classes_))
    coef = clf.coef_ if len(clf.classes_) > 2 else np.vstack([-clf.coef_[0], clf.coef_[0]])
    inter = clf.intercept_ if len(clf.classes_) > 2 else np.array([-clf.intercept_[0], clf.intercept_[0]])
    return _Linear(dict(vec.vocabulary_), coef, inter, [str(c_) for c_ in clf.classes_]), loss


def model_sha256(path: Path) -> str:
    """A hash of a stored model's contents (metadata and arrays; not of the zip container's timestamps)."""
    h = hashlib.sha256((path / "model.json").read_bytes())
    with np.load(path / "weights.npz", allow_pickle=False) as arrays:
        for key in sorted(arrays.files):
            h.update(key.encode())
            h.update(np.ascontiguousarray(arrays[key]).tobytes())
    return h.hexdigest()


def _token_rows(doc: Document) -> tuple[list[dict[str, float]], list[str], list[str], list[str]]:
    toks = tokenize(doc.text)
    feats = token_features(doc.text, toks)
    ner = iob2_tags(toks, doc.entities)
    trig = ["O"] * len(toks)
    cue = ["O"] * len(toks)
    for i, (s, e) in enumerate(toks):
        for ev in doc.events:
            if ev.trigger.start <= s and e <= ev.trigger.end:
                trig[i] = ev.type
        for q in doc.quotes:
            if q.cue is not None and q.cue.start <= s and e <= q.cue.end:
                cue[i] = "CUE"
    return feats, ner, trig, cue


def _decode(text: str, toks: list[tuple[int, int]], tags: list[str]) -> list[Entity]:
    ents: list[Entity] = []
    cur: tuple[int, int, str] | None = None
    for (s, e), tag in [*zip(toks, tags, strict=True), ((len(text), len(text)), "O")]:
        if cur and not (tag.startswith("I-") and tag[2:] == cur[2]):
            ents.append(Entity(f"T{len(ents) + 1}", cur[0], cur[1], text[cur[0]:cur[1]], cur[2]))
            cur = None
        if tag.startswith("B-"):
            cur = (s, e, tag[2:])
        elif tag.startswith("I-") and cur:
            cur = (cur[0], e, cur[2])
    return ents


@dataclass
class TrainedExtractor:
    """``model_dir`` defaults to ``<results_dir>/models/trained.v1``; ``retrain`` replaces a model that
    was trained on another corpus version instead of refusing it."""

    model_dir: str = ""
    results_dir: str = "results"
    corpus: str = ""
    retrain: bool = False
    name: str = "trained.v1"
    provides: tuple[str, ...] = ("entities", "quotes", "events")
    _models: dict[str, _Linear] = field(default_factory=dict, repr=False)
    _meta: dict[str, Any] = field(default_factory=dict, repr=False)
    _sha256: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        from bench.dataset.corpus import load_corpus

        path, corpus_path, self._meta = open_model(self.model_dir, self.results_dir, MODEL_SUBDIR, self.corpus, train)
        current = load_corpus(corpus_path).hash
        if self._meta.get("corpus_hash") != current:
            if not self.retrain:
                raise EnqueteError(f"trained.v1: the model in {path} was trained on corpus "
                                   f"{self._meta.get('corpus_hash')} but the corpus is {current}; retrain it with "
                                   f"`enquete train trained.v1` or pass --config retrain=true")
            train(corpus_path, path)
            self._meta = json.loads((path / "model.json").read_text(encoding="utf-8"))
        with np.load(path / "weights.npz", allow_pickle=False) as arrays:
            for key in ("ner", "trigger", "cue"):
                m = self._meta["models"][key]
                self._models[key] = _Linear(m["vocab"], arrays[f"{key}_coef"], arrays[f"{key}_intercept"],
                                            m["classes"])
        self._sha256 = model_sha256(path)

    def config(self) -> dict[str, Any]:
        return {"C": self._meta.get("C"), "train_documents": self._meta.get("train_documents"),
                "validation_entity_f1": self._meta.get("validation_entity_f1"),
                "model_sha256": self._sha256, "model_corpus_hash": self._meta.get("corpus_hash")}

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        out = []
        for doc in documents:
            toks = tokenize(doc.text)
            feats = token_features(doc.text, toks)
            ents = _decode(doc.text, toks, self._models["ner"].predict(feats))
            trig = self._models["trigger"].predict(feats)
            events = [Event(f"V{i + 1}", t, Span(s, e, doc.text[s:e]))
                      for i, ((s, e), t) in enumerate((tk, t) for tk, t in zip(toks, trig, strict=True) if t != "O")]
            events = [Event(f"V{i + 1}", ev.type, ev.trigger) for i, ev in enumerate(events)]
            cues = [tk for tk, t in zip(toks, self._models["cue"].predict(feats), strict=True) if t == "CUE"]
            out.append(Prediction(doc.id, tuple(ents), tuple(_quotes(doc.text, cues)), tuple(events)))
        return out


def _quotes(text: str, cues: list[tuple[int, int]]) -> list[Quote]:
    quotes: list[Quote] = []
    sents = list(sentences(text))
    for cs, ce in cues:
        sent = next(((s, e) for s, e in sents if s <= cs < e), None)
        if sent is None:
            continue
        s0, e0 = sent
        before = text[s0:cs].rstrip()
        m = re.search(r"[“\"][^“”\"]+[”\"]", before)
        if m and m.start() == 0:
            content = Span(s0, s0 + m.end(), text[s0:s0 + m.end()])
            src_s = s0 + m.end()
            while src_s < cs and text[src_s] in ",  ":
                src_s += 1
            source = Span(src_s, cs - 1, text[src_s:cs - 1]) if cs - 1 > src_s else None
            qtype = "DIRECT"
        else:
            start = ce
            while start < e0 and text[start] in " ,:":
                start += 1
            if text[start:start + 5] == "that ":
                start += 5
            end = e0
            while end > start and text[end - 1] in ".":
                end -= 1
            if end - start < 5:
                continue
            content = Span(start, end, text[start:end])
            source = Span(s0, cs - 1, text[s0:cs - 1]) if cs - 1 > s0 else None
            qtype = "MIXED" if re.search(r"[“\"]", content.text) else "INDIRECT"
        direct = (content,) if qtype == "DIRECT" else ()
        if source is not None and (not source.text.strip() or source.text != source.text.strip()):
            source = None
        quotes.append(Quote(f"Q{len(quotes) + 1}", qtype, Span(cs, ce, text[cs:ce]), source, None,
                            "PERSON" if source else "OTHER", (content,), direct))
    return quotes


def train(corpus_path: Path | None = None, out_dir: Path = Path("results") / MODEL_SUBDIR,
          progress: Callable[[Step], None] | None = None) -> dict[str, Any]:
    """Train on the train split, pick C on validation, write the model; returns its metadata.

    Each step (one fit) is reported to ``progress`` (default: a live line on a terminal, one line per
    step on stderr otherwise) with its training loss and, during model selection, the validation score.
    """
    from bench.dataset.corpus import load_corpus
    from bench.io import atomic_write_json
    from bench.scoring import score

    corpus = load_corpus(corpus_path or default_corpus())
    train_docs = sorted(corpus.split("train"), key=lambda d: d.id)
    dev_docs = sorted(corpus.split("validation"), key=lambda d: d.id)
    if not train_docs:
        raise EnqueteError(f"{corpus.source}: no train documents to train trained.v1 on")
    rows = [_token_rows(d) for d in train_docs]
    feats = [f for r in rows for f in r[0]]
    labels = {"ner": [t for r in rows for t in r[1]], "trigger": [t for r in rows for t in r[2]],
              "cue": [t for r in rows for t in r[3]]}
    show = progress or reporter("trained.v1")
    grid = C_GRID if dev_docs else ()
    total = len(grid) + len(labels)
    best: tuple[float, float] = (-1.0, 1.0)
    for step, c in enumerate(grid, 1):
        model, loss = _fit(feats, labels["ner"], c)
        preds = {}
        for d in dev_docs:
            toks = tokenize(d.text)
            tags = model.predict(token_features(d.text, toks))
            preds[d.id] = Prediction(d.id, entities=tuple(_decode(d.text, toks, tags)))
        f1 = score(dev_docs, preds, ["entities"], n_boot=0, details=False)["scores"]["entities"]["strict"]["f1"] or 0.0
        show(Step(step, total, f"entities C={c}", loss, f1, "entity strict F1"))
        if f1 > best[0]:
            best = (f1, c)
    meta: dict[str, Any] = {"C": best[1], "validation_entity_f1": best[0] if dev_docs else None,
                            "train_documents": len(train_docs),
                            "corpus_hash": corpus.hash, "models": {}}
    arrays: dict[str, np.ndarray] = {}
    for step, (key, ys) in enumerate(labels.items(), len(grid) + 1):
        model, loss = _fit(feats, ys, best[1])
        show(Step(step, total, f"final {key} model C={best[1]}", loss))
        meta["models"][key] = {"vocab": model.vocab, "classes": model.classes}
        arrays[f"{key}_coef"] = model.coef
        arrays[f"{key}_intercept"] = model.intercept
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / "weights.tmp.npz"
    np.savez_compressed(tmp, **arrays)
    tmp.replace(out_dir / "weights.npz")
    atomic_write_json(out_dir / "model.json", meta)
    return {k: v for k, v in meta.items() if k != "models"}
