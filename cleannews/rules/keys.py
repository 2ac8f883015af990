"""The key two printings of a headline share: its words, nothing else."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..matching import ASCII_PUNCTUATION_TO_SPACE, comparison_key
from ..text_cache import per_text

_PUNCTUATION = re.compile(r"[^\w\s]+|_")


@per_text
def words_key(text: str) -> str:
    """Comparison key without punctuation: what two printings of a headline share.

    >>> words_key("‘Star Wars’ cuts -- STOLEN!!!")
    'star wars cuts stolen'
    """
    key = comparison_key(text)
    return " ".join((_key_words(key).decode() if key.isascii() else _PUNCTUATION.sub(" ", key)).split())


def _key_words(key: str) -> bytes:
    """A comparison key (already casefolded, quotes plain) with its punctuation
    made spaces, as UTF-8: the words of words_key, unsplit."""
    if key.isascii():
        return key.encode().translate(ASCII_PUNCTUATION_TO_SPACE)  # (words_key's words, in C)
    return _PUNCTUATION.sub(" ", key).encode("utf-8", "surrogatepass")


def key_word_texts(keys: Sequence[str]) -> list[bytes]:
    """The words of texts (words_key's, as UTF-8, separated by spaces or runs of
    them) from their comparison keys, found in one pass over them all: a
    document's short paragraphs cost in calls, not words.

    >>> key_word_texts([comparison_key("U.S. vote_count: 5"), comparison_key("Don’t stop!")])
    [b'u s  vote count  5', b'don t stop ']
    """
    parts = _key_words("\n".join(keys)).split(b"\n")
    if len(parts) != len(keys):  # (a key with a line break of its own)
        parts = [_key_words(key) for key in keys]
    return parts
