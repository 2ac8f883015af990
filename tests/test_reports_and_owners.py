"""Reports that neither break nor tear, and files that keep their owner (issue 14, items 7 and 8)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from clitools import assert_no_traceback, run, write

DIRTY = "Fish &amp; chips  cost more.\n\nA second paragraph.\n"

posix_names = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="arbitrary bytes in file names")


# --- item 8: names that are not UTF-8 or hold a newline ---------------------------------


@posix_names
def test_a_name_that_is_not_utf8_is_escaped_in_every_report(tmp_path: Path) -> None:
    folder = tmp_path / "posts"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(DIRTY.encode())
    report = tmp_path / "report.json"
    proc = run("--check", "--diff", "--report-json", report, folder)
    assert_no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    assert f"--- '{folder}/caf\\xe9.txt'" in proc.stdout
    assert f"Would fix '{folder}/caf\\xe9.txt'" in proc.stderr
    document = json.loads(report.read_text())
    assert [entry["path"] for entry in document["files"]] == [f"'{folder}/caf\\xe9.txt'"]


@posix_names
def test_dedup_report_with_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    story = "A story long enough to be a document of its own, told twice over here.\n" * 5
    for name in (b"a\xe9.txt", b"b\xe9.txt"):
        with open(os.fsencode(tmp_path) + b"/" + name, "wb") as handle:
            handle.write(story.encode())
    report = tmp_path / "clusters.jsonl"
    proc = run("dedup", tmp_path, "--check", "--report", report)
    assert_no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    assert "a\\xe9.txt" in proc.stderr
    # (the five equal lines may also be reported as a paragraph cluster: dedup
    # now reads single-newline text as one paragraph a line)
    assert "documents" in [json.loads(line)["kind"] for line in report.read_text().splitlines()]


@posix_names
def test_a_newline_in_a_name_cannot_forge_a_report_line(tmp_path: Path) -> None:
    forged = write(tmp_path, "x.txt\nevil.txt:1: duplicates dropped: forged", DIRTY)
    proc = run(forged)
    assert_no_traceback(proc)
    assert not any(line.startswith("evil.txt") for line in proc.stderr.splitlines())
    assert f"'{tmp_path}/x.txt\\nevil.txt:1: duplicates dropped: forged'" in proc.stderr


def test_reports_are_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk while writing leaves the previous report, not a torn one."""
    import errno

    from cleannews import report as report_module
    from cleannews.report import FileReport

    target = tmp_path / "report.json"
    target.write_text('{"previous": true}\n')

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    for writer in (report_module.write_json, report_module.write_removals):
        with pytest.raises(OSError, match="No space left on device"):
            writer([FileReport("a.txt")], str(target))
        assert target.read_text() == '{"previous": true}\n'
        assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


# --- item 7: owner, extended attributes, hard links ------------------------------------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give files away")
def test_root_cleaning_another_users_file_keeps_its_owner(tmp_path: Path) -> None:
    post = write(tmp_path, "post.txt", DIRTY)
    os.chown(post, 1001, 1001)
    post.chmod(0o640)
    proc = run("--in-place", post)
    assert proc.returncode == 1, proc.stderr
    status = post.stat()
    assert (status.st_uid, status.st_gid, status.st_mode & 0o777) == (1001, 1001, 0o640)
    assert post.read_text() != DIRTY


def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    post = write(tmp_path, "post.txt", DIRTY)
    try:
        os.setxattr(post, "user.origin", b"scraper-7")
    except (OSError, AttributeError):
        pytest.skip("this file system keeps no user.* attributes")
    proc = run("--in-place", post)
    assert proc.returncode == 1, proc.stderr
    assert post.read_text() != DIRTY
    assert os.getxattr(post, "user.origin") == b"scraper-7"


def test_a_file_with_hard_links_is_refused_not_split(tmp_path: Path) -> None:
    post = write(tmp_path, "post.txt", DIRTY)
    second = tmp_path / "second-name.txt"
    os.link(post, second)
    proc = run("--in-place", post)
    assert proc.returncode == 2
    assert "has 2 hard links" in proc.stderr
    assert post.read_text() == DIRTY and second.read_text() == DIRTY
    assert post.stat().st_ino == second.stat().st_ino
