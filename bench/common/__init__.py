"""Stage 0, small shared helpers at the bottom of the harness, beside :mod:`bench.types`, :mod:`bench.errors` and
:mod:`bench.io`: the tokenizer of the ``tokens`` config and the scorers (``tokens``), progress lines for
long work (``progress``), generated output folders swapped in whole (``outdir``) and the provenance of
results files (``provenance``).

May import only the root modules (``bench``, ``bench.types``, ``bench.errors``, ``bench.io``); every
stage package may import it.
"""
