"""--in-place, --check and --diff on files and folders, run as a real subprocess."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from clitools import assert_no_traceback, run, write

PARA = "The council approved the new bridge on Tuesday after a long debate about traffic."
DIRTY_MD = f"---\ntitle: Bridge\n---\n\nThe  council\u00a0met. Donâ€™t panic.\n\n```\ncode  \n```\n\n{PARA}\n"
CLEAN_MD = f"---\ntitle: Bridge\n---\n\nThe council met. Don’t panic.\n\n```\ncode  \n```\n\n{PARA}\n"
DIRTY_TXT = "Bridge plan approved\nBridge plan approved | BBC News\n\nDon&#8217;t\u00a0panic.   \n"
CLEAN_TXT = "Bridge plan approved\n\nDon’t panic.\n"

needs_posix = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and symlinks")


def site(tmp_path: Path) -> Path:
    """A small content folder: one dirty post, one clean post, one dirty text file."""
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    write(root / "posts", "dirty.md", DIRTY_MD)
    write(root / "posts", "clean.md", CLEAN_MD)
    write(root, "notes.txt", DIRTY_TXT)
    return root


# --- modes and exit codes ---------------------------------------------------------


def test_in_place_fixes_changed_files_and_exits_1(tmp_path: Path) -> None:
    root = site(tmp_path)
    proc = run("--in-place", root)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    assert (root / "posts" / "dirty.md").read_text() == CLEAN_MD
    assert (root / "notes.txt").read_text() == CLEAN_TXT
    assert f"Fixed {root / 'posts' / 'dirty.md'}" in proc.stderr
    assert "clean.md" not in proc.stderr
    assert proc.stderr.rstrip().endswith("2 files fixed, 1 unchanged")


def test_second_in_place_run_changes_nothing_and_exits_0(tmp_path: Path) -> None:
    root = site(tmp_path)
    run("--in-place", root)
    proc = run("--in-place", root)
    assert proc.returncode == 0
    assert proc.stderr.rstrip().endswith("0 files fixed, 3 unchanged")


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    root = site(tmp_path)
    clean = root / "posts" / "clean.md"
    os.utime(clean, (1_000_000_000, 1_000_000_000))
    inode = clean.stat().st_ino
    run("--in-place", root)
    assert clean.stat().st_mtime == 1_000_000_000
    assert clean.stat().st_ino == inode


def test_check_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    root = site(tmp_path)
    proc = run("--check", root)
    assert proc.returncode == 1
    assert (root / "posts" / "dirty.md").read_text() == DIRTY_MD
    assert f"Would fix {root / 'posts' / 'dirty.md'}" in proc.stderr
    assert "2 files would be fixed, 1 unchanged" in proc.stderr
    assert proc.stdout == ""


def test_check_on_clean_files_exits_0(tmp_path: Path) -> None:
    clean = write(tmp_path, "clean.md", CLEAN_MD)
    proc = run("--check", clean)
    assert proc.returncode == 0
    assert "0 files would be fixed, 1 unchanged" in proc.stderr


def test_diff_alone_prints_a_patch_writes_nothing_and_exits_0(tmp_path: Path) -> None:
    dirty = write(tmp_path, "dirty.md", DIRTY_MD)
    proc = run("--diff", dirty)
    assert proc.returncode == 0
    assert dirty.read_text() == DIRTY_MD
    assert f"--- {dirty}\n+++ {dirty} (cleaned)\n" in proc.stdout
    assert "-The  council\u00a0met. Donâ€™t panic.\n+The council met. Don’t panic.\n" in proc.stdout
    assert "\x1b[" not in proc.stdout  # piped: no colour


def test_check_and_diff_together(tmp_path: Path) -> None:
    dirty = write(tmp_path, "dirty.md", DIRTY_MD)
    proc = run("--check", "--diff", dirty)
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"--- {dirty}\n")
    assert dirty.read_text() == DIRTY_MD


def test_diff_shows_a_missing_final_newline(tmp_path: Path) -> None:
    post = write(tmp_path, "post.md", "Text without a final newline.")
    proc = run("--diff", post)
    assert "-Text without a final newline.\n\\ No newline at end of file\n+Text without" in proc.stdout


def test_check_reads_stdin() -> None:
    assert run("--check", stdin=DIRTY_TXT).returncode == 1
    assert run("--check", "-", stdin=CLEAN_TXT).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--in-place", "--check", "x.md"), "cannot be used together"),
        (("--in-place",), "stdin cannot be written back"),
        (("--in-place", "-"), "stdin cannot be written back"),
        (("--format", "rst", "x.md"), "Invalid value for '--format'"),
        (("--jobs", "0", "x.md"), "Invalid value for '-j' / '--jobs'"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert_no_traceback(proc)


def test_missing_path_is_exit_2_and_the_rest_is_processed(tmp_path: Path) -> None:
    dirty = write(tmp_path, "dirty.md", DIRTY_MD)
    proc = run("--in-place", tmp_path / "nope.md", dirty)
    assert proc.returncode == 2
    assert "nope.md: no such file or directory" in proc.stderr
    assert dirty.read_text() == CLEAN_MD
    assert "1 file fixed, 0 unchanged, 1 error" in proc.stderr


# --- what a rewrite keeps -------------------------------------------------------------


def test_crlf_file_keeps_crlf(tmp_path: Path) -> None:
    post = write(tmp_path, "post.md", DIRTY_MD.replace("\n", "\r\n").encode())
    assert run("--in-place", post).returncode == 1
    assert post.read_bytes() == CLEAN_MD.replace("\n", "\r\n").encode()


def test_encoding_is_kept(tmp_path: Path) -> None:
    text = "Caf\u00e9\u00a0prices rose \u2013 again.  \n"
    post = write(tmp_path, "post.txt", text.encode("cp1252"))
    proc = run("--in-place", post)
    assert proc.returncode == 1, proc.stderr
    assert post.read_bytes() == "Caf\u00e9 prices rose \u2013 again.\n".encode("cp1252")


def test_utf8_bom_is_kept(tmp_path: Path) -> None:
    post = write(tmp_path, "post.txt", b"\xef\xbb\xbfOne two.  \n")
    run("--in-place", post)
    assert post.read_bytes() == b"\xef\xbb\xbfOne two.\n"


@needs_posix
def test_file_mode_is_kept(tmp_path: Path) -> None:
    post = write(tmp_path, "post.md", DIRTY_MD)
    post.chmod(0o640)
    run("--in-place", post)
    assert stat.S_IMODE(post.stat().st_mode) == 0o640
    assert post.read_text() == CLEAN_MD


@needs_posix
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write read-only files")
def test_read_only_file_is_reported_and_the_others_still_fixed(tmp_path: Path) -> None:
    locked = write(tmp_path, "a-locked.md", DIRTY_MD)
    locked.chmod(0o444)
    other = write(tmp_path, "b-other.md", DIRTY_MD)
    proc = run("--in-place", tmp_path)
    assert proc.returncode == 2
    assert "a-locked.md: cannot write: permission denied" in proc.stderr
    assert locked.read_text() == DIRTY_MD
    assert other.read_text() == CLEAN_MD
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left
    assert_no_traceback(proc)


@needs_posix
def test_symlink_named_explicitly_is_fixed_through_the_link(tmp_path: Path) -> None:
    real = write(tmp_path, "real.md", DIRTY_MD)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert run("--in-place", link).returncode == 1
    assert link.is_symlink()
    assert real.read_text() == CLEAN_MD


@needs_posix
def test_symlinks_found_in_a_folder_are_not_followed(tmp_path: Path) -> None:
    outside = write(tmp_path, "outside.md", DIRTY_MD)
    root = tmp_path / "site"
    root.mkdir()
    (root / "link.md").symlink_to(outside)
    proc = run("--in-place", root)
    assert proc.returncode == 0
    assert outside.read_text() == DIRTY_MD


def test_binary_file_in_a_folder_is_skipped_and_the_rest_fixed(tmp_path: Path) -> None:
    root = site(tmp_path)
    write(root, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    proc = run("--in-place", root)
    assert proc.returncode == 1
    assert f"skipped {root / 'image.md'}: binary data" in proc.stderr
    assert "2 files fixed, 1 unchanged, 1 skipped" in proc.stderr
    assert (root / "image.md").read_bytes().startswith(b"\x89PNG")


def test_binary_file_named_explicitly_is_an_error(tmp_path: Path) -> None:
    image = write(tmp_path, "image.md", b"\x00\x01\x02")
    proc = run("--check", image)
    assert proc.returncode == 2
    assert "binary data" in proc.stderr


def test_empty_file_is_unchanged(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.md", b"")
    proc = run("--in-place", empty)
    assert proc.returncode == 0
    assert empty.read_bytes() == b""


# --- folders, configuration, formats ------------------------------------------------------


def test_folder_walk_honours_include_exclude_and_gitignore(tmp_path: Path) -> None:
    root = site(tmp_path)
    for name in ("drafts/a.md", "vendor/b.md", ".hidden/c.md", "ignored.md", "data.csv"):
        path = root / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(DIRTY_MD)
    (root / ".gitignore").write_text("ignored.md\n")
    (root / ".cleannews.toml").write_text(
        'exclude-extend = ["drafts/"]\n'.replace("exclude-extend", "extend-exclude")
    )
    proc = run("--check", "--exclude", "vendor/", root)
    assert proc.returncode == 1
    would = sorted(
        line.split(str(root) + os.sep)[1] for line in proc.stderr.splitlines() if "Would fix" in line
    )
    assert would == ["notes.txt", f"posts{os.sep}dirty.md"]


def test_settings_file_switches_steps_and_cli_overrides_it(tmp_path: Path) -> None:
    text = f"{PARA}\n\nOther words here.\n\n{PARA}\n"
    story = write(tmp_path, "story.txt", text)
    (tmp_path / "pyproject.toml").write_text("[tool.cleannews]\nduplicates = false\n")
    assert run(story).stdout == text
    (tmp_path / "pyproject.toml").write_text("[tool.cleannews]\nduplicates = true\n")
    assert run(story).stdout == f"{PARA}\n\nOther words here.\n"
    assert run("--no-duplicates", story).stdout == text


def test_unknown_settings_key_is_exit_2_naming_the_key(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", DIRTY_TXT)
    (tmp_path / ".cleannews.toml").write_text("duplicate-treshold = 90\n")
    proc = run(story)
    assert proc.returncode == 2
    assert "duplicate-treshold" in proc.stderr
    assert "duplicate-threshold" in proc.stderr
    assert_no_traceback(proc)


def test_config_option_names_the_file(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", DIRTY_TXT)
    settings = write(tmp_path, "elsewhere.toml", "html-entities = false\n")
    assert "&#8217;" in run("--config", settings, story).stdout


def test_format_option_forces_markdown_on_a_text_file(tmp_path: Path) -> None:
    text = "```\ncode  with  spaces\n```\n"
    story = write(tmp_path, "story.txt", text)
    assert run("--format", "markdown", story).stdout == text
    assert run(story).stdout == "```\n\ncode with spaces\n\n```\n"


def test_two_jobs_keep_the_input_order(tmp_path: Path) -> None:
    names = [f"post{i:02}.md" for i in range(24)]
    for i, name in enumerate(names):
        write(tmp_path, name, f"Post  number {i}.\n")
    proc = run("--check", "--jobs", "2", tmp_path)
    assert proc.returncode == 1
    fixed = [line.rsplit(os.sep, 1)[1] for line in proc.stderr.splitlines() if line.startswith("Would fix")]
    assert fixed == names


def test_many_files_use_both_cores_by_default_and_match_one_job(tmp_path: Path) -> None:
    for i in range(12):
        write(tmp_path, f"post{i:02}.md", DIRTY_MD + (f"Extra paragraph {i}.\n\n" * 3000))
    one = run("--diff", "--jobs", "1", tmp_path)
    default = run("--diff", tmp_path)
    assert one.stdout == default.stdout
    assert one.stdout.count("+++ ") == 12


def test_report_json_in_file_modes(tmp_path: Path) -> None:
    import json

    root = site(tmp_path)
    report = tmp_path / "report.json"
    run("--check", "--report-json", report, root)
    files = json.loads(report.read_text())["files"]
    # A folder's files come before its subfolders, each in name order.
    assert [Path(f["path"]).name for f in files] == ["notes.txt", "clean.md", "dirty.md"]
    assert [f["changed"] for f in files] == [True, False, True]


@pytest.mark.parametrize(
    "args",
    [
        ["--check", "-q", "--report-json", "{x}", "{x}"],
        ["-i", "--removals", "{x}", "{x}"],
        ["--check", "--report-json", "{x}", "{folder}"],
        ["--report-json", "{x}", "{x}"],
    ],
)
def test_a_report_over_an_input_is_refused_and_the_input_kept(tmp_path: Path, args: list[str]) -> None:
    """The report would replace the article, even under --check, which writes nothing else."""
    (tmp_path / "posts").mkdir()
    article = write(tmp_path / "posts", "story.txt", "Storm hits coast\n\nStorm hits coast\n\nBody  text.\n")
    before = article.read_bytes()
    proc = run(*(arg.format(x=article, folder=article.parent) for arg in args))
    assert proc.returncode == 2
    assert "would overwrite the" in proc.stderr and "story.txt" in proc.stderr
    assert article.read_bytes() == before
    assert_no_traceback(proc)


def test_a_jsonl_report_over_the_output_is_refused(tmp_path: Path) -> None:
    source = write(tmp_path, "in.jsonl", '{"text": "a"}\n')
    output = tmp_path / "out.jsonl"
    proc = run("--jsonl", source, "-o", output, "--report-json", output)
    assert proc.returncode == 2
    assert "--report-json would overwrite the output" in proc.stderr
    assert not output.exists()


def test_quiet_file_mode_prints_nothing_but_keeps_the_exit_code(tmp_path: Path) -> None:
    root = site(tmp_path)
    proc = run("-q", "--check", root)
    assert proc.returncode == 1
    assert proc.stderr == ""


@pytest.mark.skipif(sys.platform == "win32", reason="signals")
def test_files_are_either_old_or_new_after_a_kill(tmp_path: Path) -> None:
    """A kill in mid-run leaves each file whole: writes go to a temporary file, then rename."""
    import signal
    import subprocess
    import time

    original = (DIRTY_MD * 200).encode()
    cleaned = run("--format", "markdown", stdin=DIRTY_MD * 200).stdout.encode()
    for i in range(400):  # seconds of work, so the kill lands in the middle
        write(tmp_path, f"post{i:03}.md", original)
    proc = subprocess.Popen([sys.executable, "-m", "cleannews", "-q", "--in-place", "--jobs", "1", tmp_path])
    time.sleep(0.8)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL  # killed, not finished
    contents = [path.read_bytes() for path in sorted(tmp_path.glob("post*.md"))]
    assert set(contents) <= {original, cleaned}
    assert original in contents  # the run was stopped before the last files


# Every write stalls once its temporary file exists (the workers, forked, have the patch too).
_STALLED_WRITES = """
import sys, time
import cleannews.io.atomic as atomic
atomic._copy_owner_and_xattrs = lambda *arguments: time.sleep(60)
from cleannews.cli import entry
sys.argv = ["cleannews", "-q", "--in-place", "--jobs", "2", sys.argv[1]]
entry()
"""


@pytest.mark.skipif(sys.platform != "linux", reason="signals, and forked workers")
@pytest.mark.parametrize(("signal_name", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_an_interrupted_run_removes_the_temporary_files_its_workers_were_writing(
    tmp_path: Path, signal_name: str, code: int
) -> None:
    """Ctrl-C or SIGTERM while worker processes are writing: the run kills them, and
    the temporary files they were writing go too ("temporary files removed")."""
    import signal
    import subprocess
    import time

    for i in range(6):
        write(tmp_path, f"post{i}.md", DIRTY_MD)
    proc = subprocess.Popen([sys.executable, "-c", _STALLED_WRITES, str(tmp_path)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob(".*.cleannews"))) < 2:  # both workers in mid-write
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(getattr(signal, signal_name))
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []
    assert {path.read_text() for path in tmp_path.glob("post*.md")} == {DIRTY_MD}
    assert b"Traceback" not in stderr


def test_plain_text_files_keep_their_layout_in_place(tmp_path: Path) -> None:
    """requirements.txt, a poem, an indented list: a hook must not put blank lines between their lines."""
    requirements = write(tmp_path, "requirements.txt", "flask==3.0\nrequests>=2.31\n  # pinned\n")
    poem = write(tmp_path, "poem.txt", "The rain\u00a0falls   \n  on the roof\nThe rain falls\n\n\n\nEnd.\n")
    table = write(tmp_path, "table.txt", "Name      Age\nAlice\u00a0\u00a0    30\n")
    proc = run("--in-place", requirements, poem, table)
    assert proc.returncode == 1
    assert requirements.read_text() == "flask==3.0\nrequests>=2.31\n  # pinned\n"
    assert poem.read_text() == "The rain falls\n  on the roof\nThe rain falls\n\nEnd.\n"
    assert table.read_text() == "Name      Age\nAlice      30\n"  # columns stay aligned


def test_paragraph_breaks_setting_restores_the_scraped_text_layout(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", "Headline\nCaption line\n")
    (tmp_path / ".cleannews.toml").write_text("paragraph-breaks = true\n")
    run("--in-place", story)
    assert story.read_text() == "Headline\n\nCaption line\n"


def test_unwritable_file_is_reported_and_the_others_still_fixed_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as the read-only test, for any user: the write itself fails for one file."""
    from click.testing import CliRunner

    import cleannews.commands.files
    from cleannews.cli import main

    locked = write(tmp_path, "a-locked.md", DIRTY_MD)
    other = write(tmp_path, "b-other.md", DIRTY_MD)
    real_write = cleannews.commands.files.write_atomic

    def failing_write(path: str, data: bytes, unchanged_since: object = None) -> None:
        if path.endswith("a-locked.md"):
            raise PermissionError(13, "Permission denied", path)
        real_write(path, data, unchanged_since)

    monkeypatch.setattr(cleannews.commands.files, "write_atomic", failing_write)
    result = CliRunner().invoke(main, ["--in-place", "--jobs", "1", str(tmp_path)])
    assert result.exit_code == 2
    assert "a-locked.md: cannot write: Permission denied" in result.output
    assert locked.read_text() == DIRTY_MD
    assert other.read_text() == CLEAN_MD
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unreadable_file_is_reported_and_the_others_still_fixed_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For any user: reading one file fails. The command line itself must not
    refuse the run for it (click checks readability before any work), so the
    other files are still fixed."""
    from click.testing import CliRunner

    import cleannews.commands.files
    from cleannews.cli import main
    from cleannews.io.files import InputError

    locked = write(tmp_path, "a-locked.md", DIRTY_MD)
    other = write(tmp_path, "b-other.md", DIRTY_MD)
    real_read = cleannews.commands.files.read_file

    def failing_read(path: str, **options: object) -> object:
        if path.endswith("a-locked.md"):
            raise InputError("permission denied")
        return real_read(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(cleannews.commands.files, "read_file", failing_read)
    monkeypatch.setattr(os, "access", lambda path, mode, **kwargs: not str(path).endswith("a-locked.md"))
    result = CliRunner().invoke(main, ["--in-place", "--jobs", "1", str(locked), str(other)])
    assert result.exit_code == 2
    assert "a-locked.md: permission denied" in result.output
    assert other.read_text() == CLEAN_MD


def test_internal_error_is_exit_123_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug (here: the safety check failing on one file) must not write that file or stop the others."""
    from click.testing import CliRunner

    import cleannews.pipeline
    from cleannews import UnsafeOutputError
    from cleannews.cli import main

    broken = write(tmp_path, "a-broken.md", DIRTY_MD.replace("panic", "crash"))
    other = write(tmp_path, "b-other.md", DIRTY_MD)
    real_clean = cleannews.pipeline.clean_and_explain

    def failing_clean(text: str, *args: object, **kwargs: object) -> object:
        if "crash" in text:
            raise UnsafeOutputError("output differs from the input minus the declared removals")
        return real_clean(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cleannews.pipeline, "clean_and_explain", failing_clean)
    result = CliRunner().invoke(main, ["--in-place", "--jobs", "1", str(tmp_path)])
    assert result.exit_code == 123
    assert "a-broken.md: internal error: UnsafeOutputError" in result.output
    assert broken.read_text() == DIRTY_MD.replace("panic", "crash")
    assert other.read_text() == CLEAN_MD


