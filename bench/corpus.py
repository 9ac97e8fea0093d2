"""Compatibility import: ``bench.corpus`` moved to :mod:`bench.dataset.corpus` (see CHANGELOG.md).

New code imports from :mod:`bench.dataset.corpus`; this module only re-exports its public names.
"""
from bench.dataset.corpus import (
    SPLIT_FILES,
    Corpus,
    check_split,
    file_hash,
    load_corpus,
)

__all__ = [
    "SPLIT_FILES",
    "Corpus",
    "check_split",
    "file_hash",
    "load_corpus",
]
