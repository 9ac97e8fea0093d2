"""Compatibility import: ``bench.predictions`` moved to :mod:`bench.run.predictions` (see CHANGELOG.md).

New code imports from :mod:`bench.run.predictions`; this module only re-exports its public names.
"""
from bench.run.predictions import (
    PredictionSet,
    check_prediction,
    load_predictions,
)

__all__ = [
    "PredictionSet",
    "check_prediction",
    "load_predictions",
]
