"""Training progress: a live line on a terminal, one plain line per step (epoch) otherwise (logs, CI)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, slots=True)
class Step:
    """One finished training step: which model, its training loss and, when measured, a validation score."""

    index: int  # 1-based
    total: int
    what: str
    loss: float
    validation: float | None = None
    metric: str = ""

    def format(self, name: str) -> str:
        val = "" if self.validation is None else f", validation {self.metric} {self.validation:.4f}"
        return f"{name} step {self.index}/{self.total}: {self.what}, loss {self.loss:.4f}{val}"


def reporter(name: str, stream: TextIO | None = None) -> Callable[[Step], None]:
    """A callback printing each :class:`Step` of ``name``'s training to ``stream`` (stderr by default)."""
    out = stream if stream is not None else sys.stderr
    if not out.isatty():
        return lambda step: print(step.format(name), file=out, flush=True)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    prog = Progress(BarColumn(bar_width=20), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn("{task.description}"), console=Console(file=out))
    task: list[int] = []

    def show(step: Step) -> None:
        if not task:
            task.append(prog.add_task(name, total=step.total))
            prog.start()
        prog.update(task[0], completed=step.index, description=step.format(name).split(": ", 1)[1])
        if step.index >= step.total:
            prog.stop()

    return show
