"""LSH banding: signatures -> band keys -> candidate pairs.

Two texts become a candidate pair when all ``rows`` values of at least one
band agree. The band layout for a Jaccard threshold is chosen the way
``datasketch`` chooses it (the layout that minimises the areas of false
positives below the threshold and false negatives above it), so the two can be
compared at the same threshold.

Pairs from one bucket are bounded: members are sorted by id and each is paired
with the next ``MAX_NEIGHBOURS`` only, and identical texts are chained by their
exact key and appear once in a band's bucket (see ``bucket_pairs``). A bucket of
thousands of copies of one boilerplate paragraph then costs O(n) pairs, and
since the chain of neighbours links the whole bucket, its clusters come out the
same.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .tokens import I64, U64, mix64

MAX_NEIGHBOURS = 32
_INTEGRATION_STEPS = 200


def _false_positive_area(threshold: float, bands: int, rows: int) -> float:
    s = np.linspace(0.0, threshold, _INTEGRATION_STEPS)
    return float(np.trapezoid(1 - (1 - s**rows) ** bands, s))


def _false_negative_area(threshold: float, bands: int, rows: int) -> float:
    s = np.linspace(threshold, 1.0, _INTEGRATION_STEPS)
    return float(np.trapezoid((1 - s**rows) ** bands, s))


@dataclass(frozen=True)
class Banding:
    bands: int
    rows: int

    @classmethod
    def for_threshold(cls, threshold: float, num_perm: int) -> Banding:
        """The (bands, rows) with ``bands * rows <= num_perm`` that best separates at ``threshold``.

        >>> Banding.for_threshold(0.5, 128)
        Banding(bands=25, rows=5)
        """
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"an LSH threshold must be between 0 and 1, not {threshold}")
        best: tuple[float, int, int] | None = None
        for bands in range(1, num_perm + 1):
            for rows in range(1, num_perm // bands + 1):
                error = _false_positive_area(threshold, bands, rows) + _false_negative_area(
                    threshold, bands, rows
                )
                if best is None or error < best[0]:
                    best = (error, bands, rows)
        assert best is not None
        return cls(best[1], best[2])


def band_keys(signatures: npt.NDArray[np.uint32], banding: Banding) -> U64:
    """One 64-bit key per (text, band): the band's values hashed together."""
    count = len(signatures)
    rows = signatures[:, : banding.bands * banding.rows].reshape(count, banding.bands, banding.rows)
    # Every band at once, a row of each band per step: one pass per row, not per (band, row).
    keys = np.repeat(np.arange(1, banding.bands + 1, dtype=np.uint64)[None, :], count, axis=0)
    with np.errstate(over="ignore"):
        for row in range(banding.rows):
            keys ^= rows[:, :, row]
            keys = mix64(keys)
    return keys


def bucket_pairs(keys: U64, ids: I64, exact: U64) -> tuple[I64, I64]:
    """Pairs ``(smaller id, larger id)`` of texts that share a key, each with its next neighbours.

    ``exact`` is each row's exact key. Rows whose key *is* their exact key come
    from the exact round: identical texts, linked in a chain (each to the next
    by id), which connects them all at the cost of one pair each. In a band's
    bucket, a text identical to an earlier member (same exact key) is left out,
    since the chain already ties it to that member: a paragraph stamped into
    100,000 documents is then one member of each band's bucket, not 100,000.

    The result depends only on the (key, id, exact) rows, not on their order,
    which is what makes candidates the same however the rows were partitioned.

    >>> keys = np.array([7, 9, 7, 7], np.uint64)
    >>> left, right = bucket_pairs(keys, np.array([30, 10, 20, 40]), np.array([1, 2, 3, 1], np.uint64))
    >>> sorted(zip(left.tolist(), right.tolist()))  # 40 is 30's twin: left out of the band
    [(20, 30)]
    """
    chained = keys == exact
    lefts, rights = [], []
    if chained.any():
        left, right = _neighbour_pairs(keys[chained], ids[chained], 1)
        lefts.append(left)
        rights.append(right)
    banded = ~chained
    if banded.any():
        # Each array dropped once used: a band of a million texts runs beside all their keys.
        keys, ids, exact = keys[banded], ids[banded], exact[banded]
        del banded, chained
        shared = _shared_keys(keys)  # a key no other row has pairs nothing: most rows, left out
        keys, ids, exact = keys[shared], ids[shared], exact[shared]
        del shared
        ascending = len(ids) < 2 or bool((ids[1:] > ids[:-1]).all())
        # lexsort is stable: rows already in id order need not be sorted by id again.
        order = np.lexsort((exact, keys)) if ascending else np.lexsort((ids, exact, keys))
        sorted_keys, sorted_exact = keys[order], exact[order]
        del exact
        first = np.ones(len(order), dtype=bool)
        first[1:] = (sorted_keys[1:] != sorted_keys[:-1]) | (sorted_exact[1:] != sorted_exact[:-1])
        del sorted_keys, sorted_exact
        kept = np.sort(order[first])  # back in row order, so id order stays cheap to detect
        del order, first
        keys, ids = keys[kept], ids[kept]
        del kept
        left, right = _neighbour_pairs(keys, ids, MAX_NEIGHBOURS)
        lefts.append(left)
        rights.append(right)
    if not lefts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty.copy()
    return np.concatenate(lefts).astype(np.int64), np.concatenate(rights).astype(np.int64)


def _shared_keys(keys: U64) -> npt.NDArray[np.bool_]:
    """Whether each row's key is another row's too (an unstable sort: half the time of the
    stable sorts that follow, which then run on these rows only)."""
    order = np.argsort(keys)
    sorted_keys = keys[order]
    same = sorted_keys[1:] == sorted_keys[:-1]
    del sorted_keys
    shared = np.zeros(len(keys), dtype=bool)
    shared[order[1:][same]] = True
    shared[order[:-1][same]] = True
    return shared


def _neighbour_pairs(keys: U64, ids: I64, neighbours: int) -> tuple[I64, I64]:
    """Each row paired with the next ``neighbours`` rows of its key, in id order."""
    if len(ids) < 2 or bool((ids[1:] > ids[:-1]).all()):
        order = np.argsort(keys, kind="stable")  # already by id within equal keys; twice as fast
    else:
        order = np.lexsort((ids, keys))
    sorted_keys, sorted_ids = keys[order], ids[order]
    del order
    lefts, rights = [], []
    for distance in range(1, neighbours + 1):
        same = sorted_keys[:-distance] == sorted_keys[distance:]
        if not same.any():
            break
        lefts.append(sorted_ids[:-distance][same])
        rights.append(sorted_ids[distance:][same])
    if not lefts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty.copy()
    return np.concatenate(lefts).astype(np.int64), np.concatenate(rights).astype(np.int64)


def unique_pairs(left: I64, right: I64) -> tuple[I64, I64]:
    """Pairs found in several bands, once each, sorted."""
    if len(left) == 0:
        return left, right
    stacked = np.unique(np.stack((left, right), axis=1), axis=0)
    return stacked[:, 0].copy(), stacked[:, 1].copy()
