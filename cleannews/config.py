"""The one configuration object.

Each boolean field is the name of a step: the same word is the rule name in a
finding and the ``--no-<name>`` CLI flag (underscores become dashes).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from . import steps

# The switches that are not normalising steps, with what switching off means.
_SWITCHES = {
    "hard_wraps": "Treat every line as its own paragraph, even in hard-wrapped prose.",
    "paragraph_breaks": "Keep the input's line breaks, indentation and spacing instead of one blank "
    "line between paragraphs (the default for --in-place/--check).",
    "repeated_headlines": "Keep repeated headlines, captions and menu lines.",
    "duplicates": "Keep duplicated paragraphs (and do not flag near-duplicates).",
    "stutters": "Do not flag doubled words such as 'the the'.",
}

#: Steps that can be switched off, in pipeline order, with what switching off means.
STEPS: dict[str, str] = {**{step.name: step.help for step in steps.REGISTRY.steps}, **_SWITCHES}

_Class = TypeVar("_Class", bound=type)


def _with_step_fields(cls: _Class) -> _Class:
    """Give the class a boolean field, on by default, for every registered
    normalising step it does not declare, after the ones it does.

    Why: a new step then needs no edit here. Declaring its field as well gives
    it a type checkers see and a docstring.
    """
    declared = inspect.get_annotations(cls)
    missing = [step.name for step in steps.REGISTRY.steps if step.name not in declared]
    if missing:
        last = max((i for i, name in enumerate(declared) if name in steps.REGISTRY.by_name), default=-1) + 1
        names = list(declared)
        cls.__annotations__ = {
            name: declared.get(name, "bool") for name in names[:last] + missing + names[last:]
        }
        for name in missing:
            setattr(cls, name, True)
    return cls


# Field annotations are strings (``from __future__ import annotations``).
_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {"bool": bool, "int": int, "float": (int, float)}


@dataclass(frozen=True)
@_with_step_fields
class Config:
    """Switches and thresholds for every step of the pipeline."""

    # --- steps -----------------------------------------------------------
    encoding: bool = True
    """Repair mojibake and C1 controls with ftfy."""
    html_entities: bool = True
    """Decode HTML entities left in plain text (``&amp;``, ``&#8217;``)."""
    whitespace: bool = True
    """NFC, spaces, zero-width characters, line endings, blank lines."""
    hard_wraps: bool = True
    """Keep hard-wrapped paragraphs as one block instead of one block per line."""
    paragraph_breaks: bool = True
    """Plain text: one blank line between paragraphs, the normal form of scraped text
    (a headline and its caption arrive on consecutive lines). Off, the input's own
    line breaks, indentation and runs of spaces are kept: the layout a file in a
    repository was written with (a list, a poem, aligned columns, requirements.txt).
    Markdown always keeps its layout."""
    repeated_headlines: bool = True
    """Drop extra printings of a headline or caption (the headline anywhere, other short
    blocks next to their twin) and runs of menu or widget lines printed again."""
    duplicates: bool = True
    """Drop duplicated paragraphs anywhere in the document; flag borderline ones."""
    stutters: bool = True
    """Flag a word typed twice (``the the``); never changes the text."""

    # --- thresholds -------------------------------------------------------
    duplicate_threshold: float = 95.0
    """Similarity (rapidfuzz ratio, 0-100) at or above which a paragraph is dropped.
    Injected near-copies with one or two small edits score 98-100 on real news;
    95 leaves room for a changed word in a short paragraph without reaching
    sentences that merely share a template (those score 80-91)."""
    flag_threshold: float = 85.0
    """Similarity at or above which a pair is reported but both are kept."""
    min_duplicate_length: int = 50
    """Shorter paragraphs are never dropped as duplicates: short lines such as
    ``A: No comment.`` or ``Status: unchanged`` legitimately repeat."""
    max_word_edits: int = 3
    """A near-copy may differ by at most this many words and still be dropped."""
    headline_max_length: int = 150
    """Only blocks up to this many characters count as headlines or captions.
    Headlines and captions run to about 100 characters; longer adjacent copies
    are body paragraphs, left to the duplicates rule and its guards."""
    repeat_window: int = 1
    """How many blocks later a repeated headline may stand and still be a repeat.
    1 means immediately after (possibly as a chain of copies); larger windows
    start to catch Q&A answers and fixture lines that repeat legitimately."""

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with some fields changed; unknown names are an error, not ignored."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise TypeError(f"unknown cleannews option(s): {', '.join(unknown)}")
        return replace(self, **overrides)

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            expected = _FIELD_TYPES[str(item.type)]
            if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
                raise TypeError(f"{item.name} must be {item.type}, not {value!r}")
        for name in ("duplicate_threshold", "flag_threshold"):
            value = getattr(self, name)
            if not 0 <= value <= 100:
                raise ValueError(f"{name} must be between 0 and 100, not {value}")
        if self.flag_threshold > self.duplicate_threshold:
            raise ValueError(
                f"flag_threshold ({self.flag_threshold:g}) must not exceed "
                f"duplicate_threshold ({self.duplicate_threshold:g})"
            )
        for name in ("min_duplicate_length", "max_word_edits", "headline_max_length"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.repeat_window < 1:
            raise ValueError("repeat_window must be at least 1")


DEFAULT_CONFIG = Config()


def with_flag_threshold(*layers: dict[str, Any]) -> dict[str, Any]:
    """Overrides given in layers (a settings file, then the command line), merged,
    where a layer's duplicate threshold below the flag threshold brings the
    flag threshold down with it, unless that layer gives one too.

    The one place this rule is written. The flag threshold lowered is the
    last one given explicitly (or the default), not one an earlier layer's
    duplicate threshold lowered.

    >>> with_flag_threshold({"duplicate_threshold": 80})
    {'duplicate_threshold': 80, 'flag_threshold': 80}
    >>> with_flag_threshold({"flag_threshold": 70}, {"duplicate_threshold": 90})
    {'flag_threshold': 70, 'duplicate_threshold': 90}
    """
    merged: dict[str, Any] = {}
    flag = Config.flag_threshold
    for layer in layers:
        merged.update(layer)
        threshold = layer.get("duplicate_threshold")
        if "flag_threshold" in layer:
            flag = layer["flag_threshold"]
        elif isinstance(threshold, (int, float)):
            merged["flag_threshold"] = min(flag, threshold)
    return merged


_LAST_DROPS_ONLY = (DEFAULT_CONFIG, replace(DEFAULT_CONFIG, flag_threshold=Config.duplicate_threshold))


def drops_only(config: Config) -> Config:
    """The settings with no pair flagged below the duplicate threshold.

    A flag changes no drop (a flagged paragraph is kept, as one found by no
    rule), so a caller that keeps only the text, not the report, gets the same
    text while the duplicates rule scores far fewer pairs: at 95 only paragraphs
    within a tenth of each other's length can match, at 85 within a quarter.
    """
    if config.flag_threshold == config.duplicate_threshold:
        return config
    global _LAST_DROPS_ONLY
    given, made = _LAST_DROPS_ONLY
    if given is not config:  # (one call per document, nearly always with the same settings)
        made = replace(config, flag_threshold=config.duplicate_threshold)
        _LAST_DROPS_ONLY = (config, made)
    return made


def resolve_config(config: Config | None, overrides: dict[str, Any]) -> Config:
    if not overrides:  # one call per document: the usual case goes first
        return config if config is not None else DEFAULT_CONFIG
    base = config if config is not None else DEFAULT_CONFIG
    if config is None:
        overrides = with_flag_threshold(overrides)
    return base.with_overrides(**overrides) if overrides else base
