"""Whitespace and Unicode normal form for one line of prose."""

from __future__ import annotations

import re
import unicodedata

# Line terminators: CRLF, CR and LF only. str.splitlines() would also split
# on NEL (U+0085), which in scraped text is nearly always a Windows-1252
# ellipsis for ftfy to restore, and on form feeds and U+2028, which are kept.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Invisible characters that carry no meaning in prose: zero-width space,
# word joiner and BOM (U+FEFF in mid-text is a stray BOM from concatenation).
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff]+")

# ZWNJ/ZWJ are needed inside emoji sequences and by Indic and Arabic scripts,
# so they are only removed when no neighbour is non-ASCII.
_ANY_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_STRAY_JOINER = re.compile(r"(?<![^\x00-\x7f])[\u200c\u200d]+(?![^\x00-\x7f])")

# Horizontal white space: space, tab, VT, FF, NBSP and the Unicode spaces.
_SPACES = " \t\x0b\x0c\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
# Runs that need attention: anything but a lone ASCII space. Matching only
# these keeps the per-match callback off the common path.
_ODD_SPACE_RUN = re.compile("(?: [" + _SPACES + "]|[" + _SPACES[1:] + "])[" + _SPACES + "]*")
_NO_BREAK = frozenset("\u00a0\u202f")
# One space character other than a space or a tab.
_UNUSUAL_SPACE = re.compile("[" + _SPACES[2:] + "]")

# Where typography wants a no-break space, a lone one is kept as it is.
_UNITS = (
    "%|‰|°C|°F|°|kg|mg|g|km|cm|mm|µm|nm|m|mi|ft|l|ml|cl|dl|kWh|Wh|kW|MW|GW|W|V|mV|kV|"
    "mA|Hz|kHz|MHz|GHz|ms|s|h|min|km/h|mph|K|B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB|"
    "px|pt|€|£|\\$|¥|EUR|USD|GBP|CHF|JPY"
)
_UNIT_AFTER = re.compile(r"(?:" + _UNITS + r")(?![\w])")
_THREE_DIGITS = re.compile(r"\d{3}(?!\d)")


def split_lines(text: str) -> list[str]:
    """Split on every newline convention in files: CRLF, CR, LF.

    >>> split_lines("a\\r\\nb\\rc\\nd")
    ['a', 'b', 'c', 'd']
    """
    return _LINE_BREAK.split(text)


def _keeps_no_break(line: str, start: int, end: int) -> bool:
    """Is the white space at line[start:end] a typographic no-break space?"""
    if start == 0 or end == len(line):
        return False
    before = line[start - 1]
    after = line[end]
    if before == "«" or after in "»;:!?":
        return True
    if before.isdigit():
        return bool(_THREE_DIGITS.match(line, end) or _UNIT_AFTER.match(line, end))
    return False


def normalise_whitespace(line: str, keep_spacing: bool = False) -> str:
    """Collapse spaces, drop invisible characters, strip the ends; NFC.

    With ``keep_spacing`` (a file's own layout is kept: aligned columns, two
    spaces after a full stop), spaces and tabs inside the line stay as they are
    and each other space character becomes one space, so columns stay aligned.

    >>> normalise_whitespace("\\t Russia\\u00a0calls  for\\u200b a meeting ")
    'Russia calls for a meeting'
    >>> normalise_whitespace("Il a dit\\u00a0: 10\\u00a0000\\u00a0km")
    'Il a dit\\xa0: 10\\xa0000\\xa0km'
    """
    if not line.isascii():
        line = unicodedata.normalize("NFC", line)
        if _ANY_INVISIBLE.search(line):  # one quick search spares two slow substitutions
            line = _ZERO_WIDTH.sub("", line)
            line = _STRAY_JOINER.sub("", line)
    line = line.strip(_SPACES)
    if not line:
        return line
    return _collapse(_UNUSUAL_SPACE if keep_spacing else _ODD_SPACE_RUN, line)


def _collapse(runs: re.Pattern[str], line: str) -> str:
    def replace(match: re.Match[str]) -> str:
        run = match.group()
        if len(run) == 1 and run in _NO_BREAK and _keeps_no_break(line, *match.span()):
            return run
        return " "

    return runs.sub(replace, line)


# Markdown prose: only spaces, tabs and NBSPs. Thin, figure and ideographic
# spaces, zero-width spaces and joiners in a document someone wrote are
# usually deliberate (a zero-width space stops an @mention or a tag).
_MARKDOWN_SPACE_RUN = re.compile("(?: [ \t\u00a0]|[\t\u00a0])[ \t\u00a0]*")
MARKDOWN_SPACES = " \t\u00a0"


def normalise_spacing(text: str) -> str:
    """Collapse runs of spaces, tabs and NBSPs inside a stretch of Markdown prose; NFC.

    >>> normalise_spacing("Go\u00a0is  fast,\u2009\u200bthin")
    'Go is fast,\u2009\u200bthin'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return _collapse(_MARKDOWN_SPACE_RUN, text)
