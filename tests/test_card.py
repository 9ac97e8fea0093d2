"""The dataset card travels alone: its documents ship with it, its links resolve inside corpus/, it
counts the (AI) annotators and its BibTeX names the corpus version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DOC_YAML, make_root

from bench.dataset.build import build, stale_files

PROJECT = Path(__file__).resolve().parent.parent
SHIPPED = ("GUIDELINES.md", "AGREEMENT.md", "ADJUDICATION.md", "CHANGELOG.md")


def _relative_links(card: str) -> list[str]:
    return [t for t in re.findall(r"\]\(([^)\s]+)\)", card) if not re.match(r"[a-z]+:|#", t)]


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    doc = DOC_YAML.replace("status: done", "annotators: [ann-a1, ann-rc2, adjudicator]\nstatus: done")
    root = make_root(tmp_path, doc)
    for name in SHIPPED:
        (root / name).write_text(f"# {name}\n\n## 2.0\n\nSee the corpus.\n\n## 1.0\n\nFirst.\n", encoding="utf-8")
    build(root, tmp_path / "corpus", pool_path=tmp_path / "pool.jsonl")
    return tmp_path / "corpus"


def test_guidelines_and_reports_travel_with_the_card(built: Path) -> None:
    root = built.parent / "annotations"
    for name in SHIPPED:
        assert (built / name).read_bytes() == (root / name).read_bytes()
    card = (built / "README.md").read_text(encoding="utf-8")
    links = _relative_links(card)
    assert set(SHIPPED) <= set(links), links
    for target in links:
        assert (built / target).is_file(), target
    (root / "GUIDELINES.md").write_text("# changed\n", encoding="utf-8")
    assert "GUIDELINES.md" in stale_files(root, built, built.parent / "pool.jsonl")


def test_committed_card_links_resolve_inside_the_corpus_folder() -> None:
    corpus = PROJECT / "corpus"
    card = (corpus / "README.md").read_text(encoding="utf-8")
    links = _relative_links(card)
    assert set(SHIPPED) <= set(links)
    for target in links:
        assert (corpus / target).is_file(), f"corpus/README.md links to {target}, which is not in corpus/"


def test_card_counts_the_ai_annotators(built: Path) -> None:
    card = (built / "README.md").read_text(encoding="utf-8")
    assert "3 distinct annotator ids" in card, card
    assert "AI annotators" in card


def test_bibtex_names_the_version_and_corpus_hash(built: Path) -> None:
    card = (built / "README.md").read_text(encoding="utf-8")
    corpus_hash = re.search(r"Corpus version [0-9.]+ \(hash of the document files: `([0-9a-f]{16})`", card).group(1)
    bib = card.split("```bibtex\n", 1)[1].split("```", 1)[0]
    assert re.search(rf"version\s*=\s*\{{[0-9.]+ \({corpus_hash}\)\}}", bib), bib
    assert re.search(r"note\s*=\s*\{.*corpus hash " + corpus_hash, bib), bib


def test_card_and_bibtex_name_the_corpus_version_from_the_changelog(built: Path) -> None:
    card = (built / "README.md").read_text(encoding="utf-8")
    assert "* Corpus version 2.0 (hash of the document files:" in card
    assert re.search(r"version = \{2\.0 \([0-9a-f]{16}\)\}", card)
    assert "[CHANGELOG.md](CHANGELOG.md)" in card
