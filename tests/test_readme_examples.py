"""The README's plug-in and library examples, extracted verbatim and run on a small built corpus."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
README = (PROJECT / "README.md").read_text(encoding="utf-8")


def code_block(first_line: str, lang: str = "python") -> str:
    """The README code block (```lang) whose first line starts with ``first_line``."""
    for body in re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S):
        if body.startswith(first_line):
            return body
    raise AssertionError(f"README has no ```{lang} block starting with {first_line!r}")


def enquete_exe() -> str:
    exe = Path(sys.executable).parent / "enquete"
    return str(exe) if exe.is_file() else shutil.which("enquete") or pytest.fail("enquete console script missing")


@pytest.fixture()
def project(split_corpus: Path) -> Path:
    """A folder with a built corpus at ./corpus, as in the README."""
    return split_corpus.parent


def test_readme_plugin_and_library_examples_run(project: Path) -> None:
    (project / "mymod.py").write_text(code_block("# mymod.py"), encoding="utf-8")
    commands = [line.split("#")[0].strip() for line in code_block("# in the folder holding mymod.py", "bash").splitlines()
                if line.strip().startswith("enquete ")]
    assert any("mymod:MyExtractor" in c for c in commands)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ENQUETE_CORPUS")}
    for command in commands:  # the console script, from the plug-in's folder, no PYTHONPATH
        proc = subprocess.run([enquete_exe(), *shlex.split(command)[1:]], cwd=project, env=env, capture_output=True,
                              text=True, check=False)
        assert proc.returncode == 0, f"{command}: {proc.stderr}"
    assert (project / "results" / "mymod_MyExtractor" / "test" / "results.json").is_file()
    assert (project / "my-results" / "mymod_MyExtractor" / "test" / "results.json").is_file()
    namespace: dict[str, object] = {}
    cwd = Path.cwd()
    os.chdir(project)
    try:
        exec(compile(code_block("from bench.dataset.corpus import load_corpus"), "README.md", "exec"), namespace)
    finally:
        os.chdir(cwd)
    result = namespace["result"]
    assert isinstance(result, dict)
    f1 = result["scores"]["entities"]["strict"]["f1"]
    assert f1 is not None and 0 < f1 <= 1
