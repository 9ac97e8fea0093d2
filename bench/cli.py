"""The ``enquete`` command line: every command is a thin wrapper over a plain function in ``bench``."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import typer

from bench.errors import EnqueteError

# Plain (click-style) help: option values are named by a metavar (DIR, FILE, N ...); flags carry no type tag.
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Enquête corpus and benchmark harness.")
annotate_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                           help="Annotation helpers: they resolve and check, never propose.")
app.add_typer(annotate_app, name="annotate")
review_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                         help="Review by a person: one document out to brat/INCEpTION and back (review: human).")
app.add_typer(review_app, name="review")


_STATE = {"debug": False}


@app.callback()
def _global_options(
    debug: bool = typer.Option(False, "--debug", envvar="ENQUETE_DEBUG",
                               help="On an error, also print the traceback (e.g. of an exception in a plug-in)."),
) -> None:
    """Enquête corpus and benchmark harness."""
    _STATE["debug"] = debug


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@app.command("validate")
def validate_cmd(
    path: Path = typer.Argument(Path("annotations"), metavar="ROOT", help="Annotation root (gold or a pass)."),
    warnings: bool = typer.Option(False, "--warnings", "-w", help="Also print warnings."),
    pool: Path | None = typer.Option(None, metavar="FILE", help="Pool JSONL (default: ../shared/pool/articles.jsonl)."),
    doc: list[str] = typer.Option([], "--doc", "-d", metavar="ID",
                                  help="Only report findings for this document (repeatable)."),
) -> None:
    """Validate the annotation files (gold or a pass); exit 1 on any error."""
    from bench.annotation.validate import validate

    result = validate(path, pool_path=pool)
    shown = result.issues if warnings else [*result.errors, *result.infos]
    if doc:
        shown = [i for i in shown if i.doc in doc or i.severity == "info"]
    for issue in shown:
        typer.echo(issue.format())
    if warnings and result.warnings:
        counts = Counter(i.check for i in result.warnings)
        typer.echo("warnings by check: " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())), err=True)
    typer.echo(
        f"{len(result.documents)} documents, {len(result.registry)} registry rows: "
        f"{len(result.errors)} errors, {len(result.warnings)} warnings",
        err=True,
    )
    if any(i.severity == "error" for i in shown) or (not doc and not result.ok):
        raise typer.Exit(1)


@app.command("build")
def build_cmd(
    annotations: Path = typer.Option(Path("annotations"), metavar="DIR", help="Annotation root."),
    out: Path = typer.Option(Path("corpus"), metavar="DIR", help="Output dataset folder."),
    check: bool = typer.Option(False, "--check", help="Only check that OUT equals a fresh build."),
    pool: Path | None = typer.Option(None, metavar="FILE", help="Pool JSONL (default: ../shared/pool/articles.jsonl)."),
) -> None:
    """Build the Hugging Face dataset folder from the annotations (validated, deterministic, atomic)."""
    from bench.dataset.build import build, stale_files

    if check:
        stale = stale_files(annotations, out, pool)
        for rel in stale:
            typer.echo(f"stale: {out / rel}")
        if stale:
            _fail(f"{out} is not what `enquete build` produces from {annotations}; run `enquete build`")
        typer.echo(f"{out} is up to date", err=True)
        return
    result = build(annotations, out, pool)
    typer.echo(f"built {result.out}: {result.documents} documents, corpus hash {result.hash}", err=True)


@app.command("score")
def score_cmd(
    gold: Path = typer.Argument(..., metavar="GOLD",
                               help="Gold: the corpus/ folder, a documents JSONL or an annotation root."),
    pred: Path = typer.Argument(..., metavar="PRED",
                               help="Predictions JSONL (id + any of entities, quotes, events); side A of --compare."),
    split: str = typer.Option("test", metavar="SPLIT", help="Split to score (train, validation, test or all)."),
    compare: Path | None = typer.Option(None, metavar="FILE",
                                        help="Second predictions file (side B) for paired significance tests."),
    output: Path | None = typer.Option(None, metavar="FILE", help="Write the results JSON here (atomically)."),
    allow_missing: bool = typer.Option(False, "--allow-missing",
                                       help="Score documents missing from PRED as empty predictions."),
    layers: list[str] = typer.Option([], "--layer", metavar="LAYER",
                                     help="Restrict to this layer: entities, quotes or events (repeatable)."),
    bootstrap: int = typer.Option(1000, metavar="N", help="Bootstrap resamples for the 95% intervals (0 disables)."),
    seed: int = typer.Option(0, metavar="N", help="Seed of the bootstrap and randomisation tests."),
    quote_threshold: float = typer.Option(0.5, metavar="IOU", help="Content IoU needed to match two quotes."),
) -> None:
    """Score predictions against the gold corpus: P/R/F1 with 95% intervals, per label, per layer."""
    from bench.run.evaluate import format_table, score_files

    result = score_files(gold, pred, None if split == "all" else split, compare, output, allow_missing,
                         bootstrap, seed, layers or None, quote_threshold)
    typer.echo(format_table(result))


@app.command("agreement")
def agreement_cmd(
    a: Path = typer.Argument(Path("annotations/passes/a"), metavar="A", help="Reference pass (annotation root)."),
    b: Path = typer.Argument(Path("annotations/passes/b"), metavar="B", help="Other pass (annotation root)."),
    output: Path | None = typer.Option(None, metavar="FILE", help="Write the full agreement JSON here."),
    report: bool = typer.Option(False, "--report", help="Regenerate annotations/AGREEMENT.md per batch."),
    batch: str | None = typer.Option(None, "--batch", metavar="BATCH",
                                     help="Only the documents of this batch (batches.yaml)."),
) -> None:
    """Agreement between two independent annotation runs (passes), scored with the benchmark's own scorers."""
    from bench.agreement.passes import agreement_paths, headline
    from bench.io import atomic_write_json

    if report:
        from bench.agreement.report import write_report

        typer.echo(f"wrote {write_report(a.parent.parent)}")
        return
    only = None
    if batch:
        from bench.agreement.report import batch_documents

        only = batch_documents(a.parent.parent, batch)
    result = agreement_paths(a, b, only)
    if output:
        atomic_write_json(output, result)
    for row in headline(result):
        v = "n/a" if row["value"] is None else f"{row['value']:.3f}"
        typer.echo(f"{row['metric']:<40} {v:>6}  {row['target']}")


