"""Where documents come from: JSON Lines records or whole text files, each with its id.

A ``Source`` is a small picklable description (index, path, kind, field) that
any process can open again, so engines ship sources to workers, never open
files or generators: a generator is consumed once, and a worker that got one
would see an empty partition the second time it is asked.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import BinaryIO, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from ..io.names import printable_name
from ..io.streams import MAX_RECORD_BYTES, Input, bounded_lines, compression_of, line_too_long
from ..records import RecordError, parse_record, text_field
from .ids import LINE_SHIFT, MAX_LINE, MAX_PARAGRAPHS, SOURCE_SHIFT, document_of, line_id, make_id, split_id
from .partitions import Item

SourceKind = Literal["jsonl", "text"]
_COUNT_BLOCK = 1 << 22
_SEEK_BLOCK = 1 << 23
_NEWLINE = ord("\n")
_PARAGRAPH_BREAK = re.compile(r"[ \t\r\f\v]*\n[ \t\r\f\v]*\n\s*")
_LINE_END_IN_SPACE = re.compile(r"[ \t\r\f\v]*\n\s*")


class SourceError(Exception):
    """An input that cannot be read as promised (a bad record, an undecodable file)."""


@dataclass(frozen=True)
class Source:
    index: int
    path: str
    kind: SourceKind
    field: str = "text"
    first_line: int = 1
    """With the byte range, the part of a JSON Lines file this source covers (a partition):
    its first line's number and the bytes ``start:stop`` (None: to the end)."""
    start: int = 0
    stop: int | None = None
    max_record_bytes: int = MAX_RECORD_BYTES
    """The longest line read as a record (``--max-record-bytes``)."""
    stamp: tuple[int, ...] | None = None
    """The file's inode, size, mtime and ctime when the run began (``stamped``); None: not checked (remote).
    Ids are line numbers and dedup reads a file more than once, so a file saved in between
    would pair one text's id with another's words: every reading checks it, before and after."""

    def stamped(self) -> Source:
        """This source with its file's stamp as it is now."""
        return replace(self, stamp=_stamp_of(self.path))

    def check_unchanged(self) -> None:
        """A SourceError when the file is no longer the one the run began with."""
        if self.stamp is not None and _stamp_of(self.path) != self.stamp:
            raise SourceError(f"{self._printable_path}: {CHANGED_WHILE_READ}")

    @property
    def markdown(self) -> bool:
        """A Markdown file, by its name: its front matter and fenced code are not paragraphs."""
        from ..discovery import is_markdown

        return self.kind == "text" and is_markdown(self.path, "auto")

    def lines(self) -> Iterator[tuple[int, bytes]]:
        """(1-based line number, line) of every non-blank line in this source's range."""
        self.check_unchanged()
        yield from self._lines()
        self.check_unchanged()

    def _lines(self) -> Iterator[tuple[int, bytes]]:
        if self.start == 0 and self.stop is None:
            with Input(self.path) as handle:
                for number, line in enumerate(handle.lines(self.max_record_bytes), start=1):
                    if line.strip():
                        yield number, line
            return
        with open(self.path, "rb") as handle:  # a part is of an uncompressed local file
            handle.seek(self.start)
            position = self.start
            lines = bounded_lines(handle, self.max_record_bytes, self.path, self.first_line)
            for number, line in enumerate(lines, start=self.first_line):
                if self.stop is not None and position >= self.stop:
                    break
                position += len(line)
                if line.strip():
                    yield number, line

    def parts(self, bytes_per_part: int) -> list[Source]:
        """This source as consecutive parts of about ``bytes_per_part`` bytes, cut at line ends.

        Ids do not change: each part knows the number of its first line. Text files,
        compressed files (which cannot be entered midway) and remote files stay whole.
        """
        if self.kind == "text" or compression_of(self.path) is not None or "://" in self.path:
            return [self]
        parts = []
        first_line, start = 1, 0
        with open(self.path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            while start + bytes_per_part < size:
                handle.seek(start + bytes_per_part)
                handle.readline()  # to the start of the next line
                stop = handle.tell()
                if stop >= size:
                    break
                parts.append(replace(self, first_line=first_line, start=start, stop=stop))
                first_line += _newlines(handle, start, stop)
                start = stop
        parts.append(replace(self, first_line=first_line, start=start, stop=None))
        return parts

    def items(self, only: Collection[int] | None = None, as_written: bool = False) -> Iterator[Item]:
        """Each record's (or the whole file's) text; records whose field is null are left out.

        ``only`` limits reading to those document ids; other lines are not even parsed. A
        Markdown post's front matter is blanked (its metadata: a copy carries its own date,
        and a date is a figure), unless ``as_written`` (paragraphs are numbered in the file).
        """
        if self.kind == "text":
            item = make_id(self.index, 0)
            if only is None or item in only:
                self.check_unchanged()
                document = read_document(self.path)
                self.check_unchanged()
                if self.markdown and not as_written:
                    from .markdown_lines import without_front_matter

                    document = without_front_matter(document)
                yield Item(item, document)
            return
        yield from self._records(only)

    def _records(self, only: Collection[int] | None) -> Iterator[Item]:
        """``items`` of a JSON Lines source. Ids are made by a shift and an or (``line_id``), not
        ``make_id``'s checked call: the second reading looks up every line, a million at a time."""
        first = make_id(self.index, 0)
        lines = self.lines() if only is None or not self._seekable else self._lines_at(self._numbers_in(only))
        for number, line in lines:
            item = line_id(first, number) if number > MAX_LINE else first | (number << LINE_SHIFT)
            if only is not None and item not in only:
                continue
            try:
                text = text_field(parse_record(line), self.field)
            except RecordError as error:
                self.check_unchanged()  # a line cut by a file saved meanwhile is no bad record
                raise SourceError(f"{self.path}:{number}: {error}") from None
            if text is not None:
                yield Item(item, text)

    @property
    def _seekable(self) -> bool:
        """A local file read as stored: its lines can be found by their bytes, without a decoder."""
        return compression_of(self.path) is None and "://" not in self.path

    def _numbers_in(self, only: Collection[int]) -> npt.NDArray[np.int64]:
        """The line numbers, sorted, of this source's documents among the ids ``only``."""
        ids = np.fromiter(only, dtype=np.int64, count=len(only))
        mine = (ids >> SOURCE_SHIFT) == self.index
        return np.unique((ids[mine] >> LINE_SHIFT) & MAX_LINE)

    def _lines_at(self, numbers: npt.NDArray[np.int64]) -> Iterator[tuple[int, bytes]]:
        """(number, line) of the lines ``numbers`` (sorted) in this source's range, blank ones left out.

        Why: the second reading wants a fifth of a corpus's lines. Line ends are found a block at a
        time by numpy, so the lines between the wanted ones never become Python objects (that
        reading of a million records: 1.05 -> 0.82 s), and a line that is gone says the file
        changed since the first reading. Numbers outside the range are not found.
        """
        wanted = numbers[numbers >= self.first_line].tolist()
        if not wanted:
            return
        self.check_unchanged()
        limit = self.max_record_bytes
        with open(self.path, "rb") as handle:
            handle.seek(self.start)
            left = None if self.stop is None else self.stop - self.start
            number, carry, at = self.first_line, b"", 0  # ``number``: the line ``carry`` begins
            while at < len(wanted):
                block = handle.read(_SEEK_BLOCK if left is None else min(_SEEK_BLOCK, left))
                if not block:
                    if carry and wanted[at] == number and carry.strip():  # a last line without an end
                        yield number, carry
                        at += 1
                    if at < len(wanted) and self.stop is None:  # a line that was read is gone
                        raise SourceError(f"{self._printable_path}: {CHANGED_WHILE_READ}")
                    break
                if left is not None:
                    left -= len(block)
                ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == _NEWLINE)
                complete = number + len(ends)  # lines up to here end in this block
                while at < len(wanted) and wanted[at] < complete:
                    index = wanted[at] - number
                    line = block[ends[index - 1] + 1 if index else 0 : ends[index] + 1]
                    if not index and carry:
                        line = carry + line
                    if len(line) > limit + 2:  # longer than the first reading allowed: changed since
                        raise line_too_long(self.path, wanted[at], limit)
                    if line.strip():
                        yield wanted[at], line
                    at += 1
                carry = block[ends[-1] + 1 :] if len(ends) else carry + block
                if len(carry) > limit + 2:
                    raise line_too_long(self.path, complete, limit)
                number = complete
        self.check_unchanged()

    @cached_property
    def _printable_path(self) -> str:
        """Worked out once: a report names the file of each of its hundreds of thousands of ids."""
        return printable_name(self.path)

    def where(self, item: int) -> dict[str, object]:
        """The place of an id of this source, for reports."""
        place = split_id(item)
        where: dict[str, object] = {"file": self._printable_path}
        if self.kind == "jsonl":
            where["line"] = place.line
        if place.paragraph:
            where["paragraph"] = place.paragraph
        return where


