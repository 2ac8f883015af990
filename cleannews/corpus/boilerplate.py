"""Which recurring paragraphs are boilerplate, and how much removing them may take from a document.

Why: a paragraph found in several documents is not boilerplate by that fact alone. An excerpt
and its full story share paragraphs because they *are* the same story; removing the shared
paragraphs from both (as ``--boilerplate remove`` once did) empties the excerpt and cuts the
original in half. So:

* Two documents whose shared recurring paragraphs make up at least half of the words of either
  of them overlap as stories (a near-copy relation the document level did not join). Between
  them, shared paragraphs do not count as recurring.
* A paragraph is boilerplate when it occurs in ``min_documents`` documents that are otherwise
  different: counted greedily, longest first, a document that overlaps as a story with one
  already counted is not counted again.
* Whatever is removed, a document keeps more than half of its words and at least one word:
  otherwise nothing is removed from it, and it is listed as kept whole, with the share that
  removal would have taken.

Story overlaps are looked for in paragraphs found in at most ``MAX_STORY_DOCUMENTS`` documents:
pairs within a cluster grow with the square of its documents, and a paragraph stamped into
hundreds of documents is the shape of boilerplate, not of one story's copies (those are joined
at the document level before this runs).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .ids import document_of

MAX_STORY_DOCUMENTS = 64
STORY_SHARE = 0.5
"""Shared paragraphs making up this share of a document's words make it the same story as the other."""
MAX_REMOVED_SHARE = 0.5
"""Removal may take at most this share of a document's words."""
PAIRS_PER_ROUND = 1_000_000
"""Document pairs summed at a time by ``story_pairs`` (about 50 MB of arrays)."""


@dataclass(frozen=True)
class Recurring:
    """A paragraph cluster found in several documents."""

    members: tuple[int, ...]
    """Paragraph ids, the representative first."""
    documents: tuple[int, ...]
    """The distinct documents holding it, in input order."""


@dataclass(frozen=True)
class KeptWhole:
    """A document from which removal would have taken too much: nothing is removed from it."""

    document: int
    paragraphs: int
    """Boilerplate paragraphs that would have been removed."""
    share: float
    """The share of its words they hold, 0-1."""


