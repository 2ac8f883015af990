"""Text keys and guards shared by the rules that compare blocks.

Comparison happens on a key that ignores what a scraper or an editor changes
without changing meaning (case, quote style, spacing), while the guards look
at what does change meaning (numbers, negations, names).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .opposites_data import NEGATING_PREFIXES, NEGATIONS, OPPOSING_PREFIXES, OPPOSITE_GROUPS
from .text_cache import per_text

if TYPE_CHECKING:
    from rapidfuzz.distance import Opcode, Opcodes

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
    }
)
#: Each quote and dash style and the ASCII character comparison keys give it.
QUOTE_STYLES = {chr(code): str(plain) for code, plain in _QUOTES.items()}
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# A word of a paragraph compared with another, with the sign of a handle or a
# tag ("@arlowcouncil", "#StormAda"): an identifier, not an ordinary word.
_TOKEN = re.compile(r"[@#]?\w+(?:['’]\w+)*")
_ROMAN = re.compile(r"[IVXLCDM]{1,7}")
# A number with its sign, currency and unit: "2004", "-5C", "£5m" / "$5bn",
# "5%", "5 kg" / "5 g", "120 mph", "10th".
_SPACED_UNIT = (
    r"%|kg|g|mg|km|m|cm|mm|mi|ft|lbs?|oz|mph|km/h|kph|°[CF]?|C|F|K|bn|tn|GB|MB|TB|kB|W|kW|MW|GW|V|"
    r"Hz|ml|l|L|s|ms|hrs?|mins?|pts?|points?|per cent|percent"
)
_NUMBER = re.compile(
    rf"(?:(?<![\w.])[-+−])?[£$€¥]?\d+(?:[.,:/]\d+)*(?:%|[A-Za-z]{{1,3}}\b|\s(?:{_SPACED_UNIT})(?![\w/]))?"
)
NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion billions trillion
    half third quarter first second fourth fifth sixth seventh eighth ninth tenth dozen
    dozens double triple once twice""".split()
)


def _poles() -> dict[str, frozenset[tuple[int, int]]]:
    poles: dict[str, set[tuple[int, int]]] = {}
    for group, text in enumerate(OPPOSITE_GROUPS):
        for pole, words in enumerate(text.split("|")):
            for word in words.split():
                poles.setdefault(word, set()).add((group, pole))
    return {word: frozenset(found) for word, found in poles.items()}


_POLES = _poles()


def _opposed(old: str, new: str) -> bool:
    """Is one word replaced by a word that is not on its side of a group of opposites?

    "rose" / "fell" and "the" / "next" are opposed, "rose" / "increased" are
    not; neither are "said" / "says", which belong to no group. A word from a
    group replacing an ordinary word ("said" / "denied", "on" / "next") is
    opposed too: the group words are the ones that carry polarity.
    """
    poles_old = _POLES.get(old.casefold(), frozenset())
    poles_new = _POLES.get(new.casefold(), frozenset())
    return bool(poles_old or poles_new) and not poles_old & poles_new


def _opposite_prefixes(old: str, new: str) -> bool:
    """ "upgrade" / "downgrade", "overpaid" / "underpaid": one stem (three letters
    or more) after opposing prefixes."""
    a, b = old.casefold(), new.casefold()
    for first, second in OPPOSING_PREFIXES:
        for one, other in ((a, b), (b, a)):
            stem = one[len(first) :]
            if one.startswith(first) and other == second + stem and len(stem) >= 3:
                return True
    return False


def _negates(old: str, new: str) -> bool:
    """ "likely" / "unlikely", "possible" / "impossible", "known" / "unknown"."""
    shorter, longer = sorted((old.casefold(), new.casefold()), key=len)
    return any(longer == prefix + shorter for prefix in NEGATING_PREFIXES)


# A list item or a Q&A answer is content even when it repeats word for word.
LIST_ITEM = re.compile(
    r"^(?:[-*+•·►▶▪■□◦‣○●–—^→✓✔]\s*|\(?\d{1,3}[.):]\s|\(?[A-Za-z][.)]\s"
    r"|\(?[ivxlcIVXLC]{1,6}[.)]\s|[QA]\s?[:-]\s?)"
)
# A speaker or field label ("Answer:", "Mr Smith:") starts a line whose repeat
# is an answer given twice, not a scraped copy.
_LABEL_WORD = r"(?:[A-Z][a-z.'’-][\w.'’-]*|[A-Z]{1,3})"  # "Answer", "Mr", "Smith", "Q", "MP"
LABELLED = re.compile(rf"^(?:{_LABEL_WORD}(?:\s{_LABEL_WORD}){{0,2}}|[A-Z][A-Z'’-]{{1,20}})\s?:\s")


