"""Hand-computed golden cases for every scoring mode."""

from __future__ import annotations

import pytest

from bench.scoring import score
from bench.scoring.entities import lenient_span
from bench.types import Argument, Document, Entity, Event, Prediction, Quote, Span

TEXT = "x" * 100


def E(s: int, e: int, label: str) -> Entity:
    return Entity("", s, e, TEXT[s:e], label)


def _ents(gold: list[Entity], pred: list[Entity], text: str = TEXT) -> dict:
    doc = Document("d", text, entities=tuple(gold))
    return score([doc], {"d": Prediction("d", entities=tuple(pred))}, n_boot=0)


GOLD = [E(0, 14, "PERSON"), E(23, 29, "NORP"), E(40, 55, "PERSON"), E(59, 64, "GPE")]
PRED = [E(0, 14, "PERSON"), E(23, 29, "GPE"), E(30, 55, "PERSON"), E(70, 75, "ORG")]


@pytest.mark.parametrize(("mode", "tp", "p", "r"), [
    ("strict", 1, 0.25, 0.25),     # only (0,14,PERSON)
    ("exact", 2, 0.5, 0.5),        # (0,14) and (23,29), labels ignored
    ("partial", 2.5, 0.625, 0.625),  # 2 COR + 1 PAR (40,55)~(30,55) at half credit
    ("type", 2, 0.5, 0.5),         # overlap and same label: (0,14) and (40,55)~(30,55)
])
def test_entity_modes(mode: str, tp: float, p: float, r: float) -> None:
    b = _ents(GOLD, PRED)["scores"]["entities"][mode]
    assert (b["tp"], b["precision"], b["recall"]) == (tp, p, r)
    assert b["f1"] == pytest.approx(2 * p * r / (p + r))
    assert b["n_gold"] == 4 and b["n_pred"] == 4


def test_entity_per_label_and_confusion() -> None:
    res = _ents(GOLD, PRED)
    person = res["per_label"]["entities"]["strict"]["PERSON"]
    assert (person["tp"], person["fp"], person["fn"]) == (1, 1, 1)
    assert res["per_label"]["entities"]["strict"]["GPE"]["precision"] == 0.0
    assert res["per_label"]["entities"]["strict"]["ORG"]["recall"] is None  # no gold ORG: undefined
    conf = res["confusion"]["entities"]
    assert conf["NORP"]["GPE"] == 1 and conf["GPE"]["O"] == 1 and conf["O"]["ORG"] == 1
    assert conf["PERSON"]["PERSON"] == 2
    kinds = [(e["kind"], e["start"]) for e in res["errors"]["entities"]]
    assert kinds == [("FN", 23), ("FP", 23), ("FP", 30), ("FN", 40), ("FN", 59), ("FP", 70)]


def test_entity_macro_is_mean_of_defined_label_f1() -> None:
    res = _ents(GOLD, PRED)
    per = res["per_label"]["entities"]["strict"]
    f1s = [b["f1"] for b in per.values() if b["f1"] is not None]
    assert res["macro"]["entities"]["strict"]["f1"] == pytest.approx(sum(f1s) / len(f1s))


def test_lenient_ignores_leading_the_and_possessive() -> None:
    text = "Officials at the State Department praised Blinken's trip."
    gold = [Entity("", 17, 33, "State Department", "ORG"), Entity("", 42, 49, "Blinken", "PERSON")]
    pred = [Entity("", 13, 33, "the State Department", "ORG"), Entity("", 42, 51, "Blinken's", "PERSON")]
    res = _ents(gold, pred, text)["scores"]["entities"]
    assert res["strict"]["tp"] == 0 and res["lenient"]["tp"] == 2
    assert lenient_span(text, 13, 33) == (17, 33)
    assert lenient_span(text, 42, 51) == (42, 49)


def test_partial_assignment_is_optimal_not_greedy() -> None:
    # A greedy left-to-right matcher pairs gold (0,10) with pred (5,20) and leaves gold (12,20) alone.
    gold = [E(0, 10, "PERSON"), E(12, 20, "PERSON")]
    pred = [E(5, 20, "PERSON"), E(0, 6, "PERSON")]
    b = _ents(gold, pred)["scores"]["entities"]["partial"]
    assert b["tp"] == 1.0  # two partial matches: (0,10)~(0,6) and (12,20)~(5,20)


def test_empty_prediction_undefined_precision() -> None:
    b = _ents(GOLD, [])["scores"]["entities"]["strict"]
    assert b["precision"] is None and b["recall"] == 0.0 and b["f1"] == 0.0
    b = _ents([], [])["scores"]["entities"]["strict"]
    assert b["precision"] is None and b["recall"] is None and b["f1"] is None


QTEXT = "“We agree,” Blinken said. Officials said the talks went well."


def S(s: int, e: int) -> Span:
    return Span(s, e, QTEXT[s:e])