CHANGED_WHILE_READ = "changed while dedup read it; nothing was written. Run again once it is saved"


def _stamp_of(path: str) -> tuple[int, ...] | None:
    """What changes when a file is written or replaced: inode, size, mtime and ctime (an edit
    that puts the mtime back still moves the ctime); None when the file is gone."""
    try:
        status = Path(path).stat()
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


def _newlines(handle: BinaryIO, start: int, stop: int) -> int:
    handle.seek(start)
    count = 0
    while start < stop:
        block = handle.read(min(_COUNT_BLOCK, stop - start))
        if not block:
            break
        count += block.count(b"\n")
        start += len(block)
    return count


NOT_TEXT = (
    "not text (binary data, or an encoding that cannot be detected); convert it to UTF-8, or leave it out"
)
"""Why a text input cannot be read, in ``dedup``'s words: the cleaning command's messages
suggest ``--encoding``, an option ``dedup`` does not have."""


def read_document(path: str) -> str:
    """A text file's content, decoded the way the rest of cleannews decodes files."""
    from ..io.files import InputError
    from ..io.files import read_text as read_decoded

    try:
        return read_decoded(path).text
    except InputError as error:
        raise SourceError(f"{path}: {NOT_TEXT if error.binary else error}") from None


ParagraphLayout = Literal["blank", "line"]
"""How paragraphs are separated: by blank lines, or by line ends (what most extractors emit)."""


