"""What ``cleannews dedup`` writes: the deduplicated records and the report of clusters.

Records go out byte for byte as they came in, except that a dropped document
is left out and a document that loses boilerplate paragraphs has only its text
field re-spelled (every other byte of the record kept, numbers as written).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..io.streams import Output
from ..records import as_written, parse_record, rewrite_record, text_field
from ..report import json_text
from .clusters import ScoredCluster
from .dedup import DedupResult
from .ids import make_id, split_id
from .sources import Source, paragraphs, without_paragraphs


def output_path(source: Source, folder: str) -> str:
    return str(Path(folder) / Path(source.path.rstrip("/")).name)


def clashing_outputs(sources: Sequence[Source], folder: str) -> list[str]:
    """Inputs that would be written to the same output file (``a/x.jsonl``, ``b/x.jsonl``)."""
    seen: dict[str, str] = {}
    clashes = []
    for source in sources:
        target = output_path(source, folder)
        if target in seen:
            clashes.append(f"{seen[target]} and {source.path} would both be written to {target}")
        seen[target] = source.path
    return clashes


def _kept_lines(source: Source, result: DedupResult) -> Iterator[bytes]:
    with_paragraphs = result.dropped_paragraphs
    for number, line in source.lines():
        document = make_id(source.index, number)
        if document in result.dropped_documents:
            continue
        drop = with_paragraphs.get(document)
        if not drop:
            yield as_written(line)
            continue
        record = parse_record(line)
        text = text_field(record, source.field)
        assert text is not None  # a null text has no paragraphs to drop
        kept = without_paragraphs(text, paragraphs(text, result.layout), drop)
        yield rewrite_record(line, {source.field: kept})


def write_deduplicated(source: Source, result: DedupResult, output: Output) -> int:
    """Write one JSON Lines source without its duplicates to ``output``, finished but not
    committed (the caller puts every output in place once all are written); the number of
    records written."""
    written = 0
    for line in _kept_lines(source, result):
        output.write(line)
        written += 1
    output.finish()
    return written


def report_lines(sources: Sequence[Source], result: DedupResult) -> Iterator[dict[str, Any]]:
    """The paragraph layout used (when boilerplate was looked for), then one JSON object per
    cluster: documents first, then boilerplate paragraphs, then the
    documents kept whole because removing their boilerplate would have taken too much of them."""

    def where(item: int) -> dict[str, object]:
        return sources[split_id(item).source].where(item)

    if result.layout_seen is not None:
        yield {"kind": "paragraphs", "layout": result.layout, "seen": result.layout_seen.note}

    for cluster in result.document_clusters:
        yield {
            "kind": "documents",
            "representative": where(cluster.representative),
            "duplicates": [
                {**where(member), **relation}
                for member, relation in zip(cluster.members[1:], relations(cluster), strict=True)
            ],
        }
    for found in result.boilerplate:
        cluster = found.cluster
        yield {
            "kind": "paragraph",
            "text": found.text,
            "occurrences": len(cluster.members),
            "documents": [where(document) for document in found.documents],
            "similarity": min(cluster.scores),
        }
    for kept in result.kept_whole:
        yield {
            "kind": "kept-whole",
            "document": where(kept.document),
            "boilerplate_paragraphs": kept.paragraphs,
            "share": kept.share,
        }


def relations(cluster: ScoredCluster) -> list[dict[str, Any]]:
    """How each duplicate relates to the representative: a near-copy, or contained in it (with the
    share of its words found there, in order)."""
    found = []
    for index, score in enumerate(cluster.scores):
        relation: dict[str, Any] = {"similarity": score}
        if index < len(cluster.containment):
            relation["containment"] = cluster.containment[index]
            relation["relation"] = "contained" if cluster.contained[index] else "near-copy"
        found.append(relation)
    return found


def write_report(lines: Iterator[dict[str, Any]], output: Output) -> None:
    for line in lines:
        output.write((json_text(line) + "\n").encode("utf-8"))
