"""Texts as the matcher sees them: lower-case words, and a 32-bit hash per word.

Words (not character n-grams) are the shingles because they survive small
edits best for their cost: on recombined Reuters paragraphs with 1-3 word
edits, the 5th percentile of the Jaccard similarity of a planted pair was 0.80
with single words, 0.72 with character 5-grams (six times as many shingles)
and 0.50 with word 3-grams, while unrelated paragraphs never passed 0.19.
Word order is left to the rapidfuzz verification.

Hashing is vectorised over a whole batch: a word's hash comes from 8-byte loads
at its start and end (``_word_hashes``), and one polynomial prefix sum over the
word hashes gives every text's exact key by subtraction, so no Python code runs
per word. The hashes are deterministic (no ``PYTHONHASHSEED``), which is what
lets workers on different machines agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import NamedTuple
from unicodedata import is_normalized, normalize

import numpy as np
import numpy.typing as npt

# Anything that is not a letter or digit separates words.
_NON_WORD = re.compile(r"[\W_]+")
_BASE = np.uint64(0x100000001B3)  # odd, so invertible modulo 2**64
_BASE_INVERSE = np.uint64(pow(0x100000001B3, -1, 2**64))
_SEPARATOR, _SPACE = 0, 32
# Every ASCII byte that is not a letter or digit becomes a space (NUL too: it
# separates the texts of a batch only after this).
_ASCII_GAPS = bytes.maketrans(
    bytes(c for c in range(128) if not chr(c).isalnum()),
    b" " * sum(1 for c in range(128) if not chr(c).isalnum()),
)

# The array types of the corpus modules, named once here, at the bottom of their imports.
U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]


class TokenBatch(NamedTuple):
    """The word hashes of a batch of texts, text after text."""

    hashes: U32
    """One 32-bit hash per word."""
    offsets: I64
    """Text ``i`` has the words ``hashes[offsets[i]:offsets[i + 1]]``."""
    exact: U64
    """A 64-bit hash of each text's word sequence: equal matching texts, equal keys."""
    numbers: npt.NDArray[np.bool_] | None = None
    """With ``tokenize(..., numbers=True)``: whether each word is made of digits 0-9 only."""

    def word_counts(self) -> I64:
        return np.diff(self.offsets)


def matching_text(text: str) -> str:
    """The words of ``text`` in lower case, one space apart.

    >>> matching_text("Follow us on Twitter!  (@Reuters)")
    'follow us on twitter reuters'
    >>> matching_text("Cafe\u0301 de la gare") == matching_text("Caf\u00e9 de la gare") == "café de la gare"
    True
    """
    if text.isascii():  # most news: bytes.translate is ten times faster than the regex
        return b" ".join(_ascii_matching_bytes(text).split()).decode("ascii")
    if not is_normalized("NFC", text):  # "e" and a combining accent: the regex would split the word
        text = normalize("NFC", text)
    return _NON_WORD.sub(" ", text.lower()).strip()


def word_count(text: str) -> int:
    """The words of ``text`` as the matcher counts them.

    >>> word_count("U.S. crude stocks rose 2.1 mln barrels")
    9
    """
    return len(matching_text(text).split())


def matching_texts(texts: Sequence[str]) -> list[str]:
    return [matching_text(text) for text in texts]


def mix64(values: U64) -> U64:
    """splitmix64's finaliser: spreads every input bit over the whole word.

    In place on one new array (``values`` unchanged): it runs on every word and 5-gram.
    """
    mixed = values >> np.uint64(30)
    mixed ^= values
    mixed *= np.uint64(0xBF58476D1CE4E5B9)
    mixed ^= mixed >> np.uint64(27)
    mixed *= np.uint64(0x94D049BB133111EB)
    mixed ^= mixed >> np.uint64(31)
    return mixed


_power_tables: dict[int, U64] = {}


def _powers(base: np.uint64, count: int) -> U64:
    """``base ** i`` modulo 2**64 for i < count, grown (doubling) and kept between batches."""
    table = _power_tables.get(int(base))
    if table is None or len(table) < count:
        size = max(count, 2 * len(table) if table is not None else 1 << 16)
        table = np.full(size, base, dtype=np.uint64)
        table[0] = 1
        np.multiply.accumulate(table, out=table)  # wraps modulo 2**64, as intended
        _power_tables[int(base)] = table
    return table[:count]


