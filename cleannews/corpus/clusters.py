"""Verified pairs -> clusters, with the first text in input order as representative.

A cluster is a connected component of the verified pairs, so a chain of
near-copies (A~B, B~C) is one cluster even when A and C alone would not pass;
each member's ``similarity`` is therefore measured against the representative
afterwards, not taken from the edge that joined it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Cluster(NamedTuple):
    representative: int
    members: tuple[int, ...]
    """All ids, the representative first, then ascending."""

    @property
    def duplicates(self) -> tuple[int, ...]:
        return self.members[1:]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent.get(root, root) != root:
            root = parent[root]
        while item != root:  # path compression
            parent[item], item = root, parent[item]
        return root

    def union(self, left: int, right: int) -> None:
        left_root, right_root = self.find(left), self.find(right)
        if left_root != right_root:
            # The smaller id becomes the root: the root is always the first in input order.
            low, high = sorted((left_root, right_root))
            self.parent[high] = low
            self.parent.setdefault(low, low)


def resolve_clusters(pairs: Iterable[tuple[int, int]]) -> list[Cluster]:
    """Connected components of ``pairs`` with two or more ids, ordered by representative.

    >>> resolve_clusters([(5, 9), (2, 9), (7, 8)])
    [Cluster(representative=2, members=(2, 5, 9)), Cluster(representative=7, members=(7, 8))]
    """
    union_find = _UnionFind()
    for left, right in pairs:
        union_find.union(left, right)
    groups: dict[int, list[int]] = {}
    for item in union_find.parent:
        groups.setdefault(union_find.find(item), []).append(item)
    return [Cluster(root, tuple(sorted(members))) for root, members in sorted(groups.items())]
