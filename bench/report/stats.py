"""``enquete stats``: descriptive statistics of the gold corpus.

Owns the numbers a dataset card and a paper's data section report: documents and annotations per split;
counts per entity label, event type, quote type, source kind and genre; reference tokens per document
(min / mean / max); annotation density per 1,000 tokens. :func:`corpus_stats` returns plain JSON-ready
data, :func:`format_stats` prints it as aligned text tables.

>>> # print(format_stats(corpus_stats(Path("corpus"))))
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from bench.annotation.inventory import SPLITS
from bench.common.tokens import tokenize
from bench.dataset.corpus import load_corpus
from bench.types import Document

LAYER_NAMES = ("entities", "quotes", "events")


def _ordered(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _tokens(counts: list[int]) -> dict[str, float | int | None]:
    if not counts:
        return {"total": 0, "min": None, "mean": None, "max": None}
    return {"total": sum(counts), "min": min(counts), "mean": sum(counts) / len(counts), "max": max(counts)}


def _density(n: int, tokens: int) -> float | None:
    return None if tokens == 0 else 1000 * n / tokens


def _block(docs: list[Document], n_tokens: dict[str, int]) -> dict[str, Any]:
    toks = [n_tokens[d.id] for d in docs]
    total = sum(toks)
    counts = {la: sum(len(getattr(d, la)) for d in docs) for la in LAYER_NAMES}
    args = sum(len(e.arguments) for d in docs for e in d.events)
    return {
        "documents": len(docs), **counts, "event_arguments": args, "tokens": _tokens(toks),
        "density_per_1000_tokens": {**{la: _density(n, total) for la, n in counts.items()},
                                    "event_arguments": _density(args, total)},
    }


def corpus_stats(corpus_path: Path) -> dict[str, Any]:
    """Statistics of the corpus at ``corpus_path`` (a built folder, a JSONL, or an annotation root)."""
    corpus = load_corpus(Path(corpus_path))
    docs = list(corpus.documents)
    n_tokens = {d.id: len(tokenize(d.text)) for d in docs}
    splits = [s for s in SPLITS if any(d.split == s for d in docs)]
    splits += sorted({d.split for d in docs} - set(splits))
    return {
        "corpus": {"source": corpus.source, "hash": corpus.hash, "registry_entries": len(corpus.registry)},
        "overall": _block(docs, n_tokens),
        "splits": {s: _block([d for d in docs if d.split == s], n_tokens) for s in splits},
        "entity_labels": _ordered(Counter(e.label for d in docs for e in d.entities)),
        "event_types": _ordered(Counter(e.type for d in docs for e in d.events)),
        "event_realis": _ordered(Counter(e.realis for d in docs for e in d.events)),
        "event_polarity": _ordered(Counter(e.polarity for d in docs for e in d.events)),
        "argument_roles": _ordered(Counter(a.role for d in docs for e in d.events for a in e.arguments)),
        "quote_types": _ordered(Counter(q.type for d in docs for q in d.quotes)),
        "source_kinds": _ordered(Counter(q.source_kind for d in docs for q in d.quotes)),
        "genres": _ordered(Counter(d.genre or "(none)" for d in docs)),
        "publishers": _ordered(Counter(d.publisher or "(none)" for d in docs)),
        "linked_entity_mentions": sum(1 for d in docs for e in d.entities if e.entity),
    }


def _num(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    cells = [header] + [[_num(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    out = []
    for k, r in enumerate(cells):
        out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths,
                                                                                                 strict=True))))
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def format_stats(stats: dict[str, Any]) -> str:
    """Aligned plain-text tables of :func:`corpus_stats` output."""
    c = stats["corpus"]
    lines = [f"Corpus {c['source']} (hash {c['hash']}), {c['registry_entries']} registry entries", ""]
    blocks = [("all", stats["overall"]), *stats["splits"].items()]
    lines += _table(["split", "docs", "entities", "quotes", "events", "arguments", "tokens", "tok/doc min",
                     "mean", "max"],
                    [[name, b["documents"], b["entities"], b["quotes"], b["events"], b["event_arguments"],
                      b["tokens"]["total"], b["tokens"]["min"], b["tokens"]["mean"], b["tokens"]["max"]]
                     for name, b in blocks])
    lines += ["", "Annotation density per 1,000 tokens:"]
    lines += _table(["split", "entities", "quotes", "events", "arguments"],
                    [[name, *(b["density_per_1000_tokens"][k] for k in (*LAYER_NAMES, "event_arguments"))]
                     for name, b in blocks])
    for key, title in (("entity_labels", "entity label"), ("event_types", "event type"),
                       ("quote_types", "quote type"), ("source_kinds", "source kind"), ("genres", "genre"),
                       ("event_realis", "realis"), ("argument_roles", "argument role")):
        lines += ["", *_table([title, "count"], [[k, v] for k, v in stats[key].items()] or [["(none)", 0]])]
    lines += ["", f"Entity mentions linked to the registry: {stats['linked_entity_mentions']} of "
              f"{stats['overall']['entities']}"]
    return "\n".join(lines)
