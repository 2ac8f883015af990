"""The ftfy gate is safe: gated output == ungated output.

ftfy is only called on lines ``needs_encoding_repair`` lets through. These
tests call ftfy on lines the gate turns away and check that ftfy would have
returned them unchanged, on generated text built from the characters
mojibake is made of, on real mojibake, on the development set and on the
Reuters sample; and that the whole pipeline gives the same output with the
gate open.
"""

from __future__ import annotations

import gzip
import inspect
import json
from pathlib import Path

import ftfy
import pytest
from ftfy.badness import MOJIBAKE_CATEGORIES
from hypothesis import given, settings
from hypothesis import strategies as st

import cleannews
import cleannews.normalisers.encoding as encoding
from cleannews.normalisers.encoding import _ftfy_config, fix_and_explain, needs_encoding_repair

SHARED = Path(__file__).resolve().parents[2] / "shared"

# Every character ftfy's mojibake heuristics and charmap encodings look at.
_CHARMAP = "".join(
    bytes(range(0x80, 0x100)).decode(name, errors="ignore")
    for name in (
        "latin-1",
        "cp1252",
        "cp1251",
        "cp1250",
        "cp1253",
        "cp1254",
        "cp1257",
        "iso-8859-2",
        "mac_roman",
        "cp437",
    )
)
_CATEGORY_CHARS = "".join(
    chr(code)
    for value in MOJIBAKE_CATEGORIES.values()
    for code in range(0x80, 0x3000)
    if __import__("re").match(f"[{value}]", chr(code))
)
_ALPHABET = sorted(
    set(_CHARMAP + _CATEGORY_CHARS + "ŒœÃÂ€™ ’“”—–…\u00a0\ufffd\x1a\x1b\x00\x7f abcXYZ.,;:!?'\"-0123")
)


def ftfy_changes(line: str) -> bool:
    return ftfy.fix_and_explain(line, _ftfy_config())[0] != line


def assert_gate_is_safe(line: str) -> None:
    if not needs_encoding_repair(line):
        assert not ftfy_changes(line), f"gate turned away a line ftfy would change: {line!r}"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=12))
def test_gate_on_mojibake_alphabet(line: str) -> None:
    assert_gate_is_safe(line)


# Mostly ASCII with mojibake characters sprinkled in: the lines the gate turns
# away (no two non-ASCII characters side by side) are the ones worth testing.
_ASCII = [chr(c) for c in range(0x20, 0x7F)] + ["\t"]
_SPRINKLED = [*_ASCII * 30, *[c for c in _ALPHABET if not c.isascii()]]


@settings(max_examples=5000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_SPRINKLED), max_size=16))
def test_gate_on_text_with_isolated_non_ascii(line: str) -> None:
    assert_gate_is_safe(line)


def test_sprinkled_text_is_mostly_turned_away() -> None:
    """The property above tests something: many of its lines do skip ftfy."""
    import random

    rng = random.Random(7)
    lines = ["".join(rng.choice(_SPRINKLED) for _ in range(16)) for _ in range(2000)]
    turned_away = [line for line in lines if not needs_encoding_repair(line)]
    assert len(turned_away) > 500
    for line in turned_away:
        assert not ftfy_changes(line), line


# Any text on one line, and UTF-8 text of Latin letters and marks decoded by the
# codecs that break it in real pages.
_ANY_LINE = st.text(max_size=40).map(lambda line: line.replace("\n", " ").replace("\r", " "))
_ORIGINALS = st.text(alphabet=st.characters(min_codepoint=0xA0, max_codepoint=0x2FF), min_size=1, max_size=8)
_CODECS = ("cp1252", "latin-1", "cp1251", "mac_roman")


def _broken(text: str, codec: str) -> str:
    return text.encode("utf-8").decode(codec, errors="replace")


@settings(max_examples=1000, deadline=None)
@given(_ANY_LINE)
def test_gate_on_any_text(line: str) -> None:
    assert_gate_is_safe(line)


@settings(max_examples=1000, deadline=None)
@given(_ORIGINALS)
def test_gate_on_real_mojibake(original: str) -> None:
    for codec in _CODECS:
        broken = _broken(original, codec)
        assert_gate_is_safe(broken)
        assert_gate_is_safe(f"Prices {broken} rose")


def _lines_of_devset() -> list[str]:
    cases = sorted((SHARED / "devset" / "cases").glob("*/input.txt"))
    return [line for case in cases for line in case.read_text(encoding="utf-8").splitlines()]


def _reuters_lines(limit: int = 3000) -> list[str]:
    path = SHARED / "perf" / "reuters21578_docs.jsonl.gz"
    lines: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for record, raw in enumerate(handle):
            if record == limit:
                break
            document = json.loads(raw)
            for paragraph in [document.get("title") or "", *document.get("paras", [])]:
                lines.append(paragraph)
                # The variants the benchmark times: typographic and mojibake.
                curly = (
                    paragraph.replace("'", "’").replace(' "', " “").replace('"', "”").replace(" - ", " — ")
                )
                lines.append(curly)
                lines.append(curly.encode("utf-8").decode("cp1252", errors="replace"))
    return lines


@pytest.mark.skipif(not (SHARED / "devset").is_dir(), reason="development set not available")
def test_gate_on_the_development_set() -> None:
    lines = _lines_of_devset()
    assert len(lines) > 1000
    for line in lines:
        assert_gate_is_safe(line)


