"""The archive runner (``enquete run --input``, ``compare-runs``): raw input, shards, resume, engines.

Engines must give byte-identical shards and manifest: serial, a local pool of 2, and Ray (local mode,
2 CPUs). Interruptions are real: a worker or the whole run is killed by the fixture extractor.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult

from bench.errors import EnqueteError, InputError
from bench.io import iter_jsonl
from bench.run.archive import MANIFEST, run_archive
from bench.run.compare import compare_runs
from bench.run.predictions import check_prediction
from bench.types import Document, prediction_from_dict

TESTS = Path(__file__).resolve().parent
CAPS = "archive_fixture:Capitals"
DIES = "archive_fixture:DiesOnce"
WORDS = ("Paris Lyon Berlin Rome Madrid Lisbon Vienna Prague Warsaw Athens Dublin Oslo the a of and to in "
         "said met told with on for").split()


def make_archive(path: Path, n: int, words: int = 40, seed: int = 1) -> Path:
    """``n`` deterministic documents with ids d00000…, a title and a numeric metadata field."""
    import random

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(rng.choice(WORDS) for _ in range(words)) + "."
            fh.write(json.dumps({"id": f"d{i:05d}", "text": text, "title": f"Doc {i}", "n": i}) + "\n")
    return path


def files(folder: Path) -> dict[str, bytes]:
    """Every output file but the machine-dependent run record."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != "run.json"}


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    return make_archive(tmp_path / "in.jsonl", 45)


