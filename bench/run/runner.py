"""``enquete run``: run one extractor on a split, check its output, score it, write results atomically.

Outputs go to a deterministic place, ``results/<extractor>/<split>/``: ``predictions.jsonl`` and
``results.json`` (scores with intervals, extractor config, corpus hash) are machine-independent, so
re-running on another checkout reproduces them byte for byte; ``run.json`` (git-ignored) records what
depends on the machine and the moment: throughput, package versions, Python, git commit. A run that had
failures (only possible with ``keep_going``) says ``"complete": false`` and lists them; a run that fails
without ``keep_going`` writes nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import SCHEMA_VERSION
from bench.common.progress import Progress
from bench.common.provenance import provenance
from bench.dataset.corpus import Corpus, check_split, load_corpus
from bench.errors import EnqueteError, InputError
from bench.io import atomic_write_json, atomic_write_jsonl
from bench.run.extractors import DocumentInput, Extractor, create
from bench.run.predictions import check_prediction
from bench.scoring import score
from bench.types import LAYERS, Document, Prediction, prediction_to_dict


@dataclass(frozen=True, slots=True)
class RunResult:
    name: str
    split: str
    predictions_path: Path
    results_path: Path
    result: dict[str, Any]
    record: dict[str, Any]
    """Machine-dependent figures (``run.json``): throughput and provenance."""


def portable_path(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` (POSIX separators): no absolute path of this machine in shared files."""
    return Path(os.path.relpath(Path(path).resolve(), Path(base).resolve())).as_posix()


def _restrict(p: Prediction, layers: Sequence[str]) -> Prediction:
    return Prediction(p.id, *(p.layer(la) if la in layers else None for la in LAYERS))


