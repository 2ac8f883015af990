"""MinHash signatures on numpy, a whole batch of texts per call.

Each of ``num_perm`` hash functions is ``a * x`` modulo 2**32 with ``a`` odd (a
permutation of the 32-bit words), applied to word hashes that ``tokens`` has
already mixed: on such inputs its Jaccard estimates match 128-permutation
theory (tests compare with the true Jaccard and with ``datasketch``). The
usual ``+ b`` is left out: on mixed inputs it changed neither the bias nor the
spread of the estimates (measured: 400 pairs of sets of 10-100 words at Jaccard
0.5-0.85), and it was a third of the work on the (permutations x words) matrix.
32-bit arithmetic keeps that matrix half the size of the usual 64-bit
Mersenne-prime form, which is where the time goes. Words are processed in
slices so that matrix stays in cache.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .tokens import TokenBatch

DEFAULT_NUM_PERM = 128
DEFAULT_SEED = 1
_EMPTY = np.iinfo(np.uint32).max
_WORDS_PER_SLICE = 4096  # 4096 x 128 x 4 bytes = 2 MB


@dataclass(frozen=True)
class Permutations:
    """The multiplier ``a`` of each hash function; equal seeds, equal signatures."""

    a: npt.NDArray[np.uint32]

    @classmethod
    def create(cls, num_perm: int = DEFAULT_NUM_PERM, seed: int = DEFAULT_SEED) -> Permutations:
        rng = np.random.default_rng(seed)
        return cls(rng.integers(0, 2**32, num_perm, dtype=np.uint64).astype(np.uint32) | np.uint32(1))

    @property
    def num_perm(self) -> int:
        return len(self.a)


def signatures(batch: TokenBatch, permutations: Permutations) -> npt.NDArray[np.uint32]:
    """One row of ``num_perm`` minima per text; a text without words gets all 2**32-1.

    Computed permutation-major, (permutations x words): the per-text minimum
    is then a ``reduceat`` along contiguous rows, 8x faster than across them.
    """
    offsets = batch.offsets
    count = len(offsets) - 1
    result = np.full((permutations.num_perm, count), _EMPTY, dtype=np.uint32)
    has_words = np.flatnonzero(offsets[1:] > offsets[:-1])
    ends = offsets[has_words + 1]
    a = permutations.a[:, None]
    # One matrix for every slice: a new one each time (2 MB) is mapped and faulted in again.
    buffer = np.empty((permutations.num_perm, _WORDS_PER_SLICE), dtype=np.uint32)
    first = 0
    while first < len(has_words):
        # Texts whose words fit in one slice (at least one text per slice).
        start = offsets[has_words[first]]
        last = max(int(np.searchsorted(ends, start + _WORDS_PER_SLICE, side="right")), first + 1)
        texts = has_words[first:last]
        words = batch.hashes[start : offsets[texts[-1] + 1]]
        matrix = buffer[:, : len(words)] if len(words) <= _WORDS_PER_SLICE else None
        matrix = np.multiply(a, words[None, :], out=matrix)
        result[:, texts] = np.minimum.reduceat(matrix, offsets[texts] - start, axis=1)
        first = last
    return result.T
