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

    A repair that introduces U+FFFD is lossy (a byte of the mojibake was lost
    before it reached us, and ftfy can only put U+FFFD where it was), so it is
    returned with ``sure=False`` for the caller to flag instead of apply.
    Three exceptions: lone surrogates cannot be written out in any encoding,
    so replacing them loses nothing; a U+FFFD that ftfy decodes from the
    mojibake of U+FFFD itself (``ï¿½``) is text, not loss; and a lost byte
    that its context decides is restored before ftfy repairs the line (see
    ``restore_lost_bytes``).

    >>> repair_encoding("donâ€™t").text
    'don’t'
    >>> repair_encoding("plain ascii") is None
    True
    >>> repair_encoding("upgraded to â€œbb+â€? from â€œbbâ€?").text
    'upgraded to “bb+” from “bb”'
    """
    if not needs_encoding_repair(line):
        return None
    fixed, steps = fix_and_explain(line)
    if fixed == line:
        return None
    if REPLACEMENT_CHARACTER in fixed and _LOST_QUOTE_BYTE.search(line):
        restored = _repair_restored(line, fixed)
        if restored is not None:
            return restored
    explanation = ", ".join(f"{action} {parameter}" for action, parameter in steps) or "ftfy"
    sure = not _loses_text(line, fixed, steps)
    if not sure:
        explanation += f"; {_LOST_BYTE}"
    return EncodingRepair(fixed, explanation, sure)


# The C1 controls that stand for no Windows-1252 character (its undefined bytes
# 81, 8D, 8F, 90 and 9D): ftfy leaves them, as clues of mojibake it could not
# repair, and so does cleannews; they are reported, since they print as nothing.
_UNDEFINED_CONTROLS = re.compile("[\x81\x8d\x8f\x90\x9d]")


def undefined_controls(text: str) -> str | None:
    """What to say of the C1 controls a normalised line still holds, if any: said
    of the line as it ends, not after each round of steps (a later round, once
    spaces are normal, may repair the mojibake they belong to).

    >>> undefined_controls("a \x81 b")
    'U+0081 kept: control characters for no Windows-1252 character, bytes of unknown text'
    """
    if _UNDEFINED_CONTROLS.search(text) is None:
        return None
    names = ", ".join(f"U+{ord(char):04X}" for char in sorted(set(_UNDEFINED_CONTROLS.findall(text))))
    return f"{names} kept: control characters for no Windows-1252 character, bytes of unknown text"


def _loses_text(line: str, fixed: str, steps: list[tuple[str, str]]) -> bool:
    """Does ftfy's repair of ``line`` put U+FFFD where a byte was lost?"""
    if _SURROGATE.search(line) is not None:
        return False
    if fixed.count(REPLACEMENT_CHARACTER) <= line.count(REPLACEMENT_CHARACTER):
        return False
    # More U+FFFD than before. From a plain re-encoding (no lossy transcoding,
    # no piecewise repair whose steps ftfy does not tell) each new one was
    # decoded from the bytes EF BF BD: the text held U+FFFD before it was
    # mojibaked, and the repair gives it back.
    return any(step in _STEPS_THAT_MAY_LOSE for step in steps)


_STEPS_THAT_MAY_LOSE = frozenset(
    {("transcode", "replace_lossy_sequences"), ("apply", "decode_inconsistent_utf8")}
)

# U+201D RIGHT DOUBLE QUOTATION MARK is E2 80 9D in UTF-8. Read as
# Windows-1252 that is "â€" and a byte Windows-1252 leaves undefined, which
# scrapers print as "?" or U+FFFD. The same "â€" and a lost byte can only be
# one of five characters, E2 80 xx with xx undefined in Windows-1252:
# U+2001 EM QUAD (81), U+200D ZERO WIDTH JOINER (8D), U+200F RIGHT-TO-LEFT
# MARK (8F), U+2010 HYPHEN (90) and U+201D (9D). After a word and before a
# space, punctuation or the end of the line, only the closing quote is
# written: a joiner stands between two characters it joins, a hyphen before
# the rest of its word, a mark or a quad is not typed at the end of a word
# (the right-to-left mark is, in right-to-left text, which is why a line that
# turns out to hold any is left alone).
_LOST_QUOTE_BYTE = re.compile(r"(?<=\S)â€[?\ufffd](?=$|[\s.,;:!?)\]}…»\"'’”\-–—])")
# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their presentation
# forms; the historic right-to-left scripts of the SMP.
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def restore_lost_bytes(line: str) -> str:
    """``line`` with each "â€?" whose context makes it a closing quote given back
    its lost byte, U+009D (the byte 0x9D as sloppy Windows-1252 reads it), so
    that ftfy repairs it to ”. Lines without such mojibake come back as they are.

    >>> restore_lost_bytes("Rated â€œbbâ€?.") == "Rated â€œbbâ€\x9d."
    True
    >>> restore_lost_bytes("He said â€?hello")  # not decided: ‐, joiner, mark or ”
    'He said â€?hello'
    """
    return _LOST_QUOTE_BYTE.sub("â€\x9d", line)


def _repair_restored(line: str, lossy: str) -> EncodingRepair | None:
    """ftfy's repair of ``line`` once the lost bytes its context decides are
    restored; None unless that gives back exactly those quotes and loses
    nothing else, in a line that is not right-to-left text."""
    restored = restore_lost_bytes(line)
    count = len(_LOST_QUOTE_BYTE.findall(line))
    fixed, steps = fix_and_explain(restored)
    if (
        fixed.count("”") != lossy.count("”") + count
        or fixed.count(REPLACEMENT_CHARACTER) != lossy.count(REPLACEMENT_CHARACTER) - count
        or _RIGHT_TO_LEFT.search(fixed)
        or _loses_text(restored, fixed, steps)
    ):
        return None
    explanation = ", ".join(f"{action} {parameter}" for action, parameter in steps)
    return EncodingRepair(fixed, f"lost byte of ” restored ({count}), {explanation}", True)


_LOST_BYTE = (
    "ftfy's repair would lose text: a byte of the mojibake was lost and its context does not tell which"
)


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
    """ftfy's single step of encoding repair, or None: it is private to ftfy.

    Why private: ftfy's public loop gives the same repairs but ends each with
    a pass that only confirms it, which the gate can prove idle (about half
    the cost on mojibake). pyproject.toml pins ftfy below its next minor
    version, and tests/test_gate.py fails, saying what to do, if the function
    changes; without it the public loop is used.
    """
    import ftfy

    return getattr(ftfy, "_fix_encoding_one_step_and_explain", None)
