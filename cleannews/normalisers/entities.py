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


# Browsers also accept the oldest names without a semicolon ("&nbsp", "&pound5m",
# "caf&eacute "), and so do scrapers' sources. They are decoded only when no
# letter follows, so "&copyright" and "&notes" stay as written.
_LEGACY_NAMES = frozenset(name for name in html5 if not name.endswith(";"))
_BARE_ENTITY = re.compile(r"&([A-Za-z]{2,8})(?![A-Za-z;])")


def unescape_entities(line: str) -> str:
    """Decode HTML entities, including double-escaped ones.

    >>> unescape_entities("Tate &amp;amp; Lyle&#8217;s &amp;nbsp;bid")
    'Tate & Lyle’s \\xa0bid'
    >>> unescape_entities("AT&T and R&D, &pound5m")
    'AT&T and R&D, £5m'
    """
    if "&" not in line:
        return line
    line = _ESCAPED_AMPERSANDS.sub("&", line)
    line = _ENTITY.sub(_decode_reference, line)
    if "&" in line:
        line = _BARE_ENTITY.sub(_decode_legacy_name, line)
    return line


def _decode_legacy_name(match: re.Match[str]) -> str:
    name = match.group(1)
    return html5[name] if name in _LEGACY_NAMES else match.group()


def _decode_reference(match: re.Match[str]) -> str:
    reference = match.group()
    # html.unescape also decodes legacy names without their semicolon, so
    # "&copyright;" would become "©right;"; only whole known names are decoded.
    if reference[1] != "#" and reference[1:] not in html5:
        return reference
    return html.unescape(reference)
