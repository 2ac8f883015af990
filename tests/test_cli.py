"""The ``cleannews`` command, run as a real subprocess."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from clitools import CONSOLE_SCRIPT, assert_no_traceback, run, write

PARA = "The council approved the new bridge on Tuesday after a long debate about traffic and costs."
OTHER = "Residents said they would appeal against the decision at the next public meeting."
CP1252_TEXT = "The minister\u2019s \u201cplan\u201d costs \u00a35m \u2014 critics say it\u2019s too much.\n"

# One finding of each kind that is listed line by line on stderr.
STORY = (
    "Bridge plan approved\n"
    "Bridge plan approved | BBC News\n"
    "\n"
    f"{PARA}\n"
    "\n"
    "The mayor said the the work starts in May.\n"
    "\n"
    f"{OTHER}\n"
    "\n"
    f"{PARA}\n"
)
STORY_CLEAN = f"Bridge plan approved\n\n{PARA}\n\nThe mayor said the the work starts in May.\n\n{OTHER}\n"

# --- input sources ----------------------------------------------------------


def test_stdin_to_stdout() -> None:
    proc = run(stdin=STORY)
    assert proc.returncode == 0
    assert proc.stdout == STORY_CLEAN


def test_dash_means_stdin() -> None:
    proc = run("-", stdin=STORY)
    assert proc.returncode == 0
    assert proc.stdout == STORY_CLEAN
    assert "<stdin>" in proc.stderr


def test_file_argument(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", STORY)
    proc = run(story)
    assert proc.returncode == 0
    assert proc.stdout == STORY_CLEAN
    assert str(story) in proc.stderr


def test_several_files_are_concatenated_in_order(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", "First   file.\n\n\n")
    b = write(tmp_path, "b.txt", "Second file &amp; more.")
    proc = run(a, b)
    assert proc.returncode == 0
    # A blank line between files keeps the concatenation in normal form.
    assert proc.stdout == "First file.\n\nSecond file & more.\n"


def test_files_and_stdin_mixed(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", "From a file.")
    proc = run(a, "-", a, stdin="From stdin.")
    assert proc.returncode == 0
    assert proc.stdout == "From a file.\n\nFrom stdin.\n\nFrom a file.\n"


def test_crlf_file_gives_lf_output(tmp_path: Path) -> None:
    story = write(tmp_path, "crlf.txt", STORY.replace("\n", "\r\n"))
    proc = run(story)
    assert proc.returncode == 0
    assert proc.stdout == STORY_CLEAN


def test_output_is_utf8(tmp_path: Path) -> None:
    story = write(tmp_path, "u.txt", "Donâ€™t panic in Zürich.")
    proc = subprocess.run([sys.executable, "-m", "cleannews", str(story)], capture_output=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout == "Don’t panic in Zürich.\n".encode()


def test_console_script_works() -> None:
    assert CONSOLE_SCRIPT.exists(), f"console script not found at {CONSOLE_SCRIPT}"
    proc = run(stdin=STORY, command=[str(CONSOLE_SCRIPT)])
    assert proc.returncode == 0
    assert proc.stdout == STORY_CLEAN


def test_console_script_with_file_and_version(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", STORY)
    proc = run(story, command=[str(CONSOLE_SCRIPT)])
    assert proc.returncode == 0
    assert proc.stdout == STORY_CLEAN
    version = run("--version", command=[str(CONSOLE_SCRIPT)])
    assert version.returncode == 0
    assert "0.1.0" in version.stdout


# --- bad inputs -------------------------------------------------------------


def test_missing_file_is_exit_2_with_a_clear_message(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    proc = run(missing)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert str(missing) in proc.stderr
    assert "no such file" in proc.stderr.lower()
    assert_no_traceback(proc)


def test_missing_file_does_not_stop_the_other_files(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", "Good text.")
    proc = run(tmp_path / "missing.txt", good)
    assert proc.returncode == 2
    assert proc.stdout == "Good text.\n"
    assert "missing.txt" in proc.stderr
    assert_no_traceback(proc)


def test_directory_argument_is_exit_2(tmp_path: Path) -> None:
    proc = run(tmp_path)
    assert proc.returncode == 2
    assert "is a directory: name its files, or use --check or --in-place" in proc.stderr
    assert_no_traceback(proc)


def test_binary_file_is_exit_2(tmp_path: Path) -> None:
    binary = write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    proc = run(binary)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "image.png" in proc.stderr
    assert "binary" in proc.stderr.lower()
    assert_no_traceback(proc)


def test_binary_on_stdin_is_exit_2() -> None:
    proc = run(stdin=b"abc\x00def")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert_no_traceback(proc)


def test_invalid_utf8_is_decoded_with_a_warning(tmp_path: Path) -> None:
    legacy = write(tmp_path, "legacy.txt", CP1252_TEXT.encode("cp1252"))
    proc = run(legacy)
    assert proc.returncode == 0
    assert proc.stdout == CP1252_TEXT
    assert "warning" in proc.stderr
    assert "legacy.txt" in proc.stderr
    assert "cp1252" in proc.stderr.lower().replace("windows-", "cp")


def test_forced_encoding(tmp_path: Path) -> None:
    legacy = write(tmp_path, "legacy.txt", "Voilà, très bien.\n".encode("latin-1"))
    proc = run("--encoding", "latin-1", legacy)
    assert proc.returncode == 0
    assert proc.stdout == "Voilà, très bien.\n"
    assert "warning" not in proc.stderr


def test_forced_encoding_that_does_not_fit_is_exit_2(tmp_path: Path) -> None:
    legacy = write(tmp_path, "legacy.txt", "Voilà\n".encode("latin-1"))
    proc = run("--encoding", "utf-8", legacy)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "--encoding" in proc.stderr
    assert_no_traceback(proc)


def test_empty_file_is_exit_0_with_a_warning(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.txt", b"")
    proc = run(empty)
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert "empty" in proc.stderr
    assert "warning" in proc.stderr


def test_whitespace_only_stdin_is_exit_0_with_a_warning() -> None:
    proc = run(stdin=" \n\t\n\n")
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert "empty" in proc.stderr


# --- options ----------------------------------------------------------------


def test_help_shows_examples_and_exit_codes() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    assert "Examples:" in proc.stdout
    assert "cleannews story.txt" in proc.stdout
    assert "Exit codes" in proc.stdout
    exit_codes = " ".join(proc.stdout.split("Exit codes", 1)[1].split())
    assert re.search(r"\b0 success", exit_codes)
    assert re.search(r"\b2 usage error", exit_codes)
    assert re.search(r"\b123 internal error", exit_codes)
    for flag in ("--no-duplicates", "--report-json", "--duplicate-threshold", "-q"):
        assert flag in proc.stdout


def test_short_help_flag() -> None:
    proc = run("-h")
    assert proc.returncode == 0
    assert "Examples:" in proc.stdout


def test_version() -> None:
    from importlib.metadata import version

    import cleannews

    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout == f"cleannews {cleannews.__version__}\n"
    assert cleannews.__version__ == version("cleannews")  # one source: pyproject reads __init__


def test_quiet_silences_stderr(tmp_path: Path) -> None:
    legacy = write(tmp_path, "legacy.txt", CP1252_TEXT.encode("cp1252"))
    empty = write(tmp_path, "empty.txt", b"")
    story = write(tmp_path, "story.txt", STORY)
    proc = run("-q", story, legacy, empty)
    assert proc.returncode == 0
    assert proc.stdout == STORY_CLEAN + "\n" + CP1252_TEXT
    assert proc.stderr == ""


def test_quiet_still_reports_errors(tmp_path: Path) -> None:
    proc = run("--quiet", tmp_path / "missing.txt")
    assert proc.returncode == 2
    assert "missing.txt" in proc.stderr


def test_report_json(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", STORY)
    report = tmp_path / "report.json"
    proc = run("--report-json", report, story)
    assert proc.returncode == 0
    assert proc.stdout == STORY_CLEAN
    document = json.loads(report.read_text(encoding="utf-8"))
    [entry] = document["files"]
    assert entry["path"] == str(story)
    assert entry["changed"] is True
    findings = entry["findings"]
    for finding in findings:
        assert {"rule", "line", "action", "duplicate_of", "score"} <= set(finding)
    summary = {(f["rule"], f["line"], f["action"], f["duplicate_of"]) for f in findings}
    assert summary == {
        ("repeated_headlines", 2, "dropped", 1),
        ("stutters", 6, "flagged", None),
        ("duplicates", 10, "dropped", 4),
    }
    scores = {f["rule"]: f["score"] for f in findings}
    assert scores["duplicates"] == 100.0
    assert scores["stutters"] is None


def test_report_json_covers_every_file_and_errors(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", STORY)
    report = tmp_path / "report.json"
    proc = run("-q", "--report-json", report, story, tmp_path / "missing.txt")
    assert proc.returncode == 2
    document = json.loads(report.read_text(encoding="utf-8"))
    assert [f["path"] for f in document["files"]] == [str(story), str(tmp_path / "missing.txt")]
    assert document["files"][1]["error"]
    assert document["files"][0]["error"] is None


def test_no_duplicates_keeps_duplicates(tmp_path: Path) -> None:
    text = f"{PARA}\n\n{OTHER}\n\n{PARA}\n"
    story = write(tmp_path, "story.txt", text)
    assert run(story).stdout == f"{PARA}\n\n{OTHER}\n"
    proc = run("--no-duplicates", story)
    assert proc.returncode == 0
    assert proc.stdout == text
    assert "duplicates" not in proc.stderr


def test_other_step_flags(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", "Tom &amp; Jerry\n\nHe said the the word.\n")
    proc = run("--no-html-entities", "--no-stutters", story)
    assert proc.returncode == 0
    assert proc.stdout == "Tom &amp; Jerry\n\nHe said the the word.\n"
    assert "stutters" not in proc.stderr


def test_duplicate_threshold_option(tmp_path: Path) -> None:
    near = PARA.replace("about traffic", "over traffic")  # scores about 96
    story = write(tmp_path, "story.txt", f"{PARA}\n\n{OTHER}\n\n{near}\n")
    assert run(story).stdout == f"{PARA}\n\n{OTHER}\n"
    proc = run("--duplicate-threshold", "99", story)
    assert proc.returncode == 0
    assert proc.stdout == f"{PARA}\n\n{OTHER}\n\n{near}\n"


@pytest.mark.parametrize(
    "args",
    [
        ("--duplicate-threshold", "200"),
        ("--duplicate-threshold", "-1"),
        ("--duplicate-threshold", "high"),
        ("--flag-threshold", "99"),  # above the duplicate threshold
        ("--no-such-option",),
    ],
)
def test_bad_options_are_usage_errors(args: tuple[str, ...]) -> None:
    proc = run(*args, stdin=STORY)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Usage:" in proc.stderr or "Error" in proc.stderr
    assert_no_traceback(proc)


# --- the report on stderr ---------------------------------------------------


def test_stderr_report_is_one_line_per_finding_when_piped(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", STORY)
    proc = run(story)
    lines = proc.stderr.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{story}:2: repeated_headlines dropped")
    assert lines[1].startswith(f"{story}:6: stutters flagged")
    assert lines[2].startswith(f"{story}:10: duplicates dropped")
    assert "line 1" in lines[0]
    assert "line 4" in lines[2]


def test_verbose_lists_routine_fixes_one_per_line() -> None:
    text = "Tom &amp; Jerry\n\nA  B\n\nC\u00a0 D\n"
    quiet_about_routine = run(stdin=text)
    assert quiet_about_routine.returncode == 0
    assert "<stdin>:1:" not in quiet_about_routine.stderr
    assert "whitespace" in quiet_about_routine.stderr
    verbose = run("-v", stdin=text)
    lines = verbose.stderr.splitlines()
    assert [line.split(" ")[0] for line in lines] == ["<stdin>:1:", "<stdin>:3:", "<stdin>:5:"]


def test_no_ansi_colour_codes_when_piped(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", STORY)
    for args in ((story,), ("-v", story), ("--no-color", story)):
        proc = run(*args)
        assert proc.returncode == 0
        assert proc.stderr
        assert "\x1b[" not in proc.stderr
        assert "\x1b[" not in proc.stdout


def test_color_forces_colour_in_the_report_only(tmp_path: Path) -> None:
    proc = run("--color", write(tmp_path, "story.txt", STORY))
    assert "\x1b[" in proc.stderr
    assert "\x1b[" not in proc.stdout


def test_clean_input_has_an_empty_report(tmp_path: Path) -> None:
    story = write(tmp_path, "clean.txt", f"{PARA}\n\n{OTHER}\n")
    proc = run(story)
    assert proc.returncode == 0
    assert proc.stdout == f"{PARA}\n\n{OTHER}\n"
    assert proc.stderr == ""


def test_report_json_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    story = write(tmp_path, "story.txt", STORY)
    proc = run("--report-json", str(tmp_path / "nowhere" / "r.json"), story)
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""  # refused before anything was cleaned


def test_report_json_to_stdout_is_refused(tmp_path: Path) -> None:
    proc = run("--report-json", "-", write(tmp_path, "story.txt", STORY))
    assert proc.returncode == 2
    assert "stdout carries the clean text" in proc.stderr
    assert not (tmp_path / "-").exists()


def test_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    proc = run("--encoding", "story.txt", write(tmp_path, "story.txt", STORY))
    assert proc.returncode == 2
    assert "unknown encoding 'story.txt'" in proc.stderr


def test_utf16_with_bom_is_decoded_with_a_warning(tmp_path: Path) -> None:
    proc = run(write(tmp_path, "u16.txt", "Caf\u00e9 society.\n".encode("utf-16")))
    assert proc.returncode == 0
    assert proc.stdout == "Caf\u00e9 society.\n"
    assert "decoded as utf-16" in proc.stderr


def test_utf16_without_bom_is_refused_with_a_hint(tmp_path: Path) -> None:
    proc = run(write(tmp_path, "u16.txt", "Plain words here.\n".encode("utf-16-le")))
    assert proc.returncode == 2
    assert "--encoding utf-16-le" in proc.stderr


def test_large_binary_stdin_is_refused(tmp_path: Path) -> None:
    proc = run(stdin=b"\x00" * 5_000_000)
    assert proc.returncode == 2
    assert "binary" in proc.stderr


def test_empty_path_is_named_in_the_error() -> None:
    proc = run("")
    assert proc.returncode == 2
    assert "error: '': no such file" in proc.stderr


def test_python_m_version_names_the_program() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cleannews", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.stdout.startswith("cleannews ")


def test_unwritable_output_is_reported_without_a_traceback(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    story = write(tmp_path, "story.txt", STORY)
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "cleannews", str(story)], stdout=full, stderr=subprocess.PIPE, check=False
        )
    assert proc.returncode == 2
    assert b"cannot write the output" in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    big = write(tmp_path, "big.txt", ("A paragraph of text that goes on for a while. " * 3 + "\n\n") * 20000)
    proc = subprocess.run(
        f"{sys.executable} -m cleannews -q {big} | head -c 10",
        shell=True,
        capture_output=True,
        check=False,
        executable="/bin/bash",
    )
    assert proc.stdout == b"A paragrap"
    assert proc.stderr == b""


def test_a_report_to_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """``--report-json /dev/stdout | head`` (--check: stdout carries no text)."""
    folder = tmp_path / "posts"
    folder.mkdir()
    for number in range(40):
        write(folder, f"post{number}.txt", f"Title {number}\n\n" + "It donâ€™t stop.\n\n" * 40)
    proc = subprocess.run(
        f"{sys.executable} -m cleannews --check -q --report-json /dev/stdout {folder} | head -c 10;"
        " exit ${PIPESTATUS[0]}",
        shell=True,
        capture_output=True,
        check=False,
        executable="/bin/bash",
    )
    assert proc.stdout.startswith(b"{")
    assert proc.stderr == b""
    assert proc.returncode == 1  # (--check: files would change)


def test_clean_ascii_input_needs_no_heavy_imports() -> None:
    """Start-up is what a pre-commit user feels: plain ASCII text with nothing to compare
    needs none of them."""
    code = (
        "import sys, io\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'Plain words.\\n\\nSomething else entirely.\\n'))\n"
        "sys.argv = ['cleannews', '-q']\n"
        "from cleannews.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('ftfy', 'rapidfuzz', 'rich', 'charset_normalizer') if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout == "Plain words.\n\nSomething else entirely.\n"
    assert proc.stderr.strip() == "[]"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("value", "wanted"), [(None, True), ("", True), ("1", False), ("0", False)])
def test_no_color_turns_colour_off_only_when_set_to_something(
    monkeypatch: pytest.MonkeyPatch, value: str | None, wanted: bool
) -> None:
    """no-color.org: NO_COLOR set to any non-empty value; an empty one does not count."""
    from cleannews.io.console import colour_wanted

    monkeypatch.delenv("NO_COLOR", raising=False)
    if value is not None:
        monkeypatch.setenv("NO_COLOR", value)
    assert colour_wanted(_Terminal()) is wanted
    assert colour_wanted(io.StringIO()) is False  # (not a terminal)


def test_quiet_and_verbose_together_is_a_usage_error() -> None:
    proc = run("-q", "-v", "-", stdin="Text.\n")
    assert proc.returncode == 2
    assert "--quiet and --verbose" in proc.stderr
