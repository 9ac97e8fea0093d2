"""rules.v1 entity boundaries and labels that follow the guidelines (§1.2, §1.3)."""

from __future__ import annotations

import pytest

from baselines.rules import RulesExtractor
from bench.run.extractors import DocumentInput


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> RulesExtractor:
    return RulesExtractor(corpus=str(tmp_path_factory.mktemp("nocorpus")))  # word lists only


def _ents(rules: RulesExtractor, text: str) -> dict[str, str]:
    return {e.text: e.label for e in rules.predict([DocumentInput("d", text)])[0].entities}


def test_multiword_titles_stay_outside_person_names(rules: RulesExtractor) -> None:
    ents = _ents(rules, "Prime Minister Boris Johnson met Secretary of State Mike Pompeo and Vice President "
                        "Mike Pence in London.")
    assert ents.get("Boris Johnson") == "PERSON"
    assert ents.get("Mike Pompeo") == "PERSON"
    assert ents.get("Mike Pence") == "PERSON"
    assert not any(t.startswith(("Minister", "President", "of State")) for t in ents)


def test_eu_is_an_organisation(rules: RulesExtractor) -> None:
    assert _ents(rules, "The EU imposed sanctions.")["EU"] == "ORG"


def test_abbreviation_keeps_its_final_period(rules: RulesExtractor) -> None:
    ents = _ents(rules, "He flew to Washington, D.C. on Monday.")
    assert ents.get("Washington, D.C.") == "GPE", ents


def test_person_name_stops_at_the_end_of_a_sentence(rules: RulesExtractor) -> None:
    ents = _ents(rules, "The bill was sent to President Donald Trump. Pelosi said it would pass.")
    assert "Donald Trump" in ents and not any("Trump." in t for t in ents), ents
