"""Hugging Face ``datasets`` features of the three configs (documents, registry, tokens)."""

from __future__ import annotations

from datasets import ClassLabel, Features, List, Value

from bench.annotation.inventory import ENTITY_LABELS

#: IOB2 tag names of the ``tokens`` config, in ClassLabel order.
NER_TAGS: tuple[str, ...] = ("O", *(f"{p}-{label}" for label in ENTITY_LABELS for p in ("B", "I")))


def _span() -> dict[str, Value]:
    return {"start": Value("int32"), "end": Value("int32"), "text": Value("string")}


def document_features() -> Features:
    return Features({
        # date32, not string: `datasets` reads JSON Lines with Arrow, which infers an ISO date as a
        # timestamp, and a timestamp cast to string would read "2021-06-24 00:00:00".
        "id": Value("string"), "title": Value("string"), "date": Value("date32"),
        "publisher": Value("string"), "url": Value("string"), "license": Value("string"),
        "genre": Value("string"), "story": Value("string"), "split": Value("string"),
        "review": Value("string"), "text": Value("string"),
        "entities": List({
            "id": Value("string"), "start": Value("int32"), "end": Value("int32"), "text": Value("string"),
            "label": Value("string"), "entity": Value("string"),
        }),
        "quotes": List({
            "id": Value("string"), "type": Value("string"), "cue": _span(), "source": _span(),
            "speaker": Value("string"), "source_kind": Value("string"), "content": List(_span()),
            "direct": List(_span()), "addressee": _span(),
        }),
        "events": List({
            "id": Value("string"), "type": Value("string"), "trigger": _span(), "realis": Value("string"),
            "polarity": Value("string"),
            "arguments": List({
                "role": Value("string"), "start": Value("int32"), "end": Value("int32"),
                "text": Value("string"), "entity": Value("string"),
            }),
        }),
        "meta": {"origin": Value("string"), "source": Value("string"), "note": Value("string")},
    })


def registry_features() -> Features:
    return Features({"id": Value("string"), "name": Value("string"), "label": Value("string"),
                     "aliases": List(Value("string"))})


def token_features() -> Features:
    return Features({
        "id": Value("string"), "tokens": List(Value("string")), "token_starts": List(Value("int32")),
        "token_ends": List(Value("int32")), "ner_tags": List(ClassLabel(names=list(NER_TAGS))),
    })
