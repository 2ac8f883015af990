"""What each engine maps over partitions: pure functions from texts to small integer rows.

A partition is any iterable of ``Item`` (id, text). ``sign_partition``
turns it into rows of (id, exact key, band keys): integers only, so they are
cheap to shuffle. ``candidate_pairs`` turns the rows that share keys into
pairs, ``matching_texts_for`` fetches the texts of the ids in those pairs, and
``verify_pairs`` + ``resolve_clusters`` finish. Engines differ only in how rows
travel between these calls.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from .clusters import resolve_clusters
from .lsh import Banding, band_keys, bucket_pairs, unique_pairs
from .minhash import DEFAULT_NUM_PERM, DEFAULT_SEED, Permutations, signatures
from .tokens import matching_texts, tokenize
from .verify import DEFAULT_SIMILARITY, scores, verify_pairs

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

DEFAULT_LSH_THRESHOLD = 0.7
"""Word-set Jaccard around which LSH starts proposing pairs (14 bands of 9 rows at 128 permutations).

Measured on the dedup benchmark's news paragraphs (2-5 recombined Reuters sentences, planted
copies with 1-3 edits): planted pairs have Jaccard >= 0.84 in 99% of cases, unrelated pairs
average 0.09 (stop words) and reach 0.33. At 0.7, 99.8% of planted pairs are proposed (90% of
those under 30 words), and about 2e4 of the 5e11 unrelated pairs of a million paragraphs; at 0.5
it would be 1e8 of them, which is what made a first 1M-paragraph run slow."""
_BATCH_TEXTS = 2048


class Item(NamedTuple):
    id: int
    text: str


class Partition(Protocol):
    """Something that can list its items again, in any process (never a generator)."""

    def items(self, only: Collection[int] | None = None) -> Iterator[Item]: ...


class ScoredCluster(NamedTuple):
    representative: int
    members: tuple[int, ...]
    """The representative first, then ascending ids."""
    scores: tuple[float, ...]
    """Each duplicate's (``members[1:]``) similarity to the representative, 0-100."""


@dataclass(frozen=True)
class MatchSettings:
    """Everything that decides which texts are near-copies; sent to every worker."""

    lsh_threshold: float = DEFAULT_LSH_THRESHOLD
    similarity: float = DEFAULT_SIMILARITY
    num_perm: int = DEFAULT_NUM_PERM
    seed: int = DEFAULT_SEED
    same_digits: bool = False
    """Pairs must also hold the same numbers (paragraphs: facts differ by their figures)."""
    min_words: int = 1
    """Texts with fewer words are never matched (an empty field is not a copy of another)."""

    @cached_property
    def banding(self) -> Banding:
        return Banding.for_threshold(self.lsh_threshold, self.num_perm)

    @cached_property
    def permutations(self) -> Permutations:
        return Permutations.create(self.num_perm, self.seed)


class SignedRows(NamedTuple):
    """One row per text that has enough words."""

    ids: I64
    exact: U64
    keys: U64
    """Shape (rows, bands)."""

    @classmethod
    def empty(cls, bands: int) -> SignedRows:
        return cls(np.empty(0, np.int64), np.empty(0, np.uint64), np.empty((0, bands), np.uint64))

    @classmethod
    def concatenate(cls, parts: Iterable[SignedRows], bands: int) -> SignedRows:
        parts = list(parts)
        if not parts:
            return cls.empty(bands)
        return cls(
            np.concatenate([p.ids for p in parts]),
            np.concatenate([p.exact for p in parts]),
            np.concatenate([p.keys for p in parts]),
        )


def _batches(items: Iterable[Item], size: int) -> Iterable[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def sign_partition(items: Iterable[Item], settings: MatchSettings) -> SignedRows:
    """Exact keys and LSH band keys of every text in a partition."""
    parts = []
    for batch in _batches(items, _BATCH_TEXTS):
        tokens = tokenize([item.text for item in batch])
        keep = np.flatnonzero(tokens.word_counts() >= settings.min_words)
        if len(keep) == 0:
            continue
        ids = np.fromiter((item.id for item in batch), dtype=np.int64, count=len(batch))
        keys = band_keys(signatures(tokens, settings.permutations), settings.banding)
        parts.append(SignedRows(ids[keep], tokens.exact[keep], keys[keep]))
    return SignedRows.concatenate(parts, settings.banding.bands)


def candidate_pairs(rows: SignedRows) -> tuple[I64, I64]:
    """Every pair that shares its exact key or one band key, once, smaller id first."""
    lefts, rights = [], []
    for keys in (rows.exact, *rows.keys.T):
        left, right = bucket_pairs(np.ascontiguousarray(keys), rows.ids, rows.exact)
        lefts.append(left)
        rights.append(right)
    if not lefts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return unique_pairs(np.concatenate(lefts), np.concatenate(rights))


def matching_texts_for(items: Iterable[Item], wanted: Collection[int]) -> dict[int, str]:
    """The matching texts of the ids in ``wanted``: all verification needs to move."""
    chosen = [item for item in items if item.id in wanted]
    return dict(
        zip((item.id for item in chosen), matching_texts([item.text for item in chosen]), strict=True)
    )


def clusters_from_pairs(
    left: Sequence[int] | I64,
    right: Sequence[int] | I64,
    texts: dict[int, str],
    settings: MatchSettings,
    workers: int = -1,
) -> list[ScoredCluster]:
    """Verify candidate pairs, join them into clusters, score members against representatives."""
    edges = verify_pairs(left, right, texts, settings.similarity, workers, settings.same_digits)
    clusters = resolve_clusters((edge.left, edge.right) for edge in edges)
    firsts = [cluster.representative for cluster in clusters for _ in cluster.duplicates]
    members = [member for cluster in clusters for member in cluster.duplicates]
    all_scores = iter(scores(firsts, members, texts, workers=workers))
    return [
        ScoredCluster(c.representative, c.members, tuple(next(all_scores) for _ in c.duplicates))
        for c in clusters
    ]
