"""Reading the gold corpus: the built ``corpus/`` folder, a JSONL of documents, or ``annotations/``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from bench.errors import InputError
from bench.io import iter_jsonl
from bench.types import Document, RegistryEntry, document_from_dict, registry_from_dict

SPLIT_FILES = ("train", "validation", "test")


def check_split(name: str | None, allow_all: bool = True) -> None:
    """Raise :class:`InputError` listing the valid splits when ``name`` is not one of them."""
    if name in SPLIT_FILES or (allow_all and name in (None, "all")):
        return
    known = ", ".join(SPLIT_FILES) + (" or all" if allow_all else "")
    raise InputError(f"unknown split {name!r}; known splits: {known}")


@dataclass(frozen=True, slots=True)
class Corpus:
    """Documents in a stable order plus the registry and a content hash (the corpus version)."""

    documents: tuple[Document, ...]
    registry: tuple[RegistryEntry, ...]
    hash: str
    source: str

    def split(self, name: str | None) -> tuple[Document, ...]:
        if name in (None, "", "all"):
            return self.documents
        return tuple(d for d in self.documents if d.split == name)

    def by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}


def file_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def load_corpus(path: Path) -> Corpus:
    """Load gold documents from a built corpus folder, a documents JSONL, or an annotation root."""
    path = Path(path)
    if path.is_file():
        docs = tuple(iter_jsonl(path, document_from_dict))
        return Corpus(docs, (), file_hash([path]), str(path))
    data = path / "data" / "documents"
    if data.is_dir():
        files = [data / f"{s}.jsonl" for s in SPLIT_FILES if (data / f"{s}.jsonl").is_file()]
        docs = tuple(d for f in files for d in iter_jsonl(f, document_from_dict))
        reg_file = path / "data" / "registry" / "registry.jsonl"
        registry = tuple(iter_jsonl(reg_file, registry_from_dict)) if reg_file.is_file() else ()
        return Corpus(docs, registry, file_hash(files), str(path))
    if (path / "documents").is_dir():
        from bench.annotation.validate import validate

        result = validate(path, tokens=False)
        if not result.ok:
            raise InputError(f"{path}: annotations do not validate ({len(result.errors)} errors); "
                             f"first: {result.errors[0].format()}")
        docs = tuple(sorted((s.document for s in result.documents if s.raw.get("status") == "done"),
                            key=lambda d: d.id))
        return Corpus(docs, result.registry, "annotations", str(path))
    where = path if path.is_absolute() else Path.cwd() / path
    state = "does not exist" if not path.exists() else "has no data/documents/*.jsonl"
    raise InputError(f"{path}: not a corpus folder, a documents JSONL or an annotation root ({where} {state}); "
                     "run enquete from the project root, or point at the built corpus with --corpus PATH "
                     "or ENQUETE_CORPUS=PATH")