def test_removals_file_lists_removed_markdown_verbatim(tmp_path: Path) -> None:
    import json

    root = tmp_path / "site"
    root.mkdir()
    copy = f"{PARA}  with  spacing"
    write(root, "post.md", f"# Title\n\n{copy}\n\n{copy}\n")
    removals = tmp_path / "removals.jsonl"
    assert run("--in-place", "--removals", removals, root).returncode == 1
    [record] = [json.loads(line) for line in removals.read_text().splitlines()]
    assert record == {"file": "post.md", "line": 5, "duplicate_of": 3, "text": copy}


def test_low_duplicate_threshold_in_a_settings_file_lowers_the_flag_threshold(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", DIRTY_TXT)
    (tmp_path / ".cleannews.toml").write_text("duplicate-threshold = 80\n")
    assert run(story).returncode == 0
    assert run("--flag-threshold", "70", story).returncode == 0
    (tmp_path / ".cleannews.toml").write_text("duplicate-threshold = 80\nflag-threshold = 90\n")
    proc = run(story)
    assert proc.returncode == 2
    assert "'flag-threshold' (90) must not exceed 'duplicate-threshold' (80)" in proc.stderr


def test_files_named_in_hidden_folders_are_cleaned(tmp_path: Path) -> None:
    """pre-commit passes .github/CONTRIBUTING.md by name; only the user's excludes skip it."""
    hidden = tmp_path / ".github"
    hidden.mkdir()
    post = write(hidden, "CONTRIBUTING.md", DIRTY_MD)
    assert run("--check", post).returncode == 1
    assert run("--check", tmp_path).returncode == 0  # a walk skips hidden folders


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_in_place_does_not_replace_a_named_pipe(tmp_path: Path) -> None:
    """--in-place rewrites regular files only: a rename would put a file where the pipe was."""
    pipe = tmp_path / "story.txt"
    os.mkfifo(pipe)

    def feed() -> None:
        with pipe.open("w") as writer:
            writer.write("Fish &amp; chips\n")

    import threading

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    proc = run("--in-place", pipe)
    feeder.join(timeout=10)
    assert proc.returncode == 2, proc.stderr
    assert "not a regular file" in proc.stderr
    assert_no_traceback(proc)
    assert pipe.is_fifo()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-be"])
def test_encoding_reads_utf16_and_utf32_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    """Their NUL bytes are not binary data when the user names the encoding, as
    the binary-data message tells them to."""
    source = write(tmp_path, "story.txt", "Storm  hits coast.\n\nIt’s wet.\n".encode(encoding))
    refused = run(source)
    assert refused.returncode == 2 and "--encoding" in refused.stderr
    proc = run("--encoding", encoding, source)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Storm hits coast.\n\nIt’s wet.\n"
    piped = run("--encoding", encoding, "-", stdin=source.read_bytes())
    assert piped.stdout == proc.stdout
