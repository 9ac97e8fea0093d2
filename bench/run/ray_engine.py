"""The Ray engine of the archive runner (``enquete run … --engine ray``); needs ``pip install 'enquete[ray]'``.

Ray is imported only here, and this module only when ``--engine ray`` is asked for.

The pipeline is Ray Data's: ``read_text`` over the input file → ``map_batches`` with :class:`Predictor`,
a callable class run by an actor pool (``ActorPoolStrategy(size=workers)``), so each actor creates its
extractor — and loads its model — once → rows back to the driver in input order
(``preserve_order``), where the runner writes the shards and the manifest exactly as the local engines
do. The lines are read as text, not with ``read_json``: pyarrow's JSON reader infers one schema per
block and fails on archives whose metadata fields change type from line to line, and parsing each line
ourselves keeps the runner's one-line input errors (the driver checks every line first, so the actors
only see valid input).

Fault tolerance is Ray's: an actor that dies is restarted and its task retried (Ray Data's defaults for
actor pools, ``max_restarts=-1`` and ``max_task_retries=-1``), and a task whose call raises is retried
(``actor_task_retry_on_errors``); an extractor error that names a document is not an exception here
(the batch is retried document by document inside the actor, as in ``enquete run``). A
retried task recomputes whole batches whose rows were never delivered, and rows come back once each in
input order, so no document is lost or written twice.

On resume, the documents of complete shards are skipped by the actors (by an 8-byte digest of their id)
without predicting; the driver reads the file a second time to cut the shards.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.errors import EnqueteError
from bench.run.archive import (
    Article,
    BatchResult,
    Engine,
    Shard,
    describe,
    id_digest,
    parse_article,
    predict_documents,
)
from bench.run.extractors import create

try:  # imported only when --engine ray is asked for
    import ray
    import ray.data
except ImportError as exc:  # pragma: no cover - exercised when the extra is missing
    raise EnqueteError("--engine ray needs Ray: pip install 'enquete[ray]' (Ray Data)") from exc


class Predictor:
    """The callable class of ``map_batches``: one extractor per actor, created in ``__init__``."""

    def __init__(self, name: str, config: Mapping[str, Any] | None, layers: Sequence[str], keep_going: bool,
                 skip: frozenset[bytes]) -> None:
        self.extractor = create(name, config)
        self.layers, self.keep_going, self.skip = list(layers), keep_going, skip

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        rows = [str(t) for t in batch["text"]]
        arts: list[Article | None] = []
        for raw in rows:
            line = raw.lstrip("\ufeff")
            if not line.strip():
                arts.append(None)
                continue
            art = parse_article(json.loads(line), "ray")
            arts.append(None if id_digest(art.id) in self.skip else art)
        todo = [a for a in arts if a is not None]
        result = predict_documents(self.extractor, [a.document() for a in todo], self.layers, self.keep_going) \
            if todo else BatchResult((), (), 0.0)
        by_id = dict(zip((a.id for a in todo), result.lines, strict=True))
        failed = {f["document"]: json.dumps(f, sort_keys=True) for f in result.failures}
        out: dict[str, list[Any]] = {"kind": [], "line": [], "failure": [], "seconds": []}
        for i, raw in enumerate(rows):
            a = arts[i]
            kind = "blank" if not raw.lstrip("\ufeff").strip() else "skip" if a is None else "doc"
            out["kind"].append(kind)
            out["line"].append(by_id.get(a.id) or "" if a is not None else "")
            out["failure"].append(failed.get(a.id, "") if a is not None else "")
            out["seconds"].append(result.seconds / len(todo) if a is not None else 0.0)
        return out


class RayEngine(Engine):
    """Ray Data over the input file; see the module docstring."""

    reads_file = True

    def __init__(self, name: str, config: Mapping[str, Any] | None, layers: Sequence[str] | None,
                 keep_going: bool, workers: int, address: str | None, batch_size: int, retries: int) -> None:
        from bench.run.archive import _layers

        self.name, self.config, self.keep_going = name, dict(config or {}), keep_going
        self.workers, self.batch_size, self.retries = workers, batch_size, retries
        self.restarts = 0
        extractor = create(name, config)  # the driver's copy names the extractor and checks the layers
        self.layers = _layers(extractor, layers)
        self.info = describe(extractor, name, self.layers)
        self.started = False
        if not ray.is_initialized():
            try:
                if address in (None, "", "local"):
                    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                             configure_logging=False)
                else:
                    ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False)
            except Exception as exc:
                raise EnqueteError(f"cannot start or reach Ray (address {address or 'local'}): "
                                   f"{type(exc).__name__}: {exc}") from None
            self.started = True

    def describe(self) -> dict[str, Any]:
        return dict(self.info)

    def map_file(self, input_path: Path, shards: Iterator[Shard], skip_ids: frozenset[bytes],
                 is_done: Any) -> Iterator[tuple[Shard, list[BatchResult]]]:
        """Every shard of ``shards`` (the driver's own pass over the file) with its results; shards that
        ``is_done`` are yielded with ``None`` results (their rows are skipped, not predicted)."""
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.actor_task_retry_on_errors = True
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        # reading is light: its tasks take no CPU slot, so ``workers`` actors can hold every CPU of a
        # ``workers``-CPU local cluster without starving the reads (else the pipeline waits for ever)
        ds = ray.data.read_text(str(Path(input_path).resolve()), drop_empty_lines=False, num_cpus=0)
        ds = ds.map_batches(
            Predictor,
            fn_constructor_kwargs={"name": self.name, "config": self.config, "layers": self.layers,
                                   "keep_going": self.keep_going, "skip": skip_ids},
            batch_size=self.batch_size,
            compute=ray.data.ActorPoolStrategy(size=self.workers),
            num_cpus=1,
        )
        rows = (r for r in ds.iter_rows() if r["kind"] != "blank")
        for shard in shards:
            got = [next(rows, None) for _ in shard.articles]
            if any(r is None for r in got):
                raise EnqueteError(f"{input_path}: Ray returned fewer rows than the file has documents")
            if is_done(shard):
                yield shard, None  # type: ignore[misc]
                continue
            lines = tuple(str(r["line"]) or None for r in got)  # type: ignore[index]
            failures = tuple(json.loads(r["failure"]) for r in got if r["failure"])  # type: ignore[index]
            seconds = float(sum(r["seconds"] for r in got))  # type: ignore[index]
            yield shard, [BatchResult(lines, failures, seconds)]
        if next(rows, None) is not None:
            raise EnqueteError(f"{input_path}: Ray returned more rows than the file has documents")

    def close(self) -> None:
        if self.started and ray.is_initialized():
            ray.shutdown()
