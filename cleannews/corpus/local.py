"""The local engine: every step on this machine, partitions signed on ``jobs`` processes.

Memory holds the integer rows of every text (ids, exact and band keys: about
130 bytes per text at the default banding) and the matching texts of the
candidates only; texts are read a second time, by id, for verification.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import repeat

from .partitions import (
    MatchSettings,
    Partition,
    ScoredCluster,
    SignedRows,
    candidate_pairs,
    clusters_from_pairs,
    matching_texts_for,
    sign_partition,
)


def sign(partition: Partition, settings: MatchSettings) -> SignedRows:
    return sign_partition(partition.items(), settings)


class LocalEngine:
    name = "local"

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def _signed(self, partitions: Sequence[Partition], settings: MatchSettings) -> Iterator[SignedRows]:
        if self.jobs < 2 or len(partitions) < 2:
            yield from (sign(partition, settings) for partition in partitions)
            return
        from concurrent.futures import ProcessPoolExecutor

        from ..jobs import quiet_worker

        with ProcessPoolExecutor(min(self.jobs, len(partitions)), initializer=quiet_worker) as pool:
            yield from pool.map(sign, partitions, repeat(settings))

    def find_clusters(self, partitions: Sequence[Partition], settings: MatchSettings) -> list[ScoredCluster]:
        rows = SignedRows.concatenate(self._signed(partitions, settings), settings.banding.bands)
        left, right = candidate_pairs(rows)
        wanted = set(left.tolist()) | set(right.tolist())
        texts: dict[int, str] = {}
        for partition in partitions:
            if wanted:
                texts.update(matching_texts_for(partition.items(wanted), wanted))
        return clusters_from_pairs(left.tolist(), right.tolist(), texts, settings)
