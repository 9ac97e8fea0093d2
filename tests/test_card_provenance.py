"""The dataset card says truthfully who annotated: AI annotators, machine-generated, no person (yet)."""

from __future__ import annotations

from pathlib import Path

import yaml


def test_card_provenance_is_truthful(corpus_dir: Path) -> None:
    card = (corpus_dir / "README.md").read_text(encoding="utf-8")
    header = yaml.safe_load(card.split("---")[1])
    assert header["annotations_creators"] == ["machine-generated"]
    assert "**AI annotators** (language-model agents), not people" in card
    assert "agreement between two independent annotation runs" in card
    assert "not human inter-annotator agreement" in card
    for claim in ("decided by a person", "annotated **by hand**", "hand-annotated entities"):
        assert claim not in card
