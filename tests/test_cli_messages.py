"""What the CLI tells a new user: which split was scored, valid splits, which side is A, JSON vs JSON Lines,
help texts in one style with a description for every option."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import SPLIT_DOCS, CliResult
from typer.testing import CliRunner

from bench.cli import app
from bench.errors import InputError
from bench.io import iter_jsonl


def _all_docs(corpus: Path) -> Path:
    lines = []
    for split in SPLIT_DOCS:
        lines += (corpus / "data" / "documents" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    path = corpus.parent / "all.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_score_says_which_split_how_many_documents_and_what_it_ignored(split_corpus: Path, cli: Callable[..., CliResult]) -> None:
    proc = cli("score", str(split_corpus), str(_all_docs(split_corpus)), "--bootstrap", "0")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout + proc.stderr
    assert "scored 1 document(s) of split 'test'" in out, out
    assert "2 predicted document(s) outside split 'test' were ignored" in out, out
    proc = cli("score", str(split_corpus), str(_all_docs(split_corpus)), "--bootstrap", "0", "--split", "all")
    assert "scored 3 document(s) of split 'all'" in proc.stdout + proc.stderr
    assert "ignored" not in proc.stdout + proc.stderr


@pytest.mark.parametrize("command", [
    ["score", "{corpus}", "{pred}", "--split", "testing"],
    ["run", "rules.v1", "--split", "testing", "--corpus", "{corpus}"],
    ["export", "--format", "conll", "--out", "{tmp}/x", "--split", "testing", "--corpus", "{corpus}"],
    ["leaderboard", "--split", "testing", "--corpus", "{corpus}", "--results", "{tmp}/results"],
])
def test_unknown_split_lists_the_valid_ones(split_corpus: Path, command: list[str], cli: Callable[..., CliResult]) -> None:
    fill = {"corpus": str(split_corpus), "pred": str(_all_docs(split_corpus)), "tmp": str(split_corpus.parent)}
    proc = cli(*(c.format(**fill) for c in command))
    assert proc.returncode == 1
    assert "unknown split 'testing'" in proc.stderr and "train, validation, test" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_compare_says_which_side_is_a(split_corpus: Path, tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    gold = split_corpus / "data" / "documents" / "test.jsonl"
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps({"id": SPLIT_DOCS["test"], "entities": []}) + "\n", encoding="utf-8")
    proc = cli("score", str(split_corpus), str(gold), "--compare", str(empty), "--layer", "entities",
                "--bootstrap", "50")
    assert proc.returncode == 0, proc.stderr
    assert f"A = {gold}" in proc.stdout and f"B = {empty}" in proc.stdout, proc.stdout
    assert "delta = A − B" in proc.stdout


def test_unterminated_string_message_reads_well(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "abc', encoding="utf-8")  # a truncated last line
    with pytest.raises(InputError) as info:
        list(iter_jsonl(path, lambda obj, where: obj))
    assert "at at" not in str(info.value)
    assert "Unterminated string starting at column 8" in str(info.value)


@pytest.mark.parametrize("content", ['{\n  "id": "x",\n  "entities": []\n}\n', '[{"id": "x"}, {"id": "y"}]\n',
                                     '[\n  {"id": "x"}\n]\n'])
def test_a_json_file_is_told_to_be_json_lines(tmp_path: Path, content: str) -> None:
    path = tmp_path / "pred.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"expected JSON Lines \(one JSON object per line\)"):
        list(iter_jsonl(path, lambda obj, where: obj))


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every command and sub-command (typer's groups are not necessarily ``click.Group`` instances)."""
    out = []
    for name, cmd in sorted(group.commands.items()):
        out.append((f"{prefix}{name}", cmd))
        if getattr(cmd, "commands", None):
            out += _commands(cmd, f"{prefix}{name} ")
    return out


COMMANDS = _commands(typer.main.get_command(app))  # type: ignore[arg-type]


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], prog_name="enquete", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS])
def test_every_option_has_a_description_and_no_type_tag(name: str) -> None:
    cmd = dict(COMMANDS)[name]
    for param in cmd.params:
        assert getattr(param, "help", None), f"enquete {name}: {param.name} has no description"
    text = _help(*name.split())
    assert text.lstrip().startswith(f"Usage: enquete {name} "), text[:200]
    options = text.split("Options:", 1)[1]
    assert not re.search(r"<[a-z][a-z\[\]|, ]*>", options), options  # no <bool>, <str>, <list[str]> tags
    assert "--help  " in options or "--help " in options


def test_perf_help_has_the_same_style() -> None:
    text = _help("perf")
    assert text.lstrip().startswith("Usage: enquete perf [OPTIONS]")
    assert "--quick" in text and "usage: python -m bench.perf" not in text
