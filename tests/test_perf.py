"""Smoke test of the benchmark script (tiny sizes; it asserts agreement of scorers, never speed)."""

from __future__ import annotations

from pathlib import Path

from conftest import make_root

from bench.dataset.build import build
from bench.perf.benchmark import main, synthetic_documents, synthetic_iob2


def test_perf_runs_on_tiny_sizes_and_writes_the_report(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    corpus = tmp_path / "corpus"
    build(root, corpus, pool_path=tmp_path / "pool.jsonl")
    out = tmp_path / "PERFORMANCE.md"
    assert main(["--quick", "--corpus", str(corpus), "--out", str(out), "--baseline", "rules.v1"], reexec=False) == 0
    text = out.read_text(encoding="utf-8")
    for heading in ("## Machine", "(a) Strict IOB2", "(b) All layers", "(c) `datasets.load_dataset`",
                    "(d) Offline baselines", "(e) Scaling", "F1 agrees to 1e-9"):
        assert heading in text, heading
    assert "| rules.v1 |" in text


def test_synthetic_corpora_have_the_requested_size() -> None:
    y_true, y_pred = synthetic_iob2(10_000)
    assert 10_000 <= sum(len(s) for s in y_true) < 10_100
    assert [len(s) for s in y_true] == [len(s) for s in y_pred]
    docs, preds = synthetic_documents(2_000)
    assert set(preds) == {d.id for d in docs}
    assert all(d.text[e.start:e.end] == e.text for d in docs for e in d.entities)
