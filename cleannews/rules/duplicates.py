"""Duplicated paragraphs anywhere in the document, exact or with small edits.

Every paragraph is compared with every earlier paragraph that is still kept,
so a later copy is always dropped in favour of the first occurrence and
every dropped paragraph has a kept twin. Only pairs whose lengths make the
threshold reachable are scored, which keeps long documents fast.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ..config import Config
from ..matching import LIST_ITEM, comparison_key, difference
from ..model import Action, Block, Finding

RULE = "duplicates"


def _min_length_ratio(score: float) -> float:
    """Shortest/longest length ratio below which fuzz.ratio cannot reach ``score``.

    ratio = 2 * matches / (len_a + len_b) and matches <= the shorter length.
    """
    return score / (200.0 - score)


class _KeptIndex:
    """Kept paragraphs by exact key and sorted by length, for candidate lookup."""

    def __init__(self) -> None:
        self.by_key: dict[str, Block] = {}
        self.lengths: list[int] = []
        self.entries: list[tuple[str, Block]] = []

    def add(self, key: str, block: Block) -> None:
        self.by_key.setdefault(key, block)
        position = bisect.bisect_right(self.lengths, len(key))
        self.lengths.insert(position, len(key))
        self.entries.insert(position, (key, block))

    def near(self, key: str, min_ratio: float) -> list[tuple[str, Block]]:
        if min_ratio <= 0:
            return self.entries
        low = bisect.bisect_left(self.lengths, int(len(key) * min_ratio))
        high = bisect.bisect_right(self.lengths, int(len(key) / min_ratio) + 1)
        return self.entries[low:high]


def find_duplicates(blocks: Sequence[Block], config: Config) -> list[Finding]:
    """DROPPED findings for clear duplicates, FLAGGED ones for borderline pairs."""
    from rapidfuzz import fuzz

    findings: list[Finding] = []
    kept = _KeptIndex()
    min_ratio = _min_length_ratio(config.flag_threshold)
    for block in blocks:
        key = comparison_key(block.text)
        if len(key) < config.min_duplicate_length:
            continue
        exact = kept.by_key.get(key)
        if exact is not None and not LIST_ITEM.match(block.text):
            findings.append(_dropped(block, exact, 100.0, "duplicate paragraph"))
            continue
        scored = []
        for other_key, other in kept.near(key, min_ratio):
            score = fuzz.ratio(key, other_key, score_cutoff=config.flag_threshold)
            if score:
                scored.append((score, -other.index, other))
        finding = _judge(block, sorted(scored, reverse=True), config)
        if finding is not None:
            findings.append(finding)
        if finding is None or finding.action is not Action.DROPPED:
            kept.add(key, block)
    return findings


def _judge(block: Block, scored: list[tuple[float, int, Block]], config: Config) -> Finding | None:
    """The verdict on a paragraph given its similar, earlier, kept paragraphs."""
    if not scored:
        return None
    reasons = []
    for score, _, other in scored:
        if score < config.duplicate_threshold:
            break
        if LIST_ITEM.match(block.text):
            reasons.append((score, other, "list item"))
            continue
        reason = difference(other.text, block.text).reason_to_keep(config.max_word_edits)
        if reason is None:
            return _dropped(block, other, score, "near-duplicate paragraph")
        reasons.append((score, other, reason))
    if reasons:
        score, other, reason = reasons[0]
    else:
        score, _, other = scored[0]
        reason = "below the duplicate threshold"
    return Finding(
        rule=RULE,
        line=block.line,
        action=Action.FLAGGED,
        message=f"similar to line {other.line} but kept: {reason}",
        duplicate_of=other.line,
        score=round(score, 1),
    )


def _dropped(block: Block, twin: Block, score: float, message: str) -> Finding:
    return Finding(
        rule=RULE,
        line=block.line,
        action=Action.DROPPED,
        message=message,
        duplicate_of=twin.line,
        score=round(score, 1),
    )
