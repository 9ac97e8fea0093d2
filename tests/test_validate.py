"""One minimal bad file per validation check, each asserting exactly that check fires."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DOC_ID, DOC_YAML, REGISTRY, TEXT, make_root

from bench.annotation.validate import validate


def _run(tmp_path: Path, doc_yaml: str = DOC_YAML, text: str = TEXT, registry: str = REGISTRY,
         pool: bool = True) -> set[str]:
    root = make_root(tmp_path, doc_yaml, text, registry)
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl" if pool else None)
    return {i.check for i in result.errors}


def test_mini_root_is_valid(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert result.errors == []
    assert len(result.documents) == 1


def _sub(old: str, new: str) -> str:
    assert old in DOC_YAML, old
    return DOC_YAML.replace(old, new, 1)


# check id -> the minimal change to the valid document that must trigger exactly it
CASES: dict[str, dict[str, str]] = {
    "yaml-syntax": {"doc_yaml": DOC_YAML + "events: [unclosed\n"},
    "schema": {"doc_yaml": _sub("trigger: {start: 8, end: 11, text: met}", "trigger: {start: x, end: 11, text: met}")},
    "span-not-found": {"doc_yaml": _sub("{id: T3, label: GPE, start: 22, end: 27, text: Paris, entity: paris}",
                                        "{id: T3, label: GPE, span: Lyon, entity: paris}")},
    "span-ambiguous": {"doc_yaml": _sub("{id: T1, label: PERSON, start: 0, end: 7, text: Blinken, entity: antony-blinken}",
                                        "{id: T1, label: PERSON, span: Blinken, entity: antony-blinken}")},
    "offset-range": {"doc_yaml": _sub("{id: T6, label: CARDINAL, start: 66, end: 71, text: Three}",
                                      "{id: T6, label: CARDINAL, start: 71, end: 66, text: Three}")},
    "span-text-mismatch": {"doc_yaml": _sub("start: 22, end: 27, text: Paris, entity: paris}",
                                            "start: 22, end: 27, text: Pari, entity: paris}")},
    "span-whitespace": {"doc_yaml": _sub("{id: T6, label: CARDINAL, start: 66, end: 71, text: Three}",
                                         "{id: T6, label: CARDINAL, start: 65, end: 71, text: \" Three\"}")},
    "unknown-label": {"doc_yaml": _sub("label: CARDINAL", "label: NUMBER")},
    "unknown-quote-type": {"doc_yaml": _sub("type: DIRECT", "type: VERBATIM")},
    "unknown-source-kind": {"doc_yaml": _sub("source_kind: PERSON", "source_kind: HUMAN")},
    "unknown-event-type": {"doc_yaml": _sub("type: MEET", "type: GATHER")},
    "unknown-realis": {"doc_yaml": _sub("realis: ACTUAL", "realis: REAL")},
    "unknown-polarity": {"doc_yaml": _sub("polarity: POSITIVE", "polarity: YES")},
    "unknown-role": {"doc_yaml": _sub("{role: PLACE,", "{role: VENUE,")},
    "unknown-review": {"doc_yaml": _sub("status: done\n", "status: done\nreview: yes\n")},
    "role-not-allowed": {"doc_yaml": _sub("{role: PLACE,", "{role: VICTIM,")},
    "duplicate-id": {"doc_yaml": _sub("{id: T2,", "{id: T1,")},
    "missing-id": {"doc_yaml": _sub("{id: T2, ", "{")},
    "duplicate-argument": {"doc_yaml": DOC_YAML + "  - {role: TIME, start: 31, end: 38, text: Tuesday}\n"},
    "entity-overlap": {"doc_yaml": _sub("- {id: T6,", "- {id: T7, label: CARDINAL, start: 66, end: 80, text: \"Three official\"}\n- {id: T6,")},
    "value-linked": {"doc_yaml": _sub("{id: T4, label: DATE, start: 31, end: 38, text: Tuesday}",
                                      "{id: T4, label: DATE, start: 31, end: 38, text: Tuesday, entity: paris}")},
    "name-unlinked": {"doc_yaml": _sub("text: Macron, entity: emmanuel-macron}\n- {id: T3", "text: Macron}\n- {id: T3")},
    "registry-unresolved": {"doc_yaml": _sub("speaker: antony-blinken", "speaker: tony-blinken")},
    "registry-duplicate": {"registry": REGISTRY + "- {id: paris, name: Paris, label: GPE, aliases: []}\n"},
    "registry-label": {"registry": REGISTRY + "- {id: tuesday, name: Tuesday, label: DATE, aliases: []}\n"},
    "quote-no-content": {"doc_yaml": _sub("  content:\n  - {start: 40, end: 51, text: \"“We agree,”\"}\n  direct:\n  - {start: 40, end: 51, text: \"“We agree,”\"}",
                                          "  type: INDIRECT\n  content: []")
                         .replace("  type: DIRECT\n", "")},
    "direct-outside-content": {"doc_yaml": _sub("  direct:\n  - {start: 40, end: 51, text: \"“We agree,”\"}",
                                                "  direct:\n  - {start: 40, end: 51, text: \"“We agree,”\"}\n  - {start: 66, end: 71, text: Three}")},
    "direct-type": {"doc_yaml": _sub("type: DIRECT", "type: INDIRECT")},
    "text-source-mismatch": {"text": TEXT.replace("Tuesday.", "Tuesday!")},
    "meta-source-mismatch": {"doc_yaml": _sub("title: Test doc", "title: Another title")},
    "story-unknown": {"doc_yaml": _sub("story: s1", "story: s2")},
    "doc-id-format": {},  # handled separately below (needs a differently named file)
    "text-missing": {},  # handled separately below
}


@pytest.mark.parametrize("check", sorted(k for k, v in CASES.items() if v))
def test_each_check_fires_alone(tmp_path: Path, check: str) -> None:
    fired = _run(tmp_path, **CASES[check])
    if check == "text-source-mismatch":
        # the edited text also shifts nothing (same length), so only the source check may fire
        assert fired == {check}
    else:
        assert fired == {check}, fired


def test_doc_id_format(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    bad = "Bad_ID"
    (root / "documents" / f"{DOC_ID}.yaml").rename(root / "documents" / f"{bad}.yaml")
    p = root / "documents" / f"{bad}.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace(f"id: {DOC_ID}", f"id: {bad}"), encoding="utf-8")
    (root / "texts" / f"{DOC_ID}.txt").rename(root / "texts" / f"{bad}.txt")
    result = validate(root, project_root=tmp_path, pool_path=None)
    assert {i.check for i in result.errors} == {"doc-id-format"}


def test_file_name(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "documents" / f"{DOC_ID}.yaml").rename(root / "documents" / "other-name.yaml")
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert {i.check for i in result.errors} == {"file-name"}


def test_text_missing(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "texts" / f"{DOC_ID}.txt").unlink()
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert {i.check for i in result.errors} == {"text-missing"}


def test_duplicate_document(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "documents" / "copy.yaml").write_text(DOC_YAML, encoding="utf-8")
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert {i.check for i in result.errors} == {"duplicate-document", "file-name"}


def test_warnings_are_not_errors(tmp_path: Path) -> None:
    doc = _sub("{id: T3, label: GPE, start: 22, end: 27, text: Paris, entity: paris}",
               "{id: T3, label: GPE, span: \"in [[Paris]] on\", entity: paris}")
    doc = doc.replace("{id: T6, label: CARDINAL, start: 66, end: 71, text: Three}",
                      "{id: T6, label: CARDINAL, start: 66, end: 70, text: Thre}")
    root = make_root(tmp_path, doc)
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert result.errors == []
    assert {i.check for i in result.warnings} >= {"span-unresolved", "token-misaligned"}


def test_message_format_names_check_doc_offset_and_file(tmp_path: Path) -> None:
    root = make_root(tmp_path, _sub("label: CARDINAL", "label: cardinal"))
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    line = result.errors[0].format()
    assert line.startswith(f"unknown-label {DOC_ID}:66 ")
    assert "upper case" in line and f"{DOC_ID}.yaml" in line


WARNING_CASES: dict[str, dict[str, str]] = {
    "span-unbalanced": {"doc_yaml": DOC_YAML, "text": TEXT.replace("Three officials", "(Three officials")},
    "registry-unused": {"registry": REGISTRY + "- {id: london, name: London, label: GPE, aliases: []}\n"},
    "quote-cue-missing": {"doc_yaml": _sub("  cue: {start: 60, end: 64, text: said}\n", "")},
    "registry-label-mismatch": {"doc_yaml": _sub("{id: T3, label: GPE, start: 22, end: 27, text: Paris, entity: paris}",
                                                 "{id: T3, label: LOC, start: 22, end: 27, text: Paris, entity: paris}")},
    # the second "Blinken" (the quote's source) loses its entity span; the document links antony-blinken
    "registry-name-untagged": {"doc_yaml": _sub("- {id: T5, label: PERSON, start: 52, end: 59, text: Blinken, entity: antony-blinken}\n", "")},
    "registry-excluded": {"registry": REGISTRY + "- {id: covid-19, name: COVID-19, label: EVENT, aliases: []}\n"},
    "registry-id-slug": {"registry": REGISTRY + "- {id: ville-de-lyon, name: Lyon, label: GPE, aliases: []}\n"},
    "event-typed-twice": {"doc_yaml": DOC_YAML + """\
