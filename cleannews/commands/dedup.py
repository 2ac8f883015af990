"""``cleannews dedup`` from parsed options to exit code: inputs, engine, outputs, report."""

from __future__ import annotations

import contextlib
import re
import stat
import sys
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

from ..corpus.dedup import (
    Boilerplate,
    ClusterError,
    DedupOptions,
    DedupResult,
    Engine,
    find_corpus_duplicates,
)
from ..corpus.ids import split_id
from ..corpus.partitions import MatchSettings
from ..corpus.sources import LayoutSeen, Source, SourceError
from ..exit_codes import ExitCode
from ..io.files import total_size
from ..io.names import STDIO, display_name
from ..io.streams import MAX_RECORD_BYTES, Output, StreamError, check_codecs, output_path_problem
from ..workers import WorkerDied, worker_count

MB = 1 << 20
_PARALLEL_MIN_BYTES = 32 * MB
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst", ".zstd")


class DedupUsageError(Exception):
    """Options that do not fit together; shown as a usage error."""


def is_jsonl(path: str) -> bool:
    """
    >>> is_jsonl("a.jsonl"), is_jsonl("s3://b/c.ndjson.gz"), is_jsonl("post.md")
    (True, True, False)
    """
    name = path.lower()
    for suffix in _COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.endswith(_JSONL_SUFFIXES)


def _is_url(path: str) -> bool:
    return "://" in path


def expand_paths(paths: Sequence[str], skipped: list[str] | None = None) -> list[str]:
    """Files named, found in folders (Markdown and text), or matched by a remote glob.

    A binary file found in a folder is left out (and added to ``skipped``), as
    ``cleannews --check`` leaves it; a binary file named is an error when read.
    """
    from ..discovery import iter_files
    from ..settings import Settings

    found: list[str] = []
    local = []
    for path in paths:
        if _is_url(path):
            import fsspec  # type: ignore[import-untyped]  # comes with the dask extra

            found.extend(file.full_name for file in fsspec.open_files(path))
        else:
            local.append(path)
    for target in iter_files(local, Settings(None, Path.cwd())):
        if target.skip_reason is not None:
            raise StreamError(f"{target.path}: {target.skip_reason}")
        if target.path not in local and _starts_binary(target.path):
            if skipped is not None:
                skipped.append(target.path)
            continue
        found.append(target.path)
    return found


def _starts_binary(path: str) -> bool:
    """Binary by the cleaner's test of the first block."""
    from ..io.files import SNIFF_BYTES, looks_binary

    try:
        with open(path, "rb") as handle:
            return looks_binary(handle.read(SNIFF_BYTES))
    except OSError:
        return False  # reading it later gives the error


def option_conflict(
    *,
    given: Collection[str],
    engine: str,
    scheduler: str | None,
    boilerplate: str,
    out_dir: str | None,
    check: bool,
) -> str | None:
    """The first pair of options that contradict each other, as a one-line usage message.

    Checked before any input is read, so that a contradiction costs nothing; a silently
    ignored option would leave the user believing it applied. ``given`` names the
    options set on the command line: a default (``--engine local``) never conflicts.

    >>> option_conflict(given={"engine", "scheduler"}, engine="local", scheduler="tcp://h:1",
    ...                 boilerplate="report", out_dir=None, check=False)
    '--engine local runs here, --scheduler on a Dask cluster: leave out one of them'
    >>> option_conflict(given={"scheduler"}, engine="local", scheduler="tcp://h:1",
    ...                 boilerplate="report", out_dir=None, check=False) is None  # implies dask
    True
    """
    if check and out_dir is not None:
        return "--check changes nothing, and --out writes deduplicated files: leave out one of them"
    if scheduler is not None and engine == "local" and "engine" in given:
        return "--engine local runs here, --scheduler on a Dask cluster: leave out one of them"
    if "jobs" in given and (engine == "dask" or scheduler is not None):
        dask = "--scheduler" if scheduler is not None else "--engine dask"
        return (
            f"--jobs sets the local engine's processes; with {dask}, Dask chooses its own: leave out --jobs"
        )
    if boilerplate in (Boilerplate.REMOVE, Boilerplate.KEEP_FIRST) and out_dir is None and not check:
        return (
            f"--boilerplate {boilerplate} edits only the files --out writes, and there is no --out: "
            "add --out DIR, or use --boilerplate report"
        )
    return None


