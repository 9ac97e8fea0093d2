"""What the tools read from ``annotations/GUIDELINES.md``: its version, the documents its worked examples
quote (the Appendix) and the example fragments themselves (for test-split hygiene).

>>> normalise("“Don’t”  —  go")
'"Don\\'t" - go'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

APPENDIX_HEADING = "## Appendix: documents quoted in worked examples"
MIN_FRAGMENT_WORDS = 4

_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
_CODE = re.compile(r"`([^`]+)`")  # a code span may wrap onto the next line
_SPLITTERS = re.compile(r"\[\[|\]\]|\[|\]|…|→")
_BULLET_ID = re.compile(r"^\s*[*-]\s+`([^`]+)`")
_VERSION = re.compile(r"\*\*Version ([0-9.]+)\*\*")
_TRANSLATE = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "ʼ": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+(?:['-]\w+)*")


def normalise(text: str) -> str:
    """Curly quotes and apostrophes made straight, every dash a hyphen, whitespace runs one space."""
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip()


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`normalise` without the final strip, plus each output character's offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for i, ch in enumerate(text.translate(_TRANSLATE)):
        if ch.isspace():
            if not in_space:
                out.append(" ")
                where.append(i)
            in_space = True
            continue
        in_space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


@dataclass(frozen=True, slots=True)
class Guidelines:
    """The parts of GUIDELINES.md the tools use."""

    version: str
    example_documents: tuple[str, ...]
    fragments: tuple[str, ...]


def _appendix_ids(text: str) -> tuple[str, ...]:
    ids: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.strip() == APPENDIX_HEADING:
            inside = True
            continue
        if inside and line.startswith("#"):
            break
        if inside:
            m = _BULLET_ID.match(line)
            if m:
                ids.append(m.group(1).strip())
    return tuple(ids)


def example_fragments(text: str, min_words: int = MIN_FRAGMENT_WORDS) -> tuple[str, ...]:
    """Backticked fragments of running text (fenced blocks and the Appendix excluded), split on the
    markup of worked examples (``[[``, ``]]``, ``[``, ``]``, ``…``, ``→``), normalised, of at least
    ``min_words`` words; sorted and unique."""
    body = text.split(APPENDIX_HEADING, 1)[0]
    body = _FENCE.sub("", body)
    out: set[str] = set()
    for m in _CODE.finditer(body):
        if re.search(r"\n\s*\n", m.group(1)):
            continue  # not a code span: a stray backtick paired across paragraphs
        for piece in _SPLITTERS.split(m.group(1)):
            piece = normalise(piece)
            if len(_WORD.findall(piece)) >= min_words:
                out.add(piece)
    return tuple(sorted(out))


def parse_guidelines(text: str) -> Guidelines:
    m = _VERSION.search(text)
    return Guidelines(m.group(1) if m else "unknown", _appendix_ids(text), example_fragments(text))


def load_guidelines(path: Path) -> Guidelines | None:
    """The parsed guidelines, or ``None`` when the file does not exist."""
    path = Path(path)
    if not path.is_file():
        return None
    return parse_guidelines(path.read_text(encoding="utf-8"))
