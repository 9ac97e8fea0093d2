"""Training events-model.v1: rows from the train split's gold events over an sm parse, model selection
on the validation split (Trig-C, then Arg-C end to end over predicted triggers)."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baselines.common import default_corpus
from baselines.events_model import features as fx
from baselines.events_model.model import BASE, Models, load_nlp, span_root
from baselines.linear import LinearModel, fit, log_loss
from baselines.training import dir_hash, train_subset
from bench.common.progress import Step, reporter
from bench.errors import EnqueteError
from bench.types import Document, Prediction

NAME = "events-model.v1"
MODEL_SUBDIR = Path("models") / NAME  # under the results folder
MODEL_DIR = Path("results") / MODEL_SUBDIR
C_GRID = (0.3, 1.0, 3.0)
TRIGGER_THRESHOLDS = (0.15, 0.2, 0.3, 0.4, 0.5)
ARG_THRESHOLDS = (0.15, 0.2, 0.3, 0.4, 0.5)


@dataclass
class Rows:
    """Training rows of the four classifiers."""

    trigger: list[fx.Feats] = field(default_factory=list)
    trigger_y: list[str] = field(default_factory=list)
    type: list[fx.Feats] = field(default_factory=list)
    type_y: list[str] = field(default_factory=list)
    argument: list[fx.Feats] = field(default_factory=list)
    argument_y: list[str] = field(default_factory=list)
    realis: list[fx.Feats] = field(default_factory=list)
    realis_y: list[str] = field(default_factory=list)

    def add(self, doc: Any, gold: Document) -> None:
        heads: dict[int, str] = {}
        for ev in gold.events:
            trig = span_root(doc, ev.trigger.start, ev.trigger.end)
            if trig is None:
                continue
            heads.setdefault(trig.i, ev.type)
            self.realis.append(fx.realis_features(trig))
            self.realis_y.append(ev.realis)
            roles: dict[tuple[int, int], str] = {}
            for a in ev.arguments:
                roles.setdefault((a.start, a.end), a.role)
            for c in fx.candidates(trig.sent):
                if c[0] <= trig.i < c[1]:
                    continue
                span = doc[c[0]:c[1]]
                self.argument.append(fx.pair_features(doc, trig, ev.type, c))
                self.argument_y.append(roles.get((span.start_char, span.end_char), "NONE"))
        for t in fx.trigger_candidates(doc):
            f = fx.trigger_features(t)
            self.trigger.append(f)
            self.trigger_y.append("EV" if t.i in heads else "O")
            if t.i in heads:
                self.type.append(f)
                self.type_y.append(heads[t.i])


def lemma_types(parsed: Sequence[Any], gold: Sequence[Document]) -> dict[str, tuple[str, ...]]:
    """The types each train trigger's head lemma had: a token's type is chosen among these and its
    lexicon types (a word known to neither may take any type)."""
    out: dict[str, set[str]] = {}
    for doc, g in zip(parsed, gold, strict=True):
        for ev in g.events:
            root = span_root(doc, ev.trigger.start, ev.trigger.end)
            if root is not None:
                out.setdefault(root.lemma_.lower(), set()).add(ev.type)
    return {k: tuple(sorted(v)) for k, v in sorted(out.items())}


def events_scores(gold: Sequence[Document], docs: Sequence[Any], models: Models) -> dict[str, float | None]:
    """Trig-I/C, Arg-I/C F1 and realis accuracy of ``models`` on parsed gold documents."""
    from bench.scoring import score

    preds = {g.id: Prediction(g.id, events=tuple(models.events(d))) for g, d in zip(gold, docs, strict=True)}
    s = score(gold, preds, ["events"], n_boot=0, details=False)["scores"]["events"]
    return {k: s[k]["f1"] for k in ("trig_i", "trig_c", "arg_i", "arg_c")} | \
        {"realis_accuracy": s["realis_accuracy"]["accuracy"]}


def train(corpus_path: Path | None = None, out_dir: Path = MODEL_DIR, *, train_fraction: float = 1.0,
          progress: Callable[[Step], None] | None = None) -> dict[str, Any]:
    """Fit on (a ``train_fraction`` of) the train split, tune on validation, write the model; returns metadata.

    Each fit (one step) is reported to ``progress`` with its training loss and validation score (default:
    a live line on a terminal, one line per step otherwise)."""
    from bench.dataset.corpus import load_corpus
    from bench.io import atomic_write_json, replace_dir

    started = time.perf_counter()
    corpus = load_corpus(corpus_path or default_corpus())
    all_train = sorted(corpus.split("train"), key=lambda d: d.id)
    if not all_train:
        raise EnqueteError(f"{corpus.source}: no train documents to train {NAME} on")
    train_docs = train_subset(all_train, train_fraction)
    dev_docs = sorted(corpus.split("validation"), key=lambda d: d.id) or train_docs
    nlp = load_nlp()
    parsed = list(nlp.pipe([d.text for d in train_docs]))
    dev_parsed = list(nlp.pipe([d.text for d in dev_docs]))
    rows = Rows()
    for doc, gold in zip(parsed, train_docs, strict=True):
        rows.add(doc, gold)
    phrases = tuple(sorted({ev.trigger.text.lower() for d in train_docs for ev in d.events
                            if re.search(r"[\s-]", ev.trigger.text)}))
    types = lemma_types(parsed, train_docs)
    typer = fit(rows.type or [{}], rows.type_y or ["MEET"], 1.0)
    realis = fit(rows.realis or [{}], rows.realis_y or ["ACTUAL"], 1.0)
    no_args = fit([{}], ["NONE"], 1.0)
    n_steps = 2 * len(C_GRID) + 1
    show = progress or reporter(NAME)
    history: list[dict[str, Any]] = []

    def report(stage: str, c: float, model: LinearModel, x: list[fx.Feats], y: list[str],
               scores: dict[str, Any]) -> None:
        loss = log_loss(model, x, y)
        history.append({"step": len(history) + 1, "stage": stage, "C": c, "train_loss": loss, **scores})
        metric = "Arg-C" if stage != "trigger" else "Trig-C"
        value = scores.get("arg_c" if stage != "trigger" else "trig_c")
        thresholds = f"thresholds {scores.get('trigger_threshold')}/{scores.get('arg_threshold', '-')}"
        show(Step(len(history), n_steps, f"{stage} C={c:g} ({thresholds})", loss, value, metric))

    def select(stage: str, x: list[fx.Feats], y: list[str], thresholds: Sequence[float],
               make: Callable[[LinearModel, float], Models], metric: str, extra: dict[str, Any]
               ) -> tuple[float, float, float, LinearModel]:
        best: tuple[float, float, float, LinearModel] | None = None
        for c in C_GRID:
            model = fit(x or [{}], y or ["O"], c)
            f1, th = max(((events_scores(dev_docs, dev_parsed, make(model, th))[metric] or 0.0, th)
                          for th in thresholds), key=lambda r: (r[0], -r[1]))
            report(stage, c, model, x, y, {**extra, metric: f1, f"{stage}_threshold": th})
            if best is None or f1 > best[0]:
                best = (f1, c, th, model)
        assert best is not None
        return best

    bt = select("trigger", rows.trigger, rows.trigger_y, TRIGGER_THRESHOLDS,
                    lambda m, th: Models(m, typer, no_args, realis, phrases, types, th, 1.0), "trig_c", {})
    ba = select("arg", rows.argument, rows.argument_y, ARG_THRESHOLDS,
                lambda m, th: Models(bt[3], typer, m, realis, phrases, types, bt[2], th), "arg_c",
                {"trig_c": bt[0], "trigger_threshold": bt[2]})
    models = Models(bt[3], typer, ba[3], realis, phrases, types, bt[2], ba[2])
    validation = events_scores(dev_docs, dev_parsed, models)
    report("realis", 1.0, realis, rows.realis, rows.realis_y,
           {**validation, "trigger_threshold": bt[2], "arg_threshold": ba[2]})
    seconds = time.perf_counter() - started

    def fill(target: Path) -> None:
        models.save(target, {"C": {"trigger": bt[1], "type": 1.0, "argument": ba[1], "realis": 1.0}})
        meta = {"name": NAME, "base": f"{BASE}-{nlp.meta.get('version')}", "corpus_hash": corpus.hash,
                "train_fraction": train_fraction, "train_documents": len(train_docs),
                "validation_documents": len(dev_docs) if corpus.split("validation") else 0,
                "rows": {"trigger": len(rows.trigger), "argument": len(rows.argument)},
                "trigger_types": dict(sorted(Counter(rows.type_y).items())),
                "validation": validation, "history": history, "model_hash": dir_hash(target)}
        atomic_write_json(target / "model.json", meta)

    replace_dir(Path(out_dir), fill)
    meta = json.loads((Path(out_dir) / "model.json").read_text(encoding="utf-8"))
    return {**{k: v for k, v in meta.items() if k not in ("history", "trigger_types")}, "seconds": seconds}
