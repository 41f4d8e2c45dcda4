"""Event type from a paragraph's verbs, and the armed actors it names.

The taxonomy is a small one modelled on ACLED's event types and sub-event types.
"""

from __future__ import annotations

import re

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
        r"barrel bombs?|bombard\w* from the air|air force|sorties?)\b")),
    ("shelling", re.compile(
        r"\b(shell\w*|artillery|mortars?|rockets?|missiles?|projectiles?|pound\w*|bombard\w*)\b")),
    ("explosion", re.compile(
        r"\b(car bomb\w*|bombings|bomber|a bomb|explosive\w*|ieds?|suicide (?:bomb\w*|attack\w*)|explosions?|"
        # ("bombing" alone is mostly bombardment in SOHR's English; barrel bombs are matched above)
        r"blasts?|landmines?|detonat\w*)\b")),
    ("armed clash", re.compile(
        r"\b(clash\w*|battl\w*|fight\w*|fought|attack\w*|offensive|ambush\w*|assault\w*|kill\w*|wounded|"
        r"advanc\w*|repel\w*|repuls\w*|engag\w*|confront\w*|operation)\b")),
    ("protest", re.compile(r"\b(protest\w*|demonstrat\w*|rall(?:y|ies|ied))\b")),
]
OTHER = "other"

ACTORS: list[tuple[str, re.Pattern[str]]] = [
    # (not the rebels' Free Syrian Army)
    ("Syrian Army", re.compile(r"\b((?<!free )Syrian (?:Arab )?(?:army|armed forces|government forces|troops|forces)|SAA|"
                               r"government (?:forces|troops)|army units|pro-government forces|regime forces)\b", re.I)),
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
    ("Russian forces", re.compile(r"\bRussian (?:air ?force|warplanes?|jets?|aircraft|forces|military|troops|army)\b", re.I)),
    ("US-led coalition", re.compile(r"\b((?:US|U\.S\.)-led coalition|international coalition|coalition (?:air ?strikes|warplanes|aircraft|jets))\b", re.I)),
    ("Turkish forces", re.compile(r"\bTurkish (?:army|forces|troops|military|warplanes?|jets|artillery)\b", re.I)),
    ("Israeli forces", re.compile(r"\bIsraeli (?:army|forces|warplanes?|jets|aircraft|military|strikes?)\b", re.I)),
    ("rebels", re.compile(r"\b(rebels?|insurgents?|opposition (?:fighters|forces|groups))\b", re.I)),
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
    "rebels": ("rebel", "insurgent", "opposition"), "terrorists (unnamed)": ("terrorist",),
}


def classify_event_type(text: str) -> str:
    """The first matching type of the small ACLED-like taxonomy, or 'other'."""
    lowered = text.lower()
    for name, pattern in EVENT_TYPES:
        if pattern.search(lowered):
            return name
    return OTHER


def find_actors(text: str) -> list[str]:
    """Forces named in the text, in a fixed order; unnamed 'terrorists' only when nothing else is named."""
    lowered = text.lower()
    found = []
    for name, pattern in ACTORS:  # (plain loops: a generator per force cost more than the checks)
        for hint in ACTOR_HINTS[name]:
            if hint in lowered:
                if pattern.search(text):
                    found.append(name)
                break
    if len(found) > 1 and "terrorists (unnamed)" in found:
        found.remove("terrorists (unnamed)")
    return found
