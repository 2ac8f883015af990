"""Candidates for containment: documents that share sampled word 5-grams ("anchors").

Why: MinHash LSH proposes pairs by the Jaccard similarity of whole word sets, and an excerpt of
half an article, or an article merged into another, has a Jaccard of 0.3-0.6 with it: at the
0.7 threshold such pairs are rarely proposed, and lowering the threshold floods verification
with unrelated pairs (news shares its stop words). Anchors are content-defined samples instead:
a word 5-gram is an anchor when its hash is 0 modulo ``EVERY``, whatever text it is in. So every
anchor of a text contained in another is an anchor of that other text too: containment keeps
anchors where min-hashes would be lost.

Two texts are candidates when they share ``MIN_SHARED`` anchors or more and at least ``SHARE`` of
the anchors of the one with fewer (the cheap exact-shingle filter: one shared 5-gram is a phrase,
two are a passage, and a passage that is a small part of both texts is a quotation, not a copy:
news paragraphs built from a common pool of sentences share one in four sentences with many
others).

Rare anchors propose, every anchor counts. An anchor found in more than ``MAX_DOCUMENTS`` texts
(a stock phrase, boilerplate, or a passage that a recombined corpus prints in thirty documents)
proposes no pair: its bucket's pairs grow with the square of its size. But once a pair is
proposed by a rarer anchor, the anchors it shares through crowded buckets count too
(``shared_enough`` counts them exactly, on the pair's own anchors). Where passages recur, what is
rare is where they meet: an excerpt of a story made of three recurring leads shares with it the
anchors that straddle the join of two leads, found in that story and its copies only, while all
its other anchors are in thirty texts each. Counting only rare anchors, such an excerpt shared
one anchor in ten with its original and was never proposed (benchmark at 200,000 documents:
excerpts 0.12, merged stories 0.39).

Texts whose anchors are all crowded ask. Such a text (an excerpt of a lead that thirty
documents print) shares no rare anchor with anything, but a text that holds it whole holds its
rarest anchor too: it is paired with the texts of that anchor that have at least as many
anchors (``askers``, ``asked_pairs``, ``holding``), if they are at most ``MAX_RAREST``, and
the pairs are counted like the others. On the syndication benchmark at 200,000 recombined
documents, where 15% of the excerpts had not been proposed with their original, the excerpts
found went from 0.749 to 0.841; at a million paragraphs, 44,000 texts ask 1.7 million pairs,
of which 12,000 pass.

On the syndication benchmark (19,043 Reuters articles + 20% planted copies) anchors propose
about 50,000 pairs, 2.2 per document, and 97-100% of each variant's planted pairs (sampling one
5-gram in 8 instead of 4 halves the rows, but misses 6% of the half-length excerpts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .tokens import I64, U32, TokenBatch, mix64

WORDS = 5
EVERY = 4
assert EVERY & (EVERY - 1) == 0, "a power of two: a key's remainder is its low bits"
MIN_SHARED = 2
SHARE = 0.7
MAX_DOCUMENTS = 16
NONE = np.uint64(np.iinfo(np.uint64).max)
"""No rarest anchor (yet): larger than any (size << 32 | key)."""
MAX_RAREST = 4 * MAX_DOCUMENTS
"""A text whose anchors are all crowded asks the texts of its rarest anchor, if at most this many."""
ROWS_PER_ROUND = 2_000_000
_LOW_BITS = np.uint32(0xFFFFF)
ANCHORS_PER_ROUND = 500_000
"""Anchors (of both texts of each pair) counted at a time in ``AnchorIndex.shared``."""
PAIRS_PER_ROUND = 50_000


def anchors(batch: TokenBatch, rows: I64) -> tuple[U32, I64]:
    """(anchor key, position in ``rows``) of each distinct anchor of the texts ``rows`` of ``batch``.

    A 5-gram's key mixes its five word hashes in order; texts shorter than five words have none.
    Keys keep 32 bits (a million-paragraph corpus has tens of millions of anchors): two passages
    that collide add one anchor to a pair of texts, which still needs ``SHARE`` of its anchors.
    """
    offsets = batch.offsets
    starts, ends = offsets[rows], offsets[rows + 1]
    counts = np.maximum(ends - starts - (WORDS - 1), 0)
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, np.uint32), np.empty(0, np.int64)
    key = _every_gram(batch.hashes)
    first = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    key = key[first + np.arange(total, dtype=np.int64)]
    chosen = np.flatnonzero((key & np.uint64(EVERY - 1)) == 0)
    # (text position << 32 | key): one sort orders by text, then key (texts ascend with rows).
    packed = np.repeat(np.arange(len(rows), dtype=np.uint64), counts)[chosen] << np.uint64(32)
    packed |= key[chosen] >> np.uint64(32)
    del key, chosen
    packed.sort()
    distinct = np.ones(len(packed), dtype=bool)
    distinct[1:] = packed[1:] != packed[:-1]
    packed = packed[distinct]
    return (packed & np.uint64(0xFFFFFFFF)).astype(np.uint32), (packed >> np.uint64(32)).astype(np.int64)


def _every_gram(hashes: U32) -> npt.NDArray[np.uint64]:
    """The key of the 5-gram starting at each word of a batch (those that cross a text's end
    too, a few per text, left unused): slices of the word hashes, where gathering each 5-gram's
    words would copy them five times."""
    words = hashes.astype(np.uint64)
    count = max(len(words) - (WORDS - 1), 0)
    key = mix64(words[:count])  # 0 ^ the first word
    with np.errstate(over="ignore"):
        for offset in range(1, WORDS):
            key ^= words[offset : offset + count]
            key = mix64(key)
    return key


Ids = npt.NDArray[np.integer[Any]]
"""Text ids, or (in the local engine) their 4-byte positions."""
Weights = npt.NDArray[np.int32]


class RowTexts(NamedTuple):
    """The text of each row, for rows sorted by text (the local engine's): found from each text's
    count for the rows at hand, rather than kept per row (a million paragraphs have 24 million
    anchors, 90 MB as 4-byte positions).

    >>> RowTexts.of(np.array([2, 0, 3])).at(np.array([0, 1, 2, 4])).tolist()
    [0, 0, 2, 2]
    """

    ends: I64
    """Where each text's rows end (the running sum of the counts)."""

    @classmethod
    def of(cls, counts: I64) -> RowTexts:
        return cls(np.cumsum(counts, dtype=np.int64))

    def at(self, rows: I64) -> U32:
        """The position of the text of each row (ascending rows are found fastest)."""
        return np.searchsorted(self.ends, rows, side="right").astype(np.uint32)


def _ids_at(ids: Ids | RowTexts, rows: I64) -> Ids:
    """The text of each of ``rows``: ``ids`` per row, or the ``RowTexts`` of rows sorted by text."""
    return ids.at(rows) if isinstance(ids, RowTexts) else ids[rows]


def _rows_of_round(
    keys: U32, rounds: int, number: int, remainders: npt.NDArray[np.uint8] | None = None
) -> I64:
    """The rows whose key is ``number`` modulo ``rounds``, ascending, found a slice of rows at a
    time: a remainder for every row at once would take 4 bytes per row (``remainders``, one byte
    per row, are those of ``_remainders``)."""
    if rounds == 1:
        return np.arange(len(keys), dtype=np.int64)
    if remainders is not None:
        return np.flatnonzero(remainders == number)
    found = [np.empty(0, np.int64)]
    for first in range(0, len(keys), ROWS_PER_ROUND):
        part = keys[first : first + ROWS_PER_ROUND]
        found.append(np.flatnonzero(part % np.uint32(rounds) == number) + first)
    return np.concatenate(found)


def _remainders(keys: U32, rounds: int) -> npt.NDArray[np.uint8] | None:
    """Each key modulo ``rounds`` in one byte, when that fits (None otherwise), computed once for
    all rounds: each round dividing every key again took a second at a million paragraphs."""
    if rounds == 1 or rounds > 256:
        return None
    found = np.empty(len(keys), dtype=np.uint8)
    for first in range(0, len(keys), ROWS_PER_ROUND):
        found[first : first + ROWS_PER_ROUND] = keys[first : first + ROWS_PER_ROUND] % np.uint32(rounds)
    return found


def weighted_bucket_pairs(
    keys: U32,
    ids: Ids | RowTexts,
    crowded: npt.NDArray[np.int32] | None = None,
    rarest_anchors: npt.NDArray[np.uint64] | None = None,
) -> tuple[Ids, Ids, Weights]:
    """Every pair (smaller id, larger id) in each key's bucket of at most ``MAX_DOCUMENTS``, with
    the number of buckets it was found in: ``shared_enough`` sums these weights. Where ids are
    positions (the local engine), ``crowded`` (one zero per text) is given each text's number of
    anchors in larger buckets: what its pairs may share beyond their weights; ``rarest_anchors``
    (one ``NONE`` per text) its rarest anchor, as ``rarest`` gives it (from the same sort).

    Buckets holding the same texts (the anchors of one shared passage) are paired once, weighed
    by their number: a copied article's 40 anchors cost one pair, not 40. Keys are grouped in
    rounds of about ``ROWS_PER_ROUND`` rows (by key), so sorting never holds all rows at once.
    Rows must hold each (key, id) once. The weights per pair do not depend on the order of rows.
    ``ids`` are the text of each row, or the ``RowTexts`` of rows sorted by text.

    >>> keys, ids = np.array([5, 5, 9, 9, 7], np.uint32), np.array([2, 1, 1, 2, 3])
    >>> left, right, weight = weighted_bucket_pairs(keys, ids)
    >>> list(zip(left.tolist(), right.tolist(), weight.tolist()))
    [(1, 2, 2)]
    """
    if not isinstance(ids, RowTexts) and len(ids) > 1 and not bool((ids[1:] >= ids[:-1]).all()):
        order = np.argsort(ids, kind="stable")
        keys, ids = keys[order], ids[order]
    rounds = max(1, -(-len(keys) // ROWS_PER_ROUND))
    remainders = _remainders(keys, rounds)
    found = [
        _round_pairs(keys, ids, (rounds, number, remainders), crowded, rarest_anchors)
        for number in range(rounds)
    ]
    return tuple(  # type: ignore[return-value]
        np.concatenate([part[column] for part in found]) for column in range(3)
    )


def _round_pairs(
    keys: U32,
    ids: Ids | RowTexts,
    round_of: tuple[int, int, npt.NDArray[np.uint8] | None],
    crowded: npt.NDArray[np.int32] | None,
    rarest_anchors: npt.NDArray[np.uint64] | None,
) -> tuple[Ids, Ids, Weights]:
    """``weighted_bucket_pairs`` of the keys equal to ``number`` modulo ``rounds`` (``round_of``:
    rounds, number and the keys' remainders, if known) (rows sorted by id)."""
    positions = _rows_of_round(keys, *round_of)
    round_ids = _ids_at(ids, positions)
    empty = np.empty(0, round_ids.dtype)
    if len(positions) == 0:
        return empty, empty.copy(), np.empty(0, np.int32)
    packed = keys[positions].astype(np.uint64) << np.uint64(32)
    del positions
    packed |= np.arange(len(packed), dtype=np.uint64)  # positions ascend with ids
    packed.sort()
    round_ids = round_ids[(packed & np.uint64(0xFFFFFFFF)).astype(np.int64)]
    key = packed >> np.uint64(32)
    del packed
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    sizes = np.diff(np.append(starts, len(key)))
    if rarest_anchors is not None:
        packed_rows = np.repeat(sizes.astype(np.uint64), sizes) << np.uint64(32)
        packed_rows |= key
        np.minimum.at(rarest_anchors, round_ids, packed_rows)
        del packed_rows
    if crowded is not None:
        crowded += np.bincount(
            round_ids[np.repeat(sizes > MAX_DOCUMENTS, sizes)], minlength=len(crowded)
        ).astype(np.int32)
    wanted = np.flatnonzero((sizes > 1) & (sizes <= MAX_DOCUMENTS))
    if len(wanted) == 0:
        return empty, empty.copy(), np.empty(0, np.int32)
    with np.errstate(over="ignore"):
        members = np.add.reduceat(mix64(round_ids.astype(np.uint64)), starts) ^ sizes.astype(np.uint64)
    by_members = wanted[np.argsort(members[wanted], kind="stable")]
    firsts = np.concatenate(([True], members[by_members][1:] != members[by_members][:-1]))
    kept = by_members[firsts]
    weights = np.diff(np.append(np.flatnonzero(firsts), len(by_members)))
    kept_sizes = sizes[kept]
    total = int((kept_sizes * (kept_sizes - 1) // 2).sum())
    # Ids in their own dtype (the local engine's are 4-byte positions) and 4-byte weights: the
    # pairs of a corpus whose passages recur in up to 16 texts are tens of millions.
    left, right = np.empty(total, round_ids.dtype), np.empty(total, round_ids.dtype)
    weight = np.empty(total, np.int32)
    filled = 0
    for size in np.unique(kept_sizes).tolist():  # buckets of one size at a time, all their pairs at once
        chosen = kept_sizes == size
        first_rows = starts[kept[chosen]]
        for i in range(size):
            for j in range(i + 1, size):
                stop = filled + len(first_rows)
                left[filled:stop] = round_ids[first_rows + i]
                right[filled:stop] = round_ids[first_rows + j]
                weight[filled:stop] = weights[chosen]
                filled = stop
    return left, right, weight


def rarest(keys: U32, ids: Ids) -> tuple[Ids, npt.NDArray[np.uint64]]:
    """Each text's rarest anchor among the rows (whole buckets: every row of each key), as
    (text, bucket size << 32 | key): the smallest bucket, then the smallest key. The result for
    all rows is the smallest of the results for any split of the keys (``smallest_per_text``).

    >>> ids, packed = rarest(np.array([5, 5, 9, 7, 7, 7], np.uint32), np.array([1, 2, 1, 1, 2, 3]))
    >>> ids.tolist(), (packed >> np.uint64(32)).tolist(), (packed & np.uint64(0xFFFFFFFF)).tolist()
    ([1, 2, 3], [1, 2, 3], [9, 5, 7])
    """
    rounds = max(1, -(-len(keys) // ROWS_PER_ROUND))
    found_ids, found_packed = np.empty(0, ids.dtype), np.empty(0, np.uint64)
    for number in range(rounds):  # keys by their remainder: each round holds whole buckets
        chosen = _rows_of_round(keys, rounds, number)
        round_keys = keys[chosen]
        order = np.argsort(round_keys, kind="stable")
        round_ids = ids[chosen][order]
        del chosen
        sorted_keys = round_keys[order]
        del round_keys, order
        starts = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
        sizes = np.diff(np.append(starts, len(sorted_keys)))
        packed = np.repeat(sizes.astype(np.uint64), sizes) << np.uint64(32)
        packed |= sorted_keys.astype(np.uint64)
        del sorted_keys, starts, sizes
        found_ids, found_packed = smallest_per_text(
            np.concatenate((found_ids, round_ids)), np.concatenate((found_packed, packed))
        )
    return found_ids, found_packed


def smallest_per_text(ids: Ids, packed: npt.NDArray[np.uint64]) -> tuple[Ids, npt.NDArray[np.uint64]]:
    """The distinct ``ids``, ascending, each with its smallest ``packed``."""
    order = np.lexsort((packed, ids))
    ids, packed = ids[order], packed[order]
    first = np.concatenate(([True], ids[1:] != ids[:-1])) if len(ids) else np.zeros(0, dtype=bool)
    return ids[first], packed[first]


def askers(ids: Ids, packed: npt.NDArray[np.uint64]) -> tuple[Ids, U32]:
    """The texts (and keys) whose rarest anchor is crowded but in at most ``MAX_RAREST`` texts.

    Why: a text contained whole in another has all its anchors in it, its rarest one too, so
    pairing a text with the texts of its rarest anchor finds every text that holds it whole.
    Where that anchor is in at most ``MAX_DOCUMENTS`` texts, its bucket has paired them already;
    where every anchor of a text is in more (an excerpt of a story whose every passage a
    recombined corpus prints in 20-40 others), nothing proposed it: on the syndication benchmark
    at 200,000 documents, 15% of the excerpts. A text asks for at most ``MAX_RAREST`` pairs.
    """
    sizes = packed >> np.uint64(32)
    chosen = (sizes > MAX_DOCUMENTS) & (sizes <= MAX_RAREST)
    return ids[chosen], (packed[chosen] & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def asked_pairs(keys: U32, ids: Ids | RowTexts, asking: Ids, asked: U32) -> tuple[Ids, Ids]:
    """Each of ``asking`` paired with every other text of its key ``asked`` among the rows (whole
    buckets), as (asking text, other text). ``ids`` as for ``weighted_bucket_pairs``.

    >>> keys, ids = np.array([5, 5, 5, 9, 9], np.uint32), np.array([1, 2, 3, 1, 4])
    >>> asker, other = asked_pairs(keys, ids, np.array([3, 4]), np.array([5, 9], np.uint32))
    >>> list(zip(asker.tolist(), other.tolist()))
    [(3, 1), (3, 2), (4, 1)]
    """
    if len(asking) == 0:
        dtype = np.uint32 if isinstance(ids, RowTexts) else ids.dtype
        return np.empty(0, dtype), np.empty(0, dtype)
    asked_sorted = np.unique(asked)
    maybe = np.zeros(_LOW_BITS + 1, dtype=bool)  # 1 MB: the asked keys' low bits
    maybe[asked_sorted & _LOW_BITS] = True
    found = [np.empty(0, np.int64)]
    for first in range(0, len(keys), ROWS_PER_ROUND):  # np.isin would sort all rows at once
        part = keys[first : first + ROWS_PER_ROUND]
        rows = np.flatnonzero(maybe[part & _LOW_BITS])  # few rows: binary searches for these only
        at = np.minimum(np.searchsorted(asked_sorted, part[rows]), len(asked_sorted) - 1)
        found.append(rows[asked_sorted[at] == part[rows]] + first)
    rows = np.concatenate(found)
    del found
    keys, ids = keys[rows], _ids_at(ids, rows)
    del rows
    order = np.argsort(keys, kind="stable")
    keys, ids = keys[order], ids[order]
    low, high = np.searchsorted(keys, asked), np.searchsorted(keys, asked, side="right")
    counts = high - low
    who = np.repeat(asking, counts).astype(ids.dtype)
    at = np.repeat(low - np.concatenate(([0], np.cumsum(counts)[:-1])), counts) + np.arange(int(counts.sum()))
    other = ids[at]
    kept = other != who
    return who[kept], other[kept]


def holding(asker: Ids, other: Ids, ids: I64, anchored: I64) -> tuple[Ids, Ids]:
    """The asked pairs whose other text has at least as many anchors as the asking one (texts
    ``ids``, in any order, with ``anchored`` anchors each): only such a text can hold it whole.
    As (smaller id, larger id).

    >>> holding(np.array([3, 3, 4]), np.array([1, 2, 1]), np.array([1, 2, 3, 4]), np.array([9, 2, 5, 9]))
    (array([1, 1]), array([3, 4]))
    """
    if len(ids) > 1 and not bool((ids[1:] > ids[:-1]).all()):
        order = np.argsort(ids, kind="stable")
        ids, anchored = ids[order], anchored[order]
    if _are_positions(ids):
        count_of = anchored[asker], anchored[other]
    else:
        count_of = anchored[np.searchsorted(ids, asker)], anchored[np.searchsorted(ids, other)]
    kept = count_of[1] >= count_of[0]
    asker, other = asker[kept], other[kept]
    return np.minimum(asker, other), np.maximum(asker, other)


class AnchorIndex(NamedTuple):
    """Each text's anchors, sorted: ``keys[starts[i]:starts[i + 1]]`` are those of ``texts[i]``.

    What counting the anchors two texts share needs, in 4 bytes per anchor: the local engine's
    rows are already in this order (``sorted_rows``), the Dask engine's client gathers the rows
    of the texts it needs (``of``).
    """

    texts: I64
    keys: U32
    starts: I64

    @classmethod
    def of(cls, ids: I64, keys: U32) -> AnchorIndex:
        """The index of (id, key) rows in any order, each once."""
        order = np.lexsort((keys, ids))
        texts, counts = np.unique(ids[order], return_counts=True)
        return cls(texts, keys[order], np.concatenate(([0], np.cumsum(counts))).astype(np.int64))

    @classmethod
    def sorted_rows(cls, keys: U32, anchored: I64) -> AnchorIndex:
        """The index of texts 0, 1, ... whose rows are sorted by text, then key (as ``anchors``
        makes them and ``SignedRows`` concatenates them); ``anchored`` is each text's count."""
        starts = np.concatenate(([0], np.cumsum(anchored))).astype(np.int64)
        return cls(np.arange(len(anchored), dtype=np.int64), keys, starts)

    def shared(self, left: I64, right: I64) -> I64:
        """How many anchors each pair (``left``, ``right``: texts of the index) shares.

        Each anchor of the text with fewer is looked up among the other's sorted keys, by binary
        searches run on many pairs at once: ``PAIRS_PER_ROUND`` pairs and at most
        ``ANCHORS_PER_ROUND`` anchors (of both texts) at a time, so that memory does not grow with
        the pairs.

        >>> index = AnchorIndex.of(np.array([4, 4, 4, 9, 9]), np.array([3, 1, 2, 2, 3], np.uint32))
        >>> index.shared(np.array([4, 9]), np.array([9, 4])).tolist()
        [2, 2]
        """
        result = np.empty(len(left), dtype=np.int64)
        for first in range(0, len(left), PAIRS_PER_ROUND):
            stop = first + PAIRS_PER_ROUND
            result[first:stop] = self._shared_pairs(left[first:stop], right[first:stop])
        return result

    def _shared_pairs(self, left: I64, right: I64) -> I64:
        """``shared`` of a round of pairs."""
        if _are_positions(self.texts):  # texts 0, 1, 2, ... (the local engine's)
            one, other = left, right
        else:
            one, other = np.searchsorted(self.texts, left), np.searchsorted(self.texts, right)
        sizes = np.diff(self.starts)
        fewer = np.where(sizes[one] <= sizes[other], one, other)
        more = np.where(sizes[one] <= sizes[other], other, one)
        result = np.zeros(len(left), dtype=np.int64)
        anchors = sizes[fewer] + sizes[more]
        ends = np.cumsum(anchors)
        first = 0
        while first < len(left):
            before = ends[first] - anchors[first]
            stop = max(first + 1, int(np.searchsorted(ends, before + ANCHORS_PER_ROUND, side="right")))
            result[first:stop] = self._shared_round(fewer[first:stop], more[first:stop])
            first = stop
        return result

    def _shared_round(self, fewer: I64, more: I64) -> I64:
        """``shared`` of a round of pairs (as positions in ``texts``, the one with fewer anchors first).

        The anchors of each text, as (pair << 32 | key), are sorted as they come (pairs in order,
        each text's keys sorted, each once): the two sorted runs are merged (a stable sort of two
        runs is one merge in C, faster than a binary search per anchor), and an anchor both texts
        have is a value found twice, side by side.
        """
        shifted = np.arange(len(fewer), dtype=np.uint64) << np.uint64(32)
        merged = np.concatenate((self._tagged(shifted, fewer), self._tagged(shifted, more)))
        merged.sort(kind="stable")
        both = merged[1:][merged[1:] == merged[:-1]]
        return np.bincount((both >> np.uint64(32)).astype(np.int64), minlength=len(fewer))

    def _tagged(self, shifted: npt.NDArray[np.uint64], texts: I64) -> npt.NDArray[np.uint64]:
        """The keys of ``texts`` (positions in ``texts``), each with its pair's number (``shifted``:
        pair << 32) above it."""
        starts = self.starts[texts]
        counts = self.starts[texts + 1] - starts
        return np.repeat(shifted, counts) | self.keys[_segments(starts, counts)]


def _are_positions(ids: I64) -> bool:
    """Whether ascending distinct ``ids`` are 0, 1, 2, ...: each is its own place (no search)."""
    return len(ids) == 0 or (int(ids[0]) == 0 and int(ids[-1]) == len(ids) - 1)


def _segments(starts: I64, counts: I64) -> I64:
    """The rows ``starts[i]:starts[i] + counts[i]`` of every ``i``, one after the other."""
    offsets = np.cumsum(counts) - counts
    return np.repeat(starts - offsets, counts) + np.arange(int(counts.sum()), dtype=np.int64)


def _enough(shared: npt.NDArray[np.integer[Any]], fewer: I64) -> npt.NDArray[np.bool_]:
    """Whether pairs sharing ``shared`` anchors, the one with fewer having ``fewer``, are candidates."""
    return (shared >= MIN_SHARED) & (shared >= SHARE * fewer)


def shared_enough(
    left: Ids,
    right: Ids,
    weight: npt.NDArray[np.integer[Any]],
    ids: I64,
    anchored: I64,
    index: AnchorIndex | Callable[[I64], AnchorIndex],
    crowded: npt.NDArray[np.int32] | None = None,
) -> tuple[I64, I64]:
    """The distinct pairs that share ``MIN_SHARED`` anchors and ``SHARE`` of the anchors of the text
    with fewer, sorted. ``weight`` counts the rare anchors each (``left``, ``right``) row stands
    for (rows of one pair add up); ``anchored`` is the number of anchors of each of ``ids``.

    A pair whose rare anchors are not enough has all its shared anchors, crowded ones included,
    counted on ``index`` (the anchors of every text, or a function that gives those of the texts
    asked for: the Dask client gathers them): a rare anchor proposed it, every anchor decides.
    Given ``crowded`` (each of ``ids``' anchors in crowded buckets, when ids are positions), only
    the pairs that could reach it with those are counted: 565 of 1.1 million pairs at 100,000
    paragraphs (1.3 of 1.5 million at a million, where most anchors are crowded). The result is
    the same without it: the Dask engine, whose ids are not positions, counts them all.

    >>> keys = np.array([0, 1, 0, 1, 2, 0, 1, *range(9), *range(9), 7, 8, 20, 21], np.uint32)
    >>> index = AnchorIndex.of(np.repeat([1, 2, 3, 4, 5, 6], [2, 3, 2, 9, 9, 4]), keys)
    >>> shared_enough(np.array([1, 3, 1, 5]), np.array([2, 4, 2, 6]), np.array([1, 1, 1, 2]),
    ...               np.array([1, 2, 3, 4, 5, 6]), np.array([2, 3, 2, 9, 9, 4]), index)
    (array([1, 3]), array([2, 4]))
    """
    if len(left) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    # Sorted: a text's place here is its dense number, which fits 32 bits.
    known = ids if len(ids) < 2 or bool((ids[1:] > ids[:-1]).all()) else np.unique(ids)
    dense = len(known) == 0 or (known[0] == 0 and known[-1] == len(known) - 1)  # ids are places
    packed = (left if dense else np.searchsorted(known, left)).astype(np.uint64)
    packed <<= np.uint64(32)
    packed |= (right if dense else np.searchsorted(known, right)).astype(np.uint64)
    # Each array is dropped once used: at a million paragraphs the pairs are 1.5 million, and
    # this runs beside the anchor rows.
    order = np.argsort(packed)
    packed = packed[order]
    weight = weight[order]
    del order
    starts = np.flatnonzero(np.concatenate(([True], packed[1:] != packed[:-1])))
    counts = np.add.reduceat(weight, starts)
    del weight
    packed = packed[starts]
    del starts
    first = (packed >> np.uint64(32)).astype(np.uint32)  # places, which fit 32 bits
    second = (packed & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    del packed
    by_id = np.zeros(len(known), dtype=np.int64)
    by_id[np.searchsorted(known, ids)] = anchored
    fewer = np.minimum(by_id[first], by_id[second])
    del by_id
    kept = _enough(counts, fewer)
    recount = np.flatnonzero(~kept)
    if crowded is not None and dense:
        could = counts[recount] + np.minimum(crowded[first[recount]], crowded[second[recount]])
        recount = recount[_enough(could, fewer[recount])]
    if len(recount) and not isinstance(index, AnchorIndex):
        index = index(np.unique(known[np.concatenate((first[recount], second[recount]))]))
    for block in range(0, len(recount), PAIRS_PER_ROUND):  # in blocks: memory does not grow with them
        chosen = recount[block : block + PAIRS_PER_ROUND]
        assert isinstance(index, AnchorIndex)
        kept[chosen] = _enough(index.shared(known[first[chosen]], known[second[chosen]]), fewer[chosen])
    return known[first[kept]], known[second[kept]]
