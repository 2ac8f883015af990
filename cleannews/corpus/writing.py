"""What ``cleannews dedup`` writes: the deduplicated records and the report of clusters.

Records go out byte for byte as they came in, except that a dropped document
is left out and a document that loses boilerplate paragraphs has only its text
field re-spelled (every other byte of the record kept, numbers as written).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..records import as_written, parse_record, rewrite_record, text_field
from ..report import json_text
from ..streams import Output
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
        yield rewrite_record(line, {source.field: without_paragraphs(text, paragraphs(text), drop)})


def write_deduplicated(source: Source, result: DedupResult, folder: str) -> int:
    """Write one JSON Lines source without its duplicates; the number of records written."""
    written = 0
    with Output(output_path(source, folder)) as output:
        for line in _kept_lines(source, result):
            output.write(line)
            written += 1
        output.commit()
    return written


def report_lines(sources: Sequence[Source], result: DedupResult) -> Iterator[dict[str, Any]]:
    """One JSON object per cluster: documents first, then boilerplate paragraphs."""

    def where(item: int) -> dict[str, object]:
        return sources[split_id(item).source].where(item)

    for cluster in result.document_clusters:
        yield {
            "kind": "documents",
            "representative": where(cluster.representative),
            "duplicates": [
                {**where(member), "similarity": score}
                for member, score in zip(cluster.members[1:], cluster.scores, strict=True)
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


def write_report(lines: Iterator[dict[str, Any]], output: Output) -> None:
    for line in lines:
        output.write((json_text(line) + "\n").encode("utf-8"))
