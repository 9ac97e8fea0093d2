"""Stage 6, reports and exports: the leaderboard (``leaderboard``), the HTML viewer (``viewer``,
``markup``, ``diff``), corpus statistics (``stats``), exports to brat, spaCy, CoNLL and JSONL
(``exports``, ``export_brat``, ``export_spacy``) and the human review round trip through brat
(``review``).

May import every lower stage (root modules, common, annotation, dataset, scoring, agreement, run);
nothing from perf, ``bench.pipeline`` or ``bench.cli``.
"""
