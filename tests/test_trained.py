"""trained.v1: the model lives under the results folder, is tied to its corpus version, is recorded in
results.json, and training reports its progress."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_root

from bench.dataset.build import build
from bench.errors import EnqueteError
from bench.run.extractors import create
from bench.run.runner import run

pytestmark = pytest.mark.slow


def _corpus(base: Path) -> Path:
    """The mini corpus with copies of its one document in the train and validation splits."""
    root = make_root(base)
    corpus = base / "corpus"
    build(root, corpus, pool_path=base / "pool.jsonl")
    data = corpus / "data" / "documents"
    row = json.loads((data / "test.jsonl").read_text(encoding="utf-8"))
    for split in ("train", "validation"):
        (data / f"{split}.jsonl").write_text(json.dumps({**row, "id": f"{row['id']}-{split}", "split": split}) + "\n",
                                             encoding="utf-8")
    return corpus


def test_model_lives_under_the_results_folder_and_is_recorded(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path)
    work = tmp_path / "elsewhere"
    work.mkdir()
    monkeypatch.chdir(work)
    res = run("trained.v1", corpus, "test", results_dir=tmp_path / "res", n_boot=0)
    model = tmp_path / "res" / "models" / "trained.v1"
    assert (model / "model.json").is_file() and (model / "weights.npz").is_file()
    assert not (work / "results").exists()
    config = res.result["extractor"]["config"]
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    assert config["model_corpus_hash"] == meta["corpus_hash"] == res.result["corpus"]["hash"]
    assert len(config["model_sha256"]) == 64
    again = run("trained.v1", corpus, "test", results_dir=tmp_path / "res", n_boot=0)  # reuses the model
    assert again.result["extractor"]["config"]["model_sha256"] == config["model_sha256"]


def test_model_of_another_corpus_version_is_refused_or_retrained(tmp_path: Path) -> None:
    from baselines.trained import train

    corpus = _corpus(tmp_path)
    model = tmp_path / "model"
    train(corpus, model)
    train_file = corpus / "data" / "documents" / "train.jsonl"
    row = json.loads(train_file.read_text(encoding="utf-8"))
    row["text"] = row["text"].replace("Three", "Four")
    train_file.write_text(json.dumps(row) + "\n", encoding="utf-8")  # a new corpus version
    with pytest.raises(EnqueteError, match=r"trained on corpus \w+ but the corpus is \w+.*retrain=true") as err:
        create("trained.v1", {"model_dir": str(model), "corpus": str(corpus)})
    assert "\n" not in str(err.value)
    ex = create("trained.v1", {"model_dir": str(model), "corpus": str(corpus), "retrain": True})
    from bench.dataset.corpus import load_corpus

    assert ex.config()["model_corpus_hash"] == load_corpus(corpus).hash


def test_training_prints_one_line_per_step_when_not_a_terminal(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from baselines.trained import C_GRID, train

    train(_corpus(tmp_path), tmp_path / "model")
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == len(C_GRID) + 3  # model selection on validation, then the three final models
    assert all("step" in ln and "loss" in ln for ln in lines)
    assert all("validation" in ln for ln in lines[:len(C_GRID)])
