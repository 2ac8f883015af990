"""A word typed twice by mistake: "the the", "aid and, and airstrikes".

Only flagged, never fixed: "had had", "that that" and "is is" in "what it is
is" are correct English, and a name like "Duran Duran" repeats by design.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from ..model import Action, Block, Finding

RULE = "stutters"

# The second word must end there: "in in-depth" and "that that's" are fine.
_REPEATED_WORD = re.compile(r"\b([^\W\d_]+)\b([,;]?\s+)(\1)\b(?![-'’])", re.IGNORECASE)

# Doubled words that grammar produces on purpose. English: "had had", "that
# that". German: an article then the relative pronoun ("die, die kamen"; "das
# das Haus kaufte"; "dass das das" too). French reflexives ("nous nous sommes
# vus", "vous vous trompez"), Dutch "dat dat". A doubled word of another
# language's grammar is no typo in that language.
LEGITIMATE_REPEATS = frozenset(
    """had that is do does did very so no yes bye really far more much many
    well now again long over round out off too ha ho hey knock tut chop hush
    night there here wait go come boo
    der die das den dem des dass sie
    nous vous dat""".split()
)


def _is_mistake(match: re.Match[str]) -> bool:
    first, second = match.group(1), match.group(3)
    if first.casefold() in LEGITIMATE_REPEATS:
        return False
    # "Duran Duran", "Walla Walla": a capitalised pair is a name.
    return not (first[:1].isupper() and second[:1].isupper())


# Beyond this many, a document is not prose with typos (or is hostile input):
# listing every doubled word would bury the report.
MAX_FINDINGS = 100


# The regex above backtracks at every word; a doubled word is rare, so a
# document is first screened for two equal neighbouring words, which the regex
# needs. The screen works on bytes: a non-ASCII character that is not a word
# character to the regex (not str.isalnum()) first becomes a space; then one
# C-level translate makes every other ASCII character that is not one a space
# too, and every capital a small letter. Its words are then exactly the
# regex's runs of word characters, casefolded. Digits stay in words, as they
# do for the regex: "1.5 pct, 2.5 pct" has no two equal neighbours.
_ASCII_WORD_BYTES = bytes(c for c in range(128) if chr(c).isalnum() or chr(c) == "_")
_SEPARATE = bytes(c if c in _ASCII_WORD_BYTES or c > 127 else 32 for c in range(256))
_FOLD_AND_SEPARATE = bytes(c + 32 if chr(c).isupper() else _SEPARATE[c] for c in range(256))
_ASCII = bytes(range(128))
_NOT_A_REPEATED_WORD = re.compile(b"[0-9_]")  # the regex repeats letters only
_LEGITIMATE_BYTES = frozenset(word.encode() for word in LEGITIMATE_REPEATS)
# Two equal neighbouring words of the translated text (runs of bytes other
# than the space), found without splitting it: a word after a space, taken
# whole (possessive), the spaces after it, then the same bytes ending a word.
# The leading literal lets the regex engine jump from space to space, which
# is faster than building a list of ~150 words to compare.
# The next word is looked at ahead, not taken, so that the pairs found
# overlap: in "Walla Walla walla" the second pair counts.
_EQUAL_NEIGHBOURS = re.compile(rb" ([^ ]++)(?=( ++)\1(?![^ ]))")


def _has_odd_case(char: str) -> bool:
    """A letter whose case folding the regex engine and str.casefold() may see
    differently (İ, ı, Greek with iota subscript): the screen then lets the
    document through."""
    folded = char.casefold()
    return len(folded) != 1 or folded != char.upper().casefold() or folded != char.lower().casefold()


def may_stutter(text: str) -> bool:
    """False when the text holds no doubled word that could be a mistake.

    Two equal neighbouring words are a candidate unless the word has a digit or
    an underscore (the regex repeats letters only), is one English doubles on
    purpose, or (in ASCII text) both are capitalised, a name.
    """
    casefolded = False
    if not text.isascii():
        # (deleting the ASCII bytes is a C loop; a regex over str tests every character)
        data = text.encode("utf-8", "surrogatepass").translate(None, _ASCII)
        unusual = set(data.decode("utf-8", "surrogatepass"))
        if any(_has_odd_case(c) for c in unusual):
            return True
        for char in unusual:
            if not char.isalnum():
                text = text.replace(char, " ")
        if any(c.casefold() != c for c in unusual):
            text = text.casefold()  # else the translation folds every letter there is
            casefolded = True
    data = text.encode()
    # (one byte for one: a match's place in the folded text is its place in data,
    # but for the leading space)
    for match in _EQUAL_NEIGHBOURS.finditer(b" " + data.translate(_FOLD_AND_SEPARATE)):
        if not _may_be_a_mistake(match.group(1)):
            continue
        if casefolded:
            return True
        first, second = match.start(1) - 1, match.end(2) - 1
        if not (data[first : first + 1].isupper() and data[second : second + 1].isupper()):
            return True
    return False


def _may_be_a_mistake(word: bytes) -> bool:
    return _NOT_A_REPEATED_WORD.search(word) is None and word not in _LEGITIMATE_BYTES


def find_stutters(blocks: Sequence[Block]) -> list[Finding]:
    """One FLAGGED finding per doubled word, on the line where it stands."""
    if not may_stutter("\n".join(block.text for block in blocks)):
        return []
    return flag_stutters(blocks)


def flag_stutters(blocks: Sequence[Block]) -> list[Finding]:
    """find_stutters past its screen of the whole document: the regex reads
    only the blocks the screen does not clear one by one."""
    findings: list[Finding] = []
    for block in blocks:
        text = block.text  # whole block: a stutter can straddle a hard wrap
        if not may_stutter(text):
            continue
        line_starts = list(accumulate((len(line.text) + 1 for line in block.lines[:-1]), initial=0))
        for match in _REPEATED_WORD.finditer(text):
            if len(findings) == MAX_FINDINGS:
                return findings
            if _is_mistake(match):
                line = block.lines[bisect_right(line_starts, match.start()) - 1]
                findings.append(
                    Finding(
                        rule=RULE,
                        line=line.number,
                        action=Action.FLAGGED,
                        message=f"repeated word: {match.group()!r}",
                    )
                )
    return findings
