"""llm.v1: an adapter for any OpenAI-compatible chat endpoint.

Configuration (constructor arguments or environment): ``base_url`` (``ENQUETE_LLM_BASE_URL``), ``model``
(``ENQUETE_LLM_MODEL``), ``api_key`` (``ENQUETE_LLM_API_KEY``, optional). The model is prompted with the
guidelines' label sets and asked for JSON with quoted strings; character offsets are recovered by
locating those strings in the text (left to right, preferring the first unused occurrence). Items that
cannot be located are dropped and counted in ``config()["unlocated"]``. This is the only extractor that
touches the network, and only when it is run.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.annotation import inventory as inv
from bench.errors import EnqueteError
from bench.run.extractors import DocumentInput
from bench.types import Argument, Entity, Event, Prediction, Quote, Span

SYSTEM = (
    "You annotate English news text. Return only a JSON object with keys entities, quotes, events.\n"
    f"entities: list of {{\"text\", \"label\"}}; label in {', '.join(inv.ENTITY_LABELS)} (OntoNotes 5.0; titles "
    "outside names, possessive 's outside).\n"
    f"quotes: list of {{\"type\", \"cue\", \"source\", \"content\"}}; type in {', '.join(inv.QUOTE_TYPES)}; every "
    "value except type is an exact substring of the text.\n"
    f"events: list of {{\"type\", \"trigger\", \"realis\", \"arguments\": [{{\"role\", \"text\"}}]}}; type in "
    f"{', '.join(inv.EVENT_TYPES)}; realis in {', '.join(inv.REALIS)}; role in {', '.join(inv.ROLES)}.\n"
    "Copy every text value exactly as it appears in the article, in reading order."
)


class _Locator:
    """Turns quoted strings into spans, left to right, each occurrence used once where possible."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.used: set[tuple[int, int]] = set()
        self.cursor = 0
        self.missed = 0

    def find(self, needle: Any, advance: bool = True) -> Span | None:
        if not isinstance(needle, str) or not needle.strip():
            return None
        needle = needle.strip()
        starts = [m.start() for m in re.finditer(re.escape(needle), self.text)]
        if not starts:
            self.missed += 1
            return None
        free = [s for s in starts if (s, s + len(needle)) not in self.used]
        pick = next((s for s in free if s >= self.cursor), None)
        if pick is None:
            pick = (free or starts)[0]
        if advance:
            self.cursor = pick
        self.used.add((pick, pick + len(needle)))
        return Span(pick, pick + len(needle), needle)


@dataclass
class LLMExtractor:
    base_url: str = ""
    model: str = ""
    api_key: str = ""
    timeout: float = 120.0
    name: str = "llm.v1"
    provides: tuple[str, ...] = ("entities", "quotes", "events")
    _stats: dict[str, int] = field(default_factory=lambda: {"unlocated": 0, "invalid_items": 0, "bad_json": 0})

    def __post_init__(self) -> None:
        self.base_url = (self.base_url or os.environ.get("ENQUETE_LLM_BASE_URL", "")).rstrip("/")
        self.model = self.model or os.environ.get("ENQUETE_LLM_MODEL", "")
        self.api_key = self.api_key or os.environ.get("ENQUETE_LLM_API_KEY", "")
        if not self.base_url or not self.model:
            raise EnqueteError("llm.v1 needs an endpoint: set ENQUETE_LLM_BASE_URL (an OpenAI-compatible "
                               "/v1 URL) and ENQUETE_LLM_MODEL, or pass --config base_url=... --config model=...")

    def config(self) -> dict[str, Any]:
        return {"base_url": self.base_url, "model": self.model, **self._stats}

    def _chat(self, text: str) -> str:
        body = json.dumps({"model": self.model, "temperature": 0,
                           "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}]})
        req = urllib.request.Request(f"{self.base_url}/chat/completions", data=body.encode("utf-8"),
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {})})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                data = json.loads(resp.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
            raise EnqueteError(f"llm.v1: request to {self.base_url} failed: {exc}") from None
        try:
            return str(data["choices"][0]["message"]["content"])
        except (KeyError, IndexError, TypeError):
            raise EnqueteError(f"llm.v1: unexpected response shape from {self.base_url}") from None

    @staticmethod
    def _parse(content: str) -> dict[str, Any]:
        m = re.search(r"\{.*\}", content, re.DOTALL)
        if not m:
            raise ValueError("no JSON object in the reply")
        data = json.loads(m.group(0))
        if not isinstance(data, dict):
            raise ValueError("reply is not a JSON object")
        return data

    def predict(self, documents: Sequence[DocumentInput]) -> list[Prediction]:
        return [self._one(d) for d in documents]

    def _one(self, doc: DocumentInput) -> Prediction:
        try:
            data = self._parse(self._chat(doc.text))
        except (ValueError, json.JSONDecodeError):
            self._stats["bad_json"] += 1
            return Prediction(doc.id, (), (), ())
        loc = _Locator(doc.text)
        ents = []
        for item in data.get("entities") or []:
            if not isinstance(item, dict) or item.get("label") not in inv.ENTITY_LABELS:
                self._stats["invalid_items"] += 1
                continue
            s = loc.find(item.get("text"))
            if s:
                ents.append(Entity(f"T{len(ents) + 1}", s.start, s.end, s.text, item["label"]))
        ents = _flat(ents)
        quotes = []
        for item in data.get("quotes") or []:
            if not isinstance(item, dict) or item.get("type") not in inv.QUOTE_TYPES:
                self._stats["invalid_items"] += 1
                continue
            qloc = _Locator(doc.text)
            content = qloc.find(item.get("content"))
            if content is None:
                continue
            direct = (content,) if item["type"] == "DIRECT" else ()
            quotes.append(Quote(f"Q{len(quotes) + 1}", item["type"], qloc.find(item.get("cue"), False),
                                qloc.find(item.get("source"), False), None, "OTHER", (content,), direct))
        events = []
        for item in data.get("events") or []:
            if not isinstance(item, dict) or item.get("type") not in inv.EVENT_TYPES:
                self._stats["invalid_items"] += 1
                continue
            trig = loc.find(item.get("trigger"), False)
            if trig is None:
                continue
            args = []
            for a in item.get("arguments") or []:
                if isinstance(a, dict) and a.get("role") in inv.EVENT_ROLES[item["type"]]:
                    s = loc.find(a.get("text"), False)
                    if s:
                        args.append(Argument(a["role"], s.start, s.end, s.text))
            realis = item.get("realis") if item.get("realis") in inv.REALIS else "ACTUAL"
            events.append(Event(f"V{len(events) + 1}", item["type"], trig, realis, "POSITIVE",
                                tuple(dict.fromkeys(args))))
        self._stats["unlocated"] += loc.missed
        return Prediction(doc.id, tuple(ents), tuple(quotes), tuple(events))


def _flat(ents: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for e in sorted(ents, key=lambda x: (x.start, -(x.end - x.start))):
        if not out or e.start >= out[-1].end:
            out.append(e)
    return [Entity(f"T{i + 1}", e.start, e.end, e.text, e.label) for i, e in enumerate(out)]
