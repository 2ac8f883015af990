"""An edit saved while cleannews cleans a file is never lost (issue 14, item 1).

``--in-place`` and ``--jsonl -o`` over an input remember what they read and
write only if the file is still that; otherwise the file is left as the other
writer saved it, the run says ``skipped: changed while cleaning`` and exits 2.
The subprocess tests make a real concurrent edit at the moment that matters,
told by inotify when the cleaner has read (or started reading) the file.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import random
import select
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from clitools import assert_no_traceback, run, start, write

from cleannews.io.atomic import CHANGED_WHILE_CLEANING, write_atomic
from cleannews.io.files import read_file

DIRTY = "Fish &amp; chips  cost more.\n\nA second paragraph.\n"
CLEAN = "Fish & chips cost more.\n\nA second paragraph.\n"
EDIT = "Someone saved this while cleannews was cleaning.\n"


def test_write_atomic_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    post = write(tmp_path, "post.txt", DIRTY)
    _, snapshot = read_file(str(post))
    post.write_text(EDIT)
    with pytest.raises(OSError, match="changed while cleaning"):
        write_atomic(str(post), CLEAN.encode(), unchanged_since=snapshot)
    assert post.read_text() == EDIT
    assert [p.name for p in tmp_path.iterdir()] == ["post.txt"]  # no temporary file left


def test_same_size_edit_with_its_mtime_put_back_is_caught_by_the_hash(tmp_path: Path) -> None:
    post = write(tmp_path, "post.txt", DIRTY)
    _, snapshot = read_file(str(post))
    before = post.stat()
    edited = DIRTY.replace("Fish", "Dish")
    post.write_text(edited)
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert post.stat().st_size == before.st_size
    with pytest.raises(OSError, match="changed while cleaning"):
        write_atomic(str(post), CLEAN.encode(), unchanged_since=snapshot)
    assert post.read_text() == edited


def test_a_replaced_file_with_the_same_bytes_is_a_change(tmp_path: Path) -> None:
    """Saved by rename (as editors do), the file is another inode even with the same text."""
    post = write(tmp_path, "post.txt", DIRTY)
    _, snapshot = read_file(str(post))
    replacement = write(tmp_path, "new.txt", DIRTY)
    replacement.replace(post)
    with pytest.raises(OSError, match="changed while cleaning"):
        write_atomic(str(post), CLEAN.encode(), unchanged_since=snapshot)


def test_unchanged_file_is_written(tmp_path: Path) -> None:
    post = write(tmp_path, "post.txt", DIRTY)
    _, snapshot = read_file(str(post))
    write_atomic(str(post), CLEAN.encode(), unchanged_since=snapshot)
    assert post.read_text() == CLEAN


def test_in_place_keeps_an_edit_saved_during_cleaning_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit lands between the read and the write (during the cleaning itself)."""
    import cleannews.pipeline
    from cleannews.commands.files import FileStatus, Job, run_job
    from cleannews.config import DEFAULT_CONFIG

    post = write(tmp_path, "post.txt", DIRTY)
    real_clean = cleannews.pipeline.clean_and_explain

    def clean_while_someone_saves(*args: object, **kwargs: object) -> object:
        post.write_text(EDIT)
        return real_clean(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cleannews.pipeline, "clean_and_explain", clean_while_someone_saves)
    outcome = run_job(Job(str(post), DEFAULT_CONFIG, write=True))
    assert outcome.status is FileStatus.ERROR
    assert outcome.report.error == CHANGED_WHILE_CLEANING
    assert post.read_text() == EDIT


# --- real concurrent edits, in a subprocess -------------------------------------------

_IN_ACCESS = 0x001
_IN_CLOSE_NOWRITE = 0x010


