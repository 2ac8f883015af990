"""The key two printings of a headline share: its words, nothing else."""

from __future__ import annotations

import re

from ..matching import comparison_key

_PUNCTUATION = re.compile(r"[^\w\s]+|_")


def words_key(text: str) -> str:
    """Comparison key without punctuation: what two printings of a headline share.

    >>> words_key("‘Star Wars’ cuts -- STOLEN!!!")
    'star wars cuts stolen'
    """
    return " ".join(_PUNCTUATION.sub(" ", comparison_key(text)).split())
