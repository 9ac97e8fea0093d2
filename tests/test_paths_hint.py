"""Outside the project root, commands say where they looked and how to point at the data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.errors import EnqueteError


def _cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "ENQUETE_CORPUS"} | (env or {})
    return subprocess.run([sys.executable, "-m", "bench.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=full, check=False)


@pytest.mark.parametrize("command", [["stats"], ["run", "rules.v1"], ["export", "--format", "conll", "--out", "x"],
                                     ["show"], ["train"]])
def test_missing_corpus_says_where_it_looked_and_how_to_point_at_it(tmp_path: Path, command: list[str]) -> None:
    proc = _cli(*command, cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert str(tmp_path / "corpus") in lines[0]
    assert "--corpus" in lines[0] and "ENQUETE_CORPUS" in lines[0]


def test_enquete_corpus_variable_points_at_the_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = _cli("stats", cwd=elsewhere, env={"ENQUETE_CORPUS": str(corpus_dir)})
    assert proc.returncode == 0, proc.stderr
    assert "test" in proc.stdout


def test_validate_outside_the_project_names_the_missing_annotation_root(tmp_path: Path) -> None:
    proc = _cli("validate", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "stories-missing" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert str(tmp_path / "annotations") in lines[0] and "project root" in lines[0]


def test_validate_function_refuses_a_folder_that_is_no_annotation_root(tmp_path: Path) -> None:
    from bench.validate import validate

    with pytest.raises(EnqueteError, match="not an annotation root"):
        validate(tmp_path / "nowhere")