@annotate_app.command("diff")
def annotate_diff(
    a: Path = typer.Argument(..., metavar="A", help="Reference pass root."),
    b: Path = typer.Argument(..., metavar="B", help="Other pass root."),
    doc: list[str] = typer.Option([], "--doc", "-d", metavar="ID", help="Only this document (repeatable)."),
) -> None:
    """List every disagreement between two passes, document by document (for adjudication)."""
    from bench.agreement.passes import disagreements_paths

    for doc_id, lines in disagreements_paths(a, b, doc).items():
        typer.echo(f"== {doc_id}: {len(lines)} disagreement(s)")
        for line in lines:
            typer.echo("  " + line)


@app.command("list")
def list_cmd() -> None:
    """List the registered extractors."""
    from bench.run.extractors import EXTRACTORS

    width = max(map(len, EXTRACTORS))
    for name, reg in sorted(EXTRACTORS.items()):
        kind = "offline" if reg.offline else "network"
        typer.echo(f"{name:<{width}} {kind:<8} {'trainable' if reg.trainer else '':<9} {reg.description}")


def _config(pairs: list[str]) -> dict[str, object]:
    import json

    out: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            _fail(f"--config takes key=value, got {pair!r}")
        try:
            out[key] = json.loads(value)
        except (ValueError, RecursionError):  # not JSON: keep the string
            out[key] = value
    return out


