"""``enquete build``: turn the validated ``annotations/`` into the Hugging Face dataset repo ``corpus/``.

The build is deterministic (sorted documents, sorted keys, no timestamps) and atomic: the new
``corpus/`` is assembled in a temporary sibling folder and swapped in only when complete, and nothing
is written at all when validation fails.
"""

from __future__ import annotations

import dataclasses
import filecmp
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.annotation.sources import SEED_FILE
from bench.annotation.validate import validate
from bench.common.tokens import iob2_tags, tokenize
from bench.dataset.card import render_card
from bench.dataset.corpus import SPLIT_FILES, file_hash
from bench.dataset.features import NER_TAGS
from bench.errors import EnqueteError
from bench.io import replace_dir
from bench.types import Document, document_to_dict, registry_to_dict

#: Project documents copied next to the card (``corpus/``), which links to them.
SHIPPED_DOCS = ("GUIDELINES.md", "AGREEMENT.md", "ADJUDICATION.md", "CHANGELOG.md")

SEED_NOTE = ("Seed article of the project: publisher and licence unknown; included as the single "
             "exception to the open-licence rule, flagged here and in the dataset card.")


@dataclass(frozen=True, slots=True)
class BuildResult:
    out: Path
    documents: int
    hash: str
    files: tuple[str, ...]


def document_record(doc: Document) -> dict[str, Any]:
    """The ``documents`` config row of one document (the schema's JSON form plus fixed meta keys)."""
    row = document_to_dict(doc)
    meta = dict(doc.meta)
    row["meta"] = {
        "origin": meta.get("origin", ""), "source": meta.get("source", "pool"),
        "note": SEED_NOTE if meta.get("source") == "seed" else "",
    }
    return row


def check_date(doc: Document) -> None:
    """The ``date32`` feature needs an ISO calendar date (``YYYY-MM-DD``) in every published document."""
    try:
        ok = date.fromisoformat(doc.date).isoformat() == doc.date
    except ValueError:
        ok = False
    if not ok:
        raise EnqueteError(f"{doc.id}: date {doc.date!r} is not an ISO date (YYYY-MM-DD); corpus not built")


def token_record(doc: Document) -> dict[str, Any]:
    toks = tokenize(doc.text)
    tags = iob2_tags(toks, doc.entities)
    index = {name: i for i, name in enumerate(NER_TAGS)}
    return {
        "id": doc.id, "tokens": [doc.text[s:e] for s, e in toks], "token_starts": [s for s, _ in toks],
        "token_ends": [e for _, e in toks], "ner_tags": [index[t] for t in tags],
    }


def _jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def write_corpus(annotations: Path, out: Path, pool_path: Path | None = None) -> BuildResult:
    """Validate ``annotations`` and write the dataset into ``out`` (which must be empty or absent)."""
    result = validate(annotations, pool_path=pool_path)
    # a warning for `enquete validate`, an error here: a corpus with unplaced stories does not build
    errors = [*result.errors, *(dataclasses.replace(i, severity="error") for i in result.warnings
                                if i.check == "story-split-missing")]
    if errors:
        shown = "\n".join(i.format() for i in errors[:10])
        more = f"\n... and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise EnqueteError(f"{annotations}: {len(errors)} validation error(s); corpus not built:\n"
                           f"{shown}{more}")
    # Only finished documents are published; stubs and documents in progress stay in annotations/.
    docs = sorted((s.document for s in result.documents if s.raw.get("status") == "done"), key=lambda d: d.id)
    for doc in docs:
        check_date(doc)
    registry = sorted(result.registry, key=lambda r: r.id)
    written: list[Path] = []
    splits_present = []
    for split in SPLIT_FILES:
        members = [d for d in docs if d.split == split]
        if not members:
            continue
        splits_present.append(split)
        for config, make in (("documents", document_record), ("tokens", token_record)):
            path = out / "data" / config / f"{split}.jsonl"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_jsonl([make(d) for d in members]), encoding="utf-8")
            written.append(path)
    reg_path = out / "data" / "registry" / "registry.jsonl"
    reg_path.parent.mkdir(parents=True, exist_ok=True)
    reg_path.write_text(_jsonl([registry_to_dict(r) for r in registry]), encoding="utf-8")
    written.append(reg_path)
    doc_files = [p for p in written if p.parent.name == "documents"]
    corpus_hash = file_hash(doc_files)
    data_hashes = {config: file_hash([p for p in written if p.parent.name == config])
                   for config in ("documents", "registry", "tokens")}
    shipped = [name for name in SHIPPED_DOCS if (annotations / name).is_file()]
    for name in shipped:  # the card links to them: they travel with corpus/
        shutil.copyfile(annotations / name, out / name)
        written.append(out / name)
    published = {d.id for d in docs}
    annotators = [[str(a) for a in s.raw.get("annotators") or ()] for s in sorted(result.documents,
                  key=lambda s: s.document.id) if s.document.id in published]
    seed_src = annotations.parent / SEED_FILE
    card = render_card(docs, registry, splits_present, corpus_hash, annotations,
                       seed_present=seed_src.is_file(), data_hashes=data_hashes, annotators=annotators,
                       shipped=shipped)
    (out / "README.md").write_text(card, encoding="utf-8")
    files = tuple(sorted(str(p.relative_to(out)) for p in [*written, out / "README.md"]))
    return BuildResult(out, len(docs), corpus_hash, files)


def build(annotations: Path = Path("annotations"), out: Path = Path("corpus"),
          pool_path: Path | None = None) -> BuildResult:
    """Build ``corpus/`` atomically from ``annotations/``. Returns what was written."""
    box: list[BuildResult] = []

    def fill(tmp: Path) -> None:
        box.append(write_corpus(Path(annotations), tmp, pool_path))

    replace_dir(Path(out), fill)
    r = box[0]
    return BuildResult(Path(out), r.documents, r.hash, r.files)


def stale_files(annotations: Path = Path("annotations"), out: Path = Path("corpus"),
                pool_path: Path | None = None) -> list[str]:
    """Files of ``out`` that differ from a fresh build (empty when the committed corpus is current)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = write_corpus(Path(annotations), Path(tmp) / "corpus", pool_path)
        new = set(fresh.files)
        old = {str(p.relative_to(out)) for p in Path(out).rglob("*") if p.is_file()} if Path(out).is_dir() else set()
        differ = sorted(new ^ old)
        for rel in sorted(new & old):
            if not filecmp.cmp(Path(tmp) / "corpus" / rel, Path(out) / rel, shallow=False):
                differ.append(rel)
        return sorted(differ)
