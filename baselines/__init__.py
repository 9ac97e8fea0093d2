"""Reference extractors (baselines). Each is registered once in :mod:`bench.run.extractors`."""