def predict_all(extractor: Extractor, docs: Sequence[Document], layers: Sequence[str], keep_going: bool = False,
                batch_size: int | None = None) -> tuple[dict[str, Prediction], list[dict[str, str]], float]:
    """Predictions by document id, failures, and seconds spent inside ``predict``.

    A batch that raises is retried document by document to name the failing one. Every prediction is
    checked (right id, in order, offsets in range, known labels) — a malformed one is a failure.
    Documents go to ``predict`` in batches of ``batch_size`` (default: 1% of the documents, between 1 and
    16, so progress on stderr moves per document on a corpus of this size).
    """
    preds: dict[str, Prediction] = {}
    failures: list[dict[str, str]] = []
    seconds = 0.0
    batch_size = batch_size or max(1, min(16, len(docs) // 100))
    by_id = {d.id: d for d in docs}
    with Progress(f"predicting with {extractor.name}", total=len(docs)) as progress:
        for i in range(0, len(docs), batch_size):
            seconds += predict_batch(extractor, docs[i:i + batch_size], layers, keep_going, by_id, preds, failures)
            progress.advance(len(docs[i:i + batch_size]))
    return preds, failures, seconds


def predict_batch(extractor: Extractor, batch: Sequence[Document], layers: Sequence[str], keep_going: bool,
                   by_id: dict[str, Document], preds: dict[str, Prediction], failures: list[dict[str, str]]) -> float:
    """Predict one batch into ``preds``/``failures``; returns the seconds spent inside ``predict``."""
    seconds = 0.0

    def fail(doc_id: str, error: str, cause: BaseException | None = None) -> None:
        if not keep_going:
            raise EnqueteError(f"{extractor.name} failed on document {doc_id}: {error} "
                               "(use --keep-going to continue and record failures"
                               + ("; --debug shows the traceback)" if cause else ")")) from cause
        failures.append({"document": doc_id, "error": error})

    def accept(batch: Sequence[Document], out: Sequence[Prediction]) -> None:
        if len(out) != len(batch):
            raise EnqueteError(f"{extractor.name} returned {len(out)} predictions for {len(batch)} documents")
        for d, p in zip(batch, out, strict=True):
            if not isinstance(p, Prediction):
                fail(d.id, f"predict() must return bench.types.Prediction objects, got {type(p).__name__} "
                           "(a dict converts with bench.types.prediction_from_dict)")
                continue
            if p.id != d.id:
                fail(d.id, f"prediction out of order: got id {p.id!r}, expected {d.id!r} (return one "
                           "prediction per input document, in input order)")
                continue
            try:
                check_prediction(p, by_id[d.id], f"{extractor.name} on {d.id}")
            except InputError as exc:
                fail(d.id, str(exc))
                continue
            preds[d.id] = _restrict(p, layers)

    t0 = time.perf_counter()
    try:
        out = extractor.predict([DocumentInput.of(d) for d in batch])
        seconds += time.perf_counter() - t0
    except Exception:
        seconds += time.perf_counter() - t0
        for d in batch:
            t1 = time.perf_counter()
            try:
                one = extractor.predict([DocumentInput.of(d)])
                seconds += time.perf_counter() - t1
                accept([d], one)
            except EnqueteError:
                raise
            except Exception as exc:
                fail(d.id, f"{type(exc).__name__}: {exc}", exc)
        return seconds
    accept(batch, out)
    return seconds


def layer_warnings(name: str, layers: Sequence[str], preds: dict[str, Prediction], n_docs: int) -> list[str]:
    """Say when a declared layer came back missing (``None``) or without a single item: it scores 0."""
    out = []
    for layer in layers:
        missing = sum(1 for p in preds.values() if p.layer(layer) is None)
        items = sum(len(p.layer(layer) or ()) for p in preds.values())
        if missing:
            out.append(f"{name} declares {layer} but returned no {layer} layer for {missing} of {n_docs} "
                       f"document(s) (scored as empty)")
        elif items == 0 and preds:
            out.append(f"{name} declares {layer} but returned no {layer} for any of the {n_docs} document(s): "
                       f"its {layer} scores are 0")
    return out


def run(name: str, corpus_path: Path = Path("corpus"), split: str = "test", layers: Sequence[str] | None = None,
        config: dict[str, Any] | None = None, keep_going: bool = False, results_dir: Path = Path("results"),
        n_boot: int = 1000, corpus: Corpus | None = None) -> RunResult:
    """Run ``name`` on ``split`` and write ``results/<name>/<split>/{predictions.jsonl,results.json}``."""
    check_split(split, allow_all=False)
    corpus = corpus or load_corpus(corpus_path)
    docs = sorted(corpus.split(split), key=lambda d: d.id)
    if not docs:
        raise InputError(f"{corpus_path}: split {split!r} has no documents")
    extractor = create(name, config, defaults={"corpus": str(corpus_path), "results_dir": str(results_dir)})
    chosen = [la for la in (layers or extractor.provides) if la in extractor.provides]
    unknown = [la for la in (layers or ()) if la not in LAYERS]
    if unknown:
        raise InputError(f"unknown layer(s) {', '.join(unknown)}; choose from {', '.join(LAYERS)}")
    if not chosen:
        raise InputError(f"{name} provides {', '.join(extractor.provides)}; none of the requested layers")
    preds, failures, seconds = predict_all(extractor, docs, chosen, keep_going)
    words = sum(len(d.text.split()) for d in docs)
    results_dir = Path(results_dir)
    result = score(docs, preds, chosen, n_boot=n_boot, seed=0)
    warnings = layer_warnings(extractor.name, chosen, preds, len(docs))
    if warnings:
        result["warnings"] = warnings
    result.update({
        "kind": "enquete-run",
        "schema_version": SCHEMA_VERSION,
        "extractor": {"name": extractor.name, "registered_as": name, "provides": list(extractor.provides),
                      "config": extractor.config()},
        # the corpus folder relative to the results folder's parent (the project root by default)
        "corpus": {"source": portable_path(corpus_path, results_dir.parent), "hash": corpus.hash, "split": split,
                   "documents": len(docs)},
        "complete": not failures,
        "failures": failures,
    })
    record = {
        "kind": "enquete-run-record",
        "results": "results.json",
        "throughput": {"seconds": seconds, "documents": len(docs), "words": words,
                       "docs_per_s": len(docs) / seconds if seconds > 0 else None,
                       "words_per_s": words / seconds if seconds > 0 else None},
        "provenance": provenance(),
    }
    out_dir = results_dir / name.replace(":", "_").replace("/", "_") / split
    pred_path, res_path = out_dir / "predictions.jsonl", out_dir / "results.json"
    atomic_write_jsonl(pred_path, [prediction_to_dict(preds[d.id]) for d in docs if d.id in preds])
    atomic_write_json(res_path, result)
    atomic_write_json(out_dir / "run.json", record)
    return RunResult(name, split, pred_path, res_path, result, record)
