"""``cleannews dedup`` as a user runs it: a real subprocess on real files."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from clitools import CONSOLE_SCRIPT, assert_no_traceback, named_pipe, run, write
from corpus_data import corpus, write_jsonl

from cleannews.corpus.clusters import resolve_clusters
from cleannews.corpus.tokens import word_count

BOILERPLATE = "Follow us on Twitter for the latest news from our newsroom."


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[tuple[int, int]]]:
    texts, planted = corpus(800, seed=5)
    return write_jsonl(tmp_path_factory.mktemp("data") / "articles.jsonl", texts), texts, planted


def test_help_has_examples_and_exit_codes() -> None:
    proc = run("dedup", "--help")
    assert proc.returncode == 0
    assert "cleannews dedup posts/ --check" in proc.stdout and "Exit codes:" in proc.stdout
    assert "cleannews dedup --help" in run("--help").stdout


def test_the_console_script_knows_the_subcommand(tmp_path: Path) -> None:
    assert run("dedup", "--help", command=[str(CONSOLE_SCRIPT)]).returncode == 0
    # A file called "dedup" is still cleaned when named as a path.
    write(tmp_path, "dedup", "Fish &amp; chips\n")
    proc = run(tmp_path / "dedup")
    assert proc.returncode == 0 and proc.stdout == "Fish & chips\n"


def test_out_keeps_the_representative_of_each_cluster_byte_for_byte(tmp_path: Path, dataset) -> None:  # type: ignore[no-untyped-def]
    path, texts, planted = dataset
    proc = run("dedup", path, "--out", tmp_path / "out", "--report", tmp_path / "clusters.jsonl")
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    report = [json.loads(line) for line in (tmp_path / "clusters.jsonl").read_text().splitlines()]
    clusters = [
        [line["representative"]["line"]] + [d["line"] for d in line["duplicates"]]
        for line in report
        if line["kind"] == "documents"
    ]
    # Planted copies found, and nothing else: every cluster is one family of copies.
    family = {
        m: c.representative for c in resolve_clusters([(a + 1, b + 1) for a, b in planted]) for m in c.members
    }
    assert all(len({family.get(line, line) for line in members}) == 1 for members in clusters)
    together = sum(any({a + 1, b + 1} <= set(members) for members in clusters) for a, b in planted)
    assert together >= 0.95 * len(planted)
    # The representative: the first of the members with 90% of the longest one's words.
    for members in clusters:
        longest = max(word_count(texts[line - 1]) for line in members)
        assert members[0] == min(line for line in members if word_count(texts[line - 1]) >= 0.9 * longest)
    dropped = {line for members in clusters for line in members[1:]}
    kept = [
        line
        for number, line in enumerate(path.read_bytes().splitlines(keepends=True), 1)
        if number not in dropped
    ]
    assert (tmp_path / "out" / "articles.jsonl").read_bytes() == b"".join(kept)
    assert f"{len(dropped)} duplicate documents" in proc.stderr


def test_same_input_same_report(tmp_path: Path, dataset) -> None:  # type: ignore[no-untyped-def]
    path = dataset[0]
    first, second = (run("dedup", path, "--report", "-") for _ in range(2))
    assert first.returncode == 0 and first.stdout and first.stdout == second.stdout


def test_compressed_in_and_out(tmp_path: Path, dataset) -> None:  # type: ignore[no-untyped-def]
    path = dataset[0]
    packed = tmp_path / "articles.jsonl.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    assert run("dedup", path, "--out", tmp_path / "plain", "-q").returncode == 0
    proc = run("dedup", packed, "--out", tmp_path / "packed", "-q")
    assert proc.returncode == 0 and proc.stderr == ""
    plain = (tmp_path / "plain" / "articles.jsonl").read_bytes()
    assert gzip.decompress((tmp_path / "packed" / "articles.jsonl.gz").read_bytes()) == plain


def _stories(tmp_path: Path) -> Path:
    texts, _ = corpus(5, seed=21, share=0.0)
    records = [{"id": n, "text": f"{text}\n\n{BOILERPLATE}", "url": f"u{n}"} for n, text in enumerate(texts)]
    path = tmp_path / "stories.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def test_boilerplate_removed_and_other_fields_kept(tmp_path: Path) -> None:
    path = _stories(tmp_path)
    proc = run("dedup", path, "--boilerplate", "keep-first", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    before = [json.loads(line) for line in path.read_text().splitlines()]
    after = [json.loads(line) for line in (tmp_path / "out" / "stories.jsonl").read_text().splitlines()]
    assert after[0] == before[0]
    for old, new in zip(before[1:], after[1:], strict=True):
        assert list(new) == ["id", "text", "url"] and new["url"] == old["url"]
        assert new["text"] == old["text"].removesuffix(f"\n\n{BOILERPLATE}")
    assert "1 boilerplate paragraph in 5 documents" in proc.stderr


def test_check_on_a_content_repo(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    texts, _ = corpus(4, seed=8, share=0.0)
    for number, text in enumerate(texts):
        write(posts, f"post{number}.md", f"# Post {number}\n\n{text}\n")
    proc = run("dedup", posts, "--check")
    assert proc.returncode == 0 and "0 duplicate documents" in proc.stderr, proc.stderr
    write(
        posts,
        "post1.md",
        f"# Post 1\n\n{texts[1]}\n\nSubscribe to our newsletter to get every post by email.\n",
    )
    write(
        posts,
        "post3.md",
        f"# Post 3\n\n{texts[3]}\n\nSubscribe to our newsletter to get every post by email!\n",
    )
    write(posts, "post9.md", f"# Post 0\n\n{texts[0]}\n")  # a copy of post0.md
    proc = run("dedup", posts, "--check")
    assert proc.returncode == 1, proc.stderr
    assert f"{posts / 'post9.md'}: near-copy of {posts / 'post0.md'}" in proc.stderr
    assert f"paragraph in 2 documents ({posts / 'post1.md'}, {posts / 'post3.md'})" in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl"], "missing.jsonl: no such file"),
        (["posts", "--out", "out"], "--out writes JSON Lines inputs only"),
        (["good.jsonl", "--check", "--out", "out"], "--check changes nothing"),
        (["bad.jsonl"], "bad.jsonl:2: not valid JSON"),
        (["bad.jsonl", "--out", "out"], "bad.jsonl:2: not valid JSON"),  # and no empty out/ left
        (["good.jsonl", "--out", "out", "--report", "posts"], "is a directory"),
        (["nofield.jsonl"], "nofield.jsonl:1: no field 'text'"),
        (["good.jsonl", "--field", "a..b"], "empty part"),
        (["s3://bucket/x.jsonl"], "need --engine dask"),
        (["good.jsonl", "--out", "."], "would overwrite the input"),
        (["good.jsonl", "--report", "nowhere/r.jsonl"], "nowhere' does not exist"),
        (["good.jsonl", "--report", "posts"], "is a directory"),
        ([], "Missing argument"),
        (["empty_dir"], "no documents found"),
        (["good.jsonl", "--scheduler", "tcp://127.0.0.1"], "tcp://HOST:PORT"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, args: list[str], message: str) -> None:
    write(tmp_path, "good.jsonl", '{"text": "one two three"}\n')
    write(tmp_path, "bad.jsonl", '{"text": "one two three"}\n{"text": \n')
    write(tmp_path, "nofield.jsonl", '{"body": "one"}\n')
    (tmp_path / "posts").mkdir()
    (tmp_path / "empty_dir").mkdir()
    write(tmp_path / "empty_dir", "x.jsonl", '{"text": "a b c"}\n')
    write(tmp_path / "posts", "a.md", "Hello.\n")
    proc = run("dedup", *args, cwd=tmp_path)
    assert_no_traceback(proc)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--engine", "local", "--scheduler", "tcp://127.0.0.1:8786"], ["--engine local", "--scheduler"]),
        (["--engine", "dask", "--jobs", "2"], ["--engine dask", "--jobs"]),
        (["--scheduler", "tcp://127.0.0.1:8786", "-j", "1"], ["--scheduler", "--jobs"]),
        (["--boilerplate", "remove"], ["--boilerplate remove", "--out DIR", "--boilerplate report"]),
        (["--boilerplate", "keep-first", "--report", "r.jsonl"], ["--boilerplate keep-first", "--out DIR"]),
        (["--check", "--out", "out"], ["--check", "--out"]),
    ],
)
def test_conflicting_options_are_a_usage_error_before_any_work(
    tmp_path: Path, args: list[str], named: list[str]
) -> None:
    # The input does not exist: the conflict must be found before inputs are even looked for.
    proc = run("dedup", "missing.jsonl", *args, cwd=tmp_path)
    assert_no_traceback(proc)
    assert proc.returncode == 2
    error = proc.stderr.splitlines()[-1]
    assert error.startswith("Error: ") and all(name in error for name in named), error
    assert "no such file" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["--engine", "local", "--jobs", "2"], 0),  # --jobs is the local engine's
        (["--boilerplate", "remove", "--check"], 1),  # a dry run of the removal
        (["--boilerplate", "keep-first", "--out", "out"], 0),
    ],
)
def test_options_that_fit_together_are_accepted(tmp_path: Path, args: list[str], status: int) -> None:
    proc = run("dedup", _stories(tmp_path), *args, cwd=tmp_path)
    assert proc.returncode == status, proc.stderr
    assert "1 boilerplate paragraph in 5 documents" in proc.stderr


def test_check_also_writes_the_report(tmp_path: Path) -> None:
    """--check changes no input and writes no --out files, but a report asked for is written
    (a CI job that fails and keeps the worklist), and the exit code is still --check's."""
    path = _stories(tmp_path)
    report = tmp_path / "report.jsonl"
    proc = run("dedup", path, "--check", "--report", report)
    assert proc.returncode == 1, proc.stderr
    assert f"paragraph in 5 documents ({path}:1, {path}:2" in proc.stderr
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert [line["kind"] for line in lines] == ["paragraphs", "paragraph"]
    assert lines.pop(0)["layout"] == "blank"
    assert [d["line"] for d in lines[0]["documents"]] == [1, 2, 3, 4, 5]
    to_stdout = run("dedup", path, "--check", "--report", "-")
    assert to_stdout.returncode == 1 and to_stdout.stdout == report.read_text()
    assert "paragraph in 5 documents" in to_stdout.stderr and "{" not in to_stdout.stderr


