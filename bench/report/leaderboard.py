"""``enquete leaderboard``: ``results/*/<split>/results.json`` → ``LEADERBOARD.md`` and ``results/leaderboard.html``.

One table per layer with headline metrics and 95% intervals (entities also with recall on names seen /
unseen in train), a per-label breakdown, learning curves (``results/learning_curves.json``), and which
differences are significant (paired approximate-randomisation and bootstrap tests on the same
documents). Everything is regenerated from the committed results, deterministically.
"""

from __future__ import annotations

import html
import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.dataset.corpus import check_split, load_corpus
from bench.errors import EnqueteError, InputError
from bench.io import atomic_write_text, iter_jsonl, read_json
from bench.run.curves import read_curves
from bench.run.curves import render_markdown as render_curves
from bench.run.curves import render_svg as curves_svg
from bench.scoring import count_table
from bench.scoring.counts import CountTable, paired_tests, summarise
from bench.scoring.entities import generalisation_counts, name_key
from bench.types import Document, Prediction, prediction_from_dict

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


def _predictions(entries: list[Entry]) -> dict[str, dict[str, Prediction]]:
    preds: dict[str, dict[str, Prediction]] = {}
    for e in entries:
        rows = iter_jsonl(e.predictions, prediction_from_dict) if e.predictions.is_file() else iter(())
        preds[e.name] = {p.id: p for p in rows}
    return preds


def significance(entries: list[Entry], corpus_path: Path, split: str) -> dict[str, list[dict[str, Any]]]:
    """Pairwise paired tests on each layer's main metric."""
    corpus = load_corpus(corpus_path)
    docs = sorted(corpus.split(split), key=lambda d: d.id)
    preds = _predictions(entries)
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


def seen_names(train: list[Document] | tuple[Document, ...]) -> frozenset[str]:
    """Names (:func:`~bench.scoring.entities.name_key`) of the train split's gold entity mentions."""
    return frozenset(name_key(e.text) for d in train for e in d.entities)


def generalisation(entries: list[Entry], corpus_path: Path, split: str) -> dict[str, dict[str, Any]]:
    """Per extractor with entities: strict recall on gold mentions whose name was seen / unseen in train
    (blocks ``accuracy`` = recall, ``correct``, ``total``, ``ci95``), plus ``"_counts"`` of gold mentions."""
    corpus = load_corpus(corpus_path)
    docs = sorted(corpus.split(split), key=lambda d: d.id)
    seen = seen_names(corpus.split("train"))
    preds = _predictions([e for e in entries if "entities" in e.result.get("layers", [])])
    out: dict[str, dict[str, Any]] = {}
    for name, by_id in preds.items():
        per_doc = [generalisation_counts(d.entities, (by_id[d.id].entities or ()) if d.id in by_id else (), seen)
                   for d in docs]
        blocks = summarise(CountTable.from_docs([d.id for d in docs], per_doc), n_boot=1000, seed=0)
        out[name] = {"seen": blocks["entities.seen_recall"], "unseen": blocks["entities.unseen_recall"]}
    return out


def _recall(block: dict[str, Any] | None) -> str:
    if not block or block.get("accuracy") is None:
        return "—"
    ci = block.get("ci95")
    return f"{block['accuracy']:.3f} [{ci[0]:.2f}, {ci[1]:.2f}]" if ci else f"{block['accuracy']:.3f}"


