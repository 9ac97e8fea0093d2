"""Registry consistency warnings (guidelines §1.3, §1.4, §7.1), all *warnings* with stable ids:

=========================  ==================================================================
registry-name-untagged     a registry name or alias (>= 3 characters, case-sensitive, whole word) of
                           an entity the document already links occurs outside every entity span
registry-excluded          a registry row names what §1.3 excludes (diseases, generic descriptions)
registry-id-slug           a registry id is not the slug of the row's name (or slug + ``-suffix``; see
                           :func:`accepted_slugs`)
=========================  ==================================================================

>>> slug("Élysée Palace"), slug("U.S. Department of State"), slug("Australia’s Nuclear-Powered Submarine")
('elysee-palace', 'us-department-of-state', 'australias-nuclear-powered-submarine')
>>> slug("Paweł Adamowicz"), slug("flag.govt.nz"), slug("Washington, D.C.")
('pawel-adamowicz', 'flag-govt-nz', 'washington-dc')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from bench.annotation.diagnostics import Issue
from bench.types import Document, RegistryEntry

MIN_NAME_CHARS = 3

#: Names §1.3 excludes from the registry (compared case-insensitively, a leading "the" ignored),
#: with the reason printed in the warning. Kept small and explicit on purpose.
EXCLUDED_NAMES: dict[str, str] = {
    **dict.fromkeys(("covid-19", "covid", "coronavirus", "sars-cov-2", "covid-19 pandemic",
                     "coronavirus pandemic", "measles", "ebola", "influenza", "polio", "cholera", "hiv/aids"),
                    "diseases are not tagged (§1.3)"),
    **dict.fromkeys(("president", "vice president", "prime minister", "administration", "government",
                     "alliance", "secretary"),
                    "a generic description is not a name (§1.3)"),
    **dict.fromkeys(("francophile", "transatlantic", "euro-atlantic", "atlantic alliance"),
                    "listed as not a name (§1.3, §7.1)"),
}

#: Registry ids allowed although they are not the slug of their row's name (none so far): add an id
#: here only with the guideline decision that allows it.
ALLOWED_IDS: frozenset[str] = frozenset()

_APOSTROPHES = re.compile(r"['’ʼ‘`]")
_ABBREVIATION_DOT = re.compile(r"\b(\w)\.")
#: Letters NFKD does not decompose into an ASCII base letter.
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                          "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ı": "i"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)\s*$")
_ARTICLE = re.compile(r"^the\s+", re.I)


def accepted_slugs(name: str) -> set[str]:
    """Slugs an id may equal (or extend with ``-suffix``): of the full name; of the name without a
    trailing parenthetical disambiguator (``Élysée (French presidency)`` → ``elysee``); and without a
    leading ``The`` (``The New York Times`` → ``new-york-times``)."""
    forms = {name, _PARENTHETICAL.sub("", name)}
    forms |= {_ARTICLE.sub("", f) for f in forms}
    return {slug(f) for f in forms if slug(f)}


def slug(name: str) -> str:
    """The §1.4 slug: accents dropped (``Ł`` → ``l``), lower-case ASCII, apostrophes and abbreviation dots
    dropped (``U.S.`` → ``us``), every other run of non-alphanumerics one ``-`` (``flag.govt.nz``)."""
    name = _ABBREVIATION_DOT.sub(r"\1", name.translate(_DASHES).translate(_LETTERS))
    ascii_name = _APOSTROPHES.sub("", unicodedata.normalize("NFKD", name))
    ascii_name = ascii_name.encode("ascii", "ignore").decode("ascii").lower()
    return _NON_SLUG.sub("-", ascii_name).strip("-")


def _linked(doc: Document) -> set[str]:
    ids = {e.entity for e in doc.entities if e.entity}
    ids |= {q.speaker for q in doc.quotes if q.speaker}
    ids |= {a.entity for ev in doc.events for a in ev.arguments if a.entity}
    return ids


def untagged_names(doc: Document, registry: Mapping[str, RegistryEntry]) -> list[tuple[int, int, str]]:
    """``(start, end, registry id)`` of every untagged occurrence of a linked entity's name or alias.

    An occurrence counts as tagged when any entity span overlaps it; an occurrence inside a longer
    reported one is not reported again.
    """
    found: list[tuple[int, int, str]] = []
    # occurrences inside a phrase §1.3 excludes (the `Atlantic` of `Atlantic alliance`) are not names
    excluded = [(m.start(), m.end()) for phrase in EXCLUDED_NAMES
                for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", doc.text, re.I) if " " in phrase]
    for rid in sorted(_linked(doc)):
        row = registry.get(rid)
        if row is None:
            continue
        for name in {row.name, *row.aliases}:
            if len(name) < MIN_NAME_CHARS or _ARTICLE.sub("", name.strip()).casefold() in EXCLUDED_NAMES:
                continue  # too short to be sure, or a name §1.3 says is not tagged (reported as registry-excluded)
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", doc.text):
                if not any(e.start < m.end() and m.start() < e.end for e in doc.entities) and not any(
                        s <= m.start() and m.end() <= e for s, e in excluded):
                    found.append((m.start(), m.end(), rid))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0]), x[2]))
    kept: list[tuple[int, int, str]] = []
    for s, e, rid in found:
        if not any(ks <= s and e <= ke for ks, ke, _ in kept):
            kept.append((s, e, rid))
    return kept


def check_untagged_names(doc: Document, registry: Mapping[str, RegistryEntry], file: str = "") -> list[Issue]:
    return [Issue("registry-name-untagged", doc.id, s,
                  f"{doc.text[s:e]!r} is a name of {rid} (linked elsewhere in this document) but is not tagged",
                  file, severity="warning")
            for s, e, rid in untagged_names(doc, registry)]


def _excluded(row: RegistryEntry) -> list[tuple[str, str]]:
    """``(name, reason)`` for the row's name and aliases that §1.3 excludes."""
    out = []
    for name in (row.name, *row.aliases):
        key = _ARTICLE.sub("", name.strip()).casefold()
        if key in EXCLUDED_NAMES:
            out.append((name, EXCLUDED_NAMES[key]))
    return out


def check_registry_rows(entries: Iterable[RegistryEntry], file: str = "") -> list[Issue]:
    """``registry-excluded`` and ``registry-id-slug`` for every registry row."""
    out: list[Issue] = []
    for row in entries:
        for name, reason in _excluded(row):
            what = "name" if name == row.name else "alias"
            out.append(Issue("registry-excluded", "registry", None, f"{row.id}: {what} {name!r}: {reason}", file,
                             severity="warning"))
        accepted = accepted_slugs(row.name)
        expected = slug(row.name)
        if row.id not in ALLOWED_IDS and not any(row.id == a or row.id.startswith(a + "-") for a in accepted):
            out.append(Issue("registry-id-slug", "registry", None,
                             f"{row.id}: the slug of its name {row.name!r} is {expected!r} "
                             f"(rename with `enquete annotate rename-entity {row.id} {expected}`)", file,
                             severity="warning"))
    return out
