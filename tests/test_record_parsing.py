"""``parse_record``'s fast path (a line starting with "{") gives what the full way gives."""

from __future__ import annotations

import pytest

from cleannews.records import RecordError, _parse_whole, parse_record, text_field

LINES = [
    b'{"text": "a"}\n',
    b'{"text": "a"}\r\n',
    b'{"text": "a"}',
    b'{"text": "a"} \n',
    b' {"text": "a"}\n',
    b'\xef\xbb\xbf{"text": "a"}\n',
    b'{"text": "a", "n": 12.50, "big": 1e999}\n',
    b'{"a": {"b": "deep"}}\n',
]
BAD = [
    b'{"text": "a"} {"text": "b"}\n',
    b'{"text": "a"\n',
    b'{"text": "\xff"}\n',
    b'{"text": "a"}x\n',
    b"[1, 2]\n",
    b"\xef\xbb\xbf\xef\xbb\xbf{}\n",
    b"{" * 100_000 + b"\n",
]


@pytest.mark.parametrize("line", LINES)
def test_fast_path_parses_as_the_full_way(line: bytes) -> None:
    assert repr(parse_record(line)) == repr(_parse_whole(line))  # JsonNumbers compare by their text


@pytest.mark.parametrize("line", BAD)
def test_fast_path_errors_as_the_full_way(line: bytes) -> None:
    with pytest.raises(RecordError) as full:
        _parse_whole(line)
    with pytest.raises(RecordError) as fast:
        parse_record(line)
    assert str(fast.value) == str(full.value)


def test_text_field_top_level_and_dotted() -> None:
    assert text_field({"text": "a"}, "text") == "a"
    assert text_field({"a": {"b": None}}, "a.b") is None
    with pytest.raises(RecordError, match="no field 'text'"):
        text_field({}, "text")
    with pytest.raises(RecordError, match="not a string"):
        text_field({"text": 3}, "text")
