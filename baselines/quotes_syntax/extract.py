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

    def _in_segment(self, pos: int) -> bool:
        return any(qs <= pos < qe for qs, qe in self.segments)

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
        for _ in range(5):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
            agent = next((c for c in cur.children if c.dep_ == "agent"), None)
            if cur is not v and cur.dep_ == "ccomp" and cur.head.lemma_.lower() in lx.SPEECH_VERBS:
                cur = cur.head  # `X said … "…," further saying`: the speaker is X, not the content's subject
                continue
            if subj is not None:
                if subj.dep_ in ("nsubjpass", "expl"):
                    if agent is not None:
                        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                        return pobj, False
                    return None, True
                if subj.lower_ in ("who", "that", "which") and cur.dep_ == "relcl":
                    return cur.head, False
                return subj, False
            if cur.dep_ in ("advcl", "xcomp", "conj", "pcomp", "prep") and cur.head.i != cur.i:
                cur = cur.head
                continue
            if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
                return cur.head, False
            break
        return None, False

    def _adjacent_segment(self, v: Any, sent: Any) -> tuple[tuple[int, int], str] | None:
        """A quoted segment right before the reporting clause or right after the cue (``said: “…”``)."""
        rc_left = min(t.left_edge.i for t in [v, *(c for c in v.children if c.dep_ in ("nsubj", "aux", "neg"))])
        left_at = self.doc[rc_left].idx
        for qs, qe in self.segments:
            if qe <= left_at and self.text[qe:left_at].strip(" ,") == "" and not self._ends_sentence(qe, left_at):
                return (qs, qe), "left"
            after = self.text[_end(v):qs].strip()
            if qs >= _end(v) and len(after) < 40 and (after in ("", "that") or after.endswith((":", ","))) \
                    and "." not in after and len(self.text[qs:qe].split()) >= 4 and \
                    not any(t.pos_ == "VERB" and _end(v) <= t.idx < qs for t in sent):
                return (qs, qe), "right"
        return None

    def _ends_sentence(self, qe: int, nxt: int) -> bool:
        """A quoted segment closing with a full stop and followed by a capital starts a new sentence."""
        return self.text[qe - 2:qe - 1] == "." and self.text[nxt:nxt + 1].isupper()

    def _excluded(self, v: Any) -> bool:
        """Hypothetical, future, imperative and performative speech (§2.1) and non-cue uses."""
        if v.dep_ == "amod" or (v.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") for c in v.children)):
            return True  # `let's ask`, imperatives
        for c in v.children:
            if c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ in ("to", "’d", "'d", "’ll", "'ll")):
                return True
        subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
        return subj is not None and subj.lower_ in ("i", "we") and v.tag_ == "VBP" and \
            not any(c.dep_ == "aux" for c in v.children)

    def _content_tokens(self, v: Any, lemma: str) -> tuple[set[int], bool] | None:
        """Content tokens of a cue and whether they are left of it (None: the cue has no content)."""
        sent = v.sent
        comp = next((c for c in v.children if c.dep_ == "ccomp"), None)
        if comp is None and v.dep_ == "parataxis" and v.head.i < v.i:
            comp = v.head  # `… is Y, he said`: the reporting clause hangs off the content's root
        if lemma in lx.SMALL_CLAUSE_VERBS and comp is None:
            obj = next((c for c in v.children if c.dep_ == "dobj"), None)
            pred = next((c for c in v.children if c.dep_ in ("oprd", "xcomp", "attr")
                         or (c.dep_ == "prep" and c.lower_ == "as")), None)
            if obj is None or pred is None:
                return None
            return set(range(obj.left_edge.i, pred.right_edge.i + 1)), False
        if comp is None and lemma in lx.CLAUSE_VERBS:
            obj = next((c for c in v.children if c.dep_ == "dobj" and c.i > v.i), None)
            if obj is not None and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in obj.subtree):
                comp = obj  # `said a law allowing X marked Y`: a clause the parser hung on an object
        if comp is not None:
            if comp.i < v.i:  # content left of the cue: the whole attributed clause before the reporting clause
                rc_left = min(t.left_edge.i for t in v.children if t.dep_ in ("nsubj", "aux", "neg", "auxpass")) \
                    if any(t.dep_ in ("nsubj", "aux", "neg", "auxpass") for t in v.children) else v.i
                rc_left = min(rc_left, v.i)
                first = sent.start
                for j in range(sent.start, rc_left - 1):  # a sentence end the sentenciser missed
                    if self.doc[j].text in (".", "!", "?") and not self._in_segment(self.doc[j].idx) and \
                            self.doc[j + 1].idx > _end(self.doc[j]):
                        first = j + 1
                toks = set(range(first, rc_left))
                qs = next((s for s, e in self.segments if s < self.doc[rc_left].idx < e), None)
                if qs is not None:  # the reporting clause sits inside a quoted segment: not a cue
                    return None
                return toks, True
            toks = {t.i for t in comp.subtree}
            lead = next((i for i in sorted(toks) if not self.doc[i].is_space and self.doc[i].dep_ != "mark"), None)
            seg = next(((qs, qe) for qs, qe in self.segments if lead is not None and qs <= self.doc[lead].idx < qe
                        and not self.text[qs + 1:self.doc[lead].idx].strip()), None)
            if seg is not None and self.text[seg[1]:seg[1] + 1] in (",", ";"):  # `said, “…”, while …`
                toks = {i for i in toks if self.doc[i].idx < seg[1]}
            return toks, False
        adj = self._adjacent_segment(v, sent)
        if adj is None:
            return None
        return {t.i for t in self.doc if adj[0][0] <= t.idx < adj[0][1]}, adj[1] == "left"

    def verb_quote(self, v: Any) -> Candidate | None:
        lemma = v.lemma_.lower()
        if lemma not in lx.SPEECH_VERBS or v.pos_ not in ("VERB", "AUX") or self._excluded(v):
            return None
        if v.dep_ == "relcl" and not any(c.dep_ == "ccomp" for c in v.children) and \
                self._adjacent_segment(v, v.sent) is None:
            return None
        found = self._content_tokens(v, lemma)
        if found is None:
            return None
        content_toks, left = found
        if left:  # a quoted continuation right after a medial reporting clause: `“X,” he said, “Y.”`
            rc_right = max(t.right_edge.i for t in [v, *(c for c in v.children if not c.is_punct)])
            after = self.text[_end(self.doc[rc_right]):]
            lead = len(after) - len(after.lstrip(" ,"))
            seg = next(((s, e) for s, e in self.segments if s == _end(self.doc[rc_right]) + lead), None)
            if seg is not None and after[:lead].strip() == ",":
                content_toks |= {t.i for t in self.doc if seg[0] <= t.idx < seg[1]}
        if lemma in lx.QUOTED_ONLY_VERBS:
            spans = self._runs(content_toks)
            if not any(qs < e and qe > s for s, e in spans for qs, qe in self.segments):
                return None
        if lemma in lx.COURT_VERBS:
            subj, _ = self.subject(v)
            if subj is None or subj.lemma_.lower() != "court":
                return None
        # drop the complementiser, the reporting clause itself and nested reporting clauses
        content_toks = {i for i in content_toks if not (self.doc[i].dep_ == "mark" and self.doc[i].lower_ in
                                                         ("that", "whether", "if"))} - {v.i}
        for i in sorted(content_toks):
            t = self.doc[i]
            if i in content_toks and t.lemma_.lower() in lx.SPEECH_VERBS and (t.dep_ in ("relcl", "advcl") or (
                    t.dep_ == "conj" and t.tag_ == v.tag_ and
                    not any(c.dep_.startswith("nsubj") or c.dep_ == "aux" for c in t.children))):
                nested = {u.i for u in t.subtree}
                content_toks -= nested | ({t.i - 1} if self.doc[t.i - 1].is_punct else set())
        subj, passive = self.subject(v)
        left_rc = {t.i for c in v.children if c.dep_ in ("nsubj", "aux", "neg", "nsubjpass", "auxpass")
                   for t in c.subtree}
        content_toks -= left_rc
        first = min(content_toks, default=None)
        if first is not None and self.doc[first].lower_ in lx.SUBORDINATORS:
            return None
        cue = self.cue_span(v)
        spans = self._snap(self._runs(content_toks), cue)
        if not spans or sum(e - s for s, e in spans) < 8:
            return None
        if subj is not None and subj.lower_ in ("that", "which", "who", "what", "this"):
            return None
        if subj is None and not passive:
            return None  # a participle or infinitive whose speaker the parse does not give
        source = self.source_span(subj) if subj is not None else None
        if source and (any(s < source[1] and source[0] < e for s, e in spans) or source[0] < cue[1] <= source[1]):
            return None
        return Candidate(cue, source, subj.i if subj is not None else None, tuple(spans),
                         "ANONYMOUS" if passive and subj is None else None)

    def passive_raising(self, v: Any) -> Candidate | None:
        """`The victim is reported to be in critical condition`: content around an agentless passive cue."""
        if v.lemma_.lower() not in lx.SPEECH_VERBS or not any(c.dep_ == "auxpass" for c in v.children):
            return None
        subj = next((c for c in v.children if c.dep_ == "nsubjpass" and c.lower_ != "it"), None)
        xcomp = next((c for c in v.children if c.dep_ == "xcomp"), None)
        if subj is None or xcomp is None or any(c.dep_ == "agent" for c in v.children):
            return None
        spans = self._runs({t.i for t in subj.subtree}) + self._runs({t.i for t in xcomp.subtree})
        return Candidate(self.cue_span(v), None, None, tuple(self._snap(spans, None)), "ANONYMOUS")

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
        source = self.source_span(pobj)
        comma = next((t for t in pobj.subtree if t.i > pobj.i and t.text == "," and
                      not (t.i + 1 < len(self.doc) and self.doc[t.i + 1].dep_ == "appos")), None)
        if comma is not None:
            source = _trim(self.text, source[0], min(source[1], comma.idx))
        drop = {t.i for t in self.doc if source[0] <= t.idx < source[1]} | {tok.i, to.i}
        content = self._snap(self._runs(set(range(sent.start, sent.end)) - drop), None)
        if sum(e - s for s, e in content) < 8:
            return None
        return Candidate((tok.idx, _end(to)), source, pobj.i, tuple(content))

    def reportedly(self, tok: Any) -> Candidate | None:
        if tok.lower_ not in lx.ADVERB_CUES:
            return None
        scope = tok.head if tok.head.i != tok.i else tok
        content = self._snap(self._runs({t.i for t in scope.subtree} - {tok.i}), None)
        if not content:
            return None
        return Candidate((tok.idx, _end(tok)), None, None, tuple(content), "ANONYMOUS")

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        for tok in self.doc:
            cand = (self.verb_quote(tok) or self.passive_raising(tok) or self.according_to(tok)
                    or self.reportedly(tok))
            if cand is not None:
                found.append(cand)
                found.extend(self._relayed(tok, cand))
        found.extend(self._inverted_patterns(found))
        found.sort(key=lambda c: c.content[0])
        return self._continuations(found)

    def _covered(self, found: list[Candidate], qs: int, qe: int) -> bool:
        return any(s < qe and e > qs for c in found for s, e in c.content)

    def _inverted_patterns(self, found: list[Candidate]) -> list[Candidate]:
        """`“…,” added KCNA` / `“…;” read the statement` where the parse missed the reporting clause."""
        out: list[Candidate] = []
        for qs, qe in self.segments:
            if self._covered(found, qs, qe) or len(self.text[qs:qe].split()) < 3:
                continue
            nxt = [t for t in self.doc if t.idx >= qe][:8]
            while nxt and nxt[0].text in (",", ";"):
                nxt = nxt[1:]
            if not nxt or self._ends_sentence(qe, nxt[0].idx):
                continue
            cue_i = next((k for k, t in enumerate(nxt[:6]) if t.lemma_.lower() in lx.SPEECH_VERBS
                          and t.tag_ in ("VBD", "VBZ", "VBN")), None)
            if cue_i is None:
                continue
            v = nxt[cue_i]
            if cue_i == 0:  # verb first: the noun phrase after it
                np_toks = []
                for t in nxt[1:]:
                    if t.is_punct or t.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "CCONJ"):
                        break
                    np_toks.append(t)
            else:
                np_toks = nxt[:cue_i]
                if any(t.is_punct or t.pos_ in ("VERB", "AUX") for t in np_toks):
                    continue
            if not np_toks or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in np_toks):
                continue
            root = next((t for t in reversed(np_toks) if t.pos_ in ("PROPN", "NOUN", "PRON")), np_toks[-1])
            src = _trim(self.text, np_toks[0].idx, _end(np_toks[-1]))
            out.append(Candidate(self.cue_span(v), src, root.i, ((qs, qe),)))
        return out

    def _relayed(self, cue_tok: Any, cand: Candidate) -> list[Candidate]:
        """`According to Yonhap, quoting KCNA, …`: every relaying cue is its own quote, same content (§6.2)."""
        out = []
        for t in cue_tok.sent:
            if t.lemma_.lower() in lx.RELAY_VERBS and t.i != cue_tok.i and t.dep_ in ("advcl", "acl", "conj",
                                                                                     "prep", "xcomp"):
                obj = next((c for c in t.children if c.dep_ == "dobj"), None)
                if obj is not None and (cand.cue is None or abs(t.idx - cand.cue[0]) < 80):
                    src = self.source_span(obj)
                    if not any(s < src[1] and src[0] < e for s, e in cand.content):
                        out.append(Candidate((t.idx, _end(t)), src, obj.i, cand.content))
        return out

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
