"""Verified pairs -> clusters around a representative that every member is verified against.

Connected components of the verified pairs (``resolve_clusters``) chain: with looser candidates,
templates and merged stories join unrelated documents through a chain of pairs (A~B, B~C). So a
component is only where clusters are looked for (``representative_clusters``): its
representative is chosen (the first in input order among its members with at least
``LONG_ENOUGH`` of the longest member's words: near-copies of about the same length keep the
first, and an excerpt or trimmed copy never displaces the longer text it is contained in), every
other member is verified against it, and those that fail make up the next round's groups: the
components of the verified pairs between them, so that members joined only through the texts
that passed are not checked against each other (a short story contained in the ten recombined
stories that begin with it joins one of them, and the other nine are clusters of their own, not
one group peeled a story per round). A member is therefore never in a cluster whose
representative it failed against; members are not claimed to be copies of each other (two
excerpts of one story may share no sentence).

Before that, with containment, each text keeps only its pairs with the texts that hold it best
(``best_containers``): a text contained in many (an excerpt is in its story and in every story
that begins alike) goes with the one that holds it best, not with the longest.

Identical texts (``Copies``: the same exact key) are one text here: only the first of them is
verified, and the others share its verdict. A footer stamped into 100,000 records then costs one
text and one check, not 100,000: memory grows with the distinct texts, not with their copies.
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


class Copies(NamedTuple):
    """Texts identical to an earlier one (its "original": the first in input order with the same
    exact key), as two sorted views of the same (copy, original) rows."""

    by_copy: npt.NDArray[np.int64]
    """The copies, ascending; ``original_of_copy`` is aligned with them."""
    original_of_copy: npt.NDArray[np.int64]
    by_original: npt.NDArray[np.int64]
    """The originals, ascending, each once per copy; ``copy_of_original`` is aligned with them."""
    copy_of_original: npt.NDArray[np.int64]

    @classmethod
    def of(cls, ids: npt.NDArray[np.int64], exact: npt.NDArray[np.uint64]) -> Copies:
        """The copies among texts ``ids`` with exact keys ``exact`` (rows in any order).

        >>> copies = Copies.of(np.array([7, 3, 5, 9]), np.array([1, 1, 2, 1], np.uint64))
        >>> copies.copies_of(3), copies.originals(np.array([9, 5, 7])).tolist()
        ([7, 9], [3, 5, 3])
        """
        order = np.lexsort((ids, exact))
        ids, exact = ids[order], exact[order]
        starts = np.flatnonzero(np.concatenate(([True], exact[1:] != exact[:-1])))
        first = ids[np.repeat(starts, np.diff(np.append(starts, len(ids))))]
        copy = first != ids
        copies, originals = ids[copy], first[copy]
        by_copy = np.argsort(copies, kind="stable")
        by_original = np.lexsort((copies, originals))
        return cls(copies[by_copy], originals[by_copy], originals[by_original], copies[by_original])

    @classmethod
    def none(cls) -> Copies:
        empty = np.empty(0, np.int64)
        return cls(empty, empty, empty, empty)

    def originals(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Each of ``ids`` replaced by its original (an original or a text without copies: itself)."""
        if len(self.by_copy) == 0:
            return ids
        at = np.minimum(np.searchsorted(self.by_copy, ids), len(self.by_copy) - 1)
        return np.where(self.by_copy[at] == ids, self.original_of_copy[at], ids)

    def copies_of(self, original: int) -> list[int]:
        """The copies of ``original``, ascending (none: an empty list)."""
        start, stop = np.searchsorted(self.by_original, [original, original + 1]).tolist()
        return self.copy_of_original[start:stop].tolist()  # type: ignore[no-any-return]

    def with_copies(self) -> list[int]:
        """The originals that have copies, ascending."""
        return np.unique(self.by_original).tolist()  # type: ignore[no-any-return]


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
    copies: Copies | None = None,
) -> list[ScoredCluster]:
    """Clusters, ordered by representative, in which every member passed ``check`` against it.

    ``check(representatives, members)`` verifies pairs in bulk; ``length`` weighs the choice of
    each representative. ``pairs`` are between originals; each of ``copies`` joins the cluster
    of its original with the verdict of its original (a representative's copies: that of the
    representative against itself), which is what checking it would give: its text is the same.

    >>> import numpy as np
    >>> passes = {(1, 2), (2, 3)}  # a chain: 1 and 3 fail against each other
    >>> def check(reps, members):
    ...     passed = np.array([(r, m) in passes or r == m for r, m in zip(reps, members)])
    ...     return Verdicts(np.full(len(reps), 90.0), np.full(len(reps), 90.0), passed, ~passed)
    >>> [c.members for c in representative_clusters([(1, 2), (2, 3)], lambda item: 10, check)]
    [(1, 2)]
    >>> copies = Copies.of(np.array([1, 2, 3, 4]), np.array([1, 2, 1, 3], np.uint64))
    >>> [c.members for c in representative_clusters([(1, 2)], lambda item: 10, check, copies)]
    [(1, 2, 3)]
    """
    copied = _CopiesOf(copies or Copies.none())
    edges = list(pairs)
    groups = _groups(edges, copied, None)
    found: list[ScoredCluster] = []
    for _ in range(MAX_ROUNDS):
        if not groups:
            break
        clustered, failed = _check_stars([(representative(g, length), g) for g in groups], check, copied)
        found.extend(clustered)
        edges = _among(edges, failed)
        stars = _local_stars(edges, length)
        if stars:
            clustered, _ = _check_stars(stars, check, copied)
            found.extend(clustered)
            failed -= {member for cluster in clustered for member in cluster.members}
            edges = _among(edges, failed)
        groups = _groups(edges, copied, failed)
    return sorted(found)


