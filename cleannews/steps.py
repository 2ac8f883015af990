"""The normalising steps: one record each, and everything derived from the records.

A step is a ``str -> str`` repair of one line of prose. Its record says what
it is called (the config field, the ``--no-<name>`` flag and ``Finding.rule``),
what it reports, which characters it may act on, and whether it runs in
Markdown prose. From the records come the config fields (config.py), the
flags, the fast-path gates (``Registry``: the character tables quick.py and
pipeline.py test whole texts with) and the normalise loops of plain text
(pipeline.py) and Markdown (markdown/inline.py). Adding a step is one record
here and one function: docs/adding-a-step.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

from .model import Action, Finding

if TYPE_CHECKING:
    from .config import Config
    from .normalisers import encoding, entities, whitespace


class Change(Protocol):
    """What a step that explains itself or may only flag returns (an encoding repair)."""

    @property
    def text(self) -> str: ...
    @property
    def explanation(self) -> str: ...
    @property
    def sure(self) -> bool:
        """False: the change is only proposed; the step flags the line and leaves it."""


#: A step's repair of some text: the new text (the same text: nothing to do),
#: a Change, or None for nothing to do.
Apply = Callable[[str, "Config"], "str | Change | None"]


@dataclass(frozen=True)
class Step:
    """One normalising step."""

    name: str
    """The config field, the ``--no-<name>`` flag (dashes for underscores) and ``Finding.rule``."""
    help: str
    """What switching the step off means: the flag's help."""
    message: str
    """The finding's message when the step changed a line."""
    trigger: str
    """A regular-expression character class body (no brackets): a line holding
    none of these characters is one the step leaves as it is. The fast paths
    send a line or text to the step only when it holds one."""
    apply: Apply
    """The repair of one line of plain text."""
    markdown: Apply | None = None
    """The repair of a stretch of Markdown prose within a line; None: the step
    leaves Markdown alone (an entity there is Markdown's own syntax)."""
    acts_at: str = ""
    """A regular expression for where the step can act when that is narrower
    than its trigger characters (entities: an ``&`` before ``#``, a name and its
    ``;``, or a bare name of two letters or more; ``Johnson & Johnson`` and
    ``AT&T`` need nothing). Empty: at any trigger character."""
    flag_message: str = ""
    """The finding's message when the step only flagged a line (a Change not sure)."""
    routine: bool = False
    """Its fixes are counted, not listed, in the report unless --verbose: they are many and dull."""

    def message_for(self, flagged: bool) -> str:
        return self.flag_message if flagged else self.message


def apply_step(repair: Apply, text: str, config: Config) -> tuple[str, Action | None, str]:
    """A step's ``repair`` (its ``apply`` or ``markdown``) on ``text``: the text to
    go on with, what the step did (None: nothing), and its explanation, if any.
    The one reading of what a repair returns, for both normalise loops."""
    result = repair(text, config)
    if result is None or result is text:
        return text, None, ""
    if isinstance(result, str):
        return (result, Action.FIXED, "") if result != text else (text, None, "")
    if result.sure:
        return result.text, Action.FIXED, result.explanation
    return text, Action.FLAGGED, result.explanation


class _Module:
    """A module imported on its first use, whose names then become this object's own.

    Why: config.py derives the ``--no-<step>`` flags from this registry, and
    ``cleannews --help`` must not pay for compiling the normalisers' patterns.
    """

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):  # (inspect and doctest probe for __wrapped__ and the like)
            raise AttributeError(attribute)
        module = import_module(self._name, __package__)
        self.__dict__.update((name, value) for name, value in vars(module).items() if name[:2] != "__")
        return getattr(module, attribute)


if not TYPE_CHECKING:
    encoding = _Module(".normalisers.encoding")
    entities = _Module(".normalisers.entities")
    whitespace = _Module(".normalisers.whitespace")


def _repair_encoding(text: str, config: Config) -> Change | None:
    return encoding.repair_encoding(text)


def with_stray_controls(text: str, line: int, finding: Finding | None) -> Finding | None:
    """The encoding step's finding for a normalised line (``finding``: the one its
    rounds gave, if any) once the line's end state is known: a line still holding
    a C1 control no Windows-1252 character stands for is flagged, or its repair
    says so too. Both normalise loops call it on every line they changed."""
    stray = encoding.undefined_controls(text)
    if stray is None or (finding is not None and finding.action is not Action.FIXED):
        return finding  # (a lossy repair's flag says more)
    if finding is None:
        return Finding(
            "encoding", line, Action.FLAGGED, f"{REGISTRY.by_name['encoding'].flag_message} ({stray})"
        )
    return replace(finding, message=f"{finding.message}; {stray}")


# Where unescape_entities can change a line: a numeric reference, a name with its
# semicolon (escaped ampersands included), or a bare name of two letters or more
# (normalisers/entities.py; written here so that start-up imports none of it).
# "AT&T", "R&D", "J&J" and "Johnson & Johnson" are none of these.
_ENTITY_PLACES = r"&(?:#|[A-Za-z][A-Za-z0-9]{1,31};|[A-Za-z]{2,8}(?![A-Za-z;]))"


def _unescape_entities(text: str, config: Config) -> str:
    return entities.unescape_entities(text)


def _normalise_whitespace(text: str, config: Config) -> str:
    # Without paragraph breaks a file's own layout is kept: its spaces stay.
    return whitespace.normalise_whitespace(text, not config.paragraph_breaks)


def _normalise_spacing(text: str, config: Config) -> str:
    return whitespace.normalise_spacing(text)


