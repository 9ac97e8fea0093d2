"""Property tests (hypothesis) for the scorers, and differential tests against seqeval and nervaluate."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.scoring import score
from bench.scoring.iob import score_iob2
from bench.scoring.matching import assign, overlap
from bench.types import Document, Entity, Prediction

LABELS = ("PERSON", "ORG", "GPE")
TEXT = "abcdefghij" * 10


@st.composite
def entity_lists(draw: st.DrawFn, max_size: int = 8) -> list[Entity]:
    n = draw(st.integers(0, max_size))
    out = []
    for _ in range(n):
        s = draw(st.integers(0, 95))
        e = draw(st.integers(s + 1, min(s + 12, 100)))
        out.append(Entity("", s, e, TEXT[s:e], draw(st.sampled_from(LABELS))))
    return out


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[Document], dict[str, Prediction]]:
    n = draw(st.integers(1, 4))
    docs, preds = [], {}
    for i in range(n):
        docs.append(Document(f"d{i}", TEXT, entities=tuple(draw(entity_lists()))))
        preds[f"d{i}"] = Prediction(f"d{i}", entities=tuple(draw(entity_lists())))
    return docs, preds


MODES = ("strict", "exact", "partial", "type", "lenient")


def _scores(docs: list[Document], preds: dict[str, Prediction]) -> dict:
    return score(docs, preds, ["entities"], n_boot=0, details=False)["scores"]["entities"]


@settings(max_examples=150, deadline=None)
@given(corpora())
def test_scores_bounded_and_tp_fn_sum_to_gold(c: tuple[list[Document], dict[str, Prediction]]) -> None:
    docs, preds = c
    n_gold = sum(len(d.entities) for d in docs)
    for mode, b in _scores(docs, preds).items():
        for key in ("precision", "recall", "f1"):
            assert b[key] is None or 0.0 <= b[key] <= 1.0, (mode, key, b)
        assert b["tp"] + b["fn"] == n_gold


@settings(max_examples=100, deadline=None)
@given(corpora())
def test_gold_against_itself_is_perfect(c: tuple[list[Document], dict[str, Prediction]]) -> None:
    docs, _ = c
    res = _scores(docs, {d.id: d.as_prediction() for d in docs})
    for b in res.values():
        assert b["f1"] in (1.0, None)


@settings(max_examples=150, deadline=None)
@given(corpora())
def test_swapping_gold_and_prediction_swaps_p_and_r(c: tuple[list[Document], dict[str, Prediction]]) -> None:
    docs, preds = c
    forward = _scores(docs, preds)
    swapped_docs = [Document(d.id, d.text, entities=preds[d.id].entities or ()) for d in docs]
    backward = _scores(swapped_docs, {d.id: Prediction(d.id, entities=d.entities) for d in docs})
    for mode in MODES:
        assert forward[mode]["precision"] == backward[mode]["recall"], mode
        assert forward[mode]["recall"] == backward[mode]["precision"], mode


@settings(max_examples=100, deadline=None)
@given(corpora(), st.randoms(use_true_random=False))
def test_order_of_documents_and_items_does_not_matter(c: tuple[list[Document], dict[str, Prediction]],
                                                       rnd: random.Random) -> None:
    docs, preds = c
    base = score(docs, preds, ["entities"], n_boot=50, seed=3)
    shuffled_docs = [Document(d.id, d.text, entities=tuple(rnd.sample(d.entities, len(d.entities)))) for d in docs]
    rnd.shuffle(shuffled_docs)
    shuffled_preds = {k: Prediction(k, entities=tuple(rnd.sample(p.entities or (), len(p.entities or ()))))
                      for k, p in reversed(list(preds.items()))}
    again = score(shuffled_docs, shuffled_preds, ["entities"], n_boot=50, seed=3)
    assert base["scores"] == again["scores"]
    assert base["per_label"] == again["per_label"]
    assert base["confusion"] == again["confusion"]


@st.composite
def span_sets(draw: st.DrawFn) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    def spans(n: int) -> list[tuple[int, int]]:
        out = []
        for _ in range(n):
            s = draw(st.integers(0, 30))
            out.append((s, draw(st.integers(s + 1, s + 8))))
        return sorted(out)
    return spans(draw(st.integers(0, 5))), spans(draw(st.integers(0, 5)))


@settings(max_examples=200, deadline=None)
@given(span_sets())
def test_assignment_is_optimal_against_brute_force(c: tuple[list[tuple[int, int]], list[tuple[int, int]]]) -> None:
    gold, pred = c
    pairs = assign(gold, pred, lambda i, j: overlap(gold[i], pred[j]))
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    got = sum(overlap(gold[i], pred[j]) for i, j in pairs)
    best = 0
    if len(gold) <= len(pred):
        for perm in itertools.permutations(range(len(pred)), len(gold)):
            best = max(best, sum(overlap(gold[i], pred[j]) for i, j in enumerate(perm)))
    else:
        for perm in itertools.permutations(range(len(gold)), len(pred)):
            best = max(best, sum(overlap(gold[i], pred[j]) for j, i in enumerate(perm)))
    assert got == best


# ---------------------------------------------------------------- differential tests

TAGS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TAGS), max_size=15), min_size=1, max_size=5), st.data())
def test_iob2_scorer_equals_seqeval_strict(y_true: list[list[str]], data: st.DataObject) -> None:
    from seqeval.metrics import f1_score, precision_score, recall_score
    from seqeval.scheme import IOB2

    y_pred = [[data.draw(st.sampled_from(TAGS)) for _ in seq] for seq in y_true]
    ours = score_iob2(y_true, y_pred)
    kw = {"mode": "strict", "scheme": IOB2, "zero_division": 0}
    assert abs((ours["f1"] or 0.0) - f1_score(y_true, y_pred, **kw)) < 1e-12
    assert abs((ours["precision"] or 0.0) - precision_score(y_true, y_pred, **kw)) < 1e-12
    assert abs((ours["recall"] or 0.0) - recall_score(y_true, y_pred, **kw)) < 1e-12


def test_span_scorer_equals_seqeval_on_token_aligned_corpus() -> None:
    from bench.scoring.seqeval_view import seqeval_scores

    text = "Antony Blinken met Emmanuel Macron in Paris on Tuesday with French officials ."
    gold = Document("d", text, entities=(Entity("", 0, 14, "Antony Blinken", "PERSON"),
                                         Entity("", 19, 34, "Emmanuel Macron", "PERSON"),
                                         Entity("", 38, 43, "Paris", "GPE"),
                                         Entity("", 60, 66, "French", "NORP")))
    pred = Prediction("d", entities=(Entity("", 0, 14, "", "PERSON"), Entity("", 28, 34, "", "PERSON"),
                                     Entity("", 38, 43, "", "LOC"), Entity("", 60, 66, "", "NORP")))
    ours = score([gold], {"d": pred}, ["entities"], n_boot=0)
    assert ours["scores"]["entities"]["strict"]["f1"] == seqeval_scores([gold], {"d": pred})["f1"] == 0.5


def _non_ambiguous(gold: list[Entity], pred: list[Entity]) -> bool:
    for g in gold:
        if sum(overlap((g.start, g.end), (p.start, p.end)) > 0 for p in pred) > 1:
            return False
    return all(sum(overlap((g.start, g.end), (p.start, p.end)) > 0 for g in gold) <= 1 for p in pred)


def _flat(ents: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for e in sorted(ents, key=lambda x: (x.start, x.end)):
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out


@settings(max_examples=300, deadline=None)
@given(corpora())
def test_equals_nervaluate_where_its_greedy_matching_is_unambiguous(c: tuple[list[Document], dict[str, Prediction]]) -> None:
    from nervaluate import Evaluator

    docs, preds = c
    docs = [Document(d.id, d.text, entities=tuple(_flat(list(d.entities)))) for d in docs]
    preds = {k: Prediction(k, entities=tuple(_flat(list(p.entities or ())))) for k, p in preds.items()}
    if not all(_non_ambiguous(list(d.entities), list(preds[d.id].entities or ())) for d in docs):
        return
    if not any(d.entities for d in docs) or not any(p.entities for p in preds.values()):
        return  # nervaluate cannot score a corpus where one side is entirely empty
    true = [[{"label": e.label, "start": e.start, "end": e.end - 1} for e in d.entities] for d in docs]
    pred = [[{"label": e.label, "start": e.start, "end": e.end - 1} for e in preds[d.id].entities or ()] for d in docs]
    theirs = Evaluator(true, pred, tags=list(LABELS), loader="dict").evaluate()["overall"]  # no format sniffing
    ours = _scores(docs, preds)
    for our_mode, their_mode in (("strict", "strict"), ("exact", "exact"), ("partial", "partial"),
                                 ("type", "ent_type")):
        t = theirs[their_mode]
        o = ours[our_mode]
        assert abs((o["precision"] or 0.0) - t.precision) < 1e-9, our_mode
        assert abs((o["recall"] or 0.0) - t.recall) < 1e-9, our_mode
        assert abs((o["f1"] or 0.0) - t.f1) < 1e-9, our_mode
