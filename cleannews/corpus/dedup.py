"""Both levels of ``cleannews dedup``, engine-agnostic: documents first, then paragraphs.

Documents: clusters of near-duplicate documents; the first in input order is
kept. Paragraphs: among the documents kept, paragraphs that recur in at least
``min_documents`` different documents (boilerplate); reported, and on request
removed everywhere or everywhere but in the first document. Paragraphs are
matched after document clusters are resolved so that twenty copies of one wire
story do not make every paragraph of it look like boilerplate; what is left of
that risk (documents overlapping as one story that the document level did not
join) and the limit on what removal may take are ``boilerplate``'s rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from .boilerplate import KeptWhole, Recurring, distinct_documents, guard, story_pairs
from .ids import document_of, split_id
from .partitions import MatchSettings, Partition, ScoredCluster
from .sources import LayoutSeen, ParagraphLayout, ParagraphSource, Source, matched_paragraphs, sniff_layout
from .tokens import word_count
from .verify import DEFAULT_CONTAINMENT

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
    documents: MatchSettings = field(
        default_factory=lambda: MatchSettings(containment=DEFAULT_CONTAINMENT, changed_figures=True)
    )
    paragraphs: MatchSettings = field(
        default_factory=lambda: MatchSettings(min_words=MIN_PARAGRAPH_WORDS, same_digits=True)
    )
    boilerplate: Boilerplate = Boilerplate.REPORT
    min_documents: int = 2
    """A paragraph is boilerplate when it occurs in at least this many kept documents."""
    layout: ParagraphLayout | None = None
    """How paragraphs are separated (``--paragraphs``); None: chosen from the data (``sniff_layout``)."""


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
    kept_whole: list[KeptWhole] = field(default_factory=list)
    """Documents whose boilerplate was left in: removing it would have taken too much of them."""
    shared_stories: int = 0
    """Recurring paragraphs left alone: their documents overlap as one story."""
    layout: ParagraphLayout = "blank"
    """The paragraph layout used (when boilerplate was looked for)."""
    layout_seen: LayoutSeen | None = None
    """What the first documents showed about the layout (None when boilerplate was not looked for)."""

    @property
    def found(self) -> bool:
        return bool(self.document_clusters or self.boilerplate)


def _duplicates(clusters: Sequence[ScoredCluster]) -> list[int]:
    """Every member but the representative: each passed verification against it."""
    return [member for cluster in clusters for member in cluster.members[1:]]


def find_corpus_duplicates(sources: Sequence[Source], engine: Engine, options: DedupOptions) -> DedupResult:
    """Duplicate documents across ``sources``, then boilerplate paragraphs among the
    documents kept (``cleannews dedup``; rules.duplicates.find_duplicates is the
    paragraph rule inside one document)."""
    document_clusters = engine.find_clusters(sources, options.documents)
    dropped = frozenset(_duplicates(document_clusters))
    result = DedupResult(document_clusters, [], dropped, {})
    if options.boilerplate is not Boilerplate.OFF:
        result.layout_seen = sniff_layout(sources)
        result.layout = options.layout or result.layout_seen.layout
        _find_boilerplate(sources, engine, options, result)
    return result


def _find_boilerplate(
    sources: Sequence[Source], engine: Engine, options: DedupOptions, result: DedupResult
) -> None:
    """The paragraph level, among the documents kept: fills ``result``'s boilerplate fields."""
    dropped = result.dropped_documents
    partitions = [
        ParagraphSource(
            source, frozenset(d for d in dropped if split_id(d).source == source.index), result.layout
        )
        for source in sources
    ]
    clusters = []
    for cluster in engine.find_clusters(partitions, options.paragraphs):
        documents = tuple(sorted({document_of(member) for member in cluster.members}))
        if len(documents) >= options.min_documents:
            clusters.append((cluster, Recurring(cluster.members, documents)))
    if not clusters:
        return
    holding = {document for _, found in clusters for document in found.documents}
    members = {member for _, found in clusters for member in found.members}
    texts, words, document_words = _measure(
        partitions, holding, members, {c.representative for c, _ in clusters}
    )
    stories = story_pairs((found for _, found in clusters), words, document_words)
    planned: dict[int, set[int]] = {}
    for cluster, found in clusters:
        distinct = distinct_documents(found.documents, stories, document_words, options.min_documents)
        if len(distinct) < options.min_documents:
            result.shared_stories += 1
            continue
        result.boilerplate.append(BoilerplateCluster(cluster, found.documents, texts[cluster.representative]))
        if options.boilerplate is Boilerplate.REPORT:
            continue
        for member in cluster.members:  # each passed verification against the representative
            document = document_of(member)
            if options.boilerplate is Boilerplate.KEEP_FIRST and document == found.documents[0]:
                continue
            planned.setdefault(document, set()).add(split_id(member).paragraph)
    result.dropped_paragraphs, result.kept_whole = guard(planned, words, document_words)


def _measure(
    partitions: Sequence[ParagraphSource], documents: set[int], members: set[int], wanted: set[int]
) -> tuple[dict[int, str], dict[int, int], dict[int, int]]:
    """The texts of the ``wanted`` paragraphs, and the words of the recurring paragraphs
    (``members``) and of each of ``documents``: what the story and half-document rules weigh."""
    texts: dict[int, str] = {}
    words: dict[int, int] = {}
    document_words: dict[int, int] = {}
    for partition in partitions:
        markdown = partition.source.markdown
        for document in partition.source.items(documents, as_written=True):
            if document.id in partition.excluded:
                continue
            total = 0
            for number, text in matched_paragraphs(document.text, markdown, partition.layout):
                item = document.id | number
                count = word_count(text)
                total += count
                if item in members:
                    words[item] = count
                if item in wanted:
                    texts[item] = text
            document_words[document.id] = total
    return texts, words, document_words
