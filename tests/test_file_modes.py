"""Outputs follow the umask like any other tool (no 0600 files, no 0700 folders)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.common.outdir import replace_output_dir
from bench.io import atomic_write_json, atomic_write_jsonl, atomic_write_text, replace_dir


@pytest.fixture(params=[0o022, 0o002, 0o077])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_atomic_writes_follow_the_umask(tmp_path: Path, umask: int) -> None:
    atomic_write_text(tmp_path / "a.md", "x")
    atomic_write_json(tmp_path / "new" / "b.json", {"a": 1})
    atomic_write_jsonl(tmp_path / "c.jsonl", [{"a": 1}])
    for name in ("a.md", "new/b.json", "c.jsonl"):
        assert _mode(tmp_path / name) == 0o666 & ~umask, name
    assert _mode(tmp_path / "new") == 0o777 & ~umask


def test_replaced_folders_follow_the_umask(tmp_path: Path, umask: int) -> None:
    def fill(tmp: Path) -> None:
        (tmp / "sub").mkdir()
        (tmp / "sub" / "f.txt").write_text("x", encoding="utf-8")

    replace_dir(tmp_path / "out", fill)
    assert _mode(tmp_path / "out") == 0o777 & ~umask
    assert _mode(tmp_path / "out" / "sub" / "f.txt") == 0o666 & ~umask
    files = replace_output_dir(tmp_path / "view", ".marker", lambda tmp: [])
    assert files == [] and _mode(tmp_path / "view") == 0o777 & ~umask
    assert _mode(tmp_path / "view" / ".marker") == 0o666 & ~umask


def test_run_outputs_follow_the_umask(corpus_dir: Path, tmp_path: Path, umask: int) -> None:
    from bench.run.runner import run

    res = run("rules.v1", corpus_dir, "test", results_dir=tmp_path / "results", n_boot=0,
              config={"corpus": str(corpus_dir)})
    for path in (res.predictions_path, res.results_path):
        assert _mode(path) == 0o666 & ~umask, path
    assert _mode(res.results_path.parent) == 0o777 & ~umask
