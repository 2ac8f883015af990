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

# The gate, read off ftfy's own code (ftfy.fix_and_explain with our config):
# its encoding repair returns early unless ftfy.badness.is_bad(text), and its
# other fixers act only on control characters (C0 but tab, DEL, C1), lone
# surrogates, terminal escapes (which start with ESC) and the format
# characters remove_control_chars drops. A line with none of these comes back
# from ftfy unchanged, so ftfy is not called for it. Curly quotes, dashes and
# accented letters on their own are not mojibake: typographic text is not sent.
# tests/test_gate.py checks gated == ungated on generated and real text.
_FTFY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u206a-\u206f\ufeff\ufff9-\ufffc]")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# is_bad's regex is slow (tens of microseconds a line). Every one of its
# alternatives needs two adjacent non-ASCII characters, or one of Œ œ Ã Â
# (next to ASCII), or a C1 control: without these it cannot match.
_MAYBE_BAD = "[^\x00-\x7f]{2}|[ŒœÃÂ]"
# Both tests in one search: most non-ASCII lines pass neither.
_CONTROL_OR_MAYBE_BAD = re.compile(f"{_FTFY_CONTROL.pattern}|{_MAYBE_BAD}")


@lru_cache(maxsize=1)
def _badness() -> re.Pattern[str]:
    from ftfy.badness import BADNESS_RE

    return BADNESS_RE


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
    """True when ftfy could possibly change ``line``.

    >>> needs_encoding_repair("“Don’t” — café"), needs_encoding_repair("donâ€™t")
    (False, True)
    """
    if line.isascii():
        return _ASCII_CONTROL.search(line) is not None
    found = _CONTROL_OR_MAYBE_BAD.search(line)
    if found is None:
        return False
    return _FTFY_CONTROL.search(line) is not None or _badness().search(line) is not None


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
    fixed, steps = fix_and_explain(line)
    if fixed == line:
        return None
    explanation = ", ".join(f"{action} {parameter}" for action, parameter in steps)
    sure = _SURROGATE.search(line) is not None or fixed.count(REPLACEMENT_CHARACTER) <= line.count(
        REPLACEMENT_CHARACTER
    )
    return EncodingRepair(fixed, explanation or "ftfy", sure)


# The fixers ftfy.fix_and_explain runs after its encoding repair that
# _ftfy_config leaves on, in ftfy's order. Each changes only text in which
# _FTFY_CONTROL finds something.
_FIXERS = ("fix_c1_controls", "fix_surrogates", "remove_terminal_escapes", "remove_control_chars")


def fix_and_explain(line: str) -> tuple[str, list[tuple[str, str]]]:
    """What ``ftfy.fix_and_explain(line, _ftfy_config())`` returns, in fewer passes.

    ftfy repeats each repair until it changes nothing, so every repair is
    followed by a pass that only confirms it: a badness scan of the whole
    repaired line (most of a repair's cost) and a str.translate. The gate
    proves when such a pass would change nothing, and it is then skipped, as
    are the fixers when the text has nothing they act on. tests/test_gate.py
    checks the answer against ftfy's own.

    >>> fix_and_explain("donâ€™t")
    ('don’t', [('encode', 'sloppy-windows-1252'), ('decode', 'utf-8')])
    """
    import ftfy

    config = _ftfy_config()
    steps: list[tuple[str, str]] = []
    text = line
    while True:
        before = text
        text, idle = _repair_encoding_step_by_step(text, config, steps)
        if idle:  # the gate proves another pass idle (and finds no control character)
            return text, steps
        if _FTFY_CONTROL.search(text):
            for name in _FIXERS:
                fixed = ftfy.FIXERS[name](text)
                if fixed != text:
                    steps.append(("apply", name))
                    text = fixed
        if text == before or not needs_encoding_repair(text):
            return text, steps


def _repair_encoding_step_by_step(text: str, config: Any, steps: list[tuple[str, str]]) -> tuple[str, bool]:
    """ftfy.fix_encoding_and_explain, which repeats its one step until that
    changes nothing, stopping as soon as the gate proves the next step idle;
    and whether the gate proved the result idle for every ftfy fixer."""
    import ftfy

    one_step = _encoding_step()
    if one_step is None:
        text, plan = ftfy.fix_encoding_and_explain(text, config)
        steps += plan or ()
        return text, False
    while True:
        before = text
        text, plan = one_step(text, config)
        steps += plan or ()
        if text == before:
            return str(text), False
        if not needs_encoding_repair(text):
            return str(text), True


@lru_cache(maxsize=1)
def _encoding_step() -> Any:
    """ftfy's single step of encoding repair, or None: it is private to ftfy."""
    import ftfy

    return getattr(ftfy, "_fix_encoding_one_step_and_explain", None)
