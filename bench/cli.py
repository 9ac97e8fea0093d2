"""The ``enquete`` command line: every command is a thin wrapper over a plain function in ``bench``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from bench.errors import EnqueteError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Enquête corpus and benchmark harness.")
annotate_app = typer.Typer(no_args_is_help=True, help="Annotation helpers: they resolve and check, never propose.")
app.add_typer(annotate_app, name="annotate")


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@app.command("validate")
def validate_cmd(
    path: Path = typer.Argument(Path("annotations"), help="Annotation root (gold or a pass)."),
    warnings: bool = typer.Option(False, "--warnings", "-w", help="Also print warnings."),
    pool: Path | None = typer.Option(None, help="Pool JSONL (default: ../shared/pool/articles.jsonl)."),
    doc: list[str] = typer.Option([], "--doc", "-d", help="Only report findings for these document ids."),
) -> None:
    """Validate the hand-written annotations; exit 1 on any error."""
    from bench.validate import validate

    result = validate(path, pool_path=pool)
    shown = result.issues if warnings else result.errors
    if doc:
        shown = [i for i in shown if i.doc in doc]
    for issue in shown:
        typer.echo(issue.format())
    typer.echo(
        f"{len(result.documents)} documents, {len(result.registry)} registry rows: "
        f"{len(result.errors)} errors, {len(result.warnings)} warnings",
        err=True,
    )
    if any(i.severity == "error" for i in shown) or (not doc and not result.ok):
        raise typer.Exit(1)


@app.command("build")
def build_cmd(
    annotations: Path = typer.Option(Path("annotations"), help="Annotation root."),
    out: Path = typer.Option(Path("corpus"), help="Output dataset folder."),
    check: bool = typer.Option(False, "--check", help="Only check that OUT equals a fresh build."),
    pool: Path | None = typer.Option(None, help="Pool JSONL (default: ../shared/pool/articles.jsonl)."),
) -> None:
    """Build the Hugging Face dataset folder from the annotations (validated, deterministic, atomic)."""
    from bench.build import build, stale_files

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


@annotate_app.command("new")
def annotate_new(
    doc_ids: list[str] = typer.Argument(..., help="Pool ids (or the seed id) to start."),
    story: str = typer.Option(..., help="Story cluster id (see annotations/stories.yaml)."),
    root: Path = typer.Option(Path("annotations"), help="Annotation root (gold or a pass)."),
) -> None:
    """Create empty annotation files with text and metadata copied from the pool."""
    from bench.annotations import AnnotationStore, new_document
    from bench.sources import default_pool_path, load_pool

    store = AnnotationStore(root)
    project_root = store.gold_root.parent
    pool_path = default_pool_path(project_root)
    pool = load_pool(pool_path) if pool_path else None
    for doc_id in doc_ids:
        typer.echo(new_document(store, doc_id, story, pool, project_root))


@annotate_app.command("locate")
def annotate_locate(
    files: list[Path] = typer.Argument(..., help="Annotation files whose draft spans to resolve."),
) -> None:
    """Resolve the spans you wrote (text, [[context]], nth) to offsets and rewrite the file canonically."""
    from bench.annotations import AnnotationStore, locate_file

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
    doc_id: str = typer.Argument(...),
    needle: str = typer.Argument(..., help="The exact string you chose."),
    root: Path = typer.Option(Path("annotations")),
) -> None:
    """Print every occurrence of a string you chose, with offsets and context (a locator, not a proposer)."""
    from bench.annotations import AnnotationStore
    from bench.locate import find_all

    text = AnnotationStore(root).read_text(doc_id)
    hits = find_all(text, needle)
    for i, (s, e, ctx) in enumerate(hits, 1):
        typer.echo(f"#{i} {s}-{e} {ctx}")
    if not hits:
        _fail(f"{needle!r} does not occur in {doc_id}")


@annotate_app.command("register")
def annotate_register(
    entity_id: str = typer.Argument(..., help="Registry slug, e.g. antony-blinken."),
    name: str = typer.Option(..., help="Canonical name."),
    label: str = typer.Option(..., help="OntoNotes name label."),
    alias: list[str] = typer.Option([], help="Other names used in the corpus (repeatable)."),
    root: Path = typer.Option(Path("annotations")),
) -> None:
    """Add a registry row (or merge aliases into it). Safe when several annotators run it at once."""
    from bench.annotations import AnnotationStore, register
    from bench.types import RegistryEntry

    verdict = register(AnnotationStore(root), RegistryEntry(entity_id, name, label, tuple(alias)))
    typer.echo(f"{verdict} {entity_id}")


def main() -> None:
    """Console entry point: user-facing errors become one line on stderr and exit status 1."""
    try:
        app()
    except EnqueteError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
