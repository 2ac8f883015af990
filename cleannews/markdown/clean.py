"""The Markdown pipeline: the same repairs and rules, confined to prose.

Plain text is rebuilt from its paragraphs; a Markdown post is edited in
place instead: prose lines are repaired, whole top-level paragraphs may be
removed as copies, runs of blank lines between blocks are collapsed, and
every other byte stays where it was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .. import steps
from ..config import Config
from ..model import Action, Block, CleanResult, Finding, Line
from ..normalisers.whitespace import split_lines
from ..removal import KeepReason, apply_removal_rules
from ..rules.stutters import find_stutters
from ..safety import UnsafeOutputError, check_twins
from ..text_cache import next_document
from .frontmatter import FrontMatter, split_front_matter
from .inline import normalise_paragraph, protected_spans
from .structure import Kind, Layout, Region, analyse

_FRONT_MATTER_OPENERS = ("---", "+++")
_PLACEHOLDER = "\ue000"
_HEADING_MARKS = re.compile(r"^\s*#{1,6}(?:\s+|$)|\s+#+\s*$")
# Blank to Markdown: spaces and tabs only (a line of NBSPs is text).
_BLANK = re.compile(r"^[ \t]*$")
_INDENTED = re.compile(r"^(?: {4}|\t)")


def _normalise_prose(lines: list[str], layout: Layout, config: Config, findings: list[Finding]) -> list[str]:
    fixed = list(lines)
    for start, end in layout.prose:
        if any(index in layout.verbatim for index in range(start, end)):
            continue
        result = normalise_paragraph(lines[start:end], config)
        fixed[start:end] = result.lines
        for offset, line in enumerate(result.lines):
            said: dict[str, Finding] = {}
            for rule, action in result.fixes.get(offset, {}).items():
                message = steps.REGISTRY.by_name[rule].message_for(action is Action.FLAGGED)
                said[rule] = Finding(rule, start + offset + 1, action, message)
            if config.encoding and (
                encoding := steps.with_stray_controls(line, start + offset + 1, said.get("encoding"))
            ):
                said["encoding"] = encoding
            findings += said.values()
    return fixed


# Enough for every case seen: a repair that changes the structure once
# (a no-break space that kept a line from being a link definition, trailing
# spaces that were a line break before the line after them went).
_MAX_REPAIR_ROUNDS = 3


def _settled(
    fixed: list[str], layout: Layout, front: FrontMatter, config: Config, findings: list[Finding]
) -> Layout:
    """The layout of the repaired lines, repaired again (in place) while the repairs change it.

    Why: the layout was read before the repairs, and a repair can change what
    Markdown sees; the next run would then read another layout and clean again.
    """
    reported = {(finding.rule, finding.line) for finding in findings}
    for _ in range(_MAX_REPAIR_ROUNDS):
        again = analyse(fixed, front)
        if again == layout:
            break
        layout = again
        more: list[Finding] = []
        refixed = _normalise_prose(fixed, layout, config, more)
        findings += [f for f in more if (f.rule, f.line) not in reported]
        reported.update((f.rule, f.line) for f in more)
        if refixed == fixed:
            break
        fixed[:] = refixed
    return layout


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
    return Block.of(index, tuple(numbered))


@dataclass
class _Blocks:
    all: list[Block] = field(default_factory=list)
    protected: set[int] = field(default_factory=set)
    """Lines of blocks that must stay."""
    anchors: set[int] = field(default_factory=set)
    """Lines of the title and headings, which a paragraph may repeat however short."""
    prose: list[Block] = field(default_factory=list)


def _blocks(layout: Layout, front: FrontMatter, lines: Sequence[str]) -> _Blocks:
    """Blocks for the rules: every top-level block, and the title when a paragraph follows it."""
    found = _Blocks()
    regions = layout.regions
    if front.title and front.title_line is not None and regions and regions[0].kind is Kind.PARAGRAPH:
        # The title, printed again as the first paragraph, is a repeated headline; a
        # "# Title" heading after front matter is how Markdown posts are written.
        title = Block.of(0, (Line(front.title_line + 1, front.title.strip()),))
        found.all.append(title)
        found.protected.add(title.line)
        found.anchors.add(title.line)
    for region in regions:
        block = _block(region, len(found.all), lines)
        if not block.text:
            # A paragraph of no-break spaces is a spacer someone put there: it
            # separates what stands around it, like any other block.
            block = Block.of(block.index, (Line(block.line, _PLACEHOLDER),))
            region = Region(Kind.OTHER, region.start, region.end, True)
        found.all.append(block)
        if region.kind is not Kind.PARAGRAPH or region.protected:
            found.protected.add(block.line)
        if region.kind is Kind.HEADING:
            found.anchors.add(block.line)
        if region.kind is not Kind.OTHER:
            found.prose.append(block)
    return found


def _syntax(text: str) -> list[str]:
    """The code, HTML and link targets of a paragraph: copies must share them exactly."""
    return [text[start:end] for start, end in protected_spans(text) if text[start:end].strip()]


def _same_text(a: Block, b: Block) -> bool:
    """Equal but for spacing and line breaks: the only copies Markdown loses."""
    return a.text.split() == b.text.split()


# Lines of verse (a poem, a song's refrain) are short; wrapped prose fills
# its lines to 70-80 characters and more.
_VERSE_LINE = 60


def _is_verse(block: Block) -> bool:
    """Several short lines in one paragraph: a stanza, whose repeat is a refrain."""
    return len(block.lines) > 1 and all(len(line.text) < _VERSE_LINE for line in block.lines)


def _keep_reason(found: _Blocks, config: Config, vetoed: set[int]) -> KeepReason:
    """Markdown is written by people, who repeat things on purpose: a sentence
    before each of two code blocks, a demo figure shown twice, an API entry for
    ``get_name`` and one for ``get_names``. Only exact copies are removed: a
    paragraph repeating the front-matter title or the heading just above it, or
    a long paragraph repeating the one right before it. Anything else the rules
    find is flagged."""

    def reason(finding: Finding, remaining: Sequence[Block]) -> str | None:
        why = _why_kept(finding, remaining)
        if why is not None:
            vetoed.add(finding.line)
        return why

    # The list of blocks a rule last ran on, and each block's place in it.
    cache: list[tuple[Sequence[Block], dict[int, int]]] = []

    def _why_kept(finding: Finding, remaining: Sequence[Block]) -> str | None:
        if finding.line in found.protected:
            return "headings, lists, code and switched-off blocks are never removed"
        # One map per list of blocks a rule ran on, not one per finding: a long
        # post with many copies would otherwise take quadratic time.
        if not cache or cache[0][0] is not remaining:
            cache[:] = [(remaining, {block.line: i for i, block in enumerate(remaining)})]
        position = cache[0][1]
        here, twin = position.get(finding.line), position.get(finding.duplicate_of or 0)
        if here is None or twin is None or here == 0:
            return "in Markdown only an exact copy right after its twin is removed"
        block, previous = remaining[here], remaining[here - 1]
        if _syntax(block.text) != _syntax(remaining[twin].text):
            return "its code, HTML or links differ"
        if not _same_text(block, previous) or not _same_text(block, remaining[twin]):
            return "in Markdown only an exact copy right after its twin is removed"
        if previous.line not in found.anchors and len(block.text) < config.min_duplicate_length:
            return "short paragraphs may repeat"
        if previous.line not in found.anchors and _is_verse(block):
            return "a stanza or refrain may repeat"
        return None

    return reason


def _assemble(lines: Sequence[str], layout: Layout, removed: set[int]) -> list[str]:
    """Lines without the removed ones; a run of blank lines outside code becomes one.

    Two blank lines mean the same as one in CommonMark, inside lists too; in
    code and HTML (verbatim) they are kept, and so are blank lines before an
    indented line, which may belong to a dialect's block (an MkDocs admonition
    holding a code fence) that CommonMark does not see.
    """
    out: list[str] = []
    blanks: list[str] = []
    for index, line in enumerate(lines):
        if index in removed:
            continue
        if index not in layout.verbatim and _BLANK.match(line):
            blanks.append(line)
            continue
        if blanks and _INDENTED.match(line):
            out.extend(blanks)
        # Leading blank lines go, unless the first line would then open front matter.
        elif blanks and (out or line.rstrip() in _FRONT_MATTER_OPENERS):
            out.append("")
        blanks = []
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
    next_document()  # (the rules' caches let a long earlier document go)
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()
    front = split_front_matter(lines)
    first_layout = layout = analyse(lines, front)
    findings: list[Finding] = []
    fixed = _normalise_prose(lines, layout, config, findings)
    if fixed != lines:
        layout = _settled(fixed, layout, front, config, findings)
    for index, line in enumerate(fixed):
        if index not in layout.verbatim and line and _BLANK.match(line):
            findings.append(
                Finding("whitespace", index + 1, Action.FIXED, steps.REGISTRY.by_name["whitespace"].message)
            )
    found = _blocks(layout, front, fixed)
    vetoed: set[int] = set()
    kept, rule_findings = apply_removal_rules(found.all, config, _keep_reason(found, config, vetoed))
    # Pairs the rules only found similar are normal in documentation (API entries,
    # changelog lines); only copies a rule wanted to remove are reported.
    reported: set[int] = set()
    relevant = []
    for finding in rule_findings:
        if finding.action is Action.DROPPED or (finding.line in vetoed and finding.line not in reported):
            relevant.append(finding)
            reported.add(finding.line)  # both rules may want the same copy gone
    rule_findings = relevant
    dropped_lines = {f.line for f in rule_findings if f.action is Action.DROPPED}
    removed: set[int] = set()
    source: dict[int, str] = {}
    for region in layout.regions:
        if region.start + 1 in dropped_lines:
            removed.update(range(region.start, region.end))
            source[region.start + 1] = "\n".join(lines[region.start : region.end])
    rule_findings = [replace(f, removed=source[f.line]) if f.line in source else f for f in rule_findings]
    check_twins(found.all, rule_findings)
    if config.stutters:
        kept_lines = {b.line for b in kept}
        rule_findings += find_stutters([b for b in found.prose if b.line in kept_lines])
    output_lines = _assemble(fixed, layout, removed)
    _check(lines, output_lines, first_layout, removed)
    output = "\n".join(output_lines) + "\n" if output_lines else ""
    findings += rule_findings
    findings.sort(key=lambda f: f.line)
    return CleanResult(output, tuple(findings), output != text)
