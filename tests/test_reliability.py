"""Hostile inputs: every bad file, config or argument is one clear line naming file, line and problem,
exit status 1, never a traceback (issue 6). One test per case.

Most cases run the real console entry point (``bench.cli.main``) in-process, so they stay fast; a few
run it in a subprocess to check the exit status end to end. Large files are generated in ``tmp_path``
(a sparse file for the 1 GB case) and never committed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import DOC_ID, TEXT, make_root, run_cli

from bench.dataset.build import build
from bench.dataset.corpus import load_corpus
from bench.errors import EnqueteError, InputError
from bench.io import MAX_LINE_BYTES, iter_jsonl
from bench.run.predictions import load_predictions
from bench.types import prediction_from_dict

# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("reliability")
    root = make_root(base)
    out = base / "corpus"
    build(root, out, pool_path=base / "pool.jsonl")
    return out


@pytest.fixture(scope="module")
def gold_line(corpus_dir: Path) -> dict[str, Any]:
    return json.loads((corpus_dir / "data" / "documents" / "test.jsonl").read_text(encoding="utf-8").splitlines()[0])


def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """Run ``enquete ARGS`` through the console entry point in-process: (exit status, stdout, stderr)."""
    return run_cli(capsys, monkeypatch, *args)


def one_line_error(code: int, err: str, *needles: str) -> str:
    assert code == 1, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def line(**fields: Any) -> str:
    return json.dumps({"id": DOC_ID, **fields}) + "\n"


def ent(start: Any, end: Any, label: str = "PERSON", **extra: Any) -> dict[str, Any]:
    return {"id": "T1", "start": start, "end": end, "label": label, **extra}


Score = Callable[..., tuple[int, str, str]]


@pytest.fixture()
def score_bad(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
              monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """Write CONTENT as pred.jsonl, score it, assert one error line, exit 1, no output; return the line."""

    def run(content: str | bytes, *needles: str, extra: tuple[str, ...] = ()) -> str:
        pred = write(tmp_path / "pred.jsonl", content)
        out = tmp_path / "out.json"
        code, _, err = cli(capsys, monkeypatch, "score", str(corpus_dir), str(pred), "--output", str(out),
                           "--bootstrap", "10", *extra)
        assert not out.exists()
        return one_line_error(code, err, *needles)

    return run


@pytest.fixture()
def score_ok(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> Callable[..., dict[str, Any]]:
    def run(content: str | bytes, *extra: str) -> dict[str, Any]:
        pred = write(tmp_path / "pred.jsonl", content)
        out = tmp_path / "out.json"
        code, _, err = cli(capsys, monkeypatch, "score", str(corpus_dir), str(pred), "--output", str(out),
                           "--bootstrap", "10", *extra)
        assert code == 0, err
        return json.loads(out.read_text(encoding="utf-8"))

    return run


# --------------------------------------------------------------------------------------------------
# encodings and line structure
# --------------------------------------------------------------------------------------------------


def test_utf8_without_bom_is_accepted(score_ok: Callable[..., dict[str, Any]], gold_line: dict[str, Any]) -> None:
    r = score_ok(json.dumps(gold_line, ensure_ascii=False) + "\n")
    assert r["scores"]["entities"]["strict"]["f1"] == 1.0


def test_utf8_with_bom_is_accepted(score_ok: Callable[..., dict[str, Any]], gold_line: dict[str, Any]) -> None:
    r = score_ok(b"\xef\xbb\xbf" + (json.dumps(gold_line, ensure_ascii=False) + "\n").encode("utf-8"))
    assert r["scores"]["entities"]["strict"]["f1"] == 1.0


def test_invalid_utf8(score_bad: Callable[..., str]) -> None:
    score_bad(b'{"id": "caf\xe9"}\n', "pred.jsonl:1:", "not valid UTF-8")


def test_utf16_is_named(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[]).encode("utf-16"), "pred.jsonl:1:", "UTF-16")


def test_empty_file(score_bad: Callable[..., str]) -> None:
    score_bad("", "pred.jsonl:", "1 document(s) missing")


def test_blank_lines_are_skipped(score_ok: Callable[..., dict[str, Any]], gold_line: dict[str, Any]) -> None:
    r = score_ok("\n  \n" + json.dumps(gold_line) + "\n\r\n\t\n")
    assert r["scores"]["entities"]["strict"]["f1"] == 1.0


def test_crlf_line_endings_are_accepted(score_ok: Callable[..., dict[str, Any]], gold_line: dict[str, Any]) -> None:
    r = score_ok(json.dumps(gold_line) + "\r\n")
    assert r["scores"]["entities"]["strict"]["f1"] == 1.0


def test_truncated_last_line(score_bad: Callable[..., str], gold_line: dict[str, Any]) -> None:
    text = json.dumps(gold_line)
    score_bad("\n" + text[: len(text) // 2], "pred.jsonl:2:", "invalid JSON", "truncated last line?")


def test_json_array_is_not_an_object(score_bad: Callable[..., str]) -> None:
    score_bad('[{"id": "x"}]\n', "pred.jsonl:1:", "expected a JSON object, got list")


def test_json_scalar_is_not_an_object(score_bad: Callable[..., str]) -> None:
    score_bad('"wn-20210101-test-doc"\n', "pred.jsonl:1:", "expected a JSON object, got str")


def test_deeply_nested_json(score_bad: Callable[..., str]) -> None:
    score_bad('{"id": "x", "entities": ' + "[" * 100_000 + "]" * 100_000 + "}\n", "pred.jsonl:1:", "invalid JSON")


def test_integer_with_thousands_of_digits(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[]).replace('"entities": []', '"entities": [{"start": ' + "9" * 5000 + ', "end": 3}]'),
              "pred.jsonl:1:", "invalid JSON")


# --------------------------------------------------------------------------------------------------
# wrong field types
# --------------------------------------------------------------------------------------------------


def test_document_id_not_a_string(score_bad: Callable[..., str]) -> None:
    score_bad('{"id": 7, "entities": []}\n', "pred.jsonl:1", "'id' must be str")


def test_layer_not_a_list(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities={"T1": {}}), "pred.jsonl:1", "'entities' must be a list")


def test_entity_not_an_object(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=["Blinken"]), "pred.jsonl:1", "an entity must be an object")


def test_label_not_a_string(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(0, 7, label=3)]), "pred.jsonl:1", "'label' must be str")  # type: ignore[arg-type]


def test_offset_as_string(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent("0", 7)]), "pred.jsonl:1", "'start' must be int")


def test_offset_as_boolean(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(True, 7)]), "pred.jsonl:1", "'start' must be an integer")


def test_item_id_as_object(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[{**ent(0, 7), "id": {"x": 1}}]), "pred.jsonl:1", "'id' must be a string")


def test_quote_content_not_a_list(score_bad: Callable[..., str]) -> None:
    score_bad(line(quotes=[{"type": "DIRECT", "content": {"start": 40, "end": 51}}]), "pred.jsonl:1",
              "'content' must be a list")


def test_event_trigger_not_a_span(score_bad: Callable[..., str]) -> None:
    score_bad(line(events=[{"type": "MEET", "trigger": "met"}]), "pred.jsonl:1", "a span must be an object")


def test_event_realis_as_list(score_bad: Callable[..., str]) -> None:
    score_bad(line(events=[{"type": "MEET", "trigger": {"start": 8, "end": 11}, "realis": ["ACTUAL"]}]),
              "pred.jsonl:1", "'realis' must be a string")


# --------------------------------------------------------------------------------------------------
# offsets
# --------------------------------------------------------------------------------------------------


def test_negative_offset(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(-1, 7)]), "pred.jsonl:1:", "offsets [-1, 7)")


def test_float_offset(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(0.0, 7)]), "pred.jsonl:1", "'start' must be int")


def test_nan_offset(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(float("nan"), 7)]),
              "pred.jsonl:1", "'start' must be int")


def test_huge_offset(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(0, 10**30)]), "pred.jsonl:1:", "outside document")


def test_start_equals_end(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(7, 7)]), "pred.jsonl:1:", "not start < end")


def test_start_after_end(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(7, 3)]), "pred.jsonl:1:", "not start < end")


def test_span_past_the_text(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(len(TEXT) - 3, len(TEXT) + 1)]), "pred.jsonl:1:", f"(length {len(TEXT)})")


def test_argument_span_past_the_text(score_bad: Callable[..., str]) -> None:
    ev = {"type": "MEET", "trigger": {"start": 8, "end": 11},
          "arguments": [{"role": "PLACE", "start": 22, "end": len(TEXT) + 5}]}
    score_bad(line(events=[ev]), "pred.jsonl:1:", "event ? argument PLACE offsets")


def test_off_by_one_text(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(1, 8, text="Blinken")]), "pred.jsonl:1:", "off-by-one")


# --------------------------------------------------------------------------------------------------
# labels, ids, documents
# --------------------------------------------------------------------------------------------------


def test_label_in_lower_case(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(0, 7, "person")]), "pred.jsonl:1:", "unknown label 'person' (labels are upper case)")


def test_event_type_in_wrong_case(score_bad: Callable[..., str]) -> None:
    score_bad(line(events=[{"type": "Meet", "trigger": {"start": 8, "end": 11}}]), "pred.jsonl:1:",
              "unknown type 'Meet'")


def test_duplicate_document_ids(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[]) + line(entities=[]), "pred.jsonl:2:", "appears twice", "first at")


def test_duplicate_item_ids(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[ent(0, 7), ent(12, 18)]), "pred.jsonl:1:", "'T1' is used more than once")


def test_unknown_document(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[]) + '{"id": "no-such-doc"}\n', "pred.jsonl:2:", "unknown document id 'no-such-doc'")


def test_missing_document(score_bad: Callable[..., str]) -> None:
    score_bad("\n", "pred.jsonl:", "missing from the predictions", "--allow-missing")


# --------------------------------------------------------------------------------------------------
# corpus version
# --------------------------------------------------------------------------------------------------


def test_corpus_hash_on_a_line_must_match(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[], corpus_hash="0123456789abcdef"), "pred.jsonl:1:",
              "corpus version 0123456789abcdef", "re-run")


def test_corpus_hash_must_be_a_string(score_bad: Callable[..., str]) -> None:
    score_bad(line(entities=[], corpus_hash=12), "pred.jsonl:1:", "'corpus_hash' must be a string")


def test_matching_corpus_hash_is_accepted(score_ok: Callable[..., dict[str, Any]], corpus_dir: Path) -> None:
    version = load_corpus(corpus_dir).hash
    r = score_ok(line(entities=[], corpus_hash=version))
    assert r["corpus"]["hash"] == version


def test_sibling_run_results_of_another_corpus_version(score_bad: Callable[..., str], tmp_path: Path) -> None:
    write(tmp_path / "results.json", json.dumps({"kind": "enquete-run", "corpus": {"hash": "ffffffffffffffff"}}))
    score_bad(line(entities=[]), "pred.jsonl", "made on corpus version ffffffffffffffff", "results.json")


def test_corrupt_sibling_results_file(score_bad: Callable[..., str], tmp_path: Path) -> None:
    write(tmp_path / "results.json", '{"kind": "enquete-run", "corpus": ')
    score_bad(line(entities=[]), "results.json:1: invalid JSON")


# --------------------------------------------------------------------------------------------------
# large files: streamed, bounded memory
# --------------------------------------------------------------------------------------------------


def _peak(fn: Callable[[], object]) -> tuple[object, int]:
    tracemalloc.start()
    try:
        value = fn()
        return value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_one_gigabyte_sparse_file_fails_fast_with_bounded_memory(corpus_dir: Path, tmp_path: Path) -> None:
    """A 1 GiB file whose second "line" is a 1 GiB hole of NUL bytes (sparse: no disk used)."""
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as fh:
        fh.write(line(entities=[]).encode())
        fh.truncate(1 << 30)
    docs = load_corpus(corpus_dir).split("test")

    def load() -> object:
        with pytest.raises(InputError) as info:
            load_predictions(path, docs)
        return str(info.value)

    msg, peak = _peak(load)
    assert f"huge.jsonl:2: line is longer than {MAX_LINE_BYTES:,} bytes" in str(msg)
    assert peak < 2 * MAX_LINE_BYTES + (16 << 20), peak  # one line at most, never the file
    path.unlink()


def test_large_file_is_streamed_with_bounded_memory(corpus_dir: Path, gold_line: dict[str, Any],
                                                    tmp_path: Path) -> None:
    """256 MiB of valid JSONL (one prediction, then 1 MiB blank lines): peak memory stays ~ one line."""
    path = tmp_path / "big.jsonl"
    pad = (b" " * ((1 << 20) - 1)) + b"\n"
    with path.open("wb") as fh:
        fh.write((json.dumps(gold_line) + "\n").encode())
        for _ in range(256):
            fh.write(pad)
    assert path.stat().st_size > 256 << 20
    docs = load_corpus(corpus_dir).split("test")
    result, peak = _peak(lambda: load_predictions(path, docs))
    assert list(result.by_id) == [DOC_ID]  # type: ignore[attr-defined]
    assert peak < 16 << 20, peak
    path.unlink()


def test_iter_jsonl_streams_lazily(tmp_path: Path) -> None:
    """The reader yields the first line before looking at the (bad) second one."""
    path = write(tmp_path / "p.jsonl", line(entities=[]) + "not json\n")
    it = iter_jsonl(path, prediction_from_dict)
    assert next(it).id == DOC_ID
    with pytest.raises(InputError, match=r"p\.jsonl:2: invalid JSON"):
        next(it)


# --------------------------------------------------------------------------------------------------
# annotation files and the gold corpus
# --------------------------------------------------------------------------------------------------


def _doc_yaml(root: Path) -> Path:
    return root / "documents" / f"{DOC_ID}.yaml"


def test_annotation_file_invalid_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root(tmp_path)
    _doc_yaml(root).write_bytes(_doc_yaml(root).read_bytes().replace(b"Test doc", b"Test d\xf6c"))
    code, out, err = cli(capsys, monkeypatch, "validate", str(root), "--pool", str(tmp_path / "pool.jsonl"))
    assert code == 1 and "Traceback" not in err
    assert f"{DOC_ID}" in out and "UTF-8" in out


def test_annotation_file_with_bom_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root(tmp_path)
    _doc_yaml(root).write_bytes(b"\xef\xbb\xbf" + _doc_yaml(root).read_bytes())
    code, _, err = cli(capsys, monkeypatch, "validate", str(root), "--pool", str(tmp_path / "pool.jsonl"))
    assert code == 0, err


def test_annotation_file_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root(tmp_path)
    _doc_yaml(root).write_text("", encoding="utf-8")
    code, out, err = cli(capsys, monkeypatch, "validate", str(root), "--pool", str(tmp_path / "pool.jsonl"))
    assert code == 1 and "Traceback" not in err and DOC_ID in out


def test_annotation_file_not_a_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root(tmp_path)
    _doc_yaml(root).write_text("- just\n- a list\n", encoding="utf-8")
    code, out, err = cli(capsys, monkeypatch, "validate", str(root), "--pool", str(tmp_path / "pool.jsonl"))
    assert code == 1 and "Traceback" not in err and DOC_ID in out


def test_annotation_yaml_syntax_error_names_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root(tmp_path)
    _doc_yaml(root).write_text("id: [unclosed\n", encoding="utf-8")
    code, out, err = cli(capsys, monkeypatch, "validate", str(root), "--pool", str(tmp_path / "pool.jsonl"))
    assert code == 1 and "Traceback" not in err and "yaml-syntax" in out and f"{DOC_ID}.yaml:2: invalid YAML" in out


def test_scoring_against_invalid_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root(tmp_path)
    _doc_yaml(root).write_text("id: [unclosed\n", encoding="utf-8")
    pred = write(tmp_path / "p.jsonl", line(entities=[]))
    code, _, err = cli(capsys, monkeypatch, "score", str(root), str(pred))
    one_line_error(code, err, "annotations do not validate")


def test_corrupt_gold_corpus_file(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    gold = write(tmp_path / "gold.jsonl", '{"id": "d1", "text": 5}\n')
    pred = write(tmp_path / "p.jsonl", "")
    code, _, err = cli(capsys, monkeypatch, "score", str(gold), str(pred))
    one_line_error(code, err, "gold.jsonl:1", "'text' must be str")


# --------------------------------------------------------------------------------------------------
# results files
# --------------------------------------------------------------------------------------------------


def test_leaderboard_with_corrupt_results_file(corpus_dir: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    results = tmp_path / "results"
    write_to = results / "x.v1" / "test" / "results.json"
    write_to.parent.mkdir(parents=True)
    write(write_to, b'{"kind": "enquete-run", \xff')
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(capsys, monkeypatch, "leaderboard", "--results", str(results), "--corpus", str(corpus_dir))
    one_line_error(code, err, "results.json", "not valid UTF-8")
    assert not (tmp_path / "LEADERBOARD.md").exists()


def test_leaderboard_with_incomplete_results_file(corpus_dir: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    results = tmp_path / "results"
    path = results / "x.v1" / "test" / "results.json"
    path.parent.mkdir(parents=True)
    write(path, json.dumps({"kind": "enquete-run", "extractor": {}}))
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(capsys, monkeypatch, "leaderboard", "--results", str(results), "--corpus", str(corpus_dir))
    one_line_error(code, err, "results.json", "not a complete `enquete run` results file")


# --------------------------------------------------------------------------------------------------
# config and CLI arguments
# --------------------------------------------------------------------------------------------------


def test_config_without_equals(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli(capsys, monkeypatch, "run", "rules.v1", "--corpus", str(corpus_dir),
                       "--results", str(tmp_path), "--config", "verbose")
    one_line_error(code, err, "--config takes key=value")


def test_config_unknown_option(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli(capsys, monkeypatch, "run", "rules.v1", "--corpus", str(corpus_dir),
                       "--results", str(tmp_path), "--config", "temperature=0.5")
    one_line_error(code, err, "unknown option(s) temperature", "accepted: corpus")


def test_config_value_that_breaks_a_plugin_constructor() -> None:
    from bench.run.extractors import create

    with pytest.raises(EnqueteError, match="cannot create the extractor"):
        create("fractions:Fraction", {"numerator": "not a number"})


def test_unknown_extractor(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli(capsys, monkeypatch, "run", "rule.v1", "--corpus", str(corpus_dir), "--results", str(tmp_path))
    one_line_error(code, err, "unknown extractor 'rule.v1'", "did you mean 'rules.v1'")


def test_nonexistent_gold_path(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    pred = write(tmp_path / "p.jsonl", "")
    code, _, err = cli(capsys, monkeypatch, "score", str(tmp_path / "nope"), str(pred))
    one_line_error(code, err, "nope: not a corpus folder")


def test_nonexistent_prediction_path(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli(capsys, monkeypatch, "score", str(corpus_dir), str(tmp_path / "nope.jsonl"))
    one_line_error(code, err, "nope.jsonl: no such file")


def test_prediction_path_is_a_folder(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli(capsys, monkeypatch, "score", str(corpus_dir), str(tmp_path))
    one_line_error(code, err, "not a file")


def test_unknown_split(score_bad: Callable[..., str], gold_line: dict[str, Any]) -> None:
    score_bad(json.dumps(gold_line) + "\n", "unknown split 'dev'", extra=("--split", "dev"))


def test_negative_bootstrap(score_bad: Callable[..., str], gold_line: dict[str, Any]) -> None:
    score_bad(json.dumps(gold_line) + "\n", "--bootstrap must be 0", extra=("--bootstrap", "-5"))


def test_quote_threshold_out_of_range(score_bad: Callable[..., str], gold_line: dict[str, Any]) -> None:
    score_bad(json.dumps(gold_line) + "\n", "--quote-threshold must be in (0, 1]", extra=("--quote-threshold", "2"))


def test_unknown_layer(score_bad: Callable[..., str], gold_line: dict[str, Any]) -> None:
    score_bad(json.dumps(gold_line) + "\n", "unknown layer(s) entity", extra=("--layer", "entity"))


def test_output_is_a_folder(corpus_dir: Path, gold_line: dict[str, Any], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    pred = write(tmp_path / "p.jsonl", json.dumps(gold_line) + "\n")
    (tmp_path / "out").mkdir()
    code, _, err = cli(capsys, monkeypatch, "score", str(corpus_dir), str(pred), "--output", str(tmp_path / "out"),
                       "--bootstrap", "0")
    one_line_error(code, err, "cannot write")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_run_unknown_split(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = cli(capsys, monkeypatch, "run", "rules.v1", "--corpus", str(corpus_dir), "--split", "dev",
                       "--results", str(tmp_path))
    one_line_error(code, err, "unknown split 'dev'", "known splits: train, validation, test")


def test_exit_status_in_a_real_process(corpus_dir: Path, tmp_path: Path) -> None:
    """End to end through the installed entry point: exit 1, one line on stderr, nothing on stdout."""
    pred = write(tmp_path / "p.jsonl", line(entities=[ent(-4, 2)]))
    proc = subprocess.run([sys.executable, "-c", "from bench.cli import main; main()", "score", str(corpus_dir),
                           str(pred)], capture_output=True, text=True, check=False)
    one_line_error(proc.returncode, proc.stderr, "p.jsonl:1:", "offsets [-4, 2)")
    assert proc.stdout == ""


def test_annotation_yaml_nested_too_deeply(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root(tmp_path)
    _doc_yaml(root).write_text("id: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code, out, err = cli(capsys, monkeypatch, "validate", str(root), "--pool", str(tmp_path / "pool.jsonl"))
    assert code == 1 and "Traceback" not in err and "nested too deeply" in out


# --------------------------------------------------------------------------------------------------
# atomic outputs: an interrupted or failing writer leaves the previous good file intact
# --------------------------------------------------------------------------------------------------

_SLOW_JSONL = """
import sys, time
from bench.io import atomic_write_jsonl
def rows():
    yield {"id": "new-1"}
    print("ready", flush=True)
    time.sleep(60)
    yield {"id": "new-2"}
