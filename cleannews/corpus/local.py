"""The local engine: every step in this process, one partition (source) at a time.

Memory holds the integer rows of every text (ids, exact and band keys: about
200 bytes per text at the default banding) and the matching texts of the
candidates only; texts are read a second time, by id, for verification.
"""

from __future__ import annotations

from collections.abc import Sequence

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


class LocalEngine:
    name = "local"

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def find_clusters(self, partitions: Sequence[Partition], settings: MatchSettings) -> list[ScoredCluster]:
        rows = SignedRows.concatenate(
            (sign_partition(partition.items(), settings) for partition in partitions), settings.banding.bands
        )
        left, right = candidate_pairs(rows)
        wanted = set(left.tolist()) | set(right.tolist())
        texts: dict[int, str] = {}
        for partition in partitions:
            if wanted:
                texts.update(matching_texts_for(partition.items(wanted), wanted))
        return clusters_from_pairs(left.tolist(), right.tolist(), texts, settings)