def story_pairs(
    recurring: Iterable[Recurring], words: Mapping[int, int], document_words: Mapping[int, int]
) -> set[tuple[int, int]]:
    """Pairs (earlier, later) of documents whose shared recurring paragraphs hold half of either.

    ``words`` gives each paragraph id's words, ``document_words`` each document's.

    >>> doc = lambda n: n << 12
    >>> full, excerpt, other = doc(1), doc(2), doc(3)
    >>> shared = Recurring((full | 0, excerpt | 0), (full, excerpt))
    >>> footer = Recurring((full | 3, other | 5), (full, other))
    >>> words = {full | 0: 40, excerpt | 0: 40, full | 3: 8, other | 5: 8}
    >>> story_pairs([shared, footer], words, {full: 160, excerpt: 60, other: 120})
    {(4096, 8192)}
    """
    clusters, documents, held = array("q"), array("q"), array("q")  # one row per (cluster, document)
    for number, found in enumerate(recurring):
        if len(found.documents) > MAX_STORY_DOCUMENTS:
            continue
        words_held: dict[int, int] = {}
        for member in found.members:
            document = document_of(member)
            words_held[document] = words_held.get(document, 0) + words.get(member, 0)
        for document in sorted(words_held):
            clusters.append(number)
            documents.append(document)
            held.append(words_held[document])
    if not documents:
        return set()
    known, dense = np.unique(np.frombuffer(documents, np.int64), return_inverse=True)
    del documents
    cluster_of, held_words = np.frombuffer(clusters, np.int64), np.frombuffer(held, np.int64)
    # A row pairs with the rows after it in its cluster (documents ascend within a cluster).
    ends = np.flatnonzero(np.concatenate((cluster_of[1:] != cluster_of[:-1], [True]))) + 1
    end_of = np.repeat(ends, np.diff(np.concatenate(([0], ends))))
    partners = end_of - np.arange(len(dense)) - 1
    totals = np.fromiter((document_words.get(item, 0) for item in known.tolist()), np.int64, len(known))
    stories: set[tuple[int, int]] = set()
    # Pairs are many when every paragraph recurs (up to 2,016 per paragraph): they are summed in
    # rounds of documents (by the earlier one of each pair), so that no round holds them all.
    rounds = max(1, -(-int(partners.sum()) // PAIRS_PER_ROUND))
    for number in range(rounds):
        rows = np.flatnonzero((dense % rounds == number) & (partners > 0))
        if len(rows) == 0:
            continue
        counts = partners[rows]
        left = np.repeat(rows, counts)
        right = left + 1 + np.arange(len(left)) - np.repeat(np.cumsum(counts) - counts, counts)
        packed = dense[left].astype(np.uint64) << np.uint64(32)
        packed |= dense[right].astype(np.uint64)
        order = np.argsort(packed, kind="stable")
        packed = packed[order]
        starts = np.flatnonzero(np.concatenate(([True], packed[1:] != packed[:-1])))
        shared_left = np.add.reduceat(held_words[left[order]], starts)
        shared_right = np.add.reduceat(held_words[right[order]], starts)
        del left, right, order
        first = (packed[starts] >> np.uint64(32)).astype(np.int64)
        second = (packed[starts] & np.uint64(0xFFFFFFFF)).astype(np.int64)
        story = (shared_left >= STORY_SHARE * totals[first]) | (shared_right >= STORY_SHARE * totals[second])
        stories.update(zip(known[first[story]].tolist(), known[second[story]].tolist(), strict=True))
    return stories


def distinct_documents(
    documents: Sequence[int],
    stories: set[tuple[int, int]],
    document_words: Mapping[int, int],
    enough: int | None = None,
) -> list[int]:
    """The documents that do not overlap as a story with one counted before, longest first
    (stopping at ``enough`` of them: a paragraph in 100,000 documents needs only two counted).

    Longest first: a short document made mostly of a footer overlaps with every document that
    carries it, and counted first it would hide the footer from all of them.

    >>> distinct_documents([1, 2, 3], {(1, 2)}, {1: 10, 2: 50, 3: 20})
    [2, 3]
    """
    counted: list[int] = []
    for document in sorted(documents, key=lambda item: (-document_words.get(item, 0), item)):
        if not any((min(other, document), max(other, document)) in stories for other in counted):
            counted.append(document)
            if enough is not None and len(counted) >= enough:
                break
    return counted


def guard(
    planned: Mapping[int, set[int]], words: Mapping[int, int], document_words: Mapping[int, int]
) -> tuple[dict[int, set[int]], list[KeptWhole]]:
    """The removals that leave each document more than half of its words, and the documents kept whole.

    ``planned`` maps a document to the paragraph numbers to remove; ``words`` is keyed by paragraph id.

    >>> doc = 1 << 12
    >>> guard({doc: {0, 1}}, {doc | 0: 30, doc | 1: 30}, {doc: 100})
    ({}, [KeptWhole(document=4096, paragraphs=2, share=0.6)])
    >>> guard({doc: {1}}, {doc | 1: 30}, {doc: 100})
    ({4096: {1}}, [])
    """
    allowed: dict[int, set[int]] = {}
    kept: list[KeptWhole] = []
    for document in sorted(planned):
        numbers = planned[document]
        removed = sum(words.get(document | number, 0) for number in numbers)
        total = document_words.get(document, 0)
        if total and removed <= MAX_REMOVED_SHARE * total and removed < total:
            allowed[document] = numbers
        else:
            kept.append(KeptWhole(document, len(numbers), round(removed / total, 4) if total else 1.0))
    return allowed, kept
