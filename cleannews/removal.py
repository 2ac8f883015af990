"""Which blocks the removal rules take out, run to a fixed point.

Shared by the plain-text pipeline and the Markdown one (which vetoes some
drops), so that neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from .config import Config
from .model import Action, Block, Finding
from .rules.duplicates import KEPT_FOR_ITS_PLACE, find_duplicates
from .rules.repeats import find_repeated_headlines
from .safety import resembles

Rule = Callable[[Sequence[Block], Config], list[Finding]]
# Why a block a rule would drop must stay (None: the drop stands).
KeepReason = Callable[[Finding, Sequence[Block]], str | None]


def apply_removal_rules(
    blocks: Sequence[Block], config: Config, keep_reason: KeepReason | None = None
) -> tuple[list[Block], list[Finding]]:
    """Run the rules that drop blocks until none of them finds anything new.

    ``keep_reason`` may veto a drop (Markdown keeps headings, list items and
    code whatever the rules say): the drop becomes a flag giving the reason.

    Dropping a block can bring two copies of a headline next to each other;
    repeating until nothing changes is what makes cleaning idempotent. A rule
    is run again only when the blocks changed since it last looked, except
    that the duplicates rule never finds more in its own output (it compares
    each block with the blocks it keeps), so its own drops do not count.
    """
    rules: list[Rule] = []
    if config.repeated_headlines:
        rules.append(find_repeated_headlines)
    if config.duplicates:
        rules.append(find_duplicates)
    remaining = list(blocks)
    texts = {block.line: block.text for block in blocks}
    restored: set[int] = set()  # earlier drops undone (once each)
    dropped: list[Finding] = []
    flagged: dict[Rule, list[Finding]] = {}
    version = 0  # bumped whenever blocks are dropped
    seen: dict[Rule, int] = {}  # the version each rule last ran on
    while any(seen.get(rule) != version for rule in rules):
        for rule in rules:
            if seen.get(rule) == version:
                continue
            findings = rule(remaining, config)
            if keep_reason is not None:
                findings = [_veto(f, keep_reason, remaining) for f in findings]
            new_drops = [f for f in findings if f.action is Action.DROPPED]
            flagged[rule] = [f for f in findings if f.action is not Action.DROPPED]
            if new_drops:
                undone = _left_unlike_their_twin(dropped, new_drops, texts)
                if undone & restored:  # (undone once already: this time the twin stays)
                    new_drops, kept_twins = _keeping_twins(new_drops, dropped, undone & restored)
                    flagged[rule] += kept_twins
                    undone -= restored
                restored |= undone
                before = {f.line for f in dropped}
                dropped = _repoint_twins([f for f in dropped if f.line not in undone], new_drops) + new_drops
                gone = {f.line for f in dropped}
                if gone == before:
                    # (the drops were all kept as twins: the blocks are as they were, and
                    # running the rules again would find the same, round after round)
                    seen[rule] = version
                    continue
                remaining = [b for b in blocks if b.line not in gone]
                version += 1
                # The duplicates rule finds nothing new in its own output, unless
                # a copy was kept for its place (a contents entry's heading, a
                # quotation after an introduction), which the drops can change,
                # or a drop of another rule was undone.
                stable = (
                    rule is find_duplicates
                    and not undone
                    and not any(f.message.endswith(KEPT_FOR_ITS_PLACE) for f in flagged[rule])
                )
                seen[rule] = version if stable else version - 1
            else:
                seen[rule] = version
    return remaining, dropped + [f for rule in rules for f in flagged.get(rule, [])]


def _left_unlike_their_twin(
    dropped: list[Finding], new_drops: list[Finding], texts: dict[int, str]
) -> set[int]:
    """The earlier drops whose twin the new drops take, and which do not resemble
    the twin they would be left with: a copy cut short of a paragraph that is
    itself a near copy of another is not a copy of that other ("hits hits s..."
    of "hits hits storm ...", of "hitstorms hits storm ..."). They are undone:
    the block stays, and the rules look again."""
    twin_of = {f.line: f.duplicate_of for f in new_drops}
    undone = set()
    for finding in dropped:
        twin = finding.duplicate_of
        if twin not in twin_of:
            continue
        while twin in twin_of:
            twin = twin_of[twin]
        if twin is not None and not resembles(texts[twin], texts[finding.line]):
            undone.add(finding.line)
    return undone


def _keeping_twins(
    new_drops: list[Finding], dropped: list[Finding], leaning: set[int]
) -> tuple[list[Finding], list[Finding]]:
    """The new drops but those of twins the ``leaning`` earlier drops name, which
    become flags: the way out when undoing a drop came round again."""
    twins = {f.duplicate_of for f in dropped if f.line in leaning}
    kept = [
        replace(f, action=Action.FLAGGED, message=f"{f.message}, kept: an earlier copy's twin")
        for f in new_drops
        if f.line in twins
    ]
    return [f for f in new_drops if f.line not in twins], kept


def _veto(finding: Finding, keep_reason: KeepReason, remaining: Sequence[Block]) -> Finding:
    if finding.action is not Action.DROPPED:
        return finding
    reason = keep_reason(finding, remaining)
    if reason is None:
        return finding
    return replace(finding, action=Action.FLAGGED, message=f"{finding.message}, kept: {reason}")


def _repoint_twins(earlier: list[Finding], new_drops: list[Finding]) -> list[Finding]:
    """Earlier drops whose twin was dropped in a later round now name that twin's twin."""
    twin_of = {f.line: f.duplicate_of for f in new_drops}
    repointed = []
    for finding in earlier:
        twin = finding.duplicate_of
        while twin in twin_of:
            twin = twin_of[twin]
        repointed.append(finding if twin == finding.duplicate_of else replace(finding, duplicate_of=twin))
    return repointed
