"""Quote candidates from a spaCy parse: cue, source tokens and content spans (before speaker linking).

* a speech verb with a clausal complement (``ccomp``; or the clause it is ``parataxis`` of) or with
  quoted material next to it: content on the right (``X said that …``, ``X said: “…”``) or on the
  left (``“…,” X said``, ``…, said the official``), discontinuous around a medial reporting clause;
* small clauses for ``call``/``describe``/``hail`` (``called X Y``, ``described X as Y``);
* ``according to X``, the adverb ``reportedly`` and agentless passives (``it was reported that``);
* a following quoted sentence with no cue continues the previous quote (empty cue, same source).

Content snaps to quotation-mark segments it overlaps, and a quoted segment alone is DIRECT.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from baselines.quotes_syntax import lexicon as lx
from baselines.quotes_syntax.marks import quote_segments

_TRIM_LEFT = " \n\t,;:—–-"
_TRIM_RIGHT = " \n\t,;:.—–-"
_QUOTE_CHARS = "“”\""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A quote before speaker linking: char spans, and the source's root token index (or None)."""

    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    source_root: int | None
    content: tuple[tuple[int, int], ...]
    kind_hint: str | None = None  # ANONYMOUS for passives and `reportedly`


def _end(tok: Any) -> int:
    return tok.idx + len(tok.text)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM_LEFT:
        s += 1
    while e > s and text[e - 1] in _TRIM_RIGHT:
        e -= 1
    return s, e


