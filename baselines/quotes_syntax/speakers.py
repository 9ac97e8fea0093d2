"""Speaker linking for quotes-syntax.v1: a source noun phrase → (registry id or None, source kind).

Names resolve through the **train split's** registry rows (names and aliases, as rules.v1 uses them),
then through longer mentions of the same name in the document (`Pelosi` → `Nancy Pelosi`, `SDF` →
`Syrian Democratic Forces (SDF)`), and else become a slug in the registry's id convention
(`Okey Oramah` → `okey-oramah`). Pronouns take the nearest preceding PERSON mention outside quotation
marks; `I` in a transcript takes the turn's speaker; definite descriptions (`the commissioner`, `the
agency`) take the nearest earlier source or mention introduced with the same noun.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from baselines.quotes_syntax import lexicon as lx
from bench.types import RegistryEntry

_TURN = re.compile(r"^([A-Z][A-Z.'’ -]{2,60}):", re.MULTILINE)
_NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def slug(name: str) -> str:
    """The registry's id convention: ASCII, lower case, words joined by ``-``.

    >>> slug("Recep Tayyip Erdoğan")
    'recep-tayyip-erdogan'
    """
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def clean_name(name: str) -> str:
    """A mention without a leading article, a possessive, a parenthesis or a leading title."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    name = re.sub(r"[’']s$", "", name).strip(" ,.")
    words = name.split()
    while len(words) > 1 and words[0].lower().strip(",") in lx.TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    label: str
    before: str  # a few lower-cased words before the mention (titles, roles)


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None
    kind: str


class Linker:
    """Resolves names to registry ids with the train registry rows it is given."""

    def __init__(self, registry: Iterable[RegistryEntry]) -> None:
        self._ids: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        for row in registry:
            for n in (row.name, *row.aliases):
                self._ids.setdefault(n.lower(), row.id)
            self._labels[row.id] = row.label

    def is_person(self, name: str) -> bool:
        """Whether a name (or alias) is a train registry PERSON row's."""
        rid = self._ids.get(name.lower()) or self._ids.get(clean_name(name).lower())
        return rid is not None and self._labels.get(rid) == "PERSON"

    def resolve(self, name: str, mentions: Sequence[Mention] = (), acronyms: dict[str, str] | None = None) -> str:
        """Registry id of a name: registry, then a longer mention of it in the document, then its slug."""
        for cand in (name, clean_name(name)):
            if cand.lower() in self._ids:
                return self._ids[cand.lower()]
        base = clean_name(name)
        if acronyms and base in acronyms:
            return self.resolve(acronyms[base], mentions)
        longer = [m.text for m in mentions if m.label == "PERSON" and len(clean_name(m.text)) > len(base)
                  and clean_name(m.text).endswith(" " + base)]
        if longer:
            full = clean_name(max(longer, key=len))
            if full.lower() in self._ids:
                return self._ids[full.lower()]
            return slug(full)
        return slug(base)


def document_mentions(sdoc: Any) -> list[Mention]:
    out = []
    for ent in sdoc.ents:
        if ent.label_ not in _NAME_LABELS:
            continue
        before = " ".join(t.lower_ for t in sdoc[max(0, ent.start - 5):ent.start])
        out.append(Mention(ent.start_char, ent.end_char, ent.text, ent.label_, before))
    return out


def acronyms(text: str) -> dict[str, str]:
    """``Syrian Democratic Forces (SDF)`` → ``{"SDF": "Syrian Democratic Forces"}``."""
    out: dict[str, str] = {}
    for m in re.finditer(r"((?:[A-Z][\w’'-]*\s(?:of\s|for\s|the\s|and\s)*){1,7})\(([A-Z]{2,6})\)", text):
        words = m.group(1).split()
        caps = [w for w in words if w[0].isupper()]
        if caps and "".join(w[0] for w in caps[-len(m.group(2)):]) == m.group(2):
            out[m.group(2)] = " ".join(words[-len(m.group(2)) - (len(words) - len(caps)):])
    return out


def turn_speaker(text: str, pos: int) -> str | None:
    """The speaker label of the transcript turn containing ``pos`` (`SECRETARY BLINKEN:` → `Blinken`)."""
    last = None
    for m in _TURN.finditer(text, 0, pos):
        last = m
    if last is None:
        return None
    words = [w for w in last.group(1).split() if w.lower() not in lx.TITLE_WORDS]
    return " ".join(w.capitalize() for w in words) or None