def render_markdown(entries: list[Entry], sig: dict[str, list[dict[str, Any]]], split: str,
                    gen: dict[str, dict[str, Any]] | None = None, curves: dict[str, Any] | None = None) -> str:
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
        extra = ["seen recall", "unseen recall"] if layer == "entities" and gen else []
        lines += [f"## {layer.capitalize()}", ""]
        if extra:
            some = next(iter(gen.values()))  # type: ignore[union-attr]
            lines += [f"Seen / unseen recall: strict recall on the {split} gold mentions whose name (surface text, "
                      "case-insensitive) occurs among the train split's gold entity mentions "
                      f"({some['seen']['total']:g} mentions) or does not ({some['unseen']['total']:g}).", ""]
        lines += ["| extractor | " + " | ".join([*(f"{m} {k.replace('accuracy', 'acc')}" for m, k in cols), *extra])
                  + " |", "|---|" + "---|" * (len(cols) + len(extra))]
        for e in sorted(rows, key=lambda x: -(x.result["scores"][layer][MAIN[layer]].get("f1") or 0)):
            blocks = e.result["scores"][layer]
            cells = [_cell(blocks.get(m), k) for m, k in cols]
            if extra:
                g = (gen or {}).get(e.name, {})
                cells += [_recall(g.get("seen")), _recall(g.get("unseen"))]
            lines.append(f"| {e.name} | " + " | ".join(cells) + " |")
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
    lines += render_curves(curves)
    lines += ["## Runs", "", "| extractor | documents | complete |", "|---|---|---|"]
    for e in entries:
        lines.append(f"| {e.name} | {e.result.get('corpus', {}).get('documents')} | "
                     f"{'yes' if e.result.get('complete') else 'NO'} |")
    lines += ["", "Every number here is deterministic and regenerated byte for byte. Machine-dependent figures "
              "(throughput, package versions) are not committed: see `bench/PERFORMANCE.md` (`enquete perf`) "
              "and each run's git-ignored `run.json`.", ""]
    return "\n".join(lines)


CHART_COLOURS = ("#0969da", "#bc4c00", "#1a7f37", "#8250df", "#bf3989", "#0f766e", "#9a6700", "#57606a")


def _svg_chart(entries: list[Entry], layer: str, links: dict[str, str]) -> str:
    """Horizontal bars per label (one per extractor) with 95% interval whiskers, as inline SVG."""
    metric = PER_LABEL[layer]
    rows = [e for e in entries if layer in e.result.get("layers", [])]
    labels = sorted({lab for e in rows for lab in e.result.get("per_label", {}).get(layer, {}).get(metric, {})})
    if not rows or not labels:
        return ""
    left, width, bar, gap, top = 170, 520, 11, 10, 26
    group = bar * len(rows) + gap
    height = top + group * len(labels) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}" height="{height}" '
           f'role="img" aria-label="{html.escape(layer)} per-label {metric} F1" font-family="sans-serif" '
           'font-size="11">']
    for t in (0, 0.25, 0.5, 0.75, 1.0):
        x = left + t * width
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 8}" stroke="#d0d7de"/>'
                   f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" fill="#57606a">{t:g}</text>')
    for i, lab in enumerate(labels):
        y0 = top + i * group
        out.append(f'<text x="{left - 8}" y="{y0 + group / 2:.1f}" text-anchor="end" dominant-baseline="middle">'
                   f"{html.escape(lab)}</text>")
        for j, e in enumerate(rows):
            block = e.result.get("per_label", {}).get(layer, {}).get(metric, {}).get(lab) or {}
            y = y0 + j * bar
            colour = CHART_COLOURS[j % len(CHART_COLOURS)]
            value = block.get("f1")
            tip = html.escape(f"{e.name} · {lab}: F1 {_fmt(value)}"
                              + (f" [{block['ci95'][0]:.2f}, {block['ci95'][1]:.2f}]" if block.get("ci95") else "")
                              + f" (gold {block.get('n_gold', 0):g}, predicted {block.get('n_pred', 0):g})")
            if value is None:
                out.append(f'<text x="{left + 3}" y="{y + bar - 2}" fill="#8c959f" font-size="9">n/a<title>{tip}'
                           "</title></text>")
                continue
            out.append(f'<rect x="{left}" y="{y + 1}" width="{value * width:.1f}" height="{bar - 2}" '
                       f'fill="{colour}" fill-opacity="0.75"><title>{tip}</title></rect>'
                       f'<text x="{left + width + 8}" y="{y + bar - 2}" font-size="9" fill="{colour}">'
                       f"{value:.2f}</text>")
            ci = block.get("ci95")
            if ci and ci[0] is not None and ci[1] is not None:
                x1, x2, ym = left + ci[0] * width, left + ci[1] * width, y + bar / 2
                out.append(f'<path d="M{x1:.1f} {ym:.1f}H{x2:.1f}M{x1:.1f} {ym - 3:.1f}V{ym + 3:.1f}'
                           f'M{x2:.1f} {ym - 3:.1f}V{ym + 3:.1f}" stroke="#1f2328" stroke-width="1" fill="none"/>')
    out.append("</svg>")
    legend = []
    for j, e in enumerate(rows):
        name = html.escape(e.name)
        link = links.get(e.name)
        shown = f'<a href="{html.escape(link)}">{name}</a> (errors)' if link else name
        legend.append(f'<span style="margin-right:1.2em"><span style="display:inline-block;width:12px;height:12px;'
                      f'background:{CHART_COLOURS[j % len(CHART_COLOURS)]};opacity:.75"></span> {shown}</span>')
    return (f"<h3>{html.escape(layer.capitalize())}: per-label {html.escape(metric)} F1 with 95% intervals</h3>"
            f'<p>{"".join(legend)}</p>' + "".join(out))


