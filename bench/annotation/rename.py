"""``enquete annotate rename-entity OLD NEW``: rename a registry id everywhere, all or nothing.

Everywhere means the gold registry, every gold document, and every raw pass under
``annotations/passes/*`` (its registry and its documents). Document references (``entity:`` of
entity mentions and event arguments, ``speaker:`` of quotes) are rewritten in place in the YAML text,
so nothing else in a file changes; registries are rewritten canonically (sorted by id). NEW must not
exist unless ``merge`` is given; then OLD's name and aliases become aliases of NEW (same label only).

Every new file text is computed and checked (parsed again: no reference to OLD left, as many to NEW
as were renamed) before anything is written; each file is replaced atomically, and if one write fails
the files already written are restored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.annotation.store import AnnotationStore, dump_registry, load_registry, locked
from bench.errors import EnqueteError
from bench.io import atomic_write_text
from bench.types import RegistryEntry

ID_FORMAT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
REF_KEYS = ("entity", "speaker")


@dataclass(frozen=True, slots=True)
class RenameResult:
    """What a rename changed: the files rewritten and the document references renamed."""

    files: tuple[Path, ...]
    references: int
    merged: bool


def _refs(value: Any, ident: str) -> int:
    """How many ``entity:``/``speaker:`` values equal ``ident`` anywhere in a parsed annotation file."""
    if isinstance(value, dict):
        return sum((k in REF_KEYS and v == ident) + _refs(v, ident) for k, v in value.items())
    if isinstance(value, list):
        return sum(_refs(v, ident) for v in value)
    return 0


def rename_references(text: str, old: str, new: str, where: str = "file") -> tuple[str, int]:
    """``text`` of an annotation file with every ``entity:``/``speaker:`` reference to ``old`` renamed."""
    pattern = re.compile(r"(?P<key>(?<![\w-])(?:entity|speaker):[ \t]*)(?P<q>[\"']?)" + re.escape(old)
                         + r"(?P=q)(?=[ \t]*(?:[,}\]#\r\n]|$))", re.M)
    new_text, n = pattern.subn(lambda m: f"{m.group('key')}{m.group('q')}{new}{m.group('q')}", text)
    if n:
        try:
            before, after = yaml.safe_load(text), yaml.safe_load(new_text)
        except yaml.YAMLError as exc:
            raise EnqueteError(f"{where}: invalid YAML ({exc}); nothing renamed") from None
        if _refs(after, old) or _refs(after, new) != _refs(before, new) + n or _refs(before, old) != n:
            raise EnqueteError(f"{where}: could not rename every reference to {old!r} safely; nothing written")
    elif text.count(old) and _refs(yaml.safe_load(text), old):
        raise EnqueteError(f"{where}: refers to {old!r} in a form the renamer does not recognise; nothing written")
    return new_text, n


def _renamed_registry(entries: list[RegistryEntry], old: str, new: str, merge: bool, where: str) -> list[RegistryEntry]:
    by_id = {e.id: e for e in entries}
    row = by_id.pop(old)
    target = by_id.get(new)
    if target is None:
        by_id[new] = RegistryEntry(new, row.name, row.label, row.aliases)
    elif not merge:
        raise EnqueteError(f"{where}: registry id {new!r} already exists; use --merge to merge {old!r} into it")
    elif target.label != row.label:
        raise EnqueteError(f"{where}: cannot merge {old!r} ({row.label}) into {new!r} ({target.label})")
    else:
        aliases = ({row.name, *row.aliases, *target.aliases} - {target.name})
        by_id[new] = RegistryEntry(new, target.name, target.label, tuple(sorted(aliases)))
    return list(by_id.values())


def rename_entity(root: Path, old: str, new: str, merge: bool = False) -> RenameResult:
    """Rename registry id ``old`` to ``new`` in the gold root and every pass below it (see module doc)."""
    store = AnnotationStore(Path(root))
    if store.root != store.gold_root:
        raise EnqueteError(f"{root}: give the gold annotation root; its passes are renamed with it")
    if not ID_FORMAT.fullmatch(new):
        raise EnqueteError(f"{new!r} is not a registry id (lower-case ASCII words joined by '-')")
    if old == new:
        raise EnqueteError("OLD and NEW are the same id")
    roots = [store, *(AnnotationStore(p) for p in sorted((store.root / "passes").glob("*")) if p.is_dir())]
    with locked(store.registry_path):
        plan: list[tuple[Path, str, str]] = []  # (path, old text, new text)
        references = 0
        merged = False
        for st in roots:
            if st.registry_path.is_file():
                entries, issues = load_registry(st)
                if issues:
                    raise EnqueteError(issues[0].format())
                ids = {e.id for e in entries}
                if old in ids:
                    merged |= new in ids
                    text = st.registry_path.read_text(encoding="utf-8")
                    plan.append((st.registry_path, text,
                                 dump_registry(_renamed_registry(entries, old, new, merge, str(st.registry_path)))))
                elif st is store:
                    raise EnqueteError(f"registry id {old!r} does not exist in {st.registry_path}")
            for path in st.document_paths():
                text = path.read_text(encoding="utf-8")
                new_text, n = rename_references(text, old, new, str(path))
                if n:
                    references += n
                    plan.append((path, text, new_text))
        written: list[tuple[Path, str]] = []
        try:
            for path, before, after in plan:
                atomic_write_text(path, after)
                written.append((path, before))
        except BaseException:
            for path, before in written:
                atomic_write_text(path, before)
            raise
    return RenameResult(tuple(p for p, _, _ in plan), references, merged)
