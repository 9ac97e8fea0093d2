"""Stage 6, beside the reports: the performance benchmark (``benchmark``; ``python -m bench.perf`` or
``enquete perf``), which writes the machine-dependent figures to ``bench/PERFORMANCE.md``.

May import every lower stage (root modules, common, annotation, dataset, scoring, agreement, run);
nothing from report, ``bench.pipeline`` or ``bench.cli``.
"""
