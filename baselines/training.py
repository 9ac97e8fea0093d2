"""What the model baselines share: deterministic train subsets, model hashes and the corpus-hash check at
load (progress is :mod:`bench.common.progress`)."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.errors import EnqueteError
from bench.types import Document


def train_subset(docs: Sequence[Document], fraction: float) -> list[Document]:
    """The first ``ceil(fraction · n)`` documents in SHA-256-of-id order, returned sorted by id.

    Deterministic and machine-independent, and nested: the 25% subset is inside the 50% subset.
    """
    if not 0 < fraction <= 1:
        raise EnqueteError(f"train fraction must be in (0, 1], got {fraction}")
    ranked = sorted(docs, key=lambda d: hashlib.sha256(d.id.encode("utf-8")).hexdigest())
    return sorted(ranked[:max(1, math.ceil(fraction * len(ranked)))], key=lambda d: d.id)


def dir_hash(path: Path) -> str:
    """SHA-256 (16 hex digits) of every file under ``path``: relative names and bytes, in sorted order."""
    h = hashlib.sha256()
    root = Path(path)
    for p in sorted(q for q in root.rglob("*") if q.is_file()):
        h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def check_corpus(name: str, model_dir: Path, trained_on: str | None, corpus_hash: str) -> None:
    """One-line error when the stored model was trained on another corpus version."""
    if trained_on != corpus_hash:
        raise EnqueteError(f"{model_dir}: {name} was trained on corpus {trained_on}, but the corpus is {corpus_hash}; "
                           f"retrain it with `enquete train {name}`")


def open_model(model_dir: str | None, results_dir: str, subdir: Path, corpus: str | None,
               train: Callable[[Path, Path], Any]) -> tuple[Path, Path, dict[str, Any]]:
    """Where a model baseline's model lives (``model_dir``, else ``<results_dir>/<subdir>``), the corpus it
    is for, and its ``model.json``; trains it first when there is none yet."""
    from baselines.common import default_corpus

    path = Path(model_dir) if model_dir else Path(results_dir) / subdir
    corpus_path = Path(corpus) if corpus else default_corpus()
    if not (path / "model.json").is_file():
        train(corpus_path, path)
    return path, corpus_path, json.loads((path / "model.json").read_text(encoding="utf-8"))
