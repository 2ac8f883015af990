"""The Dask engine (``cleannews[dask]``): the steps of ``local``, mapped over partitions on a cluster.

What moves where:

1. The partitions themselves (small picklable descriptions such as ``Source``; never generators
   or open files) go to the workers, which sign them. The ``SignedRows`` stay on the workers.
2. Keys are matched in rounds of ``bands_per_round`` band columns (the exact key joins the first
   round). A round turns the signed rows into (key, id, exact key) rows of three integers,
   shuffles them once, keyed on ``key``, so that each bucket lies whole in one partition, and runs
   ``bucket_pairs`` on each partition. Only the candidate pairs (two int64 each) come back to the
   client, with each text's (id, exact key), from which the client finds identical texts
   (``Copies``) and maps the pairs onto their originals. A round shuffles
   ``bands_per_round + 1`` rows per text at most, which bounds the shuffle's memory. Anchors (for
   containment) take one more round of (anchor key, id) rows, shuffled once and kept on the
   workers for three passes: the pairs of rare anchors, each text's rarest anchor (the smallest
   per text over the partitions, gathered by a groupby), and the pairs asked by the texts whose
   anchors are all crowded; the pairs come back to be counted on the client.
3. Texts move only for verification: the client broadcasts the candidate ids, each worker reads
   the matching texts of the candidates in its partitions (by id, as the local engine does), and
   one task merges them. Chunks of pairs are verified in parallel (the merged texts travel to the
   workers that verify), and one last task runs ``clusters_from_passed`` on the pairs that passed,
   so clusters, representatives and scores are exactly those of the local engine. No text
   reaches the client: it sends partitions, candidate ids and pairs, and gets clusters back.

Every function that runs on a worker is a module-level function of ``cleannews.corpus`` (listed
in ``WORKER_FUNCTIONS``), so the workers need cleannews installed; ``DaskEngine`` checks that
they have the same version (and Unicode data) before it sends them anything. This module imports without Dask;
making a ``DaskEngine`` without it raises an ``ImportError`` that names the extra to install.
"""

from __future__ import annotations

import contextlib
import logging
import math
import unicodedata
import warnings
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from .. import __version__
from . import anchors
from .clusters import Copies, ScoredCluster
from .dedup import ClusterError
from .lsh import bucket_pairs, unique_pairs
from .partitions import (
    MatchSettings,
    Partition,
    SignedRows,
    between_originals,
    clusters_from_passed,
    matching_texts_for,
    sign,
    wanted_texts,
)
from .tokens import I64
from .verify import Passed, Text, verify_pairs

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]


_ROWS_PER_SHUFFLED_PARTITION = 4_000_000
"""About 64 MB of (key, id, exact) rows in each partition a shuffle produces."""
_PAIRS_PER_VERIFY_TASK = 200_000


def _dask() -> Any:
    """``dask.dataframe``, imported when an engine is made (this module imports without Dask)."""
    try:
        import dask.dataframe as dd
        import distributed  # noqa: F401
        import pandas  # noqa: F401  # type: ignore[import-untyped, unused-ignore]
    except ImportError as error:
        raise ImportError(
            f"--engine dask needs Dask ({error}); install it with: pip install 'cleannews[dask]'"
        ) from error
    return dd


def _frame(**columns: npt.NDArray[Any]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns)


# What the workers run: module-level functions only, so that they are pickled by name.


def row_count(rows: SignedRows) -> int:
    return len(rows.ids)


def round_rows(rows: SignedRows, first_band: int, stop_band: int, with_exact: bool) -> pd.DataFrame:
    """One (key, id, exact) row per text and key of the bands ``first_band:stop_band`` (and the exact key)."""
    columns = [rows.exact] if with_exact else []
    columns.extend(rows.keys[:, band] for band in range(first_band, stop_band))
    keys = np.concatenate(columns).astype(np.uint64, copy=False)
    ids = np.tile(rows.ids, len(columns)).astype(np.int64, copy=False)
    exact = np.tile(rows.exact, len(columns)).astype(np.uint64, copy=False)
    return _frame(key=keys, id=ids, exact=exact)


def bucket_frame_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """The candidate pairs of the buckets in one shuffled partition (each bucket is whole in it)."""
    left, right = bucket_pairs(
        np.ascontiguousarray(rows["key"].to_numpy(np.uint64)),
        np.ascontiguousarray(rows["id"].to_numpy(np.int64)),
        np.ascontiguousarray(rows["exact"].to_numpy(np.uint64)),
    )
    left, right = unique_pairs(left, right)
    return _frame(left=left, right=right)


