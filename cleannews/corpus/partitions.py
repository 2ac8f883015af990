"""What each engine maps over partitions: pure functions from texts to small integer rows.

A partition is any iterable of ``Item`` (id, text). ``sign_partition``
turns it into rows of (id, exact key, band keys) and, when containment is
looked for, (anchor key, id): integers only, so they are cheap to shuffle.
``candidate_pairs`` turns the rows that share keys into pairs, ``between_originals``
maps them onto the first of each set of identical texts (``Copies``, from the exact keys),
``matching_texts_for`` fetches the texts of the ids in those pairs, and
``clusters_from_pairs`` (verification, then representative clusters) finishes.
Engines differ only in how rows travel between these calls.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from ..workers import batched
from . import anchors
from .clusters import Copies, Verdicts, best_containers, representative_clusters
from .clusters import ScoredCluster as ScoredCluster  # re-exported: engines and tests import it here
from .lsh import Banding, band_keys, bucket_pairs, unique_pairs
from .memory import release_freed_memory
from .minhash import DEFAULT_NUM_PERM, DEFAULT_SEED, Permutations, signatures
from .tokens import I64, U64, forget_powers, tokenize
from .verify import (
    DEFAULT_SIMILARITY,
    Passed,
    Rules,
    Text,
    as_ints,
    measure,
    prepare,
    same_story,
    verify_pairs,
)

DEFAULT_LSH_THRESHOLD = 0.7
"""Word-set Jaccard around which LSH starts proposing pairs (14 bands of 9 rows at 128 permutations).

