"""`enquete stats`: counts per split, label, type, source kind and genre; tokens per document; density."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report.stats import corpus_stats, format_stats
from bench.types import Document, Entity, Quote, Span, document_to_dict


def test_counts_on_the_mini_corpus(corpus_dir: Path) -> None:
    s = corpus_stats(corpus_dir)
    o = s["overall"]
    assert (o["documents"], o["entities"], o["quotes"], o["events"], o["event_arguments"]) == (1, 6, 1, 1, 4)
    assert list(s["splits"]) == ["test"] and s["splits"]["test"]["entities"] == 6
    assert s["entity_labels"] == {"PERSON": 3, "CARDINAL": 1, "DATE": 1, "GPE": 1}  # by count, then name
    assert s["event_types"] == {"MEET": 1} and s["quote_types"] == {"DIRECT": 1}
    assert s["source_kinds"] == {"PERSON": 1} and s["genres"] == {"news": 1}
    assert o["tokens"] == {"total": 20, "min": 20, "mean": 20.0, "max": 20}
    assert o["density_per_1000_tokens"]["entities"] == pytest.approx(300.0)
    assert s["linked_entity_mentions"] == 4 and s["corpus"]["registry_entries"] == 3
    json.dumps(s)  # plain data


def test_splits_min_mean_max_and_empty_layers(tmp_path: Path) -> None:
    docs = [Document("a", "One two three.", split="train", genre="news",
                     entities=(Entity("T1", 0, 3, "One", "CARDINAL"),)),
            Document("b", "One two three four five.", split="train", genre="statement",
                     quotes=(Quote("Q1", "INDIRECT", None, None, None, "ANONYMOUS", (Span(4, 7, "two"),)),)),
            Document("c", "Six.", split="validation")]
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(document_to_dict(d)) + "\n" for d in docs), encoding="utf-8")
    s = corpus_stats(path)
    assert list(s["splits"]) == ["train", "validation"]
    assert s["splits"]["train"]["tokens"] == {"total": 10, "min": 4, "mean": 5.0, "max": 6}
    assert s["splits"]["validation"]["entities"] == 0 and s["event_types"] == {}
    assert s["genres"] == {"(none)": 1, "news": 1, "statement": 1} and s["source_kinds"] == {"ANONYMOUS": 1}
    text = format_stats(s)
    assert "validation" in text and "event type  count" in text and "(none)" in text


def test_format_and_cli(corpus_dir: Path) -> None:
    text = format_stats(corpus_stats(corpus_dir))
    lines = text.splitlines()
    assert lines[2].split() == ["split", "docs", "entities", "quotes", "events", "arguments", "tokens", "tok/doc",
                                "min", "mean", "max"]
    assert lines[4].split() == ["all", "1", "6", "1", "1", "4", "20", "20", "20.0", "20"]
    for title in ("entity label", "event type", "quote type", "source kind", "genre",
                  "Annotation density per 1,000 tokens"):
        assert title in text
    out = subprocess.run([sys.executable, "-m", "bench.cli", "stats", "--corpus", str(corpus_dir)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0 and out.stdout.strip() == text