- id: V2
  type: PHONE_WRITE
  trigger: {start: 8, end: 11, text: met}
  arguments:
  - {role: PARTICIPANT, start: 12, end: 18, text: Macron, entity: emmanuel-macron}
  - {role: PARTICIPANT, start: 0, end: 7, text: Blinken, entity: antony-blinken}
  - {role: PLACE, start: 22, end: 27, text: Paris, entity: paris}
  - {role: TIME, start: 31, end: 38, text: Tuesday}
"""},
}


@pytest.mark.parametrize("check", sorted(WARNING_CASES))
def test_each_warning_fires_without_errors(tmp_path: Path, check: str) -> None:
    case = dict(WARNING_CASES[check])
    text = case.pop("text", TEXT)
    root = make_root(tmp_path, text=text, **case)
    if text != TEXT:  # keep the pool in step so only the warning fires
        pool = tmp_path / "pool.jsonl"
        pool.write_text(pool.read_text(encoding="utf-8").replace("Three officials", "(Three officials"),
                        encoding="utf-8")
    if check == "span-unbalanced":
        doc = root / "documents" / f"{DOC_ID}.yaml"
        doc.write_text(doc.read_text(encoding="utf-8").replace(
            "{id: T6, label: CARDINAL, start: 66, end: 71, text: Three}",
            "{id: T6, label: CARDINAL, start: 66, end: 72, text: \"(Three\"}"), encoding="utf-8")
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert check in {i.check for i in result.warnings}, [i.format() for i in result.issues]
    if check != "span-unbalanced":
        assert result.errors == []


def test_text_encoding(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "texts" / f"{DOC_ID}.txt").write_bytes(b"\xff\xfe broken")
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert {i.check for i in result.errors} == {"text-encoding"}


def test_stories_missing_and_story_split(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "stories.yaml").write_text("s1:\n  split: holdout\n", encoding="utf-8")
    checks = {i.check for i in validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl").errors}
    assert checks == {"story-split", "story-unknown"}
    (root / "stories.yaml").unlink()
    checks = {i.check for i in validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl").errors}
    assert checks == {"stories-missing", "story-unknown"}


def test_start_position_takes_agent_since_guidelines_1_4() -> None:
    from bench.annotation.inventory import EVENT_ROLES

    assert "AGENT" in EVENT_ROLES["START_POSITION"]


# ---------------------------------------------------------------- split checks (gold root only)

GUIDELINES_WITH_APPENDIX = """\
# Guidelines

