"""`enquete score` end to end: perfect self-score, and one test per bad-input case (clear error, exit 1,
no traceback, no output file)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DOC_ID


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bench.cli", *args], capture_output=True, text=True, cwd=cwd,
                          check=False)


def _gold_line(corpus_dir: Path) -> dict:
    return json.loads((corpus_dir / "data" / "documents" / "test.jsonl").read_text(encoding="utf-8").splitlines()[0])


def test_gold_as_predictions_scores_one_everywhere(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = _cli("score", str(corpus_dir), str(corpus_dir / "data" / "documents" / "test.jsonl"), "--output", str(out),
                "--bootstrap", "100")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    for layer in ("entities", "quotes", "events"):
        for block in result["scores"][layer].values():
            assert block.get("f1", block.get("accuracy")) in (1.0, None)
    assert result["corpus"]["hash"] and result["provenance"]["packages"]["numpy"]
    assert result["seqeval"]["entities"]["f1"] == 1.0
    assert "strict" in proc.stdout


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def _bad(corpus_dir: Path, tmp_path: Path, content: str | bytes, *extra: str) -> str:
    pred = _write(tmp_path, "pred.jsonl", content)
    out = tmp_path / "out.json"
    proc = _cli("score", str(corpus_dir), str(pred), "--output", str(out), *extra)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()
    return proc.stderr


def _entity(start: int, end: int, label: str = "PERSON") -> dict:
    return {"id": "T1", "start": start, "end": end, "label": label}


CASES = {
    "invalid-json": ('{"id": "x"\n', "pred.jsonl:1: invalid JSON"),
    "not-object": ('[1, 2]\n', "pred.jsonl:1: expected a JSON object"),
    "unknown-doc": ('{"id": "nope", "entities": []}\n', "pred.jsonl:1: unknown document id 'nope'"),
    "duplicate-doc": (f'{{"id": "{DOC_ID}", "entities": []}}\n{{"id": "{DOC_ID}", "entities": []}}\n',
                      "pred.jsonl:2: document"),
    "out-of-range": (json.dumps({"id": DOC_ID, "entities": [_entity(0, 10_000)]}) + "\n", "pred.jsonl:1: entity T1 offsets"),
    "inverted": (json.dumps({"id": DOC_ID, "entities": [_entity(7, 3)]}) + "\n", "not start < end"),
    "negative": (json.dumps({"id": DOC_ID, "entities": [_entity(-1, 3)]}) + "\n", "pred.jsonl:1"),
    "float-offset": (json.dumps({"id": DOC_ID, "entities": [{"start": 1.5, "end": 3, "label": "PERSON"}]}) + "\n",
                     "must be int"),
    "unknown-label": (json.dumps({"id": DOC_ID, "entities": [_entity(0, 7, "person")]}) + "\n",
                      "unknown label 'person' (labels are upper case)"),
    "unknown-role": (json.dumps({"id": DOC_ID, "events": [{"type": "MEET", "trigger": {"start": 8, "end": 11},
                                                           "arguments": [{"role": "VENUE", "start": 22, "end": 27}]}]})
                     + "\n", "unknown role 'VENUE'"),
    "duplicate-item-id": (json.dumps({"id": DOC_ID, "entities": [_entity(0, 7), _entity(12, 18)]}) + "\n",
                          "entities id 'T1' is used more than once"),
    "text-mismatch": (json.dumps({"id": DOC_ID, "entities": [{"start": 0, "end": 7, "text": "Blinkem",
                                                             "label": "PERSON"}]}) + "\n", "off-by-one"),
    "missing-doc": ("\n", "1 document(s) missing from the predictions"),
    "invalid-utf8": (b'{"id": "\xff"}\n', "pred.jsonl:1: not valid UTF-8"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_prediction_files(corpus_dir: Path, tmp_path: Path, case: str) -> None:
    content, expected = CASES[case]
    err = _bad(corpus_dir, tmp_path, content)
    assert expected in err, err


def test_allow_missing_scores_as_empty_and_says_so(corpus_dir: Path, tmp_path: Path) -> None:
    pred = _write(tmp_path, "pred.jsonl", "")
    out = tmp_path / "out.json"
    proc = _cli("score", str(corpus_dir), str(pred), "--output", str(out), "--allow-missing", "--layer", "entities")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["predictions"]["missing_documents"] == [DOC_ID]
    assert result["scores"]["entities"]["strict"]["recall"] == 0.0
    assert "warning" in proc.stdout


def test_bom_and_blank_lines_are_accepted(corpus_dir: Path, tmp_path: Path) -> None:
    line = json.dumps(_gold_line(corpus_dir), ensure_ascii=False)
    pred = _write(tmp_path, "pred.jsonl", ("\ufeff" + line + "\n\n").encode("utf-8"))
    proc = _cli("score", str(corpus_dir), str(pred), "--bootstrap", "0")
    assert proc.returncode == 0, proc.stderr


def test_compare_adds_paired_tests(corpus_dir: Path, tmp_path: Path) -> None:
    gold = corpus_dir / "data" / "documents" / "test.jsonl"
    empty = _write(tmp_path, "empty.jsonl", json.dumps({"id": DOC_ID, "entities": []}) + "\n")
    out = tmp_path / "cmp.json"
    proc = _cli("score", str(corpus_dir), str(gold), "--compare", str(empty), "--output", str(out),
                "--layer", "entities", "--bootstrap", "200")
    assert proc.returncode == 0, proc.stderr
    comp = json.loads(out.read_text(encoding="utf-8"))["comparison"]["entities"]["strict"]
    assert comp["delta"] == 1.0 and 0 < comp["p_randomization"] <= 1 and 0 < comp["p_bootstrap"] <= 1