atomic_write_jsonl(sys.argv[1], rows())
"""

_SLOW_DIR = """
import sys, time
from pathlib import Path
from bench.io import replace_dir
def fill(tmp):
    (tmp / "data.jsonl").write_text("half", encoding="utf-8")
    print("ready", flush=True)
    time.sleep(60)
replace_dir(Path(sys.argv[1]), fill)
"""


def _interrupt(script: str, target: Path) -> subprocess.CompletedProcess[str]:
    """Run SCRIPT on TARGET, send SIGINT once it is mid-write, return the finished process."""
    import signal

    proc = subprocess.Popen([sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_sigint_during_file_write_keeps_previous_file(tmp_path: Path) -> None:
    target = write(tmp_path / "predictions.jsonl", '{"id": "old"}\n')
    proc = _interrupt(_SLOW_JSONL, target)
    assert proc.returncode != 0 and "KeyboardInterrupt" in proc.stderr
    assert target.read_text(encoding="utf-8") == '{"id": "old"}\n'
    assert _leftovers(tmp_path) == []


def test_sigint_during_folder_build_keeps_previous_folder(tmp_path: Path) -> None:
    target = tmp_path / "corpus"
    target.mkdir()
    write(target / "data.jsonl", "previous good build\n")
    proc = _interrupt(_SLOW_DIR, target)
    assert proc.returncode != 0 and "KeyboardInterrupt" in proc.stderr
    assert [p.name for p in target.iterdir()] == ["data.jsonl"]
    assert (target / "data.jsonl").read_text(encoding="utf-8") == "previous good build\n"
    assert _leftovers(tmp_path) == []


def test_exception_inside_file_writer_keeps_previous_file(tmp_path: Path) -> None:
    from bench.io import atomic_write_jsonl

    target = write(tmp_path / "results.jsonl", '{"id": "old"}\n')

    def rows():  # type: ignore[no-untyped-def]
        yield {"id": "new"}
        raise RuntimeError("writer crashed")

    with pytest.raises(RuntimeError, match="writer crashed"):
        atomic_write_jsonl(target, rows())
    assert target.read_text(encoding="utf-8") == '{"id": "old"}\n'
    assert _leftovers(tmp_path) == []


def test_exception_inside_folder_build_keeps_previous_folder(tmp_path: Path) -> None:
    from bench.io import replace_dir

    target = tmp_path / "export"
    target.mkdir()
    write(target / "a.txt", "old")

    def fill(tmp: Path) -> None:
        write(tmp / "a.txt", "new")
        raise RuntimeError("exporter crashed")

    with pytest.raises(RuntimeError, match="exporter crashed"):
        replace_dir(target, fill)
    assert (target / "a.txt").read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_failed_build_keeps_previous_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    before = {p.relative_to(corpus_dir): p.read_bytes() for p in corpus_dir.rglob("*") if p.is_file()}
    root = make_root(tmp_path)
    _doc_yaml(root).write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(EnqueteError, match="validation error"):
        build(root, corpus_dir, pool_path=tmp_path / "pool.jsonl")
    after = {p.relative_to(corpus_dir): p.read_bytes() for p in corpus_dir.rglob("*") if p.is_file()}
    assert after == before


class Flaky:
    """A plug-in extractor (``test_reliability:Flaky``) that finds nothing, or fails when told to."""

    name = "flaky.v1"
    provides = ("entities",)

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail

    def config(self) -> dict[str, Any]:
        return {"fail": self.fail}

    def predict(self, documents: Any) -> list[Any]:
        from bench.types import Prediction

        if self.fail:
            raise RuntimeError("model crashed")
        return [Prediction(d.id, entities=()) for d in documents]


def test_failed_run_keeps_previous_results(corpus_dir: Path, tmp_path: Path) -> None:
    from bench.run.runner import run

    good = run("test_reliability:Flaky", corpus_dir, "test", results_dir=tmp_path, n_boot=0)
    before = (good.predictions_path.read_bytes(), good.results_path.read_bytes())
    with pytest.raises(EnqueteError, match="model crashed"):
        run("test_reliability:Flaky", corpus_dir, "test", config={"fail": True}, results_dir=tmp_path, n_boot=0)
    assert (good.predictions_path.read_bytes(), good.results_path.read_bytes()) == before
    assert _leftovers(good.results_path.parent) == []


# --------------------------------------------------------------------------------------------------
# safety (SECURITY.md)
# --------------------------------------------------------------------------------------------------

PROJECT = Path(__file__).resolve().parent.parent


def test_no_unsafe_deserialisation_or_eval_in_sources() -> None:
    import re

    banned = re.compile(r"\bpickle\b|\beval\(|\bexec\(|yaml\.unsafe_load|yaml\.full_load|allow_pickle=True|"
                        r"\bmarshal\b|\bshelve\b|\bjoblib\b|\bdill\b")
    found = []
    for path in sorted([*PROJECT.glob("bench/**/*.py"), *PROJECT.glob("baselines/**/*.py")]):
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = text.split("#", 1)[0]
            if banned.search(code) and "never pickle" not in code:
                found.append(f"{path.relative_to(PROJECT)}:{n}: {text.strip()}")
            if "yaml.load(" in code and "SafeLoader" not in code and "_LineLoader" not in code:
                found.append(f"{path.relative_to(PROJECT)}:{n}: {text.strip()}")
    assert not found, found


def test_extractor_names_resolve_only_to_registry_or_module_class() -> None:
    from bench.run.extractors import EXTRACTORS, resolve_target

    assert resolve_target("rules.v1") == tuple(EXTRACTORS["rules.v1"].target.split(":"))
    for name in ("os.system", "rules", "__import__('os')", "baselines.rules.RulesExtractor"):
        with pytest.raises(EnqueteError, match="unknown extractor"):
            resolve_target(name)


def test_offline_baseline_opens_no_network_connection(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from bench.run.extractors import DocumentInput, create

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    docs = [DocumentInput.of(d) for d in load_corpus(corpus_dir).documents]
    for name, config in (("rules.v1", {"corpus": str(corpus_dir)}), ("spacy-sm.v1", {})):
        preds = create(name, config).predict(docs)
        assert [p.id for p in preds] == [d.id for d in docs]


def test_leaderboard_html_escapes_all_text() -> None:
    from bench.report.leaderboard import render_html

    evil = "<script>alert('x')</script>"
    page = render_html(f"# Board {evil}\n\n| extractor | f1 |\n|---|---|\n| {evil} | 1.0 |\n\ntext {evil}\n")
    assert "<script>alert" not in page
    assert page.count("&lt;script&gt;") == 3
