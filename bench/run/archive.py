"""``enquete run EXTRACTOR --input articles.jsonl --out preds/``: an extractor over a raw news archive.

The input is JSON Lines of ``{"id": ..., "text": ..., ...metadata}`` with no gold. It is read as a
stream (memory is bounded by one shard, never by the archive) and cut, in input order, into shards of
``shard_size`` documents. Each shard's predictions (the corpus prediction schema, one document a line,
in input order) are written atomically to ``shard-NNNNN.jsonl``, then recorded in ``manifest.json``
(extractor and config, layers, input hash, every shard's input and output SHA-256), itself rewritten
atomically after every shard. So a run killed at any moment loses at most the shards in flight, and
rerunning the same command skips every shard that is recorded, still present with its recorded hash,
and made from the same input lines.

Engines (all give byte-identical shards and manifest; what depends on the machine — engine, workers,
throughput, the input path — goes to ``run.json``):

* ``local`` with ``workers=1`` (the default): one process;
* ``local`` with ``workers=N``: a pool of N processes, one extractor instance per worker (each model
  loads once per worker); batches are handed out through a bounded window and collected in input order.
  A worker that dies takes only its in-flight batches with it: they are resubmitted to a new pool
  (``retries`` times), so no document is lost or written twice;
* ``ray`` (:mod:`bench.run.ray_engine`, ``pip install 'enquete[ray]'``): Ray Data on a local or remote
  cluster.

Input checks (one line each, naming file and line): invalid JSON or UTF-8, a line that is not an
object, ``id`` missing / not a non-empty string / repeated, ``text`` missing or not a string, metadata
values that are not strings, numbers, booleans or null.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import SCHEMA_VERSION
from bench.common.progress import Progress
from bench.common.provenance import provenance
from bench.errors import EnqueteError, InputError
from bench.io import atomic_write_json, atomic_writer, iter_jsonl, read_json
from bench.run.extractors import Extractor, create
from bench.run.runner import predict_batch
from bench.types import LAYERS, Document, Prediction, prediction_to_dict

MANIFEST = "manifest.json"
RUN_RECORD = "run.json"
DEFAULT_SHARD_SIZE = 10_000
DEFAULT_BATCH_SIZE = 32
MANIFEST_KIND = "enquete-archive-run"
_DOC_FIELDS = ("title", "date", "publisher", "url", "genre")


# --------------------------------------------------------------------------------------------- input


@dataclass(frozen=True, slots=True)
class Article:
    """One input line: what the extractor may see, plus where it came from."""

    id: str
    text: str
    metadata: tuple[tuple[str, str], ...]
    where: str
    digest: bytes
    """SHA-256 of the line's canonical JSON (sorted keys): a shard's input hash chains these."""

    def document(self) -> Document:
        meta = dict(self.metadata)
        known = {k: meta.pop(k) for k in _DOC_FIELDS if k in meta}
        return Document(self.id, self.text, **known, meta=tuple(sorted(meta.items())))

    def words(self) -> int:
        return len(self.text.split())


def _meta_value(key: str, value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise InputError(f"{where}: metadata field {key!r} must be a string, number, boolean or null, "
                     f"got {type(value).__name__}")


def parse_article(obj: dict[str, Any], where: str) -> Article:
    """Check one input object (already JSON-decoded) and turn it into an :class:`Article`."""
    doc_id = obj.get("id")
    if doc_id is None:
        raise InputError(f"{where}: missing field 'id' (each line needs an id and a text)")
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise InputError(f"{where}: field 'id' must be a non-empty string, got {doc_id!r:.40}")
    text = obj.get("text")
    if text is None:
        raise InputError(f"{where}: document {doc_id!r}: missing field 'text'")
    if not isinstance(text, str):
        raise InputError(f"{where}: document {doc_id!r}: field 'text' must be a string, got {type(text).__name__}")
    meta = tuple(sorted((k, _meta_value(k, v, where)) for k, v in obj.items() if k not in ("id", "text")))
    canonical = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Article(doc_id, text, meta, where, hashlib.sha256(canonical.encode("utf-8")).digest())


def id_digest(doc_id: str) -> bytes:
    """8-byte digest of a document id (repeat detection, resume skip sets)."""
    return hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest()


def iter_articles(path: Path) -> Iterator[Article]:
    """Stream and check ``path``; a repeated id is an error naming both lines.

    Repeats are found through a set of 8-byte digests of the ids seen (about 60 bytes a document: the
    only state that grows with the archive); the first line of a repeat is looked up only on error.
    """
    seen: set[bytes] = set()
    for art in iter_jsonl(Path(path), parse_article):
        key = id_digest(art.id)
        if key in seen:
            first = next(a.where for a in iter_jsonl(Path(path), parse_article) if a.id == art.id)
            raise InputError(f"{art.where}: document id {art.id!r} appears twice (first at line "
                             f"{first.rsplit(':', 1)[-1]})")
        seen.add(key)
        yield art


def count_lines(path: Path) -> int:
    """Non-blank lines of ``path`` (read in 1 MiB blocks), for the progress total."""
    n, last = 0, b"\n"
    try:
        with Path(path).open("rb") as fh:
            while block := fh.read(1 << 20):
                n += block.count(b"\n")
                last = block[-1:]
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return n + (last != b"\n")


@dataclass(frozen=True, slots=True)
class Shard:
    """``index``-th slice of the input: its articles and the hash of their input lines."""

    index: int
    articles: tuple[Article, ...]
    input_sha256: str

    @property
    def file(self) -> str:
        return shard_file(self.index)


def shard_file(index: int) -> str:
    return f"shard-{index:05d}.jsonl"


def iter_shards(articles: Iterable[Article], shard_size: int) -> Iterator[Shard]:
    """Cut the stream into shards of ``shard_size`` articles (the last may be shorter)."""
    buf: list[Article] = []
    index = 0
    for art in articles:
        buf.append(art)
        if len(buf) == shard_size:
            yield _shard(index, buf)
            index, buf = index + 1, []
    if buf:
        yield _shard(index, buf)


def _shard(index: int, arts: Sequence[Article]) -> Shard:
    h = hashlib.sha256()
    for a in arts:
        h.update(a.digest)
    return Shard(index, tuple(arts), h.hexdigest())


# --------------------------------------------------------------------------------------------- manifest


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file, or ``None`` if it cannot be read."""
    h = hashlib.sha256()
    try:
        with Path(path).open("rb") as fh:
            while block := fh.read(1 << 20):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