def test_check_keeps_its_exit_code_when_the_report_reader_has_gone(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "cleannews", "dedup", str(_stories(tmp_path)), "--check"]
    proc = subprocess.Popen([*command, "--report", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # long before the report is ready: writing it fails with a broken pipe
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1, stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("nul.md", b"# Title\n\nSome text\x00with a NUL byte.\n"),
        ("late-nul.txt", b"Plain words. " * 6000 + b"\x00"),  # past the first block read
        ("noise.txt", bytes(range(128, 256)) * 20),  # no text encoding fits
        ("utf16.markdown", "Text in UTF-16 without a byte-order mark.".encode("utf-16-le")),
    ],
)
def test_a_binary_text_input_names_only_options_dedup_has(tmp_path: Path, name: str, content: bytes) -> None:
    write(tmp_path, "good.md", "A post in plain UTF-8.\n")
    write(tmp_path, name, content)
    proc = run("dedup", "good.md", name, "--check", cwd=tmp_path)
    assert_no_traceback(proc)
    assert proc.returncode == 2
    assert f"{name}: not text" in proc.stderr and "convert it to UTF-8" in proc.stderr
    options = set(re.findall(r"--[a-z][a-z-]*", run("dedup", "--help").stdout))
    assert "--encoding" not in proc.stderr and set(re.findall(r"--[a-z][a-z-]*", proc.stderr)) <= options