@app.command("run")
def run_cmd(
    name: str = typer.Argument(..., metavar="EXTRACTOR",
                              help="Registered extractor (see `enquete list`) or module:Class (module importable "
                                   "from the current folder or the installed packages)."),
    split: str = typer.Option("test", metavar="SPLIT", help="Split to run on (train, validation or test)."),
    layers: list[str] = typer.Option([], "--layer", metavar="LAYER",
                                     help="Restrict to this layer: entities, quotes or events (repeatable)."),
    corpus: Path = typer.Option(Path("corpus"), envvar="ENQUETE_CORPUS", metavar="DIR", help="Built corpus folder."),
    results: Path = typer.Option(Path("results"), metavar="DIR", help="Results folder."),
    config: list[str] = typer.Option([], "--config", metavar="KEY=VALUE",
                                     help="Extractor constructor option; VALUE is JSON or a string (repeatable)."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Record failing documents and continue."),
    input_path: Path | None = typer.Option(None, "--input", metavar="FILE",
                                           help="Run on a raw archive instead of the gold: JSON Lines of "
                                                "{id, text, ...metadata}; needs --out."),
    out: Path | None = typer.Option(None, "--out", metavar="DIR",
                                    help="Shard folder for --input (resumed if it holds the same run)."),
    workers: int = typer.Option(1, "--workers", metavar="N", help="Worker processes (or Ray actors) for --input."),
    engine: str = typer.Option("local", "--engine", metavar="ENGINE",
                               help="local (process pool) or ray (needs pip install 'enquete[ray]')."),
    address: str | None = typer.Option(None, "--address", metavar="ADDR",
                                       help="Ray cluster: auto, ray://host:port (default: a local Ray)."),
    shard_size: int = typer.Option(10_000, "--shard-size", metavar="N", help="Documents a shard (--input)."),
    batch_size: int = typer.Option(32, "--batch-size", metavar="N", help="Documents a predict() call (--input)."),
) -> None:
    """Run an extractor on a split (results/<name>/<split>/) or, with --input, on a raw archive (--out)."""
    if input_path is not None:
        from bench.run.archive import run_archive

        if out is None:
            _fail("--input needs --out DIR (the folder for the prediction shards)")
        arc = run_archive(name, input_path, out, config=_config(config), layers=layers or None,
                          shard_size=shard_size, workers=workers, engine=engine, address=address,
                          batch_size=batch_size, keep_going=keep_going)
        inp, t = arc.manifest["input"], arc.record["throughput"]
        typer.echo(f"wrote {inp['shards']} shard(s) of {inp['documents']:,} documents to {arc.out} "
                   f"({arc.predicted_documents:,} predicted now, "
                   f"{inp['documents'] - arc.predicted_documents:,} in shards complete already)"
                   + (f"; {t['docs_per_s']:.1f} docs/s" if arc.predicted_documents and t["docs_per_s"] else "")
                   + (f"; {inp['failures']} failure(s) recorded" if inp["failures"] else ""))
        return
    if out is not None or workers != 1 or engine != "local" or address:
        _fail("--out, --workers, --engine and --address go with --input (a raw archive)")
    from bench.run.evaluate import format_table
    from bench.run.runner import run

    res = run(name, corpus, split, layers or None, _config(config), keep_going, results)
    typer.echo(format_table(res.result))
    t = res.record["throughput"]
    typer.echo(f"wrote {res.predictions_path} and {res.results_path}; "
               f"{t['docs_per_s'] or 0:.1f} docs/s, {t['words_per_s'] or 0:,.0f} words/s"
               + ("" if res.result["complete"] else f"; INCOMPLETE: {len(res.result['failures'])} failure(s)"))


@app.command("compare-runs")
def compare_runs_cmd(
    a: Path = typer.Argument(..., metavar="A", help="Run folder (enquete run --input … --out A) to score."),
    b: Path = typer.Argument(..., metavar="B", help="Run folder used as the reference."),
    input_path: Path | None = typer.Option(None, "--input", metavar="FILE",
                                           help="The archive both runs read (default: the path in A/run.json)."),
    layers: list[str] = typer.Option([], "--layer", metavar="LAYER", help="Compare only this layer (repeatable)."),
    out: Path | None = typer.Option(None, "--out", metavar="FILE", help="Also write the results JSON here."),
) -> None:
    """Score one archive run against another (B as reference): agreement between extractors without gold."""
    from bench.io import atomic_write_json
    from bench.run.compare import compare_runs
    from bench.run.evaluate import format_table

    result = compare_runs(a, b, input_path, layers or None)
    typer.echo(f"{a} scored against {b} (reference) on {result['documents']:,} documents of "
               f"{result['input']['name']}")
    typer.echo(format_table(result))
    if out is not None:
        atomic_write_json(out, result)
        typer.echo(f"wrote {out}")


@app.command("train")
def train_cmd(
    name: str = typer.Argument("trained.v1", metavar="EXTRACTOR",
                               help="Trainable extractor (see `enquete list`: trained.v1, spacy-ner-ft.v1, ...)."),
    corpus: Path = typer.Option(Path("corpus"), envvar="ENQUETE_CORPUS", metavar="DIR",
                                help="Built corpus folder (trains on train, selects on validation)."),
    results: Path = typer.Option(Path("results"), metavar="DIR",
                                 help="Results folder; the model goes to RESULTS/models/NAME."),
    out: Path | None = typer.Option(None, metavar="DIR",
                                    help="Model folder (overrides RESULTS/models/NAME; git-ignored)."),
    max_epochs: int | None = typer.Option(None, metavar="N", help="Most epochs (spacy-ner-ft.v1; default 30)."),
    patience: int | None = typer.Option(None, metavar="N",
                                        help="Epochs without validation gain before stopping (spacy-ner-ft.v1; "
                                             "default 6)."),
    fraction: float | None = typer.Option(None, metavar="F",
                                          help="Train on this fraction of the train documents (model baselines)."),
) -> None:
    """Train a trainable baseline on the train split (model selection on validation)."""
    from bench.run.extractors import train

    options = {k: v for k, v in (("max_epochs", max_epochs), ("patience", patience), ("train_fraction", fraction))
               if v is not None}
    target = out or results / "models" / name
    meta = train(name, corpus, target, options)
    shown = ", ".join(f"{k}={meta[k]}" for k in ("C", "validation_entity_f1", "best_epoch", "validation",
                                                 "train_documents", "model_hash") if k in meta)
    seconds = f" in {meta['seconds']:.0f} s" if isinstance(meta.get("seconds"), float) else ""
    typer.echo(f"trained {name}{seconds}: {shown}; model in {target}")


@app.command("curves")
def curves_cmd(
    corpus: Path = typer.Option(Path("corpus"), envvar="ENQUETE_CORPUS", metavar="DIR", help="Built corpus folder."),
    results: Path = typer.Option(Path("results"), metavar="DIR", help="Results folder (models under RESULTS/models)."),
    split: str = typer.Option("test", metavar="SPLIT", help="Split the curves are scored on."),
) -> None:
    """Learning curves of the model baselines (25/50/100% of train) → RESULTS/learning_curves.json."""
    from bench.run.curves import learning_curves, render_markdown

    curves = learning_curves(corpus, results, split, log=lambda m: typer.echo(m, err=True))
    typer.echo("\n".join(render_markdown(curves)))


@app.command("leaderboard")
def leaderboard_cmd(
    results: Path = typer.Option(Path("results"), metavar="DIR",
                                 help="Results folder holding EXTRACTOR/SPLIT/results.json."),
    corpus: Path = typer.Option(Path("corpus"), envvar="ENQUETE_CORPUS", metavar="DIR",
                                help="Built corpus folder (for the paired significance tests)."),
    split: str = typer.Option("test", metavar="SPLIT", help="Split whose results are ranked."),
) -> None:
    """Regenerate LEADERBOARD.md (next to RESULTS) and RESULTS/leaderboard.html; refuses when there are no results."""
    from bench.report.leaderboard import leaderboard

    typer.echo(leaderboard(results, corpus, split))


@app.command("perf")
def perf_cmd(
    corpus: Path | None = typer.Option(None, envvar="ENQUETE_CORPUS", metavar="DIR",
                                       help="Built corpus folder (default: ./corpus when present)."),
    out: Path | None = typer.Option(None, metavar="FILE", help="Markdown report (default: bench/PERFORMANCE.md)."),
    no_write: bool = typer.Option(False, "--no-write", help="Print the report only."),
    quick: bool = typer.Option(False, "--quick", help="Tiny sizes and one repeat (a smoke run, not a benchmark)."),
    baselines: list[str] = typer.Option([], "--baseline", metavar="EXTRACTOR", help="Only this baseline (repeatable)."),
    max_tokens: int = typer.Option(10_000_000, metavar="N", help="Largest IOB2 scaling size."),
) -> None:
    """Performance benchmark (machine-dependent figures): writes bench/PERFORMANCE.md."""
    from bench.perf.benchmark import main as perf_main

    argv = [*(["--corpus", str(corpus)] if corpus else []), *(["--out", str(out)] if out else []),
            *(["--no-write"] if no_write else []), *(["--quick"] if quick else []),
            *(a for b in baselines for a in ("--baseline", b)), "--max-tokens", str(max_tokens)]
    raise typer.Exit(perf_main(argv))


@app.command("reproduce")
def reproduce_cmd(
    annotations: Path = typer.Option(Path("annotations"), metavar="DIR", help="Annotation root to validate and build."),
    corpus: Path = typer.Option(Path("corpus"), metavar="DIR", help="Corpus folder to (re)build."),
    results: Path = typer.Option(Path("results"), metavar="DIR",
                                 help="Results folder; the board goes to its parent's LEADERBOARD.md."),
    max_epochs: int | None = typer.Option(None, metavar="N", help="Most epochs of spacy-ner-ft.v1 (default 30)."),
    patience: int | None = typer.Option(None, metavar="N",
                                        help="Early-stopping patience of spacy-ner-ft.v1 in epochs (default 6)."),
    curves: bool = typer.Option(True, "--curves/--no-curves", help="Also train and score the learning curves."),
) -> None:
    """The main job: validate + build the corpus, train and run every offline baseline on test, print the board."""
    from bench.pipeline import reproduce

    ner = {k: v for k, v in (("max_epochs", max_epochs), ("patience", patience)) if v is not None}
    typer.echo(reproduce(annotations, corpus, results, log=lambda m: typer.echo(m, err=True),
                         options={"spacy-ner-ft.v1": ner} if ner else None, curves=curves))


@app.command("show")
def show_cmd(
    doc_ids: list[str] = typer.Argument(None, metavar="[ID]...", help="Documents to render (default: all)."),
    pred: Path | None = typer.Option(None, "--pred", metavar="FILE",
                                     help="Predictions JSONL: adds the gold-vs-prediction diff."),
    out: Path = typer.Option(Path("viewer"), "--out", metavar="DIR", help="Output folder for the static HTML."),
    corpus: Path = typer.Option(Path("corpus"), envvar="ENQUETE_CORPUS", metavar="DIR", help="Built corpus folder."),
) -> None:
    """Write a static HTML viewer of the corpus (and of an extractor's errors with --pred)."""
    from bench.report.viewer import show

    pages = show(corpus, doc_ids or [], pred, out)
    typer.echo(f"wrote {len(pages)} page(s) under {out}; open {out / 'index.html'}")


@app.command("export")
def export_cmd(
    fmt: str = typer.Option(..., "--format", metavar="FORMAT", help="conll, spacy, brat or plover."),
    out: Path = typer.Option(..., "--out", metavar="DIR", help="Output folder."),
    split: str = typer.Option("all", metavar="SPLIT", help="train, validation, test or all."),
    corpus: Path = typer.Option(Path("corpus"), envvar="ENQUETE_CORPUS", metavar="DIR", help="Built corpus folder."),
) -> None:
    """Export the corpus to CoNLL IOB2, spaCy DocBin, brat standoff or PLOVER-style JSONL."""
    from bench.report.exports import export

    files = export(corpus, fmt, out, None if split == "all" else split)
    typer.echo(f"wrote {len(files)} file(s) under {out}")


@app.command("stats")
def stats_cmd(
    corpus: Path = typer.Option(Path("corpus"), envvar="ENQUETE_CORPUS", metavar="DIR", help="Built corpus folder."),
) -> None:
    """Corpus statistics: counts per split, label, event type, quote type, source kind, genre; density."""
    from bench.report.stats import corpus_stats, format_stats

    typer.echo(format_stats(corpus_stats(corpus)))


@annotate_app.command("new")
def annotate_new(
    doc_ids: list[str] = typer.Argument(..., metavar="ID...", help="Pool ids (or the seed id) to start."),
    story: str = typer.Option(..., metavar="STORY", help="Story cluster id (see annotations/stories.yaml)."),
    root: Path = typer.Option(Path("annotations"), metavar="DIR", help="Annotation root (gold or a pass)."),
) -> None:
    """Create empty annotation files with text and metadata copied from the pool."""
    from bench.annotation.sources import default_pool_path, load_pool
    from bench.annotation.splits import ensure_story
    from bench.annotation.store import AnnotationStore, new_document

    store = AnnotationStore(root)
    project_root = store.gold_root.parent
    pool_path = default_pool_path(project_root)
    pool = load_pool(pool_path) if pool_path else None
    for doc_id in doc_ids:
        typer.echo(new_document(store, doc_id, story, pool, project_root))
    if ensure_story(root, story):
        typer.echo(f"added story {story} to {store.stories_path} without a split; "
                   "run `enquete annotate assign-splits` to place it", err=True)


@annotate_app.command("assign-splits")
def annotate_assign_splits(
    root: Path = typer.Option(Path("annotations"), metavar="DIR", help="Gold annotation root."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the assignments without writing."),
) -> None:
    """Place stories that have no split yet (rule-v1) and write them into stories.yaml; never moves a story."""
    from bench.annotation.splits import assign_story_splits

    done = assign_story_splits(root, write=not dry_run)
    for a in done:
        typer.echo(f"{a.story}: {a.split} ({a.size.documents} documents, {a.size.words:,} words)")
    verb = "would assign" if dry_run else "assigned"
    typer.echo(f"{verb} {len(done)} stor{'y' if len(done) == 1 else 'ies'} (rule-v1)", err=True)


@annotate_app.command("locate")
def annotate_locate(
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="Annotation files whose draft spans to resolve."),
) -> None:
    """Resolve the spans you wrote (text, [[context]], nth) to offsets and rewrite the file canonically."""
    from bench.annotation.store import AnnotationStore, locate_file

    failed = False
    for path in files:
        store = AnnotationStore(path.resolve().parent.parent)
        n, issues = locate_file(store, path)
        for issue in issues:
            typer.echo(issue.format())
        failed |= bool(issues)
        typer.echo(f"{path}: {'not written' if issues else f'{n} span(s) resolved'}", err=True)
    if failed:
        raise typer.Exit(1)


@annotate_app.command("find")
def annotate_find(
    doc_id: str = typer.Argument(..., metavar="ID", help="Document id."),
    needle: str = typer.Argument(..., metavar="TEXT", help="The exact string you chose."),
    root: Path = typer.Option(Path("annotations"), metavar="DIR", help="Annotation root (gold or a pass)."),
) -> None:
    """Print every occurrence of a string you chose, with offsets and context (a locator, not a proposer)."""
    from bench.annotation.locate import find_all
    from bench.annotation.store import AnnotationStore

    text = AnnotationStore(root).read_text(doc_id)
    hits = find_all(text, needle)
    for i, (s, e, ctx) in enumerate(hits, 1):
        typer.echo(f"#{i} {s}-{e} {ctx}")
    if not hits:
        _fail(f"{needle!r} does not occur in {doc_id}")


@annotate_app.command("register")
def annotate_register(
    entity_id: str = typer.Argument(..., metavar="ID", help="Registry slug, e.g. antony-blinken."),
    name: str = typer.Option(..., metavar="NAME", help="Canonical name."),
    label: str = typer.Option(..., metavar="LABEL", help="OntoNotes name label."),
    alias: list[str] = typer.Option([], metavar="NAME", help="Another name used in the corpus (repeatable)."),
    root: Path = typer.Option(Path("annotations"), metavar="DIR", help="Annotation root (gold or a pass)."),
) -> None:
    """Add a registry row (or merge aliases into it). Safe when several annotators run it at once."""
    from bench.annotation.store import AnnotationStore, register
    from bench.types import RegistryEntry

    verdict = register(AnnotationStore(root), RegistryEntry(entity_id, name, label, tuple(alias)))
    typer.echo(f"{verdict} {entity_id}")


@annotate_app.command("rename-entity")
def annotate_rename_entity(
    old: str = typer.Argument(..., metavar="OLD", help="Registry id to rename."),
    new: str = typer.Argument(..., metavar="NEW", help="New registry id (the slug of the row's name)."),
    merge: bool = typer.Option(False, "--merge", help="NEW exists: merge OLD into it (same label)."),
    root: Path = typer.Option(Path("annotations"), metavar="DIR",
                              help="Gold annotation root (its passes are renamed too)."),
) -> None:
    """Rename a registry id in the registry, every gold document and every pass, all or nothing."""
    from bench.annotation.rename import rename_entity

    result = rename_entity(root, old, new, merge)
    typer.echo(f"{'merged' if result.merged else 'renamed'} {old} -> {new}: {result.references} reference(s) "
               f"in {len(result.files)} file(s); run `enquete validate` and `enquete build`")


@annotate_app.command("unregister")
def annotate_unregister(
    entity_id: str = typer.Argument(..., metavar="ID", help="Registry id to remove (must be unused)."),
    root: Path = typer.Option(Path("annotations"), metavar="DIR", help="Annotation root (gold or a pass)."),
) -> None:
    """Remove an unused registry row (a mistaken duplicate)."""
    from bench.annotation.store import AnnotationStore, unregister
    from bench.annotation.validate import referenced_ids, validate

    result = validate(root, tokens=False)
    unregister(AnnotationStore(root), entity_id, referenced_ids(s.document for s in result.documents))
    typer.echo(f"removed {entity_id}")


@review_app.command("export")
def review_export(
    doc_id: str = typer.Argument(..., metavar="ID", help="Gold document id."),
    out: Path = typer.Option(..., "--out", metavar="DIR",
                             help="Folder for ID.txt, ID.ann and the brat configuration."),
    root: Path = typer.Option(Path("annotations"), metavar="DIR", help="Gold annotation root."),
) -> None:
    """Write one document as brat standoff (+ annotation.conf), for brat or INCEpTION."""
    from bench.report.review import export_review

    files = export_review(root, doc_id, out)
    typer.echo(f"wrote {len(files)} file(s) under {out}; open {out / (doc_id + '.ann')} in brat or INCEpTION")


@review_app.command("import")
def review_import(
    doc_id: str = typer.Argument(..., metavar="ID", help="Gold document id."),
    folder: Path = typer.Argument(..., metavar="DIR", help="Folder holding the corrected ID.txt and ID.ann."),
    root: Path = typer.Option(Path("annotations"), metavar="DIR", help="Gold annotation root."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the diff without writing."),
) -> None:
    """Read the corrected brat files back: show the diff, write the YAML with review: human (atomically)."""
    from bench.report.review import import_review

    result = import_review(root, doc_id, folder, write=not dry_run)
    for line in result.changes:
        typer.echo(line)
    if result.kept:
        fields = Counter(k.rsplit(": ", 1)[-1] for k in result.kept)
        typer.echo("kept from the current YAML (brat has no place for them): "
                   + ", ".join(f"{f} on {n} item(s)" for f, n in sorted(fields.items())))
    for line in result.ignored:
        typer.echo(f"ignored (no place for it in Enquête): {line}")
    verb = "wrote" if result.written else "would write"
    typer.echo(f"{verb} {result.path} (review: human): {len(result.changes)} change(s)", err=True)


def main() -> None:
    """Console entry point: user-facing errors become one line on stderr and exit status 1."""
    _STATE["debug"] = False
    try:
        app()
    except EnqueteError as exc:
        if _STATE["debug"]:
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
