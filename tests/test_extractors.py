"""Contract test over every registered extractor, registry behaviour, runner failure handling, and the
LLM adapter against a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import DOC_ID, TEXT, make_root, make_train_corpus

from bench.dataset.build import build
from bench.errors import EnqueteError
from bench.run.extractors import EXTRACTORS, DocumentInput, Extractor, create
from bench.run.runner import run
from bench.types import Prediction

DOCS = [
    DocumentInput("d1", TEXT, {"title": "t"}),
    DocumentInput("d2", "President Biden said on Monday that the United States will “never” abandon its "
                        "allies. Officials met in Paris, according to Reuters.", {}),
    DocumentInput("d3", "", {}),
]


@pytest.fixture(scope="module")
def fake_llm() -> Iterator[str]:
    reply = {"entities": [{"text": "Blinken", "label": "PERSON"}, {"text": "Paris", "label": "GPE"},
                          {"text": "Nowhere", "label": "GPE"}, {"text": "x", "label": "BOGUS"}],
             "quotes": [{"type": "DIRECT", "cue": "said", "source": "Blinken", "content": "“We agree,”"}],
             "events": [{"type": "MEET", "trigger": "met", "realis": "ACTUAL",
                         "arguments": [{"role": "PARTICIPANT", "text": "Macron"}]}]}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length))
            assert body["messages"][0]["role"] == "system"
            out = json.dumps({"choices": [{"message": {"content": "```json\n" + json.dumps(reply) + "\n```"}}]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(out.encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


#: Options that keep training on the fixture fast (CI trains every model baseline on one document).
FAST = {"spacy-ner-ft.v1": {"max_epochs": 2}}


def _make(name: str, fake_llm: str, tmp_path_factory: pytest.TempPathFactory) -> Extractor:
    if name == "llm.v1":
        return create(name, {"base_url": fake_llm, "model": "fake"})
    if EXTRACTORS[name].trainer and name != "trained.v1":
        base = tmp_path_factory.mktemp(name)
        corpus = make_train_corpus(base)
        return create(name, {"model_dir": str(base / "model"), "corpus": str(corpus), **FAST.get(name, {})})
    if name == "trained.v1":
        base = tmp_path_factory.mktemp("trained")
        root = make_root(base)
        corpus = base / "corpus"
        build(root, corpus, pool_path=base / "pool.jsonl")
        # the mini corpus has only a test split: train on it by relabelling the split file
        src = corpus / "data" / "documents" / "test.jsonl"
        row = json.loads(src.read_text(encoding="utf-8"))
        row["split"] = "train"
        (corpus / "data" / "documents" / "train.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
        src.unlink()
        return create(name, {"model_dir": str(base / "model"), "corpus": str(corpus)})
    return create(name)


@pytest.mark.parametrize("name", sorted(EXTRACTORS))
def test_extractor_contract(name: str, fake_llm: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    ex = _make(name, fake_llm, tmp_path_factory)
    assert isinstance(ex, Extractor)
    assert ex.name == name and set(ex.provides) <= {"entities", "quotes", "events"}
    assert isinstance(ex.config(), dict)
    out = ex.predict(DOCS)
    assert [p.id for p in out] == [d.id for d in DOCS]
    for doc, pred in zip(DOCS, out, strict=True):
        assert isinstance(pred, Prediction)
        spans = [(e.start, e.end, e.text) for e in pred.entities or ()]
        for q in pred.quotes or ():
            spans += [(s.start, s.end, s.text) for s in (q.cue, q.source, *q.content, *q.direct) if s is not None]
        for ev in pred.events or ():
            spans += [(ev.trigger.start, ev.trigger.end, ev.trigger.text)]
            spans += [(a.start, a.end, a.text) for a in ev.arguments]
        for s, e, t in spans:
            assert 0 <= s < e <= len(doc.text) and doc.text[s:e] == t
    assert ex.predict(DOCS) == out  # deterministic


def test_unknown_extractor_suggests_closest() -> None:
    with pytest.raises(EnqueteError, match=r"did you mean 'rules.v1'\?.*Known: events-model.v1, llm.v1, quotes-syntax.v1, rules.v1"):
        create("rule.v1")


def test_llm_counts_unlocated_items(fake_llm: str) -> None:
    ex = create("llm.v1", {"base_url": fake_llm, "model": "fake"})
    pred = ex.predict([DOCS[0]])[0]
    assert [(e.text, e.label) for e in pred.entities or ()] == [("Blinken", "PERSON"), ("Paris", "GPE")]
    assert ex.config()["unlocated"] == 1 and ex.config()["invalid_items"] == 1
    assert pred.quotes and pred.quotes[0].content[0].text == "“We agree,”"
    assert pred.events and pred.events[0].arguments[0].text == "Macron"


def test_llm_without_endpoint_says_how_to_configure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENQUETE_LLM_BASE_URL", raising=False)
    with pytest.raises(EnqueteError, match="ENQUETE_LLM_BASE_URL"):
        create("llm.v1")


@dataclass
class Flaky:
    """A user plug-in (module:Class) that fails on one document and returns bad spans on another."""

    name: str = "flaky.v0"
    provides: tuple[str, ...] = ("entities",)

    def config(self) -> dict[str, Any]:
        return {}

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        if any(d.text.startswith("boom") for d in documents):
            raise RuntimeError("boom")
        return [Prediction(d.id, entities=()) for d in documents]


def test_runner_names_failing_document_and_writes_nothing(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    corpus = tmp_path / "corpus"
    build(root, corpus, pool_path=tmp_path / "pool.jsonl")
    ok = run("test_extractors:Flaky", corpus, "test", results_dir=tmp_path / "results", n_boot=0)
    assert ok.result["complete"] and ok.results_path.is_file()
    doc = corpus / "data" / "documents" / "test.jsonl"
    row = json.loads(doc.read_text(encoding="utf-8"))
    (tmp_path / "boom").mkdir()
    row["text"] = "boom " + row["text"]
    for key in ("entities", "quotes", "events"):
        row[key] = []
    doc.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(EnqueteError, match=f"failed on document {DOC_ID}: RuntimeError: boom"):
        run("test_extractors:Flaky", corpus, "test", results_dir=tmp_path / "results2", n_boot=0)
    assert not (tmp_path / "results2").exists()
    kept = run("test_extractors:Flaky", corpus, "test", results_dir=tmp_path / "results3", keep_going=True, n_boot=0)
    data = json.loads(kept.results_path.read_text(encoding="utf-8"))
    assert data["complete"] is False and data["failures"][0]["document"] == DOC_ID