SHARED_CODE = """\
```sh
pip install cleannews
cleannews --check content/

cleannews dedup posts/ --check
```"""
NEWSLETTER = "Subscribe to our newsletter to get every post by email."


def _post(number: int, text: str, front: str) -> str:
    return f"{front}\n\n# Post {number}\n\n{text}\n\nInstall it:\n\n{SHARED_CODE}\n\n{NEWSLETTER}\n"


def test_markdown_front_matter_and_fenced_code_are_not_boilerplate(tmp_path: Path) -> None:
    # Posts long enough that what they share (front matter, code, footer) is under half of each:
    # documents made mostly of shared text overlap as one story, and that is not boilerplate.
    parts, _ = corpus(12, seed=8, share=0.0)
    texts = [" ".join(parts[number::4]) for number in range(4)]
    yaml = "---\nlayout: post\nauthor: Jane Doe Editor\ntags: [news, updates, weekly]\ndraft: false\n---"
    toml = '+++\nlayout = "post"\nauthor = "Jane Doe Editor"\ndraft = false\n+++'
    posts = tmp_path / "posts"
    posts.mkdir()
    for number, (name, front) in enumerate(
        [("a.md", yaml), ("b.markdown", yaml), ("c.mdx", toml), ("d.md", toml)]
    ):
        write(posts, name, _post(number, texts[number], front))
    proc = run("dedup", posts, "--check", "--report", tmp_path / "report.jsonl")
    assert proc.returncode == 1, proc.stderr
    report = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text().splitlines()]
    report = [line for line in report if line["kind"] != "paragraphs"]
    assert [line["text"] for line in report] == [NEWSLETTER]  # "Install it:" is too short to count
    assert [d["file"] for d in report[0]["documents"]] == [
        str(posts / n) for n in ("a.md", "b.markdown", "c.mdx", "d.md")
    ]
    assert "1 boilerplate paragraph in 4 documents" in proc.stderr
    # Plain text is split as before: there the same lines are paragraphs like any other.
    for path in posts.iterdir():
        path.rename(path.with_suffix(".txt"))
    texts_found = [
        json.loads(line)["text"]
        for line in run("dedup", posts, "--report", "-").stdout.splitlines()
        if json.loads(line)["kind"] == "paragraph"
    ]
    assert texts_found[0].startswith("---\nlayout: post") and SHARED_CODE.split("\n\n")[0] in texts_found
    assert NEWSLETTER in texts_found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_report_to_a_named_pipe_is_written_through_it(tmp_path: Path) -> None:
    path = _stories(tmp_path)
    pipe = tmp_path / "pipe"
    with named_pipe(pipe) as received:
        proc = run("dedup", path, "--report", pipe)
    assert proc.returncode == 0, proc.stderr
    assert received == [run("dedup", path, "--report", "-").stdout.encode()]
    assert b'"kind": "paragraph"' in received[0]
    assert pipe.is_fifo()


