"""Human review round trip: `enquete review export` to brat, edit the .ann, `enquete review import` back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from conftest import DOC_ID, DOC_YAML, make_root, run_cli

from bench.annotation.validate import validate

# a note brat has no field for: it must survive the round trip
NOTED = DOC_YAML.replace("  trigger: {start: 8, end: 11, text: met}\n",
                         "  trigger: {start: 8, end: 11, text: met}\n  note: \"a doubt for the adjudicator\"\n")


def _export(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            doc_yaml: str = NOTED) -> tuple[Path, Path]:
    root = make_root(tmp_path, doc_yaml)
    out = tmp_path / "review"
    code, _, err = run_cli(capsys, monkeypatch, "review", "export", DOC_ID, "--out", str(out), "--root", str(root))
    assert code == 0, err
    assert {p.name for p in out.iterdir()} == {f"{DOC_ID}.txt", f"{DOC_ID}.ann", "annotation.conf", "visual.conf"}
    return root, out


def _edit_ann(out: Path, edit: callable) -> None:  # type: ignore[valid-type]
    ann = out / f"{DOC_ID}.ann"
    ann.write_text("".join(edit(line) for line in ann.read_text(encoding="utf-8").splitlines(keepends=True)),
                   encoding="utf-8")


def test_round_trip_with_edits_shows_the_diff_and_writes_review_human(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = _export(tmp_path, capsys, monkeypatch)

    def edit(line: str) -> str:
        if line.startswith("T3\tGPE 22 27\t"):  # Paris: GPE -> LOC
            return line.replace("\tGPE ", "\tLOC ")
        if line.startswith("T6\t") or (line.startswith("#") and "AnnotatorNotes T6\t" in line):  # delete "Three"
            return ""
        return line

    _edit_ann(out, edit)
    code, stdout, err = run_cli(capsys, monkeypatch, "review", "import", DOC_ID, str(out), "--root", str(root))
    assert code == 0, err
    assert "~ entity T3 GPE 'Paris' [22, 27): label GPE → LOC" in stdout
    assert "- entity T6 CARDINAL 'Three' [66, 71): removed" in stdout
    assert "~ document: review none → human" in stdout
    assert "kept from the current YAML (brat has no place for them): note on 1 item(s)" in stdout
    data = yaml.safe_load((root / "documents" / f"{DOC_ID}.yaml").read_text(encoding="utf-8"))
    assert data["review"] == "human"
    assert [e["id"] for e in data["entities"]] == ["T1", "T2", "T3", "T4", "T5"]
    assert data["entities"][2]["label"] == "LOC"
    assert data["events"][0]["note"] == "a doubt for the adjudicator"  # brat cannot hold it: carried over
    assert data["quotes"][0]["speaker"] == "antony-blinken"  # carried through brat's AnnotatorNotes
    result = validate(root, project_root=tmp_path, pool_path=tmp_path / "pool.jsonl")
    assert result.errors == []
    assert {i.check for i in result.warnings} == {"registry-label-mismatch"}


def test_unedited_round_trip_changes_only_the_review_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = _export(tmp_path, capsys, monkeypatch)
    before = validate(root, project_root=tmp_path).documents[0].document
    code, stdout, _ = run_cli(capsys, monkeypatch, "review", "import", DOC_ID, str(out), "--root", str(root))
    assert code == 0
    assert stdout.splitlines()[0] == "~ document: review none → human"
    after = validate(root, project_root=tmp_path).documents[0].document
    assert after == dataclasses.replace(before, review="human")


# gold documents with the hard cases: `speaker: ""`, twin quotes with one content (relayed sources)
HARD_GOLD = ("seed-20211007-blinken-paris-visit-after-aukus",
             "state-20220211-secretary-antony-j-blinken-and-australian-foreign",
             "wn-20150821-north-korea-puts-military-in-quasi-state-of-war")


def test_gold_documents_round_trip_byte_for_byte(tmp_path: Path) -> None:
    """On real gold (a copy): export + import without edits changes nothing but the review line.

    (Run over all 54 documents when this was written; three hard cases here to keep the suite fast.)
    """
    import shutil

    from bench.report.review import export_review, import_review

    gold = Path(__file__).resolve().parent.parent / "annotations"
    root = tmp_path / "annotations"
    shutil.copytree(gold, root, ignore=shutil.ignore_patterns("passes"))
    for path in [root / "documents" / f"{d}.yaml" for d in HARD_GOLD if (root / "documents" / f"{d}.yaml").is_file()]:
        before = path.read_text(encoding="utf-8")
        if "\nreview:" in before:
            continue
        export_review(root, path.stem, tmp_path / "brat")
        result = import_review(root, path.stem, tmp_path / "brat")
        assert result.changes == ("~ document: review none → human",), path.stem
        assert result.ignored == ()
        assert path.read_text(encoding="utf-8") == before.replace("\nstatus: done\n", "\nstatus: done\nreview: human\n", 1)


def test_text_mismatch_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = _export(tmp_path, capsys, monkeypatch)
    txt = out / f"{DOC_ID}.txt"
    txt.write_text(txt.read_text(encoding="utf-8").replace("Tuesday", "Monday!"), encoding="utf-8")
    before = (root / "documents" / f"{DOC_ID}.yaml").read_text(encoding="utf-8")
    code, stdout, err = run_cli(capsys, monkeypatch, "review", "import", DOC_ID, str(out), "--root", str(root))
    assert code == 1 and stdout == ""
    assert err.startswith("error: ") and "text differs" in err and "at offset 31" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert (root / "documents" / f"{DOC_ID}.yaml").read_text(encoding="utf-8") == before


def test_what_brat_has_but_enquete_cannot_use_is_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = _export(tmp_path, capsys, monkeypatch)
    ann = out / f"{DOC_ID}.ann"
    ann.write_text(ann.read_text(encoding="utf-8") + "R99\tFriendOf Arg1:T1 Arg2:T2\n", encoding="utf-8")
    code, stdout, _ = run_cli(capsys, monkeypatch, "review", "import", DOC_ID, str(out), "--root", str(root),
                              "--dry-run")
    assert code == 0
    assert "ignored (no place for it in Enquête): R99 FriendOf Arg1:T1 Arg2:T2" in stdout


def test_an_invalid_review_is_not_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = _export(tmp_path, capsys, monkeypatch)
    # an entity added in brat without its registry id (an AnnotatorNotes {"entity": ...}) is name-unlinked
    ann = out / f"{DOC_ID}.ann"
    ann.write_text(ann.read_text(encoding="utf-8") + "T99\tPERSON 75 84\tofficials\n", encoding="utf-8")
    before = (root / "documents" / f"{DOC_ID}.yaml").read_text(encoding="utf-8")
    code, _, err = run_cli(capsys, monkeypatch, "review", "import", DOC_ID, str(out), "--root", str(root))
    assert code == 1 and "name-unlinked" in err and "not written" in err
    assert (root / "documents" / f"{DOC_ID}.yaml").read_text(encoding="utf-8") == before