def _partitions(sources: Sequence[Source], bytes_per_part: int) -> list[Source]:
    return [part for source in sources for part in source.parts(bytes_per_part)]


def _default_jobs(partitions: Sequence[Source]) -> int:
    """All cores for several parts of a large input, else one process (starting more costs ~0.2 s)."""
    if len(partitions) < 2:
        return 1
    paths = {part.path for part in partitions if not _is_url(part.path)}
    return worker_count(total_size(paths), _PARALLEL_MIN_BYTES, most=len(partitions))


def _engine(name: str, scheduler: str | None, jobs: int) -> Engine:
    if name == "dask":
        from ..corpus.dask_engine import DaskEngine

        return DaskEngine(scheduler)
    from ..corpus.local import LocalEngine

    return LocalEngine(jobs)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _place(sources: Sequence[Source], item: int) -> str:
    where = sources[split_id(item).source].where(item)
    return str(where["file"]) + (f":{where['line']}" if "line" in where else "")


def _list_findings(sources: Sequence[Source], result: DedupResult) -> None:
    from ..corpus.writing import relations

    for cluster in result.document_clusters:
        first = _place(sources, cluster.representative)
        for member, relation in zip(cluster.members[1:], relations(cluster), strict=True):
            if relation.get("relation") == "contained":
                share = f"{relation['containment']:g}% of its words"
                _say(f"{_place(sources, member)}: contained in {first} ({share})")
            else:
                _say(
                    f"{_place(sources, member)}: near-copy of {first} (similarity {relation['similarity']:g})"
                )
    for found in result.boilerplate:
        text = " ".join(found.text.split())
        shown = text if len(text) <= 60 else text[:57] + "..."
        where = ", ".join(_place(sources, document) for document in found.documents)
        _say(f"paragraph in {len(found.documents)} documents ({where}): {shown!r}")
    _list_kept_whole(sources, result)


def _list_kept_whole(sources: Sequence[Source], result: DedupResult) -> None:
    """The documents whose boilerplate stays, since removing it would take most of them."""
    for kept in result.kept_whole:
        verb = "holds" if kept.paragraphs == 1 else "hold"
        held = f"{_count(kept.paragraphs, 'boilerplate paragraph')} {verb} {kept.share:.0%} of its words"
        _say(f"{_place(sources, kept.document)}: kept whole: its {held}")


def _say_layout(layout: str, seen: LayoutSeen, asked: str | None) -> None:
    """Which paragraphs boilerplate was looked for in, when the data leaves room for doubt."""
    if layout == "blank" and seen.with_lines and not seen.with_blank:
        _say(
            f"warning: no blank lines between paragraphs ({seen.note}): boilerplate is looked for in "
            "whole documents; --paragraphs line takes each line as a paragraph"
        )
    elif layout == "line" and asked is None:
        _say(f"paragraphs are lines ({seen.note}); --paragraphs blank to change it")


def _summary(result: DedupResult) -> str:
    text = f"{_count(len(result.dropped_documents), 'duplicate document')} in "
    text += _count(len(result.document_clusters), "cluster")
    if result.boilerplate:
        documents = {document for found in result.boilerplate for document in found.documents}
        text += (
            f"; {_count(len(result.boilerplate), 'boilerplate paragraph')} in {len(documents):,} documents"
        )
    if result.kept_whole:
        whose = "its" if len(result.kept_whole) == 1 else "their"
        text += (
            f"; {_count(len(result.kept_whole), 'document')} kept whole (removing {whose} boilerplate would "
            f"take more than half of {'it' if whose == 'its' else 'each'})"
        )
    if result.shared_stories:
        text += (
            f"; {_count(result.shared_stories, 'shared paragraph')} left alone (in documents that "
            "overlap as one story)"
        )
    return text


def _count(number: int, noun: str) -> str:
    """
    >>> _count(1, "cluster"), _count(12000, "cluster")
    ('1 cluster', '12,000 clusters')
    """
    return f"{number:,} {noun}{'s' * (number != 1)}"


