"""rules.v1: hand-written rules for all three layers (regexes, gazetteers, quote patterns, trigger lexicon).

Gazetteers come from real lists (countries, demonyms, cities) and from the registry rows mentioned in
the **train split** only; rules were developed against train and validation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from baselines.common import default_corpus, sentences, train_registry
from baselines.rules import lexicons as lx
from bench.run.extractors import DocumentInput
from bench.types import Argument, Entity, Event, Prediction, Quote, Span

_NUM = r"\d[\d,]*(?:\.\d+)?"
_NUMW = "|".join(lx.NUMBER_WORDS)
_MONTH = "|".join(re.escape(m) for m in lx.MONTHS)
_DAY = "|".join(lx.WEEKDAYS)
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("MONEY", re.compile(rf"(?:US)?\$\s?{_NUM}(?:\s(?:million|billion|trillion))?|{_NUM}\s(?:million |billion )?"
                         r"(?:dollars|euros|pounds|yuan|rupees)\b")),
    ("PERCENT", re.compile(rf"{_NUM}\s?(?:%|percent\b|per cent\b)")),
    ("TIME", re.compile(rf"\b\d{{1,2}}(?::\d{{2}})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b(?:an?|one|two|three|several|"
                        rf"{_NUM}|\d+)\s(?:hours?|minutes?)\b|\b(?:this|yesterday|tomorrow) (?:morning|afternoon|"
                        r"evening)\b|\btonight\b|\bovernight\b")),
    ("DATE", re.compile(rf"\b(?:(?:early|mid|late)[- ])?(?:{_MONTH})(?:\s\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s\d{{4}})?\b"
                        rf"|\b\d{{1,2}}\s(?:{_MONTH})(?:\s\d{{4}})?\b|\b(?:{_DAY})\b|\b(?:19|20)\d{{2}}s?\b"
                        r"|\b(?:today|yesterday|tomorrow)\b|\b(?:last|next|this|earlier this|later this) "
                        r"(?:week|month|year|weekend|decade)\b|\b(?:\d+|an?|one|two|three|four|five|six|seven|"
                        r"eight|nine|ten|several|many)[- ](?:days?|weeks?|months?|years?|decades?)(?: ago| old)?\b")),
    ("QUANTITY", re.compile(rf"\b{_NUM}\s(?:kilometers?|kilometres?|km|miles?|meters?|metres?|tons?|tonnes?|"
                            r"kilograms?|kg|pounds|acres|hectares|barrels|square miles)\b")),
    ("ORDINAL", re.compile(rf"\b(?:{'|'.join(lx.ORDINAL_WORDS)})\b|\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE)),
    ("CARDINAL", re.compile(rf"\b{_NUM}\b|\b(?:{_NUMW})\b", re.IGNORECASE)),
]
_CAP = r"[A-Z][\w’'.-]*"
_NAME = r"[A-Z](?:[\w’'-]+|\.)"  # a name word or an initial: never a word with a sentence-final period
_TITLE = "|".join(re.escape(t) for t in sorted(lx.TITLES, key=len, reverse=True))
_TITLE_PERSON = re.compile(rf"\b(?:(?:{_TITLE})\s+)+({_NAME}(?:\s{_NAME}){{0,2}})(?![\w’'-])")
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.|Jr\.|Sr\.|St\.")
_ORG_PHRASE = re.compile(rf"\b((?:{_CAP}\s(?:of\s(?:the\s)?|and\s)?){{1,4}}(?:{'|'.join(lx.ORG_HEADS)}))\b")
_PRONOUNS = {"he", "she", "He", "She"}


@dataclass
class RulesExtractor:
    """The rule-based baseline. ``corpus`` is where the train-split registry gazetteer comes from."""

    corpus: str = ""
    name: str = "rules.v1"
    provides: tuple[str, ...] = ("entities", "quotes", "events")

    def __post_init__(self) -> None:
        corpus = self.corpus or str(default_corpus())
        gaz: dict[str, tuple[str, str | None]] = {}
        for w in lx.COUNTRIES + lx.MULTIWORD_GPE + lx.CITIES:
            gaz[w] = ("GPE", None)
        for w in lx.DEMONYMS:
            gaz[w] = ("NORP", None)
        for w in lx.ORGS:
            gaz[w] = ("ORG", None)
        for w in lx.LOCS:
            gaz[w] = ("LOC", None)
        for w in lx.LANGUAGES:
            gaz[w] = ("LANGUAGE", None)
        for row in train_registry(corpus):
            for n in (row.name, *row.aliases):
                if len(n) > 1 and n[0].isupper() and "(" not in n:
                    known = gaz.get(n)
                    # real lists win for ambiguous words ("French": NORP, not the LANGUAGE row's alias);
                    # the registry only adds names or fills in the id of a same-label entry
                    if known is None or (known[0] == row.label and known[1] is None):
                        gaz[n] = (row.label, row.id)
        self._gaz = gaz
        names = sorted(gaz, key=len, reverse=True)
        self._gaz_re = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")

    def config(self) -> dict[str, Any]:
        return {"corpus": self.corpus or "corpus", "gazetteer_size": len(self._gaz)}

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        out = []
        for doc in documents:
            ents = self._entities(doc.text)
            out.append(Prediction(doc.id, tuple(ents), tuple(self._quotes(doc.text, ents)),
                                  tuple(self._events(doc.text, ents))))
        return out

    # -------------------------------------------------------------- entities
    def _entities(self, text: str) -> list[Entity]:
        cands: list[tuple[int, int, str, str | None, int]] = []
        for m in self._gaz_re.finditer(text):
            label, rid = self._gaz[m.group(1)]
            cands.append((m.start(1), m.end(1), label, rid, 3))
        for m in _TITLE_PERSON.finditer(text):
            s, e = m.start(1), m.end(1)
            span = text[s:e].rstrip(" ,.")
            cands.append((s, s + len(span), "PERSON", None, 2))
        for m in _ORG_PHRASE.finditer(text):
            cands.append((m.start(1), m.end(1), "ORG", None, 1))
        for prio, (label, pat) in enumerate(PATTERNS):
            for m in pat.finditer(text):
                cands.append((m.start(), m.end(), label, None, 0 - prio / 10))
        chosen: list[tuple[int, int, str, str | None]] = []
        taken = [False] * (len(text) + 1)
        for s, e, label, rid, _p in sorted(cands, key=lambda c: (-(c[1] - c[0]), -c[4], c[0])):
            while e > s and text[e - 1] in " ,.;:" and not _ABBREVIATION.fullmatch(text[s:e].split()[-1]):
                e -= 1
            if e <= s or any(taken[s:e]):
                continue
            for i in range(s, e):
                taken[i] = True
            chosen.append((s, e, label, rid))
        ents = []
        for i, (s, e, label, rid) in enumerate(sorted(chosen)):
            ents.append(Entity(f"T{i + 1}", s, e, text[s:e], label, rid))
        return ents

    # -------------------------------------------------------------- quotes
    def _speaker(self, text: str, src: Span, ents: list[Entity]) -> tuple[str | None, str]:
        inside = [e for e in ents if src.start <= e.start and e.end <= src.end]
        low = src.text.lower()
        if src.text in _PRONOUNS:
            prev = [e for e in ents if e.label == "PERSON" and e.end <= src.start]
            return (prev[-1].entity if prev else None), "PERSON"
        if any(w in low for w in ("official", "spokes", "source", "aide", "diplomat", "analyst", "expert")):
            return None, "ANONYMOUS"
        if any(w in low for w in ("report", "statement", "media", "newspaper", "agency")):
            return None, "DOCUMENT"
        person = next((e for e in inside if e.label == "PERSON"), None)
        if person:
            return person.entity, "PERSON"
        org = next((e for e in inside if e.label in ("ORG", "GPE")), None)
        if org:
            return org.entity, "ORGANIZATION"
        return None, "OTHER"

    def _quotes(self, text: str, ents: list[Entity]) -> list[Quote]:
        verbs = "|".join(lx.SPEECH_VERBS)
        src = r"\b((?:[A-Z][\w’'.-]*|the|a|an|of|senior|top)(?:\s(?:[A-Z][\w’'.-]*|of|the|senior|State|officials?))*" \
              r"|he|she|they|officials)"
        after = re.compile(rf"^[,]?\s*{src}\s+({verbs})\b|^[,]?\s*({verbs})\s+{src}")
        quotes: list[Quote] = []
        for s0, e0 in sentences(text):
            sent = text[s0:e0]
            marks = list(re.finditer(r"[“\"]([^“”\"]{3,})[”\"]", sent))
            done = False
            for m in marks:
                qs, qe = s0 + m.start(), s0 + m.end()
                rest = text[qe:e0]
                a = after.match(rest)
                if a:
                    if a.group(1):
                        source = Span(qe + a.start(1), qe + a.end(1), a.group(1))
                        cue = Span(qe + a.start(2), qe + a.end(2), a.group(2))
                    else:
                        cue = Span(qe + a.start(3), qe + a.end(3), a.group(3))
                        source = Span(qe + a.start(4), qe + a.end(4), a.group(4))
                    lead = text[s0:qs].strip()
                    content = Span(s0, qe, text[s0:qe]) if lead else Span(qs, qe, text[qs:qe])
                    qtype = "MIXED" if lead else "DIRECT"
                    spk, kind = self._speaker(text, source, ents)
                    quotes.append(Quote(f"Q{len(quotes) + 1}", qtype, cue, source, spk, kind, (content,),
                                        (Span(qs, qe, text[qs:qe]),)))
                    done = True
                    break
            if done:
                continue
            before = re.search(rf"{src}\s+({verbs})(?:\s+\w+)?(?:,|:)?\s+(?:that\s+)?", sent)
            if before and before.end() < len(sent) - 3:
                source = Span(s0 + before.start(1), s0 + before.end(1), before.group(1))
                cue = Span(s0 + before.start(2), s0 + before.end(2), before.group(2))
                cs, ce = s0 + before.end(), e0
                while ce > cs and text[ce - 1] in ".;":
                    ce -= 1
                if ce - cs < 8:
                    continue
                content = Span(cs, ce, text[cs:ce])
                direct = tuple(Span(cs + m.start() - before.end() + 0, 0, "") for m in ())
                inner = [m for m in marks if s0 + m.start() >= cs and s0 + m.end() <= ce]
                direct = tuple(Span(s0 + m.start(), s0 + m.end(), m.group(0)) for m in inner)
                qtype = "MIXED" if direct else "INDIRECT"
                if len(direct) == 1 and direct[0].start == cs and direct[0].end == ce:
                    qtype = "DIRECT"
                spk, kind = self._speaker(text, source, ents)
                quotes.append(Quote(f"Q{len(quotes) + 1}", qtype, cue, source, spk, kind, (content,), direct))
                continue
            acc = re.search(r",?\s*(according to)\s+([^,.]+)", sent)
            if acc:
                cue = Span(s0 + acc.start(1), s0 + acc.end(1), acc.group(1))
                source = Span(s0 + acc.start(2), s0 + acc.end(2), acc.group(2))
                cs, ce = s0, s0 + acc.start()
                if acc.start() == 0:
                    cs, ce = s0 + acc.end(), e0
                    while ce > cs and text[ce - 1] in ".;":
                        ce -= 1
                    while cs < ce and text[cs] in ", ":
                        cs += 1
                if ce - cs >= 8:
                    spk, kind = self._speaker(text, source, ents)
                    quotes.append(Quote(f"Q{len(quotes) + 1}", "INDIRECT", cue, source, spk, kind,
                                        (Span(cs, ce, text[cs:ce]),)))
        return quotes

    # -------------------------------------------------------------- events
    def _events(self, text: str, ents: list[Entity]) -> list[Event]:
        events: list[Event] = []
        for s0, e0 in sentences(text):
            sent_ents = [e for e in ents if s0 <= e.start and e.end <= e0]
            for m in re.finditer(r"[A-Za-z][\w-]*", text[s0:e0]):
                word = m.group(0)
                etype = lx.TRIGGERS.get(word.lower())
                if etype is None:
                    continue
                ts, te = s0 + m.start(), s0 + m.end()
                if any(e.start <= ts < e.end for e in sent_ents if e.label not in ("EVENT",)):
                    continue
                left = text[max(s0, ts - 30):ts].lower()
                negative = bool(re.search(r"\b(?:not|no|never|n't)\b[\w\s]*$", left))
                future = bool(re.search(r"\b(?:will|would|to|plans? to|could|may|might|shall)\s+(?:\w+\s)?$", left))
                realis = "OTHER" if (negative or future) else "ACTUAL"
                args = self._arguments(etype, ts, te, sent_ents)
                events.append(Event(f"V{len(events) + 1}", etype, Span(ts, te, word), realis,
                                    "NEGATIVE" if negative else "POSITIVE", tuple(args)))
        return events

    @staticmethod
    def _arguments(etype: str, ts: int, te: int, ents: list[Entity]) -> list[Argument]:
        actors = [e for e in ents if e.label in ("PERSON", "ORG", "GPE", "NORP")]
        before = [e for e in actors if e.end <= ts]
        after = [e for e in actors if e.start >= te]
        args: list[Argument] = []

        def add(role: str, e: Entity) -> None:
            args.append(Argument(role, e.start, e.end, e.text, e.entity))

        if etype in ("MEET", "PHONE_WRITE", "AGREE"):
            for e in (before[-1:] + after[:1]):
                add("PARTICIPANT", e)
        elif etype == "TRAVEL":
            if before:
                add("PERSON", before[-1])
            dest = next((e for e in after if e.label == "GPE"), None)
            if dest:
                add("DESTINATION", dest)
        elif etype in ("DIE", "INJURE"):
            if before:
                add("VICTIM", before[-1])
        elif etype in ("START_POSITION", "END_POSITION", "ARREST", "CHARGE", "TRIAL", "SENTENCE", "ELECT",
                       "NOMINATE", "INVESTIGATE"):
            people = [e for e in before + after if e.label == "PERSON"]
            if people:
                add("PERSON", people[0])
        elif etype not in ("DISASTER", "DEMONSTRATE", "LEGISLATE"):
            if before:
                add("AGENT", before[-1])
            if after and etype not in ("BROADCAST",):
                add("RECIPIENT", after[0])
        elif etype in ("DEMONSTRATE", "LEGISLATE") and before:
            add("AGENT", before[-1])
        date = next((e for e in ents if e.label == "DATE"), None)
        if date:
            add("TIME", date)
        return args
