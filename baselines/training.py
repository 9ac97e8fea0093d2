"""What the trained baselines share: deterministic train subsets, model hashes, the corpus-hash check at
load, and training progress (a live bar on a terminal, one line per epoch otherwise)."""

from __future__ import annotations

import hashlib
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from bench.errors import EnqueteError
from bench.types import Document

#: Fractions of the train documents of the learning curves (nested subsets, see :func:`train_subset`).
CURVE_FRACTIONS: tuple[float, ...] = (0.25, 0.5, 1.0)


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


def fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


class Progress:
    """Training progress: a live bar (steps, loss, last validation score) on a terminal; otherwise one
    plain line per epoch. ``log`` receives the per-epoch lines and any other messages."""

    def __init__(self, name: str, total_steps: int, stream: TextIO | None = None,
                 log: Callable[[str], None] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.log = log or (lambda m: print(m, file=self.stream, flush=True))
        self.name = name
        self._bar: Any = None
        if self.stream.isatty() and total_steps > 0:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("{task.fields[status]}"),
                                 console=Console(file=self.stream), transient=True)
            self._task = self._bar.add_task(f"training {name}", total=total_steps, status="")
            self._bar.start()

    def step(self, n: int = 1, status: str = "") -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=n, status=status)

    def epoch(self, line: str) -> None:
        if self._bar is not None:
            self._bar.console.print(line)
        else:
            self.log(line)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
