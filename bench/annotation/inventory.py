"""The closed label inventories of schema v1: entity labels, quote and event types, roles, realis."""

from __future__ import annotations

ENTITY_LABELS: tuple[str, ...] = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
)
#: Labels whose mentions are names and therefore point into the registry.
NAME_LABELS: frozenset[str] = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
#: Numeric and temporal labels: never linked to the registry.
VALUE_LABELS: frozenset[str] = frozenset(ENTITY_LABELS) - NAME_LABELS

QUOTE_TYPES: tuple[str, ...] = ("DIRECT", "INDIRECT", "MIXED")
SOURCE_KINDS: tuple[str, ...] = ("PERSON", "ORGANIZATION", "ANONYMOUS", "DOCUMENT", "OTHER")

EVENT_TYPES: tuple[str, ...] = (
    "MEET", "PHONE_WRITE", "BROADCAST", "TRAVEL", "AGREE", "CANCEL_AGREEMENT", "SUPPORT", "REQUEST",
    "REJECT", "ACCUSE", "THREATEN", "SANCTION", "START_POSITION", "END_POSITION", "ELECT", "NOMINATE",
    "LEGISLATE", "TRANSFER_OWNERSHIP", "TRANSFER_MONEY", "ATTACK", "DEMONSTRATE", "INVESTIGATE",
    "ARREST", "CHARGE", "TRIAL", "SENTENCE", "DIE", "INJURE", "DISASTER",
)
REALIS: tuple[str, ...] = ("ACTUAL", "GENERIC", "OTHER")
POLARITY: tuple[str, ...] = ("POSITIVE", "NEGATIVE")
#: ``review`` of a document: has a person checked it (absent in the YAML means ``none``)?
REVIEW: tuple[str, ...] = ("none", "human")
ROLES: tuple[str, ...] = (
    "PARTICIPANT", "AGENT", "RECIPIENT", "PERSON", "ENTITY", "POSITION", "ARTIFACT", "ORIGIN",
    "DESTINATION", "PLACE", "TIME", "DURATION", "TOPIC", "MONEY", "VICTIM", "INSTRUMENT",
)

_COMMON = ("PLACE", "TIME", "DURATION", "TOPIC")
#: Which roles each event type may take (the guidelines' table; the validator enforces it).
EVENT_ROLES: dict[str, frozenset[str]] = {
    t: frozenset(r + _COMMON)
    for t, r in {
        "MEET": ("PARTICIPANT",),
        "PHONE_WRITE": ("PARTICIPANT", "AGENT", "RECIPIENT"),
        "BROADCAST": ("AGENT", "RECIPIENT"),
        "TRAVEL": ("PERSON", "ORIGIN", "DESTINATION", "AGENT", "ARTIFACT"),
        "AGREE": ("PARTICIPANT", "ARTIFACT"),
        "CANCEL_AGREEMENT": ("AGENT", "RECIPIENT", "ARTIFACT"),
        "SUPPORT": ("AGENT", "RECIPIENT"),
        "REQUEST": ("AGENT", "RECIPIENT"),
        "REJECT": ("AGENT", "RECIPIENT", "ARTIFACT"),
        "ACCUSE": ("AGENT", "RECIPIENT"),
        "THREATEN": ("AGENT", "RECIPIENT"),
        "SANCTION": ("AGENT", "RECIPIENT", "ARTIFACT"),
        "START_POSITION": ("PERSON", "ENTITY", "POSITION", "AGENT"),
        "END_POSITION": ("PERSON", "ENTITY", "POSITION", "AGENT"),
        "ELECT": ("AGENT", "PERSON", "ENTITY", "POSITION"),
        "NOMINATE": ("AGENT", "PERSON", "ENTITY", "POSITION"),
        "LEGISLATE": ("AGENT", "ARTIFACT"),
        "TRANSFER_OWNERSHIP": ("AGENT", "RECIPIENT", "ARTIFACT", "MONEY"),
        "TRANSFER_MONEY": ("AGENT", "RECIPIENT", "MONEY"),
        "ATTACK": ("AGENT", "VICTIM", "INSTRUMENT"),
        "DEMONSTRATE": ("AGENT",),
        "INVESTIGATE": ("AGENT", "PERSON"),
        "ARREST": ("AGENT", "PERSON"),
        "CHARGE": ("AGENT", "PERSON"),
        "TRIAL": ("AGENT", "PERSON"),
        "SENTENCE": ("AGENT", "PERSON"),
        "DIE": ("VICTIM", "AGENT", "INSTRUMENT"),
        "INJURE": ("VICTIM", "AGENT", "INSTRUMENT"),
        "DISASTER": ("VICTIM", "ENTITY"),
    }.items()
}

#: Anchors for exports (SCHEMA.md table).
EVENT_ANCHORS: dict[str, dict[str, str | None]] = {
    "MEET": {"ace": "Contact:Meet", "plover": "CONSULT"},
    "PHONE_WRITE": {"ace": "Contact:Phone-Write", "plover": "CONSULT"},
    "BROADCAST": {"ace": "Contact:Broadcast", "plover": None},
    "TRAVEL": {"ace": "Movement:Transport", "plover": "CONSULT"},
    "AGREE": {"ace": None, "plover": "AGREE"},
    "CANCEL_AGREEMENT": {"ace": None, "plover": "SANCTION"},
    "SUPPORT": {"ace": None, "plover": "SUPPORT"},
    "REQUEST": {"ace": "Contact:RequestCommand", "plover": "REQUEST"},
    "REJECT": {"ace": None, "plover": "REJECT"},
    "ACCUSE": {"ace": None, "plover": "ACCUSE"},
    "THREATEN": {"ace": "Contact:ThreatenCoerce", "plover": "THREATEN"},
    "SANCTION": {"ace": None, "plover": "SANCTION"},
    "START_POSITION": {"ace": "Personnel:Start-Position", "plover": None},
    "END_POSITION": {"ace": "Personnel:End-Position", "plover": "RETREAT"},
    "ELECT": {"ace": "Personnel:Elect", "plover": None},
    "NOMINATE": {"ace": "Personnel:Nominate", "plover": None},
    "LEGISLATE": {"ace": None, "plover": None},
    "TRANSFER_OWNERSHIP": {"ace": "Transaction:Transfer-Ownership", "plover": "AID"},
    "TRANSFER_MONEY": {"ace": "Transaction:Transfer-Money", "plover": "AID"},
    "ATTACK": {"ace": "Conflict:Attack", "plover": "ASSAULT"},
    "DEMONSTRATE": {"ace": "Conflict:Demonstrate", "plover": "PROTEST"},
    "INVESTIGATE": {"ace": "Justice:Investigate-Crime", "plover": "ACCUSE"},
    "ARREST": {"ace": "Justice:Arrest-Jail", "plover": None},
    "CHARGE": {"ace": "Justice:Charge-Indict", "plover": None},
    "TRIAL": {"ace": "Justice:Trial-Hearing", "plover": None},
    "SENTENCE": {"ace": "Justice:Sentence", "plover": None},
    "DIE": {"ace": "Life:Die", "plover": None},
    "INJURE": {"ace": "Life:Injure", "plover": None},
    "DISASTER": {"ace": "Disaster", "plover": None},
}

SPLITS: tuple[str, ...] = ("train", "validation", "test")
GENRES: tuple[str, ...] = (
    "news", "statement", "readout", "press release", "transcript", "official document",
)
