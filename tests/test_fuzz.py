"""Fuzzing the prediction reader and scorer: random byte- and JSON-structure mutations of a valid
prediction file give either a valid score or a clean :class:`~bench.errors.EnqueteError`, never any
other exception (issue 6).

Seeded (``derandomize=True``) and in-process, so CI runs the same 2,000 cases every time in well
under two minutes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from conftest import DOC_ID, TEXT, make_root
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.dataset.build import build
from bench.errors import EnqueteError
from bench.run.evaluate import score_files


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    base = tmp_path_factory.mktemp("fuzz")
    root = make_root(base)
    corpus = base / "corpus"
    build(root, corpus, pool_path=base / "pool.jsonl")
    gold = json.loads((corpus / "data" / "documents" / "test.jsonl").read_text(encoding="utf-8").splitlines()[0])
    valid = {k: gold[k] for k in ("id", "entities", "quotes", "events")}
    return corpus, base / "pred.jsonl", valid


# ------------------------------------------------------------------------------------------------
# mutations
# ------------------------------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["PERSON", "person", "GPE", "MEET", "DIRECT", "ACTUAL", "NEGATIVE", "PARTICIPANT", DOC_ID, ""]),
    st.integers(min_value=-3, max_value=len(TEXT) + 3),
)
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=8)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


@st.composite
def structure_mutation(draw: st.DrawFn, doc: dict[str, Any]) -> list[Any]:
    """Lines (JSON values) after 1-4 edits of the tree: replace, delete, insert, nudge offsets, recase."""
    doc = json.loads(json.dumps(doc))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(doc)))
        op = draw(st.sampled_from(["replace", "delete", "insert", "nudge", "recase", "duplicate"]))
        if not path:
            if op == "replace":
                doc = draw(json_values)
            continue
        parent, key = _get(doc, path[:-1]), path[-1]
        if not isinstance(parent, (dict, list)):
            continue
        if op == "replace":
            parent[key] = draw(json_values)
        elif op == "delete":
            del parent[key]
        elif op == "insert":
            if isinstance(parent, dict):
                parent[draw(st.sampled_from(["corpus_hash", "extra", "text", "label", "start", "end", "id"]))] = \
                    draw(json_values)
            else:
                parent.insert(key, draw(json_values))
        elif op == "nudge" and isinstance(parent[key], int) and not isinstance(parent[key], bool):
            parent[key] += draw(st.integers(-3, 3))
        elif op == "recase" and isinstance(parent[key], str):
            parent[key] = parent[key].lower() if draw(st.booleans()) else parent[key].title()
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[key])))
    lines: list[Any] = [doc]
    if draw(st.integers(0, 9)) == 0:
        lines.append(doc)  # a duplicated document line
    return lines


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """Bytes after 1-6 edits: flip, insert, delete, overwrite, truncate, BOM, newline, NUL."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "overwrite", "truncate", "bom", "newline", "nul"]))
        i = draw(st.integers(0, max(0, len(buf) - 1)))
        if op == "flip" and buf:
            buf[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            buf[i:i] = draw(st.binary(min_size=1, max_size=4))
        elif op == "delete" and buf:
            del buf[i:i + draw(st.integers(1, 8))]
        elif op == "overwrite" and buf:
            buf[i] = draw(st.sampled_from(b'{}[]",:0123456789-.eE \\\xff\xc3\x80tfn'))
        elif op == "truncate":
            del buf[i:]
        elif op == "bom":
            buf[0:0] = b"\xef\xbb\xbf"
        elif op == "newline":
            buf[i:i] = b"\n"
        elif op == "nul":
            buf[i:i] = b"\x00"
    return bytes(buf)


def _check(corpus: Path, pred: Path, content: bytes) -> None:
    pred.write_bytes(content)
    try:
        result = score_files(corpus, pred, n_boot=5, allow_missing=True)
    except EnqueteError as exc:
        message = str(exc)
        assert message and "Traceback" not in message
        return
    for layer in result["layers"]:
        for block in result["scores"][layer].values():
            for key in ("precision", "recall", "f1", "accuracy"):
                v = block.get(key)
                assert v is None or (0.0 <= v <= 1.0 and not math.isnan(v)), (key, v)


FUZZ = settings(max_examples=2000, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(data=st.data())
def test_structure_mutations_score_or_fail_cleanly(setup: tuple[Path, Path, dict[str, Any]], data: st.DataObject) -> None:
    corpus, pred, valid = setup
    lines = data.draw(structure_mutation(valid))
    content = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode("utf-8", "surrogatepass")
    _check(corpus, pred, content)


@FUZZ
@given(data=st.data())
def test_byte_mutations_score_or_fail_cleanly(setup: tuple[Path, Path, dict[str, Any]], data: st.DataObject) -> None:
    corpus, pred, valid = setup
    _check(corpus, pred, data.draw(byte_mutation((json.dumps(valid, ensure_ascii=False) + "\n").encode("utf-8"))))
