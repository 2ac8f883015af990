"""Encoding repair with ftfy, run only on lines where ftfy could change something.

ftfy costs tens of microseconds per call whatever the line holds, and most
lines of news text are plain ASCII that it cannot change, so a one-regex gate
decides which lines it sees. ftfy is imported on first use so that clean ASCII
input never pays for the import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# ftfy acts only on non-ASCII characters (mojibake, C1 controls, surrogates)
# and on ASCII control characters (terminal escapes, NUL and friends).  A tab
# is left to the whitespace step. Everything else it passes through untouched.
_FTFY_CAN_ACT = re.compile(r"[^\t\x20-\x7e]")

REPLACEMENT_CHARACTER = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class EncodingRepair:
    """ftfy's proposal for one line and how sure we are of it."""

    text: str
    explanation: str
    sure: bool


@lru_cache(maxsize=1)
def _ftfy_config() -> Any:
    import ftfy

    return ftfy.TextFixerConfig(
        # HTML entities are decoded by our own step *after* mojibake repair:
        # ftfy unescapes first, which turns "&amp;#8217;" into mojibake-shaped
        # text it then fails to repair, and it skips unescaping on any line
        # containing "<".
        unescape_html=False,
        # Curly quotes are correct typography in news text; keep them.
        uncurl_quotes=False,
        # Fullwidth -> halfwidth and ligature expansion change correct Chinese,
        # Japanese and typeset text; they are not encoding repairs.
        fix_character_width=False,
        fix_latin_ligatures=False,
        # Lines are split by the pipeline; ftfy only ever sees a single line.
        fix_line_breaks=False,
        # NFC is applied by the whitespace-and-Unicode step for every line,
        # gated or not, so the result does not depend on the gate.
        normalization=None,
        explain=True,
    )


def needs_encoding_repair(line: str) -> bool:
    """True when ftfy could possibly change ``line``."""
    return _FTFY_CAN_ACT.search(line) is not None


def repair_encoding(line: str) -> EncodingRepair | None:
    """Ask ftfy to repair one line; None when there is nothing to repair.

    A repair that introduces U+FFFD is lossy (ftfy replaced bytes it could not
    decode), so it is returned with ``sure=False`` for the caller to flag
    instead of apply. Lone surrogates are the exception: they cannot be
    written out in any encoding, so replacing them loses nothing.

    >>> repair_encoding("donâ€™t").text
    'don’t'
    >>> repair_encoding("plain ascii") is None
    True
    """
    if not needs_encoding_repair(line):
        return None
    import ftfy

    fixed, steps = ftfy.fix_and_explain(line, _ftfy_config())
    if fixed == line:
        return None
    explanation = ", ".join(f"{step.action} {step.parameter}" for step in steps or ())
    sure = _SURROGATE.search(line) is not None or fixed.count(REPLACEMENT_CHARACTER) <= line.count(
        REPLACEMENT_CHARACTER
    )
    return EncodingRepair(fixed, explanation or "ftfy", sure)