def exact_rows(rows: SignedRows) -> tuple[I64, npt.NDArray[np.uint64]]:
    """The ids and exact keys of a partition's texts: which texts are identical."""
    return rows.ids, rows.exact


def anchor_rows(rows: SignedRows) -> pd.DataFrame:
    """The (anchor key, id) rows of a partition."""
    return _frame(key=rows.anchor_keys, id=rows.anchor_ids)


def anchor_counts(rows: SignedRows) -> tuple[I64, I64]:
    """The ids of a partition's texts that have anchors, and how many each has."""
    has = rows.anchored > 0
    return rows.ids[has], rows.anchored[has]


def anchor_frame_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """The pairs of the anchor buckets in one shuffled partition, weighed by the anchors they share."""
    left, right, weight = anchors.weighted_bucket_pairs(
        np.ascontiguousarray(rows["key"].to_numpy(np.uint32)),
        np.ascontiguousarray(rows["id"].to_numpy(np.int64)),
    )
    return _frame(left=left, right=right, weight=weight.astype(np.int64))


def anchor_frame_rarest(rows: pd.DataFrame) -> pd.DataFrame:
    """Each text's rarest anchor among the buckets of one shuffled partition (``anchors.rarest``)."""
    ids, packed = anchors.rarest(
        np.ascontiguousarray(rows["key"].to_numpy(np.uint32)),
        np.ascontiguousarray(rows["id"].to_numpy(np.int64)),
    )
    return _frame(id=ids, packed=packed)


def anchor_frame_asked(rows: pd.DataFrame, asking: I64, asked: npt.NDArray[np.uint32]) -> pd.DataFrame:
    """The texts ``asking`` with the other texts of their rarest anchors ``asked`` in one shuffled
    partition (``anchors.asked_pairs``)."""
    asker, other = anchors.asked_pairs(
        np.ascontiguousarray(rows["key"].to_numpy(np.uint32)),
        np.ascontiguousarray(rows["id"].to_numpy(np.int64)),
        asking,
        asked,
    )
    return _frame(asker=asker, other=other)


def anchors_of(rows: SignedRows, wanted: I64) -> tuple[I64, npt.NDArray[np.uint32]]:
    """The (id, anchor key) rows of the texts of ``wanted`` (sorted) that this partition signed:
    what the client needs to count the anchors of the pairs that rare anchors alone do not carry."""
    ids = rows.anchor_ids
    position = np.minimum(np.searchsorted(wanted, ids), max(len(wanted) - 1, 0))
    here = wanted[position] == ids if len(wanted) else np.zeros(len(ids), dtype=bool)
    return ids[here], rows.anchor_keys[here]


def _pairs_of_buckets(
    client: Any,
    rows: list[Any],
    parts: int,
    rows_meta: pd.DataFrame,
    pairs_meta: pd.DataFrame,
    pairs_in: Callable[[pd.DataFrame], pd.DataFrame],
) -> pd.DataFrame:
    """The rows (futures of frames with a ``key`` column) shuffled so that each
    bucket (rows of one key) is whole in one partition, then ``pairs_in`` each.

    A pair function is only right on whole buckets. No optimiser drops this
    shuffle: what reads it is a map_partitions, opaque to it.
    """
    frame = _dask().from_delayed(rows, meta=rows_meta, verify_meta=False)
    shuffled = frame.shuffle(on="key", npartitions=parts, shuffle_method="p2p", ignore_index=True)
    found = shuffled.map_partitions(pairs_in, meta=pairs_meta, enforce_metadata=False)
    pairs: pd.DataFrame = client.compute(found).result()
    return pairs


def partition_texts(
    partition: Partition, rows: SignedRows, wanted: I64, words: bool = True
) -> dict[int, Text]:
    """The matching texts of the candidates (``wanted``, sorted) that this partition signed."""
    position = np.minimum(np.searchsorted(wanted, rows.ids), max(len(wanted) - 1, 0))
    here = rows.ids[wanted[position] == rows.ids] if len(wanted) else rows.ids[:0]
    if len(here) == 0:
        return {}
    ids = set(here.tolist())
    return matching_texts_for(partition.items(ids), ids, words)


def merge_texts(parts: list[dict[int, Text]]) -> dict[int, Text]:
    """The texts of all partitions in one dict, later partitions winning (as in the local engine)."""
    texts: dict[int, Text] = {}
    for part in parts:
        texts.update(part)
    return texts


