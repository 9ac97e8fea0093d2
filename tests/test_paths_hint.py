"""Outside the project root, commands say where they looked and how to point at the data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult

from bench.errors import EnqueteError


@pytest.fixture(autouse=True)
def _no_corpus_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENQUETE_CORPUS", raising=False)


@pytest.mark.parametrize("command", [["stats"], ["run", "rules.v1"], ["export", "--format", "conll", "--out", "x"],
                                     ["show"], ["train"]])
def test_missing_corpus_says_where_it_looked_and_how_to_point_at_it(tmp_path: Path, command: list[str], cli: Callable[..., CliResult]) -> None:
    proc = cli(*command, cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert str(tmp_path / "corpus") in lines[0]
    assert "--corpus" in lines[0] and "ENQUETE_CORPUS" in lines[0]


def test_enquete_corpus_variable_points_at_the_corpus(corpus_dir: Path, tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = cli("stats", cwd=elsewhere, env={"ENQUETE_CORPUS": str(corpus_dir)})
    assert proc.returncode == 0, proc.stderr
    assert "test" in proc.stdout


def test_validate_outside_the_project_names_the_missing_annotation_root(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    proc = cli("validate", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "stories-missing" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert str(tmp_path / "annotations") in lines[0] and "project root" in lines[0]


def test_validate_function_refuses_a_folder_that_is_no_annotation_root(tmp_path: Path) -> None:
    from bench.annotation.validate import validate

    with pytest.raises(EnqueteError, match="not an annotation root"):
        validate(tmp_path / "nowhere")
