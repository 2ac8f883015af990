"""``cleannews dedup``: near-duplicates across documents, a thin click adapter over ``corpus``."""

from __future__ import annotations

import sys
from typing import Any

import click

from .cli import record_limit_option

EPILOG = """\b
Examples:
  cleannews dedup articles/*.jsonl --out deduped/ --report clusters.jsonl
  cleannews dedup posts/ --check               # exit 1 if posts repeat each other
  cleannews dedup crawl.jsonl.gz --field body.text --boilerplate remove --out clean/
  cleannews dedup 's3://bucket/crawl/*.jsonl.gz' --out deduped/ \\
      --engine dask --scheduler tcp://10.0.0.5:8786

\b
Inputs: .jsonl/.ndjson files (optionally .gz, .bz2, .xz, .zst), one document
per record (--field names its text), or text and Markdown files and folders,
one document per file. Two documents are duplicates when their words are
near-identical (--threshold) or one is contained in the other (--containment:
an excerpt, a trimmed or merged copy), and no figure was changed (--figures);
MinHash + LSH and shared word 5-grams propose, rapidfuzz decides. Each cluster
keeps the first of its longest members (within 90% of the longest), and every
other member was verified against it. Then paragraphs that recur in
--min-documents or more otherwise different kept documents are reported as
boilerplate, and removed with --boilerplate remove (or keep-first), never more
than half of a document. Paragraphs are separated by blank lines, or are lines
(--paragraphs; by default the data decides). In Markdown files, front matter and
fenced code blocks are not paragraphs.
Ids are file and line: the same input gives the same clusters with either
engine and any number of workers or partitions.

\b
Exit codes:
  0    done; with --check: no duplicates found
  1    --check found duplicate documents or boilerplate paragraphs
  2    usage error, an input that is missing or unreadable, a bad record
       (PATH:LINE), or output that cannot be written
  123  internal error (please report it)
  130  interrupted (Ctrl-C); 143 terminated: nothing is left half-written"""

BOILERPLATE = ("report", "remove", "keep-first", "off")


def _given(ctx: click.Context, options: dict[str, Any]) -> frozenset[str]:
    """Options the user set, as opposed to defaults: only those can contradict each other."""
    return frozenset(
        name for name in options if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    )


@click.command(
    "dedup",
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--out", "out_dir", metavar="DIR", help="Write each JSON Lines input, deduplicated, into DIR.")
@click.option(
    "--report",
    "report_path",
    metavar="PATH",
    help="Write the clusters as JSON Lines to PATH (- for stdout).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Change nothing (no --out): list what was found on stderr and exit 1 if anything was; "
    "a --report is still written.",
)
@click.option("--field", default="text", show_default=True, help="The text field of JSON Lines records.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=80.0,
    show_default=True,
    help="Similarity (rapidfuzz ratio of the words, 0-100) at which two texts are duplicates.",
)
@click.option(
    "--lsh-threshold",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.7,
    show_default=True,
    help="Word-set Jaccard at which MinHash LSH proposes a pair for checking.",
)
@click.option(
    "--containment",
    type=click.FloatRange(0, 100),
    default=90.0,
    show_default=True,
    help="Share (0-100) of a shorter document's words found, in order, in a longer one at which it is "
    "a duplicate of it (an excerpt, a trimmed or merged copy); 0 turns containment off.",
)
@click.option(
    "--figures",
    type=click.Choice(("strict", "noise")),
    default="strict",
    show_default=True,
    help="strict: documents whose figures differ (2.1 mln vs 3.4 mln) are different stories; "
    "noise: figures do not count (template reports collapse).",
)
@click.option(
    "--boilerplate",
    type=click.Choice(BOILERPLATE),
    default="report",
    show_default=True,
    help="Paragraphs recurring across documents: report, remove everywhere, keep in the first only, off. "
    "remove and keep-first edit what --out writes (with --check: a dry run).",
)
@click.option(
    "--paragraphs",
    type=click.Choice(("blank", "line")),
    help="Paragraphs are separated by blank lines, or are lines. Default: blank, unless none of the "
    "first 1,000 documents has a blank line between paragraphs (then line; said on stderr and in the "
    "report).",
)
@click.option(
    "--min-documents",
    type=click.IntRange(2),
    default=2,
    show_default=True,
    help="A paragraph is boilerplate when it occurs in this many documents.",
)
@click.option(
    "--engine", type=click.Choice(("local", "dask")), default="local", show_default=True, help="Where to run."
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="A running Dask scheduler (tcp://host:8786); implies --engine dask. Dask exchanges "
    "pickled code and data with the scheduler and its workers, so they can run code here: "
    "use only a cluster you trust.",
)
@click.option(
    "--partition-size",
    type=click.IntRange(1),
    default=64,
    show_default=True,
    metavar="MB",
    help="Uncompressed JSON Lines files are read in parts of about this size, in parallel.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1),
    help="Local engine only: processes reading and signing parts (default: all cores for several "
    "parts); Dask chooses its own.",
)
@record_limit_option("The longest")
@click.option("-q", "--quiet", is_flag=True, help="Report nothing on stderr except errors.")
@click.pass_context
def dedup(ctx: click.Context, /, paths: tuple[str, ...], **options: Any) -> None:
    """Find near-duplicate documents and boilerplate paragraphs across files."""
    from .commands.dedup import DedupUsageError, run_dedup

    try:
        status = run_dedup(paths, **options, given=_given(ctx, options))
    except DedupUsageError as error:
        raise click.UsageError(str(error)) from None
    sys.exit(status)
