"""Long work shows progress: per document, a line every few seconds when stderr is not a terminal."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench.common.progress import Progress
from bench.dataset.corpus import load_corpus
from bench.run.extractors import DocumentInput
from bench.run.runner import predict_all
from bench.types import Prediction


def test_progress_prints_a_line_every_interval_when_not_a_terminal() -> None:
    out = io.StringIO()
    with Progress("working", total=4, unit="documents", stream=out, interval=0.05) as prog:
        for _ in range(4):
            time.sleep(0.03)
            prog.advance()
        prog.status("fitting")
        time.sleep(0.2)  # a long step without advances still gets heartbeat lines
    lines = out.getvalue().splitlines()
    assert any(re.match(r"working: [1-3]/4 documents \(\d+%\)", line) for line in lines), lines
    assert any("4/4" in line and "fitting" in line for line in lines), lines
    assert lines[-1].startswith("working: done, 4/4 documents in "), lines


def test_progress_is_quiet_for_short_work() -> None:
    out = io.StringIO()
    with Progress("quick", total=2, stream=out, interval=60) as prog:
        prog.advance(2)
    assert out.getvalue() == ""


@dataclass
class Slow:
    name: str = "slow.v0"
    provides: tuple[str, ...] = ("entities",)

    def config(self) -> dict[str, Any]:
        return {}

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        return [Prediction(d.id, entities=()) for d in documents]


def test_prediction_progress_is_per_document(split_corpus: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENQUETE_PROGRESS_INTERVAL", "0")
    docs = load_corpus(split_corpus).documents
    predict_all(Slow(), docs, ["entities"])
    err = capsys.readouterr().err
    for i in range(1, len(docs) + 1):
        assert f"predicting with slow.v0: {i}/{len(docs)} documents" in err, err

