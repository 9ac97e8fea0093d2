"""quotes-syntax.v1: quotation marks, inverted and continued quotes, typing, source spans, speaker linking."""

from __future__ import annotations

from pathlib import Path

import pytest

from baselines.quotes_syntax.marks import quote_segments
from baselines.quotes_syntax.speakers import Linker, slug
from bench.run.extractors import DocumentInput, create
from bench.types import Quote, RegistryEntry

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory):
    # an empty folder: no train registry rows, so every id comes from names in the text
    return create("quotes-syntax.v1", {"corpus": str(tmp_path_factory.mktemp("nocorpus"))})


def _quotes(extractor, text: str) -> list[Quote]:
    return list(extractor.predict([DocumentInput("d", text)])[0].quotes)


def _one(quotes: list[Quote], cue: str | None) -> Quote:
    found = [q for q in quotes if (q.cue.text if q.cue else None) == cue]
    assert len(found) == 1, [(q.cue, q.content) for q in quotes]
    return found[0]


def test_quote_segments_pair_curly_and_straight_marks_within_a_paragraph() -> None:
    text = 'A “one, two” and "three" but “open\n\nnext” then "x"'
    assert [text[s:e] for s, e in quote_segments(text)] == ["“one, two”", '"three"', '"x"']


def test_inverted_direct_quote_and_its_continuation(extractor) -> None:
    text = ("Nancy Pelosi spoke on Monday. “We will not back down from this fight,” she told reporters. "
            "“The American people deserve better than this.”")
    quotes = _quotes(extractor, text)
    first = _one(quotes, "told")
    assert first.type == "DIRECT"
    assert [c.text for c in first.content] == ["“We will not back down from this fight,”"]
    assert first.source.text == "she" and first.speaker == "nancy-pelosi" and first.source_kind == "PERSON"
    cont = _one(quotes, None)
    assert [c.text for c in cont.content] == ["“The American people deserve better than this.”"]
    assert (cont.type, cont.source, cont.speaker) == ("DIRECT", first.source, "nancy-pelosi")


def test_indirect_and_mixed_content_excludes_that_and_final_period(extractor) -> None:
    quotes = _quotes(extractor, 'Senator Ted Cruz said that the amendment was "long overdue" for Congress. '
                                "Cruz added that the vote would take place in March.")
    mixed = _one(quotes, "said")
    assert mixed.type == "MIXED" and mixed.content[0].text == 'the amendment was "long overdue" for Congress'
    assert [d.text for d in mixed.direct] == ['"long overdue"']
    assert mixed.source.text == "Senator Ted Cruz" and mixed.speaker == "ted-cruz"
    indirect = _one(quotes, "added")
    assert indirect.type == "INDIRECT" and indirect.content[0].text == "the vote would take place in March"
    assert indirect.speaker == "ted-cruz"  # surname → the full name mentioned earlier


def test_source_keeps_apposition_and_drops_relative_clause(extractor) -> None:
    quotes = _quotes(extractor, "MP Penny Sharpe, who co-sponsored the bill, said the law was long overdue.")
    q = _one(quotes, "said")
    assert q.source.text == "MP Penny Sharpe" and q.speaker == "penny-sharpe"
    quotes = _quotes(extractor, "Alex Lagakos, deputy director of the Greek Energy Forum, said the pipeline "
                                "would be built by 2025.")
    assert _one(quotes, "said").source.text == "Alex Lagakos, deputy director of the Greek Energy Forum"


def test_according_to_and_agentless_passive(extractor) -> None:
    quotes = _quotes(extractor, "According to Reuters, oil exports were disrupted by the attack.")
    q = _one(quotes, "According to")
    assert q.content[0].text == "oil exports were disrupted by the attack"
    assert (q.source.text, q.source_kind, q.speaker) == ("Reuters", "DOCUMENT", "reuters")
    quotes = _quotes(extractor, "It was reported that the troops had left the base.")
    q = _one(quotes, "was reported")
    assert (q.source, q.source_kind, q.content[0].text) == (None, "ANONYMOUS", "the troops had left the base")


def test_scare_quotes_and_attitudes_are_not_quotes(extractor) -> None:
    assert _quotes(extractor, 'The meeting ended with "common agreement" on trade.') == []
    assert _quotes(extractor, "Officials believe that the talks will resume next week.") == []


def test_linker_uses_train_registry_aliases_before_slugs() -> None:
    linker = Linker([RegistryEntry("donald-trump", "Donald Trump", "PERSON", ("Trump", "President Trump"))])
    assert linker.resolve("President Trump") == "donald-trump"
    assert linker.resolve("Trump") == "donald-trump"
    assert linker.resolve("Former president Nicolas Sarkozy") == "nicolas-sarkozy"
    assert slug("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan"


def test_runs_on_the_committed_corpus_without_reading_gold(tmp_path: Path) -> None:
    from bench.run.runner import run

    res = run("quotes-syntax.v1", Path("corpus"), "validation", results_dir=tmp_path, n_boot=0)
    assert res.result["extractor"]["provides"] == ["quotes"]
    assert res.result["scores"]["quotes"]["content_overlap"]["f1"] > 0.6


def test_modal_and_performative_speech_is_not_a_quote(extractor) -> None:
    text = "We must ask why this inequality persists. I urge the Congress to act now on the bill."
    assert _quotes(extractor, text) == []


def test_quoted_speech_before_a_comma_adjunct_is_direct(extractor) -> None:
    quotes = _quotes(extractor, 'Erdogan cited the treaty and said, "They need to stand by us", while addressing '
                                "the press yesterday.")
    q = _one(quotes, "said")
    assert q.type == "DIRECT" and [c.text for c in q.content] == ['"They need to stand by us"']


def test_a_quote_ending_a_sentence_is_not_inverted_onto_the_next_cue(extractor) -> None:
    text = ('Mark Amodei spoke to the Nevada Independent: "I\'m a big fan of oversight, so let\'s see where it '
            'goes." He continued by noting that "using government agencies to put your finger on the scale is '
            'wrong."')
    quotes = _quotes(extractor, text)
    q = _one(quotes, "noting")
    assert q.content[0].text.startswith('"using government') and q.speaker == "mark-amodei"
