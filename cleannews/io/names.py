"""What a path is called: ``-`` for the standard streams, and a name fit to print.

Every command takes ``-`` for stdin (and ``-o -`` for stdout) and prints file
names in reports, so both are decided here once.
"""

from __future__ import annotations

# The path that stands for stdin (as an input) or stdout (as an output).
STDIO = "-"


def display_name(path: str) -> str:
    """An input's name in messages: ``<stdin>`` for ``-``, else the printable path.

    >>> display_name("-"), display_name("posts/a.md"), display_name("")
    ('<stdin>', 'posts/a.md', "''")
    """
    if path == STDIO:
        return "<stdin>"
    return printable_name(path) if path else "''"


def printable_name(name: str) -> str:
    r"""A file name as it can be printed on one line and encoded as UTF-8.

    Bytes that are not UTF-8 (which Python keeps as lone surrogates) become
    ``\xNN`` and control characters ``\n``, ``\t``, ``\x1b``..., and such a name
    is quoted: a newline in it cannot start a forged ``path:line:`` report line,
    and an encoding error cannot cut a report short.

    >>> print(printable_name("posts/a.md"), printable_name("caf\udce9.md"), printable_name("a\nb.md:1: x"))
    posts/a.md 'caf\xe9.md' 'a\nb.md:1: x'
    """
    if name.isprintable() and not any("\ud800" <= char <= "\udfff" for char in name):
        return name
    escaped = []
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
            escaped.append(f"\\x{code - 0xDC00:02x}")
        elif char in "\\'":
            escaped.append("\\" + char)
        elif char.isprintable() and not 0xD800 <= code <= 0xDFFF:
            escaped.append(char)
        else:
            escaped.append(char.encode("unicode_escape").decode("ascii"))
    return "'" + "".join(escaped) + "'"