Measured on the dedup benchmark's news paragraphs (2-5 recombined Reuters sentences, planted
copies with 1-3 edits): planted pairs have Jaccard >= 0.84 in 99% of cases, unrelated pairs
average 0.09 (stop words) and reach 0.33. At 0.7, 99.8% of planted pairs are proposed (90% of
those under 30 words), and about 2e4 of the 5e11 unrelated pairs of a million paragraphs; at 0.5
it would be 1e8 of them, which is what made a first 1M-paragraph run slow."""
_BATCH_TEXTS = 2048
_SIGN_TEXTS = 512
"""Texts signed at a time: a batch's per-byte and per-word arrays (about 2.5 MB of 8-byte hashes
for 512 news paragraphs) then stay in cache; with 2,048, signing took a third longer."""
_ASKED_PER_ROUND = 1_000_000
"""Pairs asked by texts whose anchors are all crowded, counted this many at a time (about 70 bytes
each while counted; the million paragraphs of ``benchmarks/dedup.py`` ask 1.7 million)."""


class Item(NamedTuple):
    id: int
    text: str


class Partition(Protocol):
    """Something that can list its items again, in any process (never a generator)."""

    def items(self, only: Collection[int] | None = None) -> Iterator[Item]: ...


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
    containment: float | None = None
    """A text whose words are this share (0-100) of a longer one's, in order, is its duplicate;
    None: resemblance only (paragraphs). Also turns on the anchors that propose such pairs."""
    changed_figures: bool = False
    """A pair whose alignment replaces a number by another number is a different story."""

    @property
    def rules(self) -> Rules:
        return Rules(self.similarity, self.containment, self.same_digits, self.changed_figures)

    @cached_property
    def banding(self) -> Banding:
        return Banding.for_threshold(self.lsh_threshold, self.num_perm)

    @cached_property
    def permutations(self) -> Permutations:
        return Permutations.create(self.num_perm, self.seed)


class SignedRows(NamedTuple):
    """One row per text that has enough words, and one per (anchor, text)."""

    ids: I64
    exact: U64
    keys: U64
    """Shape (rows, bands)."""
    anchor_keys: npt.NDArray[np.uint32]
    """Sorted by text, then key, so that they are an ``anchors.AnchorIndex`` as they are."""
    anchor_counts: npt.NDArray[np.uint32]
    """How many of ``anchor_keys`` each text (of ``ids``) has: which text a row is of follows from
    the rows' order (``anchors.RowTexts``), so it is not kept per row (a million paragraphs have
    tens of millions of anchors: 90 MB as 4-byte positions)."""

    @property
    def anchored(self) -> I64:
        """The number of anchors of each text (of ``ids``)."""
        return self.anchor_counts.astype(np.int64)

    @property
    def anchor_ids(self) -> I64:
        """The text of each anchor row, as its id."""
        return np.repeat(self.ids, self.anchor_counts)

    @classmethod
    def empty(cls, bands: int) -> SignedRows:
        return cls(
            np.empty(0, np.int64),
            np.empty(0, np.uint64),
            np.empty((0, bands), np.uint64),
            np.empty(0, np.uint32),
            np.empty(0, np.uint32),
        )

    @classmethod
    def concatenate(cls, parts: Iterable[SignedRows], bands: int) -> SignedRows:
        """The parts in order, a column at a time, each part's column released once copied: only
        the column being copied is held twice (at most the band keys, half of the rows).

        A list given is consumed (emptied), so that its parts can be freed.
        """
        held = parts if isinstance(parts, list) else list(parts)
        columns = [[part[at] for part in held] for at in range(len(cls._fields))]
        held.clear()
        result = []
        empties: list[npt.NDArray[Any]] = list(cls.empty(bands))  # each column's dtype and shape
        for empty, column in zip(empties, columns, strict=True):
            result.append(np.concatenate([empty, *column], dtype=empty.dtype))
            column.clear()
            release_freed_memory()  # the parts' columns, below the mmap threshold, stay in the heap
        return cls(*result)

    def without_band_keys(self) -> SignedRows:
        """These rows once their band pairs are found: the band keys are half of them."""
        return self._replace(keys=np.empty((0, self.keys.shape[1]), np.uint64))


def sign(partition: Partition, settings: MatchSettings) -> SignedRows:
    """A partition's rows, made where the partition is read (a worker process, a Dask
    worker); module-level so that both engines send it by name."""
    rows = sign_partition(partition.items(), settings)
    forget_powers()  # not kept beside the rows, through the phases that follow
    return rows


def sign_partition(items: Iterable[Item], settings: MatchSettings) -> SignedRows:
    """Exact keys and LSH band keys of every text in a partition."""
    parts = []
    for batch in batched(items, _SIGN_TEXTS):
        tokens = tokenize([item.text for item in batch])
        keep = np.flatnonzero(tokens.word_counts() >= settings.min_words)
        if len(keep) == 0:
            continue
        ids = np.fromiter((item.id for item in batch), dtype=np.int64, count=len(batch))
        keys = band_keys(signatures(tokens, settings.permutations), settings.banding)
        anchor_keys, owners = np.empty(0, np.uint32), np.empty(0, np.int64)
        if settings.containment is not None:
            anchor_keys, owners = anchors.anchors(tokens, keep.astype(np.int64))
        counts = np.bincount(owners, minlength=len(keep)).astype(np.uint32)
        parts.append(SignedRows(ids[keep], tokens.exact[keep], keys[keep], anchor_keys, counts))
    return SignedRows.concatenate(parts, settings.banding.bands)


def candidate_pairs(rows: SignedRows) -> tuple[I64, I64]:
    """Every pair that shares its exact key, one band key, or enough anchors, once, smaller id first."""
    return joined_pairs(band_pairs(rows), anchor_pairs(rows))


def joined_pairs(*found: tuple[I64, I64]) -> tuple[I64, I64]:
    """The pairs found in several ways (``band_pairs``, ``anchor_pairs``), once each, sorted."""
    return unique_pairs(
        np.concatenate([pairs[0] for pairs in found]), np.concatenate([pairs[1] for pairs in found])
    )


def band_pairs(rows: SignedRows) -> tuple[I64, I64]:
    """The pairs that share their exact key or one band key, smaller id first (some several times)."""
    lefts, rights = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    for keys in (rows.exact, *rows.keys.T):
        left, right = bucket_pairs(np.ascontiguousarray(keys), rows.ids, rows.exact)
        lefts.append(left)
        rights.append(right)
    return np.concatenate(lefts), np.concatenate(rights)


def anchor_pairs(rows: SignedRows) -> tuple[I64, I64]:
    """The pairs that share enough anchors, smaller id first (``anchors``; band keys not read)."""
    # Anchors are paired by their texts' positions (ascending with ids), mapped to ids at the end.
    anchored = rows.anchored
    texts = anchors.RowTexts.of(anchored)
    crowded = np.zeros(len(rows.ids), dtype=np.int32)  # what spares counting most pairs exactly
    rarest = np.full(len(rows.ids), anchors.NONE, dtype=np.uint64)  # each text's, from the same sort
    found = anchors.weighted_bucket_pairs(rows.anchor_keys, texts, crowded, rarest)
    positions = np.arange(len(rows.ids), dtype=np.int64)
    index = anchors.AnchorIndex.sorted_rows(rows.anchor_keys, anchored)
    left, right = anchors.shared_enough(*found, positions, anchored, index, crowded)
    del found
    has = np.flatnonzero(rarest != anchors.NONE)
    asking = anchors.askers(has.astype(np.uint32), rarest[has])
    del rarest, has
    asked = anchors.asked_pairs(rows.anchor_keys, texts, *asking)
    asked = anchors.holding(*asked, positions, anchored)
    del asking
    lefts, rights = [left], [right]
    for first in range(0, len(asked[0]), _ASKED_PER_ROUND):  # in rounds, as their pairs are counted
        block = (
            asked[0][first : first + _ASKED_PER_ROUND],
            asked[1][first : first + _ASKED_PER_ROUND],
        )
        found_left, found_right = anchors.shared_enough(
            *block, np.zeros(len(block[0]), np.int32), positions, anchored, index, crowded
        )
        lefts.append(found_left)
        rights.append(found_right)
    del asked, index, crowded
    left, right = rows.ids[np.concatenate(lefts)], rows.ids[np.concatenate(rights)]
    return np.minimum(left, right), np.maximum(left, right)  # ids need not ascend with rows


def between_originals(left: I64, right: I64, copies: Copies) -> tuple[I64, I64]:
    """Candidate pairs with each text replaced by its original, once each, smaller id first.

    Pairs of identical texts vanish: their copies join their original's cluster without a check.
    """
    left, right = copies.originals(left), copies.originals(right)
    kept = left != right
    left, right = left[kept], right[kept]
    return unique_pairs(np.minimum(left, right), np.maximum(left, right))


def wanted_texts(left: I64, right: I64, copies: Copies) -> I64:
    """The ids whose texts verification reads: the pairs', and each original with copies."""
    return np.unique(np.concatenate((left, right, copies.by_original)))


