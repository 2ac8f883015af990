"""Fields cleannews does not clean come out spelled as they came in (issue 14, item 3).

A rewritten record is its input line with only the cleaned strings replaced:
numbers of any size or precision, non-finite literals, escapes, spacing and
duplicate keys stay as written, in ``--jsonl`` and in ``dedup --out``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clitools import assert_no_traceback, run, write
from corpus_data import corpus
from hypothesis import given, settings
from hypothesis import strategies as st

from cleannews.json_splice import layout, splice
from cleannews.records import RecordOptions, RecordStatus, clean_line

HUGE = "9" * 5000  # int() refuses more than 4,300 digits
ODD_NUMBERS = (
    f'"inf": 1e400, "tiny": 1.00000000000000000001, "big": 12345678901234567890.5, '
    f'"huge": {HUGE}, "neg": -0.0, "exp": 1E+2, "nan": NaN, "minf": -Infinity'
)


def _record(text: str) -> str:
    return '{"id": 7, ' + ODD_NUMBERS + ', "text": ' + json.dumps(text) + ', "esc": "caf\\u00e9 \\/"}'


def test_a_cleaned_record_keeps_every_other_value_as_written() -> None:
    source = _record("Fish &amp; chips")
    outcome = clean_line(source.encode() + b"\n", RecordOptions())
    assert outcome.status is RecordStatus.CHANGED, outcome.message
    assert outcome.data == (source.replace("&amp;", "&") + "\n").encode()


def test_findings_field_with_huge_numbers() -> None:
    source = _record("Fish &amp; chips")
    outcome = clean_line(source.encode() + b"\n", RecordOptions(findings_field="found"))
    assert outcome.data is not None
    written = outcome.data.decode()
    assert written.startswith(source.replace("&amp;", "&")[:-1] + ', "found": [{')
    assert f'"huge": {HUGE},' in written


def test_a_number_where_text_should_be_is_still_a_record_error() -> None:
    outcome = clean_line(f'{{"text": {HUGE}}}\n'.encode(), RecordOptions())
    assert outcome == (RecordStatus.ERROR, None, "field 'text' is a number, not a string")


def test_duplicate_keys_the_last_is_cleaned_as_json_loads_reads_it() -> None:
    source = '{"text": "first &amp; one", "n": 1.10, "text": "last &amp; one"}\n'
    outcome = clean_line(source.encode(), RecordOptions())
    assert outcome.data == b'{"text": "first &amp; one", "n": 1.10, "text": "last & one"}\n'


def test_nested_field_and_odd_spacing() -> None:
    source = '{ "body" :{"lang":"en" , "text" : "a &amp; b"} ,"n":1.50 }\r\n'
    outcome = clean_line(source.encode(), RecordOptions(fields=("body.text",)))
    assert outcome.data == source.replace("&amp;", "&").encode()


def test_the_command_keeps_values_and_exits_0(tmp_path: Path) -> None:
    source = _record("Fish &amp; chips")
    data = write(tmp_path, "in.jsonl", source + "\n" + '{"text": "ok", "n": 1e400}\n')
    proc = run("--jsonl", data)
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == source.replace("&amp;", "&") + "\n" + '{"text": "ok", "n": 1e400}\n'


def test_dedup_out_keeps_values_of_records_it_edits(tmp_path: Path) -> None:
    boilerplate = "Follow us on Twitter for the latest news from our newsroom."
    texts, _ = corpus(5, seed=21, share=0.0)
    lines = [
        f'{{"id": {n}, "text": {json.dumps(text + chr(10) * 2 + boilerplate)}, {ODD_NUMBERS}}}\n'
        for n, text in enumerate(texts)
    ]
    path = write(tmp_path, "stories.jsonl", "".join(lines))
    proc = run("dedup", path, "--boilerplate", "keep-first", "--out", tmp_path / "out")
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    written = (tmp_path / "out" / "stories.jsonl").read_text().splitlines(keepends=True)
    assert written[0] == lines[0]
    for old, new in zip(lines[1:], written[1:], strict=True):
        assert new == old.replace(json.dumps(chr(10) * 2 + boilerplate)[1:-1], "")
        assert ODD_NUMBERS in new


def test_dedup_reads_records_with_huge_integers(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", f'{{"text": "One story here.", "n": {HUGE}}}\n' * 2)
    proc = run("dedup", path, "--check")
    assert_no_traceback(proc)
    assert proc.returncode == 1, proc.stderr  # the two copies are found


# --- properties -----------------------------------------------------------------------


def _loads(text: str, **options: object) -> object:
    """json.loads with numbers as their text: the oracle must not trip over them either."""
    return json.loads(text, parse_int=str, parse_float=str, parse_constant=str, **options)  # type: ignore[arg-type]


_space = st.sampled_from(["", " ", "  ", "\t", "\n"])
_number = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1e400", "-1E-400", "1.00000000000000000001", "0.10", HUGE]),
)
_string = st.text(max_size=10).map(lambda s: json.dumps(s, ensure_ascii=bool(len(s) % 2)))
_scalar = st.one_of(_number, _string, st.sampled_from(["true", "false", "null"]))


@st.composite
def _json_text(draw: st.DrawFn, depth: int = 0) -> str:
    """Any JSON value as text, spaced and spelled in many ways."""
    kind = draw(st.sampled_from(["scalar", "array", "object"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return str(draw(_scalar))
    items = draw(st.lists(_json_text(depth + 1), max_size=4))
    s = draw(_space)
    if kind == "array":
        return "[" + s + ("," + s).join(items) + s + "]"
    keys = draw(st.lists(st.text(max_size=5), min_size=len(items), max_size=len(items)))
    members = [json.dumps(key) + s + ":" + s + item for key, item in zip(keys, items, strict=True)]
    return "{" + s + ("," + s).join(members) + s + "}"


@st.composite
def _object_with_path(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    """An object's text and the path of one of its values (found through objects only)."""
    text = draw(_json_text(1).filter(lambda t: t.startswith("{") and t[1:].strip(" \t\n,") != "}"))
    value = _loads(text)
    path: tuple[str, ...] = ()
    while isinstance(value, dict) and value:
        key = draw(st.sampled_from(sorted(value)))
        path += (key,)
        value = value[key]
        if not draw(st.booleans()):
            break
    return text, path


@settings(max_examples=400, deadline=None)
@given(_object_with_path(), st.text(max_size=20))
def test_splice_changes_that_value_and_not_one_byte_elsewhere(
    case: tuple[str, tuple[str, ...]], new: str
) -> None:
    text, path = case
    start, end = layout(text, [path]).spans[path]
    result = splice(text, {path: json.dumps(new)})
    assert result == text[:start] + json.dumps(new) + text[end:]
    expected = _loads(text)
    node: Any = expected
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = new
    assert _loads(result) == expected  # the value json.loads sees is the one replaced


@settings(max_examples=300, deadline=None)
@given(_json_text(1).filter(lambda t: t.startswith("{")), st.text(max_size=4), st.lists(st.integers()))
def test_a_member_put_last_replaces_every_earlier_one(text: str, key: str, value: list[int]) -> None:
    result = splice(text, {}, last=(key, json.dumps(value)))
    pairs: Any = _loads(result, object_pairs_hook=list)
    assert pairs[-1] == (key, [str(number) for number in value])
    before: Any = _loads(text, object_pairs_hook=list)
    assert pairs[:-1] == [pair for pair in before if pair[0] != key]
