"""events-model.v1: event triggers, types, arguments and realis learned from the **train split**.

Logistic regressions over an en_core_web_sm parse (scikit-learn, stored as JSON + ``.npy``):

* **trigger identification** — every content word is an event trigger or not, from its lemma, word,
  POS, dependency relation, head, children, neighbours, and a trigger lexicon (the guidelines' trigger
  words and spacy-sm.v1's list, :mod:`.lexicon`) as a *prior feature*;
* **trigger type** — a classifier trained on the train triggers, its choice restricted to the types
  the word had in train or in the lexicon (any type for a word known to neither). Multi-word triggers
  seen in train (``called for``, ``re-elected``) extend the predicted head word to the whole phrase;
* **arguments** — for each predicted trigger, every candidate span of its sentence (entities, noun
  chunks with and without the determiner, ``X of Y``, pronouns and nominal heads) gets a role allowed
  for the trigger's type (``EVENT_ROLES``, GUIDELINES §3.2) or ``NONE``, from the dependency path
  between trigger and candidate, the entity label, the preposition and the span's shape; overlapping
  picks are resolved greedily by probability;
* **realis** — ACTUAL / GENERIC / OTHER from modality, tense, purpose-infinitive and negation cues;
  polarity is NEGATIVE when the trigger is explicitly negated (a rule, GUIDELINES §3.4).

The identification and argument regularisation and decision thresholds are chosen on the
**validation split** (Trig-C, then Arg-C end to end over predicted triggers). Why linear models and not
a spaCy spancat/textcat: ~700 training triggers are too few for a neural tagger to beat sparse lexical
and syntactic features; this trains in about a minute on a CPU, deterministically, and a stored model
is plain data.

``enquete train events-model.v1`` writes ``results/models/events-model.v1/`` (``model.json`` with
the corpus hash and model hash, ``params.json``, ``*.npy``); loading checks the corpus hash. The model
is trained on first use if missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from baselines.events_model.model import Models, load_nlp
from baselines.events_model.train import MODEL_SUBDIR, NAME, train
from baselines.training import check_corpus, open_model
from bench.run.extractors import DocumentInput
from bench.types import Prediction

__all__ = ["EventsModelExtractor", "train"]


@dataclass
class EventsModelExtractor:
    """The events model in ``model_dir`` (default ``<results_dir>/models/events-model.v1``; trained there on
    first use from ``corpus``)."""

    model_dir: str = ""
    results_dir: str = "results"
    corpus: str = ""
    batch_size: int = 16
    name: str = NAME
    provides: tuple[str, ...] = ("events",)
    _models: Models | None = field(default=None, repr=False)
    _meta: dict[str, Any] = field(default_factory=dict, repr=False)
    _nlp: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        from bench.dataset.corpus import load_corpus

        path, corpus_path, self._meta = open_model(self.model_dir, self.results_dir, MODEL_SUBDIR, self.corpus, train)
        check_corpus(self.name, path, self._meta.get("corpus_hash"), load_corpus(corpus_path).hash)
        self._models = Models.load(path)
        self._nlp = load_nlp()

    def config(self) -> dict[str, Any]:
        keys = ("base", "corpus_hash", "model_hash", "train_fraction", "train_documents", "validation")
        return {k: self._meta.get(k) for k in keys}

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        assert self._models is not None
        docs = self._nlp.pipe([d.text for d in documents], batch_size=self.batch_size)
        return [Prediction(d.id, events=tuple(self._models.events(doc)))
                for d, doc in zip(documents, docs, strict=True)]
