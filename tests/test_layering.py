"""The stage packages of ``bench/`` import only downwards (README "Layout").

Every ``import``/``from … import`` of a ``bench`` module, at any depth in a module (function-level imports
included), is checked against the stage order below; a lower stage importing a higher one fails with the
file, line and both modules. The compatibility modules (``bench.corpus``, ``bench.predictions``,
``bench.extractors``) are for users and may not be imported from inside ``bench``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

# Lowest first. Modules of the same rank may import each other only within one package.
RANKS: dict[str, int] = {
    "bench": 0,  # the root package: __init__, types, errors, io
    "bench.common": 1,
    "bench.annotation": 2,
    "bench.dataset": 3,
    "bench.scoring": 4,
    "bench.agreement": 5,
    "bench.run": 6,
    "bench.report": 7,
    "bench.perf": 7,
    "bench.pipeline": 8,
    "bench.cli": 9,
}
COMPAT = {"bench.corpus", "bench.predictions", "bench.extractors"}
ROOT_MODULES = {"bench", "bench.types", "bench.errors", "bench.io"}


def stage(module: str) -> str:
    """The stage a dotted ``bench`` module belongs to."""
    if module in ROOT_MODULES:
        return "bench"
    parts = module.split(".")
    return ".".join(parts[:2])


def module_name(path: Path, root: Path = BENCH) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def bench_imports(path: Path, root: Path = BENCH) -> list[tuple[int, str]]:
    """(line, imported module) for every import of a ``bench`` module in ``path``."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "bench"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and node.module.split(".")[0] == "bench":
            if node.module == "bench":  # from bench import x: x may be a submodule
                for a in node.names:
                    sub = f"bench.{a.name}"
                    is_module = (root / a.name).is_dir() or (root / f"{a.name}.py").is_file()
                    out.append((node.lineno, sub if is_module else "bench"))
            else:
                out.append((node.lineno, node.module))
    return out


def violations(root: Path = BENCH) -> list[str]:
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        me = module_name(path, root)
        if me in COMPAT:
            continue
        mine = stage(me)
        for line, target in bench_imports(path, root):
            if target in COMPAT:
                found.append(f"{path}:{line}: {me} imports the compatibility module {target}")
                continue
            theirs = stage(target)
            if theirs not in RANKS:
                found.append(f"{path}:{line}: {me} imports {target}, which is in no known stage")
            elif mine != theirs and RANKS[theirs] >= RANKS[mine]:
                found.append(f"{path}:{line}: {me} (stage {mine}) imports {target} (stage {theirs}, not lower)")
    return found


def test_every_module_is_in_a_stage() -> None:
    for path in BENCH.rglob("*.py"):
        me = module_name(path)
        assert me in COMPAT or stage(me) in RANKS, f"{path}: add its stage to RANKS"


def test_no_stage_imports_a_higher_one() -> None:
    assert violations() == []


def test_at_most_ten_modules_directly_in_bench() -> None:
    direct = sorted(p.name for p in BENCH.glob("*.py"))
    assert len(direct) <= 10, direct


def test_stage_packages_have_a_docstring_saying_what_they_may_import() -> None:
    for init in BENCH.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "May import" in doc, f"{init}: one paragraph on what it owns and what it may import"


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    fake = tmp_path / "bench"
    (fake / "annotation").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "annotation" / "__init__.py").write_text('"""May import nothing."""\n')
    (fake / "annotation" / "bad.py").write_text("def f():\n    from bench.run.runner import run\n")
    (fake / "annotation" / "good.py").write_text("from bench.common.tokens import tokenize\n")
    found = violations(fake)
    assert len(found) == 1 and "bad.py:2" in found[0] and "bench.run.runner" in found[0]


@pytest.mark.parametrize("name", ["corpus", "predictions", "extractors"])
def test_compatibility_imports_still_work(name: str) -> None:
    import importlib

    old = importlib.import_module(f"bench.{name}")
    assert old.__all__ and all(hasattr(old, n) for n in old.__all__)
    from bench.corpus import load_corpus
    from bench.dataset.corpus import load_corpus as new
    assert load_corpus is new
