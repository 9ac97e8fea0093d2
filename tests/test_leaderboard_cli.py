"""`enquete leaderboard` never replaces a board with an empty one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult

from bench.errors import EnqueteError
from bench.report.leaderboard import leaderboard


def test_leaderboard_without_results_refuses_and_keeps_the_board(corpus_dir: Path, tmp_path: Path,
                                                                 cli: Callable[..., CliResult]) -> None:
    board = tmp_path / "LEADERBOARD.md"
    board.write_text("# the real board\n", encoding="utf-8")
    proc = cli("leaderboard", "--results", str(tmp_path / "typo"), "--corpus", str(corpus_dir), cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert "no results" in lines[0] and str(tmp_path / "typo") in lines[0], lines[0]
    assert board.read_text(encoding="utf-8") == "# the real board\n"
    assert not (tmp_path / "typo").exists()


def test_leaderboard_function_refuses_an_empty_board(corpus_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "results").mkdir()
    with pytest.raises(EnqueteError, match="no results"):
        leaderboard(tmp_path / "results", corpus_dir, "test", markdown_path=tmp_path / "LEADERBOARD.md")
    assert not (tmp_path / "LEADERBOARD.md").exists()
    assert not (tmp_path / "results" / "leaderboard.html").exists()


def test_leaderboard_writes_next_to_its_results(corpus_dir: Path, tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    from bench.run.runner import run

    project = tmp_path / "project"
    run("rules.v1", corpus_dir, "test", results_dir=project / "results", n_boot=0,
        config={"corpus": str(corpus_dir)})
    proc = cli("leaderboard", "--results", str(project / "results"), "--corpus", str(corpus_dir), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "| rules.v1 |" in (project / "LEADERBOARD.md").read_text(encoding="utf-8")
    assert (project / "results" / "leaderboard.html").is_file()
    assert not (tmp_path / "LEADERBOARD.md").exists()
