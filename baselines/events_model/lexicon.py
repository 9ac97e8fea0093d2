"""Trigger lemmas named by the annotation guidelines (GUIDELINES.md §3.1, the §3.2 table, §6.3), keyed by
spaCy lemma. events-model.v1 uses them, with spacy-sm.v1's lexicon, only as a *prior feature*: the
classifier learns from the train split how far to trust it (it lets unseen words get a type)."""

from __future__ import annotations

from baselines.spacy import TRIGGER_LEMMAS

_BY_TYPE: dict[str, tuple[str, ...]] = {
    "MEET": ("talk", "meet", "meeting", "summit", "dialogue", "one-on-one", "bilateral", "consultation", "consult",
             "discuss", "discussion", "conversation", "forum", "ceremony", "dinner", "negotiation",
             "negotiate", "debate", "funeral", "review", "gathering", "gather", "conference",
             "engagement", "assembly", "convene"),
    "PHONE_WRITE": ("call", "phone", "letter", "write", "videoconference", "telephone", "spoke", "speak"),
    "BROADCAST": ("briefing", "speech", "interview", "remark", "statement", "address", "broadcast",
                  "press conference", "propaganda"),
    "TRAVEL": ("visit", "travel", "trip", "arrive", "return", "tour", "fly", "depart", "withdrawal",
               "evacuate", "evacuation", "escape", "transport", "dispatch", "deploy", "send", "flee"),
    "AGREE": ("agree", "sign", "strike", "reach", "pledge", "commit", "recommit", "reaffirm", "join", "rejoin",
              "re-enter", "ratify", "approve", "approval", "creation", "formation", "promise", "finalize",
              "finalise", "accord"),
    "CANCEL_AGREEMENT": ("scrap", "withdraw", "suspend", "tear", "terminate", "cancel", "exit"),
    "SUPPORT": ("endorse", "praise", "apologise", "apologize", "reassure", "welcome", "back", "congratulate",
                "thank", "commend", "tribute", "condolence", "sympathy", "appreciate", "mourn", "mourning",
                "honor", "honour", "solidarity", "support", "hail"),
    "REQUEST": ("demand", "urge", "ask", "request", "invitation", "invite", "task", "appeal", "subpoena",
                "encourage", "plea"),
    "REJECT": ("refuse", "reject", "veto", "decline", "halt", "rebuff"),
    "ACCUSE": ("criticise", "criticize", "condemn", "accuse", "blame", "denounce", "sue", "lawsuit",
               "allegation", "accusation", "criticism", "attribute"),
    "THREATEN": ("threaten", "threat", "warn"),
    "SANCTION": ("sanction", "embargo", "recall", "expel", "ban", "pressure", "punishment", "penalty", "tariff"),
    "START_POSITION": ("appoint", "appointment", "inaugurate", "inauguration", "swear", "become", "assume",
                       "hire"),
    "END_POSITION": ("resign", "resignation", "fire", "retire", "overthrow", "oust", "coup", "dismiss",
                     "depose"),
    "ELECT": ("elect", "election", "win", "re-elect", "primary", "caucus", "vote", "defeat", "referendum",
              "reelect", "victory"),
    "NOMINATE": ("nominate", "nomination"),
    "LEGISLATE": ("pass", "decree", "legislate", "legislation", "abolish", "legalise", "legalize",
                  "decriminalise", "decriminalize", "declare", "declaration", "passage", "enact"),
    "TRANSFER_OWNERSHIP": ("buy", "sell", "deliver", "delivery", "acquire", "acquisition", "purchase", "donate",
                           "export", "import", "sale"),
    "TRANSFER_MONEY": ("fund", "funding", "aid", "pay", "invest", "investment", "donate", "grant", "assistance",
                       "allocate", "sponsor", "loan", "payment"),
    "ATTACK": ("attack", "strike", "bomb", "bombing", "shoot", "shooting", "invade", "invasion", "war", "fight",
               "fighting", "airstrike", "assault", "destroy", "operation", "offensive", "violence", "clash",
               "raid", "shell", "shelling", "kill"),
    "DEMONSTRATE": ("protest", "rally", "march", "demonstration", "demonstrate", "protester"),
    "INVESTIGATE": ("inquiry", "probe", "investigation", "investigate"),
    "ARREST": ("arrest", "detain", "capture", "detention"),
    "CHARGE": ("charge", "impeach", "indict", "impeachment", "indictment"),
    "TRIAL": ("trial", "acquit", "convict", "hearing", "ruling", "verdict", "acquittal", "conviction"),
    "SENTENCE": ("sentence",),
    "DIE": ("die", "death", "kill", "casualty", "assassination", "dead"),
    "INJURE": ("injure", "wound", "injury"),
    "DISASTER": ("fire", "explosion", "storm", "crash", "outbreak", "pandemic", "earthquake", "flood",
                 "eruption", "tsunami", "wildfire", "hurricane", "epidemic"),
}

#: lemma → the types the guidelines or spacy-sm.v1's lexicon give it (several for ambiguous words).
PRIOR: dict[str, tuple[str, ...]] = {}
for _type, _lemmas in _BY_TYPE.items():
    for _lemma in _lemmas:
        PRIOR[_lemma] = (*PRIOR.get(_lemma, ()), _type)
for _lemma, _type in TRIGGER_LEMMAS.items():
    if _type not in PRIOR.get(_lemma, ()):
        PRIOR[_lemma] = (*PRIOR.get(_lemma, ()), _type)
