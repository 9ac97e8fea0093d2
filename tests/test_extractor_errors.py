"""Extractor contract errors a plug-in author meets: a missing constructor option, a declared layer that
comes back empty, and an exception inside the plug-in (one line; the traceback with --debug)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import CliResult

from bench.errors import EnqueteError
from bench.run.extractors import DocumentInput, create
from bench.run.runner import run
from bench.types import Prediction


class NeedsModel:
    """A plug-in whose constructor requires an option."""

    name = "needs-model.v0"
    provides = ("entities",)

    def __init__(self, model_path: str, threshold: float = 0.5) -> None:
        self.model_path, self.threshold = model_path, threshold

    def config(self) -> dict[str, Any]:
        return {"model_path": self.model_path}

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        return [Prediction(d.id, entities=()) for d in documents]


@dataclass
class Silent:
    """Declares entities and quotes; returns no entities at all and no quotes layer."""

    name: str = "silent.v0"
    provides: tuple[str, ...] = ("entities", "quotes")

    def config(self) -> dict[str, Any]:
        return {}

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        return [Prediction(d.id, entities=()) for d in documents]


@dataclass
class Crashing:
    name: str = "crashing.v0"
    provides: tuple[str, ...] = ("entities",)

    def config(self) -> dict[str, Any]:
        return {}

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        return [self._one(d) for d in documents]

    def _one(self, doc: DocumentInput) -> Prediction:
        return {"oops": 1}["missing-key"]  # a bug in user code


def test_missing_constructor_option_is_named() -> None:
    with pytest.raises(EnqueteError) as info:
        create("test_extractor_errors:NeedsModel")
    message = str(info.value)
    assert "?" not in message and "unknown option" not in message, message
    assert "missing required option(s) model_path" in message and "--config model_path=" in message
    with pytest.raises(EnqueteError, match=r"unknown option\(s\) modelpath for --config; accepted: model_path, "
                                           r"threshold"):
        create("test_extractor_errors:NeedsModel", {"modelpath": "x"})
    assert create("test_extractor_errors:NeedsModel", {"model_path": "x"}).config() == {"model_path": "x"}


def test_declared_layer_returned_empty_warns_with_counts(split_corpus: Path, tmp_path: Path) -> None:
    res = run("test_extractor_errors:Silent", split_corpus, "test", results_dir=tmp_path / "r", n_boot=0)
    warnings = res.result.get("warnings", [])
    assert any("declares entities but returned no entities for any of the 1 document(s)" in w for w in warnings), \
        warnings
    assert any("declares quotes but returned no quotes layer for 1 of 1 document(s)" in w for w in warnings), warnings
    from bench.run.evaluate import format_table

    assert "warning: silent.v0 declares entities" in format_table(res.result)



def test_exception_in_user_code_is_one_line_and_debug_shows_the_traceback(
        split_corpus: Path, tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    args = ("run", "test_extractor_errors:Crashing", "--corpus", str(split_corpus), "--results", str(tmp_path / "r"))
    plain = cli(*args)
    assert plain.returncode == 1
    lines = plain.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in plain.stderr, plain.stderr
    assert "KeyError: 'missing-key'" in lines[0] and "--debug" in lines[0]
    debug = cli("--debug", *args)
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "in _one" in debug.stderr and "test_extractor_errors.py" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1].startswith("error: ")
