"""Escaped HTML for a text with (possibly nested or crossing) highlighted spans.

Owns one thing: turning ``text`` plus a list of :class:`Mark` (character offsets, end-exclusive) into
well-formed HTML. Marks that nest become nested ``<span>`` elements (a quote's content containing an
entity); marks that cross are split into fragments (class ``cont`` on every fragment after the first),
so the output is always balanced. The badge of a mark is written once, at the end of its last fragment.
Every piece of text and every attribute value is escaped: article text is untrusted input.

>>> render_text("a <b> c", [Mark(2, 5, "ent", badge="X")])
'a <span class="m ent">&lt;b&gt;<span class="badge">X</span></span> c'
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

_CLASS_OK = re.compile(r"[^A-Za-z0-9_ -]")
_ATTR_OK = re.compile(r"^data-[a-z0-9-]+$")


def esc(value: object) -> str:
    """HTML-escape any value for element content or a double-quoted attribute."""
    return html.escape(str(value), quote=True)


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted span: CSS classes, an optional badge (shown after the text), a tooltip, data attributes."""

    start: int
    end: int
    classes: str
    badge: str = ""
    title: str = ""
    data: tuple[tuple[str, str], ...] = ()
    style: str = ""


def _open(m: Mark, cont: bool) -> str:
    classes = _CLASS_OK.sub("_", m.classes).split()
    parts = [f'<span class="{esc(" ".join(["m", *classes, *(["cont"] if cont else [])]))}"']
    if m.title:
        parts.append(f' title="{esc(m.title)}"')
    for key, value in m.data:
        if _ATTR_OK.match(key):
            parts.append(f' {key}="{esc(value)}"')
    if m.style:
        parts.append(f' style="{esc(m.style)}"')
    return "".join(parts) + ">"


def _close(m: Mark, final: bool) -> str:
    badge = f'<span class="badge">{esc(m.badge)}</span>' if final and m.badge else ""
    return badge + "</span>"


def render_text(text: str, marks: Sequence[Mark]) -> str:
    """``text`` as escaped HTML with every in-range, non-empty mark rendered as a ``<span class="m ...">``."""
    ms = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    order = sorted(range(len(ms)), key=lambda i: (ms[i].start, -ms[i].end, i))
    points = sorted({0, len(text), *(m.start for m in ms), *(m.end for m in ms)})
    out: list[str] = []
    stack: list[int] = []
    nxt = 0
    for k, p in enumerate(points):
        reopen: list[int] = []
        ending = [j for j, i in enumerate(stack) if ms[i].end == p]
        if ending:
            low = ending[0]
            popped = stack[low:]
            del stack[low:]
            for i in reversed(popped):
                out.append(_close(ms[i], final=ms[i].end == p))
            reopen = [i for i in popped if ms[i].end > p]
        starting: list[int] = []
        while nxt < len(order) and ms[order[nxt]].start == p:
            starting.append(order[nxt])
            nxt += 1
        # Outer (longer-lasting) spans open first so that fewer fragments are needed later.
        for i in sorted(reopen + starting, key=lambda i: (-ms[i].end, ms[i].start, i)):
            out.append(_open(ms[i], cont=i in reopen))
            stack.append(i)
        if k + 1 < len(points):
            out.append(esc(text[p:points[k + 1]]))
    return "".join(out)
