"""Progress of long work on stderr: a live display on a terminal, plain lines otherwise (logs, CI).

* :class:`Progress` counts units of work (documents): a bar on a terminal; otherwise a line
  ``<label>: <done>/<total> <unit> (<pct>%), <elapsed>s[, <status>]`` at most every ``interval`` seconds —
  also while one long step makes no advance — and ``<label>: done, ...`` at the end of work that
  printed anything. Short work stays silent. ``interval`` defaults to ``ENQUETE_PROGRESS_INTERVAL``
  (seconds) or 5; 0 prints every advance.
* :func:`reporter` prints training steps (:class:`Step`: one fit, its loss and validation score).

>>> with Progress("predicting", total=3) as prog:   # doctest: +SKIP
...     for doc in docs:
...         prog.advance()
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import IO, Any, TextIO

DEFAULT_INTERVAL = 5.0


def default_interval() -> float:
    try:
        return max(0.0, float(os.environ.get("ENQUETE_PROGRESS_INTERVAL", DEFAULT_INTERVAL)))
    except ValueError:
        return DEFAULT_INTERVAL


class Progress:
    """A context manager counting ``total`` units of work; see the module docstring."""

    def __init__(self, label: str, total: int, unit: str = "documents", stream: IO[str] | None = None,
                 interval: float | None = None) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.stream = stream if stream is not None else sys.stderr
        self.interval = default_interval() if interval is None else interval
        self.done = 0
        self._status = ""
        self._start = time.monotonic()
        self._last = self._start
        self._printed = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._bar: Any = None
        self._task: Any = None

    def _is_terminal(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def __enter__(self) -> Progress:
        self._start = self._last = time.monotonic()
        if self._is_terminal():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn(self.unit), TimeElapsedColumn(), TextColumn("{task.fields[status]}"),
                                     console=Console(file=self.stream), transient=True)
            self._task = self._bar.add_task(self.label, total=self.total, status="")
            self._bar.start()
        elif self.interval > 0:
            self._thread = threading.Thread(target=self._heartbeat, name=f"progress:{self.label}", daemon=True)
            self._thread.start()
        return self

    def advance(self, n: int = 1) -> None:
        with self._lock:
            self.done += n
        if self._bar is not None:
            self._bar.update(self._task, advance=n)
        elif time.monotonic() - self._last >= self.interval:
            self._line()

    def status(self, text: str) -> None:
        """What the work is doing now (shown with the count; useful during one long step)."""
        with self._lock:
            self._status = text
        if self._bar is not None:
            self._bar.update(self._task, status=text)

    def _line(self, final: bool = False) -> None:
        with self._lock:
            elapsed = time.monotonic() - self._start
            pct = f" ({100 * self.done // self.total}%)" if self.total and not final else ""
            head = f"{self.label}: done, " if final else f"{self.label}: "
            status = f", {self._status}" if self._status else ""
            tail = f" in {elapsed:.0f}s" if final else f", {elapsed:.0f}s{status}"
            print(f"{head}{self.done}/{self.total} {self.unit}{pct}{tail}", file=self.stream, flush=True)
            self._last = time.monotonic()
            self._printed = True

    def _heartbeat(self) -> None:
        while not self._stop.wait(min(self.interval, 1.0)):
            if time.monotonic() - self._last >= self.interval:
                self._line()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._bar is not None:
            self._bar.stop()
        elif self._printed and exc_type is None:
            self._line(final=True)


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