@per_text
def comparison_key(text: str) -> str:
    """Casefolded text with quote and dash styles and spacing unified.

    >>> comparison_key("“Nas is   one of my friends,” he said")
    '"nas is one of my friends," he said'
    """
    # split() and join() collapse exactly what \s+ matches, several times faster;
    # of the quotes and dashes unified, only the backtick is ASCII. translate()
    # with a mapping is slow on non-ASCII text: only the styles present are replaced.
    if not text.isascii() or "`" in text:
        for style in QUOTE_STYLES.keys() & set(text):
            text = text.replace(style, QUOTE_STYLES[style])
    return " ".join(text.split()).casefold()


# For ASCII text, the words a comparison key has once every byte that is
# neither a letter, a digit nor a space is a space: one C-level bytes.translate.
ASCII_PUNCTUATION_TO_SPACE = bytes(c if chr(c).isalnum() or chr(c).isspace() else 0x20 for c in range(256))
_NUMBER_WORD_BYTES = frozenset(word.encode() for word in NUMBER_WORDS)
_DIGIT = re.compile(r"\d")


@per_text
def numbers_in(text: str) -> tuple[str, ...]:
    """Numbers with sign, currency and unit, and number words, in order: what a
    "number sibling" changes ("2-1" and "1-2" are different scores)."""
    # Both patterns are tried at every character; most short lines have no digit,
    # and in ASCII text a number word _WORD finds stands alone among the words
    # split at every other byte (it has no apostrophe or underscore).
    found = _NUMBER.findall(text) if _DIGIT.search(text) else []
    if not text.isascii() or not _NUMBER_WORD_BYTES.isdisjoint(
        text.encode().translate(ASCII_PUNCTUATION_TO_SPACE).lower().split()
    ):
        found += [w for w in _WORD.findall(text.casefold()) if w in NUMBER_WORDS]
    return tuple(found)


# Symbols that carry meaning the words do not: "✓" / "✗", "↑" / "↓", "C++" / "C#",
# "★★★" / "★★". Not those that decorate (a separator "|", "©", "®", "™") or go
# with a number ("°").
_MAY_BE_SIGN = re.compile(r"[+#<=>~]|[^\x00-\x7f]")
_ASCII_SIGNS = frozenset("+#<=>~")
_DECORATING_SIGNS = frozenset("|©®™°¦")


@per_text
def signs_in(text: str) -> tuple[str, ...]:
    """The meaningful symbols of a text, in order (see above).

    >>> signs_in("Cloud backup ✓"), signs_in("Learn C++ now"), signs_in("Storm | BBC ©")
    (('✓',), ('+', '+'), ())
    """
    if text.isascii() and not any(sign in text for sign in _ASCII_SIGNS):
        return ()
    return tuple(
        char
        for char in _MAY_BE_SIGN.findall(text)
        if char in _ASCII_SIGNS
        or (char not in _DECORATING_SIGNS and unicodedata.category(char) in ("Sm", "So"))
    )


_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.DOTALL)


def has_two_letters(text: str) -> bool:
    """Enough letters to be words rather than a separator such as ``* * *``."""
    return _TWO_LETTERS.search(text) is not None


def _is_negation(word: str) -> bool:
    word = word.casefold()
    return word in NEGATIONS or word.endswith(("n't", "n’t"))


def _identifies(old: str, new: str) -> bool:
    """Do two words that replace each other name different things: letters of a
    list or a section ("4(b)" / "4(c)", "ward b" / "ward c"), Roman numerals
    ("Chapter IV" / "Chapter VI"), handles and tags ("@arlow" / "@benton")?"""
    if old[:1] in "@#" or new[:1] in "@#":
        return True
    if len(old) == 1 and len(new) == 1:
        return old.isalpha() and new.isalpha()
    # (in capitals only: "did", "mix" and "civil" are made of the same letters)
    return _ROMAN.fullmatch(old) is not None and _ROMAN.fullmatch(new) is not None


def _is_typo(a: str, b: str) -> bool:
    """Two neighbouring letters swapped ("Hernych" / "Henrych"): the one slip
    that makes no other word. A changed or added letter often does: "Iran" /
    "Iraq", "US" / "UK", "Brown" / "Browne"."""
    if len(a) != len(b) or a == b:
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and a[differ[1]] == b[differ[0]]
    )


