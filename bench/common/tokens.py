"""The reference tokenizer (spaCy's rule-based English tokenizer, no model) and IOB2 tag views."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

from bench.types import Entity


@cache
def _tokenizer():  # type: ignore[no-untyped-def]
    import spacy

    return spacy.blank("en").tokenizer


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token character offsets ``(start, end)`` of the reference tokenizer, whitespace dropped.

    Memoised per text (scoring tokenizes each document for quotes, and again for the seqeval view).
    """
    return list(_tokenize(text))


@lru_cache(maxsize=4096)
def _tokenize(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((t.idx, t.idx + len(t.text)) for t in _tokenizer()(text) if not t.is_space)


def token_boundaries(text: str) -> tuple[frozenset[int], frozenset[int]]:
    toks = tokenize(text)
    return frozenset(s for s, _ in toks), frozenset(e for _, e in toks)


def iob2_tags(tokens: list[tuple[int, int]], entities: Iterable[Entity]) -> list[str]:
    """IOB2 tags for ``tokens``: a token is inside an entity when it overlaps it.

    A token that only partly overlaps an entity (misaligned boundary) is still tagged, so a
    misaligned gold span degrades the token view instead of vanishing from it.
    """
    tags = ["O"] * len(tokens)
    starts = [s for s, _ in tokens]
    import bisect

    for ent in sorted(entities, key=lambda e: (e.start, e.end)):
        i = max(0, bisect.bisect_right(starts, ent.start) - 1)
        first = True
        while i < len(tokens) and tokens[i][0] < ent.end:
            e = tokens[i][1]
            if e > ent.start and tags[i] == "O":
                tags[i] = ("B-" if first else "I-") + ent.label
                first = False
            i += 1
    return tags
