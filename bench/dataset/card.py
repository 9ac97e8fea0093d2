"""The dataset card (``corpus/README.md``): YAML configs and features, then every section filled."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bench import SCHEMA_VERSION, __version__
from bench.common.tokens import tokenize
from bench.dataset.features import document_features, registry_features, token_features
from bench.types import Document, RegistryEntry


def _features_yaml(config: str, features: Any) -> dict[str, Any]:
    return {"config_name": config, "features": features._to_yaml_list()}


def _header(splits: list[str], data_hashes: dict[str, str] | None = None) -> str:
    def files(config: str) -> list[dict[str, str]]:
        return [{"split": s, "path": f"data/{config}/{s}.jsonl"} for s in splits]

    def described(config: dict[str, Any]) -> dict[str, Any]:
        # `datasets` keys its cache of a local folder on the folder name and this YAML, not on the data
        # files: a hash of the config's files here keeps a rebuilt (or another) corpus from being served stale.
        digest = (data_hashes or {}).get(config["config_name"])
        if not digest:
            return config
        return {**config, "description": f"Enquête {config['config_name']}, data sha256 {digest}"}

    meta = {
        "pretty_name": "Enquête",
        "annotations_creators": ["machine-generated"],
        "language": ["en"],
        "license": "other",
        "license_name": "mixed-cc-by-2.5-and-public-domain",
        "license_details": "Wikinews texts CC BY 2.5 (attribution below); U.S. government works public "
                           "domain; the seed article's licence is unknown (see Licences). Annotations CC BY 4.0.",
        "task_categories": ["token-classification"],
        "task_ids": ["named-entity-recognition"],
        "tags": ["quotation-attribution", "event-extraction", "news", "ontonotes", "diplomacy"],
        "size_categories": ["n<1K"],
        "configs": [described(c) for c in (
            {"config_name": "documents", "default": True, "data_files": files("documents")},
            {"config_name": "registry", "data_files": [{"split": "train", "path": "data/registry/registry.jsonl"}]},
            {"config_name": "tokens", "data_files": files("tokens")},
        )],
        "dataset_info": [
            _features_yaml("documents", document_features()),
            _features_yaml("registry", registry_features()),
            _features_yaml("tokens", token_features()),
        ],
    }
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=120) + "---\n"


def _table(header: list[str], rows: list[list[Any]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def _counts_table(title: str, counter: Counter[str]) -> str:
    rows = [[k, v] for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]
    return _table([title, "count"], rows) if rows else "_none yet_"


def _doc_ref(name: str, shipped: Sequence[str]) -> str:
    """A relative link to a document shipped next to the card, else its repository path."""
    return f"[{name}]({name})" if name in shipped else f"`annotations/{name}`"


def _annotators_line(annotators: Sequence[Sequence[str]]) -> str:
    ids = {a for doc in annotators for a in doc}
    if not ids:
        return ""
    per_doc = sorted(len(set(doc)) for doc in annotators)
    spread = str(per_doc[0]) if per_doc[0] == per_doc[-1] else f"{per_doc[0]}–{per_doc[-1]}"
    return (f"**How many.** {len(ids)} distinct annotator ids appear in the documents' `annotators` fields "
            f"({spread} per document); all of them are AI annotators.\n")


def _shipped_line(shipped: Sequence[str]) -> str:
    if not shipped:
        return ""
    what = {"GUIDELINES.md": "the annotation guidelines", "AGREEMENT.md": "the agreement report",
            "ADJUDICATION.md": "the adjudication log", "CHANGELOG.md": "the corpus changelog"}
    items = [f"{what.get(n, n)} ([{n}]({n}))" for n in shipped]
    listed = ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]
    return (f"Shipped with this card: {listed}, copied from the project's `annotations/`; other "
            "`annotations/` paths in this card refer to the project repository.\n")


def _agreement_section(annotations: Path, linked: bool = False) -> str:
    path = annotations / "agreement.json"
    if not path.is_file():
        return ("Agreement has not been measured yet for the documents in this build: no second "
                "annotation pass has been adjudicated. This section is regenerated when it is.")
    data = json.loads(path.read_text(encoding="utf-8"))
    groups = data.get("groups", {})
    names = list(groups) or ["all"]
    sizes = ", ".join(f"{n}: {len(groups[n]['documents'])}" for n in names if n != "all")
    lines = [f"A second, independent annotation run was made on {data.get('documents', '?')} documents "
             f"({sizes}). Agreement between the two runs (AI annotators of the same kind: consistency, not "
             "human inter-annotator agreement) is measured with `enquete agreement` (the benchmark's own "
             "scorers, first run as reference), per batch and together. Full report with per-label tables "
             "and who annotated each pass: "
             f"{'[AGREEMENT.md](AGREEMENT.md)' if linked else '`annotations/AGREEMENT.md`'}.", ""]
    rows = []
    for i, head in enumerate(data.get("headline", [])):
        cells = []
        for n in names:
            value = groups[n]["headline"][i]["value"] if groups else head["value"]
            cells.append("n/a" if value is None else f"{value:.3f}")
        rows.append([head["metric"], *cells, head.get("target", "")])
    lines.append(_table(["metric", *names, "target"], rows))
    return "\n".join(lines)


def _provenance(reviewed: int, n_docs: int) -> str:
    """Who annotated and how: AI annotators, no proposing tools, a second independent run, review status."""
    return (
        "**Who annotated.** The annotators of Enquête are **AI annotators** (language-model agents), not "
        "people. Each one read the article against `annotations/GUIDELINES.md` (versioned, with worked "
        "examples and a decision log) and wrote each span itself in YAML "
        "(`annotations/documents/<id>.yaml`). No NER tool, baseline, model output or script proposed or "
        "pre-filled any span: tools only resolve a span the annotator chose (exact text, a bracketed context, "
        "or the k-th occurrence) to offsets, and check what was written (offsets, texts, inventories, "
        "registry references, overlaps).\n\n"
        "**Second annotation.** A second annotator of the same kind independently annotated a sample, seeing "
        "only the guidelines and the article text: from batch 3 on, every `test` document plus at least a "
        "quarter of the other documents of each batch; in the earlier batches, a sample. The raw passes are "
        "kept in `annotations/passes/`. The figures below are **agreement between two independent "
        "annotation runs** by AI annotators, a measure of their consistency, not human inter-annotator "
        "agreement. Every disagreement was adjudicated against the guidelines into the gold and logged in "
        "`annotations/ADJUDICATION.md`.\n\n"
        "**Review by a person.** Each document's `review` field says whether a person has checked its "
        f"annotation (`human`) or not (`none`). Documents reviewed by a person: {reviewed} of {n_docs}. "
        "The review round trip (brat or INCEpTION) is `enquete review export` / `enquete review import`.\n"
    )


def corpus_version(annotations: Path) -> str:
    """The corpus version: the first ``## X.Y`` heading of ``annotations/CHANGELOG.md`` (newest first)."""
    c = annotations / "CHANGELOG.md"
    m = re.search(r"^## ([0-9]+(?:\.[0-9]+)+)", c.read_text(encoding="utf-8"), re.M) if c.is_file() else None
    return m.group(1) if m else "unversioned"


