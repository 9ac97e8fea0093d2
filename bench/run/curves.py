"""Learning curves: each model baseline trained on 25/50/100% of the train documents (nested,
deterministic subsets, :func:`baselines.training.train_subset`), scored on the test split with 95%
bootstrap intervals, written to ``results/learning_curves.json`` and drawn on the leaderboard.

The file holds only machine-independent values (scores, counts, corpus and model hashes — no timings),
so ``enquete reproduce`` rewrites it byte for byte on the same machine.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import SCHEMA_VERSION
from bench.dataset.corpus import load_corpus
from bench.errors import InputError
from bench.io import atomic_write_json, read_json
from bench.run.extractors import EXTRACTORS, create, train
from bench.run.runner import predict_all
from bench.scoring import score

CURVES_FILE = "learning_curves.json"
FRACTIONS: tuple[float, ...] = (0.25, 0.5, 1.0)
KEEP = ("precision", "recall", "f1", "tp", "n_pred", "n_gold", "ci95")


def curve_extractors() -> list[str]:
    """Registered offline extractors that declare a learning curve."""
    return sorted(n for n, r in EXTRACTORS.items() if r.curve and r.trainer and r.offline)


def model_dir(results_dir: Path, name: str, fraction: float) -> Path:
    """The full model lives where ``enquete train``/``reproduce`` put it; smaller ones beside it."""
    base = Path(results_dir) / "models"
    return base / name if fraction == 1.0 else base / "curves" / name / f"{round(fraction * 100):d}"


def _is_current(path: Path, corpus_hash: str, fraction: float) -> bool:
    meta_path = path / "model.json"
    if not meta_path.is_file():
        return False
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return meta.get("corpus_hash") == corpus_hash and meta.get("train_fraction") == fraction


def learning_curves(corpus_dir: Path = Path("corpus"), results_dir: Path = Path("results"), split: str = "test",
                    names: Sequence[str] | None = None, fractions: Sequence[float] = FRACTIONS,
                    options: dict[str, dict[str, Any]] | None = None, n_boot: int = 1000,
                    log: Callable[[str], None] = print) -> dict[str, Any]:
    """Train (or reuse a current model), predict and score every point; write and return the curves."""
    corpus = load_corpus(corpus_dir)
    docs = sorted(corpus.split(split), key=lambda d: d.id)
    if not docs:
        raise InputError(f"{corpus_dir}: split {split!r} has no documents")
    out: dict[str, Any] = {"kind": "enquete-learning-curves", "schema_version": SCHEMA_VERSION,
                           "corpus": {"hash": corpus.hash, "split": split, "documents": len(docs),
                                      "train_documents": len(corpus.split("train"))},
                           "fractions": list(fractions), "config": {"bootstrap": n_boot, "seed": 0, "ci_level": 0.95},
                           "extractors": {}}
    for name in names or curve_extractors():
        metrics = EXTRACTORS[name].curve
        layers = sorted({m.split(".", 1)[0] for m in metrics})
        points = []
        for fraction in fractions:
            path = model_dir(results_dir, name, fraction)
            if not _is_current(path, corpus.hash, fraction):
                train(name, corpus_dir, path, {"train_fraction": fraction, **(options or {}).get(name, {})})
            extractor = create(name, {"model_dir": str(path), "corpus": str(corpus_dir)})
            preds, _, _ = predict_all(extractor, docs, layers)
            scores = score(docs, preds, layers, n_boot=n_boot, seed=0, details=False)["scores"]
            meta = extractor.config()
            point = {"fraction": fraction, "train_documents": meta.get("train_documents"),
                     "model_hash": meta.get("model_hash"),
                     "scores": {m: {k: scores[m.split(".")[0]][m.split(".")[1]].get(k) for k in KEEP}
                                for m in metrics}}
            points.append(point)
            log(f"learning curve {name} at {fraction:.0%} ({point['train_documents']} train documents): "
                + ", ".join(f"{m} {point['scores'][m]['f1']:.3f}" for m in metrics))
        out["extractors"][name] = {"metrics": list(metrics), "points": points}
    atomic_write_json(Path(results_dir) / CURVES_FILE, out)
    return out


def read_curves(results_dir: Path) -> dict[str, Any] | None:
    path = Path(results_dir) / CURVES_FILE
    if not path.is_file():
        return None
    data = read_json(path)
    if not isinstance(data, dict) or data.get("kind") != "enquete-learning-curves" \
            or not isinstance(data.get("extractors"), dict):
        raise InputError(f"{path}: not a learning-curves file; rerun `enquete reproduce`")
    return data


def _cell(block: dict[str, Any]) -> str:
    if block.get("f1") is None:
        return "—"
    ci = block.get("ci95")
    return f"{block['f1']:.3f} [{ci[0]:.2f}, {ci[1]:.2f}]" if ci else f"{block['f1']:.3f}"


def render_markdown(curves: dict[str, Any] | None) -> list[str]:
    """The Learning curves section of LEADERBOARD.md (empty without curves)."""
    if not curves or not curves["extractors"]:
        return []
    fractions = curves["fractions"]
    c = curves["corpus"]
    lines = ["## Learning curves", "",
             f"Each model trained on nested, deterministic subsets of the {c.get('train_documents')} train documents "
             f"(validation for model selection as usual), scored on {c['split']} (F1, 95% bootstrap intervals). "
             f"Corpus hash `{c['hash']}`.", "",
             "| extractor | metric | " + " | ".join(f"{f:.0%} of train" for f in fractions) + " |",
             "|---|---|" + "---|" * len(fractions)]
    for name, data in curves["extractors"].items():
        by_fraction = {p["fraction"]: p for p in data["points"]}
        for metric in data["metrics"]:
            cells = []
            for f in fractions:
                p = by_fraction.get(f)
                cells.append("—" if p is None else f"{_cell(p['scores'][metric])} ({p['train_documents']} docs)")
            lines.append(f"| {name} | {metric} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def render_svg(curves: dict[str, Any] | None, colours: Sequence[str]) -> str:
    """One inline SVG line chart per curve metric: F1 against train documents, with 95% interval whiskers."""
    if not curves or not curves["extractors"]:
        return ""
    series = [(f"{name} · {metric}", [(p["train_documents"], p["scores"][metric]) for p in data["points"]])
              for name, data in curves["extractors"].items() for metric in data["metrics"]]
    left, width, top, height = 50, 520, 20, 240
    xmax = max([1, *(x or 0 for _, pts in series for x, _ in pts)])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 40}" height="{top + height + 40}" '
           'role="img" aria-label="learning curves" font-family="sans-serif" font-size="11">']

    def px(x: float) -> float:
        return left + x / xmax * width

    def py(y: float) -> float:
        return top + (1 - y) * height

    for t in (0, 0.25, 0.5, 0.75, 1.0):
        out.append(f'<line x1="{left}" y1="{py(t):.1f}" x2="{left + width}" y2="{py(t):.1f}" stroke="#d0d7de"/>'
                   f'<text x="{left - 6}" y="{py(t) + 4:.1f}" text-anchor="end" fill="#57606a">{t:g}</text>')
    for x in sorted({x for _, pts in series for x, _ in pts if x}):
        out.append(f'<text x="{px(x):.1f}" y="{top + height + 16}" text-anchor="middle" fill="#57606a">{x}</text>')
    out.append(f'<text x="{left + width / 2}" y="{top + height + 32}" text-anchor="middle">train documents</text>')
    legend = []
    for j, (label, pts) in enumerate(series):
        colour = colours[j % len(colours)]
        xy = [(px(x), py(b["f1"]), b) for x, b in pts if x and b.get("f1") is not None]
        if xy:
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
                       + " ".join(f"{a:.1f},{b:.1f}" for a, b, _ in xy) + '"/>')
        for a, b, block in xy:
            tip = html.escape(f"{label}: F1 {_cell(block)}")
            ci = block.get("ci95")
            if ci:
                out.append(f'<path d="M{a:.1f} {py(ci[0]):.1f}V{py(ci[1]):.1f}M{a - 3:.1f} {py(ci[0]):.1f}'
                           f'H{a + 3:.1f}M{a - 3:.1f} {py(ci[1]):.1f}H{a + 3:.1f}" stroke="{colour}" fill="none"/>')
            out.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3.5" fill="{colour}"><title>{tip}</title></circle>')
        legend.append(f'<span style="margin-right:1.2em"><span style="display:inline-block;width:12px;height:12px;'
                      f'background:{colour}"></span> {html.escape(label)}</span>')
    out.append("</svg>")
    return ("<h3>Learning curves: F1 against the number of train documents, with 95% intervals</h3>"
            f"<p>{''.join(legend)}</p>" + "".join(out))