def best_containers(
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    words: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    common: npt.NDArray[np.int64],
    resemblance: npt.NDArray[np.float64],
) -> npt.NDArray[np.bool_]:
    """Which passed pairs clusters are built from: each text's pairs with the texts that hold it best.

    Why: a text is often contained in several others (an excerpt of a story is in the story, in
    its copies, in every story that begins with it, in each merged copy of those), and it can go
    with one of them only. Clusters grown from all those pairs put it with the longest text of
    the group, not with the text it was cut from. So each text makes two choices: among the
    longer texts it passed with (of two as long, the earlier counts as longer), and among those
    with at least ``LONG_ENOUGH`` of its ``words`` (the word counts of ``left`` and ``right``:
    its original, say, for a copy under a longer headline). Each time it chooses the text that
    holds most of its words, all of them counted (``common`` words, in order: a headline it
    shares with one container and not another counts), then the one it resembles most (the
    closest in length), then the earliest. A pair is kept when either of its texts chose it.
    The first choice alone links every text to a longer one, so near-copies of one length stay
    connected (best matches alone pair them off); the second keeps a copy with its original
    when the original is itself in a longer text. The verification against each cluster's
    representative still decides.

    >>> left, right = np.array([1, 1, 2, 2]), np.array([2, 3, 3, 4])
    >>> words = np.array([50, 50, 100, 100]), np.array([100, 120, 120, 100])
    >>> best_containers(left, right, words, np.array([50, 50, 90, 100]), np.array([66, 59, 70, 99.0]))
    array([ True, False,  True,  True])

    Text 1 (50 words) is whole in 2 and 3 and goes with 2, the closer in length; among longer
    texts 2 has only 3 (4 is as long but later); among those nearly as long it prefers 4, which
    holds all of it.
    """
    left_words, right_words = words
    chooser = np.concatenate((left, right))
    other = np.concatenate((right, left))
    own, others = np.concatenate((left_words, right_words)), np.concatenate((right_words, left_words))
    held = np.concatenate((common, common)) / np.maximum(own, 1)
    similar = np.concatenate((resemblance, resemblance))
    longer = (others > own) | ((others == own) & (other < chooser))
    chosen = np.zeros(len(chooser), dtype=bool)
    for eligible in (longer, others >= LONG_ENOUGH * own):
        candidates = np.flatnonzero(eligible)
        order = candidates[
            np.lexsort((other[candidates], -similar[candidates], -held[candidates], chooser[candidates]))
        ]
        first = np.ones(len(order), dtype=bool)
        first[1:] = chooser[order][1:] != chooser[order][:-1]
        chosen[order[first]] = True
    return chosen[: len(left)] | chosen[len(left) :]


Star = tuple[int, Sequence[int]]
"""A centre and the members (the centre among them) to check against it."""


