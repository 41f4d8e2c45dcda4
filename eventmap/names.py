"""Text cleaning and the one name normalisation shared by the gazetteer and the text scanner.

Syrian place names reach English text through many transliterations (`Khanaser`, `Khanasser`,
`Khanāşir`). Both sides are reduced to the same key so that a dictionary lookup finds them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters scrapers leave inside words: zero-width spaces/joiners, bidi marks, BOMs, soft hyphens.
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A)),
    None,
)
_SPACE_LIKE = {0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x2009: " ", 0x200A: " ", 0x3000: " "}
_HYPHEN_LIKE = {0x2010: "-", 0x2011: "-", 0x2012: "-", 0x00AD: None}


def clean_text(text: str) -> str:
    """Return text with invisible marks removed and odd spaces/hyphens made plain (offsets change)."""
    text = text.translate(_INVISIBLE).translate(_SPACE_LIKE).translate(_HYPHEN_LIKE)
    return unicodedata.normalize("NFC", text)


# Arabic definite article in its transliterated forms, written as a separate word or hyphenated
# (the 'eh' forms are Russian transliterations: "Ras-ehl'-Ajn"; the doubled and 'ech' forms
# French ones: "Ett Tell", "Enn Nabk", "Ech Cheikh").
ARTICLES = frozenset(
    "al el il ul as es ash esh ad ed at et ath ar er az ez an en adh dh "
    "ehl ehs ehsh eht ehd ehr ehz ehn "
    "ett enn ech edh edd ess ezz".split()
)
_MARKS = str.maketrans("", "", "ʿʾ'`‘’′´ʼʻ")
_ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
_ARABIC_DIACRITICS = re.compile(r"[\u064B-\u0652\u0670\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})

# Word-level spelling variants, applied in order (endings first, then vowels and consonants).
_ENDINGS = [
    (re.compile(r"(?:iyy?[ae]h?|iye|(?<=[^aeiouy])i[ae]h?)$"), "iya"),
    (re.compile(r"(?<=[a-z])(?:eh|ah|e)$"), "a"),
]
_LETTERS = [
    ("ii", "i"), ("uu", "u"),  # before 'ai' -> 'ay': 'al-Raii' is 'Ar Rai'
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("aa", "a"),
    ("ei", "ay"), ("ey", "ay"), ("ai", "ay"),
    ("e", "i"), ("o", "u"), ("gh", "k"), ("q", "k"), ("ck", "k"), ("ph", "f"), ("dj", "j"),
]
_DOUBLED = re.compile(r"(.)\1+")
# The words that begin village names, as their keys come out of the rules above, each spelling
# folded to one ('Shekh Meskin' and 'Shaykh Miskin', 'Kherbet' and 'Khirbat', 'Tel' and 'Tall').
_NAME_WORD_KEYS = {
    "shikh": "shaykh", "chaykh": "shaykh", "shayk": "shaykh",
    "khirbit": "khirbat", "khirba": "khirbat", "khurbit": "khirbat", "khirbt": "khirbat",
    "til": "tal", "kfar": "kafr", "kafar": "kafr", "kifr": "kafr", "kafir": "kafr", "kfr": "kafr",
    "dir": "dayr", "jibil": "jabal", "jbil": "jabal", "bit": "bayt", "marit": "marat",
    "hush": "hawsh", "haush": "hawsh", "tulul": "tlul", "jisir": "jisr",
    "gulan": "jawlan", "julan": "jawlan",  # the Golan: Arabic al-Jawlan ("Saham al-Golan", "Sahm al-Jolan")
}
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʿʾ`‘][^\W\d_]+)*", re.UNICODE)


def is_arabic(text: str) -> bool:
    """True when the text holds Arabic script."""
    return bool(_ARABIC_RE.search(text))


def strip_diacritics(text: str) -> str:
    """Latin letters without accents or dots (ş -> s, ā -> a)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """Normalised key of one word; '' for an Arabic article, which keys drop."""
    if is_arabic(word):
        w = _ARABIC_DIACRITICS.sub("", word).translate(_ARABIC_LETTERS)
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        return w
    w = strip_diacritics(word).lower().translate(_MARKS)
    if w in ARTICLES:
        return ""
    for pattern, repl in _ENDINGS:
        w = pattern.sub(repl, w)
    for old, new in _LETTERS:
        w = w.replace(old, new)
    w = _DOUBLED.sub(r"\1", w)
    return _NAME_WORD_KEYS.get(w, w)


def name_words(name: str) -> list[str]:
    """Split a name into words the same way the text scanner does (hyphens and spaces split)."""
    return _WORD_RE.findall(clean_text(name))


@lru_cache(maxsize=200_000)  # (the gazetteer's 56,000 names are keyed two or three times each at start-up)
def name_key(name: str) -> str:
    """Normalised key of a whole name: words keyed, articles dropped, joined without spaces."""
    return "".join(word_key(w) for w in name_words(name))