def paragraphs(text: str, layout: ParagraphLayout = "blank") -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of lines between blank lines, or (``line``) lines.

    >>> text = "One.\\n\\nTwo\\nlines.\\n\\n\\nThree."
    >>> [text[s:e] for s, e in paragraphs(text)]
    ['One.', 'Two\\nlines.', 'Three.']
    >>> [text[s:e] for s, e in paragraphs(text, "line")]
    ['One.', 'Two', 'lines.', 'Three.']
    """
    spans = []
    start = 0
    for gap in (_PARAGRAPH_BREAK if layout == "blank" else _LINE_END_IN_SPACE).finditer(text):
        if text[start : gap.start()].strip():
            spans.append((start, gap.start()))
        start = gap.end()
    if text[start:].strip():
        end = len(text.rstrip())
        spans.append((start, end))
    return spans[:MAX_PARAGRAPHS]


def without_paragraphs(text: str, spans: list[tuple[int, int]], drop: set[int]) -> str:
    """``text`` without the paragraphs numbered in ``drop``; each kept one keeps the gap before it.

    >>> text = "Keep.\\n\\nDrop.\\n\\n\\nKeep too.\\n"
    >>> without_paragraphs(text, paragraphs(text), {1})
    'Keep.\\n\\n\\nKeep too.\\n'
    >>> without_paragraphs(text, paragraphs(text), {0})
    'Drop.\\n\\n\\nKeep too.\\n'
    """
    kept = [number for number in range(len(spans)) if number not in drop]
    if len(kept) == len(spans):
        return text
    if not kept:
        return text[: spans[0][0]] + text[spans[-1][1] :].lstrip()
    pieces = [text[: spans[0][0]]]
    for position, number in enumerate(kept):
        start, end = spans[number]
        if position:
            pieces.append(text[spans[number - 1][1] : start])
        pieces.append(text[start:end])
    pieces.append(text[spans[-1][1] :])
    return "".join(pieces)


def matched_paragraphs(
    text: str, markdown: bool = False, layout: ParagraphLayout = "blank"
) -> Iterator[tuple[int, str]]:
    """(number, text) of each paragraph to compare across documents.

    Numbers are always those of ``paragraphs(text)``, so a paragraph's id does not
    depend on what is left out. In Markdown, the lines of front matter and fenced
    code are left out of each paragraph, and a paragraph made of them only is skipped.

    >>> post = "---\\ntitle: A\\n---\\n\\nRun:\\n```\\nmake\\n```\\n\\nShared prose."
    >>> list(matched_paragraphs(post, markdown=True))
    [(1, 'Run:'), (2, 'Shared prose.')]
    >>> [number for number, _ in matched_paragraphs(post)]
    [0, 1, 2]
    """
    spans = paragraphs(text, layout)
    skipped = _not_prose_lines(text) if markdown else set()
    if not skipped:
        for number, (start, end) in enumerate(spans):
            yield number, text[start:end]
        return
    starts = [0, *(match.end() for match in re.finditer("\n", text))]
    for number, (start, end) in enumerate(spans):
        first, last = bisect_right(starts, start) - 1, bisect_right(starts, end - 1) - 1
        lines = range(first, last + 1)
        if not skipped.intersection(lines):
            yield number, text[start:end]
            continue
        pieces = (_line(text, starts, line, start, end) for line in lines if line not in skipped)
        kept = [piece for piece in pieces if piece.strip()]  # the first span may start with blank lines
        if kept:
            yield number, "\n".join(kept)


def _not_prose_lines(text: str) -> set[int]:
    from .markdown_lines import not_prose_lines  # markdown-it is loaded for Markdown inputs only

    return not_prose_lines(text)


def _line(text: str, starts: list[int], line: int, start: int, end: int) -> str:
    """Line ``line`` of ``text`` without its newline, cut to the paragraph ``start:end``."""
    stop = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
    return text[max(starts[line], start) : min(stop, end)]


@dataclass(frozen=True)
class ParagraphSource:
    """The paragraphs of a source's documents to compare (``matched_paragraphs``), except those
    of ``excluded`` documents."""

    source: Source
    excluded: frozenset[int] = frozenset()
    layout: ParagraphLayout = "blank"

    def items(self, only: Collection[int] | None = None) -> Iterator[Item]:
        documents = None if only is None else {document_of(item) for item in only}
        markdown = self.source.markdown
        for document in self.source.items(documents, as_written=True):
            if document.id in self.excluded:
                continue
            for number, text in matched_paragraphs(document.text, markdown, self.layout):
                item = document.id | number
                if only is None or item in only:
                    yield Item(item, text)


LAYOUT_SAMPLE = 1000


class LayoutSeen(NamedTuple):
    """What the first documents of a corpus showed about its paragraphs."""

    layout: ParagraphLayout
    seen: int
    with_blank: int
    """Documents with a blank line inside their text."""
    with_lines: int
    """Documents with line ends but no blank line."""

    @property
    def note(self) -> str:
        if not self.seen:
            return "no documents"
        where = f"of the first {self.seen:,} documents"
        if self.with_blank:
            return f"{self.with_blank:,} {where} have blank lines between paragraphs"
        if self.with_lines:
            return f"none {where} has a blank line between paragraphs, {self.with_lines:,} have line ends"
        return f"none {where} has a line end: each is one paragraph"


def sniff_layout(sources: Sequence[Source], sample: int = LAYOUT_SAMPLE) -> LayoutSeen:
    """The paragraph layout of a corpus, from its first ``sample`` documents in input order.

    Blank lines if any of them has a blank line inside its text; otherwise lines if any has a
    line end; otherwise (one line each) blank lines, which then changes nothing. The first
    documents of the inputs, not of the partitions: parts never change the result.
    """
    seen = with_blank = with_lines = 0
    for source in sources:
        for item in source.items():
            text = item.text.strip()
            seen += 1
            if _PARAGRAPH_BREAK.search(text):
                with_blank += 1
            elif "\n" in text:
                with_lines += 1
            if seen >= sample:
                break
        if seen >= sample:
            break
    layout: ParagraphLayout = "line" if with_lines and not with_blank else "blank"
    return LayoutSeen(layout, seen, with_blank, with_lines)