def run_dedup(
    paths: Sequence[str],
    *,
    out_dir: str | None,
    report_path: str | None,
    check: bool,
    field: str,
    threshold: float,
    lsh_threshold: float,
    containment: float,
    figures: str,
    boilerplate: str,
    paragraphs: str | None,
    min_documents: int,
    engine: str,
    scheduler: str | None,
    partition_size: int,
    jobs: int | None,
    quiet: bool,
    max_record_bytes: int | None = None,
    given: Collection[str] = frozenset(),
) -> int:
    """Run ``dedup`` and return its exit code; ``given`` names the options the user set."""
    from ..records import check_field_path

    conflict = option_conflict(
        given=given, engine=engine, scheduler=scheduler, boilerplate=boilerplate, out_dir=out_dir, check=check
    )
    if conflict is not None:
        raise DedupUsageError(conflict)
    if (problem := check_field_path(field)) is not None:
        raise DedupUsageError(f"--field: {problem}")
    if scheduler is not None:
        if not re.fullmatch(r"(\w+://)?[^:/\s]+:\d+/?", scheduler):
            raise DedupUsageError(f"--scheduler: give the address as tcp://HOST:PORT, not {scheduler!r}")
        engine = "dask"
    if any(_is_url(path) for path in paths) and engine != "dask":
        raise DedupUsageError("remote paths (s3://, gs://, ...) need --engine dask")
    found = False  # set once known, so that a closed --report pipe keeps --check's exit code
    made: Path | None = None  # an --out folder this run created, removed again if left empty
    try:
        skipped: list[str] = []
        files = expand_paths(paths, skipped)
        if not quiet:
            for path in skipped:
                _say(f"{path}: skipped: not text (binary data)")
        if not files:
            raise DedupUsageError(
                "no documents found: folders are searched for Markdown and text files only; "
                "name JSON Lines files (data/*.jsonl)"
            )
        if (stream := next((path for path in files if _read_once(path)), None)) is not None:
            raise DedupUsageError(
                f"dedup reads each input more than once, and {display_name(stream)} can be read only "
                "once (standard input, a pipe): save it to a file and name that"
            )
        limit = MAX_RECORD_BYTES if max_record_bytes is None else max_record_bytes
        sources = [
            Source(index, path, "jsonl" if is_jsonl(path) else "text", field, max_record_bytes=limit)
            for index, path in enumerate(files)
        ]
        sources = [source if _is_url(source.path) else source.stamped() for source in sources]
        if not quiet:
            for source in sources:
                if source.stamp is not None and source.stamp[1] == 0:  # (its size)
                    _say(f"{display_name(source.path)}: warning: empty input; nothing to compare")
        if report_path is not None:
            _check_report_path(sources, report_path, out_dir)
        if out_dir is not None:
            _check_out_dir(sources, out_dir)
            if not Path(out_dir).exists():
                made = Path(out_dir)
            Path(out_dir).mkdir(parents=True, exist_ok=True)  # now, not after the work
        if report_path is not None and (problem := output_path_problem(report_path)) is not None:
            raise DedupUsageError(f"--report: {problem}")
        check_codecs(files)
        settings = DedupOptions(
            documents=MatchSettings(
                lsh_threshold=lsh_threshold,
                similarity=threshold,
                containment=containment or None,
                changed_figures=figures == "strict",
            ),
            paragraphs=MatchSettings(
                lsh_threshold=lsh_threshold, similarity=threshold, min_words=3, same_digits=True
            ),
            boilerplate=Boilerplate(boilerplate),
            min_documents=min_documents,
            layout="line" if paragraphs == "line" else "blank" if paragraphs == "blank" else None,
        )
        partitions = _partitions(sources, partition_size * MB)
        workers = jobs if jobs is not None else _default_jobs(partitions)
        with _engine(engine, scheduler, workers) as runner:
            result = find_corpus_duplicates(partitions, runner, settings)
        found = result.found
        if not quiet and result.layout_seen is not None:
            _say_layout(result.layout, result.layout_seen, paragraphs)
        if check and not quiet:
            _list_findings(sources, result)
        elif out_dir is not None and not quiet:
            _list_kept_whole(sources, result)  # (what --out writes differs from what was asked)
        written = _write_outputs(sources, result, report_path, out_dir)
        if out_dir is not None:
            made = None
            if not quiet:
                _say(f"{_count(written, 'record')} written to {out_dir}")
    except BrokenPipeError:
        from ..io.console import silence_stdout

        silence_stdout()  # `--report - | head`: the reader has all it wants
        return _exit_code(check, found)
    except (SourceError, StreamError) as error:
        _say(f"cleannews: error: {error}")
        return ExitCode.USAGE_OR_INPUT
    except ClusterError as error:
        _say(f"cleannews: error: {error}")
        return ExitCode.USAGE_OR_INPUT
    except WorkerDied:
        from ..workers import WORKER_DIED

        _say(f"cleannews: error: {WORKER_DIED}; nothing was written")
        return ExitCode.USAGE_OR_INPUT
    except OSError as error:
        _say(f"cleannews: error: {error.filename or ''}: {error.strerror or error}")
        return ExitCode.USAGE_OR_INPUT
    finally:
        if made is not None:
            with contextlib.suppress(OSError):
                made.rmdir()  # only if empty: a failed run leaves no new folder behind
    if not quiet:
        _say(_summary(result))
        if found and not (check or report_path or out_dir):
            _say("(list them with --check, or write them with --report PATH)")
    return _exit_code(check, found)