# Control characters (ftfy removes them) and those encoding.needs_encoding_repair
# sends to ftfy: C1 controls, lone surrogates, format characters, and Œ œ Ã Â,
# signs of mojibake even next to ASCII. Two non-ASCII characters side by side,
# the other sign, are a test of their own in every gate.
_ENCODING_TRIGGER = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u206a-\u206f\ufeff\ufff9-\ufffcŒœÃÂ"
# Tab and spacing controls, no-break, unusual and invisible spaces, line and
# paragraph separators. Doubled, leading and trailing spaces and text not in
# NFC are tests of their own in every gate.
_WHITESPACE_TRIGGER = "\t\x0b\x0c\x1c-\x1f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff"

#: The registry: every normalising step, in the order each round applies them.
NORMALISERS: tuple[Step, ...] = (
    Step(
        "encoding",
        help="Leave mojibake and control characters as they are (no ftfy).",
        message="encoding repaired",
        flag_message="possible mojibake left as is",
        trigger=_ENCODING_TRIGGER,
        apply=_repair_encoding,
        markdown=_repair_encoding,
    ),
    Step(
        "html_entities",
        help="Leave HTML entities such as &amp; undecoded.",
        message="HTML entities decoded",
        trigger="&",
        acts_at=_ENTITY_PLACES,
        apply=_unescape_entities,
        routine=True,
    ),
    Step(
        "whitespace",
        help="Leave spaces, NBSP, tabs and zero-width characters inside lines alone.",
        message="whitespace normalised",
        trigger=_WHITESPACE_TRIGGER,
        apply=_normalise_whitespace,
        markdown=_normalise_spacing,
        routine=True,
    ),
)


class Registry:
    """Steps in order, and the tables the fast paths derive from their triggers.

    A text holding none of the trigger characters, no doubled, leading or
    trailing space, no two non-ASCII characters side by side and nothing NFC
    changes is one no step changes: that is what the gates in quick.py and
    pipeline.py test, with these tables.
    """

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = tuple(steps)
        self.markdown = tuple(step for step in self.steps if step.markdown is not None)
        self.by_name = {step.name: step for step in self.steps}
        self.routine = frozenset(step.name for step in self.steps if step.routine)

    # The tables are built on first use: ``--help`` needs the names only.

    @cached_property
    def work(self) -> re.Pattern[str]:
        """Any character some step acts on; searched only in non-ASCII characters."""
        return re.compile("[" + "".join(step.trigger for step in self.steps) + "]")

    @cached_property
    def _narrow(self) -> tuple[str, list[str]]:
        """The ASCII trigger characters only some places of which a step acts on,
        and the patterns of those places."""
        chars = "".join(step.trigger for step in self.steps if step.acts_at)
        narrow = "".join(chr(c) for c in range(128) if chars and re.fullmatch(f"[{chars}]", chr(c)))
        return narrow, [step.acts_at for step in self.steps if step.acts_at]

    @cached_property
    def ascii_work(self) -> re.Pattern[str]:
        """Where in ASCII text some step may act: a character it acts on (never
        the line feed), or a place a step with ``acts_at`` acts on."""
        narrow, places = self._narrow
        found = "".join(
            chr(c) for c in range(128) if c != 0x0A and self.work.match(chr(c)) and chr(c) not in narrow
        )
        return re.compile("|".join([f"[{re.escape(found)}]", *places]))

    @cached_property
    def _all_but_always_acted_on(self) -> bytes:
        """Every byte but the ASCII ones some step acts on wherever they stand:
        deleting these leaves only those."""
        narrow, _ = self._narrow
        untouched = self.untouched_ascii
        return bytes(c for c in range(256) if c > 127 or c in untouched or chr(c) in narrow)

    @cached_property
    def _places(self) -> re.Pattern[str] | None:
        _, places = self._narrow
        return re.compile("|".join(places)) if places else None

    def ascii_work_in(self, text: str) -> bool:
        """Does ``ascii_work`` match the text? The same answer without running its
        alternation at every character: a pattern led by a character class and
        then an alternative gets no fast scan in ``re`` (250 us on a 25 KB
        article with one ``&``); translating bytes finds the characters present,
        and the places of narrow ones (``&`` before a letter) lead with a literal."""
        present = text.encode("ascii", "ignore").translate(None, self.untouched_ascii)
        if not present:
            return False
        if present.translate(None, self._all_but_always_acted_on):
            return True  # (a character acted on wherever it stands)
        return self._places is not None and self._places.search(text) is not None

    @cached_property
    def untouched_ascii(self) -> bytes:
        """The ASCII bytes no step touches, and the line feed."""
        return bytes(c for c in range(128) if c == 0x0A or not self.work.match(chr(c)))

    @cached_property
    def may_need_work(self) -> re.Pattern[str]:
        """A line that may need work: a character not untouched ASCII, or a stray space."""
        narrow, places = self._narrow
        printable = re.escape(self.untouched_ascii.decode().replace("\n", "") + narrow)
        return re.compile("|".join([f"[^{printable}]", *places, "  |^ | $"]))

    @cached_property
    def any_line_may_need_work(self) -> re.Pattern[str]:
        """The same test for every line of a text at once."""
        narrow, places = self._narrow
        printable = re.escape(self.untouched_ascii.decode().replace("\n", "") + narrow)
        return re.compile("|".join([f"[^{printable}\n]", *places, "  |^ | $"]), re.MULTILINE)

    @cached_property
    def quiet_styles(self) -> dict[str, str]:
        """Quote and dash styles no step acts on: the fast paths read them as plain."""
        from .matching import QUOTE_STYLES

        return {style: plain for style, plain in QUOTE_STYLES.items() if not self.work.match(style)}


#: The registry in use. Tests register a step of their own by replacing it.
REGISTRY = Registry(NORMALISERS)