class DocQuotes:
    """Finds quote candidates in one parsed document."""

    def __init__(self, sdoc: Any) -> None:
        self.doc = sdoc
        self.text: str = sdoc.text
        self.segments = quote_segments(self.text)

    # ------------------------------------------------------------------ spans
    def _runs(self, toks: Iterable[int]) -> list[tuple[int, int]]:
        """Contiguous token runs → trimmed char spans (punctuation-only runs dropped)."""
        idx = sorted(set(toks))
        runs: list[list[int]] = []
        for i in idx:
            if runs and i == runs[-1][-1] + 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        spans = []
        for run in runs:
            s, e = _trim(self.text, self.doc[run[0]].idx, _end(self.doc[run[-1]]))
            if e > s and any(ch.isalnum() for ch in self.text[s:e]):
                spans.append((s, e))
        return spans

    def _snap(self, spans: list[tuple[int, int]], cue: tuple[int, int] | None) -> list[tuple[int, int]]:
        """Grow each span over the quotation-mark segments it overlaps (never over the cue)."""
        out = []
        for s, e in spans:
            for qs, qe in self.segments:
                if qs < e and qe > s and not (cue and qs <= cue[0] < qe):
                    s, e = min(s, qs), max(e, qe)
            # a stray quotation mark left at an edge by the parse is not content
            if self.text[s:e].count("“") + self.text[s:e].count("”") + self.text[s:e].count('"') == 1:
                s, e = _trim(self.text, s + (self.text[s] in _QUOTE_CHARS), e - (self.text[e - 1] in _QUOTE_CHARS))
            if e > s:
                out.append((s, e))
        merged: list[tuple[int, int]] = []
        for s, e in sorted(out):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        return merged

    def cue_span(self, v: Any) -> tuple[int, int]:
        """The verb group: auxiliaries and negation before the verb, particles after it."""
        start = v.i
        for c in sorted((c for c in v.children if c.i < v.i), key=lambda c: -c.i):
            if c.dep_ in ("aux", "auxpass", "neg") and c.i == start - 1:
                start = c.i
        end = v.i
        for c in v.children:
            if c.dep_ == "prt" and c.i == end + 1:
                end = c.i
        return self.doc[start].idx, _end(self.doc[end])

    def source_span(self, root: Any) -> tuple[int, int]:
        """The full noun phrase (apposition included) without relative clauses and trailing commas."""
        cut = root.right_edge.i + 1
        for t in root.subtree:
            if t.dep_ == "relcl" and t.head.i >= root.i:
                cut = min(cut, t.left_edge.i)
        end = cut
        while end > root.left_edge.i + 1 and (self.doc[end - 1].is_punct or self.doc[end - 1].dep_ == "cc"):
            end -= 1
        return _trim(self.text, root.left_edge.idx, _end(self.doc[end - 1]))

    # ------------------------------------------------------------------ rules
    def subject(self, v: Any) -> tuple[Any | None, bool]:
        """The cue's speaker noun phrase root, walking up participles and conjuncts; and whether passive."""
        cur = v
        for _ in range(4):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
            agent = next((c for c in cur.children if c.dep_ == "agent"), None)
            if subj is not None:
                if subj.dep_ == "nsubjpass" or subj.dep_ == "expl":
                    if agent is not None:
                        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                        return pobj, False
                    return None, True
                return subj, False
            if cur.dep_ in ("advcl", "xcomp", "conj") and cur.head.i != cur.i:
                cur = cur.head
                continue
            if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
                return cur.head, False
            break
        return None, False

    def _adjacent_segment(self, v: Any, sent: Any) -> tuple[tuple[int, int], str] | None:
        """A quoted segment right before the reporting clause or right after the cue (``said: “…”``)."""
        rc_left = min(t.left_edge.i for t in [v, *(c for c in v.children if c.dep_ in ("nsubj", "aux", "neg"))])
        before = self.text[max(sent.start_char, self.doc[rc_left].idx - 4):self.doc[rc_left].idx]
        for qs, qe in self.segments:
            if qe <= self.doc[rc_left].idx and before.strip(" ,\n").endswith(("”", '"')) and \
                    self.text[qe:self.doc[rc_left].idx].strip(" ,") == "":
                return (qs, qe), "left"
            after = self.text[_end(v):qs]
            if qs >= _end(v) and len(after) < 40 and after.strip().endswith((":", ",")) and \
                    "." not in after:
                return (qs, qe), "right"
        return None

    def verb_quote(self, v: Any) -> Candidate | None:
        lemma = v.lemma_.lower()
        if lemma not in lx.SPEECH_VERBS or v.pos_ not in ("VERB", "AUX") or v.dep_ in ("amod", "relcl"):
            return None
        sent = v.sent
        comp = next((c for c in v.children if c.dep_ in ("ccomp",)), None)
        if comp is None and v.dep_ in ("parataxis",) and v.head.i < v.i:
            comp = v.head  # `… is Y, he said`: the reporting clause hangs off the content's root
        rc = {t.i for t in v.subtree}
        content_toks: set[int] = set()
        if lemma in lx.SMALL_CLAUSE_VERBS and comp is None:
            obj = next((c for c in v.children if c.dep_ == "dobj"), None)
            pred = next((c for c in v.children if c.dep_ in ("oprd", "xcomp", "attr")
                         or (c.dep_ == "prep" and c.lower_ == "as")), None)
            if obj is None or pred is None:
                return None
            content_toks = set(range(obj.left_edge.i, pred.right_edge.i + 1))
        elif comp is not None:
            if comp is v.head:
                content_toks = {t.i for t in comp.subtree} - rc
                content_toks |= set(range(sent.start, v.left_edge.i))
            else:
                content_toks = {t.i for t in comp.subtree}
                if comp.i < v.i:  # content left of the cue: the whole attributed clause
                    content_toks |= set(range(sent.start, comp.left_edge.i))
            if lemma in lx.QUOTED_ONLY_VERBS:
                spans = self._runs(content_toks)
                if not any(qs < e and qe > s for s, e in spans for qs, qe in self.segments):
                    return None
        else:
            adj = self._adjacent_segment(v, sent)
            if adj is None:
                return None
            content_toks = {t.i for t in self.doc if adj[0][0] <= t.idx < adj[0][1]}
        if lemma in lx.COURT_VERBS:
            subj, _ = self.subject(v)
            if subj is None or subj.lemma_.lower() != "court":
                return None
        # drop the complementiser and the reporting clause itself
        content_toks = {i for i in content_toks if not (self.doc[i].dep_ == "mark" and self.doc[i].lower_ in
                                                         ("that", "whether", "if"))} - {v.i}
        subj, passive = self.subject(v)
        left_rc = {t.i for c in v.children if c.dep_ in ("nsubj", "aux", "neg", "nsubjpass", "auxpass")
                   for t in c.subtree}
        content_toks -= left_rc
        cue = self.cue_span(v)
        spans = self._snap(self._runs(content_toks), cue)
        if not spans or sum(e - s for s, e in spans) < 8:
            return None
        if subj is not None and subj.lower_ in ("that", "which", "who", "what", "this"):
            return None
        source = self.source_span(subj) if subj is not None else None
        if source and any(s <= source[0] < e for s, e in spans):
            return None
        return Candidate(cue, source, subj.i if subj is not None else None, tuple(spans),
                         "ANONYMOUS" if passive and subj is None else None)

    def according_to(self, tok: Any) -> Candidate | None:
        if tok.lower_ != "according":
            return None
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is None:
            return None
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        sent = tok.sent
        drop = {t.i for t in tok.subtree} | {tok.i, to.i}
        content = self._snap(self._runs(set(range(sent.start, sent.end)) - drop), None)
        if sum(e - s for s, e in content) < 8:
            return None
        return Candidate((tok.idx, _end(to)), self.source_span(pobj), pobj.i, tuple(content))

    def reportedly(self, tok: Any) -> Candidate | None:
        if tok.lower_ not in lx.ADVERB_CUES:
            return None
        sent = tok.sent
        content = self._snap(self._runs(set(range(sent.start, sent.end)) - {tok.i}), None)
        return Candidate((tok.idx, _end(tok)), None, None, tuple(content), "ANONYMOUS")

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        for tok in self.doc:
            cand = self.verb_quote(tok) or self.according_to(tok) or self.reportedly(tok)
            if cand is not None:
                found.append(cand)
        found.sort(key=lambda c: c.content[0])
        return self._continuations(found)

    def _continuations(self, found: list[Candidate]) -> list[Candidate]:
        """A quoted sentence with no cue right after a quote with quotation marks continues it."""
        covered = [s for c in found for s in c.content]
        out = list(found)
        for qs, qe in self.segments:
            if any(s < qe and e > qs for s, e in covered):
                continue
            words = self.text[qs:qe].split()
            prev_char = self.text[:qs].rstrip()[-1:]
            if len(words) < 4 or prev_char not in ("", ".", "!", "?", "”", '"', ":"):
                continue
            prior = [i for i, c in enumerate(out) if c.content[-1][1] <= qs and c.source is not None]
            if not prior:
                continue
            i = max(prior, key=lambda j: out[j].content[-1][1])
            prev = out[i]
            between = self.text[prev.content[-1][1]:qs]
            quoted_prev = any(self.text[s] in _QUOTE_CHARS or self.text[e - 1] in _QUOTE_CHARS
                              for s, e in prev.content)
            if not quoted_prev or len(between) > 120 or between.count(".") > 1:
                continue
            cand = Candidate(None, prev.source, prev.source_root, ((qs, qe),), prev.kind_hint)
            out.append(cand)
            covered.append((qs, qe))
        out.sort(key=lambda c: c.content[0])
        return out
