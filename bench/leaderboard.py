"""``enquete leaderboard``: ``results/*/<split>/results.json`` → ``LEADERBOARD.md`` and ``results/leaderboard.html``.

One table per layer with headline metrics and 95% intervals, a per-label breakdown, throughput, and
which differences are significant (paired approximate-randomisation and bootstrap tests on the same
documents). Everything is regenerated from the committed results, deterministically.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import load_corpus
from bench.errors import InputError
from bench.io import atomic_write_text, iter_jsonl, read_json
from bench.scoring import count_table
from bench.scoring.counts import paired_tests
from bench.types import Prediction, prediction_from_dict

HEADLINES: dict[str, list[tuple[str, str]]] = {
    "entities": [("strict", "f1"), ("partial", "f1"), ("type", "f1"), ("lenient", "f1")],
    "quotes": [("content_overlap", "f1"), ("end_to_end", "f1"), ("speaker_accuracy", "accuracy"),
               ("cue_exact", "f1"), ("content_token", "f1")],
    "events": [("trig_i", "f1"), ("trig_c", "f1"), ("arg_i", "f1"), ("arg_c", "f1"), ("arg_c_plus", "f1")],
}
MAIN = {"entities": "strict", "quotes": "end_to_end", "events": "trig_c"}
PER_LABEL = {"entities": "strict", "events": "trig_c", "quotes": "typed"}


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    result: dict[str, Any]
    predictions: Path


def collect(results_dir: Path, split: str = "test") -> list[Entry]:
    entries = []
    for path in sorted(Path(results_dir).glob(f"*/{split}/results.json")):
        data = read_json(path)
        if not isinstance(data, dict) or data.get("kind") != "enquete-run":
            continue
        name = data.get("extractor", {}).get("name") if isinstance(data.get("extractor"), dict) else None
        if not isinstance(name, str) or not isinstance(data.get("scores"), dict) \
                or not isinstance(data.get("layers"), list):
            raise InputError(f"{path}: not a complete `enquete run` results file (needs extractor.name, layers, "
                             "scores); re-run the extractor")
        entries.append(Entry(name, data, path.parent / "predictions.jsonl"))
    return entries


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


def _cell(block: dict[str, Any] | None, key: str) -> str:
    if not block or block.get(key) is None:
        return "—"
    ci = block.get("ci95")
    return f"{block[key]:.3f} [{ci[0]:.2f}, {ci[1]:.2f}]" if ci else f"{block[key]:.3f}"


def significance(entries: list[Entry], corpus_path: Path, split: str) -> dict[str, list[dict[str, Any]]]:
    """Pairwise paired tests on each layer's main metric."""
    corpus = load_corpus(corpus_path)
    docs = sorted(corpus.split(split), key=lambda d: d.id)
    preds: dict[str, dict[str, Prediction]] = {}
    for e in entries:
        rows = iter_jsonl(e.predictions, prediction_from_dict) if e.predictions.is_file() else iter(())
        preds[e.name] = {p.id: p for p in rows}
    out: dict[str, list[dict[str, Any]]] = {}
    for layer, metric in MAIN.items():
        names = [e.name for e in entries if layer in e.result.get("layers", [])]
        tables = {n: count_table(docs, preds[n], [layer]) for n in names}
        rows = []
        for a, b in itertools.combinations(names, 2):
            test = paired_tests(tables[a], tables[b], n_boot=1000, n_perm=1000, seed=0).get(f"{layer}.{metric}")
            if test and test["delta"] is not None:
                rows.append({"a": a, "b": b, **test})
        out[layer] = rows
    return out


