"""``cleannews --jsonl``: the pure record core, the stream helpers and the command."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clitools import assert_no_traceback, named_pipe, run, write
from hypothesis import given, settings
from hypothesis import strategies as st

from cleannews import records
from cleannews.commands import jsonl as jsonl_command
from cleannews.commands.jsonl import OnError, Totals, clean_stream
from cleannews.exit_codes import ExitCode
from cleannews.io.streams import Output, StreamError
from cleannews.records import RecordOptions, RecordStatus, clean_line

DIRTY = "Fish &amp;  chips\u00a0for   two."
CLEAN = "Fish & chips for two."
TIDY = "Nothing to do here."


def line(**fields: object) -> str:
    """A record as a dataset writer would make it (compact, non-ASCII escaped)."""
    return json.dumps(fields, separators=(",", ":")) + "\n"


# --- one record (pure) -------------------------------------------------------


def test_unchanged_record_is_kept_as_its_bytes() -> None:
    outcome = clean_line(b'{"id":1,  "text":"Nothing to do here."}\n', RecordOptions())
    assert outcome == (RecordStatus.UNCHANGED, None, None)  # None: the caller writes the input line


def test_changed_record_keeps_other_fields_as_written_and_its_line_end() -> None:
    """Only the cleaned string is re-spelled: other fields keep their escapes and spacing."""
    source = '{"z": 1, "text": "Fish &amp; chips", "caf\\u00e9":  "na\\u00efve", "a": [1, {"b": null}]}\r\n'
    outcome = clean_line(source.encode(), RecordOptions())
    assert outcome.status is RecordStatus.CHANGED
    assert outcome.data is not None
    assert outcome.data.decode() == source.replace("&amp;", "&")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("A title &amp; more", "A title & more"),  # no final newline: none is added
        ("Body &amp; text.\n", "Body & text.\n"),  # a final newline stays
        ("   ", ""),
    ],
)
def test_a_field_keeps_its_final_newline_or_its_lack(value: str, expected: str) -> None:
    outcome = clean_line(line(text=value).encode(), RecordOptions())
    assert outcome.data is not None
    assert json.loads(outcome.data)["text"] == expected


def test_dotted_field_reaches_into_nested_objects() -> None:
    options = RecordOptions(fields=("title", "body.text"))
    outcome = clean_line(line(title=DIRTY, body={"text": DIRTY, "lang": "en"}).encode(), options)
    assert outcome.data is not None
    assert json.loads(outcome.data) == {"title": CLEAN, "body": {"text": CLEAN, "lang": "en"}}


def test_null_field_is_left_alone() -> None:
    assert clean_line(line(text=None).encode(), RecordOptions()).status is RecordStatus.UNCHANGED
    outcome = clean_line(line(text=None, title=DIRTY).encode(), RecordOptions(fields=("text", "title")))
    assert outcome.data is not None
    assert json.loads(outcome.data) == {"text": None, "title": CLEAN}


@pytest.mark.parametrize("blank", [b"\n", b"   \r\n", b"\t", b""])
def test_blank_lines_are_not_records(blank: bytes) -> None:
    assert clean_line(blank, RecordOptions()).status is RecordStatus.BLANK


@pytest.mark.parametrize(
    ("source", "fields", "message"),
    [
        (b'{"text": "open\n', ("text",), "not valid JSON: Unterminated string starting at (column 10)"),
        (b"[1, 2]\n", ("text",), "not a JSON object but an array"),
        (b'"just text"\n', ("text",), "not a JSON object but a string"),
        (b'{"title": "x"}\n', ("text",), "no field 'text'"),
        (b'{"text": 42}\n', ("text",), "field 'text' is a number, not a string"),
        (b'{"text": ["a"]}\n', ("text",), "field 'text' is an array, not a string"),
        (b'{"body": "x"}\n', ("body.text",), "no field 'body.text' ('body' is a string, not an object)"),
        (b'{"body": {}}\n', ("body.text",), "no field 'body.text'"),
        (b'{"text": "caf\xe9"}\n', ("text",), "not UTF-8 (byte 14 of the line)"),
    ],
)
def test_bad_records_are_outcomes_not_exceptions(
    source: bytes, fields: tuple[str, ...], message: str
) -> None:
    assert clean_line(source, RecordOptions(fields=fields)) == (RecordStatus.ERROR, None, message)


def test_findings_field_goes_last_with_the_field_named() -> None:
    options = RecordOptions(fields=("title", "text"), findings_field="found")
    # A list there is an earlier run's findings (cleaning cleaned output again): replaced.
    source = line(found=[{"rule": "old"}], title=TIDY, text="The the cat &amp; dog.", id=7)
    outcome = clean_line(source.encode(), options)
    assert outcome.status is RecordStatus.CHANGED
    assert outcome.data is not None
    record = json.loads(outcome.data)
    assert list(record) == ["title", "text", "id", "found"]
    assert {(f["field"], f["rule"], f["action"]) for f in record["found"]} == {
        ("text", "html_entities", "fixed"),
        ("text", "stutters", "flagged"),
    }
    keys = {"rule", "line", "action", "message", "duplicate_of", "score", "removed", "field"}
    assert all(set(finding) == keys for finding in record["found"])


def test_findings_field_is_an_empty_list_for_a_clean_record() -> None:
    outcome = clean_line(line(text=TIDY).encode(), RecordOptions(findings_field="found"))
    assert outcome.status is RecordStatus.UNCHANGED
    assert outcome.data == b'{"text":"Nothing to do here.","found":[]}\n'  # the record's own spacing


def test_an_exception_while_cleaning_is_an_internal_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(records, "clean_and_explain", broken)
    monkeypatch.setattr(records, "clean_text", broken)
    for options in (RecordOptions(), RecordOptions(findings_field="found")):
        outcome = clean_line(line(text=TIDY).encode(), options)
        assert outcome.status is RecordStatus.INTERNAL
        assert outcome.message == "internal error: RuntimeError: boom; please report this"


@pytest.mark.parametrize(
    ("totals", "on_error", "expected"),
    [
        (Totals(12345, 1020, 3), OnError.SKIP, "12,345 records, 1,020 changed, 3 errors (skipped)"),
        (Totals(2, 1, 1), OnError.KEEP, "2 records, 1 changed, 1 error (kept unchanged)"),
        (Totals(0, 0, 0), OnError.FAIL, "0 records, 0 changed"),
    ],
)
def test_summary_line(totals: Totals, on_error: OnError, expected: str) -> None:
    assert totals.line(on_error) == expected


# --- the stream, in process --------------------------------------------------


@pytest.mark.parametrize("chunk_bytes", [1, 40, 200, 1 << 20])  # lines cut across blocks; several a block
def test_line_numbers_run_on_across_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_bytes: int
) -> None:
    monkeypatch.setattr(jsonl_command, "_CHUNK_BYTES", chunk_bytes)
    lines = [line(text=TIDY)] * 10
    lines[1] = "\n"
    lines[6] = "{broken\n"
    lines[8] = line(title="no text")
    source = write(tmp_path, "in.jsonl", "".join(lines))
    messages: list[str] = []
    status, totals = clean_stream(
        [str(source)],
        str(tmp_path / "out.jsonl"),
        RecordOptions(),
        on_error=OnError.SKIP,
        emit=messages.append,
    )
    assert status is ExitCode.OK
    assert messages == [
        f"{source}:7: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{source}:9: no field 'text'",
    ]
    assert (totals.records, totals.changed, totals.errors) == (9, 0, 2)
    assert (tmp_path / "out.jsonl").read_text() == line(text=TIDY) * 7


def test_output_is_replaced_only_on_commit(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    with Output(str(target)) as out:
        out.write(b"new\n")
    assert target.read_bytes() == b"old\n"
    with Output(str(target)) as out:
        out.write(b"new\n")
        out.commit()
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary file left


def test_missing_input_is_refused_before_any_output(tmp_path: Path) -> None:
    with pytest.raises(StreamError, match=r"nope\.jsonl: no such file"):
        clean_stream([str(tmp_path / "nope.jsonl")], str(tmp_path / "out.jsonl"), RecordOptions(), emit=print)
    assert list(tmp_path.iterdir()) == []


# --- the command --------------------------------------------------------------

MIXED = (
    '{"id":1,"text":"Fish &amp;  chips\\u00a0for   two.","lang":"en"}\n'
    '{"id":2,"text":"Nothing to do here.","note":"caf\\u00e9"}\n'
    "\n"
    '{"id":3,"text":null}\n'
    '{"text":"Caf\\u00c3\\u00a9 au lait","id":4}\n'
)
MIXED_CLEAN = (
    '{"id":1,"text":"Fish & chips for two.","lang":"en"}\n'
    '{"id":2,"text":"Nothing to do here.","note":"caf\\u00e9"}\n'
    '{"id":3,"text":null}\n'
    '{"text":"Café au lait","id":4}\n'
)


def test_file_to_stdout(tmp_path: Path) -> None:
    proc = run("--jsonl", write(tmp_path, "in.jsonl", MIXED))
    assert proc.returncode == 0
    assert proc.stdout == MIXED_CLEAN  # only cleaned strings re-spelled (Unicode unescaped)
    assert proc.stderr == "4 records, 2 changed\n"


@pytest.mark.parametrize("args", [(), ("-",)])
def test_stdin_to_stdout(args: tuple[str, ...]) -> None:
    proc = run("--jsonl", *args, stdin=MIXED)
    assert proc.returncode == 0
    assert proc.stdout == MIXED_CLEAN


def test_several_fields_and_findings_field() -> None:
    source = line(title=DIRTY, body={"text": "The the end."}, other=DIRTY)
    proc = run(
        "--jsonl", "--field", "title", "--field", "body.text", "--findings-field", "found", stdin=source
    )
    assert proc.returncode == 0
    record = json.loads(proc.stdout)
    assert record["title"] == CLEAN
    assert record["body"] == {"text": "The the end."}
    assert record["other"] == DIRTY  # not named, not touched
    assert list(record) == ["title", "body", "other", "found"]
    assert [(f["field"], f["rule"]) for f in record["found"]] == [
        ("title", "html_entities"),
        ("title", "whitespace"),
        ("body.text", "stutters"),
    ]
    assert "stutters" not in proc.stderr  # findings stay in the data, not on stderr


BAD = (
    line(text=DIRTY)  # 1
    + "{not json}\n"  # 2
    + "\n"  # 3 (blank: ignored)
    + "[1, 2]\n"  # 4
    + line(title="x")  # 5
    + line(text=5)  # 6
    + line(text=TIDY)  # 7
)


CLEAN_LINE = line(text=CLEAN)  # a changed record keeps its own spacing


@pytest.mark.parametrize(
    ("on_error", "code", "written", "summary"),
    [
        ("fail", 2, [CLEAN_LINE], "2 records, 1 changed, 1 error (stopped)"),
        ("skip", 0, [CLEAN_LINE, line(text=TIDY)], "6 records, 1 changed, 4 errors (skipped)"),
        (
            "keep",
            0,
            [CLEAN_LINE, "{not json}\n", "[1, 2]\n", line(title="x"), line(text=5), line(text=TIDY)],
            "6 records, 1 changed, 4 errors (kept unchanged)",
        ),
    ],
)
def test_bad_records_under_each_policy(
    tmp_path: Path, on_error: str, code: int, written: list[str], summary: str
) -> None:
    source = write(tmp_path, "bad.jsonl", BAD)
    proc = run("--jsonl", "--on-error", on_error, source)
    assert proc.returncode == code
    assert_no_traceback(proc)
    assert proc.stdout == "".join(written)
    reasons = [
        f"{source}:2: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{source}:4: not a JSON object but an array",
        f"{source}:5: no field 'text'",
        f"{source}:6: field 'text' is a number, not a string",
    ]
    errors = [text for text in proc.stderr.splitlines() if text.startswith(str(source))]
    assert errors == (reasons[:1] if on_error == "fail" else reasons)
    assert proc.stderr.splitlines()[-1] == summary
    assert ("--on-error skip or keep" in proc.stderr) == (on_error == "fail")


def test_fail_with_output_file_leaves_nothing_behind(tmp_path: Path) -> None:
    source = write(tmp_path, "bad.jsonl", BAD)
    proc = run("--jsonl", source, "-o", tmp_path / "out.jsonl")
    assert proc.returncode == 2
    assert "out.jsonl was not written" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]


def test_fail_keeps_an_existing_output_file(tmp_path: Path) -> None:
    source = write(tmp_path, "bad.jsonl", BAD)
    out = write(tmp_path, "out.jsonl", "previous run\n")
    assert run("--jsonl", source, "-o", out).returncode == 2
    assert out.read_text() == "previous run\n"


INTERNAL = """\
import sys
import cleannews.records