_SKELETON_DROP = str.maketrans("", "", "aeiouyw")
_INNER_ARTICLE = re.compile(r"(?<=[^aeiou])al(?=[^aeiou])")


def is_unvowelled(key: str) -> bool:
    """A Latin key written as consonants ('ybrwd', 'alqsyr'): at most one vowel in five letters."""
    return key.isascii() and sum(ch in "aeiou" for ch in key) <= len(key) * 0.2


def skeleton_keys(key: str) -> set[str]:
    """Consonant skeletons of a name key, for spellings written without vowels ('tftnaz', 'hwms').

    GeoNames and some agencies write names as Arabic consonants only; dropping vowels and the
    letters that write long vowels (y, w) on both sides lets 'Taftanaz' meet 'tftnaz'. A final 't'
    (ta marbuta) and a joined article ('alqnytrt', 'jsr alshghwr') are dropped too. Arabic-script
    keys have none (`arabic_letter_key` gives them a Latin one).
    """
    if not key or not key.isascii():
        return set()
    if is_unvowelled(key):
        key = _INNER_ARTICLE.sub("", key)
    out = set()
    for k in {key, key[2:] if key.startswith("al") and len(key) > 4 else key}:
        sk = k.translate(_SKELETON_DROP)
        if len(sk) > 3 and sk.endswith("t"):
            sk = sk[:-1]
        if len(sk) >= 3:
            out.add(sk)
    return out


# Arabic letters one by one, the way machine transliterations write them ('القصير' -> 'alqsyr').
_ARABIC_TO_LATIN = str.maketrans({
    "ا": "a", "أ": "a", "إ": "a", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j",
    "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "و": "w", "ؤ": "w", "ي": "y", "ى": "a", "ئ": "y", "ة": "t",
    "ء": "", "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v", "ک": "k", "ی": "y",
})


def arabic_letter_key(name: str) -> str:
    """Key of an Arabic-script name written letter by letter in Latin; '' for a Latin name."""
    if not is_arabic(name):
        return ""
    bare = _ARABIC_DIACRITICS.sub("", clean_text(name))
    return name_key(bare.translate(_ARABIC_TO_LATIN))


# Loose key: what is left when the letters transliterations disagree on are folded together.
# French 'ch', German 'sch'/'dsch'/'j', Russian 'dzh'/'zh'/'kh', Polish 'sz', and every run of
# vowels and the glides y/w become one letter.
_LOOSE_FOLDS = [
    ("dsch", "j"), ("tsch", "sh"), ("dzh", "j"), ("sch", "sh"), ("tch", "sh"), ("ch", "sh"),
    ("sz", "sh"), ("zh", "j"), ("dz", "j"), ("kh", "h"), ("x", "h"), ("dh", "d"), ("th", "t"),
    ("v", "w"), ("p", "b"), ("j", "y"),
]
_LOOSE_VOWELS = re.compile(r"[aeiouyw]+")
_LOOSE_PREFIXES = re.compile(r"^(?:k[aiu]?f[aiu]?r|t[aiu]l)(?=...)")
_LOOSE_PREFIX_CANON = {"k": "kfr", "t": "tl"}


def loose_key(key: str) -> str:
    """A deliberately forgiving key (vowels and easily confused consonants folded), for matching
    inside one province only: 'Dzhebla' and 'Jablah', 'Kafer Chams' and 'Kafr Shams' meet."""
    if not key.isascii():
        return ""
    for old, new in _LOOSE_FOLDS:
        key = key.replace(old, new)
    k = _LOOSE_VOWELS.sub("a", _LOOSE_PREFIXES.sub(lambda m: _LOOSE_PREFIX_CANON[m.group(0)[0]], key))
    return _DOUBLED.sub(r"\1", k)


_SKELETON_VOWELS = re.compile(r"[aeiouyw]")


def script_free_skeleton(name: str) -> str:
    """Consonants of a name in either script, articles and a final ta marbuta (-t, -h) dropped:
    'حمرة بلاسم' and 'Hamra Blassem' give 'hmrblsm' and 'hmrblsm' (nearly), to tell whether a Latin
    name beside an Arabic one writes it."""
    words = []
    arabic = is_arabic(name)
    for w in name_words(name):
        w = strip_diacritics(_ARABIC_DIACRITICS.sub("", w).translate(_ARABIC_TO_LATIN)).lower().translate(_MARKS)
        if w in ARTICLES:
            continue
        if w.startswith("al") and len(w) > 4 and arabic:
            w = w[2:]  # the joined Arabic article
        w = _SKELETON_VOWELS.sub("", w.replace("q", "k"))
        words.append(w[:-1] if len(w) > 2 and w[-1] in "th" else w)
    return _DOUBLED.sub(r"\1", "".join(words))
