"""Verified pairs -> clusters around a representative that every member is verified against.

Connected components of the verified pairs (``resolve_clusters``) chain: with looser candidates,
templates and merged stories join unrelated documents through a chain of pairs (A~B, B~C). So a
component is only where clusters are looked for (``representative_clusters``): its
representative is chosen (the first in input order among its members with at least
``LONG_ENOUGH`` of the longest member's words: near-copies of about the same length keep the
first, and an excerpt or trimmed copy never displaces the longer text it is contained in), every
other member is verified against it, and those that fail make up the next round's groups. A
member is therefore never in a cluster whose representative it failed against; members are
not claimed to be copies of each other (two excerpts of one story may share no sentence).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

LONG_ENOUGH = 0.9
MAX_ROUNDS = 8
"""Groups left after this many rounds (a component of mostly unrelated texts) stay apart."""


class ScoredCluster(NamedTuple):
    representative: int
    members: tuple[int, ...]
    """The representative first, then ascending ids."""
    scores: tuple[float, ...]
    """Each duplicate's (``members[1:]``) resemblance to the representative, 0-100."""
    containment: tuple[float, ...] = ()
    """Each duplicate's containment with the representative, 0-100 (empty: not measured)."""
    contained: tuple[bool, ...] = ()
    """Whether each duplicate passed by containment only (an excerpt, a trimmed or merged copy)."""


class Verdicts(NamedTuple):
    """Members checked against representatives, one row per pair."""

    resemblance: npt.NDArray[np.float64]
    containment: npt.NDArray[np.float64]
    passed: npt.NDArray[np.bool_]
    contained: npt.NDArray[np.bool_]
    """Passed by containment only (an excerpt, a trimmed or merged copy)."""


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


def representative(group: Sequence[int], length: Callable[[int], int]) -> int:
    """The first id among those with at least ``LONG_ENOUGH`` of the longest one's length.

    >>> representative([3, 5, 8], {3: 50, 5: 100, 8: 95}.__getitem__)
    5
    >>> representative([3, 5, 8], {3: 92, 5: 100, 8: 95}.__getitem__)
    3
    """
    longest = max(length(item) for item in group)
    return min(item for item in group if length(item) >= LONG_ENOUGH * longest)


def representative_clusters(
    pairs: Iterable[tuple[int, int]],
    length: Callable[[int], int],
    check: Callable[[list[int], list[int]], Verdicts],
) -> list[ScoredCluster]:
    """Clusters, ordered by representative, in which every member passed ``check`` against it.

    ``check(representatives, members)`` verifies pairs in bulk; ``length`` weighs the choice of
    each representative.

    >>> import numpy as np
    >>> passes = {(1, 2), (2, 3)}  # a chain: 1 and 3 fail against each other
    >>> def check(reps, members):
    ...     passed = np.array([(r, m) in passes for r, m in zip(reps, members)])
    ...     return Verdicts(np.full(len(reps), 90.0), np.full(len(reps), 90.0), passed, ~passed)
    >>> [c.members for c in representative_clusters([(1, 2), (2, 3)], lambda item: 10, check)]
    [(1, 2)]
    """
    groups = [list(cluster.members) for cluster in resolve_clusters(pairs)]
    found: list[ScoredCluster] = []
    for _ in range(MAX_ROUNDS):
        if not groups:
            break
        centres = [representative(group, length) for group in groups]
        centre_of, members_of = [], []
        for group, centre in zip(groups, centres, strict=True):
            for member in sorted(group):
                if member != centre:
                    centre_of.append(centre)
                    members_of.append(member)
        verdicts = check(centre_of, members_of)
        del centre_of
        passes = verdicts.passed.tolist()
        next_groups = []
        at = 0
        for group, centre in zip(groups, centres, strict=True):
            stop = at + len(group) - 1
            passed = [at + i for i, ok in enumerate(passes[at:stop]) if ok]
            failed = [members_of[at + i] for i, ok in enumerate(passes[at:stop]) if not ok]
            if passed:
                found.append(
                    ScoredCluster(
                        centre,
                        (centre, *(members_of[i] for i in passed)),
                        tuple(verdicts.resemblance[passed].tolist()),
                        tuple(verdicts.containment[passed].tolist()),
                        tuple(verdicts.contained[passed].tolist()),
                    )
                )
            if len(failed) > 1:
                next_groups.append(failed)
            at = stop
        groups = next_groups
    return sorted(found)
