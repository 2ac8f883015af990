"""Text keys and guards shared by the rules that compare blocks.

Comparison happens on a key that ignores what a scraper or an editor changes
without changing meaning (case, quote style, spacing), while the guards look
at what does change meaning (numbers, negations, names).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

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
_SPACE_RUN = re.compile(r"\s+")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")

NEGATIONS = frozenset("not no never nobody nothing none nowhere neither nor cannot without hardly".split())

# Words whose replacement, insertion or removal turns a paragraph into a
# different statement ("shares rose" / "shares fell", "the year" / "next
# year") rather than an edited copy. Synonyms a copy-editor swaps ("said" /
# "says", "plans" / "proposals", "large" / "big") are deliberately absent.
CONTRASTS = frozenset(
    """up down rise rises rising rose risen fall falls falling fell fallen increase increases
    increased increasing decrease decreases decreased decreasing grow grows grew grown growing
    shrink shrinks shrank shrunk gain gains gained loss losses lose loses lost losing win wins
    won winning beat beats beaten climb climbed drop dropped surge surged plunge plunged jump
    jumped slump slumped high higher highest low lower lowest more most less least fewer
    good bad better worse best worst strong weak stronger weaker strengthen strengthened weaken
    weakened positive negative success successful failure failed fail fails approve approved
    approves reject rejected rejects accept accepted accepts refuse refused refuses allow
    allowed allows ban banned bans support supported supports oppose opposed opposes for
    against pro anti agree agreed agrees disagree disagreed guilty innocent legal illegal all
    some none many few every each both either any only before after first last next previous
    early earlier late later today tomorrow yesterday tonight day days week weeks month months
    year years decade decades hour hours minute minutes past future new old former current
    open opened closed close buy buys bought sell sells sold import imports export exports
    above below inside outside left right north south east west true false yes
    deny denies denied he she his her him hers men women man woman male female boy boys girl
    girls""".split()
)

# A list item or a Q&A answer is content even when it repeats word for word.
LIST_ITEM = re.compile(r"^(?:[-*+•–]\s|\d{1,3}[.)]\s|[A-Za-z][.)]\s|[QA]:\s)")


@lru_cache(maxsize=4096)
def comparison_key(text: str) -> str:
    """Casefolded text with quote and dash styles and spacing unified.

    >>> comparison_key("“Nas is   one of my friends,” he said")
    '"nas is one of my friends," he said'
    """
    return _SPACE_RUN.sub(" ", text.translate(_QUOTES)).strip().casefold()


def numbers_in(text: str) -> Counter[str]:
    return Counter(_NUMBER.findall(text))


_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.DOTALL)


def has_two_letters(text: str) -> bool:
    """Enough letters to be words rather than a separator such as ``* * *``."""
    return _TWO_LETTERS.search(text) is not None


def _is_negation(word: str) -> bool:
    word = word.casefold()
    return word in NEGATIONS or word.endswith(("n't", "n’t"))


def _typo_close(a: str, b: str) -> bool:
    """A misspelling of the same word (swapped or changed letters), not another word."""
    from rapidfuzz.distance import Levenshtein

    return a[:1].casefold() == b[:1].casefold() and Levenshtein.distance(a, b) <= 2


@dataclass(frozen=True)
class Difference:
    """What separates two similar paragraphs, word by word."""

    word_edits: int
    numbers_differ: bool
    negation_differs: bool
    name_differs: bool
    contrast: tuple[str, ...] = ()  # the meaning-changing words, if any

    def reason_to_keep(self, max_word_edits: int) -> str | None:
        """Why the pair must not be treated as a duplicate, or None."""
        if self.numbers_differ:
            return "different numbers"
        if self.negation_differs:
            return "differs by a negation"
        if self.name_differs:
            return "differs in a name"
        if self.contrast:
            return "differs in " + " / ".join(repr(w) for w in self.contrast)
        if self.word_edits > max_word_edits:
            return f"{self.word_edits} words differ"
        return None


def difference(a: str, b: str) -> Difference:
    """Word-level comparison of two texts that already score as similar."""
    from rapidfuzz.distance import Levenshtein

    words_a = _WORD.findall(a)
    words_b = _WORD.findall(b)
    folded_a = [w.casefold() for w in words_a]
    folded_b = [w.casefold() for w in words_b]
    edits = 0
    negation = False
    name = False
    contrast: tuple[str, ...] = ()
    for op in Levenshtein.opcodes(folded_a, folded_b):
        if op.tag == "equal":
            continue
        changed_a = words_a[op.src_start : op.src_end]
        changed_b = words_b[op.dest_start : op.dest_end]
        edits += max(len(changed_a), len(changed_b))
        if any(_is_negation(w) for w in changed_a + changed_b):
            negation = True
        if op.tag == "replace":
            for old, new in zip(changed_a, changed_b, strict=True):
                if _typo_close(old, new):
                    continue
                if old[:1].isupper() or new[:1].isupper():
                    name = True
                if old.casefold() in CONTRASTS or new.casefold() in CONTRASTS:
                    contrast += (old, new)
        else:
            contrast += tuple(w for w in changed_a + changed_b if w.casefold() in CONTRASTS)
    return Difference(
        word_edits=edits,
        numbers_differ=numbers_in(a) != numbers_in(b),
        negation_differs=negation,
        name_differs=name,
        contrast=contrast,
    )
