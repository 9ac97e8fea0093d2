"""`enquete reproduce` regenerates the committed results byte for byte: a clean checkout stays clean."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import make_split_root

from bench.pipeline import reproduce

PROJECT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow
MACHINE_KEYS = ("throughput", "git_commit", "words_per_s", "docs_per_s", "seconds", "python")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args], cwd=repo,
                          capture_output=True, text=True, check=True).stdout


def _keys(obj: object) -> set[str]:
    if isinstance(obj, dict):
        return set(obj) | {k for v in obj.values() for k in _keys(v)}
    if isinstance(obj, list):
        return {k for v in obj for k in _keys(v)}
    return set()


def test_reproduce_twice_leaves_a_clean_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    make_split_root(project)
    shutil.copyfile(PROJECT / ".gitignore", project / ".gitignore")
    monkeypatch.setenv("ENQUETE_POOL", str(project / "pool.jsonl"))
    monkeypatch.chdir(project)
    reproduce(Path("annotations"), Path("corpus"), Path("results"), log=lambda m: None)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "first reproduce")
    committed = _git(project, "ls-files").split()
    assert "LEADERBOARD.md" in committed and "results/leaderboard.html" in committed
    assert "results/rules.v1/test/results.json" in committed and "results/trained.v1/test/predictions.jsonl" in committed
    assert not [f for f in committed if f.endswith("run.json") or "/viewer/" in f or "models/" in f]
    for name in ("rules.v1", "spacy-sm.v1", "trained.v1"):
        text = (project / "results" / name / "test" / "results.json").read_text(encoding="utf-8")
        assert str(tmp_path) not in text
        assert not _keys(json.loads(text)) & set(MACHINE_KEYS), name
        record = json.loads((project / "results" / name / "test" / "run.json").read_text(encoding="utf-8"))
        assert record["throughput"]["documents"] == 1 and record["provenance"]["python"]
    assert "words/s" not in (project / "LEADERBOARD.md").read_text(encoding="utf-8")

    reproduce(Path("annotations"), Path("corpus"), Path("results"), log=lambda m: None)
    assert _git(project, "status", "--porcelain") == ""


def test_committed_results_are_machine_independent() -> None:
    for path in sorted((PROJECT / "results").glob("*/*/results.json")):
        text = path.read_text(encoding="utf-8")
        assert not _keys(json.loads(text)) & set(MACHINE_KEYS), path
        assert "/work/" not in text and "/home/" not in text and "/tmp/" not in text, path
    board = (PROJECT / "LEADERBOARD.md").read_text(encoding="utf-8")
    assert "words/s" not in board and "## Throughput" not in board