def test_quotes_golden() -> None:
    g1 = Quote("Q1", "DIRECT", S(20, 24), S(12, 19), "antony-blinken", "PERSON", (S(0, 11),), (S(0, 11),))
    g2 = Quote("Q2", "INDIRECT", S(36, 40), S(26, 35), None, "ANONYMOUS", (S(41, 60),))
    # p1: same content, wrong speaker; p2: content "the talks went" (IoU 14/19 >= 0.5), source overlaps
    p1 = Quote("P1", "DIRECT", S(20, 24), S(12, 19), "joe-biden", "PERSON", (S(0, 11),), (S(0, 11),))
    p2 = Quote("P2", "MIXED", S(36, 40), S(26, 35), None, "ANONYMOUS", (S(41, 55),))
    p3 = Quote("P3", "INDIRECT", None, None, None, "OTHER", (S(56, 60),))  # IoU 4/19 < 0.5: unmatched
    doc = Document("d", QTEXT, quotes=(g1, g2))
    res = score([doc], {"d": Prediction("d", quotes=(p1, p2, p3))}, n_boot=0)["scores"]["quotes"]
    assert res["content_overlap"]["tp"] == 2 and res["content_overlap"]["n_pred"] == 3
    assert res["content_overlap"]["precision"] == pytest.approx(2 / 3) and res["content_overlap"]["recall"] == 1.0
    assert res["speaker_accuracy"]["accuracy"] == 0.5  # p1 wrong id; p2 right by overlapping source
    assert res["type_accuracy"]["accuracy"] == 0.5
    assert res["end_to_end"]["tp"] == 1 and res["end_to_end"]["recall"] == 0.5
    assert res["cue_exact"]["tp"] == 2 and res["cue_exact"]["n_pred"] == 2
    assert res["content_exact"]["tp"] == 1  # only the DIRECT content has identical boundaries
    # tokens of "the talks went well": gold 4 (+ none), predicted "the talks went" 3 + "well" 1
    assert res["content_token"]["tp"] == res["content_token"]["n_gold"]


EVTEXT = "Blinken met Macron in Paris and visited Berlin."


def V(s: int, e: int, typ: str, args: tuple[Argument, ...] = (), realis: str = "ACTUAL") -> Event:
    return Event("", typ, Span(s, e, EVTEXT[s:e]), realis, "POSITIVE", args)


def A(role: str, s: int, e: int) -> Argument:
    return Argument(role, s, e, EVTEXT[s:e])


def test_events_golden() -> None:
    gold = [V(8, 11, "MEET", (A("PARTICIPANT", 0, 7), A("PARTICIPANT", 12, 18), A("PLACE", 22, 27))),
            V(32, 39, "TRAVEL", (A("PERSON", 0, 7), A("DESTINATION", 40, 46)))]
    pred = [V(8, 11, "MEET", (A("PARTICIPANT", 0, 7), A("PLACE", 12, 18)), realis="OTHER"),
            V(32, 39, "MEET", (A("PARTICIPANT", 40, 46),)),
            V(22, 27, "TRAVEL", (A("DESTINATION", 40, 46),))]
    res = score([Document("d", EVTEXT, events=tuple(gold))], {"d": Prediction("d", events=tuple(pred))},
                n_boot=0)["scores"]["events"]
    assert (res["trig_i"]["tp"], res["trig_i"]["n_pred"], res["trig_i"]["n_gold"]) == (2, 3, 2)
    assert res["trig_c"]["tp"] == 1
    # Arg-I: (type, span): gold {MEET 0-7, MEET 12-18, MEET 22-27, TRAVEL 0-7, TRAVEL 40-46}
    #        pred {MEET 0-7, MEET 12-18, MEET 40-46, TRAVEL 40-46} -> 3
    assert res["arg_i"]["tp"] == 3 and res["arg_i"]["n_pred"] == 4 and res["arg_i"]["n_gold"] == 5
    assert res["arg_c"]["tp"] == 2  # MEET PARTICIPANT 0-7 and TRAVEL DESTINATION 40-46 (unattached)
    # attached: TRAVEL 40-46 in pred hangs on trigger 22-27, gold on 32-39 -> not counted
    assert res["arg_i_plus"]["tp"] == 2 and res["arg_c_plus"]["tp"] == 1
    assert res["realis_accuracy"]["accuracy"] == 0.5 and res["type_accuracy"]["accuracy"] == 0.5


def test_gold_against_itself_with_intervals() -> None:
    doc = Document("d", QTEXT, entities=(Entity("", 12, 19, "Blinken", "PERSON", "antony-blinken"),),
                   quotes=(Quote("Q1", "DIRECT", S(20, 24), S(12, 19), "antony-blinken", "PERSON",
                                 (S(0, 11),), (S(0, 11),)),))
    res = score([doc, Document("e", "No entities here.")], {}, layers=["entities", "quotes", "events"], n_boot=200)
    assert res["scores"]["entities"]["strict"]["recall"] == 0.0  # empty predictions
    res = score([doc], {"d": doc.as_prediction()}, n_boot=200)
    for layer in res["layers"]:
        for block in res["scores"][layer].values():
            value = block.get("f1", block.get("accuracy"))
            assert value in (1.0, None)
            assert block["ci95"] in ([1.0, 1.0], None)


def test_argument_f1_is_undefined_when_the_gold_has_no_arguments() -> None:
    gold = [V(8, 11, "MEET", ())]
    pred = [V(8, 11, "MEET", (A("PARTICIPANT", 0, 7),))]
    res = score([Document("d", EVTEXT, events=tuple(gold))], {"d": Prediction("d", events=tuple(pred))},
                n_boot=50)["scores"]["events"]
    for name in ("arg_i", "arg_c", "arg_i_plus", "arg_c_plus"):
        b = res[name]
        assert (b["precision"], b["recall"], b["f1"], b["ci95"]) == (0.0, None, None, None), name
    assert res["trig_i"]["f1"] == 1.0
