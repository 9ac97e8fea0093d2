"""``enquete reproduce``: the main job — validate and build the corpus, train and run every offline
baseline on the test split, regenerate the leaderboard. One plain function, one CLI command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench.build import build
from bench.corpus import load_corpus
from bench.extractors import EXTRACTORS
from bench.leaderboard import leaderboard
from bench.runner import run


def reproduce(annotations: Path = Path("annotations"), corpus_dir: Path = Path("corpus"),
              results_dir: Path = Path("results"), split: str = "test",
              log: Callable[[str], None] = print) -> str:
    """Returns the leaderboard Markdown."""
    built = build(annotations, corpus_dir)
    log(f"built {corpus_dir}: {built.documents} documents, corpus hash {built.hash}")
    corpus = load_corpus(corpus_dir)
    for name, reg in EXTRACTORS.items():
        if not reg.offline:
            log(f"skip {name}: needs a network endpoint")
            continue
        if name == "trained.v1":
            from baselines.trained import MODEL_SUBDIR, train

            meta = train(corpus_dir, results_dir / MODEL_SUBDIR)
            log(f"trained trained.v1: C={meta['C']}, validation entity F1={meta['validation_entity_f1']}")
        # the runner hands the corpus and results folders to extractors that take them (rules.v1, trained.v1)
        res = run(name, corpus_dir, split, results_dir=results_dir, corpus=corpus)
        log(f"ran {name} on {split}: {res.record['throughput']['words_per_s'] or 0:,.0f} words/s "
            f"(machine-dependent figures in {res.results_path.parent / 'run.json'})")
    return leaderboard(results_dir, corpus_dir, split)
