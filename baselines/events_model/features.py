"""Features of events-model.v1 over an en_core_web_sm parse: trigger tokens, argument candidates and
(trigger, candidate) pairs (dependency path, entity label, span shape), and realis cues."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from baselines.events_model.lexicon import PRIOR

Feats = dict[str, float]
TRIGGER_POS = frozenset({"VERB", "NOUN", "PROPN", "ADJ"})
LIGHT_VERBS = frozenset({"hold", "have", "make", "take", "give", "conduct", "host", "attend", "join"})
MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must", "shall", "'ll", "’ll"})
PLAN_LEMMAS = frozenset({"plan", "expect", "hope", "want", "seek", "intend", "propose", "aim", "schedule",
                         "prepare", "wish", "try", "need", "urge", "call", "ask", "invite", "agree", "set",
                         "upcoming", "future", "next", "potential", "possible", "likely", "planned"})
_SUFFIX = re.compile(r"(tion|sion|ment|ance|ence|ing|al|ure|ship|ism|ity)$")


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7-10" if n < 11 else "11+"


def trigger_features(tok: Any) -> Feats:
    """Features of one token as a potential trigger (lexical, lexicon prior, syntax, context)."""
    lemma, lower, pos = tok.lemma_.lower(), tok.lower_, tok.pos_
    doc = tok.doc
    prior = PRIOR.get(lemma) or PRIOR.get(lower) or ("O",)
    f: Feats = {f"l={lemma}": 1.0, f"w={lower}": 1.0, f"pos={pos}": 1.0, f"tag={tok.tag_}": 1.0,
                f"dep={tok.dep_}": 1.0, f"l|pos={lemma}|{pos}": 1.0, f"hl={tok.head.lemma_.lower()}": 1.0,
                f"hdep={tok.head.dep_}|{tok.dep_}": 1.0, f"ent={tok.ent_type_ or 'O'}": 1.0,
                f"prior_n={len(prior) if prior[0] != 'O' else 0}": 1.0}
    for p in prior:
        f[f"prior={p}"] = 1.0
        f[f"prior|pos={p}|{pos}"] = 1.0
    m = _SUFFIX.search(lower)
    if m:
        f[f"suf={m.group(1)}|{pos}"] = 1.0
    if tok.head.lemma_.lower() in LIGHT_VERBS and tok.dep_ in ("dobj", "pobj", "attr"):
        f["light_obj"] = 1.0
    for c in tok.children:
        f[f"cdep={c.dep_}"] = 1.0
        if c.dep_ in ("prep", "prt"):
            f[f"cl={lemma}|{c.lower_}"] = 1.0
        if c.dep_ in ("compound", "amod"):
            f[f"mod={c.lemma_.lower()}"] = 1.0
    for off in (-2, -1, 1, 2):
        j = tok.i + off
        f[f"w{off}={doc[j].lower_ if 0 <= j < len(doc) else '<>'}"] = 1.0
    if "-" in tok.text or (tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-"):
        f["hyphen"] = 1.0
    return f


def trigger_candidates(doc: Any) -> Iterator[Any]:
    """Tokens that may be triggers: content words (every gold trigger head is one)."""
    return (t for t in doc if t.pos_ in TRIGGER_POS and not t.is_punct)


def candidates(sent: Any) -> list[tuple[int, int, str]]:
    """Argument candidate spans ``(start_tok, end_tok, kind)`` in a sentence: entities (and without
    "the"), noun chunks (and without the determiner), pronouns and nominal heads."""
    out: dict[tuple[int, int], str] = {}

    def add(s: int, e: int, kind: str) -> None:
        if e > s:
            out.setdefault((s, e), kind)

    for ent in sent.ents:
        add(ent.start, ent.end, "ent")
        if ent[0].lower_ == "the":
            add(ent.start + 1, ent.end, "ent-the")
    for nc in sent.noun_chunks:
        add(nc.start, nc.end, "chunk")
        if nc[0].dep_ in ("det", "poss") and len(nc) > 1:
            add(nc.start + 1, nc.end, "chunk-det")
        of = next((c for c in nc.root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None and obj.right_edge.i < sent.end:
            add(nc.start, obj.right_edge.i + 1, "chunk-of")
    for t in sent:
        if t.pos_ in ("PRON", "PROPN", "NOUN", "NUM") or t.lower_ in ("here", "there", "home", "abroad"):
            add(t.i, t.i + 1, "token")
    return sorted((s, e, k) for (s, e), k in out.items())


def _path(a: Any, b: Any) -> list[str]:
    """Dependency path from token ``a`` up to the lowest common ancestor and down to ``b``."""
    up = [a, *a.ancestors]
    down = [b, *b.ancestors]
    common = next((t for t in up if t in down), None)
    if common is None:
        return ["none"]
    steps = [f"^{t.dep_}" for t in up[:up.index(common)]]
    tail = down[:down.index(common)]
    for t in reversed(tail):
        steps.append(f"v{t.dep_}:{t.lower_}" if t.dep_ in ("prep", "agent") else f"v{t.dep_}")
    return steps


def pair_features(doc: Any, trig: Any, etype: str, cand: tuple[int, int, str]) -> Feats:
    """Features of (trigger, candidate span) for the role classifier."""
    s, e, kind = cand
    span = doc[s:e]
    root = span.root
    path = _path(trig, root)
    p = "/".join(path) if len(path) <= 4 else "long"
    short = "/".join(path[:2])
    ent = span.ents[0].label_ if len(span.ents) == 1 and span.ents[0].start == s and span.ents[0].end == e \
        else (root.ent_type_ + "~" if root.ent_type_ else "O")
    dist = (s - trig.i) if s > trig.i else (trig.i - e + 1)
    side = "after" if s > trig.i else "before" if e <= trig.i else "over"
    prep = root.head.lower_ if root.dep_ == "pobj" else "-"
    f: Feats = {f"p={p}": 1.0, f"t|p={etype}|{p}": 1.0, f"t|sp={etype}|{short}": 1.0, f"sp={short}": 1.0,
                f"ent={ent}": 1.0, f"t|ent={etype}|{ent}": 1.0, f"kind={kind}": 1.0, f"kind|ent={kind}|{ent}": 1.0,
                f"t|kind={etype}|{kind}": 1.0, f"dist={_bucket(abs(dist))}": 1.0, f"side={side}": 1.0,
                f"t|side={etype}|{side}": 1.0, f"cpos={root.pos_}": 1.0, f"cdep={root.dep_}": 1.0,
                f"t|cdep={etype}|{root.dep_}": 1.0, f"prep={prep}": 1.0, f"t|prep={etype}|{prep}": 1.0,
                f"len={_bucket(e - s)}": 1.0, f"first={span[0].pos_}": 1.0, f"plen={_bucket(len(path))}": 1.0,
                f"tpos={trig.pos_}": 1.0, f"t|tpos|side={etype}|{trig.pos_}|{side}": 1.0,
                f"cl={root.lemma_.lower()}": 1.0}
    if root.dep_ in ("compound", "amod", "nmod") and not s <= root.head.i < e:
        f[f"modifier={root.dep_}|{'name' if root.head.ent_type_ else 'noun'}"] = 1.0
    if s > 0 and doc[s - 1].dep_ in ("det", "poss", "compound", "amod", "nummod") and doc[s - 1].head.i >= s:
        f["has_left_mod"] = 1.0
    if root.head.i == trig.i:
        f[f"child={root.dep_}"] = 1.0
    if trig.head.i == root.i:
        f[f"parent={trig.dep_}"] = 1.0
    if kind == "token" and root.pos_ == "PRON":
        f[f"pron={root.lower_}"] = 1.0
    return f


def realis_features(tok: Any) -> Feats:
    """Cues of realis (modality, tense, purpose infinitives, negation) around a trigger token."""
    f: Feats = {f"tag={tok.tag_}": 1.0, f"pos={tok.pos_}": 1.0, f"dep={tok.dep_}": 1.0,
                f"hl={tok.head.lemma_.lower()}": 1.0, f"hdep={tok.head.dep_}": 1.0}
    scope = [tok, *([tok.head] if tok.dep_ in ("xcomp", "pobj", "dobj", "nsubj", "advcl", "ccomp") else [])]
    for t in scope:
        for c in t.children:
            if c.dep_ in ("aux", "auxpass", "neg", "mark", "det", "amod", "advmod"):
                word = c.lower_
                f[f"c={c.dep_}:{word}"] = 1.0
                if word in MODALS:
                    f["modal"] = 1.0
                if c.lemma_.lower() in PLAN_LEMMAS:
                    f["plan"] = 1.0
    for a in list(tok.ancestors)[:3]:
        if a.lemma_.lower() in PLAN_LEMMAS:
            f[f"anc={a.lemma_.lower()}"] = 1.0
            f["plan"] = 1.0
        if any(c.lower_ in MODALS for c in a.children if c.dep_ == "aux"):
            f["anc_modal"] = 1.0
    if tok.i > 0 and tok.doc[tok.i - 1].lower_ == "to":
        f["to_inf"] = 1.0
    return f


def negated(tok: Any) -> bool:
    """Explicit negation of the trigger (``not``/``never`` on it or on its light verb, ``no`` before a noun)."""
    heads = [tok, *([tok.head] if tok.dep_ in ("dobj", "xcomp", "attr") else [])]
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for h in heads for c in h.children)
