"""Splits: the rule that places new stories (rule-v1), writing it into ``stories.yaml``, and the
test-split hygiene checks of the validator.

A story's split is frozen once assigned; only stories whose ``split`` is missing or null are placed,
by :func:`assign_splits`. The checks (stable ids):

=========================  ==================================================================
story-split-missing        a story (and each of its documents) has no split yet; a *warning* for
                           ``enquete validate``, an error for ``enquete build``
split-guideline-example    a ``test`` document is listed in GUIDELINES.md's Appendix of worked-example
                           sources, or contains a backticked example fragment of >= 4 words
split-unknown-licence      a ``test`` document's licence is empty or unknown
split-test-too-small       ``test`` holds fewer than 18% of the documents
split-proportions          *info*: documents and words per split
=========================  ==================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import yaml

from bench.annotation.diagnostics import Issue
from bench.annotation.guidelines import Guidelines, normalise_with_map
from bench.errors import EnqueteError, SchemaError
from bench.types import Document

SPLITS: tuple[str, ...] = ("train", "validation", "test")
TARGETS: dict[str, Fraction] = {"train": Fraction(3, 5), "validation": Fraction(1, 5), "test": Fraction(1, 5)}
RULE = "rule-v1"
MIN_TEST_SHARE = Fraction(18, 100)


@dataclass(frozen=True, slots=True)
class StorySize:
    """How many documents and words (whitespace-separated) a story has."""

    documents: int = 0
    words: int = 0


def word_count(text: str) -> int:
    return len(text.split())


def assign_splits(splits: Mapping[str, str | None], sizes: Mapping[str, StorySize]) -> dict[str, str]:
    """Place every story without a split (rule-v1); return ``{story: split}`` for those stories only.

    The rule: unassigned stories are taken in sorted story-id order. The documents counted are those
    of every story that already has a split (including the ones placed earlier in the same run). Each
    story goes to the split whose share of documents is furthest below its target (train 0.60,
    validation 0.20, test 0.20) once that story's documents are added to it; ties go to the split with
    the larger word deficit (the same computation on words), then to train, validation, test in that
    order. Stories that already have a split are never changed. Exact fractions, so ties are real ties.
    """
    docs = {s: 0 for s in SPLITS}
    words = {s: 0 for s in SPLITS}
    for story, split in splits.items():
        if split:
            size = sizes.get(story, StorySize())
            docs[split] += size.documents
            words[split] += size.words
    placed: dict[str, str] = {}
    for story in sorted(s for s, split in splits.items() if not split):
        size = sizes.get(story, StorySize())
        total_d = sum(docs.values()) + size.documents
        total_w = sum(words.values()) + size.words
        # the deficit of each split's share below its target, times the (common) total: same order, exact
        gaps = {s: (TARGETS[s] * total_d - (docs[s] + size.documents),
                    TARGETS[s] * total_w - (words[s] + size.words), -SPLITS.index(s)) for s in SPLITS}
        best = max(SPLITS, key=gaps.__getitem__)
        placed[story] = best
        docs[best] += size.documents
        words[best] += size.words
    return placed


# ------------------------------------------------------------------ stories.yaml (text-level edits)

_TOP_KEY = re.compile(r"^(?P<key>[^\s#:][^:]*?|\"[^\"]+\"|'[^']+'):(?P<rest>.*)$")


def _key_name(raw: str) -> str:
    return raw.strip().strip("\"'")


def set_story_splits(text: str, placed: Mapping[str, str]) -> str:
    """``stories.yaml`` text with ``split: <s>`` and ``assigned: rule-v1`` written into each placed story.

    Comments, order and every other story are kept byte for byte.
    """
    lines = text.splitlines(keepends=True)
    starts = {_key_name(m.group("key")): i for i, ln in enumerate(lines) if (m := _TOP_KEY.match(ln))}
    for story, split in sorted(placed.items(), key=lambda kv: -starts.get(kv[0], -1)):
        if story not in starts:
            raise EnqueteError(f"story {story!r} is not a top-level key of stories.yaml")
        i = starts[story]
        m = _TOP_KEY.match(lines[i])
        assert m is not None
        rest = m.group("rest").split("#", 1)[0].strip()
        if rest not in ("", "{}", "null", "~"):
            raise EnqueteError(f"story {story!r} is written inline ({rest!r:.30}); write it as a block to assign it")
        nl = "\n" if lines[i].endswith("\n") else ""
        lines[i] = f"{m.group('key')}:{nl or chr(10)}"
        end = i + 1
        while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
            end += 1
        while end > i + 1 and not lines[end - 1].strip():
            end -= 1
        block = lines[i + 1:end]
        indent = next((ln[:len(ln) - len(ln.lstrip(" \t"))] for ln in block if ln.strip()), "  ")
        kept = [ln for ln in block if not re.match(r"[ \t]+(split|assigned)\s*:", ln)]
        lines[i + 1:end] = [f"{indent}split: {split}\n", f"{indent}assigned: {RULE}\n", *kept]
    return "".join(lines)


def add_story(text: str, story: str) -> str:
    """``stories.yaml`` text with a new story appended, without a split (rule-v1 places it later)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", story):
        raise EnqueteError(f"story id {story!r}: use lower-case letters, digits and '-'")
    sep = "" if not text or text.endswith("\n") else "\n"
    return f"{text}{sep}{story}:\n  split: null\n  description: \"\"\n"


