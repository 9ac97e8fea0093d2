"""Compatibility import: ``bench.extractors`` moved to :mod:`bench.run.extractors` (see CHANGELOG.md).

New code imports from :mod:`bench.run.extractors`; this module only re-exports its public names.
"""
from bench.run.extractors import (
    EXTRACTORS,
    DocumentInput,
    Extractor,
    Registered,
    check_options,
    create,
    resolve_target,
    train,
    trainable,
)

__all__ = [
    "EXTRACTORS",
    "DocumentInput",
    "Extractor",
    "Registered",
    "check_options",
    "create",
    "resolve_target",
    "train",
    "trainable",
]
