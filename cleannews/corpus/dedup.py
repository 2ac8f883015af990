"""Both levels of ``cleannews dedup``, engine-agnostic: documents first, then paragraphs.

Documents: clusters of near-duplicate documents; the first in input order is
kept. Paragraphs: among the documents kept, paragraphs that recur in at least
``min_documents`` different documents (boilerplate); reported, and on request
removed everywhere or everywhere but in the first document. Paragraphs are
matched after document clusters are resolved so that twenty copies of one wire
story do not make every paragraph of it look like boilerplate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from .ids import document_of, split_id
from .partitions import MatchSettings, Partition, ScoredCluster
from .sources import ParagraphSource, Source

MIN_PARAGRAPH_WORDS = 3
"""Shorter paragraphs ("* * *", "Read more") repeat legitimately and are never boilerplate."""


class ClusterError(RuntimeError):
    """A Dask cluster that cannot be used: unreachable, without workers, or whose workers
    run another cleannews. The message says what to do; the command exits 2."""


class Engine(Protocol):
    name: str

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc_info: object) -> None: ...

    def find_clusters(
        self, partitions: Sequence[Partition], settings: MatchSettings
    ) -> list[ScoredCluster]: ...


class Boilerplate(str, Enum):
    """What to do with paragraphs that recur across documents (``--boilerplate``)."""

    REPORT = "report"  # list them; change nothing
    REMOVE = "remove"  # remove them from every document
    KEEP_FIRST = "keep-first"  # keep them in the first document that has them only
    OFF = "off"  # do not look for them


@dataclass(frozen=True)
class DedupOptions:
    documents: MatchSettings = field(default_factory=MatchSettings)
    paragraphs: MatchSettings = field(
        default_factory=lambda: MatchSettings(min_words=MIN_PARAGRAPH_WORDS, same_digits=True)
    )
    boilerplate: Boilerplate = Boilerplate.REPORT
    min_documents: int = 2
    """A paragraph is boilerplate when it occurs in at least this many kept documents."""


@dataclass(frozen=True)
class BoilerplateCluster:
    cluster: ScoredCluster
    documents: tuple[int, ...]
    """The distinct documents holding the paragraph, in input order."""
    text: str
    """The paragraph as its first occurrence has it."""


@dataclass
class DedupResult:
    document_clusters: list[ScoredCluster]
    boilerplate: list[BoilerplateCluster]
    dropped_documents: frozenset[int]
    dropped_paragraphs: dict[int, set[int]]
    """Document id -> numbers of the paragraphs to remove from it."""

    @property
    def found(self) -> bool:
        return bool(self.document_clusters or self.boilerplate)


def _close_enough(clusters: Sequence[ScoredCluster], similarity: float) -> list[int]:
    """The duplicates that score ``similarity`` or more against their representative.

    A cluster joins chains of near-copies, so its far end may differ more than the
    threshold allows: such a member is reported but never removed.
    """
    return [
        member
        for cluster in clusters
        for member, score in zip(cluster.members[1:], cluster.scores, strict=True)
        if score >= similarity
    ]


def find_duplicates(sources: Sequence[Source], engine: Engine, options: DedupOptions) -> DedupResult:
    document_clusters = engine.find_clusters(sources, options.documents)
    dropped = frozenset(_close_enough(document_clusters, options.documents.similarity))
    boilerplate: list[BoilerplateCluster] = []
    dropped_paragraphs: dict[int, set[int]] = {}
    if options.boilerplate is not Boilerplate.OFF:
        partitions = [
            ParagraphSource(source, frozenset(d for d in dropped if split_id(d).source == source.index))
            for source in sources
        ]
        recurring = []
        for cluster in engine.find_clusters(partitions, options.paragraphs):
            documents = tuple(sorted({document_of(member) for member in cluster.members}))
            if len(documents) >= options.min_documents:
                recurring.append((cluster, documents))
        firsts = {cluster.representative for cluster, _ in recurring}
        texts = (
            {item.id: item.text for partition in partitions for item in partition.items(firsts)}
            if firsts
            else {}
        )
        boilerplate = [BoilerplateCluster(c, docs, texts[c.representative]) for c, docs in recurring]
        for found in boilerplate:
            removable = {
                found.cluster.representative,
                *_close_enough([found.cluster], options.paragraphs.similarity),
            }
            for member in found.cluster.members:
                if member not in removable:
                    continue
                document = document_of(member)
                if options.boilerplate is Boilerplate.KEEP_FIRST and document == found.documents[0]:
                    continue
                if options.boilerplate is not Boilerplate.REPORT:
                    dropped_paragraphs.setdefault(document, set()).add(split_id(member).paragraph)
    return DedupResult(document_clusters, boilerplate, dropped, dropped_paragraphs)