def passing_pairs(left: I64, right: I64, texts: dict[int, Text], settings: MatchSettings) -> Passed:
    """The pairs of a chunk that pass verification, with their scores."""
    return verify_pairs(left, right, texts, settings.rules, 1)


def verified_clusters(
    chunks: list[Passed], texts: dict[int, Text], settings: MatchSettings, copies: Copies
) -> list[ScoredCluster]:
    """``clusters_from_passed`` on the pairs that passed: the local engine's clusters, exactly."""
    return clusters_from_passed(Passed.concatenate(chunks), texts, settings, workers=1, copies=copies)


def worker_version() -> str:
    """What decides a worker's hashes: its cleannews, and the Unicode of its Python (``str.lower``, ``\\w``).

    A worker must import cleannews to answer at all.
    """
    return f"cleannews {__version__}, Unicode {unicodedata.unidata_version}"


WORKER_FUNCTIONS = (
    sign,
    row_count,
    round_rows,
    bucket_frame_pairs,
    exact_rows,
    anchor_rows,
    anchor_counts,
    anchor_frame_pairs,
    anchor_frame_rarest,
    anchor_frame_asked,
    anchors_of,
    partition_texts,
    merge_texts,
    passing_pairs,
    verified_clusters,
    worker_version,
)
"""Everything the engine sends to workers to run."""


def _close_all(started: list[Any]) -> None:
    for thing in started:  # the client before the cluster it talks to
        with contextlib.suppress(Exception):  # closing at exit: nothing left to report to
            thing.close()


def _check_partitions(partitions: Sequence[Partition]) -> list[Partition]:
    if isinstance(partitions, Iterator):
        raise TypeError("partitions must be a sequence (a list of sources), not a one-pass iterator")
    checked = list(partitions)
    for partition in checked:
        if isinstance(partition, Iterator):
            raise TypeError(
                f"a partition must be able to list its items again in any process (such as a Source), "
                f"not a one-pass {type(partition).__name__}: workers would see it empty the second time"
            )
        if not callable(getattr(partition, "items", None)):
            raise TypeError(f"a partition needs an items() method, which {type(partition).__name__} has not")
    return checked


# How long to wait for a scheduler to have a worker: a cluster starting up has one
# within seconds; one with none at all would otherwise hang the run for good.
WORKERS_TIMEOUT_S = 30.0


def _check_workers(client: Any, timeout: float | None = None) -> None:
    timeout = WORKERS_TIMEOUT_S if timeout is None else timeout
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (TimeoutError, OSError) as error:
        raise ClusterError(
            f"the Dask scheduler has no workers (waited {timeout:.0f} s); start some with `dask worker "
            f"{getattr(client, 'scheduler_address', None) or 'ADDRESS'}` ({error or 'timed out'})"
        ) from None
    try:
        versions: object = client.run(worker_version)
    except Exception as error:
        raise ClusterError(
            f"the Dask workers cannot run cleannews ({type(error).__name__}: {error}); install the same "
            "cleannews on every worker: pip install 'cleannews[dask]'"
        ) from None
    here = worker_version()
    if not isinstance(versions, dict) or not all(isinstance(v, str) for v in versions.values()):
        raise ClusterError(
            f"the Dask workers answered the version check with {type(versions).__name__} data, not text: "
            "that is not a cleannews worker; use only a cluster you trust"
        )
    wrong = sorted(f"{worker} has {version}" for worker, version in versions.items() if version != here)
    if wrong:
        raise ClusterError(
            f"the Dask workers must run {here}, as here, to agree on hashes: {'; '.join(wrong)}"
        )


