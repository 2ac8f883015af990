"""The local engine: every step on this machine, partitions read on ``jobs`` processes.

Memory holds the integer rows of every text (ids, exact and band keys: about
130 bytes per text at the default banding) and the matching texts of the
candidates only, one per set of identical texts; texts are read a second time,
by id, for verification.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from itertools import repeat
from typing import Any

from .clusters import Copies
from .memory import release_freed_memory
from .partitions import (
    MatchSettings,
    Partition,
    ScoredCluster,
    SignedRows,
    anchor_pairs,
    band_pairs,
    between_originals,
    clusters_from_pairs,
    joined_pairs,
    matching_texts_for,
    sign,
    wanted_texts,
)
from .tokens import forget_powers
from .verify import Text


def texts_of(partition: Partition, wanted: Collection[int], words: bool = True) -> dict[int, Text]:
    return matching_texts_for(partition.items(wanted), wanted, words)


class LocalEngine:
    name = "local"

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def find_clusters(self, partitions: Sequence[Partition], settings: MatchSettings) -> list[ScoredCluster]:
        if self.jobs < 2 or len(partitions) < 2:
            return self._find(map, partitions, settings)
        from ..workers import WorkerPool

        workers = min(self.jobs, len(partitions))
        with WorkerPool(workers) as pool:
            return self._find(pool.map, partitions, settings)

    @staticmethod
    def _find(
        each: Callable[..., Iterator[Any]], partitions: Sequence[Partition], settings: MatchSettings
    ) -> list[ScoredCluster]:
        """Both passes over the partitions, each partition's work done by ``each`` (a map)."""
        rows = SignedRows.concatenate(each(sign, partitions, repeat(settings)), settings.banding.bands)
        copies = Copies.of(rows.ids, rows.exact)
        found = band_pairs(rows)
        rows = rows.without_band_keys()  # before the anchors' work, which needs more memory
        release_freed_memory()  # each phase's peak is above the rows, not above the last one's leftovers
        found = joined_pairs(found, anchor_pairs(rows))
        del rows
        left, right = between_originals(*found, copies)
        del found
        release_freed_memory()
        # Pairs stay arrays: as Python ints, millions of them take ~80 bytes each.
        wanted = frozenset(wanted_texts(left, right, copies).tolist())
        texts: dict[int, Text] = {}
        if wanted:
            for found in each(texts_of, partitions, repeat(wanted), repeat(settings.rules.words)):
                texts.update(found)
                del found
                release_freed_memory()  # what reading a partition left, below the texts kept
        del wanted
        forget_powers()
        release_freed_memory()  # what reading them left, below the texts
        return clusters_from_pairs(left, right, texts, settings, copies=copies)
