"""The model baselines (spacy-ner-ft.v1, events-model.v1) trained on the one-document fixture: deterministic
subsets and model bytes, the corpus-hash check at load, progress lines, the registry's train entry point,
learning curves and the seen/unseen recall on the leaderboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TEXT, make_train_corpus

from baselines.training import check_corpus, dir_hash, train_subset
from bench.common.progress import Step
from bench.errors import EnqueteError
from bench.run.extractors import EXTRACTORS, DocumentInput, create, train
from bench.scoring.entities import generalisation_counts, name_key
from bench.types import Document, Entity

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_train_corpus(tmp_path_factory.mktemp("models"))


def _docs(n: int) -> list[Document]:
    return [Document(f"doc-{i:02d}", "x", split="train") for i in range(n)]


def test_train_subsets_are_deterministic_nested_and_sized() -> None:
    docs = _docs(29)
    quarter, half, full = (train_subset(docs, f) for f in (0.25, 0.5, 1.0))
    assert (len(quarter), len(half), len(full)) == (8, 15, 29)
    assert {d.id for d in quarter} < {d.id for d in half} < {d.id for d in full}
    assert train_subset(list(reversed(docs)), 0.25) == quarter  # order of the input does not matter
    assert [d.id for d in quarter] == sorted(d.id for d in quarter)
    assert len(train_subset(_docs(1), 0.25)) == 1
    for bad in (0.0, 1.5):
        with pytest.raises(EnqueteError, match="fraction"):
            train_subset(docs, bad)


def test_dir_hash_covers_names_and_bytes(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("1")
    first = dir_hash(tmp_path)
    assert dir_hash(tmp_path) == first and len(first) == 16
    (tmp_path / "a").write_text("2")
    assert dir_hash(tmp_path) != first
    with pytest.raises(EnqueteError, match=r"^m: x.v1 was trained on corpus aaa, but the corpus is bbb; retrain"):
        check_corpus("x.v1", Path("m"), "aaa", "bbb")


def test_events_model_trains_reproducibly_and_checks_the_corpus(corpus: Path, tmp_path: Path) -> None:
    steps: list[Step] = []
    meta = train("events-model.v1", corpus, tmp_path / "a", {"progress": steps.append})
    again = train("events-model.v1", corpus, tmp_path / "b", {"progress": lambda s: None})
    assert meta["model_hash"] == again["model_hash"]
    for f in sorted(p.name for p in (tmp_path / "a").iterdir() if p.name != "model.json"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    assert meta["corpus_hash"] and meta["train_documents"] == 1
    assert [s.index for s in steps] == list(range(1, 8)) and all(s.total == 7 for s in steps)
    assert [s.metric for s in steps] == ["Trig-C"] * 3 + ["Arg-C"] * 4 and all(s.loss >= 0 for s in steps)
    ex = create("events-model.v1", {"model_dir": str(tmp_path / "a"), "corpus": str(corpus)})
    pred = ex.predict([DocumentInput("d", TEXT)])[0]
    assert pred.events and pred.events[0].trigger.text == "met"  # the fixture's only event, learned
    assert ex.config()["model_hash"] == meta["model_hash"]
    model = json.loads((tmp_path / "a" / "model.json").read_text(encoding="utf-8"))
    model["corpus_hash"] = "0000000000000000"
    (tmp_path / "a" / "model.json").write_text(json.dumps(model), encoding="utf-8")
    with pytest.raises(EnqueteError, match="trained on corpus 0000000000000000, but the corpus is"):
        create("events-model.v1", {"model_dir": str(tmp_path / "a"), "corpus": str(corpus)})


def test_spacy_ner_ft_fine_tunes_reproducibly_with_one_line_per_epoch(corpus: Path, tmp_path: Path) -> None:
    steps: list[Step] = []
    meta = train("spacy-ner-ft.v1", corpus, tmp_path / "a", {"max_epochs": 2, "patience": 1, "progress": steps.append})
    again = train("spacy-ner-ft.v1", corpus, tmp_path / "b", {"max_epochs": 2, "patience": 1,
                                                              "progress": lambda s: None})
    assert meta["model_hash"] == again["model_hash"] == dir_hash(tmp_path / "a" / "pipeline")
    lines = [s.format("spacy-ner-ft.v1") for s in steps]  # one line per epoch when not on a terminal
    assert [line.split()[2] for line in lines] == ["1/2:", "2/2:"]
    assert all(", loss " in line and "validation ents_f" in line for line in lines)
    assert meta["epochs_run"] == 2 and meta["validation"]["ents_f"] is not None
    saved = (tmp_path / "a" / "pipeline" / "config.cfg").read_text(encoding="utf-8")
    assert "/tmp" not in saved and "enquete-ner-ft" not in saved  # no temporary paths in the model
    ex = create("spacy-ner-ft.v1", {"model_dir": str(tmp_path / "a"), "corpus": str(corpus)})
    assert ex.provides == ("entities",) and ex.config()["model_hash"] == meta["model_hash"]


def test_train_rejects_unknown_options_and_untrainable_names(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(EnqueteError, match=r"events-model\.v1: unknown training option"):
        train("events-model.v1", corpus, tmp_path, {"max_epochs": 3})
    with pytest.raises(EnqueteError, match=r"rules\.v1 is not trainable; trainable: events-model\.v1, spacy-ner-ft\.v1"):
        train("rules.v1", corpus, tmp_path)
    assert EXTRACTORS["spacy-ner-ft.v1"].curve == ("entities.strict",)


def test_learning_curves_file_is_machine_independent_and_rendered(corpus: Path, tmp_path: Path) -> None:
    from bench.run.curves import learning_curves, render_markdown, render_svg

    results = tmp_path / "results"
    quiet = {"events-model.v1": {"progress": lambda s: None}}
    curves = learning_curves(corpus, results, names=["events-model.v1"], options=quiet, n_boot=50, log=lambda m: None)
    first = (results / "learning_curves.json").read_bytes()
    learning_curves(corpus, results, names=["events-model.v1"], options=quiet, n_boot=50, log=lambda m: None)
    assert (results / "learning_curves.json").read_bytes() == first  # reused models, same bytes
    text = first.decode("utf-8")
    assert "seconds" not in text and "words_per_s" not in text and "git_commit" not in text
    points = curves["extractors"]["events-model.v1"]["points"]
    assert [p["fraction"] for p in points] == [0.25, 0.5, 1.0]
    assert all(set(p["scores"]) == {"events.trig_c", "events.arg_c"} for p in points)
    assert (results / "models" / "curves" / "events-model.v1" / "25" / "model.json").is_file()
    md = "\n".join(render_markdown(curves))
    assert "## Learning curves" in md and "| events-model.v1 | events.trig_c |" in md and "(1 docs)" in md
    svg = render_svg(curves, ("#000",))
    assert svg.count("<circle") == 6 and "<polyline" in svg


def test_seen_unseen_recall_counts() -> None:
    gold = [Entity("T1", 0, 7, "Blinken", "PERSON"), Entity("T2", 12, 18, "Macron", "PERSON"),
            Entity("T3", 22, 27, "Paris", "GPE")]
    pred = [Entity("P1", 0, 7, "Blinken", "PERSON"), Entity("P2", 22, 27, "Paris", "LOC")]
    seen = frozenset({name_key("BLINKEN"), name_key(" paris ")})
    counts = generalisation_counts(gold, pred, seen)
    assert counts["entities.seen_recall"] == ("acc", 1, 2, 0)  # Paris seen but labelled wrong
    assert counts["entities.unseen_recall"] == ("acc", 0, 1, 0)


def test_leaderboard_shows_seen_unseen_recall_and_curves(corpus: Path, tmp_path: Path) -> None:
    from bench.report.leaderboard import leaderboard
    from bench.run.runner import run

    results = tmp_path / "results"
    run("spacy-sm.v1", corpus, "test", results_dir=results, n_boot=20)
    curves = {"kind": "enquete-learning-curves", "corpus": {"hash": "h", "split": "test", "documents": 1,
                                                            "train_documents": 4},
              "fractions": [0.5, 1.0], "extractors": {"m<1>": {"metrics": ["entities.strict"], "points": [
                  {"fraction": f, "train_documents": n, "model_hash": "x",
                   "scores": {"entities.strict": {"f1": v, "ci95": [v - 0.1, v + 0.05]}}}
                  for f, n, v in ((0.5, 2, 0.5), (1.0, 4, 0.75))]}}}
    (results / "learning_curves.json").write_text(json.dumps(curves), encoding="utf-8")
    md = leaderboard(results, corpus, "test", markdown_path=tmp_path / "LB.md")
    assert "seen recall | unseen recall |" in md
    row = next(line for line in md.splitlines() if line.startswith("| spacy-sm.v1 |") and "recall" not in line)
    assert row.count("|") == 8  # extractor + 4 headline metrics + seen + unseen
    assert "| m<1> | entities.strict | 0.500 [0.40, 0.55] (2 docs) | 0.750 [0.65, 0.80] (4 docs) |" in md
    page = (results / "leaderboard.html").read_text(encoding="utf-8")
    assert "<h2>Learning curves</h2>" in page and "m&lt;1&gt;" in page and "m<1>" not in page