def render_markdown(entries: list[Entry], sig: dict[str, list[dict[str, Any]]], split: str) -> str:
    lines = ["# Enquête leaderboard", "",
             f"Split: **{split}**. Scores are micro-averaged over the split's documents; brackets are 95% "
             "document-level bootstrap intervals (1,000 resamples, seed 0). Regenerate with "
             "`enquete reproduce` (or `enquete leaderboard` from existing `results/`).", ""]
    if entries:
        h = entries[0].result.get("corpus", {})
        lines += [f"Corpus hash `{h.get('hash')}`, {h.get('documents')} documents.", ""]
    for layer, cols in HEADLINES.items():
        rows = [e for e in entries if layer in e.result.get("layers", [])]
        if not rows:
            continue
        lines += [f"## {layer.capitalize()}", "",
                  "| extractor | " + " | ".join(f"{m} {k.replace('accuracy', 'acc')}" for m, k in cols) + " |",
                  "|---|" + "---|" * len(cols)]
        for e in sorted(rows, key=lambda x: -(x.result["scores"][layer][MAIN[layer]].get("f1") or 0)):
            blocks = e.result["scores"][layer]
            lines.append(f"| {e.name} | " + " | ".join(_cell(blocks.get(m), k) for m, k in cols) + " |")
        metric = PER_LABEL[layer]
        labels = sorted({lab for e in rows for lab in e.result.get("per_label", {}).get(layer, {}).get(metric, {})})
        if labels:
            lines += ["", f"Per label ({metric} F1):", "",
                      "| label | " + " | ".join(e.name for e in rows) + " |", "|---|" + "---|" * len(rows)]
            for lab in labels:
                cells = [_fmt(e.result.get("per_label", {}).get(layer, {}).get(metric, {}).get(lab, {}).get("f1"))
                         for e in rows]
                lines.append(f"| {lab} | " + " | ".join(cells) + " |")
        if sig.get(layer):
            lines += ["", f"Paired tests on {MAIN[layer]} F1 (A − B; significant at p < 0.05 by approximate "
                          "randomisation):", "", "| A | B | delta | p (randomisation) | p (bootstrap) | significant |",
                      "|---|---|---|---|---|---|"]
            for r in sig[layer]:
                star = "yes" if r["p_randomization"] < 0.05 else "no"
                lines.append(f"| {r['a']} | {r['b']} | {r['delta']:+.3f} | {r['p_randomization']:.4f} | "
                             f"{r['p_bootstrap']:.4f} | {star} |")
        lines.append("")
    lines += ["## Throughput", "", "| extractor | documents | words | words/s | complete |", "|---|---|---|---|---|"]
    for e in entries:
        t = e.result.get("throughput", {})
        wps = t.get("words_per_s")
        lines.append(f"| {e.name} | {t.get('documents')} | {t.get('words')} | "
                     f"{'—' if wps is None else f'{wps:,.0f}'} | {'yes' if e.result.get('complete') else 'NO'} |")
    lines += ["", "Throughput is measured on the machine that produced the committed results and varies "
              "between runs; every other number is deterministic.", ""]
    return "\n".join(lines)


def render_html(markdown: str) -> str:
    """A self-contained HTML page (no external assets) rendering the Markdown tables; all text escaped."""
    body: list[str] = []
    in_table = False
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(set(c) <= {"-"} for c in cells):
                continue
            if not in_table:
                body.append("<table>")
                in_table = True
                body.append("<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in cells) + "</tr>")
            else:
                body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            body.append("</table>")
            in_table = False
        if line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    if in_table:
        body.append("</table>")
    style = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
             "text-align:left}th{background:#f0f0f0}")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Enquête leaderboard</title>"
            f"<style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def leaderboard(results_dir: Path = Path("results"), corpus_path: Path = Path("corpus"), split: str = "test",
                markdown_path: Path = Path("LEADERBOARD.md"), html_path: Path | None = None) -> str:
    """Regenerate the board files from ``results_dir``; returns the Markdown."""
    entries = collect(results_dir, split)
    sig = significance(entries, corpus_path, split) if entries else {}
    md = render_markdown(entries, sig, split)
    atomic_write_text(markdown_path, md)
    atomic_write_text(html_path or Path(results_dir) / "leaderboard.html", render_html(md))
    return md
