"""Stage 2, the built corpus: ``enquete build`` (``build``) turns validated annotations into the Hugging
Face dataset folder ``corpus/`` with its card (``card``) and features (``features``); ``corpus`` loads the
gold from ``corpus/``, a JSONL file or ``annotations/``.

May import the root modules, :mod:`bench.common` and :mod:`bench.annotation`; nothing from scoring or
later stages.
"""
