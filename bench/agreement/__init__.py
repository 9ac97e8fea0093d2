"""Stage 4, beside scoring: agreement between two independent annotation runs (passes), computed with the
benchmark's scorers (``passes``), and the agreement report ``annotations/AGREEMENT.md`` (``report``).

May import the root modules, :mod:`bench.common`, :mod:`bench.annotation`, :mod:`bench.dataset` and
:mod:`bench.scoring`; nothing from run, report, perf or cli. Scoring never imports it.
"""
