"""Candidates for containment: documents that share sampled word 5-grams ("anchors").

Why: MinHash LSH proposes pairs by the Jaccard similarity of whole word sets, and an excerpt of
half an article, or an article merged into another, has a Jaccard of 0.3-0.6 with it: at the
0.7 threshold such pairs are rarely proposed, and lowering the threshold floods verification
with unrelated pairs (news shares its stop words). Anchors are content-defined samples instead:
a word 5-gram is an anchor when its hash is 0 modulo ``EVERY``, whatever text it is in. So every
anchor of a text contained in another is an anchor of that other text too: containment keeps
anchors where min-hashes would be lost.

Two texts are candidates when they share ``MIN_SHARED`` anchors or more (the cheap exact-shingle
filter: one shared 5-gram is a phrase, two are a passage). An anchor found in more than
``MAX_DOCUMENTS`` texts is a stock phrase or boilerplate, not evidence of one story, and proposes
nothing (near-identical copies of one story are still proposed by LSH, whatever their number).

On the syndication benchmark (19,043 Reuters articles + 20% planted copies) anchors propose
about 50,000 pairs, 2.2 per document, and 97-100% of each variant's planted pairs (sampling one
5-gram in 8 instead of 4 halves the rows, but misses 6% of the half-length excerpts).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .tokens import TokenBatch, mix64

WORDS = 5
EVERY = 4
MIN_SHARED = 2
MAX_DOCUMENTS = 64

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]


def anchors(batch: TokenBatch, rows: I64) -> tuple[U64, I64]:
    """(anchor key, row) of each distinct anchor of the texts ``rows`` of ``batch``.

    A 5-gram's key mixes its five word hashes in order; texts shorter than five words have none.
    """
    offsets = batch.offsets
    starts, ends = offsets[rows], offsets[rows + 1]
    counts = np.maximum(ends - starts - (WORDS - 1), 0)
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    owner = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    first = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    positions = first + np.arange(total, dtype=np.int64)
    words = batch.hashes.astype(np.uint64)
    key = np.zeros(total, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(WORDS):
            key = mix64(key ^ words[positions + offset])
    chosen = key % np.uint64(EVERY) == 0
    key, owner = key[chosen], owner[chosen]
    pairs = np.unique(np.stack((key.view(np.int64), owner), axis=1), axis=0)
    return pairs[:, 0].view(np.uint64).copy(), rows[pairs[:, 1]]


def bucket_pairs(keys: U64, ids: I64) -> tuple[I64, I64]:
    """Every pair (smaller id, larger id) in each key's bucket of at most ``MAX_DOCUMENTS``, once
    per shared key: the counts are what ``shared_enough`` reads.

    Rows must hold each (key, id) once. The result does not depend on the order of the rows.

    >>> left, right = bucket_pairs(np.array([5, 5, 9, 9], np.uint64), np.array([2, 1, 1, 2]))
    >>> sorted(zip(left.tolist(), right.tolist()))
    [(1, 2), (1, 2)]
    """
    if len(keys) < 2:
        empty = np.empty(0, np.int64)
        return empty, empty.copy()
    order = np.lexsort((ids, keys))
    keys, ids = keys[order], ids[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sizes = np.diff(np.append(starts, len(keys)))
    small = np.repeat(sizes <= MAX_DOCUMENTS, sizes)
    lefts, rights = [], []
    for distance in range(1, MAX_DOCUMENTS):
        same = (keys[:-distance] == keys[distance:]) & small[distance:]
        if not same.any():
            break
        lefts.append(ids[:-distance][same])
        rights.append(ids[distance:][same])
    if not lefts:
        empty = np.empty(0, np.int64)
        return empty, empty.copy()
    return np.concatenate(lefts).astype(np.int64), np.concatenate(rights).astype(np.int64)


def shared_enough(left: I64, right: I64) -> tuple[I64, I64]:
    """The distinct pairs found ``MIN_SHARED`` times or more (once per shared anchor), sorted.

    >>> shared_enough(np.array([1, 3, 1]), np.array([2, 4, 2]))
    (array([1]), array([2]))
    """
    if len(left) == 0:
        return left, right
    pairs, counts = np.unique(np.stack((left, right), axis=1), axis=0, return_counts=True)
    kept = pairs[counts >= MIN_SHARED]
    return kept[:, 0].copy(), kept[:, 1].copy()