@dataclass(frozen=True)
class Difference:
    """What separates two similar paragraphs, word by word."""

    word_edits: int
    numbers_differ: bool
    negation_differs: bool
    signs_differ: bool
    name_differs: bool
    opposites: tuple[str, ...] = ()  # words replaced by their opposite, if any

    def reason_to_keep(self, max_word_edits: int) -> str | None:
        """Why the pair must not be treated as a duplicate, or None."""
        if self.numbers_differ:
            return "different numbers"
        if self.signs_differ:
            return "different symbols"
        if self.negation_differs:
            return "differs by a negation"
        if self.name_differs:
            return "differs in a name"
        if self.opposites:
            return "differs in " + " / ".join(repr(w) for w in self.opposites)
        if self.word_edits > max_word_edits:
            return f"{self.word_edits} words differ"
        return None


def _spelling(words: list[str]) -> str:
    """Words run together without their accents: "Te Kaurinui" and "Tekaurinui",
    "Maōri" and "Māori" are one name spelt two ways."""
    joined = unicodedata.normalize("NFKD", "".join(words))
    return "".join(char for char in joined if not unicodedata.combining(char))


def _unless_respelt(opcodes: Opcodes, folded_a: list[str], folded_b: list[str]) -> list[Opcode]:
    """The changes between two word lists, less the runs of changes that only
    respell (a space or an accent added or lost): those change no word."""
    changes: list[Opcode] = []
    region: list[Opcode] = []
    for op in [*opcodes, None]:
        if op is not None and op.tag != "equal":
            region.append(op)
            continue
        if region:
            first, last = region[0], region[-1]
            old = folded_a[first.src_start : last.src_end]
            new = folded_b[first.dest_start : last.dest_end]
            if not old or not new or _spelling(old) != _spelling(new):
                changes.extend(region)
            region = []
    return changes


_LONG_PAIR = 4_000_000  # words x words; below, the hint costs more than it saves
_FEW_EDITS = 8


def reason_to_keep(a: str, b: str, max_word_edits: int) -> str | None:
    """Why two similar paragraphs are both content, or None: difference's
    answer, with its cheapest tests (cached per paragraph) first, since a table
    written as sentences compares each row with every other."""
    if numbers_in(a) != numbers_in(b):
        return "different numbers"
    if signs_in(a) != signs_in(b):
        return "different symbols"
    return difference(a, b).reason_to_keep(max_word_edits)


def difference(a: str, b: str) -> Difference:
    """Word-level comparison of two texts that already score as similar."""
    from rapidfuzz.distance import Levenshtein

    words_a = _TOKEN.findall(a)
    words_b = _TOKEN.findall(b)
    folded_a = [w.casefold() for w in words_a]
    folded_b = [w.casefold() for w in words_b]
    edits = 0
    negation = False
    name = False
    opposites: tuple[str, ...] = ()
    # A hint of few edits lets RapidFuzz align long texts in a band around the
    # diagonal, widened as needed: 0.2 s instead of 5.6 s for 180,000 words.
    hint = _FEW_EDITS if len(folded_a) * len(folded_b) > _LONG_PAIR else None
    for op in _unless_respelt(Levenshtein.opcodes(folded_a, folded_b, score_hint=hint), folded_a, folded_b):
        changed_a = words_a[op.src_start : op.src_end]
        changed_b = words_b[op.dest_start : op.dest_end]
        edits += max(len(changed_a), len(changed_b))
        if any(_is_negation(w) for w in changed_a + changed_b):
            negation = True
        if op.tag != "replace":
            # An added or removed name ("Mr John Smith") is information.
            name = name or any(w[:1].isupper() for w in changed_a + changed_b)
            continue
        for old, new in zip(changed_a, changed_b, strict=True):
            if _identifies(old, new):
                name = True  # (before the typo test: "IV" / "VI" is no slip)
            elif _is_typo(old, new):
                continue
            if _negates(old, new):
                negation = True
            elif old[:1].isupper() or new[:1].isupper():
                name = True
            elif _opposed(old, new) or _opposite_prefixes(old, new):
                opposites += (old, new)
    return Difference(
        word_edits=edits,
        numbers_differ=numbers_in(a) != numbers_in(b),
        negation_differs=negation,
        signs_differ=signs_in(a) != signs_in(b),
        name_differs=name,
        opposites=opposites,
    )
