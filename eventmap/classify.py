"""Event type from a clause's verbs and nouns, and the armed actors it names.

The taxonomy is a small one modelled on ACLED's event types and sub-event types. A paragraph often
reports several events ("Shelling targets Atshan village and more airstrikes on Hama"): the
pipeline asks about each place's own clause (`eventmap.clauses`), and within a clause the trigger
nearest the place decides (`event_type_near`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Checked in order; the first type whose pattern matches wins (territory changes outrank fighting).
# Lower-case patterns, matched against the lowered text: the same answers as re.I, in half the time.
EVENT_TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("territory taken", re.compile(
        r"\b(liberat\w*|captur\w*|seiz\w*|recaptur\w*|retook|retak\w*|regain\w*|took (?:full )?control|"
        r"taken control|takes? control|tak(?:es|ing) (?:over|back)|took over|imposed (?:full )?control|"
        r"restor\w* (?:security|control)|control over|overr[au]n|stormed|storm\w*|entered|enter(?:s|ing)? the|"
        r"fell to|fallen to|cleared)\b")),
    ("withdrawal", re.compile(
        r"\b(withdr[ae]w\w*|withdrawal|pulled (?:\w+ )?(?:back|out)|pull(?:ing|s)? (?:\w+ )?(?:back|out)|retreat\w*|"
        r"evacuat\w*|fled|abandon\w*)\b")),
    ("air/drone strike", re.compile(
        r"\b(air ?strikes?|air ?raids?|airstrikes?|warplanes?|war planes|jets?|aircraft|helicopters?|drones?|"
        r"barrel bombs?|bombard\w* from the air|air force|sorties?|"
        # SOHR's "aerial bombardment", "aerial shelling"; "raids" in its English are air raids (not
        # security raids: "house raids", "arrest raids")
        r"aerial (?:bombard\w*|shelling|bombing|attacks?|targeting)|(?<!house )(?<!arrest )(?<!security )raids?|"
        r"(?:russian|coalition|regime) (?:planes?|strikes?))\b")),
    ("shelling", re.compile(
        r"\b(shell\w*|artillery|mortars?|rockets?|missiles?|projectiles?|pound\w*|bombard\w*)\b")),
    ("explosion", re.compile(
        r"\b(car bomb\w*|bombings|bomber|a bomb|explosive\w*|ieds?|suicide (?:bomb\w*|attack\w*)|explosions?|"
        # ("bombing" alone is mostly bombardment in SOHR's English; barrel bombs are matched above)
        r"blasts?|(?:land)?mines?|detonat\w*)\b")),
    ("armed clash", re.compile(
        r"\b(clash\w*|battl\w*|fight\w*|fought|attack\w*|offensive|ambush\w*|assault\w*|kill\w*|wounded|"
        r"advanc\w*|repel\w*|repuls\w*|engag\w*|confront\w*|operation|sweep\w*|combing|massacr\w*|"
        r"(?:breach\w*|violat\w*) (?:of )?(?:the )?(?:ceasefire|truce)|(?:ceasefire|truce) (?:breach|violation)\w*)\b")),
    ("abduction", re.compile(r"\b(kidnap\w*|abduct\w*)\b")),
    ("agreement", re.compile(
        r"\b(surrender\w*|(?:evacuation|surrender|reconciliation|settlement|truce|ceasefire) (?:deal|agreement)s?)\b")),
    ("protest", re.compile(r"\b(protest\w*|demonstrat\w*|rall(?:y|ies|ied))\b")),
]
# Words that make a clause no violent event, whatever else it says: an aid convoy that "enters" a
# town has taken nothing; a president "visits" a town his forces took.
NOT_EVENTS = re.compile(
    r"\b((?:aid|humanitarian|relief) convoys? (?:\w+ ){0,2}(?:enter\w*|arriv\w*|reach\w*)|"
    r"visit(?:s|ed|ing)?|(?:meets?|met) with)\b")
OTHER = "other"

ACTORS: list[tuple[str, re.Pattern[str]]] = [
    # (not the rebels' Free Syrian Army)
    ("Syrian Army", re.compile(r"\b((?<!free )Syrian (?:Arab )?(?:army|armed forces|government forces|troops|forces|air ?force)|SAA|"
                               r"government (?:forces|troops|offensive)|army units|pro-government forces|"
                               r"(?:the )?regime(?:'s|’s)? (?:forces|troops|columns|army)|(?<=the )regime\b(?![-‐]| of))\b", re.I)),
    ("NDF", re.compile(r"\b(National Defen[cs]e Forces?|NDF|popular forces)\b", re.I)),
    ("Republican Guard", re.compile(r"\bRepublican Guard\b", re.I)),
    ("Liwa al-Quds", re.compile(r"\bLiwa[a']? al-Quds\b", re.I)),
    ("Hezbollah", re.compile(r"\b(Hezbollah|Hizbullah|Hizballah)\b", re.I)),
    ("ISIS", re.compile(r"\b(ISIS|ISIL|Daesh|Da'esh|Islamic State|IS militants|IS fighters)\b")),
    ("Nusra Front / HTS", re.compile(r"\b((?:Jabhat |al-)?Nusra(?: Front)?|Jabhat Fateh al-Sham|Hay'?at Tahrir al-Sham|HTS)\b", re.I)),
    ("Ahrar al-Sham", re.compile(r"\bAhrar al-Sham\b", re.I)),
    ("Jaish al-Islam", re.compile(r"\bJaish al-Islam\b", re.I)),
    ("Jaish al-Fatah", re.compile(r"\bJaish al-Fatah\b", re.I)),
    ("Free Syrian Army", re.compile(r"\b(Free Syrian Army|FSA)\b")),
    ("SDF", re.compile(r"\b(Syrian Democratic Forces|SDF)\b")),
    ("YPG", re.compile(r"\b(YPG|People's Protection Units|Kurdish (?:forces|fighters|militias?))\b", re.I)),
    ("Russian forces", re.compile(r"\bRussian (?:air ?force|warplanes?|planes?|jets?|aircraft|forces|military|troops|army|"
                                  r"air ?strikes?|strikes?|raids?|helicopters?)\b(?! patrol)", re.I)),
    ("US-led coalition", re.compile(r"\b((?:US|U\.S\.)-led coalition|international coalition|coalition (?:air ?strikes|"
                                    r"warplanes|aircraft|jets|raids?|forces)|(?-i:(?<=the )Coalition))\b", re.I)),
    ("Turkish forces", re.compile(r"\bTurkish (?:army|forces|troops|soldiers|military|warplanes?|jets|artillery|drones?)\b", re.I)),
    ("Israeli forces", re.compile(r"\bIsraeli (?:army|forces|warplanes?|jets|aircraft|military|strikes?)\b", re.I)),
    # SOHR's "the factions", "pro-Turkey factions", "the Desert factions": the armed opposition.
    # ("rebel-held areas" names a place, not a force)
    ("rebels", re.compile(r"\b(rebels?(?![-‐])|insurgents?|opposition (?:fighters|forces|groups|factions)|factions)\b", re.I)),
    ("terrorists (unnamed)", re.compile(r"\bterrorist(?:s| groups?| organizations?)\b", re.I)),
]


# Cheap substring checks (on the lowered text) that must hold before a pattern can match: most
# paragraphs name few forces, so most regexes are never run.
ACTOR_HINTS = {
    "Syrian Army": ("syrian", "saa", "government", "army units", "regime"),
    "NDF": ("defen", "ndf", "popular forces"), "Republican Guard": ("republican guard",), "Liwa al-Quds": ("quds",),
    "Hezbollah": ("hezbollah", "hizbullah", "hizballah"),
    "ISIS": ("isis", "isil", "daesh", "da'esh", "islamic state", "is militants", "is fighters"),
    "Nusra Front / HTS": ("nusra", "fateh al-sham", "tahrir al-sham", "hts"), "Ahrar al-Sham": ("ahrar",),
    "Jaish al-Islam": ("jaish al-islam",), "Jaish al-Fatah": ("jaish al-fatah",), "Free Syrian Army": ("fsa", "free syrian"),
    "SDF": ("sdf", "democratic forces"), "YPG": ("ypg", "protection units", "kurdish"), "Russian forces": ("russian",),
    "US-led coalition": ("coalition",), "Turkish forces": ("turkish",), "Israeli forces": ("israeli",),
    "rebels": ("rebel", "insurgent", "opposition", "faction"), "terrorists (unnamed)": ("terrorist",),
}


def classify_event_type(text: str) -> str:
    """The type a piece of text (a clause) tells, by the same rules as a place's clause
    (`clause_event_type`: not a group's name, a plan or the manner of an event), or 'other'."""
    return clause_event_type(find_triggers(text), 0, len(text)) or OTHER


@dataclass(frozen=True)
class Trigger:
    """A word that says what happened, where it stands in the text, and the type it gives."""

    start: int
    end: int
    rank: int  # 0 for NOT_EVENTS, then EVENT_TYPES' order: the lower rank wins within a clause
    event_type: str
    weak: bool  # a casualty word ("killed", "wounded"): it follows any event, so it starts no clause
    manner: bool  # how the event was done, not what it was: "advance ... supported by shelling"
    unreal: bool = False  # planned, threatened or conditional: "preparing ... to liberate", "if ... retake"


_WEAK = frozenset({"kill", "kills", "killed", "killing", "killings", "wounded"})
# Words just before a trigger (the last four) that make it the manner or cause of the clause's event:
# "captured X after advancing", "advance ... after a counter attack supported by shelling".
_MANNER_WORDS = frozenset({"after", "following", "amid", "supported", "backed", "accompanied", "support", "cover"})
# ... or a plan, a threat or a condition, not an event: "preparing for an operation to liberate
# Aleppo", "if its forces retake X", "will attack".
_UNREAL_WORDS = frozenset("""will would could might shall if unless plan plans planned planning expected aim aims
    aiming seek seeks seeking vow vows vowed intend intends intended ready""".split())
_UNREAL_PREFIXES = ("prepar", "threat", "want")
# How far back (in words) each kind reaches: "preparing for an operation to liberate" is five words.
_MANNER_WORDS_BEFORE = 4
_UNREAL_WORDS_BEFORE = 6


def find_triggers(text: str) -> list[Trigger]:
    """Every trigger in the text, in text order (one scan per type for a whole paragraph); planned,
    threatened or conditional ones marked `unreal`: they tell of no event."""
    lowered = text.lower()
    found = []
    names = [(m.start(), m.end()) for m in _ORGANISATION_NAME.finditer(text)] if _NAME_HINT.search(text) else []
    for rank, (name, pattern) in enumerate(_TRIGGER_PATTERNS):
        for stem in _TRIGGER_STEMS[rank]:
            if stem in lowered:
                break
        else:
            continue  # (most paragraphs tell two or three kinds of event: the other patterns never run)
        for m in pattern.finditer(lowered):
            if names and any(a <= m.start() < b for a, b in names):
                continue  # a word of a group's name ("the National Liberation Front") tells no event
            words = _words_before(lowered, m.start())
            unreal = not _UNREAL_WORDS.isdisjoint(words) or any(w.startswith(_UNREAL_PREFIXES) for w in words)
            found.append(Trigger(m.start(), m.end(), rank, name, m.group(0) in _WEAK,
                                 not _MANNER_WORDS.isdisjoint(words[-_MANNER_WORDS_BEFORE:]), unreal))
    return sorted(found, key=lambda tr: (tr.start, tr.rank))


_TRIGGER_PATTERNS = [(OTHER, NOT_EVENTS), *EVENT_TYPES]
# Substrings without one of which a type's pattern cannot match (a test checks each pattern's words).
_TRIGGER_STEMS: list[tuple[str, ...]] = [
    ("convoy", "visit", "meet", "met "),
    ("liberat", "captur", "seiz", "retook", "retak", "regain", "control", "took over", "tak", "overr", "storm", "restor",
     "enter", "fell to", "fallen to", "cleared"),
    ("withdr", "pull", "retreat", "evacuat", "fled", "abandon"),
    ("air", "warplane", "war plane", "jet", "helicopter", "drone", "barrel bomb", "bombard", "sortie", "aerial",
     "raid", "russian", "coalition", "regime"),
    ("shell", "artiller", "mortar", "rocket", "missile", "projectile", "pound", "bombard"),
    ("car bomb", "bombing", "bomber", "a bomb", "explosive", "ied", "suicide", "explosion", "blast", "mine", "detonat"),
    ("clash", "battl", "fight", "fought", "attack", "offensive", "ambush", "assault", "kill", "wounded", "advanc",
     "repel", "repuls", "engag", "confront", "operation", "sweep", "combing", "massacr", "breach", "violat",
     "ceasefire", "truce"),
    ("kidnap", "abduct"),
    ("surrender", "deal", "agreement"),
    ("protest", "demonstrat", "rall"),
]


# A capitalised name ending in a word for a group ("the National Liberation Front", "Revolutionary
# Commando Army", "Assault Brigade"): its words are the group's name, not what it did.
_ORGANISATION_NAME = re.compile(
    r"\b(?:[A-Z][\w'’-]*\s+){1,4}(?:Front|Army|Forces?|Brigades?|Battalions?|Movement|Council|Committees?|Units?|"
    r"Corps|Division|Regiment|Guards?|Operations? Room)\b")
_NAME_HINT = re.compile(r"\b(?:Front|Army|Forces?|Brigades?|Battalions?|Movement|Council|Committees?|Units?|Corps|"
                        r"Division|Regiment|Guards?|Room)\b")


def _words_before(lowered: str, start: int) -> list[str]:
    """The last _UNREAL_WORDS_BEFORE words before `start`, back to the last comma or stop at most."""
    window = lowered[max(0, start - 60):start]
    cut = max(window.rfind(","), window.rfind(";"), window.rfind("."), window.rfind("…"))
    return window[cut + 1:].split()[-_UNREAL_WORDS_BEFORE:]


# A clause boundary starts a new event only when a trigger begins this close after it ("and violent
# clashes continue in X", "and the regime forces shell Y"), not a list's next place whose sentence
# goes on to a trigger ("X, Y and Z following hours of battle").
NEW_CLAUSE_TRIGGER_WITHIN = 40


def has_trigger(triggers: list[Trigger], lo: int, hi: int) -> bool:
    """True when a trigger other than a casualty word lies within lo..hi."""
    return any(lo <= tr.start and tr.end <= hi and not tr.weak and not tr.unreal for tr in triggers)


def starts_with_trigger(triggers: list[Trigger], lo: int, hi: int) -> bool:
    """True when a trigger other than a casualty word begins within NEW_CLAUSE_TRIGGER_WITHIN of lo."""
    return any(lo <= tr.start < lo + NEW_CLAUSE_TRIGGER_WITHIN and tr.end <= hi and not tr.weak and not tr.unreal
               for tr in triggers)


def clause_event_type(triggers: list[Trigger], lo: int, hi: int) -> str | None:
    """The type of a clause (lo..hi): its triggers' first type in EVENT_TYPES' order ('other' for a
    NOT_EVENTS one), those that only say how it was done counting when no other does. None when the
    clause has no trigger."""
    inside = [tr for tr in triggers if lo <= tr.start and tr.end <= hi and not tr.unreal]
    main = [tr for tr in inside if not tr.manner] or inside
    if not main:
        return None
    return min(main, key=lambda tr: tr.rank).event_type


def only_unreal(triggers: list[Trigger], lo: int, hi: int) -> bool:
    """True when the clause lo..hi tells of events only as plans, threats or conditions."""
    inside = [tr for tr in triggers if lo <= tr.start and tr.end <= hi]
    return bool(inside) and all(tr.unreal for tr in inside)


def _hinted_forces(text: str) -> list[tuple[int, str, re.Pattern[str]]]:
    """(place in ACTORS, name, pattern) of the forces whose cheap hint is in the text: most paragraphs
    name few forces, so most patterns are never run."""
    lowered = text.lower()
    forces = []
    for order, (name, pattern) in enumerate(ACTORS):  # (plain loops: a generator per force cost twice the time)
        for hint in ACTOR_HINTS[name]:
            if hint in lowered:
                forces.append((order, name, pattern))
                break
    return forces


def _without_unnamed(found: list[str]) -> list[str]:
    """Unnamed 'terrorists' only when no named force is there."""
    return [f for f in found if f != "terrorists (unnamed)"] if len(found) > 1 else found


def find_actor_spans(text: str) -> list[tuple[int, int, int, str]]:
    """Every naming of a force in the text: (start, end, its place in ACTORS, its name)."""
    return [(m.start(), m.end(), order, name) for order, name, pattern in _hinted_forces(text)
            for m in pattern.finditer(text)]


def actors_within(spans: list[tuple[int, int, int, str]], lo: int, hi: int) -> list[str]:
    """The forces named within lo..hi, in ACTORS' order; unnamed 'terrorists' only when nothing else is named."""
    return _without_unnamed([name for _, name in sorted({(order, name) for s, e, order, name in spans
                                                         if lo <= s and e <= hi})])


def find_actors(text: str) -> list[str]:
    """Forces named in the text, in a fixed order; unnamed 'terrorists' only when nothing else is named.
    (A search per force, stopping at its first naming: where it stands does not matter here.)"""
    return _without_unnamed([name for _, name, pattern in _hinted_forces(text) if pattern.search(text)])
