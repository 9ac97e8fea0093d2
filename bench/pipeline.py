"""``enquete reproduce``: the main job — validate and build the corpus, train and run every offline
baseline on the test split, draw the learning curves, regenerate the leaderboard. One plain function,
one CLI command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.dataset.build import build
from bench.dataset.corpus import load_corpus
from bench.report.leaderboard import leaderboard
from bench.run.curves import learning_curves
from bench.run.extractors import EXTRACTORS, train
from bench.run.runner import run


def reproduce(annotations: Path = Path("annotations"), corpus_dir: Path = Path("corpus"),
              results_dir: Path = Path("results"), split: str = "test",
              log: Callable[[str], None] = print, options: dict[str, dict[str, Any]] | None = None,
              curves: bool = True) -> str:
    """Returns the leaderboard Markdown. ``options`` are training options per extractor
    (e.g. ``{"spacy-ner-ft.v1": {"max_epochs": 10}}``); models go to ``results_dir/models/<name>``."""
    built = build(annotations, corpus_dir)
    log(f"built {corpus_dir}: {built.documents} documents, corpus hash {built.hash}")
    corpus = load_corpus(corpus_dir)
    for name, reg in EXTRACTORS.items():
        if not reg.offline:
            log(f"skip {name}: needs a network endpoint")
            continue
        config: dict[str, Any] | None = None
        if reg.trainer:
            model_dir = results_dir / "models" / name
            meta = train(name, corpus_dir, model_dir, (options or {}).get(name))
            shown = {k: meta[k] for k in ("C", "validation_entity_f1", "best_epoch", "validation", "model_hash")
                     if k in meta}
            took = f" in {meta['seconds']:.0f} s" if isinstance(meta.get("seconds"), float) else ""
            log(f"trained {name}{took}: {shown}")
            config = {"model_dir": str(model_dir), "corpus": str(corpus_dir)}
        res = run(name, corpus_dir, split, config=config, results_dir=results_dir, corpus=corpus)
        log(f"ran {name} on {split}: {res.record['throughput']['words_per_s'] or 0:,.0f} words/s "
            f"(machine-dependent figures in {res.results_path.parent / 'run.json'})")
    if curves:
        learning_curves(corpus_dir, results_dir, split, options=options, log=log)
    return leaderboard(results_dir, corpus_dir, split)
