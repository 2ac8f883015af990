"""The Markdown pipeline: the same repairs and rules, confined to prose.

Plain text is rebuilt from its paragraphs; a Markdown post is edited in
place instead: prose lines are repaired, whole top-level paragraphs may be
removed as copies, runs of blank lines between blocks are collapsed, and
every other byte stays where it was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..config import Config
from ..model import Action, Block, CleanResult, Finding, Line
from ..normalisers.whitespace import split_lines
from ..pipeline import KeepReason, apply_removal_rules
from ..rules.stutters import find_stutters
from ..safety import UnsafeOutputError, check_twins
from .frontmatter import FrontMatter, split_front_matter
from .inline import normalise_paragraph, protected_spans
from .structure import Kind, Layout, Region, analyse

_MESSAGES = {
    ("encoding", Action.FIXED): "encoding repaired",
    ("encoding", Action.FLAGGED): "possible mojibake left as is: ftfy's repair would lose text",
    ("whitespace", Action.FIXED): "whitespace normalised",
}
_FRONT_MATTER_OPENERS = ("---", "+++")
_PLACEHOLDER = "\ue000"
_HEADING_MARKS = re.compile(r"^\s*#{1,6}(?:\s+|$)|\s+#+\s*$")
# Blank to Markdown: spaces and tabs only (a line of NBSPs is text).
_BLANK = re.compile(r"^[ \t]*$")


def _normalise_prose(lines: list[str], layout: Layout, config: Config, findings: list[Finding]) -> list[str]:
    fixed = list(lines)
    for start, end in layout.prose:
        if any(index in layout.verbatim for index in range(start, end)):
            continue
        result = normalise_paragraph(lines[start:end], config)
        fixed[start:end] = result.lines
        for offset, steps in sorted(result.fixes.items()):
            for rule, action in steps.items():
                findings.append(Finding(rule, start + offset + 1, action, _MESSAGES[rule, action]))
    return fixed


def _block(region: Region, index: int, lines: Sequence[str]) -> Block:
    span = range(region.start, region.end)
    if region.kind is Kind.HEADING:
        texts = [_HEADING_MARKS.sub("", lines[i]) for i in span]
        if len(texts) > 1:  # setext: the underline is not text
            texts = texts[:-1]
        numbered = [Line(region.start + 1 + i, t.strip()) for i, t in enumerate(texts)]
    elif region.kind is Kind.PARAGRAPH:
        numbered = [Line(i + 1, lines[i].strip()) for i in span]
    else:
        # Lists, code and HTML are not compared with prose: a placeholder with
        # no words keeps their place (a copy is only "right after" its twin
        # when nothing stands between them) without matching anything.
        numbered = [Line(region.start + 1, _PLACEHOLDER)]
    return Block(index, tuple(numbered))


def _blocks(
    layout: Layout, front: FrontMatter, lines: Sequence[str]
) -> tuple[list[Block], frozenset[int], list[Block]]:
    """Blocks for the rules, the lines of blocks that must stay, and the prose blocks."""
    blocks: list[Block] = []
    protected: set[int] = set()
    prose: list[Block] = []
    regions = layout.regions
    if front.title and front.title_line is not None and regions and regions[0].kind is Kind.PARAGRAPH:
        # The title, printed again as the first paragraph, is a repeated headline; a
        # "# Title" heading after front matter is how Markdown posts are written.
        title = Block(0, (Line(front.title_line + 1, front.title.strip()),))
        blocks.append(title)
        protected.add(title.line)
    for region in regions:
        block = _block(region, len(blocks), lines)
        if not block.text:
            continue
        blocks.append(block)
        if region.kind is not Kind.PARAGRAPH or region.protected:
            protected.add(block.line)
        if region.kind is not Kind.OTHER:
            prose.append(block)
    return blocks, frozenset(protected), prose


def _syntax(text: str) -> list[str]:
    """The code, HTML and link targets of a paragraph: copies must share them exactly."""
    return [text[start:end] for start, end in protected_spans(text) if text[start:end].strip()]


def _keep_reason(protected: frozenset[int]) -> KeepReason:
    def reason(finding: Finding, remaining: Sequence[Block]) -> str | None:
        if finding.line in protected:
            return "headings, lists, code and switched-off blocks are never removed"
        position = {block.line: i for i, block in enumerate(remaining)}
        here, twin = position.get(finding.line), position.get(finding.duplicate_of or 0)
        if here is None or twin is None:
            return None
        if _syntax(remaining[here].text) != _syntax(remaining[twin].text):
            return "its code, HTML or links differ"
        if finding.rule == "duplicates" and here - twin != 1:
            # Posts repeat a sentence on purpose ("Run the benchmark again:"); a
            # copy pasted twice stands right after itself.
            return "in Markdown only a copy right after its twin is removed"
        return None

    return reason


def _assemble(lines: Sequence[str], layout: Layout, removed: set[int], front_end: int) -> list[str]:
    """Lines without the removed ones; a run of blank lines outside code becomes one.

    Two blank lines mean the same as one in CommonMark, inside lists too; in
    code and HTML (verbatim) they are kept.
    """
    out: list[str] = []
    pending_blank = False
    for index, line in enumerate(lines):
        if index in removed:
            continue
        if index not in layout.verbatim and _BLANK.match(line):
            pending_blank = True
            continue
        # Leading blank lines go, unless the first line would then open front matter.
        if pending_blank and (out or line.rstrip() in _FRONT_MATTER_OPENERS):
            out.append("")
        pending_blank = False
        out.append(line)
    return out


def _check(before: Sequence[str], after: Sequence[str], layout: Layout, removed: set[int]) -> None:
    """Every verbatim line that was not removed is still there, in order and unchanged."""
    expected = [before[i] for i in sorted(layout.verbatim) if i not in removed]
    remaining = iter(after)
    for line in expected:
        if not any(line == candidate for candidate in remaining):
            raise UnsafeOutputError("a line of code, HTML or front matter would change")


def clean_markdown(text: str, config: Config) -> CleanResult:
    """Clean a Markdown post; see the module docstring for what may change."""
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()
    front = split_front_matter(lines)
    layout = analyse(lines, front)
    findings: list[Finding] = []
    fixed = _normalise_prose(lines, layout, config, findings)
    for index, line in enumerate(fixed):
        if index not in layout.verbatim and line and _BLANK.match(line):
            findings.append(Finding("whitespace", index + 1, Action.FIXED, "whitespace normalised"))
    blocks, protected, prose = _blocks(layout, front, fixed)
    kept, rule_findings = apply_removal_rules(blocks, config, _keep_reason(protected))
    dropped_lines = {f.line for f in rule_findings if f.action is Action.DROPPED}
    removed: set[int] = set()
    for region in layout.regions:
        if region.start + 1 in dropped_lines:
            removed.update(range(region.start, region.end))
    check_twins(blocks, rule_findings)
    if config.stutters:
        kept_lines = {b.line for b in kept}
        rule_findings += find_stutters([b for b in prose if b.line in kept_lines])
    output_lines = _assemble(fixed, layout, removed, front.end)
    _check(lines, output_lines, layout, removed)
    output = "\n".join(output_lines) + "\n" if output_lines else ""
    findings += rule_findings
    findings.sort(key=lambda f: f.line)
    return CleanResult(output, tuple(findings), output != text)
