"""The word lists of quotes-syntax.v1, drawn from the cue list of the guidelines (§2.1, §2.4, §6.2).

Verbs are lemmas (spaCy's lemmatiser); nouns are lower-cased heads of source noun phrases.
"""

from __future__ import annotations

# §2.1 communication verbs and phrases, §6.2 verbs of stance with clausal or verbatim content and courts
SPEECH_VERBS: frozenset[str] = frozenset("""
say tell state add note stress announce report describe call claim insist warn urge ask reply write tweet
confirm deny reiterate express welcome explain argue declare assert acknowledge emphasize emphasise affirm
respond suggest remark comment predict estimate maintain underscore highlight concede admit reveal disclose
continue allege indicate accuse criticize criticise defend hail quote mention recall caution promise
pledge vow threaten boast complain contend testify post read speak observe point rule find
conclude
""".split())

# verbs whose content is a small clause: `called X Y`, `described X as Y`, `hailed X as Y`
SMALL_CLAUSE_VERBS: frozenset[str] = frozenset({"call", "describe", "hail", "label", "brand"})

# verbs that are cues only with verbatim (quoted) content, never with a bare clause (§6.2)
QUOTED_ONLY_VERBS: frozenset[str] = frozenset({"accuse", "criticize", "criticise", "defend", "hail", "continue",
                                               "speak", "post", "read", "welcome", "express", "mention"})

# verbs whose bare object is really a clause the parser misattached (`said a law … marked a "sad day"`)
CLAUSE_VERBS: frozenset[str] = frozenset("""
say claim insist argue state add note stress suggest allege indicate explain assert maintain admit deny confirm
reiterate predict warn report
""".split())

# relaying cues whose object is another source of the same content (§6.2: `quoting KCNA`, `citing sources`)
RELAY_VERBS: frozenset[str] = frozenset({"quote", "cite"})

# a "content" that opens with these is an adjunct the parser took for a complement
SUBORDINATORS: frozenset[str] = frozenset("""
so because as while when after before since although though until unless
""".split())

# verbs a court (an ORGANIZATION) uses as cues (§6.2): the court found/ruled/concluded that …
COURT_VERBS: frozenset[str] = frozenset({"find", "rule", "conclude"})

# propositional attitudes without speech (§2.1: not quotes) and naming acts (§6.2)
COGNITION_VERBS: frozenset[str] = frozenset("""
think believe hope want know agree feel expect fear wonder doubt understand assume consider deem attribute
name
""".split())

# adverbial cue (§6.2): empty source, ANONYMOUS
ADVERB_CUES: frozenset[str] = frozenset({"reportedly"})

# heads of source noun phrases → source kind (§2.3, §6.2)
DOCUMENT_NOUNS: frozenset[str] = frozenset("""
statement report reports media newspaper paper agency tweet post poll survey complaint motion memo memorandum
letter filing study analysis document documents release broadcaster outlet channel network website television
radio press communique communiqué transcript readout lawsuit ruling order
""".split())
ANONYMOUS_NOUNS: frozenset[str] = frozenset("""
official officials spokesperson spokesman spokeswoman source sources expert experts analyst analysts diplomat
diplomats aide aides reporter reporters witness witnesses resident residents observer observers critic critics
people person man woman student students doctor doctors worker workers member members some others many
someone officer officers lawmaker lawmakers advisor adviser advisers advisors researcher researchers
""".split())
ORGANIZATION_NOUNS: frozenset[str] = frozenset("""
government administration court ministry department military army police council committee commission
parliament party company office embassy kremlin navy coalition alliance union authorities authority
""".split())
OTHER_NOUNS: frozenset[str] = frozenset("""
protesters protestors demonstrators crowd crowds activists groups group fans
""".split())

# media outlets and agencies speak as DOCUMENT with their own registry id (§6.2)
MEDIA: frozenset[str] = frozenset("""
Reuters|AP|Associated Press|AFP|Agence France-Presse|BBC|CNN|Al Jazeera|Yonhap|KCNA|Korean Central News Agency
|Xinhua|TASS|RIA Novosti|Interfax|New York Times|The New York Times|Washington Post|The Washington Post|NBC News
|NBC|ABC|ABC News|CBS|CBS News|Fox News|NPR|Bloomberg|Politico|The Guardian|Guardian|Rudaw|IRNA|SANA|Anadolu
|Saudi Press Agency|Wall Street Journal|The Wall Street Journal|Le Monde|Der Spiegel|Axios|Sky News|ITV
|Times of India|Haaretz|Jerusalem Post|France 24|Deutsche Welle|RT|CCTV|KBS|NHK|Kyodo|Fars|Tasnim
""".replace("\n", "").split("|"))

# person pronouns (their referent is the nearest preceding PERSON); first/second person in transcripts
PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS: frozenset[str] = frozenset({"we", "they", "us", "them"})
IT_PRONOUNS: frozenset[str] = frozenset({"it"})

# titles stripped from a name before it becomes a registry slug
TITLE_WORDS: frozenset[str] = frozenset("""
president vice prime minister secretary senator sen. rep. representative governor gov. mr. mrs. ms. dr.
chancellor king queen prince princess sultan speaker ambassador general gen. admiral pope mayor judge justice
premier foreign defense defence leader chairman chairwoman chairperson director spokesperson spokesman
spokeswoman crown sheikh emir former us u.s. the commissioner mp minority majority house state
superintendent senior police chief deputy attorney
""".split())
