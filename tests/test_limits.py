"""What cleannews refuses to read or walk (issue 14, items 5 and 10).

Walks never enter .git; --in-place and --check refuse /dev/stdin, pipes and
devices; settings and ignore files are read only when regular and small; a
JSON Lines record is held in memory only up to --max-record-bytes.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clitools import _env, assert_no_traceback, run, write

DIRTY = "Fish &amp; chips  cost more.\n"
CLEAN = "Fish & chips cost more.\n"

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")


def _run(
    *args: str | Path, timeout: float = 30, stdin: object = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleannews", *map(str, args)],
        stdin=stdin,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=timeout,
        check=False,
        cwd=cwd,
    )


# --- item 10: .git, /dev/stdin, FIFOs ----------------------------------------------


def test_git_folder_is_never_walked_even_when_the_settings_include_everything(tmp_path: Path) -> None:
    (tmp_path / ".cleannews.toml").write_text('include = ["*"]\nexclude = []\n')
    git = tmp_path / ".git"
    (git / "hooks").mkdir(parents=True)
    description = write(git, "description", "Unnamed repository;  edit this file &amp; name it.\n")
    hook = write(git / "hooks", "pre-commit.sample", "#!/bin/sh\n# a  sample &amp; hook\n")
    post = write(tmp_path, "post.txt", DIRTY)
    proc = run("--in-place", tmp_path)
    assert_no_traceback(proc)
    assert post.read_text() != DIRTY  # the walk did clean the folder
    assert description.read_text() == "Unnamed repository;  edit this file &amp; name it.\n"
    assert hook.read_text() == "#!/bin/sh\n# a  sample &amp; hook\n"


def test_a_git_folder_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    git = tmp_path / ".git"
    git.mkdir()
    description = write(git, "description", DIRTY)
    proc = run("--in-place", git)
    assert proc.returncode == 2
    assert "a version-control folder: never cleaned" in proc.stderr
    assert description.read_text() == DIRTY


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="no /dev/stdin")
def test_in_place_refuses_dev_stdin_and_leaves_the_redirected_file_alone(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", DIRTY)
    with story.open("rb") as handle:
        proc = _run("--in-place", "/dev/stdin", stdin=handle)
    assert proc.returncode == 2, proc.stderr
    assert "/dev/stdin: standard input or an open descriptor, not a file" in proc.stderr
    assert story.read_text() == DIRTY


@needs_fifo
@pytest.mark.parametrize("mode", ["--check", "--in-place"])
def test_a_fifo_without_a_writer_is_refused_not_waited_for(tmp_path: Path, mode: str) -> None:
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    proc = _run(mode, fifo, timeout=20)
    assert proc.returncode == 2
    assert "not a regular file (a pipe or a device)" in proc.stderr


def test_check_still_reads_stdin_given_as_dash() -> None:
    proc = run("--check", "-", stdin=DIRTY)
    assert proc.returncode == 1


# --- item 5: settings and ignore files ------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_gitignore_linked_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / ".gitignore").symlink_to("/dev/zero")
    write(posts, "a.md", DIRTY)
    proc = _run("--check", posts, timeout=30)
    assert_no_traceback(proc)
    assert proc.returncode == 1, proc.stderr


@needs_fifo
def test_gitignore_that_is_a_fifo_does_not_hang(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    os.mkfifo(posts / ".gitignore")
    write(posts, "a.md", DIRTY)
    proc = _run("--check", posts, timeout=20)
    assert proc.returncode == 1, proc.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_config_that_is_a_device_is_a_usage_error(tmp_path: Path) -> None:
    proc = _run("--config", "/dev/zero", "--check", write(tmp_path, "a.md", DIRTY), timeout=20)
    assert proc.returncode == 2
    assert "not a regular file" in proc.stderr


def test_a_settings_file_over_the_cap_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".cleannews.toml").write_text("# padding\n" * 200_000)  # 2 MB
    proc = run("--check", write(tmp_path, "a.md", DIRTY))
    assert proc.returncode == 2
    assert "larger than 1,048,576 bytes" in proc.stderr


# --- item 5: --max-record-bytes --------------------------------------------------------


def test_a_line_over_the_limit_stops_the_run_with_its_line_number(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "short &amp; fine"}),
        json.dumps({"text": "x" * 500}),
        json.dumps({"text": "ok"}),
    ]
    data = write(tmp_path, "in.jsonl", "\n".join(lines) + "\n")
    proc = run("--jsonl", "--max-record-bytes", "200", data, "-o", tmp_path / "out.jsonl")
    assert proc.returncode == 2
    assert f"{data}:2: a line longer than 200 bytes (--max-record-bytes)" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_lines_within_the_limit_are_cleaned() -> None:
    proc = run("--jsonl", "--max-record-bytes", "40", stdin=json.dumps({"text": "a &amp; b"}) + "\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == '{"text": "a & b"}\n'


def test_max_record_bytes_is_only_for_jsonl(tmp_path: Path) -> None:
    proc = run("--max-record-bytes", "10", write(tmp_path, "a.txt", DIRTY))
    assert proc.returncode == 2
    assert "--max-record-bytes: only with --jsonl" in proc.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="resource module")
def test_a_gzip_bomb_without_a_newline_is_stopped_in_bounded_memory(tmp_path: Path) -> None:
    """1 GiB of one line in a 1 MB gzip: it took 3.1 GB before the limit."""
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as handle:
        block = b'{"text": "' + b"a" * (1 << 20)
        handle.write(block)
        for _ in range(1023):
            handle.write(b"a" * (1 << 20))
    code = (
        "import resource, subprocess, sys\n"
        f"proc = subprocess.run([sys.executable, '-m', 'cleannews', '--jsonl', {str(bomb)!r}],"
        " capture_output=True, text=True)\n"
        "print(proc.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(proc.stderr)\n"
    )
    measured = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    first, *rest = measured.stdout.splitlines()
    status, peak_kib = map(int, first.split())
    assert status == 2, measured.stdout
    assert "a line longer than 67,108,864 bytes" in "\n".join(rest)
    assert peak_kib < 400 * 1024  # the 64 MiB line held once or twice, not the whole gigabyte


def test_bounded_lines_numbers_the_line_that_is_too_long() -> None:
    import io

    from cleannews.io.streams import StreamError, bounded_lines

    handle = io.BytesIO(b"short\n" + b"x" * 11 + b"\r\nlast")
    lines = bounded_lines(handle, 10, "in.jsonl", first=5)
    assert next(lines) == b"short\n"
    with pytest.raises(StreamError, match=r"^in\.jsonl:6: a line longer than 10 bytes"):
        next(lines)
    assert list(bounded_lines(io.BytesIO(b"1234567890\r\nabc"), 10, "x")) == [b"1234567890\r\n", b"abc"]


@pytest.mark.parametrize("partitioned", [False, True])
def test_dedup_stops_at_a_line_over_the_limit(tmp_path: Path, partitioned: bool) -> None:
    from click.testing import CliRunner

    from cleannews.cli_dedup import dedup

    lines = [json.dumps({"text": f"Story number {n} is short."}) for n in range(50)]
    lines[30] = json.dumps({"text": "long " * 400})
    data = write(tmp_path, "a.jsonl", "\n".join(lines) + "\n")
    size = ["--partition-size", "1"] if partitioned else []
    result = CliRunner().invoke(
        dedup, [str(data), "--check", "--jobs", "1", "--max-record-bytes", "1000", *size]
    )
    assert result.exit_code == 2, result.output
    assert f"{data}:31: a line longer than 1,000 bytes" in result.output