class _Inotify:
    """Just enough of Linux inotify (through ctypes) to wait for a reader of one file."""

    def __init__(self, path: Path, mask: int) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.fd = libc.inotify_init()
        if self.fd < 0 or libc.inotify_add_watch(self.fd, os.fsencode(path), mask) < 0:
            raise OSError(ctypes.get_errno(), "inotify")

    def wait(self, timeout: float) -> int:
        """The mask of the next event, or 0 when none came in ``timeout`` seconds."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return 0
        data = os.read(self.fd, 4096)
        return int(struct.unpack_from("iIII", data)[1])

    def close(self) -> None:
        os.close(self.fd)


needs_inotify = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses Linux inotify")


def _big_dirty_text(paragraphs: int) -> str:
    """Many distinct paragraphs, each with something to fix, so cleaning takes a while."""
    rng = random.Random(14)
    words = "the council said on tuesday that new rules for river water would start in spring".split()
    return (
        "\n\n".join(
            " ".join(rng.choice(words) for _ in range(40)) + f" item {number} &amp; more."
            for number in range(paragraphs)
        )
        + "\n"
    )


def _finish(proc: subprocess.Popen[bytes]) -> subprocess.CompletedProcess[str]:
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out.decode(), err.decode())


@needs_inotify
def test_in_place_keeps_an_edit_saved_after_the_file_was_read(tmp_path: Path) -> None:
    post = write(tmp_path, "post.txt", _big_dirty_text(12_000))
    watch = _Inotify(post, _IN_CLOSE_NOWRITE)
    try:
        proc = start("--in-place", post)
        assert watch.wait(timeout=60) & _IN_CLOSE_NOWRITE, "cleannews never read the file"
        post.write_text(EDIT)  # saved in place, as `>` or a 4 KB-piece writer does
    finally:
        watch.close()
    done = _finish(proc)
    assert_no_traceback(done)
    assert post.read_text() == EDIT
    assert done.returncode == 2, done.stderr
    assert "post.txt: skipped: changed while cleaning" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["post.txt"]


@needs_inotify
def test_in_place_keeps_a_file_saved_by_rename_after_it_was_read(tmp_path: Path) -> None:
    post = write(tmp_path, "post.txt", _big_dirty_text(12_000))
    saved = write(tmp_path, "editor-save.tmp", EDIT)
    watch = _Inotify(post, _IN_CLOSE_NOWRITE)
    try:
        proc = start("--in-place", post)
        assert watch.wait(timeout=60) & _IN_CLOSE_NOWRITE, "cleannews never read the file"
        saved.replace(post)
    finally:
        watch.close()
    done = _finish(proc)
    assert post.read_text() == EDIT
    assert done.returncode == 2, done.stderr
    assert "skipped: changed while cleaning" in done.stderr


@needs_inotify
def test_jsonl_output_over_its_input_keeps_an_edit_saved_during_the_run(tmp_path: Path) -> None:
    import json

    lines = [json.dumps({"id": n, "text": f"Fish &amp; chips number {n}, " * 20}) for n in range(40_000)]
    data = write(tmp_path, "data.jsonl", "\n".join(lines) + "\n")
    appended = '{"id": "added while cleaning", "text": "new record"}\n'
    watch = _Inotify(data, _IN_ACCESS)
    try:
        proc = start("--jsonl", data, "-o", data)
        assert watch.wait(timeout=60) & _IN_ACCESS, "cleannews never read the file"
        with data.open("a") as handle:
            handle.write(appended)
    finally:
        watch.close()
    done = _finish(proc)
    assert_no_traceback(done)
    assert done.returncode == 2, done.stderr
    assert "skipped: changed while cleaning" in done.stderr
    assert data.read_text().endswith(appended)
    assert "&amp;" in data.read_text()  # not replaced by the clean copy
    assert [p.name for p in tmp_path.iterdir()] == ["data.jsonl"]


def test_jsonl_output_over_an_unchanged_input_is_written(tmp_path: Path) -> None:
    data = write(tmp_path, "data.jsonl", '{"text": "Fish &amp; chips"}\n')
    done = run("--jsonl", data, "-o", data)
    assert done.returncode == 0, done.stderr
    assert data.read_text() == '{"text": "Fish & chips"}\n'