def forget_powers() -> None:
    """Drop the tables ``_powers`` keeps, once a phase that tokenizes is over: they are as long as
    the largest batch's bytes, and doubled (36 MB at a million paragraphs), and the phases that
    follow (pairs, verification) do not use them. They are rebuilt in milliseconds when needed."""
    _power_tables.clear()


def _span_hashes(values: U64 | npt.NDArray[np.uint8], starts: I64, ends: I64) -> U64:
    """A hash of ``values[s:e]`` for each span, the same wherever the span is (bytes are
    multiplied as they are: the product is 8 bytes wide without a copy of them first)."""
    count = len(values)
    with np.errstate(over="ignore"):
        prefix = np.zeros(count + 1, dtype=np.uint64)
        np.cumsum(values * _powers(_BASE, count), out=prefix[1:])
        shifted: U64 = (prefix[ends] - prefix[starts]) * _powers(_BASE_INVERSE, count + 1)[starts]
        return mix64(shifted ^ (ends - starts).astype(np.uint64))


_LOAD = 8
_LOAD_MASKS = np.array([(1 << (8 * size)) - 1 for size in range(_LOAD)] + [2**64 - 1], dtype=np.uint64)
_LONGEST_LOADED = 3 * _LOAD


def _word_hashes(data: npt.NDArray[np.uint8], starts: I64, ends: I64) -> U64:
    """A hash of each word ``data[s:e]``, the same wherever the word is.

    Why not ``_span_hashes``: its prefix sum over every byte was most of tokenizing. A word of up
    to 8 bytes is its own little-endian 8-byte load, cut to its length (its bytes are above the
    space, so two words never load alike). A longer one mixes in the load of its last 8 bytes and,
    past 16, of its bytes 8-15, so every byte counts; the rare words past 24 bytes take the
    polynomial over their bytes.
    """
    padded = np.zeros(len(data) + _LOAD, dtype=np.uint8)  # a load at a word's start may pass the end
    padded[: len(data)] = data
    loads = np.ndarray((len(data) + 1,), dtype="<u8", buffer=padded, strides=(1,))  # at every byte
    lengths = ends - starts
    hashes = loads[starts]
    hashes &= _LOAD_MASKS[np.minimum(lengths, _LOAD)]
    long = np.flatnonzero(lengths > _LOAD)
    if len(long):
        mixed = mix64(hashes[long] + lengths[long].astype(np.uint64)) ^ loads[ends[long] - _LOAD]
        longer = np.flatnonzero(lengths[long] > 2 * _LOAD)
        if len(longer):
            mixed[longer] = mix64(mixed[longer]) ^ loads[starts[long[longer]] + _LOAD]
            longest = longer[lengths[long[longer]] > _LONGEST_LOADED]
            if len(longest):
                mixed[longest] ^= _gathered_span_hashes(data, starts[long[longest]], ends[long[longest]])
        hashes[long] = mixed
    return mix64(hashes)


def _gathered_span_hashes(data: npt.NDArray[np.uint8], starts: I64, ends: I64) -> U64:
    """``_span_hashes`` of a few spans, over their bytes only (not a prefix sum over all of ``data``)."""
    lengths = ends - starts
    firsts = np.cumsum(lengths) - lengths
    positions = np.repeat(starts - firsts, lengths) + np.arange(int(lengths.sum()))
    return _span_hashes(data[positions], firsts, firsts + lengths)


def _ascii_matching_bytes(text: str) -> bytes:
    """An ASCII text's words as bytes, gaps of any length between them (tokenize skips them)."""
    return text.encode("ascii").lower().translate(_ASCII_GAPS)


def _matching_bytes(texts: Sequence[str], matched: bool) -> Iterator[bytes]:
    """Each text's words as ``tokenize`` reads them: runs of bytes above the space."""
    if matched:
        return (text.encode("utf-8") for text in texts)
    return (_ascii_matching_bytes(text) if text.isascii() else _utf8_words(text) for text in texts)


def _utf8_words(text: str) -> bytes:
    """A text that is not all ASCII: its matching text's UTF-8 bytes."""
    return matching_text(text).encode("utf-8")


