"""Worker processes live and die with their run (issue 14, item 2).

A killed run leaves no worker behind and no worker writes after it; what a
killed run left in a folder is removed by the next run there; a worker killed
on its own (the OOM killer) ends the run with a clear error, exit 2, and the
summary of what was done.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clitools import assert_no_traceback, run, start, write
from processes import session_processes, worker_processes

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

DIRTY = "Fish &amp; chips  cost more.\n\nA second paragraph.\n"


def _posts(folder: Path, count: int, paragraphs: int = 400) -> None:
    """Files that take a while to clean (distinct paragraphs, each with something to fix)."""
    folder.mkdir()
    for number in range(count):
        body = "\n\n".join(
            f"Post {number} paragraph {p}: the council &amp; the river  board met on day {p * 7 + number}."
            for p in range(paragraphs)
        )
        (folder / f"post{number:03}.md").write_text(body + "\n")


def _start(*args: str | Path) -> subprocess.Popen[bytes]:
    # its own session: every process it starts is found by session_processes
    return start(*args, new_session=True)


def _wait_for_workers(proc: subprocess.Popen[bytes], count: int, timeout: float = 30) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = worker_processes(proc.pid)
        if len(workers) >= count:
            return workers
        assert proc.poll() is None, "the run ended before its workers were seen"
        time.sleep(0.01)
    raise AssertionError("no worker processes appeared")


@linux_only
def test_workers_die_with_a_killed_parent_and_write_nothing_after(tmp_path: Path) -> None:
    folder = tmp_path / "posts"
    _posts(folder, 60)
    proc = _start("--in-place", "--jobs", "2", "-q", folder)
    _wait_for_workers(proc, 2)
    time.sleep(0.3)  # let them start on some files
    assert proc.poll() is None, "the run ended before it could be killed: give it more work"
    proc.kill()
    proc.wait()
    killed_at = time.time()
    time.sleep(1.0)
    assert session_processes(proc.pid) == []
    # Nothing was written after the kill: no file is newer than it.
    assert all(path.stat().st_mtime <= killed_at + 0.05 for path in folder.iterdir())


@linux_only
def test_a_killed_worker_is_exit_2_with_a_summary_not_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "posts"
    _posts(folder, 60)
    proc = _start("--in-place", "--jobs", "2", folder)
    workers = _wait_for_workers(proc, 2)
    time.sleep(0.3)
    assert proc.poll() is None, "the run ended before a worker could be killed: give it more work"
    os.kill(workers[0], signal.SIGKILL)  # as the OOM killer does
    _, err = proc.communicate(timeout=120)
    stderr = err.decode()
    assert "Traceback" not in stderr
    assert proc.returncode == 2, stderr
    assert "a worker process was killed" in stderr
    assert "files not finished" in stderr
    assert "not finished: its worker process was killed" in stderr
    summary = stderr.rstrip().splitlines()[-1]
    assert re.fullmatch(r"\d+ files? fixed, \d+ unchanged, \d+ errors?", summary), summary


@linux_only
def test_jsonl_worker_killed_is_exit_2_and_no_output(tmp_path: Path) -> None:
    import json

    data = write(
        tmp_path,
        "in.jsonl",
        "".join(
            json.dumps({"text": f"Record {n} &amp; more  text here. " * 30}) + "\n" for n in range(30_000)
        ),
    )
    out = tmp_path / "out.jsonl"
    proc = _start("--jsonl", "--jobs", "3", data, "-o", out)
    workers = _wait_for_workers(proc, 2)
    time.sleep(0.2)
    assert proc.poll() is None, "the run ended before a worker could be killed: give it more work"
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    stderr = err.decode()
    assert "Traceback" not in stderr
    assert proc.returncode == 2, stderr
    assert "a worker process was killed" in stderr and "was not written" in stderr
    assert " records, " in stderr.splitlines()[-1]  # the summary of what was done
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_the_next_run_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    from cleannews.io.atomic import _host

    post = write(tmp_path, "post.md", "Already clean.\n")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    left = tmp_path / f".post.md.{dead_pid}-{_host()}.abcd_123.cleannews"
    left.write_text("half a file")
    live = tmp_path / f".post.md.{os.getpid()}-{_host()}.efgh_456.cleannews"  # this run is alive
    live.write_text("being written")
    elsewhere = tmp_path / f".post.md.{dead_pid}-00000000.ijkl_789.cleannews"  # another machine's
    elsewhere.write_text("being written there")
    old = tmp_path / ".post.md.mnop_012.cleannews"  # an older version's name, two hours old
    old.write_text("old")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    unrelated = write(tmp_path, ".notes.cleannews", "not ours")
    proc = run("--in-place", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert post.read_text() == "Already clean.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [post.name, live.name, elsewhere.name, unrelated.name]
    )


def test_jsonl_output_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    from cleannews.io.atomic import _host

    data = write(tmp_path, "in.jsonl", '{"text": "a  b"}\n')
    left = tmp_path / f".out.jsonl.999999999-{_host()}.abcd_123.cleannews"
    left.write_text("half")
    proc = run("--jsonl", data, "-o", tmp_path / "out.jsonl")
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_a_worker_whose_parent_is_gone_stops_at_once() -> None:
    """init_worker given a parent that is not its parent (as after the parent died) exits."""
    proc = subprocess.run(
        [sys.executable, "-c", "from cleannews.workers import init_worker; init_worker(1); print('went on')"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "")


def test_temporary_files_are_named_for_their_run(tmp_path: Path) -> None:
    from cleannews.io.atomic import _TEMPORARY, temporary_beside

    handle, path = temporary_beside(tmp_path / "post.md")
    os.close(handle)
    match = _TEMPORARY.fullmatch(path.name)
    assert match is not None and match["name"] == "post.md" and int(match["pid"]) == os.getpid()


@linux_only
def test_a_worker_killed_while_sending_a_large_result_ends_the_run_not_hangs() -> None:
    """concurrent.futures' pool waited forever for the rest of such a result (seen in CI)."""
    from cleannews.workers import WorkerDied, WorkerPool

    with pytest.raises(WorkerDied), WorkerPool(1) as pool:
        task = pool.submit(bytes, 50_000_000)
        time.sleep(0.5)  # the result is being sent: the pipe holds 64 KB of it, the rest waits
        os.kill(pool._workers[0].process.pid, signal.SIGKILL)
        task.result()


def test_the_pool_keeps_the_order_passes_errors_and_finishes_calls_under_way() -> None:
    from cleannews.workers import WorkerPool

    with WorkerPool(2) as pool:
        assert list(pool.map(pow, range(50), [2] * 50, chunk=3)) == [n * n for n in range(50)]
        failing = pool.submit(divmod, 1, 0)
        with pytest.raises(ZeroDivisionError):
            failing.result()
        under_way = pool.submit(sum, range(10**6))
    assert under_way.done() and under_way.result() == sum(range(10**6))
