"""The annotation source in ``annotations/`` (YAML written span by span by the annotators): reading, span
resolution, canonical writing.

Layout of an annotation root (the gold root ``annotations/`` or a raw pass ``annotations/passes/<p>/``)::

    stories.yaml             story id -> split and description (gold root only)
    registry.yaml            the entity registry, one row per real-world entity
    texts/<doc-id>.txt       the verbatim article text (gold root only; passes share it)
    documents/<doc-id>.yaml  metadata and the three layers of one document

Spans are written as the annotator chose them (see :mod:`bench.annotation.locate`) and ``enquete annotate
locate`` rewrites them in canonical ``{start, end, text}`` form, one item per line where possible.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.annotation.diagnostics import Issue
from bench.annotation.locate import LocateError, is_canonical, resolve_span
from bench.errors import EnqueteError, SchemaError
from bench.io import atomic_write_text
from bench.types import (
    Document,
    RegistryEntry,
    document_from_dict,
    registry_from_dict,
    registry_to_dict,
)

META_KEYS = ("id", "title", "date", "publisher", "url", "license", "genre", "story", "origin", "source")
ANNOTATION_KEYS = ("annotators", "guidelines", "status", "review", "notes")
LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the 1-based line of every mapping under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
    # YAML requires unique keys, but PyYAML keeps the last of two silently: a second `description:`
    # once blanked 122 story descriptions. Refuse it, naming the line of the repeated key.
    seen: set[tuple[str, str]] = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):  # compare keys as written; no second construction
            if (key_node.tag, key_node.value) in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key_node.value!r} (a YAML mapping must not repeat a key)",
                    key_node.start_mark)
            seen.add((key_node.tag, key_node.value))
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file safely (never ``yaml.load``), with line numbers on mappings."""
    try:
        raw = path.read_bytes()
        return yaml.load(raw.decode("utf-8-sig"), Loader=_LineLoader)
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise SchemaError(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    except RecursionError:
        raise SchemaError(f"{path}: invalid YAML: nested too deeply") from None
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read: {exc.strerror or exc}") from None


def strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class AnnotationStore:
    """Paths of one annotation root; a pass root borrows texts and stories from the gold root."""

    root: Path

    @property
    def gold_root(self) -> Path:
        return self.root.parent.parent if self.root.parent.name == "passes" else self.root

    @property
    def documents_dir(self) -> Path:
        return self.root / "documents"

    @property
    def texts_dir(self) -> Path:
        return self.gold_root / "texts"

    @property
    def registry_path(self) -> Path:
        return self.root / "registry.yaml"

    @property
    def stories_path(self) -> Path:
        return self.gold_root / "stories.yaml"

    def document_paths(self) -> list[Path]:
        if not self.documents_dir.is_dir():
            return []
        return sorted(self.documents_dir.glob("*.yaml"))

    def text_path(self, doc_id: str) -> Path:
        return self.texts_dir / f"{doc_id}.txt"

    def read_text(self, doc_id: str) -> str:
        path = self.text_path(doc_id)
        return path.read_bytes().decode("utf-8")


# ------------------------------------------------------------------ stories and registry


def load_stories(store: AnnotationStore) -> tuple[dict[str, dict[str, str]], list[Issue]]:
    path = store.stories_path
    if not path.is_file():
        return {}, [Issue("stories-missing", "-", None, f"{path} does not exist", str(path))]
    try:
        data = read_yaml(path) or {}
    except SchemaError as exc:
        return {}, [Issue("yaml-syntax", "-", None, str(exc), str(path))]
    issues: list[Issue] = []
    stories: dict[str, dict[str, str]] = {}
    if not isinstance(data, dict):
        return {}, [Issue("schema", "-", None, "stories.yaml must be a mapping of story ids", str(path))]
    for key, value in strip_lines(data).items():
        value = {} if value is None else value
        split = value.get("split") if isinstance(value, dict) else "?"
        if split not in (None, "", "train", "validation", "test"):
            issues.append(Issue("story-split", "-", None,
                                f"story {key!r} needs split train/validation/test (or none yet), got {split!r:.30}",
                                str(path)))
            continue
        # a story without a split is known but unplaced: `enquete annotate assign-splits` places it
        stories[str(key)] = {k: "" if v is None else str(v) for k, v in value.items()}
        stories[str(key)]["split"] = split or ""
    return stories, issues


def load_registry(store: AnnotationStore) -> tuple[list[RegistryEntry], list[Issue]]:
    path = store.registry_path
    if not path.is_file():
        return [], []
    try:
        data = read_yaml(path) or []
    except SchemaError as exc:
        return [], [Issue("yaml-syntax", "registry", None, str(exc), str(path))]
    if not isinstance(data, list):
        return [], [Issue("schema", "registry", None, "registry.yaml must be a list of rows", str(path))]
    out, issues = [], []
    for row in data:
        line = row.get(LINE) if isinstance(row, dict) else None
        try:
            out.append(registry_from_dict(strip_lines(row), "registry row"))
        except SchemaError as exc:
            issues.append(Issue("schema", "registry", None, str(exc), str(path), line))
    return out, issues


def dump_registry(entries: list[RegistryEntry]) -> str:
    lines = ["# Enquête entity registry: one row per real-world entity named in the corpus.",
             "# Edit by hand or with `enquete annotate register`; keep it sorted by id."]
    for e in sorted(entries, key=lambda r: r.id):
        lines.append("- " + _flow(registry_to_dict(e)))
    return "\n".join(lines) + "\n"


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock (a ``.lock`` sibling) around a read-modify-write of ``path``, across processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def register(store: AnnotationStore, entry: RegistryEntry) -> str:
    """Add a registry row, or merge aliases into an existing one (same id and label). Process-safe."""
    with locked(store.registry_path):
        entries, issues = load_registry(store)
        if issues:
            raise EnqueteError(issues[0].format())
        by_id = {e.id: e for e in entries}
        old = by_id.get(entry.id)
        if old is not None:
            if old.label != entry.label:
                raise EnqueteError(f"registry id {entry.id!r} exists with label {old.label}, not {entry.label}")
            aliases = tuple(sorted(set(old.aliases) | set(entry.aliases) - {old.name}))
            by_id[entry.id] = RegistryEntry(old.id, old.name, old.label, aliases)
            verdict = "updated"
        else:
            by_id[entry.id] = entry
            verdict = "added"
        atomic_write_text(store.registry_path, dump_registry(list(by_id.values())))
    return verdict


def unregister(store: AnnotationStore, entity_id: str, referenced: set[str]) -> None:
    """Remove a registry row nobody refers to (e.g. a mistaken duplicate). Process-safe."""
    if entity_id in referenced:
        raise EnqueteError(f"registry id {entity_id!r} is still referred to; relink those mentions first")
    with locked(store.registry_path):
        entries, issues = load_registry(store)
        if issues:
            raise EnqueteError(issues[0].format())
        kept = [e for e in entries if e.id != entity_id]
        if len(kept) == len(entries):
            raise EnqueteError(f"registry id {entity_id!r} does not exist")
        atomic_write_text(store.registry_path, dump_registry(kept))


# ------------------------------------------------------------------ documents


def _span_fields(item: dict[str, Any]) -> Any:
    """The span expression of an entity/argument row: ``span:`` (draft) or start/end/text."""
    if "span" in item:
        return item["span"]
    if is_canonical(item):
        return {"start": item["start"], "end": item["end"], "text": item.get("text", "")}
    if "text" in item:
        return {"text": item["text"], "nth": item.get("nth", 1)}
    raise LocateError("schema", "item has no span (give span:, or start/end/text)")


class _Resolver:
    """Resolves every span expression of one document, collecting issues instead of raising."""

    def __init__(self, doc_id: str, text: str, file: str) -> None:
        self.doc_id, self.text, self.file = doc_id, text, file
        self.issues: list[Issue] = []
        self.drafts = 0

    def span(self, expr: Any, what: str, line: int | None) -> dict[str, Any] | None:
        if expr is None or expr == "":
            return None
        if not is_canonical(expr):
            self.drafts += 1
        try:
            s = resolve_span(self.text, strip_lines(expr))
        except LocateError as exc:
            self.issues.append(Issue(exc.check, self.doc_id, None, f"{what}: {exc}", self.file, line))
            return {"start": 0, "end": 0, "text": "", "__unresolved__": True}
        return {"start": s.start, "end": s.end, "text": s.text}

    def row(self, item: dict[str, Any], what: str) -> dict[str, Any]:
        line = item.get(LINE)
        try:
            expr = _span_fields(item)
        except LocateError as exc:
            self.issues.append(Issue(exc.check, self.doc_id, None, f"{what}: {exc}", self.file, line))
            expr = None
        out = {k: v for k, v in item.items() if k not in ("span", "start", "end", "text", "nth")}
        resolved = self.span(expr, what, line) or {"start": 0, "end": 0, "text": ""}
        out.update(resolved)
        return out


def resolve_layers(data: dict[str, Any], text: str, doc_id: str, file: str) -> tuple[dict[str, Any], _Resolver]:
    """Return the document dict with every span in canonical form (lines kept for messages)."""
    r = _Resolver(doc_id, text, file)
    out = dict(data)
    entities = []
    for i, item in enumerate(data.get("entities") or []):
        if not isinstance(item, dict):
            r.issues.append(Issue("schema", doc_id, None, f"entities[{i}] must be a mapping", file))
            continue
        entities.append(r.row(item, f"entity {item.get('id', i)}"))
    out["entities"] = entities
    quotes = []
    for i, item in enumerate(data.get("quotes") or []):
        if not isinstance(item, dict):
            r.issues.append(Issue("schema", doc_id, None, f"quotes[{i}] must be a mapping", file))
            continue
        q = dict(item)
        line, qid = item.get(LINE), item.get("id", i)
        for key in ("cue", "source", "addressee"):
            q[key] = r.span(item.get(key), f"quote {qid} {key}", line)
        for key in ("content", "direct"):
            spans = item.get(key) or []
            if not isinstance(spans, list):
                spans = [spans]
            q[key] = [r.span(s, f"quote {qid} {key}[{j}]", line) for j, s in enumerate(spans)]
        quotes.append(q)
    out["quotes"] = quotes
    events = []
    for i, item in enumerate(data.get("events") or []):
        if not isinstance(item, dict):
            r.issues.append(Issue("schema", doc_id, None, f"events[{i}] must be a mapping", file))
            continue
        ev = dict(item)
        line, eid = item.get(LINE), item.get("id", i)
        ev["trigger"] = r.span(item.get("trigger"), f"event {eid} trigger", line)
        args = []
        for j, a in enumerate(item.get("arguments") or []):
            if not isinstance(a, dict):
                r.issues.append(Issue("schema", doc_id, None, f"event {eid} arguments[{j}] must be a mapping",
                                      file, line))
                continue
            args.append(r.row(a, f"event {eid} argument {a.get('role', j)}"))
        ev["arguments"] = args
        events.append(ev)
    out["events"] = events
    return out, r


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A parsed annotation file: the document, its raw (resolved) dict and where it came from."""

    path: Path
    document: Document
    raw: dict[str, Any]
    drafts: int


def load_document(store: AnnotationStore, path: Path,
                  stories: dict[str, dict[str, str]]) -> tuple[SourceDocument | None, list[Issue]]:
    """Parse and resolve one annotation file. Problems come back as issues, never exceptions."""
    file = str(path)
    try:
        data = read_yaml(path)
    except SchemaError as exc:
        return None, [Issue("yaml-syntax", path.stem, None, str(exc), file)]
    if not isinstance(data, dict):
        return None, [Issue("schema", path.stem, None, "an annotation file must be a YAML mapping", file)]
    doc_id = data.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        return None, [Issue("schema", path.stem, None, "missing document 'id'", file, data.get(LINE))]
    issues: list[Issue] = []
    if doc_id != path.stem:
        issues.append(Issue("file-name", doc_id, None, f"file is named {path.name}, id is {doc_id}", file))
    try:
        text = store.read_text(doc_id)
    except FileNotFoundError:
        return None, [*issues, Issue("text-missing", doc_id, None,
                                     f"no text file {store.text_path(doc_id)}", file)]
    except UnicodeDecodeError as exc:
        return None, [*issues, Issue("text-encoding", doc_id, exc.start, "text file is not valid UTF-8", file)]
    resolved, r = resolve_layers(data, text, doc_id, file)
    issues.extend(r.issues)
    story = str(data.get("story") or "")
    split = stories.get(story, {}).get("split", "")
    plain = strip_lines(resolved)
    plain["text"] = text
    plain["split"] = split
    plain["meta"] = {k: json.dumps(plain[k]) if not isinstance(plain.get(k), str) else plain[k]
                     for k in ("origin", "source") if plain.get(k)}
    try:
        doc = document_from_dict(plain, file)
    except SchemaError as exc:
        return None, [*issues, Issue("schema", doc_id, None, str(exc), file)]
    return SourceDocument(path, doc, resolved, r.drafts), issues


# ------------------------------------------------------------------ canonical writing


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    s = str(value)
    if s and all(c.isalnum() or c in "-_." for c in s) and not s[0].isdigit() and s.lower() not in (
            "null", "true", "false", "yes", "no", "on", "off", "y", "n"):
        return s
    return json.dumps(s, ensure_ascii=False)


def _flow(d: dict[str, Any]) -> str:
    parts = []
    for k, v in d.items():
        if k == LINE:
            continue
        if isinstance(v, list):
            inner = ", ".join(_scalar(x) if not isinstance(x, dict) else _flow(x) for x in v)
            parts.append(f"{k}: [{inner}]")
        elif isinstance(v, dict):
            parts.append(f"{k}: {_flow(v)}")
        else:
            parts.append(f"{k}: {_scalar(v)}")
    return "{" + ", ".join(parts) + "}"


_ENTITY_ORDER = ("id", "label", "start", "end", "text", "entity", "note")
_QUOTE_ORDER = ("id", "type", "source_kind", "speaker", "cue", "source", "addressee", "content", "direct",
                "note")
_EVENT_ORDER = ("id", "type", "realis", "polarity", "trigger", "arguments", "note")
_ARG_ORDER = ("role", "start", "end", "text", "entity", "note")


def _ordered(d: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    out = {k: d[k] for k in order if k in d}
    out.update({k: v for k, v in d.items() if k not in out and k != LINE})
    return out


def _span_key(item: dict[str, Any]) -> tuple[int, int]:
    return (int(item.get("start", 0) or 0), int(item.get("end", 0) or 0))


def dump_document(resolved: dict[str, Any]) -> str:
    """Canonical YAML for a resolved annotation dict: metadata, then one layer block each."""
    lines: list[str] = []
    for key in (*META_KEYS, *ANNOTATION_KEYS):
        if key in resolved:
            value = resolved[key]
            if isinstance(value, list):
                lines.append(f"{key}: [{', '.join(_scalar(v) for v in value)}]")
            elif isinstance(value, str) and "\n" in value:
                lines.append(f"{key}: |")
                lines.extend("  " + ln for ln in value.splitlines())
            else:
                lines.append(f"{key}: {_scalar(value)}")
    lines.append("entities:" + ("" if resolved.get("entities") else " []"))
    for e in sorted(resolved.get("entities") or [], key=_span_key):
        lines.append("- " + _flow(_ordered(e, _ENTITY_ORDER)))
    lines.append("quotes:" + ("" if resolved.get("quotes") else " []"))
    for q in resolved.get("quotes") or []:
        q = _ordered(q, _QUOTE_ORDER)
        first = True
        for k, v in q.items():
            head = "- " if first else "  "
            first = False
            if k in ("content", "direct"):
                if not v:
                    lines.append(f"{head}{k}: []")
                    continue
                lines.append(f"{head}{k}:")
                lines.extend(f"  - {_flow(s)}" for s in v)
            elif isinstance(v, dict):
                lines.append(f"{head}{k}: {_flow(v)}")
            else:
                lines.append(f"{head}{k}: {_scalar(v)}")
    lines.append("events:" + ("" if resolved.get("events") else " []"))
    for ev in resolved.get("events") or []:
        ev = _ordered(ev, _EVENT_ORDER)
        first = True
        for k, v in ev.items():
            head = "- " if first else "  "
            first = False
            if k == "arguments":
                if not v:
                    lines.append(f"{head}arguments: []")
                    continue
                lines.append(f"{head}arguments:")
                lines.extend(f"  - {_flow(_ordered(a, _ARG_ORDER))}" for a in v)
            elif isinstance(v, dict):
                lines.append(f"{head}{k}: {_flow(v)}")
            else:
                lines.append(f"{head}{k}: {_scalar(v)}")
    return "\n".join(lines) + "\n"


def locate_file(store: AnnotationStore, path: Path) -> tuple[int, list[Issue]]:
    """Rewrite one annotation file with every span in canonical form. Returns (spans resolved, issues).

    Nothing is written when any span fails to resolve, so a file is never left half-converted.
    """
    try:
        data = read_yaml(path)
    except SchemaError as exc:
        return 0, [Issue("yaml-syntax", path.stem, None, str(exc), str(path))]
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return 0, [Issue("schema", path.stem, None, "an annotation file must be a mapping with an id", str(path))]
    try:
        text = store.read_text(data["id"])
    except FileNotFoundError:
        return 0, [Issue("text-missing", data["id"], None, f"no text file {store.text_path(data['id'])}",
                         str(path))]
    resolved, r = resolve_layers(data, text, data["id"], str(path))
    if r.issues:
        return 0, r.issues
    fill_ids(resolved)
    atomic_write_text(path, dump_document(strip_lines(resolved)))
    return r.drafts, []


def fill_ids(resolved: dict[str, Any]) -> None:
    """Give every item without an id the next free T../Q../V.. id (entities sorted by span first)."""
    for ev in resolved.get("events") or []:
        ev.setdefault("realis", "ACTUAL")
        ev.setdefault("polarity", "POSITIVE")
    for layer, prefix in (("entities", "T"), ("quotes", "Q"), ("events", "V")):
        items = resolved.get(layer) or []
        if layer == "entities":
            items.sort(key=_span_key)
        used = {str(x.get("id")) for x in items if x.get("id")}
        n = 0
        for item in items:
            if not item.get("id"):
                n += 1
                while f"{prefix}{n}" in used:
                    n += 1
                item["id"] = f"{prefix}{n}"
                used.add(item["id"])


def new_document(store: AnnotationStore, doc_id: str, story: str, pool: dict[str, dict[str, object]] | None,
                 project_root: Path) -> Path:
    """Start an annotation file for a pool document (or the seed): copy its text, write its metadata.

    Layers start empty; the annotator fills them. Refuses to overwrite an existing file.
    """
    from bench.annotation.sources import SEED_FILE, SEED_ID, seed_text

    path = store.documents_dir / f"{doc_id}.yaml"
    if path.exists():
        raise EnqueteError(f"{path} already exists")
    if doc_id == SEED_ID:
        text = seed_text((project_root / SEED_FILE).read_text(encoding="utf-8"))
        meta: dict[str, Any] = {
            "id": doc_id, "title": "Blinken meets Macron in Paris after the AUKUS submarine rift",
            "date": "2021-10-07", "publisher": "unknown", "url": "", "license": "unknown",
            "genre": "news", "story": story, "origin": SEED_FILE, "source": "seed",
        }
    else:
        if pool is None or doc_id not in pool:
            raise EnqueteError(f"{doc_id}: not in the pool (is ../shared/pool/articles.jsonl there?)")
        row = pool[doc_id]
        text = str(row["text"])
        meta = {"id": doc_id, "title": row["title"], "date": row["date"], "publisher": row["publisher"],
                "url": row["source_url"], "license": row["license"], "genre": row["genre"], "story": story,
                "origin": row["origin"], "source": "pool"}
    if store.root == store.gold_root:
        text_path = store.text_path(doc_id)
        if not text_path.exists():
            atomic_write_text(text_path, text)
    meta.update({"annotators": [], "guidelines": "", "status": "todo"})
    atomic_write_text(path, dump_document({**meta, "entities": [], "quotes": [], "events": []}))
    return path