def test_a_binary_file_in_a_folder_is_skipped_and_named_one_is_an_error(tmp_path: Path) -> None:
    """As `cleannews --check` does: found by a walk, skipped with a note; named, refused."""
    posts = tmp_path / "posts"
    posts.mkdir()
    text = "A post about the storm on the coast and the wind that blew all day.\n"
    write(posts, "a.md", text)
    write(posts, "b.md", text)
    write(posts, "c.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    proc = run("dedup", posts, "--check")
    assert proc.returncode == 1, proc.stderr
    assert f"{posts / 'c.md'}: skipped: not text (binary data)" in proc.stderr
    assert f"{posts / 'b.md'}: near-copy of {posts / 'a.md'}" in proc.stderr
    named = run("dedup", posts / "a.md", posts / "c.md")
    assert named.returncode == 2 and "c.md: not text" in named.stderr
    assert_no_traceback(named)


def test_findings_neither_listed_nor_written_get_a_hint(tmp_path: Path) -> None:
    text = "A post about the storm on the coast and the wind that blew all day.\n"
    first, second = write(tmp_path, "a.txt", text), write(tmp_path, "b.txt", text)
    proc = run("dedup", first, second)
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [
        "1 duplicate document in 1 cluster",
        "(list them with --check, or write them with --report PATH)",
    ]


def test_a_report_over_an_input_or_an_output_is_refused(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", ["A story of its own, long enough.", "Another one."])
    before = path.read_bytes()
    proc = run("dedup", path, "--report", path)
    assert proc.returncode == 2 and "--report would overwrite the input" in proc.stderr
    proc = run("dedup", path, "--out", tmp_path / "out", "--report", tmp_path / "out" / "in.jsonl")
    assert proc.returncode == 2 and "--report would overwrite the output" in proc.stderr
    assert path.read_bytes() == before and not (tmp_path / "out").exists()


def test_standard_input_is_refused_since_dedup_reads_twice() -> None:
    proc = run("dedup", "-", "--check", stdin='{"text": "A story."}\n')
    assert proc.returncode == 2 and "can be read only once" in proc.stderr
    assert_no_traceback(proc)


def test_the_longest_record_can_be_raised_and_lowered(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "long.jsonl", ["word " * 300, "short"])
    proc = run("dedup", path, "--check", "--max-record-bytes", "1000")
    assert proc.returncode == 2 and "a line longer than 1,000 bytes (--max-record-bytes)" in proc.stderr
    assert run("dedup", path, "--check", "--max-record-bytes", "100000").returncode == 0


def test_a_post_copied_under_another_date_is_a_near_copy(tmp_path: Path) -> None:
    """Front matter is the post's metadata: a copy carries its own date (a figure)."""
    body = (
        "The river rose overnight and the council closed the bridge to traffic on Sunday morning.\n\n"
        "Engineers will inspect the old stone arches on Monday before deciding when it can reopen."
    )
    (tmp_path / "posts").mkdir()
    write(tmp_path / "posts", "a.md", f"---\ntitle: Bridge closed\ndate: 2023-03-01\n---\n\n{body}\n")
    write(tmp_path / "posts", "b.md", f"---\ntitle: Bridge closed\ndate: 2024-05-09\n---\n\n{body}\n")
    proc = run("dedup", tmp_path / "posts", "--check")
    assert proc.returncode == 1 and "b.md: near-copy of" in proc.stderr


def test_documents_kept_whole_are_named_when_out_writes(tmp_path: Path) -> None:
    footer = "Follow us on Twitter and Facebook for the latest news from the region and beyond."
    stories = [
        "The harbour master said ferries would run to a winter timetable from the first of November.",
        "Market traders in the square asked the council to delay the rise in stall fees until spring.",
        "Forecasters expect a dry week with light winds before rain returns over the weekend.",
        "Short note.",
    ]
    path = write_jsonl(tmp_path / "bp.jsonl", [f"{story}\n\n{footer}" for story in stories])
    proc = run("dedup", path, "--out", tmp_path / "out", "--boilerplate", "remove")
    assert proc.returncode == 0
    assert f"{path}:4: kept whole: its 1 boilerplate paragraph holds" in proc.stderr


@pytest.mark.parametrize(
    ("module", "hook"),
    [
        ("cleannews.corpus.local", "band_pairs"),  # between the first and the second reading
        ("cleannews.corpus.writing", "report_lines"),  # once the --out files are written
    ],
)
def test_a_file_saved_during_the_run_stops_it_and_writes_nothing(  # type: ignore[no-untyped-def]
    tmp_path: Path, dataset, monkeypatch: pytest.MonkeyPatch, module: str, hook: str
) -> None:
    """Ids are line numbers, read two or three times: a file saved in between would pair one
    record's id with another's text. Neither the report nor any --out file is put in place."""
    import importlib

    from click.testing import CliRunner

    from cleannews.cli_dedup import dedup

    path = tmp_path / "articles.jsonl"
    path.write_bytes(dataset[0].read_bytes())
    target = importlib.import_module(module)
    original = getattr(target, hook)

    def then_saved(*args, **kwargs):  # type: ignore[no-untyped-def]
        with path.open("ab") as handle:  # an editor or a sync writes the file meanwhile
            handle.write(b'{"text": "one more record"}\n')
        return original(*args, **kwargs)

    monkeypatch.setattr(target, hook, then_saved)
    report, out = tmp_path / "report.jsonl", tmp_path / "out"
    result = CliRunner().invoke(dedup, [str(path), "--jobs", "1", "--report", str(report), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "articles.jsonl: changed while dedup read it; nothing was written" in result.output
    assert "Traceback" not in result.output
    assert not report.exists() and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.jsonl"]  # no temporary file left


def test_nfd_text_is_a_copy_of_its_nfc_twin(tmp_path: Path) -> None:
    import unicodedata

    text = (
        "Le café de la gare a rouvert ses portes après des années de travaux, et les habitués "
        "du quartier étaient nombreux à fêter l'événement autour d'un verre de vin rosé."
    )
    lines = [{"text": text}, {"text": unicodedata.normalize("NFD", text)}]
    path = tmp_path / "fr.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    proc = run("dedup", path, "--report", "-", "--boilerplate", "off")
    assert_no_traceback(proc)
    [cluster] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert cluster["duplicates"][0]["line"] == 2 and cluster["duplicates"][0]["similarity"] == 100.0


def test_an_empty_input_is_warned_about(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    proc = run("dedup", tmp_path / "empty.jsonl", "--report", "-")
    assert_no_traceback(proc)
    assert proc.returncode == 0
    assert "empty.jsonl: warning: empty input; nothing to compare" in proc.stderr
    assert json.loads(proc.stdout.splitlines()[0])["seen"] == "no documents"
