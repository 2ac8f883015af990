"""Repeated headlines and captions.

Scrapers print one short element several times in a row: the page title and
the h1, or an image's alt text, figcaption and title attribute. The copies
differ by what the page template adds around them: a site suffix, a photo
credit, spacing, case and punctuation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import Config
from ..matching import LIST_ITEM, comparison_key, difference, letter_count, numbers_in
from ..model import Action, Block, Finding

RULE = "repeated_headlines"

# What a page template appends to a headline or caption. A site name is a few
# capitalised words after a spaced separator: "| BBC News", "- Reuters".
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s*[A-Z][\w.&'’]*(?:\s+[A-Z][\w.&'’]*){0,3}\s*$")
# A photo credit: "(Reuters)", "(AFP)", "Photo: Getty Images", "Image copyright PA".
_CREDIT_SUFFIX = re.compile(
    r"(?:\s*\((?:[A-Z][\w.&'’/ -]{0,30})\)"
    r"|\s+(?:Photo|Picture|Image|Photograph|Credit|Source)s?\s*:\s*[^:]{1,40}"
    r"|\s*Image (?:copyright|source|caption)\s+[^:]{1,40})$"
)
# Every decoration above contains one of these; most lines contain none, and
# a literal search is far cheaper than the end-anchored patterns.
_MAY_BE_DECORATED = re.compile(r"[|–—()]|\s-|Photo|Picture|Image|Credit|Source")
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
    if not _MAY_BE_DECORATED.search(text):
        return text.strip()
    while True:
        stripped = _CREDIT_SUFFIX.sub("", text)
        stripped = _SITE_SUFFIX.sub("", stripped)
        if stripped == text or not stripped.strip():
            return text.strip()
        text = stripped


@dataclass(frozen=True)
class _Printing:
    """A block that may be a headline or caption, with its comparison keys."""

    block: Block
    core: str  # comparison key of the text without template decorations
    key: str  # the core without punctuation
    decoration: str  # words of the suffix or credit removed, "" when clean
    numbers: Counter[str]

    @classmethod
    def of(cls, block: Block, config: Config) -> _Printing | None:
        text = block.text
        if len(block.lines) > 1 or len(text) > config.headline_max_length or LIST_ITEM.match(text):
            return None
        stripped = strip_template(text)
        core = comparison_key(_CREDIT_PREFIX.sub("", stripped))
        if letter_count(core) < 2:
            return None
        decoration = " ".join(_PUNCTUATION.sub(" ", text[len(stripped) :].casefold()).split())
        return cls(block, core, " ".join(_PUNCTUATION.sub(" ", core).split()), decoration, numbers_in(text))

    @property
    def clean(self) -> bool:
        return not self.decoration


def _same_headline(a: _Printing, b: _Printing, config: Config) -> float | None:
    """Similarity score when b is a printing of a, else None."""
    from rapidfuzz import fuzz

    # A number that differs is content ("Part 1" / "Part 2"), not decoration.
    if a.numbers != b.numbers:
        return None
    # Two decorated printings must carry the same decoration, give or take a
    # word ("| BBC News" and "- BBC"): "Results (Scotland)" and "Results (Wales)"
    # are two headlines.
    if not (a.clean or b.clean):
        words_a, words_b = set(a.decoration.split()), set(b.decoration.split())
        if not (words_a <= words_b or words_b <= words_a):
            return None
    if a.key == b.key:
        # Equal once punctuation is ignored ("Rellie." / "Rellie", 'woo' / ‘woo’),
        # as long as punctuation is not most of what the two lines hold.
        return 100.0 if fuzz.ratio(a.core, b.core) >= config.flag_threshold else None
    score = fuzz.ratio(a.core, b.core, score_cutoff=config.duplicate_threshold)
    if score and difference(a.block.text, b.block.text).reason_to_keep(config.max_word_edits) is None:
        return round(score, 1)
    return None


def _score_against_chain(
    chain: list[tuple[_Printing, float]], candidate: _Printing, config: Config
) -> float | None:
    """Best score of candidate against the printings found so far, clean ones first."""
    ordered = sorted((p for p, _ in chain), key=lambda p: not p.clean)
    scores = [s for p in ordered if (s := _same_headline(p, candidate, config)) is not None]
    return max(scores) if scores else None


def find_repeated_headlines(blocks: Sequence[Block], config: Config) -> list[Finding]:
    """One DROPPED finding for every extra printing of a headline or caption.

    Copies are gathered in chains: each copy stands within ``repeat_window``
    blocks of the previous one. The kept printing is the first one without a
    site suffix or credit (or the first, when all have one); since the chain
    is contiguous with the default window, it stays in the chain's position.
    """
    findings: list[Finding] = []
    printings = [_Printing.of(block, config) for block in blocks]
    consumed: set[int] = set()
    for start, first in enumerate(printings):
        if first is None or start in consumed:
            continue
        chain: list[tuple[_Printing, float]] = [(first, 100.0)]
        position = start
        while True:
            window = range(position + 1, min(position + 1 + config.repeat_window, len(blocks)))
            for candidate in window:
                other = printings[candidate]
                if other is None or candidate in consumed:
                    continue
                score = _score_against_chain(chain, other, config)
                if score is not None:
                    chain.append((other, score))
                    consumed.add(candidate)
                    position = candidate
                    break
            else:
                break
        if len(chain) == 1:
            continue
        keep = next((p for p, _ in chain if p.clean), first).block
        for printing, score in chain:
            if printing.block is keep:
                continue
            findings.append(
                Finding(
                    rule=RULE,
                    line=printing.block.line,
                    action=Action.DROPPED,
                    message="headline or caption printed again",
                    duplicate_of=keep.line,
                    score=score,
                )
            )
    return findings