@dataclass(slots=True)
class Manifest:
    """The run's identity (extractor, config, layers, shard size) and the shards recorded so far."""

    extractor: dict[str, Any]
    layers: list[str]
    shard_size: int
    keep_going: bool
    shards: dict[int, dict[str, Any]] = field(default_factory=dict)
    input: dict[str, Any] | None = None

    def identity(self) -> dict[str, Any]:
        return {"extractor": self.extractor, "layers": self.layers, "shard_size": self.shard_size,
                "keep_going": self.keep_going}

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": MANIFEST_KIND,
            "schema_version": SCHEMA_VERSION,
            **self.identity(),
            "complete": self.input is not None,
            "input": self.input,
            "shards": [self.shards[i] for i in sorted(self.shards)],
        }

    def write(self, out: Path) -> None:
        atomic_write_json(out / MANIFEST, self.to_dict())

    def is_done(self, shard: Shard, out: Path) -> bool:
        """Recorded for the same input lines, and the file on disk still has the recorded hash."""
        rec = self.shards.get(shard.index)
        return (rec is not None and rec["input_sha256"] == shard.input_sha256
                and rec["documents"] == len(shard.articles)
                and file_sha256(out / rec["file"]) == rec["sha256"])


def load_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest in ``out``, ``None`` if there is none; an error for a folder that is not a run."""
    if out.exists() and not out.is_dir():
        raise EnqueteError(f"{out}: is a file; --out needs a folder for the shards")
    path = out / MANIFEST
    if not path.exists():
        if out.exists() and any(p for p in out.iterdir() if not p.name.startswith(".")):
            raise EnqueteError(f"{out}: exists, is not empty and holds no {MANIFEST}; not overwriting it "
                               "(give an empty or new --out folder)")
        return None
    data = read_json(path)
    if not isinstance(data, dict) or data.get("kind") != MANIFEST_KIND:
        raise InputError(f"{path}: not an enquete archive-run manifest (kind {MANIFEST_KIND!r})")
    return data


def _resume_manifest(out: Path, fresh: Manifest) -> Manifest:
    old = load_manifest(out)
    if old is None:
        return fresh
    was = {k: old.get(k) for k in fresh.identity()}
    if was != fresh.identity():
        diff = [k for k in was if was[k] != fresh.identity()[k]]
        raise EnqueteError(f"{out}: holds a run with another {', '.join(diff)} "
                           f"({', '.join(f'{k}={was[k]!r:.80}' for k in diff)}); give another --out folder "
                           "or remove this one")
    fresh.shards = {int(s["index"]): s for s in old.get("shards", []) if isinstance(s, dict) and "index" in s}
    return fresh


# --------------------------------------------------------------------------------------------- predicting


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Predictions of one batch as JSONL lines (``None`` for a document that failed under keep-going)."""

    lines: tuple[str | None, ...]
    failures: tuple[dict[str, str], ...]
    seconds: float