def _guidelines_version(annotations: Path) -> str:
    g = annotations / "GUIDELINES.md"
    m = re.search(r"\*\*Version ([0-9.]+)\*\*", g.read_text(encoding="utf-8")) if g.is_file() else None
    return m.group(1) if m else "unknown"


def render_card(docs: list[Document], registry: list[RegistryEntry], splits: list[str], corpus_hash: str,
                annotations: Path, seed_present: bool = True, data_hashes: dict[str, str] | None = None,
                annotators: Sequence[Sequence[str]] = (), shipped: Sequence[str] = ()) -> str:
    """The full dataset card text (deterministic for the same input).

    ``annotators`` holds each published document's ``annotators`` ids; ``shipped`` names the project
    documents copied next to the card (linked relatively, so the links work in ``corpus/`` alone).
    """
    tokens = {d.id: len(tokenize(d.text)) for d in docs}
    reviewed = sum(d.review == "human" for d in docs)
    split_rows = []
    for s in ["train", "validation", "test"]:
        members = [d for d in docs if d.split == s]
        split_rows.append([s, len(members), len({d.story for d in members}), sum(tokens[d.id] for d in members),
                           sum(len(d.entities) for d in members), sum(len(d.quotes) for d in members),
                           sum(len(d.events) for d in members)])
    total = ["**total**", len(docs), len({d.story for d in docs}), sum(tokens.values()),
             sum(len(d.entities) for d in docs), sum(len(d.quotes) for d in docs), sum(len(d.events) for d in docs)]
    labels = Counter(e.label for d in docs for e in d.entities)
    ev_types = Counter(e.type for d in docs for e in d.events)
    q_types = Counter(q.type for d in docs for q in d.quotes)
    kinds = Counter(q.source_kind for d in docs for q in d.quotes)
    genres = Counter(d.genre for d in docs)
    n_tok = max(sum(tokens.values()), 1)
    density = (f"{1000 * total[4] / n_tok:.1f} entities, {1000 * total[5] / n_tok:.1f} quotes and "
               f"{1000 * total[6] / n_tok:.1f} events per 1,000 tokens; "
               f"{sum(tokens.values()) / max(len(docs), 1):.0f} tokens per document on average")
    licence_rows = [[d.id, d.publisher, d.license, f"<{d.url}>" if d.url else "unknown", d.split] for d in docs]
    parts = [
        _header(splits, data_hashes),
        "# Enquête: an English news corpus with entities, quotes and events annotated by AI annotators\n",
        "## Dataset summary\n",
        "Enquête is a small, densely annotated English corpus of news reports and government "
        "communications on international politics and diplomacy (the 2021 AUKUS crisis and US–France–"
        "Australia relations first). Every document is annotated by **AI annotators** (language-model agents "
        "working span by span from the guidelines; see Annotation process) with three layers: "
        "**entities** (the 18 OntoNotes 5.0 labels, linked to a corpus-wide entity registry), **quotes** "
        "(attribution relations: cue, source, speaker, content, verbatim segments; PolNeAR/PARC lineage) "
        "and **events** (29 types mapped to ACE 2005/KAIROS and PLOVER, with realis, polarity and "
        "arguments). It ships with a benchmark harness (`enquete`) that scores extractors against it.\n",
        f"* Corpus version {corpus_version(annotations)} (hash of the document files: `{corpus_hash}`); "
        f"what changed between versions: {_doc_ref('CHANGELOG.md', shipped)}",
        f"* Schema version {SCHEMA_VERSION}; guidelines version {_guidelines_version(annotations)}; "
        f"built by enquete {__version__}",
        "* Offsets are Python string indices into `text`, `start` inclusive, `end` exclusive, everywhere.",
        f"* Documents reviewed by a person (`review: human`): {reviewed} of {len(docs)}.\n",
        "```python\nfrom pathlib import Path\n\nfrom datasets import load_dataset\n\n"
        "corpus = str(Path(\"path/to/corpus\").resolve())  # an absolute path: never read as a Hub dataset id\n"
        "docs = load_dataset(corpus, \"documents\")          # default config\n"
        "registry = load_dataset(corpus, \"registry\")\n"
        "tokens = load_dataset(corpus, \"tokens\")            # IOB2 ner_tags for seqeval\n```\n",
        "Each config's `description` in the header carries a hash of its data files, so `datasets` never "
        "serves an older build (or another folder called `corpus`) from its cache; after editing a data "
        "file by hand, rebuild with `enquete build` (`enquete build --check` lists hand-edited files).\n",
        "## Dataset structure\n",
        "### Configs\n",
        "* `documents` (default): one row per document with metadata, text and the three layers.",
        "* `registry`: one row per real-world entity (`id`, `name`, `label`, `aliases`); entity mentions, "
        "quote speakers and event arguments refer to it by `id`.",
        "* `tokens`: the reference tokenizer's tokens (spaCy's rule-based English tokenizer, no model) "
        "with character offsets and IOB2 `ner_tags` (a ClassLabel) derived from the entity layer, for "
        "seqeval and token-classification training.\n",
        "### Fields of `documents`\n",
        _table(["field", "meaning"], [
            ["id", "`<publisher>-<yyyymmdd>-<slug>`"],
            ["title, date, publisher, url, license, genre", "provenance; `date` is the publication date "
                                                             "(`date32`; ISO `YYYY-MM-DD` in the JSONL files)"],
            ["story", "story cluster; all documents of one story are in the same split"],
            ["split", "train / validation / test"],
            ["review", "`human` when a person has checked the document's annotation "
                       "(`enquete review import`), else `none`"],
            ["text", "the article body exactly as published (title excluded)"],
            ["entities", "`{id, start, end, text, label, entity}`; `entity` is the registry id for names, "
                         "null for numbers and dates"],
            ["quotes", "`{id, type, cue, source, speaker, source_kind, content[], direct[], addressee}`; "
                       "spans are `{start, end, text}` or null"],
            ["events", "`{id, type, trigger, realis, polarity, arguments[{role, start, end, text, entity}]}`"],
            ["meta", "`origin` (where the text was taken from), `source` (pool or seed), `note`"],
        ]),
        "\n## Data splits\n",
        "Splits are assigned **by story**, never splitting a story (see `annotations/stories.yaml`).\n",
        _table(["split", "documents", "stories", "tokens", "entities", "quotes", "events"], [*split_rows, total]),
        f"\nAnnotation density: {density}.\n",
        "### Statistics\n",
        _counts_table("entity label", labels), "",
        _counts_table("event type", ev_types), "",
        _counts_table("quote type", q_types), "",
        _counts_table("source kind", kinds), "",
        _counts_table("genre", genres), "",
        f"Registry: {len(registry)} entities.\n",
        "## Annotation process\n",
        _provenance(reviewed, len(docs)),
        _annotators_line(annotators),
        _shipped_line(shipped),
        "### Agreement between two independent annotation runs (AI annotators)\n",
        _agreement_section(annotations, "AGREEMENT.md" in shipped),
        "\n## Licences\n",
        "* **Wikinews** articles are © Wikinews contributors, licensed **CC BY 2.5** "
        "(<https://creativecommons.org/licenses/by/2.5/>); attribution: *Wikinews, the free news source*, "
        "with the article URL in each record's `url`.",
        "* **The White House** and **U.S. Department of State** texts are works of the U.S. federal "
        "government, in the **public domain** (17 U.S.C. 105).",
        "* **The seed article** (`seed-20211007-...`): publisher and licence **unknown**. It is the "
        "article this project was created from and the one exception to the open-licence rule; it is "
        "flagged in its record (`meta.note`). Remove it (`filter(lambda d: d['meta']['source'] != 'seed')`) "
        "if you need a corpus with known licences only." if seed_present else "",
        "* The annotations themselves are released under CC BY 4.0.\n",
        _table(["document", "publisher", "licence", "source", "split"], licence_rows),
        "\n## Limitations\n",
        "* Small: a few dozen documents; confidence intervals in the benchmark are wide, and per-label "
        "scores for rare labels are unstable.",
        "* Topic and genre skew: international politics and diplomacy, much of it US-government "
        "communication (statements, readouts, transcripts) in the government's own voice; few quotes "
        "in statements, many in news.",
        "* The annotators are AI annotators and no person has checked the annotations unless a document's "
        "`review` is `human`; the agreement figures measure how consistent two independent AI annotation "
        "runs are, not how correct either is. The guidelines are still evolving; see the changelog in "
        f"{_doc_ref('GUIDELINES.md', shipped)}.",
        "* Some Wikinews texts from the GUM corpus carry tokenisation spacing (`six - member`); they "
        "are kept verbatim.",
        "* Event coverage is limited to the 29 listed types; speech acts are quotes, not events.\n",
        "## Citation\n",
        "```bibtex\n@misc{enquete2026,\n  title  = {Enqu{\\^e}te: an English news corpus with entities, quotes "
        "and events annotated by AI annotators},\n  author = {{The Enqu{\\^e}te annotators}},\n  year   = {2026},\n"
        f"  version = {{{corpus_version(annotations)} ({corpus_hash})}},\n"
        f"  note   = {{Dataset and benchmark harness; corpus hash {corpus_hash}, guidelines "
        f"{_guidelines_version(annotations)}, schema {SCHEMA_VERSION}, enquete {__version__}}}\n}}\n```\n",
        "Please also credit Wikinews for the CC BY 2.5 texts.\n",
    ]
    return "\n".join(p for p in parts if p is not None)
