"""The corpus validator: every check has a stable id; findings print as ``<check> <doc>:<offset> <msg>``.

Check ids (errors unless marked *warning*):

=========================  ==================================================================
yaml-syntax                an annotation, registry or stories file is not valid YAML / UTF-8 (a repeated
                           mapping key included: YAML forbids it and readers would keep only one)
schema                     a field is missing or has the wrong type
file-name                  a document file's name differs from its id
doc-id-format              id is not ``<publisher>-<yyyymmdd>-<slug>``
duplicate-document         two files declare the same document id
text-missing               ``texts/<id>.txt`` does not exist
text-source-mismatch       the text differs from its pool row or the seed file
meta-source-mismatch       title/date/publisher/url/licence/genre differ from the pool row
stories-missing            ``stories.yaml`` does not exist
story-split                a story in ``stories.yaml`` has no valid split
text-encoding              ``texts/<id>.txt`` is not valid UTF-8
story-unknown              the document's story is not in ``stories.yaml`` (so it has no split)
story-split-missing        *warning*: a story (and each of its documents) has no split yet (an error
                           for ``enquete build``); ``enquete annotate assign-splits`` places it
split-guideline-example    a ``test`` document is a worked-example source of GUIDELINES.md (its Appendix,
                           or a backticked example fragment of >= 4 words found in its text)
split-unknown-licence      a ``test`` document's licence is empty or unknown
split-test-too-small       ``test`` holds fewer than 18% of the documents
split-proportions          *info*: documents and words per split (always printed)
span-not-found             a span expression does not occur in the text
span-ambiguous             a span expression occurs more than once
span-unresolved            *warning*: a span is still in draft form (run ``enquete annotate locate``)
offset-range               start/end outside ``[0, len(text)]`` or ``start >= end``
span-text-mismatch         ``text[start:end]`` differs from the stored span text
span-whitespace            a span starts or ends with whitespace
span-unbalanced            *warning*: a span contains an unmatched bracket or parenthesis
token-misaligned           *warning*: a span boundary falls inside a reference-tokenizer token
unknown-label              entity label not in the OntoNotes-18 inventory
unknown-quote-type         quote type not DIRECT/INDIRECT/MIXED
unknown-source-kind        quote source_kind not in the inventory
unknown-event-type         event type not in the inventory
unknown-realis             realis not ACTUAL/GENERIC/OTHER
unknown-polarity           polarity not POSITIVE/NEGATIVE
unknown-role               argument role not in the inventory
unknown-review             the document's ``review`` is not ``none`` or ``human``
role-not-allowed           the role is not one this event type takes (guidelines table)
missing-id                 an item has no id (drafts get ids from ``enquete annotate locate``)
duplicate-id               two items of one document share an id
duplicate-argument         an event lists the same role on the same span twice
entity-overlap             two entity spans overlap (the entity layer is flat, as in OntoNotes)
value-linked               a DATE/TIME/number entity carries a registry id
name-unlinked              a name entity has no registry id
registry-unresolved        an entity/speaker/argument registry id is not in the registry
registry-label-mismatch    *warning*: an entity's label differs from its registry row's label
registry-duplicate         two registry rows share an id
registry-label             a registry row's label is not a name label
registry-unused            *warning*: a registry row no document refers to
registry-name-untagged     *warning*: a name or alias (>= 3 characters, case-sensitive, whole word) of a
                           registry entity the document links elsewhere occurs outside every entity span
registry-excluded          *warning*: a registry name or alias names what §1.3 excludes (diseases, generic
                           descriptions, listed non-names; :data:`bench.annotation.registry_checks.EXCLUDED_NAMES`)
registry-id-slug           *warning*: a registry id is not the slug of its row's name (or slug + ``-suffix``)
event-typed-twice          *warning*: same trigger text and participants, different event types
realis-infinitive          *warning*: an ACTUAL event on a to-infinitive trigger (performatives excepted)
quote-no-content           a quote has no content span
direct-outside-content     a quote's direct segment is not inside one of its content spans
direct-type                a DIRECT quote without direct segments or an INDIRECT one with them
quote-cue-missing          *warning*: a quote without cue (allowed only for continuations)
=========================  ==================================================================
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.annotation import inventory as inv
from bench.annotation.diagnostics import Issue
from bench.annotation.event_checks import check_events
from bench.annotation.guidelines import load_guidelines
from bench.annotation.registry_checks import check_registry_rows, check_untagged_names
from bench.annotation.sources import SEED_FILE, default_pool_path, load_pool, seed_text
from bench.annotation.splits import check_split_missing, check_test_hygiene
from bench.annotation.store import AnnotationStore, SourceDocument, load_document, load_registry, load_stories
from bench.common.tokens import token_boundaries
from bench.errors import EnqueteError
from bench.types import Document, RegistryEntry, iter_spans

DOC_ID = re.compile(r"^[a-z]+-\d{8}-[a-z0-9][a-z0-9-]*$")
POOL_META = {"title": "title", "date": "date", "publisher": "publisher", "url": "source_url",
             "license": "license", "genre": "genre"}


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """Everything validation learned: the documents that parsed, the registry, and the findings."""

    documents: tuple[SourceDocument, ...]
    registry: tuple[RegistryEntry, ...]
    issues: tuple[Issue, ...]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def infos(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "info"]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_spans(doc: Document, file: str = "", tokens: bool = True) -> list[Issue]:
    """Offsets in range, stored text equals ``text[start:end]``, no outer whitespace, token alignment."""
    out: list[Issue] = []
    n = len(doc.text)
    starts, ends = token_boundaries(doc.text) if tokens else (frozenset(), frozenset())
    for what, s in iter_spans(doc.as_prediction()):
        if not (0 <= s.start < s.end <= n):
            out.append(Issue("offset-range", doc.id, s.start,
                             f"{what} [{s.start}, {s.end}) is outside [0, {n}] or empty", file))
            continue
        actual = doc.text[s.start:s.end]
        if actual != s.text:
            out.append(Issue("span-text-mismatch", doc.id, s.start,
                             f"{what} stores {s.text!r} but text[{s.start}:{s.end}] is {actual!r}", file))
            continue
        if actual.count("[") != actual.count("]") or actual.count("(") != actual.count(")"):
            out.append(Issue("span-unbalanced", doc.id, s.start, f"{what} {actual!r} has unbalanced brackets",
                             file, severity="warning"))
        if actual != actual.strip():
            out.append(Issue("span-whitespace", doc.id, s.start, f"{what} {actual!r} has outer whitespace", file))
        if tokens and (s.start not in starts or s.end not in ends):
            out.append(Issue("token-misaligned", doc.id, s.start,
                             f"{what} {actual!r} does not align with reference tokens", file,
                             severity="warning"))
    return out


def check_inventories(doc: Document, file: str = "") -> list[Issue]:
    out: list[Issue] = []
    if doc.review not in inv.REVIEW:
        out.append(Issue("unknown-review", doc.id, None,
                         f"review {doc.review!r} is not one of {', '.join(inv.REVIEW)} (absent means none)", file))
    for e in doc.entities:
        if e.label not in inv.ENTITY_LABELS:
            hint = " (labels are upper case)" if e.label.upper() in inv.ENTITY_LABELS else ""
            out.append(Issue("unknown-label", doc.id, e.start, f"entity {e.id} label {e.label!r}{hint}", file))
    for q in doc.quotes:
        at = q.content[0].start if q.content else None
        if q.type not in inv.QUOTE_TYPES:
            out.append(Issue("unknown-quote-type", doc.id, at, f"quote {q.id} type {q.type!r}", file))
        if q.source_kind not in inv.SOURCE_KINDS:
            out.append(Issue("unknown-source-kind", doc.id, at, f"quote {q.id} source_kind {q.source_kind!r}",
                             file))
    for ev in doc.events:
        at = ev.trigger.start
        if ev.type not in inv.EVENT_TYPES:
            out.append(Issue("unknown-event-type", doc.id, at, f"event {ev.id} type {ev.type!r}", file))
        if ev.realis not in inv.REALIS:
            out.append(Issue("unknown-realis", doc.id, at, f"event {ev.id} realis {ev.realis!r}", file))
        if ev.polarity not in inv.POLARITY:
            out.append(Issue("unknown-polarity", doc.id, at, f"event {ev.id} polarity {ev.polarity!r}", file))
        allowed = inv.EVENT_ROLES.get(ev.type)
        for a in ev.arguments:
            if a.role not in inv.ROLES:
                out.append(Issue("unknown-role", doc.id, a.start, f"event {ev.id} role {a.role!r}", file))
            elif allowed is not None and a.role not in allowed:
                out.append(Issue("role-not-allowed", doc.id, a.start,
                                 f"event {ev.id} ({ev.type}) does not take role {a.role}; "
                                 f"allowed: {', '.join(sorted(allowed))}", file))
    return out


def check_structure(doc: Document, file: str = "") -> list[Issue]:
    """Unique ids, flat entity layer, quote content/direct consistency."""
    out: list[Issue] = []
    for layer in ("entities", "quotes", "events"):
        counts = Counter(x.id for x in getattr(doc, layer))
        if counts.get(""):
            out.append(Issue("missing-id", doc.id, None,
                             f"{counts.pop('')} {layer} item(s) without id; run `enquete annotate locate`", file))
        for item_id, c in counts.items():
            if c > 1:
                out.append(Issue("duplicate-id", doc.id, None, f"{layer} id {item_id!r} used {c} times", file))
    ents = sorted(doc.entities, key=lambda e: (e.start, e.end))
    for a, b in itertools.pairwise(ents):
        if b.start < a.end:
            out.append(Issue("entity-overlap", doc.id, b.start,
                             f"entity {b.id} {b.text!r} overlaps {a.id} {a.text!r}", file))
    for e in doc.entities:
        if e.label in inv.VALUE_LABELS and e.entity:
            out.append(Issue("value-linked", doc.id, e.start,
                             f"entity {e.id} ({e.label}) must not carry a registry id", file))
        if e.label in inv.NAME_LABELS and not e.entity:
            out.append(Issue("name-unlinked", doc.id, e.start,
                             f"entity {e.id} {e.text!r} ({e.label}) needs a registry id", file))
    for ev in doc.events:
        for arg, c in Counter((a.role, a.start, a.end) for a in ev.arguments).items():
            if c > 1:
                out.append(Issue("duplicate-argument", doc.id, arg[1],
                                 f"event {ev.id} has role {arg[0]} on the same span {c} times", file))
    for q in doc.quotes:
        at = q.content[0].start if q.content else None
        if not q.content:
            out.append(Issue("quote-no-content", doc.id, at, f"quote {q.id} has no content span", file))
        for d in q.direct:
            if not any(c.start <= d.start and d.end <= c.end for c in q.content):
                out.append(Issue("direct-outside-content", doc.id, d.start,
                                 f"quote {q.id} direct segment {d.text!r:.40} is not inside its content", file))
        if q.type == "DIRECT" and not q.direct:
            out.append(Issue("direct-type", doc.id, at, f"quote {q.id} is DIRECT but has no direct segment",
                             file))
        if q.type == "INDIRECT" and q.direct:
            out.append(Issue("direct-type", doc.id, at,
                             f"quote {q.id} is INDIRECT but has direct segments (use MIXED)", file))
        if q.cue is None:
            out.append(Issue("quote-cue-missing", doc.id, at,
                             f"quote {q.id} has no cue (only a continuing quote may omit it)", file,
                             severity="warning"))
    return out


def check_registry_refs(doc: Document, registry: dict[str, RegistryEntry], file: str = "") -> list[Issue]:
    out: list[Issue] = []

    def need(ref: str | None, what: str, at: int | None) -> None:
        if ref and ref not in registry:
            out.append(Issue("registry-unresolved", doc.id, at, f"{what} refers to unknown registry id {ref!r}",
                             file))

    for e in doc.entities:
        need(e.entity, f"entity {e.id}", e.start)
        row = registry.get(e.entity or "")
        if row is not None and row.label != e.label and e.label in inv.NAME_LABELS:
            out.append(Issue("registry-label-mismatch", doc.id, e.start,
                             f"entity {e.id} {e.text!r} is {e.label}, registry {row.id} is {row.label}", file,
                             severity="warning"))
    for q in doc.quotes:
        need(q.speaker, f"quote {q.id} speaker", q.content[0].start if q.content else None)
    for ev in doc.events:
        for a in ev.arguments:
            need(a.entity, f"event {ev.id} argument {a.role}", a.start)
    return out


def check_registry(entries: list[RegistryEntry], file: str) -> list[Issue]:
    out: list[Issue] = []
    for rid, c in Counter(e.id for e in entries).items():
        if c > 1:
            out.append(Issue("registry-duplicate", "registry", None, f"id {rid!r} appears {c} times", file))
    for e in entries:
        if e.label not in inv.NAME_LABELS:
            out.append(Issue("registry-label", "registry", None, f"{e.id}: label {e.label!r} is not a name label",
                             file))
    return out


def check_source(doc: Document, raw_source: str, pool: dict[str, dict[str, object]] | None,
                 project_root: Path, file: str) -> list[Issue]:
    """The text equals its pool row (or the seed file minus its marker), metadata equals the pool's."""
    out: list[Issue] = []
    if raw_source == "seed":
        seed_path = project_root / SEED_FILE
        if seed_path.is_file():
            expected = seed_text(seed_path.read_text(encoding="utf-8"))
            if expected != doc.text:
                out.append(Issue("text-source-mismatch", doc.id, _first_diff(expected, doc.text),
                                 f"text differs from {SEED_FILE} (minus its date marker)", file))
        return out
    if pool is None:
        return out
    row = pool.get(doc.id)
    if row is None:
        out.append(Issue("text-source-mismatch", doc.id, None, "document id is not in the pool", file))
        return out
    if row["text"] != doc.text:
        out.append(Issue("text-source-mismatch", doc.id, _first_diff(str(row["text"]), doc.text),
                         "text differs from its pool row", file))
    for ours, theirs in POOL_META.items():
        if str(getattr(doc, ours)) != str(row.get(theirs, "")):
            out.append(Issue("meta-source-mismatch", doc.id, None,
                             f"{ours} is {getattr(doc, ours)!r}, pool says {row.get(theirs)!r}", file))
    return out


