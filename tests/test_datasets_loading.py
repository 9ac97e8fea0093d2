"""Loading the built corpus with 🤗 `datasets` returns the data on disk, typed as the card declares."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import datasets
import pytest
from conftest import DOC_YAML, REGISTRY, TEXT, make_root

from bench.dataset.build import build

PROJECT = Path(__file__).resolve().parent.parent


def test_tests_use_their_own_datasets_cache() -> None:
    cache = Path(datasets.config.HF_DATASETS_CACHE).resolve()
    assert not cache.is_relative_to(Path.home() / ".cache"), cache
    assert "enquete-tests-hf-" in str(cache)


def _load(corpus: Path, config: str, cache: Path) -> datasets.DatasetDict:
    return datasets.load_dataset(str(corpus.resolve()), config, cache_dir=str(cache))


def test_a_rebuilt_corpus_is_never_served_stale(tmp_path: Path) -> None:
    """Two checkouts, both with a folder called corpus, one edited and rebuilt: each loads its own rows."""
    cache = tmp_path / "hf-cache"
    first = tmp_path / "first"
    build(make_root(first), first / "corpus", pool_path=first / "pool.jsonl")
    assert len(_load(first / "corpus", "documents", cache)["test"][0]["entities"]) == 6
    assert sorted(_load(first / "corpus", "registry", cache)["train"]["id"])[0] == "antony-blinken"

    second = tmp_path / "second"  # a copy with an edited document and registry, rebuilt
    doc = DOC_YAML.replace("- {id: T6, label: CARDINAL, start: 66, end: 71, text: Three}\n", "")
    registry = REGISTRY.replace("aliases: [Macron]", "aliases: [Macron, President Macron]")
    build(make_root(second, doc, TEXT, registry), second / "corpus", pool_path=second / "pool.jsonl")
    rows = _load(second / "corpus", "documents", cache)["test"]
    assert [e["id"] for e in rows[0]["entities"]] == ["T1", "T2", "T3", "T4", "T5"]
    reg = {r["id"]: r["aliases"] for r in _load(second / "corpus", "registry", cache)["train"]}
    assert reg["emmanuel-macron"] == ["Macron", "President Macron"]

    # and the first checkout still gets its own data from the same cache
    assert len(_load(first / "corpus", "documents", cache)["test"][0]["entities"]) == 6


def test_the_card_puts_each_configs_data_hash_in_the_cache_key(corpus_dir: Path) -> None:
    card = (corpus_dir / "README.md").read_text(encoding="utf-8")
    head = card.split("---\n")[1]
    for config in ("documents", "registry", "tokens"):
        assert re.search(rf"config_name: {config}\n(  .*\n)*?  description: .*data sha256 [0-9a-f]{{16}}", head), config


def _check_type(value: Any, feature: Any, where: str) -> None:
    """``value`` is what ``feature`` declares (None allowed: every field is nullable in Arrow)."""
    if value is None:
        return
    if isinstance(feature, datasets.ClassLabel):
        assert isinstance(value, int) and 0 <= value < feature.num_classes, where
    elif isinstance(feature, datasets.Value):
        expected = {"string": str, "int32": int, "int64": int, "date32": datetime.date, "bool": bool}[feature.dtype]
        assert type(value) is expected, f"{where}: {value!r} is not {feature.dtype}"
    elif isinstance(feature, datasets.List):
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            _check_type(item, feature.feature, f"{where}[{i}]")
    elif isinstance(feature, dict):
        assert isinstance(value, dict) and set(value) == set(feature), where
        for key, sub in feature.items():
            _check_type(value[key], sub, f"{where}.{key}")
    else:
        raise AssertionError(f"{where}: unexpected feature {feature!r}")


@pytest.mark.parametrize("config", ["documents", "registry", "tokens"])
def test_every_field_is_typed_as_declared_and_equals_the_data_file(split_corpus: Path, config: str) -> None:
    ds = datasets.load_dataset(str(split_corpus.resolve()), config)
    for split, rows in ds.items():
        path = split_corpus / "data" / config / ("registry.jsonl" if config == "registry" else f"{split}.jsonl")
        on_disk = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == len(on_disk)
        for row, raw in zip(rows, on_disk, strict=True):
            _check_type(row, rows.features, f"{config}/{split}/{raw['id']}")
            if config == "documents":
                assert row["date"] == datetime.date.fromisoformat(raw["date"])  # not '2021-01-01 00:00:00'
                row, raw = {**row, "date": None}, {**raw, "date": None}
            assert row == raw


def _datasets_block() -> str:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    return next(b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if "load_dataset" in b)


def test_readme_loading_snippet_loads_by_absolute_path(split_corpus: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    block = _datasets_block()
    assert "resolve()" in block
    monkeypatch.chdir(split_corpus.parent)
    namespace: dict[str, Any] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert sorted(namespace["docs"]) == ["test", "train", "validation"]
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # outside the project: fails at once, never a cached "corpus"
    with pytest.raises(FileNotFoundError):
        exec(compile(block, "README.md", "exec"), {})


def test_card_shows_loading_by_absolute_path(corpus_dir: Path) -> None:
    card = (corpus_dir / "README.md").read_text(encoding="utf-8")
    assert 'load_dataset("path/to/corpus"' not in card
    assert "resolve()" in card
