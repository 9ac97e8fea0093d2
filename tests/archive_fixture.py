"""Extractors for the archive-runner tests (plugged in as ``archive_fixture:Class``).

``Capitals`` is deterministic and fast: every capitalised word is a PERSON entity. ``DiesOnce`` is
``Capitals`` that kills its own process the first time it meets document ``die_on`` — once: a marker
file in ``marker_dir`` records that it died — so a run with it tests retries and resumes; with ``log``
it appends every document id it is asked to predict to that file (to count what a resumed run redid).
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.run.extractors import DocumentInput
from bench.types import Entity, Prediction

WORD = re.compile(r"\b[A-Z][a-z]+\b")


class Capitals:
    name = "capitals.test"
    provides = ("entities",)

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        return [Prediction(d.id, entities=tuple(
            Entity(f"T{i + 1}", m.start(), m.end(), m.group(), "PERSON")
            for i, m in enumerate(WORD.finditer(d.text)))) for d in documents]

    def config(self) -> dict[str, Any]:
        return {}


class DiesOnce(Capitals):
    def __init__(self, die_on: str, marker_dir: str, how: str = "exit", log: str = "") -> None:
        self.die_on, self.marker, self.how = die_on, Path(marker_dir) / f"died-{die_on}", how
        self.log = Path(log) if log else None

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        if self.log is not None:
            with self.log.open("a", encoding="utf-8") as fh:
                fh.writelines(d.id + "\n" for d in documents)
        if any(d.id == self.die_on for d in documents) and not self.marker.exists():
            self.marker.write_text("died\n")
            if self.how == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            os._exit(3)
        return super().predict(documents)

    def config(self) -> dict[str, Any]:
        return {}  # same identity as Capitals' runs: the output must be identical
