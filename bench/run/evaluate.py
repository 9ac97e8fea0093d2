"""``enquete score`` as a plain function: gold path + prediction file(s) → results dict (+ file + table)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from bench.common.provenance import provenance
from bench.dataset.corpus import Corpus, check_split, load_corpus
from bench.errors import InputError
from bench.io import atomic_write_json, read_json
from bench.run.predictions import PredictionSet, load_predictions
from bench.scoring import score
from bench.types import LAYERS

HEADLINE = {
    "entities": ("strict", "exact", "partial", "type", "lenient"),
    "quotes": ("content_overlap", "end_to_end", "speaker_accuracy", "type_accuracy", "cue_exact", "cue_token",
               "source_exact", "source_token", "content_exact", "content_token", "direct_exact", "direct_token"),
    "events": ("trig_i", "trig_c", "arg_i", "arg_c", "arg_i_plus", "arg_c_plus", "type_accuracy",
               "realis_accuracy", "polarity_accuracy"),
}


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _pred_info(p: PredictionSet) -> dict[str, Any]:
    return {"file": p.source, "sha256": _sha(Path(p.source)), "layers": list(p.layers),
            "missing_documents": list(p.missing), "ignored_documents": list(p.ignored)}


def corpus_version(gold: Path, corpus: Corpus) -> str | None:
    """The corpus hash predictions are checked against: only a built corpus folder has a version."""
    return corpus.hash if Path(gold).is_dir() and corpus.hash != "annotations" else None


def check_run_version(pred: Path, version: str | None) -> None:
    """Fail if ``pred`` sits next to an ``enquete run`` results.json made on another corpus version."""
    sibling = Path(pred).parent / "results.json"
    if version is None or not sibling.is_file() or not Path(pred).is_file():
        return
    data = read_json(sibling)
    if not isinstance(data, dict) or data.get("kind") != "enquete-run":
        return
    made_on = (data.get("corpus") or {}).get("hash") if isinstance(data.get("corpus"), dict) else None
    if isinstance(made_on, str) and made_on and made_on != version:
        raise InputError(f"{pred}: predictions were made on corpus version {made_on} (see {sibling}), but the "
                         f"gold corpus is version {version}; re-run the extractor on this corpus")


def score_files(gold: Path, pred: Path, split: str | None = "test", compare: Path | None = None,
                output: Path | None = None, allow_missing: bool = False, n_boot: int = 1000, seed: int = 0,
                layers: list[str] | None = None, quote_threshold: float = 0.5) -> dict[str, Any]:
    """Score ``pred`` (and optionally ``compare``) against the ``split`` of ``gold``; write ``output``.

    Raises :class:`~bench.errors.InputError` on any bad input, before anything is written.
    """
    if n_boot < 0:
        raise InputError(f"--bootstrap must be 0 (no intervals) or a positive number of resamples, got {n_boot}")
    if not 0 < quote_threshold <= 1:
        raise InputError(f"--quote-threshold must be in (0, 1], got {quote_threshold}")
    check_split(split)
    if layers:
        unknown = [la for la in layers if la not in LAYERS]
        if unknown:
            raise InputError(f"unknown layer(s) {', '.join(unknown)}; choose from {', '.join(LAYERS)}")
    corpus = load_corpus(gold)
    docs = corpus.split(split)
    if not docs:
        raise InputError(f"{gold}: split {split!r} has no documents")
    ids = [d.id for d in corpus.documents]
    version = corpus_version(gold, corpus)
    for path in (pred, compare):
        if path is not None:
            check_run_version(Path(path), version)
    ps = load_predictions(pred, docs, allow_missing, ids, version)
    cs = load_predictions(compare, docs, allow_missing, ids, version) if compare else None
    chosen = layers or [la for la in LAYERS if la in ps.layers]
    result = score(docs, ps.by_id, chosen, n_boot=n_boot, seed=seed, quote_threshold=quote_threshold,
                   compare=cs.by_id if cs else None)
    result["corpus"] = {"source": corpus.source, "hash": corpus.hash, "split": split or "all",
                        "documents": len(docs)}
    result["predictions"] = _pred_info(ps)
    if cs is not None:
        result["compare_predictions"] = _pred_info(cs)
    warnings = []
    if ps.missing:
        warnings.append(f"{len(ps.missing)} document(s) had no prediction and were scored as empty")
    for name, pset in (("", ps), ("compared ", cs)):
        if pset is not None and pset.ignored:
            warnings.append(f"{len(pset.ignored)} {name}predicted document(s) outside split '{split or 'all'}' were "
                            "ignored (--split all scores every document)")
    if warnings:
        result["warnings"] = warnings
    result["provenance"] = provenance()
    if output is not None:
        atomic_write_json(output, result)
    return result


def _fmt(x: float | None) -> str:
    return "  —  " if x is None else f"{x:.3f}"


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of the headline metrics with 95% intervals."""
    lines = []
    corpus = result.get("corpus") or {}
    if corpus.get("documents") is not None:
        lines.append(f"scored {corpus['documents']} document(s) of split '{corpus.get('split', 'all')}' "
                     f"(corpus {corpus.get('hash')})")
    lines.append(f"{'layer':<9} {'metric':<18} {'P':>6} {'R':>6} {'F1/acc':>7} {'95% CI':>15} "
                 f"{'tp':>7} {'fp':>7} {'fn':>7}")
    for layer in result.get("layers", []):
        blocks = result["scores"].get(layer, {})
        for metric in HEADLINE.get(layer, ()):
            b = blocks.get(metric)
            if b is None:
                continue
            ci = b.get("ci95")
            ci_s = f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "—"
            if "accuracy" in b:
                lines.append(f"{layer:<9} {metric:<18} {'':>6} {'':>6} {_fmt(b['accuracy']):>7} {ci_s:>15} "
                             f"{b['correct']:>7g} {'':>7} {b['total']:>7g}")
            else:
                lines.append(f"{layer:<9} {metric:<18} {_fmt(b['precision']):>6} {_fmt(b['recall']):>6} "
                             f"{_fmt(b['f1']):>7} {ci_s:>15} {b['tp']:>7g} {b['fp']:>7g} {b['fn']:>7g}")
    if "seqeval" in result:
        s = result["seqeval"]["entities"]
        lines.append(f"{'entities':<9} {'seqeval strict':<18} {_fmt(s['precision']):>6} {_fmt(s['recall']):>6} "
                     f"{_fmt(s['f1']):>7}  (token view, IOB2)")
    if "comparison" in result:
        a = (result.get("predictions") or {}).get("file", "PRED")
        b = (result.get("compare_predictions") or {}).get("file", "--compare")
        lines += ["", f"paired tests: A = {a}, B = {b}; delta = A − B (positive: A scores higher)",
                  f"{'layer':<9} {'metric':<18} {'delta':>8} {'p boot':>8} {'p rand':>8}"]
        for layer, blocks in result["comparison"].items():
            for metric in HEADLINE.get(layer, ()):
                c = blocks.get(metric)
                if c and c["delta"] is not None:
                    lines.append(f"{layer:<9} {metric:<18} {c['delta']:>+8.3f} {c['p_bootstrap']:>8.4f} "
                                 f"{c['p_randomization']:>8.4f}")
    for w in result.get("warnings", []):
        lines.append(f"warning: {w}")
    return "\n".join(lines)
