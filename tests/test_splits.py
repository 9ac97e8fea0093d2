"""The split rule (rule-v1), ``enquete annotate assign-splits`` and new stories from ``annotate new``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import DOC_ID, make_root, run_cli

from bench.annotation.splits import StorySize, add_story, assign_splits, assign_story_splits, set_story_splits
from bench.dataset.build import build
from bench.errors import EnqueteError


def test_rule_places_each_story_where_the_share_is_furthest_below_target() -> None:
    sizes = {"a": StorySize(6, 600), "b": StorySize(2, 200), "new-1": StorySize(2, 100), "new-2": StorySize(2, 100)}
    # 6 train + 2 validation; with new-1's 2 documents test reaches 2/10 (on target), the others fall
    # 2 below -> test. Then with new-2 (12 documents): train 8/12 is 0.8 below 60%, the others 1.6 -> train.
    placed = assign_splits({"a": "train", "b": "validation", "new-1": None, "new-2": None}, sizes)
    assert placed == {"new-1": "test", "new-2": "train"}


def test_rule_ties_go_to_word_deficit_then_train_validation_test() -> None:
    assert assign_splits({"x": None}, {"x": StorySize(0, 0)}) == {"x": "train"}
    # validation and test equal on documents; test has fewer words -> test
    sizes = {"t": StorySize(7, 700), "v": StorySize(2, 300), "s": StorySize(2, 100), "new": StorySize(1, 10)}
    assert assign_splits({"t": "train", "v": "validation", "s": "test", "new": None}, sizes) == {"new": "test"}
    # equal words too -> validation (before test)
    sizes["s"] = StorySize(2, 300)
    assert assign_splits({"t": "train", "v": "validation", "s": "test", "new": None}, sizes) == {"new": "validation"}


def test_rule_processes_stories_in_sorted_order_and_never_moves_assigned_ones() -> None:
    splits: dict[str, str | None] = {"z-old": "test", "b-new": None, "a-new": None}
    sizes = {"z-old": StorySize(10, 1000), "a-new": StorySize(1, 1), "b-new": StorySize(1, 1)}
    placed = assign_splits(splits, sizes)
    assert "z-old" not in placed
    assert placed == {"a-new": "train", "b-new": "train"}


STORIES = """\
# header comment (kept)
old-story:
  split: test
  description: an old one
# --- batch 3 ---
new-b:
  description: second new story
new-a:
  split: null
  description: first new story
"""


def test_set_story_splits_keeps_comments_order_and_other_stories() -> None:
    out = set_story_splits(STORIES, {"new-a": "train", "new-b": "validation"})
    assert out.startswith("# header comment (kept)\nold-story:\n  split: test\n  description: an old one\n# --- batch 3")
    assert "new-b:\n  split: validation\n  assigned: rule-v1\n  description: second new story\n" in out
    assert "new-a:\n  split: train\n  assigned: rule-v1\n  description: first new story\n" in out
    assert yaml.safe_load(out)["old-story"] == {"split": "test", "description": "an old one"}


def test_add_story_appends_it_without_a_split() -> None:
    out = add_story(STORIES, "newer")
    assert yaml.safe_load(out)["newer"]["split"] is None
    assert out.startswith(STORIES)


def _root_with_new_story(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    (root / "stories.yaml").write_text("# comment\ns1:\n  description: no split yet\n", encoding="utf-8")
    return root


def test_assign_splits_command_writes_stories_yaml_and_is_idempotent(tmp_path: Path) -> None:
    root = _root_with_new_story(tmp_path)
    done = assign_story_splits(root)
    assert [(a.story, a.split, a.size.documents) for a in done] == [("s1", "train", 1)]
    text = (root / "stories.yaml").read_text(encoding="utf-8")
    assert text == "# comment\ns1:\n  split: train\n  assigned: rule-v1\n  description: no split yet\n"
    assert assign_story_splits(root) == []  # frozen: nothing left to place, nothing moves
    assert (root / "stories.yaml").read_text(encoding="utf-8") == text


def test_assign_splits_cli_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = _root_with_new_story(tmp_path)
    before = (root / "stories.yaml").read_text(encoding="utf-8")
    code, out, err = run_cli(capsys, monkeypatch, "annotate", "assign-splits", "--root", str(root), "--dry-run")
    assert code == 0 and "s1: train (1 documents" in out and "would assign 1 story" in err
    assert (root / "stories.yaml").read_text(encoding="utf-8") == before


def test_unassigned_story_warns_in_validate_and_blocks_the_build(tmp_path: Path) -> None:
    from bench.annotation.validate import validate

    root = _root_with_new_story(tmp_path)
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert result.errors == []
    missing = [i for i in result.warnings if i.check == "story-split-missing"]
    assert {i.doc for i in missing} == {"-", DOC_ID}
    with pytest.raises(EnqueteError, match="story-split-missing"):
        build(root, tmp_path / "corpus", pool_path=tmp_path / "pool.jsonl")
    assert not (tmp_path / "corpus").exists()


def test_annotate_new_adds_an_unknown_story_without_a_split(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root(tmp_path)
    pool = tmp_path / "pool.jsonl"
    row = {"id": "wn-20210102-other-doc", "title": "Other", "date": "2021-01-02", "publisher": "Wikinews",
           "source_url": "https://example.org/y", "license": "CC BY 2.5", "genre": "news", "origin": "x",
           "text": "Macron spoke."}
    pool.write_text(pool.read_text(encoding="utf-8") + json.dumps(row) + "\n", encoding="utf-8")
    monkeypatch.setenv("ENQUETE_POOL", str(pool))
    code, _, err = run_cli(capsys, monkeypatch, "annotate", "new", row["id"], "--story", "brand-new",
                           "--root", str(root))
    assert code == 0, err
    assert "added story brand-new" in err
    stories = yaml.safe_load((root / "stories.yaml").read_text(encoding="utf-8"))
    assert stories["brand-new"]["split"] is None and stories["s1"]["split"] == "test"
    assert assign_story_splits(root)[0].story == "brand-new"