def broken(*args, **kwargs):
    raise RuntimeError("boom")

cleannews.records.clean_and_explain = cleannews.records.clean_text = broken
from cleannews.cli import main
main(["--jsonl", "--on-error", sys.argv[1], "-"], prog_name="cleannews")
"""


@pytest.mark.parametrize(("on_error", "code"), [("fail", 123), ("skip", 0), ("keep", 0)])
def test_internal_error(on_error: str, code: int) -> None:
    source = line(text=TIDY) * 2
    proc = run(on_error, stdin=source, command=[sys.executable, "-c", INTERNAL])
    assert proc.returncode == code
    assert "<stdin>:1: internal error: RuntimeError: boom; please report this" in proc.stderr
    assert proc.stdout == {"fail": "", "skip": "", "keep": source}[on_error]


def test_gzip_in_and_out(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl.gz"
    source.write_bytes(gzip.compress(MIXED.encode()))
    out = tmp_path / "out.jsonl.gz"
    proc = run("--jsonl", source, "-o", out)
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert gzip.decompress(out.read_bytes()).decode() == MIXED_CLEAN


def test_zstd_in_and_out(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    source = tmp_path / "in.jsonl.zst"
    # Two frames, as ``cat a.zst b.zst`` makes: one stream.
    half = len(MIXED.splitlines(True)) // 2
    first, second = "".join(MIXED.splitlines(True)[:half]), "".join(MIXED.splitlines(True)[half:])
    compressor = zstandard.ZstdCompressor()
    source.write_bytes(compressor.compress(first.encode()) + compressor.compress(second.encode()))
    out = tmp_path / "out.jsonl.zstd"
    proc = run("--jsonl", source, "-o", out)
    assert proc.returncode == 0
    with zstandard.ZstdDecompressor().stream_reader(out.read_bytes()) as reader:
        assert reader.read().decode() == MIXED_CLEAN


NO_ZSTD = """\
import sys
sys.modules["zstandard"] = None
sys.modules["compression.zstd"] = None
from cleannews.cli import main
main(["--jsonl", *sys.argv[1:]], prog_name="cleannews")
"""


def test_zstd_without_a_backend_says_what_to_install(tmp_path: Path) -> None:
    source = write(tmp_path, "in.jsonl", MIXED)
    proc = run(source, "-o", tmp_path / "out.jsonl.zst", command=[sys.executable, "-c", NO_ZSTD])
    assert proc.returncode == 2
    assert (
        proc.stderr
        == "cleannews: error: .zst files need the zstandard package: pip install 'cleannews[zstd]'\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_several_inputs_in_order_with_their_own_line_numbers(tmp_path: Path) -> None:
    a = write(tmp_path, "a.jsonl", line(text="A &amp; 1") + "oops\n")
    b = tmp_path / "b.jsonl.gz"
    last = line(text="B 3").rstrip("\n")  # no final newline: one is added before the next input
    b.write_bytes(gzip.compress((line(text="B 1") + "\n" + "oops\n" + last).encode()))
    proc = run("--jsonl", "--on-error", "skip", a, b)
    assert proc.returncode == 0
    assert proc.stdout == line(text="A & 1") + line(text="B 1") + line(text="B 3")
    assert f"{a}:2: not valid JSON" in proc.stderr
    assert f"{b}:3: not valid JSON" in proc.stderr
    assert proc.stderr.endswith("5 records, 1 changed, 2 errors (skipped)\n")


def test_output_may_be_an_input(tmp_path: Path) -> None:
    data = write(tmp_path, "data.jsonl", MIXED)
    assert run("--jsonl", data, "-o", data).returncode == 0
    assert data.read_text() == MIXED_CLEAN


def test_jobs_do_not_change_the_output(tmp_path: Path) -> None:
    lines, changed, errors = [], 0, 0
    for number in range(12_000):  # > 1 MB: several chunks for each of the two workers
        if number % 97 == 0:
            lines.append("not json\n")
            errors += 1
        elif number % 3:
            lines.append(line(id=number, text=f"Story {number}: {DIRTY}", pad="." * 100))
            changed += 1
        else:
            lines.append(line(id=number, text=f"Story {number} is clean.", pad="." * 100))
        if number % 500 == 0:
            lines.append("\n")
    source = write(tmp_path, "many.jsonl", "".join(lines))
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        proc = run(
            "--jsonl", "--on-error", "keep", "--findings-field", "f", "--jobs", jobs, source, "-o", out
        )
        assert proc.returncode == 0
        outputs.append((out.read_bytes(), proc.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[0][1].endswith(f"12,000 records, {changed:,} changed, {errors} errors (kept unchanged)\n")
    assert outputs[0][1].count("not valid JSON") == errors == 124
    assert source.stat().st_size > jsonl_command._CHUNK_BYTES  # several chunks


@pytest.mark.parametrize("on_error", list(OnError))
def test_the_parent_and_a_worker_process_give_the_output_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_error: OnError
) -> None:
    """With two jobs this process cleans some chunks and a worker the others."""
    monkeypatch.setattr(jsonl_command, "_CHUNK_BYTES", 512)  # ~300 chunks: both take many
    lines = []
    for number in range(2000):
        text = f"Story {number}: {DIRTY}" if number % 3 else f"Story {number} is clean."
        lines.append("\n" if number % 250 == 7 else line(id=number, text=text))
    lines[1500] = "not json\n"
    source = write(tmp_path, "in.jsonl", "".join(lines).rstrip("\n"))  # the last line unended
    results = []
    for workers in (1, 2):
        messages: list[str] = []
        out = tmp_path / f"out{workers}.jsonl"
        status, totals = clean_stream(
            [str(source)], str(out), RecordOptions(), on_error=on_error, workers=workers, emit=messages.append
        )
        results.append((status, totals, messages, out.read_bytes() if out.exists() else None))
    assert results[0] == results[1]
    status, totals, messages, output = results[0]
    assert messages == [f"{source}:1501: not valid JSON: Expecting value (column 1)"]
    if on_error is OnError.FAIL:
        assert (status, output) == (ExitCode.USAGE_OR_INPUT, None)
    else:
        assert output is not None and output.endswith(b"}\n")
        assert output.count(b"\n") == 2000 - 8 - (on_error is OnError.SKIP)


def test_quiet_keeps_errors_only(tmp_path: Path) -> None:
    proc = run("--jsonl", "-q", "--on-error", "skip", stdin=BAD)
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [
        "<stdin>:2: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        "<stdin>:4: not a JSON object but an array",
        "<stdin>:5: no field 'text'",
        "<stdin>:6: field 'text' is a number, not a string",
    ]


def test_report_json_holds_the_summary(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    proc = run("--jsonl", "--on-error", "keep", "--report-json", report, stdin=BAD)
    assert proc.returncode == 0
    document = json.loads(report.read_text())
    expected = {"inputs": ["-"], "output": "-", "completed": True, "records": 6, "changed": 1, "errors": 4}
    assert document["jsonl"] == expected
    proc = run("--jsonl", "--report-json", report, stdin=BAD)  # --on-error fail stops
    assert proc.returncode == 2
    assert json.loads(report.read_text())["jsonl"]["completed"] is False


def test_format_markdown_parses_fields_as_markdown() -> None:
    source = line(text="Some `a  b` code &amp; **bold**  text")
    assert json.loads(run("--jsonl", stdin=source).stdout)["text"] == "Some `a b` code & **bold** text"
    markdown = run("--jsonl", "--format", "markdown", stdin=source).stdout
    assert json.loads(markdown)["text"] == "Some `a  b` code &amp; **bold** text"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--jsonl", "--in-place", "x.jsonl"), "--jsonl cannot be used with --in-place"),
        (("--jsonl", "--check"), "--jsonl cannot be used with --check"),
        (("--jsonl", "--diff"), "--jsonl cannot be used with --diff"),
        (("--jsonl", "--removals", "r.jsonl"), "--jsonl cannot be used with --removals"),
        (("--jsonl", "--encoding", "latin-1"), "--jsonl cannot be used with --encoding"),
        (("--field", "title"), "--field: only with --jsonl"),
        (("--findings-field", "f"), "--findings-field: only with --jsonl"),
        (("--on-error", "skip"), "--on-error: only with --jsonl"),
        (("-o", "out.jsonl"), "--output: only with --jsonl"),
        (("--jsonl", "--field", "body..text"), "'body..text' has an empty part"),
        (("--jsonl", "--findings-field", "body", "--field", "body.text"), "would overwrite --field"),
        (("--jsonl", "--on-error", "ignore"), "'ignore' is not one of 'fail', 'skip', 'keep'"),
        (("--jsonl", "-o", "missing-folder/out.jsonl"), "does not exist"),
    ],
)
def test_usage_errors(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cleannews", *args],
        input=b"",
        capture_output=True,
        cwd=tmp_path,
        text=False,
        check=False,
    )
    stderr = proc.stderr.decode()
    assert proc.returncode == 2
    assert message in " ".join(stderr.split())
    assert "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_input_is_an_input_error(tmp_path: Path) -> None:
    proc = run("--jsonl", tmp_path / "nope.jsonl", "-o", tmp_path / "out.jsonl")
    assert proc.returncode == 2
    assert proc.stderr == f"cleannews: error: {tmp_path / 'nope.jsonl'}: no such file\n"
    assert list(tmp_path.iterdir()) == []


def test_help_lists_the_options_without_heavy_imports() -> None:
    code = (
        "import sys\n"
        "from cleannews.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('gzip', 'zstandard', 'rich', 'concurrent.futures', 'cleannews.commands.jsonl')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    for option in ("--jsonl", "--field", "--findings-field", "--on-error", "--output"):
        assert option in proc.stdout
    assert proc.stderr.strip() == "[]"


# --- properties ------------------------------------------------------------------


_json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20))
_other_fields = st.dictionaries(
    st.text(min_size=1, max_size=8).filter(lambda k: k != "text"),
    st.recursive(_json_leaf, lambda inner: st.lists(inner, max_size=3), max_leaves=5),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(_other_fields, st.text(max_size=200), st.integers(min_value=0, max_value=5))
def test_a_record_keeps_every_other_field_and_its_key_order(
    others: dict[str, object], text: str, position: int
) -> None:
    import json

    import cleannews

    items = list(others.items())
    items.insert(min(position, len(items)), ("text", text))
    record = dict(items)
    line = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
    outcome = records.clean_line(line, records.RecordOptions())
    assert outcome.status in (records.RecordStatus.CHANGED, records.RecordStatus.UNCHANGED)
    written = line if outcome.data is None else outcome.data
    result = json.loads(written)
    assert list(result) == list(record)  # same keys, same order
    assert {k: v for k, v in result.items() if k != "text"} == {
        k: v for k, v in record.items() if k != "text"
    }
    expected = cleannews.clean(text)
    assert result["text"] in (expected, expected.removesuffix("\n"))
    assert (outcome.status is records.RecordStatus.UNCHANGED) == (written == line)


def test_findings_field_that_exists_is_a_record_error(tmp_path: Path) -> None:
    data = write(tmp_path, "in.jsonl", '{"id": 1, "text": "a  b"}\n')
    proc = run("--jsonl", "--findings-field", "id", data)
    assert proc.returncode == 2
    assert "already has a field 'id'" in proc.stderr
    assert proc.stdout == ""


def test_truncated_zstd_input_is_an_error(tmp_path: Path) -> None:
    import zstandard

    lines = "".join(
        f'{{"text": "Record {i} says {i * 7919 % 104729} things  here."}}\n' for i in range(20_000)
    )
    packed = zstandard.ZstdCompressor().compress(lines.encode())
    data = write(tmp_path, "in.jsonl.zst", packed[: len(packed) // 2])
    proc = run("--jsonl", "--on-error", "skip", data, "-o", tmp_path / "out.jsonl")
    assert proc.returncode == 2
    assert "truncated zstd data" in proc.stderr
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("suffix", [".bz2", ".xz"])
def test_bz2_and_xz_in_and_out(tmp_path: Path, suffix: str) -> None:
    import bz2
    import lzma

    module = bz2 if suffix == ".bz2" else lzma
    data = write(tmp_path, "in.jsonl" + suffix, module.compress(b'{"text": "a  b"}\n{"text": "c"}\n'))
    out = tmp_path / ("out.jsonl" + suffix)
    assert run("--jsonl", data, "-o", out).returncode == 0
    assert module.decompress(out.read_bytes()) == b'{"text": "a b"}\n{"text": "c"}\n'


def test_compressed_stdin_gets_a_hint() -> None:
    proc = run("--jsonl", stdin=gzip.compress(b'{"text": "a"}\n'))
    assert proc.returncode == 2
    assert "stdin looks gzip-compressed" in proc.stderr
    assert_no_traceback(proc)


@pytest.mark.parametrize(("kind", "extension"), [("gzip", ".gz"), ("bzip2", ".bz2"), ("xz", ".xz")])
def test_a_compressed_file_under_a_plain_name_gets_a_hint(tmp_path: Path, kind: str, extension: str) -> None:
    import bz2
    import lzma

    compress = {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress}[kind]
    data = write(tmp_path, "in.jsonl", compress(b'{"text": "a"}\n'))
    proc = run("--jsonl", data)
    assert proc.returncode == 2
    assert f"in.jsonl looks {kind}-compressed" in proc.stderr
    assert f"extension ({extension})" in proc.stderr
    assert_no_traceback(proc)


def test_gzip_output_does_not_depend_on_its_name(tmp_path: Path) -> None:
    data = write(tmp_path, "in.jsonl", '{"text": "a  b"}\n')
    run("--jsonl", data, "-o", tmp_path / "one.jsonl.gz")
    run("--jsonl", data, "-o", tmp_path / "two.jsonl.gz")
    assert (tmp_path / "one.jsonl.gz").read_bytes() == (tmp_path / "two.jsonl.gz").read_bytes()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("signal_name", "code"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signal_stops_the_run_without_leftovers(tmp_path: Path, signal_name: str, code: int) -> None:
    """Killed mid-run: exit 128 + signal, no temporary file, no output file, no worker left."""
    import signal
    import time

    line = '{"text": "Record  says   things about don\\u00e2\\u20ac\\u2122t and more words to clean."}\n'
    data = write(tmp_path, "in.jsonl", line * 300_000)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "cleannews", "--jsonl", "--jobs", "2", str(data), "-o", str(out)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    time.sleep(1.5)
    workers = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    children = workers.read_text().split() if workers.exists() else []
    assert children, "the worker process should be running 1.5 s into a ~15 s run"
    process.send_signal(getattr(signal, signal_name))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
    time.sleep(0.5)
    assert not [child for child in children if Path(f"/proc/{child}").exists()]


@pytest.mark.parametrize(
    "text",
    [
        "The the storm hit the coast.",  # a doubled word: flagged, never changed
        "Fish &amp;  chips\n\nFish &amp;  chips\n",
        "Storm hits coast\nStorm hits coast | BBC News\n\nIt rained.",
    ],
)
def test_the_text_does_not_depend_on_asking_for_findings(text: str) -> None:
    """Without --findings-field the doubled-word search is skipped; the text is the same."""
    plain = json.loads(clean_line(line(text=text).encode(), RecordOptions()).data or line(text=text))
    explained = json.loads(
        clean_line(line(text=text).encode(), RecordOptions(findings_field="f")).data or b""
    )
    assert plain["text"] == explained["text"]
    assert ("stutters" in {f["rule"] for f in explained["f"]}) == text.startswith("The the")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_output_to_a_named_pipe_is_written_through_it(tmp_path: Path) -> None:
    """A rename over a FIFO or a device (-o /dev/null, as root) would replace it."""
    source = write(tmp_path, "in.jsonl", line(text=DIRTY) + line(text=TIDY))
    pipe = tmp_path / "pipe"
    with named_pipe(pipe) as received:
        proc = run("--jsonl", source, "-o", pipe)
    assert proc.returncode == 0, proc.stderr
    assert received == [(line(text=CLEAN) + line(text=TIDY)).encode()]
    assert pipe.is_fifo()