class _CopiesOf:
    """``Copies.copies_of`` from a dict: clustering asks it of every member of every star (270,000
    times at a million paragraphs), where a binary search each took a second."""

    def __init__(self, copies: Copies) -> None:
        self.copies = copies
        self.of: dict[int, list[int]] = {}
        for original, copy in zip(copies.by_original.tolist(), copies.copy_of_original.tolist(), strict=True):
            self.of.setdefault(original, []).append(copy)  # ascending, as copies_of gives them

    def copies_of(self, original: int) -> list[int]:
        """As ``Copies.copies_of`` (the list is shared: not to be changed)."""
        return self.of.get(original, [])

    def with_copies(self) -> list[int]:
        return sorted(self.of)


def _check_stars(
    stars: Sequence[Star], check: Callable[[list[int], list[int]], Verdicts], copies: _CopiesOf
) -> tuple[list[ScoredCluster], set[int]]:
    """Every member of each star checked against its centre, all stars at once: the clusters of
    those that passed (with their copies), and the members that failed."""
    centre_of, members_of = [], []
    for centre, group in stars:
        for member in sorted(group):
            if member != centre or copies.copies_of(centre):  # a centre's copies: centre vs itself
                centre_of.append(centre)
                members_of.append(member)
    verdicts = check(centre_of, members_of)
    del centre_of
    passes = verdicts.passed.tolist()
    found: list[ScoredCluster] = []
    failures: set[int] = set()
    at = 0
    for centre, group in stars:
        stop = at + len(group) - (0 if copies.copies_of(centre) else 1)
        joined: list[tuple[int, int]] = []  # (member, row of its verdict)
        for row in range(at, stop):
            member = members_of[row]
            same = copies.copies_of(member)
            if member == centre:  # its copies against it: the same text, which always passes
                joined.extend((item, row) for item in same if passes[row])
            elif passes[row]:
                joined.extend((item, row) for item in (member, *same))
            else:
                failures.add(member)
        if joined:
            joined.sort()
            rows = [row for _, row in joined]
            found.append(
                ScoredCluster(
                    centre,
                    (centre, *(item for item, _ in joined)),
                    tuple(verdicts.resemblance[rows].tolist()),
                    tuple(verdicts.containment[rows].tolist()),
                    tuple(verdicts.contained[rows].tolist()),
                )
            )
        at = stop
    return found, failures


def _among(edges: list[tuple[int, int]], items: set[int]) -> list[tuple[int, int]]:
    """The edges between two of ``items``."""
    return [(left, right) for left, right in edges if left in items and right in items]


def _local_stars(edges: list[tuple[int, int]], length: Callable[[int], int]) -> list[Star]:
    """Stars around each text that is the representative of its own neighbourhood (itself and the
    texts it passed with) and that of another text's: that other text is its member.

    Why: a group's one representative leaves the rest of a chained group to the next round, and
    in a corpus whose stories contain one another (a story in the ten recombined stories that
    begin with it, each of those in its own merged copies) a group of tens of thousands would be
    peeled one cluster per round. Each text here is checked against a text it passed with, and
    stars never share a text, so the rule stays: no member of a cluster failed against its
    representative.

    >>> _local_stars([(1, 2), (2, 3), (3, 4)], {1: 50, 2: 100, 3: 40, 4: 90}.__getitem__)
    [(2, [2, 1, 3])]
    """
    neighbours: dict[int, list[int]] = {}
    for left, right in edges:
        neighbours.setdefault(left, []).append(right)
        neighbours.setdefault(right, []).append(left)
    preferred = {item: representative([item, *near], length) for item, near in neighbours.items()}
    centres = sorted(
        {choice for item, choice in preferred.items() if choice != item and preferred[choice] == choice}
    )
    stars: dict[int, list[int]] = {centre: [centre] for centre in centres}
    for item, choice in sorted(preferred.items()):
        if item != choice and choice in stars:
            stars[choice].append(item)
    return list(stars.items())


def _groups(edges: list[tuple[int, int]], copies: _CopiesOf, among: set[int] | None) -> list[list[int]]:
    """The groups to look for clusters in: the components of ``edges``, and each original with
    copies (its own group: its copies are its duplicates) that is in none; ``among``: only the
    originals of this set (the members that failed), None: all."""
    groups = [list(cluster.members) for cluster in resolve_clusters(edges)]
    grouped = {item for group in groups for item in group}
    alone = copies.with_copies() if among is None else sorted(among - grouped)
    groups.extend([item] for item in alone if item not in grouped and copies.copies_of(item))
    return groups