@pytest.fixture(autouse=True)
def _fixture_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes and Ray actors import the fixture extractors from tests/."""
    monkeypatch.syspath_prepend(str(TESTS))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])))


def test_raw_input_round_trip(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "preds"
    run = run_archive("rules.v1", archive, out, shard_size=20)
    m = json.loads((out / MANIFEST).read_text())
    assert m["complete"] and m["input"]["documents"] == 45 and m["input"]["shards"] == 3
    assert [s["documents"] for s in m["shards"]] == [20, 20, 5] and run.predicted_documents == 45
    assert m["extractor"]["name"] == "rules.v1" and m["layers"] == ["entities", "quotes", "events"]
    texts = {o["id"]: o["text"] for o in map(json.loads, archive.read_text().splitlines())}
    ids = []
    for shard in m["shards"]:
        for p in iter_jsonl(out / shard["file"], prediction_from_dict):
            check_prediction(p, Document(p.id, texts[p.id]), shard["file"])
            ids.append(p.id)
    assert ids == sorted(texts)  # every document once, in input order
    record = json.loads((out / "run.json").read_text())
    assert record["engine"] == "local" and record["workers"] == 1


def test_two_workers_write_the_same_bytes_as_one(archive: Path, tmp_path: Path) -> None:
    run_archive("rules.v1", archive, tmp_path / "serial", shard_size=20)
    run_archive("rules.v1", archive, tmp_path / "pool", shard_size=20, workers=2, batch_size=4)
    assert files(tmp_path / "pool") == files(tmp_path / "serial")


def test_ray_writes_the_same_bytes_as_serial_and_retries_a_dead_actor(archive: Path, tmp_path: Path) -> None:
    run_archive(CAPS, archive, tmp_path / "serial", shard_size=20)
    run_archive(CAPS, archive, tmp_path / "ray", shard_size=20, workers=2, engine="ray", batch_size=8)
    assert files(tmp_path / "ray") == files(tmp_path / "serial")
    # an actor that dies on its first sight of d00013 is restarted by Ray and its task retried
    cfg = {"die_on": "d00013", "marker_dir": str(tmp_path)}
    (tmp_path / "died-d00013").write_text("reference run: do not die\n")
    run_archive(DIES, archive, tmp_path / "dies-ref", config=cfg, shard_size=20)
    (tmp_path / "died-d00013").unlink()
    run_archive(DIES, archive, tmp_path / "dies-ray", config=cfg, shard_size=20, workers=2, engine="ray",
                batch_size=8)
    assert (tmp_path / "died-d00013").exists()  # it did die once
    assert files(tmp_path / "dies-ray") == files(tmp_path / "dies-ref")


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(archive: Path, tmp_path: Path) -> None:
    cfg = {"die_on": "d00021", "marker_dir": str(tmp_path)}
    (tmp_path / "died-d00021").write_text("reference run: do not die\n")
    run_archive(DIES, archive, tmp_path / "ref", config=cfg, shard_size=20)
    (tmp_path / "died-d00021").unlink()
    run = run_archive(DIES, archive, tmp_path / "pool", config=cfg, shard_size=20, workers=2, batch_size=4)
    assert (tmp_path / "died-d00021").exists() and run.record["restarts"] == 1
    assert files(tmp_path / "pool") == files(tmp_path / "ref")


def test_resume_after_an_interruption_between_shards(archive: Path, tmp_path: Path) -> None:
    out, log = tmp_path / "preds", tmp_path / "log"
    cfg = {"die_on": "none", "marker_dir": str(tmp_path), "log": str(log)}
    run_archive(DIES, archive, out, config=cfg, shard_size=20)
    whole = files(out)
    # the state of a run killed after shard 1's file was renamed into place but before the manifest
    # recorded it, with shard 0 damaged on disk since: both are redone, shard 2 is not
    m = json.loads((out / MANIFEST).read_text())
    m["shards"] = m["shards"][:1] + m["shards"][2:]
    m["complete"], m["input"] = False, None
    (out / MANIFEST).write_text(json.dumps(m))
    (out / "shard-00000.jsonl").write_text("damaged\n")
    log.unlink()
    run = run_archive(DIES, archive, out, config=cfg, shard_size=20)
    redone = log.read_text().split()
    assert run.predicted_documents == 40 and sorted(set(redone)) == [f"d{i:05d}" for i in range(40)]
    assert files(out) == whole
    # and a rerun of a complete run predicts nothing
    assert run_archive(DIES, archive, out, config=cfg, shard_size=20).predicted_documents == 0


def test_resume_after_the_run_is_killed_inside_a_shard(archive: Path, tmp_path: Path) -> None:
    cfg = {"die_on": "d00027", "marker_dir": str(tmp_path), "how": "kill", "log": str(tmp_path / "log")}
    (tmp_path / "died-d00027").write_text("reference run: do not die\n")
    run_archive(DIES, archive, tmp_path / "ref", config=cfg, shard_size=10, batch_size=2)
    (tmp_path / "died-d00027").unlink()
    (tmp_path / "log").unlink()
    out = tmp_path / "preds"
    code = ("import json, sys; from bench.run.archive import run_archive; "
            f"run_archive({DIES!r}, {str(archive)!r}, {str(out)!r}, config=json.loads(sys.argv[1]), "
            "shard_size=10, batch_size=2)")
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(cfg)], cwd=tmp_path, capture_output=True,
                          env=os.environ | {"ENQUETE_PROGRESS_INTERVAL": "0"})
    assert proc.returncode == -9  # SIGKILL inside shard 2 (documents 20-29), after shards 0 and 1
    m = json.loads((out / MANIFEST).read_text())
    assert [s["index"] for s in m["shards"]] == [0, 1] and not m["complete"]
    (tmp_path / "log").unlink()
    run = run_archive(DIES, archive, out, config=cfg, shard_size=10, batch_size=2)
    assert run.predicted_documents == 25  # shards 2, 3 and 4: only the shard in flight is lost
    assert sorted(set((tmp_path / "log").read_text().split())) == [f"d{i:05d}" for i in range(20, 45)]
    assert files(out) == files(tmp_path / "ref")
    assert not list(out.glob(".*"))  # no temporary file left behind


def test_another_run_in_the_folder_is_refused(archive: Path, tmp_path: Path) -> None:
    run_archive(CAPS, archive, tmp_path / "preds", shard_size=20)
    with pytest.raises(EnqueteError, match="another shard_size"):
        run_archive(CAPS, archive, tmp_path / "preds", shard_size=10)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("mine\n")
    with pytest.raises(EnqueteError, match="not overwriting"):
        run_archive(CAPS, archive, tmp_path / "other")
    assert (tmp_path / "other" / "keep.txt").read_text() == "mine\n"


@pytest.mark.parametrize(("line", "problem"), [
    ('{"text": "x"}', "missing field 'id'"),
    ('{"id": "", "text": "x"}', "field 'id' must be a non-empty string"),
    ('{"id": 7, "text": "x"}', "field 'id' must be a non-empty string"),
    ('{"id": "b"}', "missing field 'text'"),
    ('{"id": "b", "text": ["x"]}', "field 'text' must be a string"),
    ('{"id": "b", "text": "x", "tags": {"k": 1}}', "metadata field 'tags'"),
    ('{"id": "a", "text": "again"}', "document id 'a' appears twice (first at line 1)"),
    ('{"id": "b", "text": "x"', "invalid JSON"),
    ('["b", "x"]', "expected a JSON object"),
])
def test_bad_input_lines_give_one_line_errors(tmp_path: Path, line: str, problem: str,
                                              cli: Callable[..., CliResult]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Paris."}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        run_archive(CAPS, bad, tmp_path / "out")
    message = str(err.value)
    assert message.startswith(f"{bad}:2: ") and problem in message and "\n" not in message
    assert not (tmp_path / "out").exists()  # nothing written, not even an empty folder
    result = cli("run", CAPS, "--input", str(bad), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and problem in result.stderr


def _peak(archive: Path, out: Path) -> int:
    tracemalloc.start()
    try:
        run_archive(CAPS, archive, out, shard_size=100, batch_size=50)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_on_an_input_much_larger_than_a_shard(tmp_path: Path) -> None:
    small = _peak(make_archive(tmp_path / "small.jsonl", 300, words=400), tmp_path / "small")
    large = _peak(make_archive(tmp_path / "large.jsonl", 3000, words=400), tmp_path / "large")
    assert large < 1.25 * small, (small, large)  # 10x the documents (30 shards), not 10x the memory


def test_compare_runs_scores_one_run_against_another(archive: Path, tmp_path: Path,
                                                    cli: Callable[..., CliResult]) -> None:
    run_archive(CAPS, archive, tmp_path / "a", shard_size=20)
    run_archive(CAPS, archive, tmp_path / "b", shard_size=15, workers=1)
    same = compare_runs(tmp_path / "a", tmp_path / "b")
    assert same["documents"] == 45 and same["scores"]["entities"]["strict"]["f1"] == 1.0
    run_archive("rules.v1", archive, tmp_path / "r", shard_size=20, layers=["entities"])
    r = compare_runs(tmp_path / "r", tmp_path / "a", archive)
    s = r["scores"]["entities"]["strict"]
    # rules.v1's entities against Capitals': counts add up to what each run wrote
    n_r = sum(len(p.entities or ()) for sh in json.loads((tmp_path / "r" / MANIFEST).read_text())["shards"]
              for p in iter_jsonl(tmp_path / "r" / sh["file"], prediction_from_dict))
    n_a = sum(len(p.entities or ()) for sh in json.loads((tmp_path / "a" / MANIFEST).read_text())["shards"]
              for p in iter_jsonl(tmp_path / "a" / sh["file"], prediction_from_dict))
    assert (s["n_pred"], s["n_gold"]) == (n_r, n_a)
    other = make_archive(tmp_path / "other.jsonl", 45, seed=2)
    run_archive(CAPS, other, tmp_path / "o", shard_size=20)
    with pytest.raises(InputError, match="different inputs"):
        compare_runs(tmp_path / "o", tmp_path / "a")
    with pytest.raises(InputError, match="not the input the runs were made from"):
        compare_runs(tmp_path / "a", tmp_path / "b", other)
    result = cli("compare-runs", str(tmp_path / "r"), str(tmp_path / "a"), "--out", str(tmp_path / "c.json"),
                 cwd=tmp_path)
    assert result.returncode == 0 and "entities  strict" in result.stdout
    assert json.loads((tmp_path / "c.json").read_text())["scores"] == r["scores"]


def test_ray_is_imported_only_when_asked_for(archive: Path, tmp_path: Path) -> None:
    code = ("import sys; from bench.run.archive import run_archive; import bench.cli; "
            f"run_archive({CAPS!r}, {str(archive)!r}, {str(tmp_path / 'o')!r}, workers=2); "
            "print('ray' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
