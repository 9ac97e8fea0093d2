"""The archive-runner benchmark (``python -m bench.perf.archive``): engines and workers on one archive.

A synthetic archive of ``--docs`` documents (default 20,000) is built from the pool's texts: every
sentence of at least 8 words is a document (news-wire snippets, so that a spaCy run over 20,000 documents
takes minutes on two cores), cycled in pool order, with new ids (``syn-000000`` …). Each
extractor (rules.v1, spacy-sm.v1) runs on it serially, on the local pool and on Ray in local mode, at 1
and 2 workers, each run in a fresh process (so model loading, pool or Ray start-up are inside the wall
time, and peak memory is that run's own). It reports words/s, scaling efficiency (words/s at 2 workers
over twice the 1-worker figure of the same engine), peak resident memory of the driver and of its
largest worker process, Ray's overhead over the local pool at equal workers, and checks that every run
wrote the same shards. Peak memory is measured twice for the serial rules run, on the archive and on one a
tenth its size: it must not grow with the archive.

It writes its section into ``bench/PERFORMANCE.md`` between the markers below (the main benchmark
keeps it). A benchmark, not a test: machine-dependent figures, measured with ``time.perf_counter``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

START = "<!-- archive-runner:start -->"
END = "<!-- archive-runner:end -->"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "PERFORMANCE.md"
EXTRACTORS = ("rules.v1", "spacy-sm.v1")
ENGINES = (("serial", "local", 1), ("local pool", "local", 2), ("Ray local", "ray", 1), ("Ray local", "ray", 2))


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def pool_sentences(pool: Path) -> list[tuple[str, int, str]]:
    """(pool id, sentence number, text) of every sentence of at least 8 words, in pool order."""
    out: list[tuple[str, int, str]] = []
    with Path(pool).open(encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            sents = [s.strip() for p in art["text"].split("\n") for s in SENTENCE_END.split(p)]
            out += [(art["id"], k, s) for k, s in enumerate(x for x in sents if len(x.split()) >= 8)]
    return out


def synthetic_archive(path: Path, n: int, pool: Path) -> int:
    """Write ``n`` documents to ``path``; returns their word count."""
    sents = pool_sentences(pool)
    words = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for i in range(n):
            src, k, text = sents[i % len(sents)]
            fh.write(json.dumps({"id": f"syn-{i:06d}", "text": text, "source_id": src, "sentence": k},
                                ensure_ascii=False) + "\n")
            words += len(text.split())
    return words


RUN_ONE = """
import json, os, resource, sys, time
from bench.run.archive import run_archive
name, inp, out, engine, workers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
t0 = time.perf_counter()
run = run_archive(name, inp, out, engine=engine, workers=workers, shard_size=5000, batch_size=64)
wall = time.perf_counter() - t0
print(json.dumps({"wall": wall, "documents": run.manifest["input"]["documents"], "load": os.getloadavg()[0],
                  "words": run.manifest["input"]["words"],
                  "driver_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run_one(name: str, archive: Path, out: Path, engine: str, workers: int) -> dict[str, Any]:
    env = os.environ | {"ENQUETE_PROGRESS_INTERVAL": "60", "RAY_DEDUP_LOGS": "0"}
    proc = subprocess.run([sys.executable, "-c", RUN_ONE, name, str(archive), str(out), engine, str(workers)],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"perf.archive: {name} {engine} x{workers} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def shards_digest(out: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(out.iterdir()):
        if p.name != "run.json":
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:12]


def bench(docs: int, pool: Path, extractors: Sequence[str], log: Any = print) -> tuple[list[dict[str, Any]],
                                                                                       list[str]]:
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive.jsonl"
        words = synthetic_archive(archive, docs, pool)
        small = Path(tmp) / "small.jsonl"
        synthetic_archive(small, max(1, docs // 10), pool)
        log(f"perf.archive: {docs:,} documents, {words:,} words")
        for name in extractors:
            by: dict[tuple[str, int], dict[str, Any]] = {}
            digests = set()
            for label, engine, workers in ENGINES:
                log(f"perf.archive: {name} {label} x{workers} ...")
                out = Path(tmp) / f"{name}-{engine}-{workers}"
                r = run_one(name, archive, out, engine, workers)
                digests.add(shards_digest(out))
                by[(engine, workers)] = r
                wps = r["words"] / r["wall"]
                one = by.get((engine, 1))
                eff = wps / (2 * one["words"] / one["wall"]) if workers == 2 and one else None
                local = by.get(("local", workers))
                overhead = r["wall"] / local["wall"] - 1 if engine == "ray" and local else None
                rows.append({"extractor": name, "engine": label, "workers": workers, "documents": r["documents"],
                             "wall s": r["wall"], "words/s": wps, "scaling efficiency": eff,
                             "Ray overhead vs local pool": overhead, "driver peak MB": r["driver_rss_mb"],
                             "largest worker peak MB": r["worker_rss_mb"] if engine == "local" and workers > 1
                             else None, "load average at end": r["load"]})
                log(f"  {r['wall']:.1f} s, {wps:,.0f} words/s")
            notes.append(f"{name}: every engine and worker count wrote the same shards and manifest"
                         if len(digests) == 1 else f"{name}: OUTPUTS DIFFER between engines ({sorted(digests)})")
        if "rules.v1" in extractors:
            small_run = run_one("rules.v1", small, Path(tmp) / "small-out", "local", 1)
            big = next(r for r in rows if r["extractor"] == "rules.v1" and r["engine"] == "serial")
            notes.append(f"peak memory, rules.v1 serial: {small_run['driver_rss_mb']:.0f} MB on "
                         f"{small_run['documents']:,} documents, {big['driver peak MB']:.0f} MB on "
                         f"{big['documents']:,} (ten times the documents)")
    return rows, notes


def _cell(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.1f}" if abs(v) < 100 else f"{v:,.0f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def render(rows: list[dict[str, Any]], notes: list[str], docs: int, machine: dict[str, str]) -> str:
    cols = list(rows[0]) if rows else []
    lines = [START, "## (f) Archive runner: engines and workers (`python -m bench.perf.archive`)", "",
             f"A synthetic archive of {docs:,} documents (pool sentences of 8+ words with new ids); each run "
             "in a fresh process, wall time including model loading and pool or Ray start-up; shards of "
             "5,000 documents, batches of 64. Scaling efficiency = words/s at 2 workers / (2 × words/s at 1 "
             "worker) of the same engine; Ray overhead = Ray wall time / local wall time − 1 at equal "
             "workers (1 worker: the serial run); the load average (1 minute) at the end of each run shows what "
             f"else the machine was doing. Machine: {machine.get('CPU', '?')}, "
             f"{machine.get('cores', '?')} cores; Ray {machine.get('ray', '?')}.", "",
             "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        cells = []
        for c in cols:
            v = r[c]
            if c in ("scaling efficiency", "Ray overhead vs local pool") and isinstance(v, float):
                cells.append(f"{v:+.0%}" if c.startswith("Ray") else f"{v:.0%}")
            else:
                cells.append(_cell(v))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", *(f"* {n}" for n in notes), END]
    return "\n".join(lines)


def replace_section(text: str, section: str) -> str:
    """``text`` with its archive-runner section replaced by ``section`` (appended if there is none)."""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        return head + section + rest.split(END, 1)[1]
    return text.rstrip("\n") + "\n\n" + section + "\n"


def keep_section(old: str, new: str) -> str:
    """The main benchmark's ``new`` report with ``old``'s archive-runner section carried over."""
    if START in old and END in old:
        return replace_section(new, START + old.split(START, 1)[1].split(END, 1)[0] + END)
    return new


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.perf.archive", description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=20_000, help="Documents in the synthetic archive.")
    p.add_argument("--pool", type=Path, default=None, help="Pool JSONL (default: the shared pool).")
    p.add_argument("--extractor", action="append", default=None, help="Only these extractors (repeatable).")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--no-write", action="store_true")
    args = p.parse_args(list(sys.argv[1:] if argv is None else argv))
    from bench.annotation.sources import default_pool_path
    from bench.perf.benchmark import machine

    pool = args.pool or default_pool_path(Path(__file__).resolve().parents[2])
    if pool is None:
        raise SystemExit("perf.archive: no pool found; give --pool FILE (or set ENQUETE_POOL)")
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    rows, notes = bench(args.docs, pool, tuple(args.extractor or EXTRACTORS), log)
    info = machine()
    try:
        from importlib import metadata

        info["ray"] = metadata.version("ray")
    except metadata.PackageNotFoundError:  # Ray is an optional extra
        info["ray"] = "not installed"
    section = render(rows, notes, args.docs, info)
    if not args.no_write:
        from bench.io import atomic_write_text

        old = args.out.read_text(encoding="utf-8") if args.out.exists() else "# Performance\n"
        atomic_write_text(args.out, replace_section(old, section))
        log(f"perf.archive: wrote {args.out}")
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