def _exit_code(check: bool, found: bool) -> int:
    """1 when ``--check`` found duplicates, whatever else was asked (``--report`` included)."""
    return ExitCode.CHANGED if check and found else ExitCode.OK


def _read_once(path: str) -> bool:
    """Standard input, a pipe or another stream, which a second pass would find empty."""
    if path == STDIO:
        return True
    if _is_url(path):
        return False
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return False  # (reading it says what is wrong)
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _check_report_path(sources: Sequence[Source], report_path: str, out_dir: str | None) -> None:
    """A report over an input or over a file --out writes would replace it."""
    from ..corpus.writing import output_path
    from ..io.files import report_over_a_file

    local = [source for source in sources if not _is_url(source.path)]
    files: dict[str, Iterable[str]] = {"input": [source.path for source in local]}
    if out_dir is not None:
        files["output"] = [output_path(source, out_dir) for source in local]
    if (problem := report_over_a_file({"--report": report_path}, files)) is not None:
        raise DedupUsageError(problem)


def _check_out_dir(sources: Sequence[Source], out_dir: str) -> None:
    from ..corpus.writing import clashing_outputs, output_path

    texts = [source.path for source in sources if source.kind == "text"]
    if texts:
        raise DedupUsageError(
            f"--out writes JSON Lines inputs only, and {texts[0]} is not one; "
            "for text and Markdown files use --check or --report"
        )
    if clashes := clashing_outputs(sources, out_dir):
        raise DedupUsageError(clashes[0])
    for source in sources:
        if (
            not _is_url(source.path)
            and Path(output_path(source, out_dir)).resolve() == Path(source.path).resolve()
        ):
            raise DedupUsageError(f"--out would overwrite the input {source.path}; choose another folder")


def _write_outputs(
    sources: Sequence[Source], result: DedupResult, report_path: str | None, out_dir: str | None
) -> int:
    """The ``--out`` files, then the report, each to a temporary file; then, if no input changed
    since the run began, all put in place, each in one rename (a failure or Ctrl-C leaves none,
    and the files they would replace as they were). The records written to ``--out``."""
    from ..corpus.writing import output_path, report_lines, write_deduplicated, write_report

    written = 0
    with contextlib.ExitStack() as pending:
        outputs = []
        if out_dir is not None:
            for source in sources:
                output = pending.enter_context(Output(output_path(source, out_dir)))
                written += write_deduplicated(source, result, output)
                outputs.append(output)
        if report_path is not None:
            report = pending.enter_context(Output(None if report_path == STDIO else report_path))
            write_report(report_lines(sources, result), report)
            report.finish()
            outputs.append(report)
        for source in sources:
            source.check_unchanged()
        for output in outputs:
            output.commit()
    return written
