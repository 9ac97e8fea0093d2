"""Stage 1, the annotation source and its tools: reading and writing ``annotations/`` (``store``), the
locator that turns a span the annotator chose into offsets (``locate``), the label inventory of schema v1
(``inventory``), the validator and its checks (``validate``, ``diagnostics``, ``event_checks``,
``registry_checks``, ``splits``, ``guidelines``), where texts come from (``sources``) and registry
renames (``rename``).

May import the root modules and :mod:`bench.common`; nothing from a later stage (dataset, scoring,
agreement, run, report, perf, cli).
"""
