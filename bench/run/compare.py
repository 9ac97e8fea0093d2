"""``enquete compare-runs A/ B/``: agreement between two extractors on an unannotated archive.

Run B is the reference: A's predictions are scored against B's with the benchmark's own scorers
(:func:`bench.scoring.document_counts`), document by document while both runs' shards and the input
archive are streamed side by side, so memory stays flat whatever the archive's size. The counts are
summed as they come, so the result has the same ``scores`` / ``per_label`` / ``macro`` blocks as
``enquete score`` but no bootstrap intervals (they would need every document's counts). Both runs must
be complete and made from the same input (same ``input.sha256`` in their manifests); the texts come
from the input archive (``--input``, or the path recorded in A's ``run.json``), checked against that
hash. A document that one run recorded as a failure (``--keep-going``) is scored as an empty
prediction on that side.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bench import SCHEMA_VERSION
from bench.errors import EnqueteError, InputError
from bench.io import iter_jsonl, read_json
from bench.run.archive import MANIFEST, RUN_RECORD, iter_articles, iter_shards, load_manifest
from bench.run.predictions import check_prediction
from bench.scoring import document_counts, score_counts
from bench.types import LAYERS, Document, Prediction, prediction_from_dict


def _complete(run: Path) -> dict[str, Any]:
    if not Path(run).is_dir():
        raise InputError(f"{run}: no such run folder")
    m = load_manifest(Path(run))
    if m is None:
        raise InputError(f"{run}: no {MANIFEST} (not a folder written by enquete run --input)")
    if not m.get("complete"):
        raise InputError(f"{run}: the run is incomplete ({len(m.get('shards', []))} shard(s) written); "
                         "rerun the same enquete run command to finish it")
    return m


def _predictions(run: Path, manifest: dict[str, Any]) -> Iterator[Prediction]:
    for shard in manifest["shards"]:
        yield from iter_jsonl(Path(run) / shard["file"], prediction_from_dict)


def _input_path(a: Path, given: Path | None) -> Path:
    if given is not None:
        return Path(given)
    record = Path(a) / RUN_RECORD
    if record.is_file():
        path = read_json(record).get("input_path")
        if isinstance(path, str) and Path(path).is_file():
            return Path(path)
    raise InputError(f"{a}: cannot find the input archive the run was made from; give it with --input FILE")


def _aligned(preds: Iterator[Prediction], doc_id: str, pending: list[Prediction | None]) -> Prediction | None:
    """The prediction for ``doc_id`` if it is next in ``preds`` (a failed document has none)."""
    if pending[0] is None:
        pending[0] = next(preds, None)
    p = pending[0]
    if p is not None and p.id == doc_id:
        pending[0] = None
        return p
    return None


def compare_runs(a: Path, b: Path, input_path: Path | None = None, layers: Sequence[str] | None = None,
                 quote_threshold: float | None = None) -> dict[str, Any]:
    """Score run ``a`` against run ``b`` (the reference); returns the comparison results dict."""
    ma, mb = _complete(Path(a)), _complete(Path(b))
    if ma["input"]["sha256"] != mb["input"]["sha256"]:
        raise InputError(f"{a} and {b} were made from different inputs ({ma['input']['name']} "
                         f"{ma['input']['sha256'][:12]} vs {mb['input']['name']} {mb['input']['sha256'][:12]})")
    shared = [la for la in LAYERS if la in ma["layers"] and la in mb["layers"]]
    chosen = [la for la in LAYERS if la in (layers or shared)]
    missing = [la for la in chosen if la not in shared]
    if missing or not chosen:
        raise EnqueteError(f"both runs must provide the compared layers; A has {', '.join(ma['layers'])}, "
                           f"B has {', '.join(mb['layers'])}")
    path = _input_path(Path(a), input_path)
    kwargs = {} if quote_threshold is None else {"quote_threshold": quote_threshold}
    totals: dict[str, tuple[str, float, float, float]] = {}
    pa, pb = _predictions(Path(a), ma), _predictions(Path(b), mb)
    next_a: list[Prediction | None] = [None]
    next_b: list[Prediction | None] = [None]
    n = 0
    hashes = hashlib.sha256()
    wrong_input = InputError(f"{path}: is not the input the runs were made from (its hash differs from the "
                             "manifests'); give the right file with --input")
    for shard in iter_shards(iter_articles(path), int(ma["shard_size"])):
        recorded = ma["shards"][shard.index] if shard.index < len(ma["shards"]) else {}
        if recorded.get("input_sha256") != shard.input_sha256:
            raise wrong_input
        for art in shard.articles:
            hashes.update(art.digest)
            doc = Document(art.id, art.text)
            pred_a = _aligned(pa, art.id, next_a)
            pred_b = _aligned(pb, art.id, next_b)
            for p, run in ((pred_a, a), (pred_b, b)):
                if p is not None:
                    check_prediction(p, doc, f"{run}: document {art.id}")
            ref = pred_b or Prediction(art.id, (), (), ())
            gold = Document(art.id, art.text, entities=ref.entities or (), quotes=ref.quotes or (),
                            events=ref.events or ())
            for name, (kind, x, y, z) in document_counts(gold, pred_a, chosen, **kwargs).items():
                old = totals.get(name, (kind, 0.0, 0.0, 0.0))
                totals[name] = (kind, old[1] + x, old[2] + y, old[3] + z)
            n += 1
    for leftover, run in ((next_a[0] or next(pa, None), a), (next_b[0] or next(pb, None), b)):
        if leftover is not None:
            raise InputError(f"{run}: prediction for {leftover.id!r} is not in the input's order or not in "
                             f"{path} at all")
    if hashes.hexdigest() != ma["input"]["sha256"]:
        raise wrong_input
    result = score_counts(totals, chosen, n)
    result.update({
        "kind": "enquete-compare-runs",
        "schema_version": SCHEMA_VERSION,
        "a": {"run": str(a), "extractor": ma["extractor"]},
        "b": {"run": str(b), "extractor": mb["extractor"], "reference": True},
        "input": ma["input"],
    })
    return result
