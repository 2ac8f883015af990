"""Whole-document fast paths: most articles need nothing done, and a few passes
over the whole text in C can prove it.

The pipeline builds an object per line and per block and runs every rule over
them; for a clean article that costs several times what proving it clean
does. Each test here is a necessary condition for some step to act, checked
against that step by property tests (tests/test_quick.py); when one fails,
the full pipeline runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple
from unicodedata import category, combining, is_normalized, normalize

from . import steps
from .config import Config
from .matching import QUOTE_STYLES
from .model import Block, Finding, Line
from .rules.duplicates import may_find_duplicates
from .rules.repeats import may_find_repeats
from .rules.stutters import flag_stutters, may_stutter

# Led by a character class, which the regex engine scans for quickly.
_NON_ASCII_RUN = re.compile("[^\x00-\x7f][^\x00-\x7f]*")
_ASCII_BYTES = bytes(range(128))
# UTF-8 bytes by role: ASCII 0, continuation 1, lead 2.
_UTF8_ROLE = bytes(0 if byte < 0x80 else 1 if byte < 0xC0 else 2 for byte in range(256))


class NormalText(NamedTuple):
    """A text no normaliser changes, laid out as cleannews writes text."""

    paragraphs: list[str]
    plain: str  # the text with ASCII quotes and dashes, as comparison keys have them

    def keys(self) -> list[str]:
        """The comparison key of every paragraph (the text is in normal form:
        single spaces, nothing for str.split() to collapse)."""
        plain = self.plain
        folded = plain.casefold() if plain.isascii() else _casefolded(plain)
        return folded[:-1].split("\n")[::2]  # (splitting at "\n\n" scans slower)


def _casefolded(text: str) -> str:
    """str.casefold(), sooner when every non-ASCII character of the text folds
    to itself ("£", "€"): only ASCII letters change then, which bytes.lower()
    does in C, while str.casefold() maps each character of a non-ASCII text in
    turn (5.1 µs against 2.8 for a 2,000-character BBC article with a "£").
    Case folding is per character, without context."""
    data = text.encode("utf-8", "surrogatepass")
    present = data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    if all(map(_folds_to_itself, set(present))):
        return data.lower().decode("utf-8", "surrogatepass")
    return text.casefold()


@lru_cache(maxsize=1024)
def _folds_to_itself(char: str) -> bool:
    return char.casefold() == char


# Letters, numbers, punctuation and symbols: characters of these categories
# with no combining class are never the second of a canonical composition
# (those are marks, Mn and Mc, and Hangul vowels and final consonants, Lo),
# which tests/test_quick.py checks against every code point.
_NEVER_COMPOSED_AFTER = frozenset(("Lu", "Ll", "Lt", "Lm", "Nd", "Nl", "No", "Sc", "Sm", "Sk", "So")) | {
    f"P{kind}" for kind in "cdsefio"
}


@lru_cache(maxsize=1024)
def _stable_in_nfc(char: str) -> bool:
    """Does NFC leave this character as it is, wherever it stands? Then it has
    combining class 0, is no composition's second (NFC_Quick_Check Maybe in
    UAX #15) and is not replaced alone (No): a text of such characters passes
    Unicode's quick check, so it is in NFC, with no whole-text is_normalized()
    (3 µs for a 2,000-character article with a "£")."""
    return combining(char) == 0 and category(char) in _NEVER_COMPOSED_AFTER and normalize("NFC", char) == char


def normal_text(text: str) -> NormalText | None:
    """The text's paragraphs when cleaning can only leave it as it is, or find
    something: one line per paragraph, one blank line between them, a final
    newline, and nothing in any line for a normaliser to change. None otherwise.

    >>> normal_text("Storm hits coast\\n\\nIt’s wet.\\n")
    NormalText(paragraphs=['Storm hits coast', 'It’s wet.'], plain="Storm hits coast\\n\\nIt's wet.\\n")
    >>> normal_text("Storm  hits coast\\n"), normal_text("Storm\\nhits coast\\n")
    (None, None)
    """
    if not text.endswith("\n"):
        return None
    # Lines alternate paragraph, blank, paragraph: one split at "\n" (memchr)
    # tests it faster than splitting at "\n\n" and counting line breaks.
    lines = text[:-1].split("\n")
    paragraphs = lines[::2]
    if not len(lines) % 2 or any(lines[1::2]) or "" in paragraphs:
        return None  # a paragraph of several lines, or blank lines in a row
    if " " in map(_FIRST, paragraphs) or " " in map(_LAST, paragraphs):
        return None
    plain = _plain_if_normal(text)
    return None if plain is None else NormalText(paragraphs, plain)


_FIRST = itemgetter(0)
_LAST = itemgetter(-1)


# Most news text is ASCII, or ASCII with quotes and dashes of U+2010-U+203F:
# U+20xx is E2 80 xx in UTF-8, and deleting every E2 80 leaves each of them as
# one byte from 0x80, which no other character leaves (E2 is always a lead
# byte, and every other lead byte stays).
_CURLY_LEAD = b"\xe2\x80"


class _BytesTables:
    """The byte tables of _plain_if_normal, for one registry: which bytes no
    step touches, and how curly quotes and dashes (the ones no step acts on)
    read as plain."""

    def __init__(self, registry: steps.Registry) -> None:
        self.registry = registry
        quiet = registry.quiet_styles
        tail = {
            style.encode()[-1]: plain for style, plain in quiet.items() if style.encode()[:-1] == _CURLY_LEAD
        }
        self.curly_or_untouched = registry.untouched_ascii + bytes(tail)
        self.curly_to_plain = bytes(
            ord(tail[c]) if c in tail else ord(quiet.get(chr(c), chr(c))) if c < 128 else c
            for c in range(256)
        )


# A space as 1 and a curly quote or dash as 2: as an integer, one byte a
# character, the text has two of a kind side by side when it shares a bit
# with itself shifted by a byte.
_SPACE_OR_CURLY = bytes(1 if c == 0x20 else 2 if c > 127 else 0 for c in range(256))
_TABLES = _BytesTables(steps.REGISTRY)


def _tables() -> _BytesTables:
    """The tables of the registry in use (a test may register a step of its own)."""
    global _TABLES
    if _TABLES.registry is not steps.REGISTRY:
        _TABLES = _BytesTables(steps.REGISTRY)
    return _TABLES


def _plain_if_normal(text: str) -> str | None:
    """The text with ASCII quotes and dashes, or None when a line may need work.

    These are the tests of pipeline.normalise_lines on every line at once,
    but for spaces at the ends of lines. Text that is ASCII with curly quotes
    and dashes is tested as bytes: encoding, deleting and translating bytes
    are C loops faster than finding and replacing the quotes in str
    (str.translate is slow); other text is left to _plain_if_normal_otherwise.
    """
    if text.isascii():
        return _plain_if_normal_otherwise(text)  # (as fast on str)
    tables = _tables()
    data = text.encode(errors="surrogatepass").replace(_CURLY_LEAD, b"")
    if data.translate(None, tables.curly_or_untouched):
        return _plain_if_normal_otherwise(text)
    marks = int.from_bytes(data.translate(_SPACE_OR_CURLY), "little")
    if marks & (marks >> 8):
        return None  # a doubled space, or two non-ASCII characters (possible mojibake)
    return data.translate(tables.curly_to_plain).decode()


def _plain_if_normal_otherwise(text: str) -> str | None:
    """_plain_if_normal for any text, by tests on str. Quotes and dashes go
    first: what is left is often ASCII, which the later tests read faster, and
    they change no test's answer.
    """
    registry = steps.REGISTRY
    quiet = registry.quiet_styles
    if not text.isascii():
        present = _non_ascii_if_normal(text)
        if present is None:
            return None
        for style in present.intersection(quiet):
            text = text.replace(style, quiet[style])
    if "`" in text and "`" in quiet:
        text = text.replace("`", quiet["`"])
    if "  " in text:  # (faster than a regex: 3.4 against 4.1 µs on a 2,300-character article)
        return None
    # (the non-ASCII characters were tested above)
    return None if registry.ascii_work_in(text) else text


def _non_ascii_if_normal(text: str) -> set[str] | None:
    """The text's non-ASCII characters, or None when a normaliser may change
    one: two side by side (possible mojibake), one always changed, or NFC."""
    # As bytes: every non-ASCII character ends in a continuation byte, and one
    # follows it directly when a lead byte comes next (C loops, not a regex).
    data = text.encode("utf-8", "surrogatepass")
    if data.translate(_UTF8_ROLE).find(b"\x01\x02") != -1:
        return None
    present = set(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    registry = steps.REGISTRY
    unusual = present.difference(registry.quiet_styles)  # (quotes and dashes: stable in NFC)
    if unusual and (
        registry.work.search("".join(unusual))
        or not (all(map(_stable_in_nfc, unusual)) or is_normalized("NFC", text))
    ):
        return None
    return present


def line_needs_no_work(line: str) -> bool:
    """Is this line in normal form for every normaliser? Most lines of news are:
    printable ASCII without "&" or stray spaces, or typographic text whose quotes,
    dashes and accented letters no step changes.

    >>> line_needs_no_work("“Don’t” — café"), line_needs_no_work("donâ€™t"), line_needs_no_work("a  b")
    (True, False, False)
    """
    if "  " in line or line[:1] == " " or line[-1:] == " ":
        return False
    if steps.REGISTRY.ascii_work_in(line):
        return False
    return line.isascii() or _non_ascii_if_normal(line) is not None


def plain_quotes(text: str) -> str:
    """Text with ASCII quotes and dashes, as comparison keys have them.

    >>> plain_quotes("“Don’t” — `no`")
    '"Don\\'t" - \\'no\\''
    """
    present = set(_NON_ASCII_RUN.findall(text)) if not text.isascii() else set()
    for style in present.union("`").intersection(QUOTE_STYLES):
        text = text.replace(style, QUOTE_STYLES[style])
    return text


def lone_lines(lines: Sequence[Line]) -> list[str] | None:
    """The texts of the non-blank lines when no two stand together (each is then
    a block of its own), else None."""
    filled = [bool(line.text) for line in lines]
    if any(a and b for a, b in pairwise(filled)):
        return None
    return [line.text for line in lines if line.text]


def only_flags(
    paragraphs: Sequence[str],
    line_numbers: Sequence[int],
    plain: str,
    keys: Sequence[str],
    config: Config,
    doubled_words: bool = True,
) -> list[Finding] | None:
    """What the rules find in one-line blocks of these paragraphs, when the
    screens prove they drop nothing and flag nothing but doubled words (then
    the findings are those flags, usually none); else None.

    ``plain`` is the paragraphs joined by line breaks (quotes and dashes may be
    ASCII: the stutter screen reads both as separators) and ``keys`` their
    comparison keys. Doubled words are looked for only when ``doubled_words``
    is true (and the rule is on).
    """
    if config.repeated_headlines and may_find_repeats(paragraphs, config, keys):
        return None
    if config.duplicates and may_find_duplicates(keys, config):
        return None
    if not (doubled_words and config.stutters and may_stutter(plain)):
        return []
    lines = (Line(number, text) for number, text in zip(line_numbers, paragraphs, strict=True))
    return flag_stutters([Block.of(index, (line,)) for index, line in enumerate(lines)])
