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

    def reason_to_keep(self, max_word_edits: int) -> str | None:
        """Why the pair must not be treated as a duplicate, or None."""
        if self.numbers_differ:
            return "different numbers"
        if self.negation_differs:
            return "differs by a negation"
        if self.name_differs:
            return "differs in a name"
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
                capitalised = old[:1].isupper() or new[:1].isupper()
                if capitalised and not _typo_close(old, new):
                    name = True
    return Difference(
        word_edits=edits,
        numbers_differ=numbers_in(a) != numbers_in(b),
        negation_differs=negation,
        name_differs=name,
    )
