"""The corpus build: loads with `datasets` offline, is deterministic, refuses invalid input atomically."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from conftest import DOC_YAML, make_root

from bench.dataset.build import build, stale_files
from bench.errors import EnqueteError


def test_build_loads_with_datasets_offline(tmp_path: Path) -> None:
    from datasets import load_dataset

    root = make_root(tmp_path)
    out = tmp_path / "corpus"
    build(root, out, pool_path=tmp_path / "pool.jsonl")
    docs = load_dataset(str(out), "documents")
    assert list(docs) == ["test"]
    row = docs["test"][0]
    assert row["entities"][0]["text"] == "Blinken" and row["quotes"][0]["cue"]["text"] == "said"
    assert row["quotes"][0]["addressee"] is None
    toks = load_dataset(str(out), "tokens")["test"]
    names = toks.features["ner_tags"].feature.names
    assert [names[i] for i in toks[0]["ner_tags"][:3]] == ["B-PERSON", "O", "B-PERSON"]
    reg = load_dataset(str(out), "registry")["train"]
    assert sorted(reg["id"]) == ["antony-blinken", "emmanuel-macron", "paris"]
    card = (out / "README.md").read_text(encoding="utf-8")
    for section in ("## Dataset summary", "## Dataset structure", "## Data splits", "## Annotation process",
                    "## Licences", "## Limitations", "## Citation", "config_name: documents"):
        assert section in card


def test_documents_not_done_are_not_published(tmp_path: Path) -> None:
    root = make_root(tmp_path, DOC_YAML.replace("status: done", "status: todo"))
    out = tmp_path / "corpus"
    result = build(root, out, pool_path=tmp_path / "pool.jsonl")
    assert result.documents == 0
    assert not (out / "data" / "documents" / "test.jsonl").exists()


def test_build_is_deterministic(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    build(root, tmp_path / "c1", pool_path=tmp_path / "pool.jsonl")
    build(root, tmp_path / "c2", pool_path=tmp_path / "pool.jsonl")
    cmp = filecmp.dircmp(tmp_path / "c1", tmp_path / "c2")
    assert not cmp.diff_files and not cmp.left_only and not cmp.right_only
    assert stale_files(root, tmp_path / "c1", tmp_path / "pool.jsonl") == []


def test_stale_corpus_is_detected(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    out = tmp_path / "corpus"
    build(root, out, pool_path=tmp_path / "pool.jsonl")
    (out / "README.md").write_text("edited by hand", encoding="utf-8")
    assert stale_files(root, out, tmp_path / "pool.jsonl") == ["README.md"]


def test_invalid_annotations_write_nothing_and_keep_previous_corpus(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    out = tmp_path / "corpus"
    build(root, out, pool_path=tmp_path / "pool.jsonl")
    before = (out / "README.md").read_text(encoding="utf-8")
    (root / "documents" / "wn-20210101-test-doc.yaml").write_text(DOC_YAML.replace("label: GPE", "label: CITY"),
                                                                   encoding="utf-8")
    with pytest.raises(EnqueteError, match="unknown-label"):
        build(root, out, pool_path=tmp_path / "pool.jsonl")
    assert (out / "README.md").read_text(encoding="utf-8") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".corpus")]


def test_committed_corpus_is_current() -> None:
    """CI guard: the committed corpus/ equals a fresh build of annotations/."""
    project = Path(__file__).resolve().parent.parent
    if not (project / "corpus" / "README.md").is_file():
        pytest.fail("corpus/ is missing: run `enquete build`")
    assert stale_files(project / "annotations", project / "corpus") == []