def prediction_line(p: Prediction) -> str:
    """One JSONL line, exactly as :func:`bench.io.atomic_write_jsonl` writes it."""
    return json.dumps(prediction_to_dict(p), ensure_ascii=False, sort_keys=True) + "\n"


def predict_documents(extractor: Extractor, docs: Sequence[Document], layers: Sequence[str],
                      keep_going: bool) -> BatchResult:
    """Predict one batch, checked like ``enquete run`` checks (same messages, same retry per document)."""
    preds: dict[str, Prediction] = {}
    failures: list[dict[str, str]] = []
    seconds = predict_batch(extractor, docs, layers, keep_going, {d.id: d for d in docs}, preds, failures)
    return BatchResult(tuple(prediction_line(preds[d.id]) if d.id in preds else None for d in docs),
                       tuple(failures), seconds)


_WORKER: dict[str, Any] = {}


def _worker_init(name: str, config: Mapping[str, Any] | None, layers: Sequence[str] | None,
                 keep_going: bool) -> None:
    extractor = create(name, config)
    _WORKER.update(name=name, extractor=extractor, layers=_layers(extractor, layers), keep_going=keep_going)


def _worker_describe() -> dict[str, Any]:
    return describe(_WORKER["extractor"], _WORKER["name"], _WORKER["layers"])


def _worker_predict(docs: Sequence[Document]) -> BatchResult:
    return predict_documents(_WORKER["extractor"], docs, _WORKER["layers"], _WORKER["keep_going"])


def _layers(extractor: Extractor, layers: Sequence[str] | None) -> list[str]:
    unknown = [la for la in (layers or ()) if la not in LAYERS]
    if unknown:
        raise InputError(f"unknown layer(s) {', '.join(unknown)}; choose from {', '.join(LAYERS)}")
    chosen = [la for la in LAYERS if la in (layers or extractor.provides) and la in extractor.provides]
    if not chosen:
        raise InputError(f"{extractor.name} provides {', '.join(extractor.provides)}; none of the requested layers")
    return chosen


def describe(extractor: Extractor, registered_as: str, layers: Sequence[str]) -> dict[str, Any]:
    return {"name": extractor.name, "registered_as": registered_as, "provides": list(extractor.provides),
            "config": extractor.config(), "layers": list(layers)}


class Engine:
    """Turns batches of documents into :class:`BatchResult` s, in order. ``describe`` names the extractor."""

    def describe(self) -> dict[str, Any]:
        raise NotImplementedError

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[BatchResult]:
        raise NotImplementedError

    def close(self) -> None:
        pass


class SerialEngine(Engine):
    """One process, one extractor."""

    def __init__(self, name: str, config: Mapping[str, Any] | None, layers: Sequence[str] | None,
                 keep_going: bool) -> None:
        self.extractor = create(name, config)
        self.name, self.layers, self.keep_going = name, _layers(self.extractor, layers), keep_going

    def describe(self) -> dict[str, Any]:
        return describe(self.extractor, self.name, self.layers)

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[BatchResult]:
        for batch in batches:
            yield predict_documents(self.extractor, batch, self.layers, self.keep_going)