def render_charts(entries: list[Entry], links: dict[str, str], notes: dict[str, str],
                  curves: dict[str, Any] | None = None) -> str:
    """The charts section: one SVG per layer, extractor names linked to their error viewer pages, and the
    learning curves."""
    parts = [_svg_chart(entries, layer, links) for layer in HEADLINES]
    curve_svg = curves_svg(curves, CHART_COLOURS)
    if not any(parts):
        return curve_svg
    extra = "".join(f"<p>Viewer for {html.escape(n)} not generated: {html.escape(m)}</p>" for n, m in notes.items())
    return "<h2>Per-label charts</h2>" + "".join(parts) + extra + curve_svg


def write_viewers(entries: list[Entry], corpus_path: Path, html_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """``enquete show`` for each extractor's predictions (``<run>/viewer``); links relative to the board page."""
    from bench.report.viewer import show

    links: dict[str, str] = {}
    notes: dict[str, str] = {}
    for e in entries:
        if not e.predictions.is_file():
            continue
        out = e.predictions.parent / "viewer"
        try:
            show(corpus_path, [], e.predictions, out)
        except EnqueteError as exc:
            notes[e.name] = str(exc)
            continue
        links[e.name] = Path(os.path.relpath(out / "index.html", Path(html_path).parent)).as_posix()
    return links, notes


def _inline(escaped: str) -> str:
    """Markdown **bold** and `code` on already-escaped text (so no user text becomes markup)."""
    escaped = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", escaped)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def render_html(markdown: str, extra_html: str = "") -> str:
    """A self-contained HTML page (no external assets) rendering the Markdown tables; all text escaped.

    ``extra_html`` (already escaped, e.g. :func:`render_charts`) is appended to the body.
    """
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
            body.append(f"<p>{_inline(html.escape(line))}</p>")
    if in_table:
        body.append("</table>")
    style = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
             "text-align:left}th{background:#f0f0f0}")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Enquête leaderboard</title>"
            f"<style>{style}</style></head><body>\n" + "\n".join(body) + extra_html + "\n</body></html>\n")


def leaderboard(results_dir: Path = Path("results"), corpus_path: Path = Path("corpus"), split: str = "test",
                markdown_path: Path | None = None, html_path: Path | None = None) -> str:
    """Regenerate the board files from ``results_dir``; returns the Markdown.

    The board goes next to the results it describes: ``<results_dir>/../LEADERBOARD.md`` and
    ``<results_dir>/leaderboard.html`` unless given. Raises :class:`EnqueteError` (and writes nothing)
    when ``results_dir`` holds no ``enquete run`` results for ``split``: a board is never replaced by an
    empty one.
    """
    check_split(split, allow_all=False)
    results_dir = Path(results_dir)
    entries = collect(results_dir, split)
    if not entries:
        where = results_dir.resolve() if not results_dir.is_absolute() else results_dir
        state = "does not exist" if not results_dir.is_dir() else f"has no */{split}/results.json"
        raise EnqueteError(f"no results to put on a leaderboard: {where} {state}; run `enquete run <extractor> "
                           f"--split {split}` first, or point at the results folder with --results")
    markdown_path = Path(markdown_path) if markdown_path else results_dir.parent / "LEADERBOARD.md"
    sig = significance(entries, corpus_path, split)
    gen = generalisation(entries, corpus_path, split)
    curves = read_curves(results_dir)
    if curves is not None and curves["corpus"].get("split") != split:
        curves = None
    md = render_markdown(entries, sig, split, gen, curves)
    atomic_write_text(markdown_path, md)
    html_path = html_path or results_dir / "leaderboard.html"
    links, notes = write_viewers(entries, corpus_path, html_path)
    atomic_write_text(html_path, render_html(md, render_charts(entries, links, notes, curves)))
    return md
