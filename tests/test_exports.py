"""`enquete export`: brat and spaCy round trips (export then import gives identical annotations), CoNLL equals the
tokens view, PLOVER mapping, and bad input (unknown format or split, foreign output folder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DOC_ID

from bench.common.tokens import iob2_tags, tokenize
from bench.dataset.corpus import load_corpus
from bench.errors import EnqueteError, InputError
from bench.report.export_brat import annotation_conf, document_to_ann, read_brat
from bench.report.export_spacy import read_docbin
from bench.report.exports import FORMATS, export
from bench.types import Argument, Document, Entity, Event, Quote, Span, document_to_dict

HARD_TEXT = ("Officials said on Monday:\n“We will not\nwait,” and the talks, which “failed”, ended.\n\n"
             "Paris\tand Berlin agreed to impose sanctions. Berlin's envoy told reporters it was over. 😀 done")


def _s(text: str, sub: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Span(start, start + len(sub), sub)


def _o(s: Span) -> tuple[int, int]:
    return s.start, s.end


def hard_document() -> Document:
    """Multi-line and tab-crossing spans, discontinuous content, a quote without cue or source, an addressee,
    arguments that are and are not entity mentions, repeated roles, non-default realis/polarity, an emoji."""
    t = HARD_TEXT
    paris, berlin, berlin2 = _s(t, "Paris"), _s(t, "Berlin"), _s(t, "Berlin", 1)
    pb = Span(paris.start, berlin.end, t[paris.start:berlin.end])  # crosses a tab
    content1 = _s(t, "“We will not\nwait,”")                       # crosses a line break
    return Document(
        "wn-20200101-hard", t, title="Hard", date="2020-01-01", publisher="Wikinews", genre="news", story="s",
        split="test", meta=(("origin", "test"),),
        entities=(Entity("T1", *_o(paris), "Paris", "GPE", "paris"), Entity("T2", *_o(berlin), "Berlin", "GPE",
                                                                             "berlin"),
                  Entity("T3", *_o(_s(t, "Monday")), "Monday", "DATE"), Entity("T4", *_o(berlin2), "Berlin", "GPE",
                                                                                   "berlin")),
        quotes=(
            Quote("Q1", "MIXED", _s(t, "said"), _s(t, "Officials"), None, "ANONYMOUS",
                  (content1, _s(t, "“failed”")), (content1, _s(t, "“failed”"))),
            Quote("Q2", "INDIRECT", None, None, None, "OTHER", (pb,)),
            Quote("Q3", "INDIRECT", _s(t, "told"), _s(t, "Berlin's envoy"), "berlin-envoy", "PERSON",
                  (_s(t, "it was over"),), (), _s(t, "reporters")),
        ),
        events=(
            Event("V1", "SANCTION", _s(t, "sanctions"), "OTHER", "POSITIVE",
                  (Argument("AGENT", *_o(paris), "Paris", "paris"), Argument("AGENT", *_o(berlin), "Berlin", "berlin"),
                   Argument("TOPIC", *_o(_s(t, "talks")), "talks"))),
            Event("V2", "AGREE", _s(t, "agreed"), "ACTUAL", "NEGATIVE",
                  (Argument("PARTICIPANT", *_o(pb), pb.text), Argument("PARTICIPANT", *_o(paris), "Paris", None))),
            Event("V3", "MEET", _s(t, "talks"), "ACTUAL", "POSITIVE", ()),
        ),
    )


@pytest.fixture()
def hard_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "hard.jsonl"
    path.write_text(json.dumps(document_to_dict(hard_document()), ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def layers(d: Document) -> tuple[object, ...]:
    return (d.entities, d.quotes, d.events)


@pytest.mark.parametrize("which", ["mini", "hard"])
def test_brat_round_trip(which: str, corpus_dir: Path, hard_corpus: Path, tmp_path: Path) -> None:
    src = corpus_dir if which == "mini" else hard_corpus
    files = export(src, "brat", tmp_path / "brat", None)
    assert {p.name for p in files} >= {"annotation.conf", "visual.conf"}
    for doc in load_corpus(src).documents:
        txt = tmp_path / "brat" / doc.split / f"{doc.id}.txt"
        assert txt.read_bytes() == doc.text.encode("utf-8")
        back = read_brat(txt)
        assert back.id == doc.id and back.text == doc.text
        assert layers(back) == layers(doc)


def test_brat_lines_follow_the_standoff_format() -> None:
    doc = hard_document()
    ann = document_to_ann(doc)
    for line in ann.splitlines():
        ident, rest = line.split("\t", 1)
        assert ident[0] in "TERA#" and ident[1:].isdigit(), line
        if ident[0] == "T":
            kind_offsets, shown = rest.split("\t")
            frags = [tuple(map(int, f.split())) for f in kind_offsets.split(" ", 1)[1].split(";")]
            assert shown == " ".join(doc.text[s:e] for s, e in frags)
            assert all("\n" not in doc.text[s:e] and "\t" not in doc.text[s:e] for s, e in frags)
    assert "T1\tGPE " in ann and "\tQuote " in ann and "HasCue Arg1:" in ann and "HasAddressee Arg1:" in ann
    assert "AGENT:T1 AGENT2:T2 TOPIC:" in ann  # repeated role numbered, entity T lines reused as arguments
    assert "Realis E1 OTHER" in ann and "Polarity E2 NEGATIVE" in ann and "QuoteType T" in ann
    assert ";" in ann  # the line-break-crossing content span is written as fragments
    conf = annotation_conf()
    for needed in ("[entities]", "PERSON", "QuoteCue", "[relations]", "HasSource\tArg1:Quote, Arg2:QuoteSource",
                   "[events]", "SANCTION\t", "[attributes]", "Realis\tArg:<EVENT>, Value:ACTUAL|GENERIC|OTHER"):
        assert needed in conf


@pytest.mark.parametrize("which", ["mini", "hard"])
def test_spacy_round_trip(which: str, corpus_dir: Path, hard_corpus: Path, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    src = corpus_dir if which == "mini" else hard_corpus
    files = export(src, "spacy", tmp_path / "spacy", None)
    assert [p.name for p in files] == ["test.spacy"]
    gold = load_corpus(src).documents
    back = read_docbin(files[0])
    assert back == list(gold)  # every field, metadata included
    docs = list(DocBin().from_disk(files[0]).get_docs(spacy.blank("en").vocab))
    assert docs[0].text == gold[0].text
    assert [(e.start_char, e.end_char, e.label_, e.kb_id_) for e in docs[0].ents] == \
        [(e.start, e.end, e.label, e.entity or "") for e in sorted(gold[0].entities, key=lambda e: e.start)]
    for group in ("quote_content", "quote_cue", "quote_source", "event_trigger", "event_argument"):
        assert group in docs[0].spans
    trig = docs[0].spans["event_trigger"][0]
    assert (trig.text, trig.label_) == (gold[0].events[0].trigger.text, gold[0].events[0].type)


def test_conll_equals_the_reference_token_view(corpus_dir: Path, tmp_path: Path) -> None:
    files = export(corpus_dir, "conll", tmp_path / "conll", "test")
    conll = (tmp_path / "conll" / "test.conll").read_text(encoding="utf-8")
    assert {p.name for p in files} == {"test.conll", "test.ids"}
    assert (tmp_path / "conll" / "test.ids").read_text(encoding="utf-8") == f"{DOC_ID}\n"
    rows = [line.split("\t") for line in conll.splitlines() if line and not line.startswith("-DOCSTART-")]
    doc = load_corpus(corpus_dir).documents[0]
    toks = tokenize(doc.text)
    assert rows == [[doc.text[s:e], t] for (s, e), t in zip(toks, iob2_tags(toks, doc.entities), strict=True)]
    assert conll.count("-DOCSTART-") == 1
    assert "said\tO\n.\tO\n\nThree\tB-CARDINAL" in conll  # sentence break after the final period


def test_plover_maps_types_and_parties(corpus_dir: Path, hard_corpus: Path, tmp_path: Path) -> None:
    export(corpus_dir, "plover", tmp_path / "plover", None)
    (rec,) = [json.loads(x) for x in (tmp_path / "plover" / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (rec["event"], rec["mode"], rec["enquete_type"]) == ("CONSULT", "meet", "MEET")
    assert [a["text"] for a in rec["actor"]] == ["Blinken"] and [a["entity"] for a in rec["recipient"]] == \
        ["emmanuel-macron"]
    assert rec["location"][0]["text"] == "Paris" and rec["date"] == "2021-01-01"
    assert rec["sentence"] == "Blinken met Macron in Paris on Tuesday."
    export(hard_corpus, "plover", tmp_path / "p2", None)
    recs = [json.loads(x) for x in (tmp_path / "p2" / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    sanction = next(r for r in recs if r["enquete_type"] == "SANCTION")
    assert sanction["event"] == "SANCTION" and [a["text"] for a in sanction["actor"]] == ["Paris", "Berlin"]
    assert sanction["realis"] == "OTHER"
    unmapped = json.loads((tmp_path / "p2" / "test.unmapped.json").read_text(encoding="utf-8"))
    assert unmapped == {"events_without_plover_anchor": {}}


def test_unknown_format_lists_the_formats(corpus_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown export format 'bratt' \(did you mean 'brat'\?\); "
                                         r"known formats: conll, spacy, brat, plover"):
        export(corpus_dir, "bratt", tmp_path / "out", None)
    with pytest.raises(InputError, match="unknown split 'dev'; known splits: train, validation, test"):
        export(corpus_dir, "conll", tmp_path / "out", "dev")
    with pytest.raises(InputError, match="no documents in split 'train'"):
        export(corpus_dir, "conll", tmp_path / "out", "train")
    assert not (tmp_path / "out").exists()
    assert list(FORMATS) == ["conll", "spacy", "brat", "plover"]


def test_export_replaces_its_own_folder_atomically_and_never_a_foreign_one(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "exp"
    export(corpus_dir, "brat", out, None)
    (out / "test" / "stale.ann").write_text("", encoding="utf-8")
    export(corpus_dir, "conll", out, None)
    assert not (out / "test").exists() and (out / "test.conll").is_file()  # replaced whole
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "work.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(EnqueteError, match="refusing to replace"):
        export(corpus_dir, "conll", foreign, None)
    assert sorted(p.name for p in foreign.iterdir()) == ["work.txt"]
