"""`enquete annotate rename-entity`: one registry id renamed in the registry, the gold and every pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DOC_ID, make_root, run_cli

from bench.annotation.rename import rename_entity, rename_references
from bench.annotation.validate import validate
from bench.errors import EnqueteError


def _with_pass(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    pass_root = root / "passes" / "b"
    (pass_root / "documents").mkdir(parents=True)
    shutil.copy(root / "documents" / f"{DOC_ID}.yaml", pass_root / "documents" / f"{DOC_ID}.yaml")
    shutil.copy(root / "registry.yaml", pass_root / "registry.yaml")
    return root


def _files(root: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))}


def test_rename_everywhere_touches_only_the_references(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = _with_pass(tmp_path)
    before = _files(root)
    code, out, err = run_cli(capsys, monkeypatch, "annotate", "rename-entity", "antony-blinken", "tony-blinken",
                             "--root", str(root))
    assert code == 0, err
    # per document: two entity mentions, one quote speaker, one event argument
    assert out.strip() == ("renamed antony-blinken -> tony-blinken: 8 reference(s) in 4 file(s); "
                           "run `enquete validate` and `enquete build`")
    for path, text in _files(root).items():
        if path.name == "stories.yaml":
            assert text == before[path]
        elif path.name == "registry.yaml":
            ids = [row["id"] for row in yaml.safe_load(text)]
            assert ids == ["emmanuel-macron", "paris", "tony-blinken"]  # re-sorted
        else:
            assert text == before[path].replace("antony-blinken", "tony-blinken")
            assert text.count("tony-blinken") == 4
    for r in (root, root / "passes" / "b"):
        assert validate(r, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl").errors == []


def test_rename_refuses_an_existing_id_unless_merge(tmp_path: Path) -> None:
    root = _with_pass(tmp_path)
    before = _files(root)
    with pytest.raises(EnqueteError, match="'emmanuel-macron' already exists; use --merge"):
        rename_entity(root, "antony-blinken", "emmanuel-macron")
    assert _files(root) == before  # nothing written anywhere
    reg = root / "registry.yaml"
    reg.write_text(reg.read_text(encoding="utf-8") + "- {id: ville-de-paris, name: Paris, label: GPE, aliases: [Lutetia]}\n",
                   encoding="utf-8")
    result = rename_entity(root, "ville-de-paris", "paris", merge=True)
    assert result.merged and result.references == 0
    rows = {row["id"]: row for row in yaml.safe_load(reg.read_text(encoding="utf-8"))}
    assert "ville-de-paris" not in rows and rows["paris"]["aliases"] == ["Lutetia"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("nobody", "somebody", "'nobody' does not exist"),
    ("paris", "Paris City", "is not a registry id"),
    ("paris", "paris", "the same id"),
])
def test_rename_refuses_bad_arguments_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch, old: str, new: str,
                                                 message: str) -> None:
    root = _with_pass(tmp_path)
    before = _files(root)
    code, _, err = run_cli(capsys, monkeypatch, "annotate", "rename-entity", old, new, "--root", str(root))
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert _files(root) == before


def test_rename_references_handles_quoted_ids_and_leaves_lookalikes() -> None:
    text = ('entities:\n- {id: T1, entity: "paris", text: Paris}\n- {id: T2, entity: paris-2, text: x}\n'
            'quotes:\n- speaker: paris  # the city\n  note: "entity: paris in a note"\n')
    new_text, n = rename_references(text, "paris", "paris-france")
    assert n == 2
    assert 'entity: "paris-france"' in new_text and "entity: paris-2" in new_text
    assert "speaker: paris-france  # the city" in new_text and '"entity: paris in a note"' in new_text
