"""AGREEMENT.md: named as agreement between two independent annotation runs (AI annotators), with the
per-label tables, a per-document table of who annotated each pass under which guidelines, and one batch.
Pass pairs are grouped by annotation batch; a document listed twice counts once, in the last group that
lists it (its newest pair of passes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DOC_ID, DOC_YAML, REGISTRY, make_root, run_cli

from bench.agreement.report import TITLE, batch_documents, build_report
from bench.errors import EnqueteError


def _passes(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    for name, annotator, version in (("a", "ann-a1", "1.1"), ("b", "ann-b9", "1.2")):
        p = root / "passes" / name
        (p / "documents").mkdir(parents=True)
        (p / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
        doc = DOC_YAML.replace("status: done\n", f"annotators: [{annotator}]\nguidelines: \"{version}\"\nstatus: done\n")
        if name == "b":  # pass B calls "Three" a QUANTITY
            doc = doc.replace("label: CARDINAL", "label: QUANTITY")
        (p / "documents" / f"{DOC_ID}.yaml").write_text(doc, encoding="utf-8")
    (root / "batches.yaml").write_text(f"batch-1:\n- {DOC_ID}\nbatch-2: []\n", encoding="utf-8")
    return root


def test_report_names_the_figures_and_lists_who_annotated_each_pass(tmp_path: Path) -> None:
    root = _passes(tmp_path)
    text, summary = build_report(root)
    assert text.startswith(f"# {TITLE}\n") and TITLE == "Agreement between two independent annotation runs (AI annotators)"
    assert "not human inter-annotator agreement" in text and "Inter-annotator agreement" not in text
    assert f"| `{DOC_ID}` | batch-1 | ann-a1 | ann-b9 | 1.1 | 1.2 |" in text
    assert "## Entities: strict F1 per label" in text and "| CARDINAL |" in text  # per-label tables kept
    assert summary["title"] == TITLE and summary["documents"] == 1


def test_one_batch_from_batches_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = _passes(tmp_path)
    assert batch_documents(root, "batch-1") == [DOC_ID]
    with pytest.raises(EnqueteError, match=r"no batch 'batch-9'.*known: batch-1, batch-2"):
        batch_documents(root, "batch-9")
    code, out, err = run_cli(capsys, monkeypatch, "agreement", str(root / "passes" / "a"), str(root / "passes" / "b"),
                             "--batch", "batch-1")
    assert code == 0, err
    assert out.splitlines()[0].startswith("Entity strict F1") and "0.833" in out.splitlines()[0]


def test_missing_batches_file_is_one_line(tmp_path: Path) -> None:
    root = _passes(tmp_path)
    (root / "batches.yaml").unlink()
    shutil.rmtree(root / "passes" / "b")
    with pytest.raises(EnqueteError, match=r"batches\.yaml is missing"):
        build_report(root)


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