def parse_story_splits(text: str, where: str = "stories.yaml") -> dict[str, str | None]:
    """Story id -> split (``None`` when missing or null) from the text of ``stories.yaml``."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise SchemaError(f"{where}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise SchemaError(f"{where}: must be a mapping of story ids")
    out: dict[str, str | None] = {}
    for key, value in data.items():
        split = value.get("split") if isinstance(value, dict) else None
        out[str(key)] = str(split) if split not in (None, "") else None
    return out


def ensure_story(root: Path, story: str) -> bool:
    """Add ``story`` to the gold ``stories.yaml`` without a split when it is not there; True if added.

    Used by ``enquete annotate new``: a new story is placed later by ``enquete annotate assign-splits``.
    A raw pass root borrows the gold stories and never adds any.
    """
    from bench.annotation.store import AnnotationStore, locked
    from bench.io import atomic_write_text

    store = AnnotationStore(Path(root))
    if store.root != store.gold_root:
        return False
    path = store.stories_path
    with locked(path):
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if story in parse_story_splits(text, str(path)):
            return False
        atomic_write_text(path, add_story(text, story))
    return True


# ------------------------------------------------------------------ validator checks


def _test_docs(docs: Iterable[tuple[Document, str]]) -> list[tuple[Document, str]]:
    return [(d, f) for d, f in docs if d.split == "test"]


def check_guideline_examples(docs: Sequence[tuple[Document, str]], guidelines: Guidelines) -> list[Issue]:
    """``split-guideline-example``: test documents the guidelines quote (Appendix or >= 4-word fragment)."""
    out: list[Issue] = []
    listed = set(guidelines.example_documents)
    patterns = [(f, re.compile(r"(?<!\w)" + re.escape(f) + r"(?!\w)")) for f in guidelines.fragments]
    for doc, file in _test_docs(docs):
        if doc.id in listed:
            out.append(Issue("split-guideline-example", doc.id, None,
                             "is in test but GUIDELINES.md lists it as a source of worked examples (Appendix)", file))
        norm, where = normalise_with_map(doc.text)
        for fragment, pattern in patterns:
            m = pattern.search(norm)
            if m:
                out.append(Issue("split-guideline-example", doc.id, where[m.start()],
                                 f"is in test but GUIDELINES.md quotes it in an example: `{fragment}`", file))
    return out


def check_licences(docs: Sequence[tuple[Document, str]]) -> list[Issue]:
    """``split-unknown-licence``: a test document must have a known licence."""
    return [Issue("split-unknown-licence", d.id, None, f"is in test but its licence is {d.license!r}", f)
            for d, f in _test_docs(docs)
            if not d.license.strip() or "unknown" in d.license.casefold()]


def proportions(docs: Iterable[Document]) -> dict[str, StorySize]:
    """Documents and words per split (documents without a split are not counted)."""
    out = {s: StorySize() for s in SPLITS}
    for d in docs:
        if d.split in out:
            old = out[d.split]
            out[d.split] = StorySize(old.documents + 1, old.words + word_count(d.text))
    return out


def check_proportions(docs: Sequence[Document], file: str = "") -> list[Issue]:
    """``split-proportions`` (info) and ``split-test-too-small`` (test < 18% of the documents)."""
    per = proportions(docs)
    n_docs = sum(p.documents for p in per.values())
    n_words = sum(p.words for p in per.values())
    if not n_docs:
        return []
    parts = [f"{s} {p.documents} documents ({100 * p.documents / n_docs:.1f}%), {p.words:,} words "
             f"({100 * p.words / max(n_words, 1):.1f}%)" for s, p in per.items()]
    out = [Issue("split-proportions", "-", None, "; ".join(parts), file, severity="info")]
    if Fraction(per["test"].documents, n_docs) < MIN_TEST_SHARE:
        out.append(Issue("split-test-too-small", "-", None,
                         f"test holds {per['test'].documents} of {n_docs} documents "
                         f"({100 * per['test'].documents / n_docs:.1f}%), under {float(MIN_TEST_SHARE):.0%}",
                         file))
    return out


def check_split_missing(stories: Mapping[str, Mapping[str, str]], docs: Iterable[tuple[Document, str]],
                        stories_file: str, severity: str = "warning") -> list[Issue]:
    """``story-split-missing``: each story without a split, and each document of such a story."""
    hint = "run `enquete annotate assign-splits`"
    missing = sorted(s for s, v in stories.items() if not v.get("split"))
    out = [Issue("story-split-missing", "-", None, f"story {s!r} has no split; {hint}", stories_file,
                 severity=severity) for s in missing]
    out += [Issue("story-split-missing", d.id, None, f"its story {d.story!r} has no split; {hint}", f,
                  severity=severity) for d, f in docs if d.story in missing]
    return out


def check_test_hygiene(docs: Sequence[tuple[Document, str]], guidelines: Guidelines | None,
                       stories_file: str = "") -> list[Issue]:
    """Every split check of a gold root except ``story-split-missing``."""
    out: list[Issue] = []
    if guidelines is not None:
        out += check_guideline_examples(docs, guidelines)
    out += check_licences(docs)
    out += check_proportions([d for d, _ in docs], stories_file)
    return out


# ------------------------------------------------------------------ the command


@dataclass(frozen=True, slots=True)
class Assignment:
    story: str
    split: str
    size: StorySize


def story_sizes(root: Path) -> dict[str, StorySize]:
    """Documents and words per story over every document file of an annotation root (any status)."""
    from bench.annotation.store import AnnotationStore, read_yaml

    store = AnnotationStore(Path(root))
    sizes: dict[str, StorySize] = {}
    for path in store.document_paths():
        data = read_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise EnqueteError(f"{path}: not an annotation file (a mapping with an id)")
        story = str(data.get("story") or "")
        try:
            words = word_count(store.read_text(data["id"]))
        except (OSError, UnicodeDecodeError) as exc:
            raise EnqueteError(f"{path}: cannot read its text: {exc}") from None
        old = sizes.get(story, StorySize())
        sizes[story] = StorySize(old.documents + 1, old.words + words)
    return sizes


def assign_story_splits(root: Path, write: bool = True) -> list[Assignment]:
    """``enquete annotate assign-splits``: place unassigned stories by rule-v1 and write ``stories.yaml``."""
    from bench.annotation.store import AnnotationStore, locked
    from bench.io import atomic_write_text

    store = AnnotationStore(Path(root))
    path = store.stories_path
    if not path.is_file():
        raise EnqueteError(f"{path} does not exist")
    with locked(path):
        text = path.read_text(encoding="utf-8")
        before = parse_story_splits(text, str(path))
        bad = sorted(s for s, v in before.items() if v is not None and v not in SPLITS)
        if bad:
            raise EnqueteError(f"{path}: story {bad[0]!r} has split {before[bad[0]]!r}; fix it first")
        sizes = story_sizes(root)
        placed = assign_splits(before, sizes)
        if not placed:
            return []
        new_text = set_story_splits(text, placed)
        after = parse_story_splits(new_text, str(path))
        expected = {**{s: v for s, v in before.items() if v}, **placed}
        if any(after.get(s) != v for s, v in expected.items()):
            raise EnqueteError(f"{path}: could not write the assignments safely; nothing written")
        if write:
            atomic_write_text(path, new_text)
    return [Assignment(s, placed[s], sizes.get(s, StorySize())) for s in sorted(placed)]
