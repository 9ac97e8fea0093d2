"""``enquete agreement --report``: the agreement report (``annotations/AGREEMENT.md`` and ``agreement.json``).

The figures are agreement between two independent annotation runs by AI annotators (a measure of
their consistency, not human inter-annotator agreement). They are generated from the raw passes
(``annotations/passes/a`` vs ``annotations/passes/b``) per annotation batch
(``annotations/batches.yaml``) and for all batches together, with a table of who annotated each pass
of each document under which guidelines version (from the pass files' headers); the analysis in
``annotations/AGREEMENT-notes.md`` is appended verbatim.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bench.agreement.passes import HEADLINE_ROWS, agreement, headline, load_pass, map_registry
from bench.annotation.store import AnnotationStore, read_yaml, strip_lines
from bench.errors import EnqueteError, SchemaError
from bench.io import atomic_write_json, atomic_write_text


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def _ci(block: dict[str, Any] | None) -> str:
    if not block or not block.get("ci95"):
        return ""
    lo, hi = block["ci95"]
    return f" [{lo:.2f}, {hi:.2f}]"


TITLE = "Agreement between two independent annotation runs (AI annotators)"


def load_batches(annotations: Path) -> dict[str, list[str]]:
    """``annotations/batches.yaml``: batch name -> document ids, in file order."""
    path = annotations / "batches.yaml"
    if not path.is_file():
        raise EnqueteError(f"{path} is missing: it lists the documents of each annotation batch")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise EnqueteError(f"{path}: must map each batch name to a list of document ids")
    return {str(k): [str(x) for x in v] for k, v in data.items()}


def batch_documents(annotations: Path, batch: str) -> list[str]:
    """The document ids of one batch (for the figures of that batch alone)."""
    batches = load_batches(annotations)
    if batch not in batches:
        raise EnqueteError(f"no batch {batch!r} in {annotations / 'batches.yaml'}; known: {', '.join(batches)}")
    return batches[batch]


def pass_headers(root: Path) -> dict[str, dict[str, str]]:
    """Per document of a pass: its ``annotators`` (comma-joined) and ``guidelines`` version, from the header."""
    out: dict[str, dict[str, str]] = {}
    for path in AnnotationStore(root).document_paths():
        try:
            data = strip_lines(read_yaml(path))
        except SchemaError as exc:
            raise EnqueteError(str(exc)) from None
        if isinstance(data, dict):
            names = data.get("annotators") or []
            names = names if isinstance(names, list) else [names]
            out[str(data.get("id") or path.stem)] = {"annotators": ", ".join(str(n) for n in names) or "?",
                                                     "guidelines": str(data.get("guidelines") or "?")}
    return out


def _documents_table(groups: dict[str, list[str]], heads_a: dict[str, dict[str, str]],
                     heads_b: dict[str, dict[str, str]]) -> list[str]:
    lines = ["", "## Documents and passes", "",
             "Who annotated each pass of each document, under which guidelines version (from the pass files' "
             "headers).", "",
             "| document | batch | pass A annotator | pass B annotator | guidelines A | guidelines B |",
             "|---|---|---|---|---|---|"]
    for batch, ids in groups.items():
        if batch == "all":
            continue
        for doc_id in ids:
            a, b = heads_a.get(doc_id, {}), heads_b.get(doc_id, {})
            lines.append(f"| `{doc_id}` | {batch} | {a.get('annotators', '?')} | {b.get('annotators', '?')} | "
                         f"{a.get('guidelines', '?')} | {b.get('guidelines', '?')} |")
    return lines


def build_report(annotations: Path = Path("annotations")) -> tuple[str, dict[str, Any]]:
    batches = load_batches(annotations)
    a_docs, a_reg = load_pass(annotations / "passes" / "a")
    b_docs, b_reg = load_pass(annotations / "passes" / "b")
    mapping = map_registry(a_reg, b_reg)
    b_ids = {d.id for d in b_docs}
    groups: dict[str, list[str]] = {}
    a_ids = {d.id for d in a_docs}
    last_group = {i: name for name, ids in batches.items() for i in ids}  # the newest pair of passes wins
    for name, ids in batches.items():
        groups[name] = [i for i in ids if i in b_ids and i in a_ids and last_group[i] == name]
    groups["all"] = sorted({i for ids in groups.values() for i in ids})
    results: dict[str, dict[str, Any]] = {}
    for name, ids in groups.items():
        if not ids:
            continue
        results[name] = agreement([d for d in a_docs if d.id in ids], [d for d in b_docs if d.id in ids], mapping)
    names = list(results)
    lines = [f"# {TITLE}", "",
             "Generated by `enquete agreement --report` from the raw passes: pass A (the first annotation run, "
             "copied untouched into `annotations/passes/a/` before adjudication) against pass B (a second, "
             "independent run by an AI annotator of the same kind who saw only `GUIDELINES.md` and the texts, "
             "`annotations/passes/b/`). The annotators are AI annotators (language-model agents), so these "
             "figures are **agreement between two independent annotation runs**: a measure of the annotators' "
             "consistency, not human inter-annotator agreement. Scored with the benchmark's own scorers, A as "
             "reference (F1 is symmetric: swapping the passes swaps P and R). Brackets are 95% document-level "
             "bootstrap intervals. Pass B's registry ids are mapped onto pass A's by shared names and aliases "
             "before speakers are compared.", ""]
    lines += ["| group | documents | tokens |", "|---|---|---|"]
    for n in names:
        lines.append(f"| {n} | {len(groups[n])} | {results[n]['kappa']['entities_tokens']} |")
    lines += ["", "## Headline", "", "| metric | " + " | ".join(names) + " | target |",
              "|---|" + "---|" * (len(names) + 1)]
    heads = {n: headline(results[n]) for n in names}
    for i, (label, _path, target) in enumerate(HEADLINE_ROWS):
        cells = []
        for n in names:
            row = heads[n][i]
            ci = f" [{row['ci95'][0]:.2f}, {row['ci95'][1]:.2f}]" if row.get("ci95") else ""
            cells.append(_fmt(row["value"]) + ci)
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")
    for layer, metric, title in (("entities", "strict", "Entities: strict F1 per label"),
                                 ("entities", "type", "Entities: type (overlap + label) F1 per label"),
                                 ("events", "trig_c", "Events: trigger + type F1 per event type"),
                                 ("quotes", "typed", "Quotes: content-overlap F1 per quote type")):
        labels = sorted({lab for n in names for lab in results[n]["per_label"].get(layer, {}).get(metric, {})})
        if not labels:
            continue
        lines += ["", f"## {title}", "", "| label | " + " | ".join(f"{n} F1 (A/B count)" for n in names) + " |",
                  "|---|" + "---|" * len(names)]
        for lab in labels:
            cells = []
            for n in names:
                b = results[n]["per_label"].get(layer, {}).get(metric, {}).get(lab)
                cells.append("—" if b is None else f"{_fmt(b['f1'])} ({b['n_gold']:g}/{b['n_pred']:g})")
            lines.append(f"| {lab} | " + " | ".join(cells) + " |")
    lines += ["", "## Quotes and events in detail", "", "| metric | " + " | ".join(names) + " |",
              "|---|" + "---|" * len(names)]
    for layer, metric in (("quotes", "cue_exact"), ("quotes", "cue_token"), ("quotes", "source_exact"),
                          ("quotes", "source_token"), ("quotes", "content_exact"), ("quotes", "content_token"),
                          ("quotes", "direct_exact"), ("quotes", "end_to_end"), ("events", "arg_i_plus"),
                          ("events", "arg_c_plus"), ("events", "polarity_accuracy")):
        cells = []
        for n in names:
            b = results[n]["scores"].get(layer, {}).get(metric)
            key = "accuracy" if b and "accuracy" in b else "f1"
            cells.append(_fmt(b.get(key) if b else None) + _ci(b))
        lines.append(f"| {layer}.{metric} | " + " | ".join(cells) + " |")
    lines += ["", "Kappa: " + "; ".join(f"{n}: entity tokens {_fmt(results[n]['kappa']['entities_token'])}, event "
                                       f"type {_fmt(results[n]['kappa']['event_type'])} on "
                                       f"{results[n]['kappa']['matched_triggers']} matched triggers, realis "
                                       f"{_fmt(results[n]['kappa']['event_realis'])}" for n in names) + ".", ""]
    lines += _documents_table(groups, pass_headers(annotations / "passes" / "a"),
                              pass_headers(annotations / "passes" / "b"))
    lines.append("")
    notes = annotations / "AGREEMENT-notes.md"
    if notes.is_file():
        lines += [notes.read_text(encoding="utf-8").rstrip(), ""]
    summary = {"title": TITLE, "documents": len(groups["all"]), "batches": [n for n in names if n != "all"],
               "headline": [{k: v for k, v in r.items() if k != "ci95"} for r in heads["all"]],
               "groups": {n: {"documents": groups[n], "headline": heads[n]} for n in names}}
    return "\n".join(lines), summary


def write_report(annotations: Path = Path("annotations")) -> Path:
    text, summary = build_report(annotations)
    atomic_write_text(annotations / "AGREEMENT.md", text)
    atomic_write_json(annotations / "agreement.json", summary)
    return annotations / "AGREEMENT.md"
