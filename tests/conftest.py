"""Shared fixtures: a minimal, valid annotation root written into a temporary folder."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
# The suite's own Hugging Face cache (set before anything imports `datasets`): the user's
# ~/.cache/huggingface may hold another dataset called "corpus" and is never read or written by tests.
_HF_HOME = Path(tempfile.mkdtemp(prefix="enquete-tests-hf-"))
os.environ["HF_HOME"] = str(_HF_HOME)
os.environ["HF_DATASETS_CACHE"] = str(_HF_HOME / "datasets")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_HF_HOME, ignore_errors=True)


DOC_ID = "wn-20210101-test-doc"
TEXT = "Blinken met Macron in Paris on Tuesday. “We agree,” Blinken said. Three officials attended."

DOC_YAML = """\
id: wn-20210101-test-doc
title: Test doc
date: "2021-01-01"
publisher: Wikinews
url: "https://example.org/x"
license: "CC BY 2.5"
genre: news
story: s1
source: pool
status: done
entities:
- {id: T1, label: PERSON, start: 0, end: 7, text: Blinken, entity: antony-blinken}
- {id: T2, label: PERSON, start: 12, end: 18, text: Macron, entity: emmanuel-macron}
- {id: T3, label: GPE, start: 22, end: 27, text: Paris, entity: paris}
- {id: T4, label: DATE, start: 31, end: 38, text: Tuesday}
- {id: T5, label: PERSON, start: 52, end: 59, text: Blinken, entity: antony-blinken}
- {id: T6, label: CARDINAL, start: 66, end: 71, text: Three}
quotes:
- id: Q1
  type: DIRECT
  source_kind: PERSON
  speaker: antony-blinken
  cue: {start: 60, end: 64, text: said}
  source: {start: 52, end: 59, text: Blinken}
  content:
  - {start: 40, end: 51, text: "“We agree,”"}
  direct:
  - {start: 40, end: 51, text: "“We agree,”"}
events:
- id: V1
  type: MEET
  realis: ACTUAL
  polarity: POSITIVE
  trigger: {start: 8, end: 11, text: met}
  arguments:
  - {role: PARTICIPANT, start: 0, end: 7, text: Blinken, entity: antony-blinken}
  - {role: PARTICIPANT, start: 12, end: 18, text: Macron, entity: emmanuel-macron}
  - {role: PLACE, start: 22, end: 27, text: Paris, entity: paris}
  - {role: TIME, start: 31, end: 38, text: Tuesday}
"""

REGISTRY = """\
- {id: antony-blinken, name: "Antony Blinken", label: PERSON, aliases: [Blinken]}
- {id: emmanuel-macron, name: "Emmanuel Macron", label: PERSON, aliases: [Macron]}
- {id: paris, name: Paris, label: GPE, aliases: []}
"""


def make_root(base: Path, doc_yaml: str = DOC_YAML, text: str = TEXT, registry: str = REGISTRY) -> Path:
    """Write a project folder with annotations/ and a pool; return the annotations root."""
    root = base / "annotations"
    (root / "documents").mkdir(parents=True, exist_ok=True)
    (root / "texts").mkdir(exist_ok=True)
    (root / "stories.yaml").write_text("s1:\n  split: test\n  description: test story\n", encoding="utf-8")
    (root / "registry.yaml").write_text(registry, encoding="utf-8")
    (root / "texts" / f"{DOC_ID}.txt").write_text(text, encoding="utf-8")
    (root / "documents" / f"{DOC_ID}.yaml").write_text(doc_yaml, encoding="utf-8")
    pool = base / "pool.jsonl"
    pool.write_text(json.dumps({"id": DOC_ID, "title": "Test doc", "date": "2021-01-01", "publisher": "Wikinews",
                                "source_url": "https://example.org/x", "license": "CC BY 2.5", "genre": "news",
                                "text": TEXT}) + "\n", encoding="utf-8")
    return root


@pytest.fixture()
def mini_root(tmp_path: Path) -> Path:
    return make_root(tmp_path)


@pytest.fixture()
def mini_pool(tmp_path: Path, mini_root: Path) -> Path:
    return tmp_path / "pool.jsonl"


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    """The mini annotation root built into a corpus folder (``tmp_path / "corpus"``)."""
    from bench.dataset.build import build

    root = make_root(tmp_path)
    out = tmp_path / "corpus"
    build(root, out, pool_path=tmp_path / "pool.jsonl")
    return out


class CliResult(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
            cwd: Path | None = None, env: dict[str, str] | None = None) -> CliResult:
    """Run ``enquete ARGS`` through the console entry point in-process (from ``cwd``, with ``env`` added):
    (exit status, stdout, stderr)."""
    import sys

    from bench.cli import main

    capsys.readouterr()
    with monkeypatch.context() as m:
        if cwd is not None:
            m.chdir(cwd)
        for key, value in (env or {}).items():
            m.setenv(key, value)
        m.setattr(sys, "argv", ["enquete", *args])
        code: object = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code
    out = capsys.readouterr()
    return CliResult(int(code or 0), out.out, out.err)  # type: ignore[call-overload]


@pytest.fixture()
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """:func:`run_cli` bound to this test's capsys and monkeypatch: ``cli("score", ..., cwd=...)``."""
    return lambda *args, **kw: run_cli(capsys, monkeypatch, *args, **kw)


#: Three documents, one per split (same text, separate stories): for split-aware tests and training.
SPLIT_DOCS = {"train": "wn-20210102-train-doc", "validation": "wn-20210103-dev-doc", "test": DOC_ID}


def make_split_root(base: Path) -> Path:
    """Like :func:`make_root`, with one finished document in each of train, validation and test."""
    root = make_root(base)
    stories = "".join(f"s-{split}:\n  split: {split}\n  description: {split} story\n" for split in SPLIT_DOCS)
    (root / "stories.yaml").write_text(stories, encoding="utf-8")
    pool_rows = []
    for split, doc_id in SPLIT_DOCS.items():
        (root / "texts" / f"{doc_id}.txt").write_text(TEXT, encoding="utf-8")
        (root / "documents" / f"{doc_id}.yaml").write_text(
            DOC_YAML.replace(DOC_ID, doc_id).replace("story: s1", f"story: s-{split}"), encoding="utf-8")
        pool_rows.append(json.dumps({"id": doc_id, "title": "Test doc", "date": "2021-01-01", "publisher": "Wikinews",
                                     "source_url": "https://example.org/x", "license": "CC BY 2.5", "genre": "news",
                                     "text": TEXT}))
    (base / "pool.jsonl").write_text("\n".join(pool_rows) + "\n", encoding="utf-8")
    return root


@pytest.fixture()
def split_corpus(tmp_path: Path) -> Path:
    """:func:`make_split_root` built into ``tmp_path / "corpus"``."""
    from bench.dataset.build import build

    root = make_split_root(tmp_path)
    build(root, tmp_path / "corpus", pool_path=tmp_path / "pool.jsonl")
    return tmp_path / "corpus"


def make_train_corpus(base: Path) -> Path:
    """:func:`make_split_root` built into ``base / "corpus"`` (model baselines train on its train
    document, select on validation, and the contract and curve tests predict its test document)."""
    from bench.dataset.build import build

    root = make_split_root(base)
    build(root, base / "corpus", pool_path=base / "pool.jsonl")
    return base / "corpus"
