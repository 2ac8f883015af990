"""Candidate pairs checked on their text: LSH and anchors propose, rapidfuzz decides.

Two measures, each one ``process.cpdist`` call per batch (C++, on every core, no Python per pair):

* **resemblance**, rapidfuzz's ``fuzz.ratio`` (normalised Indel similarity, 0-100) of the two
  matching texts, letter by letter: unlike the Jaccard of word sets it sees word order, so a
  paragraph and its shuffled words are not duplicates. It is symmetric, so it cannot see that
  a trimmed copy is the same story: a copy keeping a share f of the text scores at most
  200f/(1+f), 80 for two thirds.
* **containment**, the longest common subsequence of the two texts' *words* over the words of
  the shorter (0-100): an excerpt, a copy with its lead or tail trimmed, or a story merged into
  another scores near 100. Words, not letters: almost any 200 letters occur in order in a
  5,000-letter article, while the words of an unrelated teaser do not.

A pair passes when its resemblance reaches ``similarity`` or (for documents) its containment
reaches ``containment``. Then figures: with ``same_digits`` (paragraphs) both texts must hold the
same numbers in the same order; with ``changed_figures`` (documents, the default), a pair whose
word alignment replaces a number by another number is a different story ("crude stocks rose 2.1
mln barrels" is not "rose 3.4 mln barrels"), while numbers only added or left out (a trimmed
tail, a merged story) and a replaced first or last run of four or more words (a new headline,
another ending) do not count.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from .tokens import NUMBERS, matching_texts, word_strings

DEFAULT_SIMILARITY = 80.0
"""On planted 1-3 word edits of 1-4 sentence news paragraphs, 99% of pairs scored 86 or more and
95% of one-sentence pairs 86 or more, while unrelated paragraphs stay near 50."""
DEFAULT_CONTAINMENT = 90.0
"""On Reuters articles with planted copies (benchmarks/syndication.py), trimmed, excerpted and
merged copies score 95-100 against their original, and pairs of unrelated articles proposed by
the anchors below 80, except template reports (which the figures rule catches)."""
MIN_CONTAINED_WORDS = 10
"""A shorter text with fewer words is never "contained": a headline or a dateline is in many stories."""
HEADLINE_WORDS = 12
"""A copy under a new headline: the shorter text's first this many words may be left out
of its containment (news headlines run to 6-12 words; a longer cut would let a shared
ending make two stories one)."""
_HEADLINE_FLOOR = 50.0  # below this even a new headline cannot lift a pair to the threshold
# The headline left out is at most a quarter of the shorter text: in a shorter one, what
# is left can be mostly a shared footer (a subscription line), which is not a story.
_HEADLINE_SHARE_INVERSE = 4
EDGE_WORDS = 4
"""A replaced first or last run of this many words or more is a new headline or ending, not a figure."""
RUN_WORDS = 3
"""Containment counts the shorter text's words found in order in runs of this many or more:
the common words of a short brief ("the", "said", "on") are found one by one in any long
story, and with a footer the two share that reached 90%."""
_PAIRS_PER_CALL = 200_000
_DIGITS = re.compile(r"\d+")


class Text(NamedTuple):
    """A text as verification reads it."""

    chars: str
    """The matching text (``tokens.matching_text``)."""
    words: str
    """One code point per word (``tokens.word_strings``)."""


def prepare(texts: Sequence[str], words: bool = True) -> list[Text]:
    """``words=False``: letters only (resemblance needs no word strings; paragraphs use no more).

    The word strings are made from the matching texts: their words are found without lowering
    and translating each text a second time."""
    chars = matching_texts(texts)
    strings = word_strings(chars, matched=True) if words else [""] * len(texts)
    return [Text(*pair) for pair in zip(chars, strings, strict=True)]


class Passed(NamedTuple):
    """The pairs whose texts passed, as arrays (the clusters are built from these; the scores a
    report shows are measured again against each cluster's representative)."""

    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    resemblance: npt.NDArray[np.float64]
    common: npt.NDArray[np.int64]
    """How many words the two texts have in common, in order (all of them, no headline left
    out): where a text is contained in several, which one holds it best
    (``clusters.best_containers``). A count, not a share, so that equal counts compare equal."""

    @classmethod
    def none(cls) -> Passed:
        return cls(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0), np.empty(0, np.int64))

    @classmethod
    def concatenate(cls, parts: Sequence[Passed]) -> Passed:
        """The parts' pairs in order."""
        return cls(
            *(np.concatenate([column, *(part[at] for part in parts)]) for at, column in enumerate(cls.none()))
        )


class Rules(NamedTuple):
    """What makes a pair pass (the part of ``MatchSettings`` that verification reads)."""

    similarity: float = DEFAULT_SIMILARITY
    containment: float | None = None
    same_digits: bool = False
    changed_figures: bool = False

    @property
    def words(self) -> bool:
        """Whether these rules read the word strings (containment, figures)."""
        return self.containment is not None or self.changed_figures


DEFAULT_RULES = Rules()


