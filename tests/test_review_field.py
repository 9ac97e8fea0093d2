"""The per-document ``review`` field: absent means ``none``; carried into the built dataset and counted."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DOC_YAML, make_root

from bench.dataset.build import build
from bench.dataset.features import document_features


def _built_row(tmp_path: Path, doc_yaml: str) -> tuple[dict[str, object], str]:
    root = make_root(tmp_path, doc_yaml)
    out = tmp_path / "corpus"
    build(root, out, pool_path=tmp_path / "pool.jsonl")
    row = json.loads((out / "data" / "documents" / "test.jsonl").read_text(encoding="utf-8"))
    return row, (out / "README.md").read_text(encoding="utf-8")


def test_absent_review_is_none_in_the_dataset_and_card(tmp_path: Path) -> None:
    row, card = _built_row(tmp_path, DOC_YAML)
    assert row["review"] == "none"
    assert "Documents reviewed by a person (`review: human`): 0 of 1." in card
    assert "review" in document_features()
    assert "name: review" in card.split("---")[1]  # declared in the card's features


def test_review_human_is_carried_and_counted(tmp_path: Path) -> None:
    row, card = _built_row(tmp_path, DOC_YAML.replace("status: done\n", "status: done\nreview: human\n"))
    assert row["review"] == "human"
    assert "Documents reviewed by a person (`review: human`): 1 of 1." in card
