"""HTML character references left in plain text by scrapers and CMS exports."""

from __future__ import annotations

import html
import re
from html.entities import html5

_REFERENCE = r"(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"

# Only well-formed references with their semicolon: "AT&T", "R&D" and a bare
# "&copy" in prose are left alone (html.unescape alone would take "&copy").
_ENTITY = re.compile("&" + _REFERENCE)

# Double (or deeper) escaping: "&amp;#8217;", "&amp;amp;nbsp;". Collapsing the
# chain of escaped ampersands in one pass keeps hostile input linear instead
# of needing one full pass per level.
_ESCAPED_AMPERSANDS = re.compile(r"&(?:amp;|#0*38;|#[xX]0*26;)+(?=" + _REFERENCE + ")")


def unescape_entities(line: str) -> str:
    """Decode HTML entities, including double-escaped ones.

    >>> unescape_entities("Tate &amp;amp; Lyle&#8217;s &amp;nbsp;bid")
    'Tate & Lyle’s \\xa0bid'
    >>> unescape_entities("AT&T and R&D")
    'AT&T and R&D'
    """
    if "&" not in line:
        return line
    line = _ESCAPED_AMPERSANDS.sub("&", line)
    return _ENTITY.sub(_decode_reference, line)


def _decode_reference(match: re.Match[str]) -> str:
    reference = match.group()
    # html.unescape also decodes legacy names without their semicolon, so
    # "&copyright;" would become "©right;"; only whole known names are decoded.
    if reference[1] != "#" and reference[1:] not in html5:
        return reference
    return html.unescape(reference)