class Measures(NamedTuple):
    """What ``measure_all`` finds for each pair: scores 0-100, rounded to 2 places."""

    resemblance: np.ndarray
    containment: np.ndarray
    """The shorter text's words found in order in the other, its first HEADLINE_WORDS words
    optionally left out (a new headline): what a pair passes by."""
    common: np.ndarray
    """How many words the two have in common, in order, every word counted (0 without words):
    what tells apart the texts a text is in."""


def measure(
    left: Sequence[int],
    right: Sequence[int],
    texts: Mapping[int, Text],
    workers: int = -1,
    words: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Resemblance and containment of each pair, rounded to 2 places (``measure_all``)."""
    found = measure_all(left, right, texts, workers, words)
    return found.resemblance, found.containment


def measure_all(
    left: Sequence[int],
    right: Sequence[int],
    texts: Mapping[int, Text],
    workers: int = -1,
    words: bool = True,
) -> Measures:
    """Resemblance and containment (with and without a new headline) of each pair, one cpdist
    call each (a second for the pairs that may be under a new headline).

    ``workers`` threads score (-1: one per core); a Dask task, which shares its worker's cores
    with other tasks, uses 1. ``words=False``: resemblance only (containments are 0).
    """
    from rapidfuzz.distance import LCSseq
    from rapidfuzz.fuzz import ratio
    from rapidfuzz.process import cpdist

    firsts = [texts[item] for item in left]
    seconds = [texts[item] for item in right]
    resemblance = cpdist(
        [t.chars for t in firsts], [t.chars for t in seconds], scorer=ratio, dtype=np.float64, workers=workers
    )
    if not words:
        return Measures(np.round(resemblance, 2), np.zeros(len(firsts)), np.zeros(len(firsts), np.int64))
    common = cpdist(
        [t.words for t in firsts],
        [t.words for t in seconds],
        scorer=LCSseq.similarity,
        dtype=np.int64,
        workers=workers,
    )
    shorter = np.fromiter(
        (min(len(a.words), len(b.words)) for a, b in zip(firsts, seconds, strict=True)),
        dtype=np.int64,
        count=len(firsts),
    )
    containment = np.where(shorter >= MIN_CONTAINED_WORDS, 100.0 * common / np.maximum(shorter, 1), 0.0)
    _under_a_new_headline(containment, shorter, firsts, seconds, workers)
    return Measures(np.round(resemblance, 2), np.round(containment, 2), common)


def _under_a_new_headline(
    containment: np.ndarray, shorter: np.ndarray, firsts: list[Text], seconds: list[Text], workers: int
) -> None:
    """Raise (in place) the containment of pairs whose shorter text is contained once its
    first HEADLINE_WORDS words are left out: the same story under a new headline, which the
    symmetric ratio caps for short reports (ten new words of forty score about 75)."""
    from rapidfuzz.distance import LCSseq
    from rapidfuzz.process import cpdist

    long_enough = shorter >= HEADLINE_WORDS * _HEADLINE_SHARE_INVERSE
    maybe = np.flatnonzero(long_enough & (containment >= _HEADLINE_FLOOR) & (containment < 100))
    if not maybe.size:
        return
    bodies, others = [], []
    for index in maybe.tolist():
        a, b = firsts[index].words, seconds[index].words
        short, long = (a, b) if len(a) <= len(b) else (b, a)
        bodies.append(short[HEADLINE_WORDS:])
        others.append(long)
    common = cpdist(bodies, others, scorer=LCSseq.similarity, dtype=np.int64, workers=workers)
    trimmed = 100.0 * common / (shorter[maybe] - HEADLINE_WORDS)
    containment[maybe] = np.maximum(containment[maybe], trimmed)


def verify_pairs(
    left: Sequence[int] | np.ndarray,
    right: Sequence[int] | np.ndarray,
    texts: Mapping[int, Text],
    rules: Rules = DEFAULT_RULES,
    workers: int = -1,
) -> Passed:
    """The pairs that pass ``rules``, with their scores.

    Pairs are measured a batch at a time and only those that pass are kept: tens of
    millions of candidates (boilerplate with a byline in every record) would otherwise be
    held at once.
    """
    parts: list[Passed] = []
    for start in range(0, len(left), _PAIRS_PER_CALL):
        lefts = as_ints(left[start : start + _PAIRS_PER_CALL])
        rights = as_ints(right[start : start + _PAIRS_PER_CALL])
        found = measure_all(lefts, rights, texts, workers, rules.words)
        passed = found.resemblance >= rules.similarity
        if rules.containment is not None:
            passed |= found.containment >= rules.containment
        similar = found.resemblance >= rules.similarity
        for index in np.flatnonzero(passed).tolist():
            passed[index] = same_story(texts[lefts[index]], texts[rights[index]], rules, bool(similar[index]))
        chosen = np.flatnonzero(passed)
        parts.append(
            Passed(
                np.asarray(lefts, dtype=np.int64)[chosen],
                np.asarray(rights, dtype=np.int64)[chosen],
                found.resemblance[chosen],
                found.common[chosen],
            )
        )
    return Passed.concatenate(parts)


def same_story(left: Text, right: Text, rules: Rules, similar: bool = True) -> bool:
    """What the text measures cannot see (they passed already; ``similar``: by resemblance,
    else by containment alone): figures, and for documents, where the words in common stand.

    Words in common count only in runs of RUN_WORDS or more. Two documents that each print a
    passage of more than HEADLINE_WORDS words of their own in one place (a brief where the
    other has another brief, both above one footer) are two stories, however much else they
    share; a new headline is shorter. A text passed by containment alone must be contained
    in runs.
    """
    if rules.same_digits and _DIGITS.findall(left.chars) != _DIGITS.findall(right.chars):
        return False
    if not rules.words:
        return True
    from rapidfuzz.distance import Indel

    blocks = _replacements(Indel.opcodes(left.words, right.words))
    runs = [(a1, a2, b1, b2) for tag, a1, a2, b1, b2 in blocks if tag == "equal" and a2 - a1 >= RUN_WORDS]
    if _own_passage(runs, len(left.words), len(right.words)) > HEADLINE_WORDS:
        return False
    if not similar and rules.containment is not None:
        contained = _contained_in_runs(
            runs, len(left.words) <= len(right.words), min(len(left.words), len(right.words))
        )
        if contained < rules.containment:
            return False
    return not (rules.changed_figures and _figures_changed_in(blocks, left.words, right.words))


Run = tuple[int, int, int, int]
"""Where a run of words in common starts and ends in the left text, then in the right."""


def _own_passage(runs: list[Run], left: int, right: int) -> int:
    """The longest stretch, between two runs in common (or a text's start or end), where both
    texts print words of their own: its length in the text where it is shorter."""
    longest = 0
    a_end = b_end = 0
    for a1, a2, b1, b2 in [*runs, (left, left, right, right)]:
        longest = max(longest, min(a1 - a_end, b1 - b_end))
        a_end, b_end = a2, b2
    return longest


def _contained_in_runs(runs: list[Run], left_is_shorter: bool, shorter: int) -> float:
    """The shorter text's share (0-100) of words in runs in common, its first HEADLINE_WORDS
    words left out when that gives more (a new headline; see ``_under_a_new_headline``)."""
    spans = [(a1, a2) if left_is_shorter else (b1, b2) for a1, a2, b1, b2 in runs]
    share = 100.0 * sum(end - start for start, end in spans) / shorter if shorter else 0.0
    if shorter >= HEADLINE_WORDS * _HEADLINE_SHARE_INVERSE:
        body = sum(end - max(start, HEADLINE_WORDS) for start, end in spans if end > HEADLINE_WORDS)
        share = max(share, 100.0 * body / (shorter - HEADLINE_WORDS))
    return share


def figures_changed(left: str, right: str) -> bool:
    """Whether aligning the words of two texts replaces a number by another number.

    >>> from cleannews.corpus.tokens import word_strings
    >>> a, b, c = word_strings(["crude stocks rose 2 mln barrels in the week",
    ...                         "crude stocks rose 3 mln barrels in the week",
    ...                         "crude stocks rose 2 mln barrels in the week to 300 mln"])
    >>> figures_changed(a, b), figures_changed(a, c)
    (True, False)
    """
    from rapidfuzz.distance import Indel

    return _figures_changed_in(_replacements(Indel.opcodes(left, right)), left, right)


def _figures_changed_in(blocks: list[tuple[str, int, int, int, int]], left: str, right: str) -> bool:
    """figures_changed, given the texts' replacement blocks."""
    left_numbers, right_numbers = NUMBERS.findall(left), NUMBERS.findall(right)
    if not left_numbers or not right_numbers or sorted(left_numbers) == sorted(right_numbers):
        return False
    last = len(blocks) - 1
    for position, (tag, a1, a2, b1, b2) in enumerate(blocks):
        if tag == "equal" or not (NUMBERS.search(left, a1, a2) and NUMBERS.search(right, b1, b2)):
            continue
        at_edge = position in (0, last) and min(a2 - a1, b2 - b1) >= EDGE_WORDS
        if not at_edge:
            return True
    return False


def _replacements(blocks: object) -> list[tuple[str, int, int, int, int]]:
    """Indel opcodes with each delete next to an insert read as one replace; others kept in place.

    Indel has no replace: a changed word is a deletion and an insertion side by side.
    """
    merged: list[tuple[str, int, int, int, int]] = []
    for block in blocks:  # type: ignore[attr-defined]
        tag, a1, a2, b1, b2 = block.tag, block.src_start, block.src_end, block.dest_start, block.dest_end
        if merged and tag != "equal" and merged[-1][0] != "equal":
            _, p1, _, q1, _ = merged[-1]
            merged[-1] = ("replace", p1, a2, q1, b2)
        else:
            merged.append((tag, a1, a2, b1, b2))
    return merged


def as_ints(ids: Sequence[int] | np.ndarray) -> list[int]:
    """Python ints, the keys of ``texts`` (a numpy integer would be looked up more slowly)."""
    return ids.tolist() if isinstance(ids, np.ndarray) else list(ids)
