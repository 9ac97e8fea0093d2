"""The agreement report groups pass pairs by annotation batch; a document listed twice counts once, in
the last group that lists it (its newest pair of passes)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.agreement_report import build_report
from tests.conftest import DOC_ID, make_root


def _with_passes(tmp_path: Path, batches: str) -> Path:
    root = make_root(tmp_path)
    for name in ("a", "b"):
        p = root / "passes" / name
        (p / "documents").mkdir(parents=True)
        shutil.copy(root / "documents" / f"{DOC_ID}.yaml", p / "documents")
        shutil.copy(root / "registry.yaml", p / "registry.yaml")
    (root / "batches.yaml").write_text(batches, encoding="utf-8")
    return root


def test_a_document_listed_twice_is_reported_in_the_last_group(tmp_path: Path) -> None:
    root = _with_passes(tmp_path, f"batch-1:\n- {DOC_ID}\nv2-test-completion:\n- {DOC_ID}\n")
    _text, data = build_report(root)
    assert data["batches"] == ["v2-test-completion"]
    assert data["groups"]["v2-test-completion"]["documents"] == [DOC_ID]
