"""Stage 5, running extractors: the extractor protocol and the one registry (``extractors``),
``enquete run`` on a split (``runner``), reading and checking prediction files (``predictions``),
``enquete score`` as a function (``evaluate``) and the learning curves of the trained baselines
(``curves``).

May import the root modules, :mod:`bench.common`, :mod:`bench.annotation`, :mod:`bench.dataset`,
:mod:`bench.scoring` and :mod:`bench.agreement`; nothing from report, perf or cli.
"""
