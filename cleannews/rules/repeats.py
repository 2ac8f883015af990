"""Repeated headlines and captions.

Scrapers print one short element several times in a row: the page title and
the h1, or an image's alt text, figcaption and title attribute. The copies
differ by what the page template adds around them: a site suffix, a photo
credit, spacing, case and punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..config import Config
from ..matching import LIST_ITEM, comparison_key, difference, letter_count
from ..model import Action, Block, Finding

RULE = "repeated_headlines"

# What a page template appends to a headline or caption. A site name is a few
# capitalised words after a spaced separator: "| BBC News", "- Reuters".
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s*(?:[A-Z][\w.&'’]*\s*){1,4}$")
# A photo credit: "(Reuters)", "(AFP)", "Photo: Getty Images", "Image copyright PA".
_CREDIT_SUFFIX = re.compile(
    r"(?:\s*\((?:[A-Z][\w.&'’/ -]{0,30})\)"
    r"|\s+(?:Photo|Picture|Image|Photograph|Credit|Source)s?\s*:\s*[^:]{1,40}"
    r"|\s*Image (?:copyright|source|caption)\s+[^:]{1,40})$"
)
_CREDIT_PREFIX = re.compile(r"^(?:Photo|Picture|Pictured|Image|Photograph)\s*:\s*")
_PUNCTUATION = re.compile(r"[^\w\s]+")


def strip_template(text: str) -> str:
    """Remove site suffixes and photo credits from a headline or caption.

    >>> strip_template("Laura Ashley chief stepping down | BBC News")
    'Laura Ashley chief stepping down'
    >>> strip_template("Warren Lush (file photo) Photo: Getty Images")
    'Warren Lush (file photo)'
    >>> strip_template("Six Nations (file photo) (PA)")
    'Six Nations (file photo)'
    """
    while True:
        stripped = _CREDIT_SUFFIX.sub("", text)
        stripped = _SITE_SUFFIX.sub("", stripped)
        if stripped == text or not stripped.strip():
            return text.strip()
        text = stripped


def headline_key(text: str) -> str:
    """What two printings of the same headline or caption have in common."""
    core = comparison_key(_CREDIT_PREFIX.sub("", strip_template(text)))
    return " ".join(_PUNCTUATION.sub(" ", core).split())


def _can_be_headline(block: Block, config: Config) -> bool:
    text = block.text
    return (
        len(block.lines) == 1
        and len(text) <= config.headline_max_length
        and letter_count(text) >= 2
        and not LIST_ITEM.match(text)
    )


def _same_headline(a: Block, b: Block, config: Config) -> float | None:
    """Similarity score when b is a printing of a, else None."""
    from rapidfuzz import fuzz

    core_a = comparison_key(_CREDIT_PREFIX.sub("", strip_template(a.text)))
    core_b = comparison_key(_CREDIT_PREFIX.sub("", strip_template(b.text)))
    if letter_count(core_a) < 2:
        return None
    # Two printings that both carry a decoration must share more than the
    # decorations do, or "X | Site" and "X (Credit)" would match on almost nothing.
    if not (_is_clean_printing(a) or _is_clean_printing(b)) and 2 * len(core_a) < max(
        len(a.text), len(b.text)
    ):
        return None
    score = fuzz.ratio(core_a, core_b)
    # Equal once punctuation is ignored ("Rellie." / "Rellie", 'woo' / ‘woo’),
    # as long as punctuation is not most of what the two lines hold.
    if score >= config.flag_threshold and headline_key(a.text) == headline_key(b.text):
        return 100.0
    if score >= config.duplicate_threshold and difference(a.text, b.text).reason_to_keep(
        config.max_word_edits
    ) is None:
        return round(score, 1)
    return None


def _is_clean_printing(block: Block) -> bool:
    return strip_template(block.text) == block.text


def find_repeated_headlines(blocks: Sequence[Block], config: Config) -> list[Finding]:
    """One DROPPED finding for every extra printing of a headline or caption.

    Copies are gathered in chains: each copy stands within ``repeat_window``
    blocks of the previous one. The kept printing is the first one without a
    site suffix or credit (or the first, when all have one); since the chain
    is contiguous with the default window, it stays in the chain's position.
    """
    findings: list[Finding] = []
    consumed: set[int] = set()
    for start, first in enumerate(blocks):
        if start in consumed or not _can_be_headline(first, config):
            continue
        chain: list[tuple[int, float]] = [(start, 100.0)]
        position = start
        while True:
            for candidate in range(position + 1, min(position + 1 + config.repeat_window, len(blocks))):
                other = blocks[candidate]
                if candidate in consumed or not _can_be_headline(other, config):
                    continue
                score = _same_headline(blocks[chain[-1][0]], other, config)
                if score is not None:
                    chain.append((candidate, score))
                    position = candidate
                    break
            else:
                break
        if len(chain) == 1:
            continue
        members = [blocks[i] for i, _ in chain]
        keep = next((b for b in members if _is_clean_printing(b)), members[0])
        for (index, score), member in zip(chain, members):
            consumed.add(index)
            if member is keep:
                continue
            findings.append(
                Finding(
                    rule=RULE,
                    line=member.line,
                    action=Action.DROPPED,
                    message="headline or caption printed again",
                    duplicate_of=keep.line,
                    score=score,
                )
            )
    return findings