def _first_diff(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def referenced_ids(docs: Iterable[Document]) -> set[str]:
    """Registry ids that entity mentions, quote speakers and event arguments refer to."""
    used: set[str] = set()
    for doc in docs:
        used |= {e.entity for e in doc.entities if e.entity}
        used |= {q.speaker for q in doc.quotes if q.speaker}
        used |= {a.entity for ev in doc.events for a in ev.arguments if a.entity}
    return used


def validate(root: Path, project_root: Path | None = None, pool_path: Path | None = None,
             tokens: bool = True) -> ValidationResult:
    """Validate an annotation root (gold or a raw pass). Never raises on bad data: it reports.

    Raises :class:`EnqueteError` only when ``root`` is no annotation root at all (a wrong folder).
    """
    root = Path(root)
    if not root.is_dir() or not any((root / name).exists() for name in ("documents", "registry.yaml", "stories.yaml")):
        where = root if root.is_absolute() else Path.cwd() / root
        raise EnqueteError(f"{root}: not an annotation root ({where} has no documents/, registry.yaml or "
                           "stories.yaml); run enquete from the project root or pass the annotation root as PATH")
    store = AnnotationStore(root)
    project_root = Path(project_root) if project_root else store.gold_root.parent
    issues: list[Issue] = []
    stories, story_issues = load_stories(store)
    issues.extend(story_issues)
    entries, reg_issues = load_registry(store)
    issues.extend(reg_issues)
    issues.extend(check_registry(entries, str(store.registry_path)))
    issues.extend(check_registry_rows(entries, str(store.registry_path)))
    registry = {e.id: e for e in entries}
    pool_path = pool_path or default_pool_path(project_root)
    pool = load_pool(pool_path) if pool_path else None
    docs: list[SourceDocument] = []
    seen: dict[str, Path] = {}
    for path in store.document_paths():
        src, found = load_document(store, path, stories)
        issues.extend(found)
        if src is None:
            continue
        doc, file = src.document, str(path)
        if doc.id in seen:
            issues.append(Issue("duplicate-document", doc.id, None, f"also declared in {seen[doc.id]}", file))
            continue
        seen[doc.id] = path
        if not DOC_ID.match(doc.id):
            issues.append(Issue("doc-id-format", doc.id, None, "id must be <publisher>-<yyyymmdd>-<slug>", file))
        if src.drafts:
            issues.append(Issue("span-unresolved", doc.id, None,
                                f"{src.drafts} span(s) in draft form; run `enquete annotate locate {file}`",
                                file, severity="warning"))
        if doc.story not in stories:
            issues.append(Issue("story-unknown", doc.id, None, f"story {doc.story!r} is not in stories.yaml",
                                file))
        located = [i for i in found if i.check in ("span-not-found", "span-ambiguous", "schema")]
        if not located:
            issues.extend(check_spans(doc, file, tokens))
        issues.extend(check_inventories(doc, file))
        issues.extend(check_structure(doc, file))
        issues.extend(check_registry_refs(doc, registry, file))
        issues.extend(check_untagged_names(doc, registry, file))
        issues.extend(check_events(doc, file))
        issues.extend(check_source(doc, str(src.raw.get("source") or "pool"), pool, project_root, file))
        docs.append(src)
    if store.root == store.gold_root:  # splits are a property of the gold corpus, not of a raw pass
        placed = [(s.document, str(s.path)) for s in docs]
        issues.extend(check_split_missing(stories, placed, str(store.stories_path)))
        issues.extend(check_test_hygiene(placed, load_guidelines(store.gold_root / "GUIDELINES.md"),
                                         str(store.stories_path)))
    used = referenced_ids(s.document for s in docs)
    for e in entries:
        if e.id not in used and docs:
            issues.append(Issue("registry-unused", "registry", None, f"{e.id} is not referred to",
                                str(store.registry_path), severity="warning"))
    return ValidationResult(tuple(docs), tuple(entries), tuple(issues))
