"""The locator: turns a span the annotator *chose* into character offsets. It never proposes spans.

An annotator writes a span in one of three ways:

* ``"Antony Blinken"`` — the exact text; it must occur exactly once in the document;
* ``"Secretary of State [[Antony Blinken]] arrived"`` — a context that occurs exactly once, with the
  span itself between double brackets;
* ``{"text": "France", "nth": 3}`` — the third occurrence (1-based) of the text;

and the canonical form ``{"start": 120, "end": 134, "text": "Antony Blinken"}`` that
``enquete annotate locate`` writes back.

>>> resolve_span("He met Macron. Macron left.", {"text": "Macron", "nth": 2})
Span(start=15, end=21, text='Macron')
>>> resolve_span("He met Macron. Macron left.", "met [[Macron]]")
Span(start=7, end=13, text='Macron')
"""

from __future__ import annotations

import re
from typing import Any

from bench.types import Span

OPEN, CLOSE = "[[", "]]"


class LocateError(ValueError):
    """A span expression that does not resolve; ``check`` is the validator check id."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check


def occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``needle`` in ``text``."""
    if not needle:
        return []
    return [m.start() for m in re.finditer(f"(?={re.escape(needle)})", text)]


def _unique(text: str, needle: str, shown: str) -> int:
    found = occurrences(text, needle)
    if not found:
        raise LocateError("span-not-found", f"{shown!r} does not occur in the text")
    if len(found) > 1:
        raise LocateError(
            "span-ambiguous",
            f"{shown!r} occurs {len(found)} times (at {', '.join(map(str, found[:6]))}); "
            "add context with [[...]] or give nth",
        )
    return found[0]


def is_canonical(expr: Any) -> bool:
    return isinstance(expr, dict) and "start" in expr and "end" in expr


def resolve_span(text: str, expr: Any) -> Span:
    """Resolve one span expression against ``text``; raises :class:`LocateError`."""
    if is_canonical(expr):
        start, end = expr["start"], expr["end"]
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
            raise LocateError("schema", f"start/end must be integers, got {start!r}, {end!r}")
        return Span(start, end, str(expr.get("text", "")))
    if isinstance(expr, dict) and "text" in expr:
        needle = expr["text"]
        nth = expr.get("nth", 1)
        if not isinstance(needle, str) or not isinstance(nth, int) or nth < 1:
            raise LocateError("schema", f"bad span expression {expr!r}")
        if OPEN in needle:
            return resolve_span(text, needle) if nth == 1 else _context_nth(text, needle, nth)
        found = occurrences(text, needle)
        if len(found) < nth:
            raise LocateError("span-not-found", f"{needle!r} occurs {len(found)} times, nth={nth} asked")
        return Span(found[nth - 1], found[nth - 1] + len(needle), needle)
    if isinstance(expr, str):
        if OPEN in expr:
            return _context_nth(text, expr, None)
        start = _unique(text, expr, expr)
        return Span(start, start + len(expr), expr)
    raise LocateError("schema", f"cannot read span expression {expr!r:.80}")


def _context_nth(text: str, expr: str, nth: int | None) -> Span:
    if "[[[" in expr or "]]]" in expr:
        raise LocateError("schema", f"context {expr!r} has a bracket next to [[ or ]], which is ambiguous; "
                                    "write the span as {text: ..., nth: k} instead")
    if expr.count(OPEN) != 1 or expr.count(CLOSE) != 1 or expr.index(OPEN) > expr.index(CLOSE):
        raise LocateError("schema", f"context {expr!r} must contain exactly one [[...]]")
    before, rest = expr.split(OPEN, 1)
    inner, after = rest.split(CLOSE, 1)
    if not inner:
        raise LocateError("schema", f"context {expr!r} brackets an empty span")
    context = before + inner + after
    if nth is None:
        at = _unique(text, context, expr)
    else:
        found = occurrences(text, context)
        if len(found) < nth:
            raise LocateError("span-not-found", f"{expr!r} occurs {len(found)} times, nth={nth} asked")
        at = found[nth - 1]
    start = at + len(before)
    return Span(start, start + len(inner), inner)


def find_all(text: str, needle: str, width: int = 30) -> list[tuple[int, int, str]]:
    """Every occurrence of a string the annotator chose, with context: ``(start, end, context)``."""
    out = []
    for start in occurrences(text, needle):
        end = start + len(needle)
        left = text[max(0, start - width):start].replace("\n", "⏎")
        right = text[end:end + width].replace("\n", "⏎")
        out.append((start, end, f"{left}[[{needle}]]{right}"))
    return out