@pytest.mark.skipif(not (SHARED / "perf").is_dir(), reason="Reuters sample not available")
def test_gate_on_reuters_variants() -> None:
    lines = _reuters_lines()
    assert len(lines) > 10_000
    turned_away = [line for line in lines if not needs_encoding_repair(line)]
    assert len(turned_away) > 0.8 * len(lines)  # the gate is worth having
    for line in turned_away:
        assert not ftfy_changes(line), line


@pytest.mark.skipif(not (SHARED / "devset").is_dir(), reason="development set not available")
def test_pipeline_output_is_the_same_with_the_gate_open(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = sorted((SHARED / "devset" / "cases").glob("*/input.txt"))
    texts = [case.read_text(encoding="utf-8") for case in cases]
    assert len(texts) == 100
    gated = [cleannews.clean_and_explain(text) for text in texts]
    monkeypatch.setattr(encoding, "needs_encoding_repair", lambda line: True)
    ungated = [cleannews.clean_and_explain(text) for text in texts]
    assert [r.text for r in gated] == [r.text for r in ungated]
    assert [r.findings for r in gated] == [r.findings for r in ungated]


# --- ftfy's repair in fewer passes --------------------------------------------


def assert_repair_is_ftfys(line: str) -> None:
    expected_text, expected_steps = ftfy.fix_and_explain(line, _ftfy_config())
    text, steps = fix_and_explain(line)
    assert (text, [tuple(step) for step in steps]) == (
        expected_text,
        [tuple(s) for s in expected_steps or ()],
    )


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=12))
def test_repair_is_ftfys_on_mojibake_alphabet(line: str) -> None:
    assert_repair_is_ftfys(line)


@settings(max_examples=1000, deadline=None)
@given(_ANY_LINE)
def test_repair_is_ftfys_on_any_text(line: str) -> None:
    assert_repair_is_ftfys(line)


@settings(max_examples=1000, deadline=None)
@given(_ORIGINALS)
def test_repair_is_ftfys_on_real_mojibake(original: str) -> None:
    for codec in _CODECS:
        broken = _broken(original, codec)
        assert_repair_is_ftfys(broken)
        assert_repair_is_ftfys(f"“Prices” {broken} rose\x1b[1m\x85 — {broken}\x00")
        assert_repair_is_ftfys(_broken(broken, codec))  # twice broken


def test_the_skipped_fixers_act_only_on_what_the_gate_finds() -> None:
    from ftfy.chardata import CONTROL_CHARS

    assert all(encoding._FTFY_CONTROL.match(chr(code)) for code in CONTROL_CHARS)


@pytest.mark.skipif(not (SHARED / "perf").is_dir(), reason="Reuters sample not available")
def test_repair_is_ftfys_on_reuters_variants() -> None:
    lines = [line for line in _reuters_lines(1000) if needs_encoding_repair(line)]
    assert len(lines) > 500
    for line in lines:
        assert_repair_is_ftfys(line)


@pytest.mark.skipif(not (SHARED / "devset").is_dir(), reason="development set not available")
def test_repair_is_ftfys_on_the_development_set() -> None:
    for line in _lines_of_devset():
        if needs_encoding_repair(line):
            assert_repair_is_ftfys(line)


@pytest.mark.parametrize(
    "line", ["a\ud800b", "donâ€™t \udcff", "\ud83d\ude00 Ã©", "\x1b[1mÃ©\x1b[0m", "â€œquotedâ€\x9d\u206a"]
)
def test_repair_is_ftfys_on_surrogates_and_controls(line: str) -> None:
    assert_repair_is_ftfys(line)


def test_repair_without_ftfys_private_step_is_ftfys(monkeypatch: pytest.MonkeyPatch) -> None:
    """If a later ftfy drops its private one-step function, its public loop is used."""
    monkeypatch.setattr(encoding, "_encoding_step", lambda: None)
    for line in ["donâ€™t", "Ã©tÃ©", "â€œquotedâ€\x9d \x1b[1m", "ÃƒÂ©", "plain", "a\ud800b"]:
        assert_repair_is_ftfys(line)


def test_ftfys_private_one_step_is_what_encoding_py_expects() -> None:
    """normalisers/encoding.py calls ftfy's private _fix_encoding_one_step_and_explain
    (the public loop gives the same repairs about twice as slowly on mojibake), and
    pyproject.toml pins ftfy below the next minor version for it. This fails first
    when an ftfy upgrade renames or changes it."""
    what_to_do = (
        f"ftfy {ftfy.__version__} changed its private _fix_encoding_one_step_and_explain, which "
        "cleannews/normalisers/encoding.py (_encoding_step) calls: adapt _repair_encoding_step_by_step "
        "or drop it for ftfy.fix_encoding_and_explain, then move the ftfy pin in pyproject.toml"
    )
    step = getattr(ftfy, "_fix_encoding_one_step_and_explain", None)
    assert step is not None, what_to_do
    assert list(inspect.signature(step).parameters) == ["text", "config"], what_to_do
    text, plan = step("donâ€™t", _ftfy_config())
    assert (text, plan) == ("don’t", [("encode", "sloppy-windows-1252"), ("decode", "utf-8")]), what_to_do
