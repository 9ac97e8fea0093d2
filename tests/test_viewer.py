"""`enquete show`: gold pages, diff classes with predictions, escaping of untrusted text, nested and crossing
spans, bad input (unknown ids, predictions for another corpus) and the leaderboard charts."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DOC_ID, TEXT

from bench.errors import EnqueteError, InputError
from bench.report.markup import Mark, render_text
from bench.report.viewer import show
from bench.types import Document, Entity, Event, Quote, Span, document_to_dict

VOID = {"meta", "br", "link", "img", "input", "hr"}


class _Balance(HTMLParser):
    """Checks that every opened element is closed in order and collects text outside <script>/<style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            self.script_text.append(data)
        elif not self.stack or self.stack[-1] != "style":
            self.text.append(data)


def balanced(html: str) -> _Balance:
    p = _Balance()
    p.feed(html)
    p.close()
    assert not p.errors and not p.stack, (p.errors, p.stack)
    return p


def section(page: str, name: str) -> str:
    m = re.search(rf'<section id="{name}">(.*?)</section>', page, re.S)
    assert m, name
    return m.group(1)


def text_div(sec: str) -> str:
    m = re.search(r'<div class="text">(.*?)</div>', sec, re.S)
    assert m
    return m.group(1)


def plain(fragment: str) -> str:
    """Text of an HTML fragment without badges (what the reader sees as the article)."""
    no_badges = re.sub(r'<span class="badge">.*?</span>', "", fragment)
    p = balanced(no_badges)
    return "".join(p.text)