class DaskEngine:
    """Runs ``find_clusters`` on a Dask cluster: a running scheduler, a given client, or a local one.

    With neither ``scheduler`` nor ``client`` it starts a ``LocalCluster`` on loopback the first
    time it is needed and keeps it for later calls; ``close()`` (or leaving a ``with`` block, or
    the engine being garbage collected) closes what the engine started, never a given client.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, client: Any = None, bands_per_round: int = 8):
        if scheduler is not None and client is not None:
            raise ValueError("give a scheduler address or a client, not both")
        if bands_per_round < 1:
            raise ValueError(f"bands_per_round must be at least 1, not {bands_per_round}")
        _dask()  # a missing extra is reported here, before any work
        self.scheduler = scheduler
        self.bands_per_round = bands_per_round
        self._client = client
        self._checked = False
        self._finalizer: weakref.finalize[[list[Any]], Any] | None = None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the client and cluster this engine started, if any."""
        if self._finalizer is not None:
            self._finalizer()
            self._finalizer = None
            self._client = None
            self._checked = False

    def _connect(self) -> Any:
        if self._client is None:
            from distributed import Client, LocalCluster

            if self.scheduler is not None:
                try:
                    client = Client(self.scheduler, set_as_default=False)  # type: ignore[no-untyped-call]
                except (OSError, TimeoutError) as error:
                    raise ClusterError(
                        f"cannot reach the Dask scheduler at {self.scheduler} ({error or 'timed out'}); "
                        "check the address and that the scheduler is running"
                    ) from None
                started: list[Any] = [client]
            else:
                # Loopback only. Its user did not ask for a cluster, so the scheduler's notes on each
                # shuffle (logged as warnings) and on its HTTP port (8787 taken by another cluster)
                # are not for them.
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", r"Port \d+ is already in use", UserWarning)
                    cluster = LocalCluster(  # type: ignore[no-untyped-call]
                        host="127.0.0.1", dashboard_address=":0", silence_logs=logging.ERROR
                    )
                client = Client(cluster, set_as_default=False)  # type: ignore[no-untyped-call]
                started = [client, cluster]
            self._client = client
            self._finalizer = weakref.finalize(self, _close_all, started)
        if not self._checked:
            _check_workers(self._client)
            self._checked = True
        return self._client

    def find_clusters(self, partitions: Sequence[Partition], settings: MatchSettings) -> list[ScoredCluster]:
        checked = _check_partitions(partitions)
        if not checked:
            return []
        client = self._connect()
        # Computed here (both are cached properties), so that every task gets them with the settings.
        bands = settings.banding.bands
        _ = settings.permutations
        signed = client.map(sign, checked, settings=settings, pure=False)
        total = sum(client.gather(client.map(row_count, signed, pure=False)))
        if total == 0:
            return []
        lefts, rights = [], []
        for first in range(0, bands, self.bands_per_round):
            stop = min(first + self.bands_per_round, bands)
            left, right = self._round_pairs(client, signed, first, stop, total)
            lefts.append(left)
            rights.append(right)
        if settings.containment is not None:
            counted = client.gather(client.map(anchor_counts, signed, pure=False))
            ids = np.concatenate([np.empty(0, np.int64), *(part[0] for part in counted)])
            anchored = np.concatenate([np.empty(0, np.int64), *(part[1] for part in counted)])
            weighted, asked = self._anchor_pairs(client, signed, total)

            def index(wanted: I64) -> anchors.AnchorIndex:
                return self._anchor_index(client, signed, wanted)

            held = tuple(side.astype(np.int64) for side in anchors.holding(*asked, ids, anchored))
            for left, right, weight in (weighted, (*held, np.zeros(len(held[0]), np.int64))):
                left, right = anchors.shared_enough(left, right, weight, ids, anchored, index)
                lefts.append(left)
                rights.append(right)
        exact = client.gather(client.map(exact_rows, signed, pure=False))
        copies = Copies.of(
            np.concatenate([np.empty(0, np.int64), *(part[0] for part in exact)]),
            np.concatenate([np.empty(0, np.uint64), *(part[1] for part in exact)]),
        )
        del exact
        left, right = between_originals(np.concatenate(lefts), np.concatenate(rights), copies)
        if len(left) == 0 and len(copies.by_copy) == 0:
            return []
        return self._verify(client, checked, signed, left, right, settings, copies)

    def _round_pairs(
        self, client: Any, signed: list[Any], first: int, stop: int, total: int
    ) -> tuple[I64, I64]:
        """Candidate pairs of the bands ``first:stop`` (and the exact key in the first round)."""
        with_exact = first == 0
        keys = stop - first + with_exact
        rows = client.map(
            round_rows, signed, first_band=first, stop_band=stop, with_exact=with_exact, pure=False
        )
        threads = sum(client.nthreads().values())
        parts = max(len(signed), threads, math.ceil(total * keys / _ROWS_PER_SHUFFLED_PARTITION))
        rows_meta = _frame(key=np.empty(0, np.uint64), id=np.empty(0, np.int64), exact=np.empty(0, np.uint64))
        pairs_meta = _frame(left=np.empty(0, np.int64), right=np.empty(0, np.int64))
        pairs = _pairs_of_buckets(client, rows, parts, rows_meta, pairs_meta, bucket_frame_pairs)
        return (
            pairs["left"].to_numpy(np.int64, copy=True),
            pairs["right"].to_numpy(np.int64, copy=True),
        )

    def _anchor_pairs(
        self, client: Any, signed: list[Any], total: int
    ) -> tuple[tuple[I64, I64, I64], tuple[I64, I64]]:
        """Every pair sharing a rare anchor, with weights; and each text whose anchors are all
        crowded with the texts of its rarest anchor, as (asking text, other text). Buckets are
        shuffled whole, as for bands, once for both."""
        rows = client.map(anchor_rows, signed, pure=False)
        threads = sum(client.nthreads().values())
        parts = max(len(signed), threads, math.ceil(total * 8 / _ROWS_PER_SHUFFLED_PARTITION))
        rows_meta = _frame(key=np.empty(0, np.uint32), id=np.empty(0, np.int64))
        pairs_meta = _frame(
            left=np.empty(0, np.int64), right=np.empty(0, np.int64), weight=np.empty(0, np.int64)
        )
        frame = _dask().from_delayed(rows, meta=rows_meta, verify_meta=False)
        shuffled = client.persist(
            frame.shuffle(on="key", npartitions=parts, shuffle_method="p2p", ignore_index=True)
        )
        pairs = client.compute(
            shuffled.map_partitions(anchor_frame_pairs, meta=pairs_meta, enforce_metadata=False)
        ).result()
        rarest_meta = _frame(id=np.empty(0, np.int64), packed=np.empty(0, np.uint64))
        rarest = shuffled.map_partitions(anchor_frame_rarest, meta=rarest_meta, enforce_metadata=False)
        smallest = client.compute(rarest.groupby("id")["packed"].min()).result()
        asking, asked = anchors.askers(
            *anchors.smallest_per_text(
                smallest.index.to_numpy(np.int64, copy=True), smallest.to_numpy(np.uint64, copy=True)
            )
        )
        asked_meta = _frame(asker=np.empty(0, np.int64), other=np.empty(0, np.int64))
        asked_frame = shuffled.map_partitions(
            anchor_frame_asked, asking, asked, meta=asked_meta, enforce_metadata=False
        )
        asked_pairs = client.compute(asked_frame).result()
        del shuffled
        weighted = (
            pairs["left"].to_numpy(np.int64, copy=True),
            pairs["right"].to_numpy(np.int64, copy=True),
            pairs["weight"].to_numpy(np.int64, copy=True),
        )
        return weighted, (
            asked_pairs["asker"].to_numpy(np.int64, copy=True),
            asked_pairs["other"].to_numpy(np.int64, copy=True),
        )

    @staticmethod
    def _anchor_index(client: Any, signed: list[Any], wanted: I64) -> anchors.AnchorIndex:
        """The anchors of the texts ``wanted`` (sorted ids), gathered on the client: the pairs that
        rare anchors alone do not carry have their shared anchors counted there."""
        [wanted_future] = client.scatter([wanted], broadcast=True)  # once to each worker, not per task
        found = client.gather(client.map(anchors_of, signed, wanted=wanted_future, pure=False))
        del wanted_future
        ids = np.concatenate([np.empty(0, np.int64), *(part[0] for part in found)])
        keys = np.concatenate([np.empty(0, np.uint32), *(part[1] for part in found)])
        return anchors.AnchorIndex.of(ids, keys)

    def _verify(
        self,
        client: Any,
        partitions: list[Partition],
        signed: list[Any],
        left: I64,
        right: I64,
        settings: MatchSettings,
        copies: Copies,
    ) -> list[ScoredCluster]:
        """Texts of the candidates read and verified on the workers; only clusters come back."""
        wanted = wanted_texts(left, right, copies)
        [wanted_future] = client.scatter([wanted], broadcast=True)
        parts = client.map(
            partition_texts, partitions, signed, wanted=wanted_future, words=settings.rules.words, pure=False
        )
        texts = client.submit(merge_texts, parts, pure=False)
        chunks = [
            client.submit(
                passing_pairs,
                left[start : start + _PAIRS_PER_VERIFY_TASK],
                right[start : start + _PAIRS_PER_VERIFY_TASK],
                texts,
                settings,
                pure=False,
            )
            for start in range(0, len(left), _PAIRS_PER_VERIFY_TASK)
        ]
        clusters: list[ScoredCluster] = client.submit(
            verified_clusters, chunks, texts, settings, copies, pure=False
        ).result()
        return clusters