**Version 9.9** (2026-01-01).

* An example: `Blinken [[said]] something` (short) and `the officials attended the meeting` (not in the text).

## Appendix: documents quoted in worked examples

* `{doc}`
"""


def _checks(root: Path, tmp_path: Path, severity: str = "error", pool: bool = True) -> set[str]:
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl" if pool else None)
    return {i.check for i in result.issues if i.severity == severity}


def test_split_guideline_example_from_the_appendix(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "GUIDELINES.md").write_text(GUIDELINES_WITH_APPENDIX.format(doc=DOC_ID), encoding="utf-8")
    assert _checks(root, tmp_path) == {"split-guideline-example"}


def test_split_guideline_example_from_a_quoted_fragment(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    # curly quotes and a line break in the guidelines still match the text's “We agree,” Blinken said
    (root / "GUIDELINES.md").write_text("# G\n\n* Inverted: `\u201cWe agree,\u201d\n  Blinken said` is DIRECT.\n",
                                        encoding="utf-8")
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert [(i.check, i.offset) for i in result.errors] == [("split-guideline-example", 40)]


def test_split_unknown_licence(tmp_path: Path) -> None:
    root = make_root(tmp_path, _sub('license: "CC BY 2.5"', "license: unknown"))
    assert _checks(root, tmp_path, pool=False) == {"split-unknown-licence"}


def test_split_test_too_small_and_proportions_info(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    infos = [i.format() for i in validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl").infos]
    assert infos == ["info: split-proportions -:- train 0 documents (0.0%), 0 words (0.0%); validation 0 documents "
                     "(0.0%), 0 words (0.0%); test 1 documents (100.0%), 14 words (100.0%) "
                     f"[{root / 'stories.yaml'}]"]
    (root / "stories.yaml").write_text("s1:\n  split: train\n", encoding="utf-8")
    assert _checks(root, tmp_path) == {"split-test-too-small"}


def test_split_checks_do_not_apply_to_a_raw_pass(tmp_path: Path) -> None:
    root = make_root(tmp_path, _sub('license: "CC BY 2.5"', "license: unknown"))
    pass_root = root / "passes" / "a"
    (pass_root / "documents").mkdir(parents=True)
    (root / "documents" / f"{DOC_ID}.yaml").rename(pass_root / "documents" / f"{DOC_ID}.yaml")
    (root / "registry.yaml").rename(pass_root / "registry.yaml")
    assert _checks(pass_root, tmp_path, pool=False) == set()


def test_realis_infinitive_warns(tmp_path: Path) -> None:
    text = TEXT.replace(" officials attended.", " were to attend.")
    doc = DOC_YAML + """\
