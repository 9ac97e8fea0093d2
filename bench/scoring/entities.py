"""Entity scoring: strict, exact, partial (SemEval-2013 half credit), type, and boundary-lenient modes.

* ``strict``  — same boundaries and label (set arithmetic);
* ``exact``   — same boundaries, any label (set arithmetic);
* ``partial`` — one-to-one overlap assignment ignoring labels; an exact-boundary pair is a full match
  (COR), any other overlapping pair half a match (PAR): ``tp = COR + 0.5 · PAR``;
* ``type``    — one-to-one overlap assignment among pairs with the same label;
* ``lenient`` — ``strict`` after dropping a leading "the " and a trailing possessive from both sides.

Counts are per document (``entities.<mode>`` and per label ``entities.<mode>/<LABEL>``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from bench.scoring.matching import assign_items, multiset_tp, overlap
from bench.types import Entity

MODES = ("strict", "exact", "partial", "type", "lenient")
_LEAD = re.compile(r"^(?:the|The|THE)\s+")
_TRAIL = re.compile(r"(?:['’]s|['’])$")


def lenient_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Boundaries without a leading "the " and a trailing "'s"/"’s" (the lenient variant)."""
    s = text[start:end]
    m = _LEAD.match(s)
    if m and m.end() < len(s):
        start += m.end()
        s = s[m.end():]
    m2 = _TRAIL.search(s)
    if m2 and m2.start() > 0:
        end -= len(m2.group(0))
    return start, end


def _key(e: Entity) -> tuple[int, int]:
    return (e.start, e.end)


def count_document(gold: Sequence[Entity], pred: Sequence[Entity],
                   text: str) -> dict[str, tuple[str, float, float, float]]:
    """Per-document counts for every mode, overall and per label."""
    out: dict[str, tuple[str, float, float, float]] = {}
    labels = sorted({e.label for e in gold} | {e.label for e in pred})

    def put(name: str, tp: float, n_pred: float, n_gold: float) -> None:
        out[name] = ("prf", tp, n_pred, n_gold)

    put("entities.strict", *multiset_tp([(e.start, e.end, e.label) for e in gold],
                                        [(e.start, e.end, e.label) for e in pred]))
    put("entities.exact", *multiset_tp([_key(e) for e in gold], [_key(e) for e in pred]))
    put("entities.lenient", *multiset_tp([(*lenient_span(text, e.start, e.end), e.label) for e in gold],
                                         [(*lenient_span(text, e.start, e.end), e.label) for e in pred]))
    # partial: exact-boundary pairs first, then the largest overlap.
    big = 1 + max([len(text), *(e.end for e in gold), *(e.end for e in pred)])
    pairs = assign_items(gold, pred, _key, _key,
                         lambda g, p: (big if _key(g) == _key(p) else 0) + overlap(_key(g), _key(p)))
    cor = sum(1 for g, p in pairs if _key(g) == _key(p))
    par = len(pairs) - cor
    put("entities.partial", cor + 0.5 * par, len(pred), len(gold))
    typed = assign_items(gold, pred, _key, _key,
                         lambda g, p: overlap(_key(g), _key(p)) if g.label == p.label else 0)
    put("entities.type", len(typed), len(pred), len(gold))
    typed_by = Counter(g.label for g, _ in typed)
    for label in labels:
        g_l = [e for e in gold if e.label == label]
        p_l = [e for e in pred if e.label == label]
        put(f"entities.strict/{label}", *multiset_tp([_key(e) for e in g_l], [_key(e) for e in p_l]))
        put(f"entities.type/{label}", typed_by[label], len(p_l), len(g_l))
    return out


def confusion(gold: Sequence[Entity], pred: Sequence[Entity]) -> Counter[tuple[str, str]]:
    """(gold label, predicted label) counts over the label-blind overlap assignment; "O" = unmatched."""
    big = 1 + max([0, *(e.end for e in gold), *(e.end for e in pred)])
    pairs = assign_items(gold, pred, _key, _key,
                         lambda g, p: (big if _key(g) == _key(p) else 0) + overlap(_key(g), _key(p)))
    out: Counter[tuple[str, str]] = Counter((g.label, p.label) for g, p in pairs)
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    out.update((g.label, "O") for g in gold if id(g) not in matched_g)
    out.update(("O", p.label) for p in pred if id(p) not in matched_p)
    return out


def errors(doc_id: str, text: str, gold: Sequence[Entity], pred: Sequence[Entity],
           width: int = 40) -> list[dict[str, Any]]:
    """Strict-mode false positives and false negatives with their surrounding text."""
    gk = Counter((e.start, e.end, e.label) for e in gold)
    pk = Counter((e.start, e.end, e.label) for e in pred)
    out = []
    for kind, items, other in (("FN", gold, pk), ("FP", pred, gk)):
        seen: Counter[tuple[int, int, str]] = Counter()
        for e in sorted(items, key=lambda x: (x.start, x.end, x.label)):
            k = (e.start, e.end, e.label)
            seen[k] += 1
            if seen[k] > other[k]:
                left = text[max(0, e.start - width):e.start]
                right = text[e.end:e.end + width]
                out.append({"kind": kind, "doc": doc_id, "start": e.start, "end": e.end, "label": e.label,
                            "text": text[e.start:e.end], "context": f"{left}[{text[e.start:e.end]}]{right}"})
    return sorted(out, key=lambda r: (r["doc"], r["start"], r["end"], r["kind"]))


def name_key(text: str) -> str:
    """An entity name for the seen/unseen split: case-insensitive, whitespace collapsed."""
    return " ".join(text.casefold().split())


def generalisation_counts(gold: Sequence[Entity], pred: Sequence[Entity],
                          seen: frozenset[str]) -> dict[str, tuple[str, float, float, float]]:
    """Strict recall on gold mentions whose name was ``seen`` (e.g. among the train split's gold mentions,
    see :func:`name_key`) and on the others, as accuracies (``entities.seen_recall`` /
    ``entities.unseen_recall``: correct = found with the same boundaries and label)."""
    found = Counter((e.start, e.end, e.label) for e in pred)
    counts = {"seen": [0, 0], "unseen": [0, 0]}
    for e in sorted(gold, key=lambda x: (x.start, x.end, x.label)):
        c = counts["seen" if name_key(e.text) in seen else "unseen"]
        k = (e.start, e.end, e.label)
        c[1] += 1
        if found[k] > 0:
            found[k] -= 1
            c[0] += 1
    return {f"entities.{kind}_recall": ("acc", ok, n, 0) for kind, (ok, n) in counts.items()}
