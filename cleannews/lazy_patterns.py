"""Regular expressions compiled on first use rather than at import.

A large pattern costs milliseconds to compile, and a one-file pre-commit run
or a one-article pipe feels every one of them; the template patterns of the
headline rule, for instance, are only needed when two short neighbours may be
one headline, which most documents never reach.
"""

from __future__ import annotations

import re


class LazyPattern:
    """A ``re.Pattern`` stand-in with the methods the rules use, compiled once on the first call."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def sub(self, replacement: str, string: str) -> str:
        return self.compiled.sub(replacement, string)
