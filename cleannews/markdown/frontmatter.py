"""Front matter: the YAML (``---``) or TOML (``+++``) header of a Markdown post.

It is never changed. Its ``title`` is read with a line pattern rather than a
YAML parser: only the title is needed, and a post whose front matter does not
parse must still be cleaned (and left byte-identical there).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_CLOSERS = {"---": ("---", "..."), "+++": ("+++",)}
_YAML_TITLE = re.compile(r"^title\s*:\s*(?P<value>.*?)\s*$")
_TOML_TITLE = re.compile(r"^title\s*=\s*(?P<value>.*?)\s*$")


@dataclass(frozen=True)
class FrontMatter:
    """Where the front matter ends and the post's title, if it has a simple one."""

    end: int = 0
    """Number of lines it occupies, delimiters included (0 when there is none)."""
    title: str | None = None
    title_line: int | None = None
    """0-based index of the line holding the title."""


def _unquote(value: str, toml: bool) -> str | None:
    """A scalar title as a reader sees it; None for anything not a plain string."""
    if not value:
        return None
    quote = value[0]
    if quote in "\"'":
        if len(value) < 2 or value[-1] != quote:
            return None
        inner = value[1:-1]
        if quote == "'":
            return inner if toml else inner.replace("''", "'")
        return inner.replace('\\"', '"').replace("\\\\", "\\")
    if toml or value[0] in "[{>|&*!%@`":
        return None  # TOML needs quotes; YAML block scalars, anchors, lists are not titles
    return re.sub(r"\s+#.*$", "", value)


def split_front_matter(lines: Sequence[str]) -> FrontMatter:
    """Find front matter at the top of a post.

    >>> split_front_matter(["---", "title: 'It''s here'", "---", "", "Body"])
    FrontMatter(end=3, title="It's here", title_line=1)
    >>> split_front_matter(["---", "no closing delimiter"])
    FrontMatter(end=0, title=None, title_line=None)
    """
    if not lines:
        return FrontMatter()
    opener = lines[0].lstrip("\ufeff").rstrip()
    closers = _CLOSERS.get(opener)
    if closers is None:
        return FrontMatter()
    pattern = _TOML_TITLE if opener == "+++" else _YAML_TITLE
    title = title_line = None
    for index in range(1, len(lines)):
        line = lines[index]
        if line.rstrip() in closers:
            return FrontMatter(index + 1, title, title_line)
        match = pattern.match(line)
        if match and title is None:
            title = _unquote(match["value"], toml=opener == "+++")
            title_line = index if title else None
    return FrontMatter()  # a leading thematic break, not front matter