def write_preds(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def sp(start: int, end: int) -> dict:
    return {"start": start, "end": end, "text": TEXT[start:end]}


def diff_prediction() -> dict:
    """One item per diff status on every layer of the conftest document."""
    return {
        "id": DOC_ID,
        "entities": [
            {"id": "a", **sp(0, 7), "label": "PERSON"},        # correct
            {"id": "b", **sp(12, 18), "label": "ORG"},         # wrong label (gold PERSON)
            {"id": "c", **sp(19, 27), "label": "GPE"},         # boundary: "in Paris" vs "Paris"
            {"id": "d", **sp(72, 81), "label": "NORP"},        # spurious: "officials"
            # gold T4 Tuesday, T5 Blinken, T6 Three: missed
        ],
        "quotes": [{"id": "Q1", "type": "DIRECT", "cue": sp(60, 64), "source": sp(52, 59),
                    "speaker": "emmanuel-macron", "source_kind": "PERSON", "content": [sp(40, 51)],
                    "direct": [sp(40, 51)]}],                  # wrong speaker
        "events": [
            {"id": "V1", "type": "TRAVEL", "trigger": sp(8, 11), "arguments": [{"role": "PERSON", **sp(0, 7)}]},
            {"id": "V2", "type": "MEET", "trigger": sp(82, 90)},  # spurious: "attended"
        ],
    }


def test_gold_pages_render_every_layer(corpus_dir: Path, tmp_path: Path) -> None:
    pages = show(corpus_dir, [], None, tmp_path / "viewer")
    assert [p.name for p in pages] == ["index.html", f"{DOC_ID}.html"]
    index = pages[0].read_text(encoding="utf-8")
    balanced(index)
    assert f'href="{DOC_ID}.html"' in index and ">6</td>" in index  # six entities
    page = pages[1].read_text(encoding="utf-8")
    balanced(page)
    ents = section(page, "entities")
    assert text_div(ents).count('class="m ent"') == 6 and "--c:#aa9cfc" in ents  # PERSON colour
    assert '<span class="badge">PERSON</span>' in ents and '<span class="badge">GPE</span>' in ents
    assert plain(text_div(ents)) == TEXT
    quotes = section(page, "quotes")
    # content, cue and source share the quote's link id and tag; the speaker's name is shown
    for part in ("q-content", "q-cue", "q-source"):
        assert re.search(rf'class="m {part}"[^>]*data-link="q0"', quotes), part
    assert "Q1 source · Antony Blinken" in quotes and "Q1 cue" in quotes
    assert plain(text_div(quotes)) == TEXT
    events = section(page, "events")
    assert '<span class="badge">V1 MEET</span>' in events
    assert text_div(events).count('class="m ev-arg"') == 4 and "PARTICIPANT: Macron" in events
    assert plain(text_div(events)) == TEXT
    assert "diff-" not in text_div(ents)
    assert "http" not in re.sub(r'href="https://example.org/x"', "", page)  # no external assets


def test_diff_marks_each_status_on_each_layer(corpus_dir: Path, tmp_path: Path) -> None:
    pred = write_preds(tmp_path / "pred.jsonl", [diff_prediction()])
    pages = show(corpus_dir, [], pred, tmp_path / "viewer")
    page = pages[1].read_text(encoding="utf-8")
    balanced(page)
    ents = text_div(section(page, "entities"))
    for status in ("correct", "label", "boundary", "fn", "fp"):
        assert f"ent diff-{status}" in ents, status
    assert "PERSON → ORG" in ents and "MISSED DATE" in ents and "SPURIOUS NORP" in ents
    assert 'class="m pred-span"' in ents  # the predicted boundary of "in Paris"
    assert plain(ents) == TEXT
    quotes = section(page, "quotes")
    assert "q-content diff-label" in quotes and "Q1 WRONG SPEAKER" in quotes and "wrong speaker" in quotes
    events = section(page, "events")
    assert "ev-trigger diff-label" in events and "MEET → TRAVEL" in events
    assert "ev-trigger diff-fp" in events and "P1 SPURIOUS MEET" in events
    assert "missed PARTICIPANT: Blinken" in events and "spurious PERSON: Blinken" in events
    index = pages[0].read_text(encoding="utf-8")
    assert "entities F1" in index and "mean F1" in index
    # strict entities: 1 tp of 4 predicted and 6 gold
    assert f"{2 * 1 / 10:.3f}" in index


def _jsonl_corpus(path: Path, docs: list[Document]) -> Path:
    path.write_text("".join(json.dumps(document_to_dict(d), ensure_ascii=False) + "\n" for d in docs),
                    encoding="utf-8")
    return path


def test_untrusted_text_is_escaped(tmp_path: Path) -> None:
    text = 'Evil said <script>alert("x")</script> & <b>bold</b> "quoted" \'single\'.'
    s = text.index("<script>")
    doc = Document("d-<img src=x onerror=alert(1)>", text, title="<img src=x onerror=alert(2)>",
                   url="javascript:alert(3)", split="test",
                   entities=(Entity("T1", s, s + 8, "<script>", "ORG", 'x"onmouseover="alert(4)'),),
                   quotes=(Quote("Q1", "DIRECT", Span(5, 9, "said"), Span(0, 4, "Evil"), None, "PERSON",
                                 (Span(10, len(text) - 1, text[10:-1]),)),),
                   events=(Event("V1", "ATTACK", Span(s, s + 8, "<script>")),))
    corpus = _jsonl_corpus(tmp_path / "docs.jsonl", [doc])
    pred = write_preds(tmp_path / "pred.jsonl", [{"id": doc.id, "entities": [
        {"start": s + 8, "end": s + 14, "label": "PERSON"}]}])
    pages = show(corpus, [], pred, tmp_path / "viewer")
    for path in pages:
        html = path.read_text(encoding="utf-8")
        p = balanced(html)
        assert html.count("<script>") == 1 and "alert" not in "".join(p.script_text)  # only our hover script
        assert "<img" not in html and "<b>bold" not in html and "javascript:" not in html
        assert 'onmouseover="' not in html
    page = pages[1].read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    for name in ("entities", "quotes", "events"):
        assert plain(text_div(section(page, name))) == text
    assert pages[1].name == "d-_img_src_x_onerror_alert_1.html"


def test_nested_and_crossing_spans_render_balanced() -> None:
    text = "abcdefghij"
    marks = [Mark(0, 6, "q-content", "Q1"), Mark(2, 4, "ent", "X"), Mark(4, 9, "ent", "Y"), Mark(4, 9, "ev-arg"),
             Mark(3, 3, "empty"), Mark(8, 20, "out-of-range")]
    html = render_text(text, marks)
    p = balanced(html)
    assert "".join(p.text).replace("Q1", "").replace("X", "").replace("Y", "") == text
    assert html.count('<span class="badge">Y</span>') == 1 and "m ent cont" in html  # Y split at 6, badge once
    assert "empty" not in html and "out-of-range" not in html


def test_oddly_overlapping_predictions_still_render(corpus_dir: Path, tmp_path: Path) -> None:
    pred = write_preds(tmp_path / "pred.jsonl", [{"id": DOC_ID, "entities": [
        {**sp(0, 11), "label": "PERSON"}, {**sp(8, 18), "label": "ORG"}, {**sp(8, 18), "label": "ORG"},
        {**sp(12, 27), "label": "GPE"}]}])
    page = show(corpus_dir, [DOC_ID], pred, tmp_path / "viewer")[1].read_text(encoding="utf-8")
    balanced(page)
    assert plain(text_div(section(page, "entities"))) == TEXT


def test_index_sorts_worst_first(tmp_path: Path) -> None:
    good = Document("a-good", "Paris.", split="test", entities=(Entity("T1", 0, 5, "Paris", "GPE"),))
    bad = Document("b-bad", "Rome.", split="test", entities=(Entity("T1", 0, 4, "Rome", "GPE"),))
    corpus = _jsonl_corpus(tmp_path / "docs.jsonl", [good, bad])
    pred = write_preds(tmp_path / "pred.jsonl", [
        {"id": "a-good", "entities": [{"start": 0, "end": 5, "label": "GPE"}]}, {"id": "b-bad", "entities": []}])
    index = show(corpus, [], pred, tmp_path / "viewer")[0].read_text(encoding="utf-8")
    assert index.index("b-bad") < index.index("a-good")


def test_unknown_document_id_is_a_clear_error(corpus_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown document id\(s\) 'wn-20210101-test-dox' \(did you mean "
                                         r"'wn-20210101-test-doc'\?\)"):
        show(corpus_dir, ["wn-20210101-test-dox"], None, tmp_path / "viewer")
    assert not (tmp_path / "viewer").exists()


def test_predictions_for_another_corpus_are_refused(corpus_dir: Path, tmp_path: Path) -> None:
    pred = write_preds(tmp_path / "pred.jsonl", [{"id": "wn-20990101-other", "entities": []}])
    with pytest.raises(InputError, match=r"unknown document id 'wn-20990101-other'.*another corpus"):
        show(corpus_dir, [], pred, tmp_path / "viewer")
    stale = write_preds(tmp_path / "stale.jsonl", [{"id": DOC_ID, "entities": [
        {"start": 0, "end": 7, "text": "Blinkem", "label": "PERSON"}]}])
    with pytest.raises(InputError, match=r"differs from the document's text.*corpus version"):
        show(corpus_dir, [], stale, tmp_path / "viewer")
    assert not (tmp_path / "viewer").exists()


def test_foreign_output_folder_is_never_replaced(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(EnqueteError, match="refusing to replace"):
        show(corpus_dir, [], None, out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    show(corpus_dir, [], None, tmp_path / "viewer")
    show(corpus_dir, [], None, tmp_path / "viewer")  # its own folder is replaced on a rerun


def test_cli_show(corpus_dir: Path, tmp_path: Path) -> None:
    ok = subprocess.run([sys.executable, "-m", "bench.cli", "show", DOC_ID, "--corpus", str(corpus_dir), "--out",
                         str(tmp_path / "v")], capture_output=True, text=True, check=False)
    assert ok.returncode == 0 and "wrote 2 page(s)" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "bench.cli", "show", "nope", "--corpus", str(corpus_dir), "--out",
                          str(tmp_path / "w")], capture_output=True, text=True, check=False)
    assert bad.returncode == 1 and "unknown document id" in bad.stderr + bad.stdout
    assert "Traceback" not in bad.stderr


def test_leaderboard_charts_are_escaped_svg_with_links() -> None:
    from bench.report.leaderboard import Entry, render_charts, render_html

    result = {"layers": ["entities"], "per_label": {"entities": {"strict": {
        "GPE": {"f1": 0.5, "ci95": [0.25, 0.75], "n_gold": 4, "n_pred": 4},
        "<LAW>": {"f1": None, "ci95": None, "n_gold": 1, "n_pred": 0}}}}}
    entries = [Entry("a<b>", result, Path("x")), Entry("plain", result, Path("y"))]
    charts = render_charts(entries, {"a<b>": "a/test/viewer/index.html"}, {"plain": "no <predictions>"})
    page = render_html("# Board\n", charts)
    balanced(page)
    assert page.count("<svg") == 1 and "<rect" in page and "<path" in page  # bars and whiskers
    assert "a&lt;b&gt;" in page and "&lt;LAW&gt;" in page and "no &lt;predictions&gt;" in page
    assert '<a href="a/test/viewer/index.html">' in page
    assert render_charts(entries, {}, {}) == render_charts(entries, {}, {})  # deterministic