def matching_texts_for(items: Iterable[Item], wanted: Collection[int], words: bool = True) -> dict[int, Text]:
    """The texts of the ids in ``wanted`` as verification reads them: all it needs to move.

    Prepared a batch at a time: the texts as read (a partition of whole documents) are not all
    held beside what verification reads.
    """
    found: dict[int, Text] = {}
    for batch in batched((item for item in items if item.id in wanted), _BATCH_TEXTS):
        ids = (item.id for item in batch)
        found.update(zip(ids, prepare([item.text for item in batch], words), strict=True))
    return found


def clusters_from_pairs(
    left: Sequence[int] | I64,
    right: Sequence[int] | I64,
    texts: dict[int, Text],
    settings: MatchSettings,
    workers: int = -1,
    copies: Copies | None = None,
) -> list[ScoredCluster]:
    """Verify candidate pairs, then cluster them (``clusters_from_passed``)."""
    passed = verify_pairs(left, right, texts, settings.rules, workers)
    return clusters_from_passed(passed, texts, settings, workers, copies)


def clusters_from_passed(
    passed: Passed,
    texts: dict[int, Text],
    settings: MatchSettings,
    workers: int = -1,
    copies: Copies | None = None,
) -> list[ScoredCluster]:
    """Clusters around representatives of the pairs that passed; ``copies`` join their
    originals' clusters (the pairs are between originals). With containment, each text is
    clustered through its pairs with the texts that hold it best only (``best_containers``)."""
    rules = settings.rules
    left, right = passed.left, passed.right
    if rules.containment is not None and len(left):
        words = (_word_counts(left, texts), _word_counts(right, texts))
        kept = best_containers(left, right, words, passed.common, passed.resemblance)
        left, right = left[kept], right[kept]

    def check(centres: list[int], members: list[int]) -> Verdicts:
        resemblance, containment = measure(centres, members, texts, workers, rules.words)
        similar = resemblance >= rules.similarity
        contained = containment >= rules.containment if rules.containment is not None else similar & False
        passes = similar | contained
        for index in np.flatnonzero(passes).tolist():
            centre, member = texts[centres[index]], texts[members[index]]
            passes[index] = same_story(centre, member, rules, bool(similar[index]))
        return Verdicts(resemblance, containment, passes, ~similar)

    def length(item: int) -> int:
        return len(texts[item].words)

    return representative_clusters(zip(as_ints(left), as_ints(right), strict=True), length, check, copies)


def _word_counts(ids: I64, texts: dict[int, Text]) -> I64:
    return np.fromiter((len(texts[item].words) for item in ids.tolist()), np.int64, len(ids))
