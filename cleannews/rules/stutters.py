"""A word typed twice by mistake: "the the", "aid and, and airstrikes".

Only flagged, never fixed: "had had", "that that" and "is is" in "what it is
is" are correct English, and a name like "Duran Duran" repeats by design.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from operator import eq

from ..model import Action, Block, Finding

RULE = "stutters"

# The second word must end there: "in in-depth" and "that that's" are fine.
_REPEATED_WORD = re.compile(r"\b([^\W\d_]+)\b([,;]?\s+)(\1)\b(?![-'’])", re.IGNORECASE)

# Doubled words that English uses on purpose.
LEGITIMATE_REPEATS = frozenset(
    """had that is do does did very so no yes bye really far more much many
    well now again long over round out off too ha ho hey knock tut chop hush
    night there here wait go come boo""".split()
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
# needs. The screen works on bytes: every ASCII character but a letter becomes
# a space (one C-level translate), and so does every non-ASCII character that
# is not a word character to the regex (not str.isalnum()), so the words it
# compares are the regex's words or longer runs that contain them.
_ASCII_SEPARATORS = bytes.maketrans(bytes(c for c in range(128) if not chr(c).isalpha()), b" " * (128 - 52))


def _has_odd_case(char: str) -> bool:
    """A letter whose case folding the regex engine and str.casefold() may see
    differently (İ, ı, Greek with iota subscript): the screen then lets the
    document through."""
    folded = char.casefold()
    return len(folded) != 1 or folded != char.upper().casefold() or folded != char.lower().casefold()


def _may_stutter(text: str) -> bool:
    if not text.isascii():
        unusual = [c for c in set(text) if not c.isascii()]
        if any(_has_odd_case(c) for c in unusual):
            return True
        for char in unusual:
            if not char.isalnum():
                text = text.replace(char, " ")
    folded = text.casefold()
    words = folded.encode().translate(_ASCII_SEPARATORS).split()
    return any(map(eq, words, words[1:]))


def find_stutters(blocks: Sequence[Block]) -> list[Finding]:
    """One FLAGGED finding per doubled word, on the line where it stands."""
    findings: list[Finding] = []
    if not _may_stutter("\n".join(block.text for block in blocks)):
        return findings
    for block in blocks:
        text = block.text  # whole block: a stutter can straddle a hard wrap
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
