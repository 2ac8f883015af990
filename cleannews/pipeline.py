"""The pipeline: normalise lines, build blocks, run the rules, apply, check.

This module is the single place where text is changed and blocks are dropped;
normalisers are pure ``str -> str`` functions and rules only report.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from . import steps
from .blocks import build_blocks
from .config import Config, drops_only, resolve_config
from .matching import comparison_key
from .model import Action, Block, CleanResult, Finding, Line
from .normalisers.whitespace import split_lines
from .quick import line_needs_no_work, lone_lines, normal_text, only_flags, plain_quotes
from .removal import apply_removal_rules
from .rules.stutters import find_stutters
from .safety import check_output, render
from .text_cache import next_document

# Each normaliser can expose work for another (an entity that decodes to
# mojibake, a zero-width space hiding it); a few rounds reach the fixed
# point that makes clean() idempotent. Real text needs at most two.
_MAX_NORMALISE_ROUNDS = 4


# Vertical tab, form feed and the information separators (U+001C-U+001F)
# separate words; ftfy would delete them as control characters.
_SPACING_CONTROLS = str.maketrans("\x0b\x0c\x1c\x1d\x1e\x1f", "      ")
_SPACING_CONTROL = re.compile("[\x0b\x0c\x1c-\x1f]")  # translate() is slow on non-ASCII text


def _normalise_line(text: str, number: int, config: Config) -> tuple[str, dict[str, Finding]]:
    """Normalise one line to its fixed point, step by registered step; at most one finding per step."""
    findings: dict[str, Finding] = {}
    registry = steps.REGISTRY
    if not registry.may_need_work.search(text):
        return text, findings

    def note(rule: str, message: str, action: Action = Action.FIXED) -> None:
        findings.setdefault(rule, Finding(rule, number, action, message))

    if config.whitespace and _SPACING_CONTROL.search(text):
        text = text.translate(_SPACING_CONTROLS)
        note("whitespace", registry.by_name["whitespace"].message)
    for _ in range(_MAX_NORMALISE_ROUNDS):
        before = text
        for step in registry.steps:
            if not getattr(config, step.name):
                continue
            text, action, explanation = steps.apply_step(step.apply, text, config)
            if action is not None:
                message = step.message_for(action is Action.FLAGGED)
                note(step.name, f"{message} ({explanation})" if explanation else message, action)
        if text == before or line_needs_no_work(text):
            break  # the next round would change nothing
    if config.encoding and (said := steps.with_stray_controls(text, number, findings.get("encoding"))):
        findings["encoding"] = said
    return text, findings


def normalise_lines(text: str, config: Config) -> tuple[list[Line], list[Finding]]:
    """Every line normalised on its own, keeping its 1-based input line number."""
    if steps.REGISTRY.any_line_may_need_work.search(text) is None:
        # The whole text is already in normal form, line by line (no CR either).
        return [Line(number, raw) for number, raw in enumerate(text.split("\n"), start=1)], []
    lines = []
    findings: list[Finding] = []
    for number, raw in enumerate(split_lines(text), start=1):
        if line_needs_no_work(raw):
            # Most lines: printable ASCII, or typographic text with its quotes and
            # dashes, no "&", no stray or unusual space. Nothing to do.
            lines.append(Line(number, raw))
            continue
        clean, line_findings = _normalise_line(raw, number, config)
        if not clean.strip():
            clean = ""
        indent = "" if config.paragraph_breaks or not clean else raw[: len(raw) - len(raw.lstrip(" \t"))]
        lines.append(Line(number, clean, indent))
        findings.extend(line_findings.values())
    return lines, findings


def clean_and_explain(
    text: str, config: Config | None = None, *, markdown: bool = False, **overrides: Any
) -> CleanResult:
    """Clean ``text`` and say what was done: the clean text, findings, changed flag.

    >>> result = clean_and_explain("Storm hits coast\\nStorm hits coast | BBC News\\n\\nDon&#8217;t panic.")
    >>> print(result.text, end="")
    Storm hits coast
    <BLANKLINE>
    Don’t panic.
    >>> [(f.rule, f.line, f.action.value, f.duplicate_of) for f in result.dropped]
    [('repeated_headlines', 2, 'dropped', 1)]
    """
    return _clean_and_explain(text, config, markdown, overrides, flags=True)


def _clean_and_explain(
    text: str, config: Config | None, markdown: bool, overrides: dict[str, Any], *, flags: bool
) -> CleanResult:
    """clean_and_explain, which looks for what is only ever flagged (doubled
    words, paragraphs similar below the duplicate threshold) only when ``flags``
    is true: the text is the same either way, and finding flags is most of the
    comparing on pages of short lines."""
    if not isinstance(text, str):
        advice = (
            "; decode bytes first (cleannews.decode_bytes(data).text)"
            if isinstance(text, (bytes, bytearray, memoryview))
            else ""
        )
        raise TypeError(f"cleannews cleans str, not {type(text).__name__}{advice}")
    config = resolve_config(config, overrides)
    if not flags:
        config = drops_only(config)
    if markdown:
        from .markdown import clean_markdown

        return clean_markdown(text, config)
    doubled_words = flags and config.stutters
    # Cleaning ends a text with a line break; a dataset's field usually has none.
    ended = text if text.endswith("\n") else text + "\n"
    normal = normal_text(ended)
    if normal is not None:
        numbers = range(1, 2 * len(normal.paragraphs), 2)
        found = only_flags(normal.paragraphs, numbers, normal.plain, normal.keys(), config, doubled_words)
        if found is not None:  # most articles: nothing to normalise, nothing found
            return CleanResult(ended, tuple(found), ended is not text)
    next_document()  # (the rules' caches let a long earlier document go)
    lines, findings = normalise_lines(text, config)
    if normal is None and config.paragraph_breaks:
        quick = _clean_when_nothing_is_dropped(text, lines, findings, config, doubled_words)
        if quick is not None:
            return quick
    blocks = build_blocks(lines, detect_hard_wraps=config.hard_wraps)
    kept, rule_findings = apply_removal_rules(blocks, config)
    if not config.paragraph_breaks and config.hard_wraps and len(kept) < len(blocks):
        kept, rule_findings = _without_joining_lines(lines, blocks, kept, rule_findings)
    text_at = {block.line: block.text for block in blocks}
    rule_findings = [
        replace(f, removed=text_at[f.line]) if f.action is Action.DROPPED else f for f in rule_findings
    ]
    if doubled_words:
        rule_findings += find_stutters(kept)
    blank_lines = None if config.paragraph_breaks else frozenset(x.number for x in lines if not x.text)
    output = render(kept, blank_lines)
    check_output(blocks, rule_findings, output, blank_lines)
    findings += rule_findings
    findings.sort(key=lambda f: f.line)
    return CleanResult(output, tuple(findings), output != text)


_JOINS_LINES = "kept: removing it would join the lines around it into one paragraph"


def _without_joining_lines(
    lines: list[Line], blocks: list[Block], kept: list[Block], findings: list[Finding]
) -> tuple[list[Block], list[Finding]]:
    """The drops, but those that would make the lines around them one hard-wrapped
    paragraph when the output is read again (a file keeps its layout, so they
    would stand together): that paragraph could then be a copy, and cleaning
    again would change the text. Those blocks stay, flagged."""
    by_line = {block.line: block for block in blocks}
    run_of: dict[int, int] = {}  # line number -> the run of non-blank lines it is in
    run = 0
    for line in lines:
        if line.text:
            run_of[line.number] = run
        else:
            run += 1
    for _ in range(len(blocks)):  # (each round restores a block at least)
        dropped = {f.line for f in findings if f.action is Action.DROPPED}
        gone = {line.number for start in dropped for line in by_line[start].lines}
        regrouped = build_blocks([line for line in lines if line.number not in gone])
        joined = {block.lines for block in regrouped} - {block.lines for block in kept}
        if not joined:
            return kept, findings
        runs = {run_of[group[0].number] for group in joined}
        restore = {start for start in dropped if run_of[start] in runs}
        if not restore:
            break  # (joined otherwise: nothing a drop did)
        findings = [_kept_apart(f) if f.line in restore else f for f in findings]
        kept = [block for block in blocks if block.line not in dropped - restore]
    return kept, findings


def _kept_apart(finding: Finding) -> Finding:
    return replace(finding, action=Action.FLAGGED, message=f"{finding.message}, {_JOINS_LINES}")


def _clean_when_nothing_is_dropped(
    text: str, lines: list[Line], findings: list[Finding], config: Config, doubled_words: bool
) -> CleanResult | None:
    """The result for normalised lines that are each a paragraph when the rules
    provably drop nothing; else None."""
    paragraphs = lone_lines(lines)
    if paragraphs is None:
        return None
    numbers = [line.number for line in lines if line.text]
    output = "\n\n".join(paragraphs) + "\n" if paragraphs else ""
    normal = normal_text(output)  # usually: the keys come faster
    if normal is not None:
        found = only_flags(paragraphs, numbers, normal.plain, normal.keys(), config, doubled_words)
    else:
        keys = [comparison_key(paragraph) for paragraph in paragraphs]
        found = only_flags(paragraphs, numbers, plain_quotes(output), keys, config, doubled_words)
    if found is None:
        return None
    findings = sorted(findings + found, key=lambda f: f.line)
    return CleanResult(output, tuple(findings), output != text)


def clean(text: str, config: Config | None = None, *, markdown: bool = False, **overrides: Any) -> str:
    """Clean scraped text: repair encoding, normalise, drop repeats and duplicates.

    >>> story = "Fans queued overnight for the store’s opening on Main Street.\\n"
    >>> clean("Donâ€™t   panic!\\r\\n\\r\\n\\r\\n" + story + story.replace("store’s", "store's"))
    'Don’t panic!\\n\\nFans queued overnight for the store’s opening on Main Street.\\n'
    """
    # Flags are not returned: the text does not depend on them.
    return _clean_and_explain(text, config, markdown, overrides, flags=False).text