def _word_spans(data: npt.NDArray[np.uint8]) -> tuple[I64, I64]:
    """Where each word of the joined texts starts and ends: a word's bytes are all above the
    space (the gaps are spaces and the separators NULs; any other byte below 33 is a control
    character, which ``matching_text`` and ``_ASCII_GAPS`` made a space), so its edges alternate,
    start then end, among the places where "above the space" changes."""
    in_word = np.zeros(len(data) + 2, dtype=bool)
    np.greater(data, _SPACE, out=in_word[1:-1])
    edges = np.flatnonzero(in_word[1:] != in_word[:-1])
    return edges[0::2], edges[1::2]


def tokenize(texts: Sequence[str], numbers: bool = False, matched: bool = False) -> TokenBatch:
    """The word hashes and exact keys of a batch of texts (and which words are numbers).

    The words are exactly those of ``matching_text``: an ASCII text (most news)
    takes a bytes fast path, any other goes through ``matching_text``. ``matched``: the texts
    are ``matching_text``'s already (verification has them), so their bytes are their words.
    """
    data = np.frombuffer(b"\x00".join(_matching_bytes(texts, matched)), dtype=np.uint8)
    word_starts, word_ends = _word_spans(data)
    words = _word_hashes(data, word_starts, word_ends)
    text_starts = np.concatenate(([0], np.flatnonzero(data == _SEPARATOR) + 1)).astype(np.int64)
    offsets = np.append(np.searchsorted(word_starts, text_starts), len(word_starts)).astype(np.int64)
    exact = _span_hashes(words, offsets[:-1], offsets[1:])
    digits = None
    if numbers:
        others = np.concatenate(([0], np.cumsum((data < 48) | (data > 57))))
        digits = others[word_ends] == others[word_starts]
    return TokenBatch((words >> np.uint64(32)).astype(np.uint32), offsets, exact, digits)


_NUMBER_BASE, _NUMBER_SPAN = 0x10000, 0x10000
_WORD_BASE, _WORD_SPAN = 0x20000, 0xE0000
_WORD_STRING_BATCH = 512  # as in signing: a batch's arrays stay in cache
NUMBERS = re.compile("[\U00010000-\U0001ffff]")
"""The numbers of a ``word_strings`` string."""


def word_strings(texts: Sequence[str], matched: bool = False) -> list[str]:
    """Each text's words as a string of one code point per word, numbers in a range of their own.

    Why: rapidfuzz then aligns words, not letters, at the cost of short strings. Letters are
    the wrong unit to ask whether a short text is contained in a long one: almost any 200
    letters occur in order in a 5,000-letter article. A number maps below ``0x20000`` so that an
    alignment can tell a changed figure from a changed word. Equal words, equal code points;
    distinct words collide with a probability of about one in 900,000 (one in 65,000 for
    numbers), which can only raise a score by one word.

    >>> a, b = word_strings(["Shares rose 5 pct.", "shares ROSE 7 pct"])
    >>> len(a), a[0] == b[0], a[2] == b[2], is_number(a[2]), is_number(a[3])
    (4, True, False, True, False)
    >>> NUMBERS.findall(a) == [a[2]]
    True
    >>> word_strings(["shares rose 5 pct"], matched=True) == [a]  # ``matching_text``'s texts
    True
    """
    found: list[str] = []
    for start in range(0, len(texts), _WORD_STRING_BATCH):  # tokenize's arrays grow with the batch
        batch_texts = texts[start : start + _WORD_STRING_BATCH]
        batch = tokenize(batch_texts, numbers=True, matched=matched)
        assert batch.numbers is not None
        points = np.where(
            batch.numbers, _NUMBER_BASE + batch.hashes % _NUMBER_SPAN, _WORD_BASE + batch.hashes % _WORD_SPAN
        ).astype(np.uint32)
        data = points.tobytes()
        offsets = (batch.offsets * 4).tolist()
        found.extend(data[first:stop].decode("utf-32-le") for first, stop in pairwise(offsets))
    return found


def is_number(point: str) -> bool:
    """Whether a code point of ``word_strings`` stands for a number."""
    return ord(point) < _WORD_BASE