- id: V2
  type: MEET
  realis: ACTUAL
  trigger: {start: 80, end: 86, text: attend}
"""
    root = make_root(tmp_path, doc, text)
    result = validate(root, project_root=tmp_path, pool_path=None)
    assert result.errors == []
    assert [(i.check, i.offset) for i in result.warnings if i.check == "realis-infinitive"] == [("realis-infinitive", 80)]
    # a first-person performative ("I want to thank") stays ACTUAL without a warning
    from bench.annotation.event_checks import is_infinitive
    assert is_infinitive("they agreed to meet", 15) and not is_infinitive("I want to thank you", 10)
    assert not is_infinitive("admitted to ordering it", 12) and not is_infinitive("linked to payments", 10)
    assert not is_infinitive("the 20th nation to sign", 18) and not is_infinitive("was able to negotiate", 12)


def test_registry_slug_rule() -> None:
    from bench.annotation.registry_checks import accepted_slugs, slug

    assert slug("Paweł Adamowicz") == "pawel-adamowicz" and slug("U.S.-France Dialogue") == "us-france-dialogue"
    assert slug("flag.govt.nz") == "flag-govt-nz" and slug("African Export–Import Bank") == "african-export-import-bank"
    assert accepted_slugs("Élysée (French presidency)") >= {"elysee", "elysee-french-presidency"}
    assert "new-york-times" in accepted_slugs("The New York Times")


def test_duplicate_key_in_document(tmp_path: Path) -> None:
    doc = _sub("status: done\n", "status: done\nstatus: todo\n")
    root = make_root(tmp_path, doc)
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert {i.check for i in result.errors} == {"yaml-syntax"}
    (issue,) = result.errors
    line = doc.splitlines().index("status: todo") + 1
    assert f"{DOC_ID}.yaml:{line}: invalid YAML: duplicate key 'status'" in issue.message


def test_duplicate_key_in_stories(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    stories = root / "stories.yaml"
    stories.write_text(stories.read_text(encoding="utf-8") + "  description: \"\"\n", encoding="utf-8")
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert "yaml-syntax" in {i.check for i in result.errors}
    assert any("stories.yaml" in i.message and "duplicate key" in i.message for i in result.errors)