class PoolEngine(Engine):
    """A pool of ``workers`` processes (spawned: nothing inherited but the arguments), each creating its
    extractor once. At most ``window`` batches are in flight; results come back in submission order. If
    a worker dies, the pool is replaced and every batch not yet collected is submitted again, so each
    document is predicted until it is collected exactly once (``retries`` replacements at most)."""

    def __init__(self, name: str, config: Mapping[str, Any] | None, layers: Sequence[str] | None,
                 keep_going: bool, workers: int, retries: int = 2, window: int | None = None) -> None:
        self.args = (name, dict(config or {}), list(layers) if layers else None, keep_going)
        self.workers, self.retries = workers, retries
        self.window = window or 4 * workers
        self.restarts = 0
        self.pool = self._new_pool()
        try:
            info = self.pool.submit(_worker_describe).result()
        except BrokenProcessPool:
            raise EnqueteError(f"{name}: a worker process died while creating the extractor") from None
        self.info = info

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_worker_init, initargs=self.args)

    def describe(self) -> dict[str, Any]:
        return self.info

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[BatchResult]:
        source = iter(batches)
        pending: deque[tuple[Sequence[Document], Future[BatchResult]]] = deque()
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.window:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                pending.append((batch, self.pool.submit(_worker_predict, batch)))
            if not pending:
                return
            batch, fut = pending[0]
            try:
                result = fut.result()
            except BrokenProcessPool:
                self._restart(pending)
                continue
            pending.popleft()
            yield result

    def _restart(self, pending: deque[tuple[Sequence[Document], Future[BatchResult]]]) -> None:
        self.restarts += 1
        if self.restarts > self.retries:
            raise EnqueteError(f"a worker process died {self.restarts} times (last on the batch starting with "
                               f"document {pending[0][0][0].id}); giving up")
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()
        batches = [b for b, _ in pending]
        pending.clear()
        pending.extend((b, self.pool.submit(_worker_predict, b)) for b in batches)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------------------------- the run


@dataclass(frozen=True, slots=True)
class ArchiveRun:
    out: Path
    manifest: dict[str, Any]
    record: dict[str, Any]
    predicted_documents: int
    """Documents predicted by this invocation (shards skipped on resume are not counted)."""


def _batches(docs: Sequence[Document], size: int) -> Iterator[Sequence[Document]]:
    for i in range(0, len(docs), size):
        yield docs[i:i + size]


def _clean_temporaries(out: Path) -> None:
    """Remove temporary files an earlier, killed run left behind (``.shard-*.tmp``, ``.manifest.json.*``)."""
    for p in out.glob(".*.tmp"):
        p.unlink(missing_ok=True)


def make_engine(engine: str, name: str, config: Mapping[str, Any] | None, layers: Sequence[str] | None,
                keep_going: bool, workers: int, address: str | None, batch_size: int, retries: int) -> Engine:
    if workers < 1:
        raise EnqueteError(f"--workers must be at least 1, got {workers}")
    if engine == "local":
        if address:
            raise EnqueteError("--address is for --engine ray")
        if workers == 1:
            return SerialEngine(name, config, layers, keep_going)
        return PoolEngine(name, config, layers, keep_going, workers, retries)
    if engine == "ray":
        from bench.run.ray_engine import RayEngine

        return RayEngine(name, config, layers, keep_going, workers, address, batch_size, retries)
    raise EnqueteError(f"unknown engine {engine!r}; choose local or ray")


