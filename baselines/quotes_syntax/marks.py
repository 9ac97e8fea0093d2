"""Quotation-mark segments of a text: curly (“…”) and straight ("…") pairs, never across a paragraph."""

from __future__ import annotations

import re

OPEN, CLOSE, STRAIGHT = "“", "”", '"'
_PARAGRAPH = re.compile(r"\n\s*\n")


def quote_segments(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every balanced quoted segment, quotation marks included (end-exclusive).

    Curly marks pair an opening “ with the next closing ”; straight marks pair in order. A mark left
    open at the end of its paragraph is dropped (news style leaves multi-paragraph quotes open).

    >>> t = 'He said “yes, now.” Then "no" and “open'
    >>> [t[s:e] for s, e in quote_segments(t)]
    ['“yes, now.”', '"no"']
    """
    out: list[tuple[int, int]] = []
    start = 0
    for para_end in [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]:
        curly: int | None = None
        straight: int | None = None
        for i in range(start, para_end):
            ch = text[i]
            if ch == OPEN:
                curly = i
            elif ch == CLOSE and curly is not None:
                out.append((curly, i + 1))
                curly = None
            elif ch == STRAIGHT:
                if straight is None:
                    straight = i
                else:
                    out.append((straight, i + 1))
                    straight = None
        start = para_end
    return sorted(out)


def inside(segments: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The segment strictly containing character ``pos`` (marks included), if any."""
    for s, e in segments:
        if s <= pos < e:
            return (s, e)
    return None
