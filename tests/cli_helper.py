"""Run the ``enquete`` console entry point in-process (faster than a subprocess, same behaviour)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench.cli import main


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
            cwd: Path | None = None, env: dict[str, str] | None = None) -> CliResult:
    """``enquete ARGS`` run from ``cwd`` with ``env`` added: exit status, stdout, stderr."""
    capsys.readouterr()
    with monkeypatch.context() as m:
        if cwd is not None:
            m.chdir(cwd)
        for key, value in (env or {}).items():
            m.setenv(key, value)
        m.setattr(sys, "argv", ["enquete", *args])
        code: Any = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code
    out = capsys.readouterr()
    return CliResult(int(code or 0), out.out, out.err)