def run_archive(name: str, input_path: Path, out: Path, *, config: Mapping[str, Any] | None = None,
                layers: Sequence[str] | None = None, shard_size: int = DEFAULT_SHARD_SIZE, workers: int = 1,
                engine: str = "local", address: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                keep_going: bool = False, retries: int = 2,
                engine_factory: Callable[..., Engine] | None = None) -> ArchiveRun:
    """Run extractor ``name`` over the JSONL archive ``input_path`` into the shard folder ``out``.

    Resumes a run already in ``out`` (same extractor, config, layers, shard size), skipping its
    complete shards; refuses a folder that holds something else.
    """
    input_path, out = Path(input_path), Path(out)
    if shard_size < 1 or batch_size < 1:
        raise EnqueteError("--shard-size and --batch-size must be at least 1")
    if not input_path.is_file():
        raise InputError(f"{input_path}: no such file" if not input_path.exists() else f"{input_path}: not a file")
    load_manifest(out)  # refuse a foreign folder before loading any model
    created = not out.exists()
    total = count_lines(input_path)
    factory = engine_factory or make_engine
    eng = factory(engine, name, config, layers, keep_going, workers, address, batch_size, retries)
    try:
        info = dict(eng.describe())
        chosen = info.pop("layers")
        manifest = _resume_manifest(out, Manifest(info, chosen, shard_size, keep_going))
        out.mkdir(parents=True, exist_ok=True)
        _clean_temporaries(out)
        predicted, seconds, words, documents = 0, 0.0, 0, 0
        input_hash = hashlib.sha256()
        t0 = time.perf_counter()
        with Progress(f"{name} on {input_path.name}", total=total) as progress:
            tally: list[tuple[str, int, int]] = []  # per shard: input hash, documents, words

            def all_shards() -> Iterator[Shard]:
                for shard in iter_shards(iter_articles(input_path), shard_size):
                    for a in shard.articles:
                        input_hash.update(a.digest)  # per document: the same whatever the shard size
                    tally.append((shard.input_sha256, len(shard.articles), sum(a.words() for a in shard.articles)))
                    yield shard

            stream: Iterator[tuple[Shard, list[BatchResult] | None]]
            if getattr(eng, "reads_file", False):  # Ray reads the file itself: find the complete shards first
                done: set[int] = set()
                skip: set[bytes] = set()
                for shard in iter_shards(iter_articles(input_path), shard_size):
                    if manifest.is_done(shard, out):
                        done.add(shard.index)
                        skip.update(id_digest(a.id) for a in shard.articles)
                stream = eng.map_file(input_path, all_shards(), frozenset(skip),  # type: ignore[attr-defined]
                                      lambda s: s.index in done)
            else:
                stream = _predict_shards(eng, _pending(all_shards(), manifest, out, progress), batch_size)
            for shard, results in stream:
                if results is None:  # complete already (Ray path)
                    progress.advance(len(shard.articles))
                    continue
                lines: list[str] = []
                failures: list[dict[str, str]] = []
                for r in results:
                    lines.extend(line for line in r.lines if line is not None)
                    failures.extend(r.failures)
                    seconds += r.seconds
                with atomic_writer(out / shard.file) as fh:
                    fh.writelines(lines)
                manifest.shards[shard.index] = {
                    "index": shard.index, "file": shard.file, "documents": len(shard.articles),
                    "predictions": len(lines), "first_id": shard.articles[0].id, "last_id": shard.articles[-1].id,
                    "input_sha256": shard.input_sha256, "sha256": file_sha256(out / shard.file),
                    "failures": failures,
                }
                manifest.write(out)
                predicted += len(shard.articles)
                progress.advance(len(shard.articles))
            for _shard_hash, n_docs, n_words in tally:
                documents += n_docs
                words += n_words
        n_shards = -(-documents // shard_size)
        for stale in [i for i in manifest.shards if i >= n_shards]:
            (out / manifest.shards.pop(stale)["file"]).unlink(missing_ok=True)
        failures_total = sum(len(s["failures"]) for s in manifest.shards.values())
        manifest.input = {"name": input_path.name, "sha256": input_hash.hexdigest(), "documents": documents,
                          "words": words, "shards": n_shards, "failures": failures_total}
        manifest.write(out)
        wall = time.perf_counter() - t0
        record = {
            "kind": "enquete-archive-run-record",
            "manifest": MANIFEST,
            "input_path": str(input_path.resolve()),
            "engine": engine, "workers": workers, "batch_size": batch_size,
            "restarts": getattr(eng, "restarts", 0),
            "throughput": {"wall_seconds": wall, "predict_seconds": seconds, "documents_predicted": predicted,
                           "docs_per_s": predicted / wall if wall > 0 else None},
            "provenance": provenance(),
        }
        atomic_write_json(out / RUN_RECORD, record)
        return ArchiveRun(out, manifest.to_dict(), record, predicted)
    except BaseException:
        if created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()  # nothing was written: leave no empty folder behind
        raise
    finally:
        eng.close()


def _pending(shards: Iterable[Shard], manifest: Manifest, out: Path, progress: Progress) -> Iterator[Shard]:
    """The shards still to predict; complete ones are skipped (and shown as done) on the way."""
    for shard in shards:
        if manifest.is_done(shard, out):
            progress.advance(len(shard.articles))
            continue
        yield shard


def _predict_shards(eng: Engine, shards: Iterable[Shard],
                    batch_size: int) -> Iterator[tuple[Shard, list[BatchResult]]]:
    """Feed every pending shard's batches through one engine stream; yield each shard with its results
    once all of them are back (results arrive in order, so a shard completes after its last batch)."""
    queue: deque[tuple[Shard, int]] = deque()  # shards whose batches were handed to the engine

    def batches() -> Iterator[Sequence[Document]]:
        for shard in shards:
            docs = [a.document() for a in shard.articles]
            n = -(-len(docs) // batch_size)
            queue.append((shard, n))
            yield from _batches(docs, batch_size)

    collected: list[BatchResult] = []
    for result in eng.map(batches()):
        collected.append(result)
        shard, n = queue[0]
        if len(collected) == n:
            queue.popleft()
            yield shard, collected
            collected = []
