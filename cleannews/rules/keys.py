"""The key two printings of a headline share: its words, nothing else."""

from __future__ import annotations

import re
from functools import lru_cache

from ..matching import comparison_key

_PUNCTUATION = re.compile(r"[^\w\s]+|_")


@lru_cache(maxsize=8192)
def words_key(text: str) -> str:
    """Comparison key without punctuation: what two printings of a headline share.

    >>> words_key("‘Star Wars’ cuts -- STOLEN!!!")
    'star wars cuts stolen'
    """
    return " ".join(_PUNCTUATION.sub(" ", comparison_key(text)).split())


# For ASCII text, words_key's words come from one C-level translate: every
# character that is neither a letter, a digit nor a space becomes a space.
_ASCII_PUNCTUATION_TO_SPACE = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c.isspace())}
)


def word_set(text: str) -> frozenset[str]:
    """The words of words_key(text), as a set (faster for ASCII text).

    >>> sorted(word_set("U.S. vote_count: 5")) == sorted(words_key("U.S. vote_count: 5").split())
    True
    """
    if text.isascii():
        return frozenset(text.translate(_ASCII_PUNCTUATION_TO_SPACE).lower().split())
    return frozenset(words_key(text).split())


def key_word_set(key: str) -> frozenset[str]:
    """word_set of a text from its comparison key (already casefolded, quotes plain)."""
    if key.isascii():
        return frozenset(key.translate(_ASCII_PUNCTUATION_TO_SPACE).split())
    return frozenset(_PUNCTUATION.sub(" ", key).split())
