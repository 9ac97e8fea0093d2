"""Event consistency warnings (guidelines §7.3), *warnings* with stable ids:

=========================  ==================================================================
event-typed-twice          two events of one document with the same trigger text and the same
                           participants (argument registry ids, else argument texts) but different types
realis-infinitive          an ACTUAL event whose trigger directly follows ``to `` (a to-infinitive),
                           first-person performatives (``I want to thank``) and entailed infinitives
                           (§8.3: ``managed to``, ``the first … to``, ``voted to``) excepted
=========================  ==================================================================
"""

from __future__ import annotations

import re

from bench.annotation.diagnostics import Issue
from bench.types import Document, Event

_TO_BEFORE = re.compile(r"(?<!\w)[Tt]o $")
#: First-person performatives: the act is performed in the saying (§3.1 thanks "even after `I want to`",
#: §6.3 performatives), so ``I want to thank``, ``I am pleased to transmit`` stay ACTUAL and are not reported.
_PERFORMATIVE = re.compile(r"(?<!\w)(?:I|we|We)(?:’m|'m|’d|'d)?(?: \w+){0,3}"
                           r" (?:want|like|wish|pleased|glad|delighted|honou?red|proud)(?: \w+){0,2} to $")


def participants(ev: Event) -> frozenset[str]:
    """An event's participants regardless of role: registry ids, else the argument's text (case-folded)."""
    return frozenset(a.entity or a.text.casefold() for a in ev.arguments)


def check_typed_twice(doc: Document, file: str = "") -> list[Issue]:
    out: list[Issue] = []
    first: dict[tuple[str, frozenset[str]], Event] = {}
    for ev in sorted(doc.events, key=lambda e: (e.trigger.start, e.trigger.end, e.id)):
        key = (ev.trigger.text.casefold(), participants(ev))
        seen = first.setdefault(key, ev)
        if seen is not ev and seen.type != ev.type:
            out.append(Issue("event-typed-twice", doc.id, ev.trigger.start,
                             f"event {ev.id} {ev.trigger.text!r} is {ev.type} but {seen.id} (same trigger text and "
                             f"participants) is {seen.type}", file, severity="warning"))
    return out


#: To-infinitives the sentence entails (§8.3): after implicative verbs (``was able to``, ``managed to``,
#: ``went on to``), ``the first/only/last/20th … to``, ``voted (66 to 27) to``; these may be ACTUAL.
_ENTAILED = re.compile(r"(?<!\w)(?:able|managed|went on|goes on|go on|voted(?: \([^)]*\))?|"
                       r"(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|tenth|twentieth|only|last)"
                       r"(?: [\w-]+){0,3}) to $", re.I)
#: A word after a prepositional ``to`` that is not a bare infinitive: a gerund (``admitted to ordering``)
#: or a plural noun (``connected to payments``); ``-ss``/``-us`` verbs (``to discuss``) are infinitives.
_NOT_BARE = re.compile(r"(?:ing|[^su]s)$")


def is_infinitive(text: str, start: int) -> bool:
    """The trigger at ``start`` directly follows ``to ``, looks like a bare verb (not ``-ing``, not a plural
    ``-s``), is not a first-person performative and is not entailed (§8.3)."""
    if not _TO_BEFORE.search(text, max(0, start - 4), start):
        return False
    word = re.match(r"\w+", text[start:])
    if word and _NOT_BARE.search(word.group(0)):
        return False
    before = (max(0, start - 80), start)
    return not _PERFORMATIVE.search(text, *before) and not _ENTAILED.search(text, *before)


def check_realis_infinitive(doc: Document, file: str = "") -> list[Issue]:
    return [Issue("realis-infinitive", doc.id, ev.trigger.start,
                  f"event {ev.id} {ev.trigger.text!r} is a to-infinitive but its realis is ACTUAL (§3.4, §7.3)",
                  file, severity="warning")
            for ev in doc.events if ev.realis == "ACTUAL" and is_infinitive(doc.text, ev.trigger.start)]


def check_events(doc: Document, file: str = "") -> list[Issue]:
    return [*check_typed_twice(doc, file), *check_realis_infinitive(doc, file)]
