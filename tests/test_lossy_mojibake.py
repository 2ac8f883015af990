"""Mojibake that lost a byte on the way (issue 11, item 8).

A curly closing quote ” is E2 80 9D in UTF-8; read as Windows-1252, 0x9D is
undefined and scrapers print "?" or U+FFFD, so the mojibake is "â€?" and ftfy
can only repair it to U+FFFD. Where the context decides which character was
lost (after a word, before a space, punctuation or the end: ”) cleannews
restores it; where it does not, the line is flagged and left as it is.
"""

from __future__ import annotations

import re

import ftfy
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import cleannews
from cleannews import Action, clean, clean_and_explain
from cleannews.normalisers.encoding import _ftfy_config, repair_encoding, restore_lost_bytes


def lossy_mojibake(text: str, lost: str = "?") -> str:
    """``text`` as UTF-8 read as Windows-1252, undefined bytes printed as ``lost``."""
    return text.encode("utf-8").decode("cp1252", errors="replace").replace("\ufffd", lost)


def encoding_findings(text: str, **options: bool) -> list[cleannews.Finding]:
    return [f for f in clean_and_explain(text, **options).findings if f.rule == "encoding"]


# --- a lost byte that its context decides ------------------------------------


@pytest.mark.parametrize("lost", ["?", "\ufffd"])
@pytest.mark.parametrize(
    "text",
    [
        "Fitch moved the notes to “A-” from “BBB+”",  # before a space and at the end
        "She called the plan “a mess”.",  # before a full stop
        "“Never,” he said, “not again”!",  # before a comma and an exclamation mark
        "The word “ok”? Not here.",  # before a question mark
        "(the “fine print”) was short",  # before a bracket
        "He’s “late” — again",  # next to another repair
    ],
)
def test_closing_quote_with_a_lost_byte_is_restored(text: str, lost: str) -> None:
    broken = lossy_mojibake(text, lost)
    assert "â€" + lost in broken
    result = clean_and_explain(broken)
    assert result.text == text + "\n"
    [finding] = [f for f in result.findings if f.rule == "encoding"]
    assert finding.action is Action.FIXED
    assert "restored" in finding.message


def test_the_issue_example_is_repaired() -> None:
    assert (
        clean("The agency upgraded it to â€œbb+â€? from â€œbbâ€?")
        == "The agency upgraded it to “bb+” from “bb”\n"
    )


def test_restoration_in_markdown_prose() -> None:
    text = "# Rated â€œAâ€?\n\nThe bank is â€œstableâ€?.\n"
    assert clean(text, markdown=True) == "# Rated “A”\n\nThe bank is “stable”.\n"


def test_restored_repair_is_idempotent() -> None:
    once = clean("Fans call it â€œthe big oneâ€?, and â€œloudâ€?")
    assert once == "Fans call it “the big one”, and “loud”\n"
    assert clean(once) == once


# --- a lost byte that its context does not decide -----------------------------


@pytest.mark.parametrize(
    "broken",
    [
        "He wrote â€?soon and left",  # after a space: an opening ”, a joiner, a hyphen?
        "a wellâ€?known name",  # between letters: most likely U+2010 HYPHEN
        "Rated â€œAâ€? then â€?B",  # one decided, one not: nothing is half-done
    ],
)
def test_undecided_lost_byte_is_flagged_and_left(broken: str) -> None:
    result = clean_and_explain(broken)
    assert result.text == broken + "\n"
    [finding] = [f for f in result.findings if f.rule == "encoding"]
    assert finding.action is Action.FLAGGED
    assert "byte" in finding.message and "lost" in finding.message
    assert clean(result.text) == result.text


def test_right_to_left_mark_is_not_turned_into_a_quote() -> None:
    # U+200F after a Hebrew word and before a space has the same mojibake as ”.
    broken = lossy_mojibake("מה\u200f זה")
    assert "â€?" in broken
    repair = repair_encoding(broken)
    assert repair is not None
    assert "”" not in repair.text
    assert not repair.sure


def test_double_quote_losses_in_other_positions_are_not_restored() -> None:
    assert restore_lost_bytes("â€?lead") == "â€?lead"  # start of the line
    assert restore_lost_bytes("x â€? y") == "x â€? y"  # after a space
    assert restore_lost_bytes("ab â€?cd") == "ab â€?cd"  # before a letter
    assert restore_lost_bytes("noâ€?yes") == "noâ€?yes"  # between letters


# --- U+FFFD that is text --------------------------------------------------------


def test_mojibake_of_the_replacement_character_is_repaired() -> None:
    # The page really showed U+FFFD; its UTF-8 read as Latin-1 is "ï¿½". No byte
    # was lost, so the repair is sure.
    result = clean_and_explain("Posts may be edited ï¿½ addresses stay private.")
    assert result.text == "Posts may be edited \ufffd addresses stay private.\n"
    assert [f.action for f in result.findings if f.rule == "encoding"] == [Action.FIXED]


# --- properties -----------------------------------------------------------------

# The characters mojibake is made of, the five characters "â€" and a lost byte
# can stand for, and ordinary text around them.
_PIECES = st.sampled_from(
    [
        *("â€", "â€?", "â€\ufffd", "â€œ", "â€™", "Ã©", "Â", "?", "\ufffd", "ï¿½"),
        *("”", "“", "’", "\u2010", "\u200d", "\u200f", "\u2001"),
        *(" ", ".", ",", "!", "-", "—", "word", "Été", "café", "ש"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
@example("plain “quoted” text, nothing lost")
@example("a question? Yes.")
def test_restoration_only_acts_on_lost_bytes(text: str) -> None:
    """Text without a lost byte gets ftfy's answer: the restoration never acts
    on it. Where it does act, it gives back text ftfy would have lost."""
    ftfy_text, _ = ftfy.fix_and_explain(text, _ftfy_config())
    repair = repair_encoding(text)
    got = text if repair is None else repair.text
    if not _LOST.search(text):
        assert got == ftfy_text
    elif got != ftfy_text:
        assert repair is not None and repair.sure
        assert got.count("\ufffd") < ftfy_text.count("\ufffd") or _LOST.search(ftfy_text)
        assert "”" in got


_LOST = re.compile("â€[?\ufffd]")


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=10).map(" ".join) | st.lists(_PIECES, max_size=10).map("".join))
def test_cleaning_stays_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüßøłç", min_size=1, max_size=8)
_AFTER_QUOTE = st.sampled_from(["", " ", ".", ",", "!", "?", ";", ":", ")", " —"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(_WORD, st.booleans(), _AFTER_QUOTE), min_size=1, max_size=6),
    st.sampled_from("?\ufffd"),
)
def test_quoted_words_with_lost_bytes_come_back(parts: list[tuple[str, bool, str]], lost: str) -> None:
    """Text without mojibake is left alone; its lossy mojibake comes back whole
    when every lost byte is a closing quote after a word."""
    text = " ".join(f"“{word}”{after}" if quoted else word + after for word, quoted, after in parts).strip()
    assert repair_encoding(text) is None
    assert restore_lost_bytes(text) == text
    # Only where ftfy repairs the same text's lossless mojibake: alone, "Å‚"
    # (a broken "ł") is not mojibake to ftfy, lossy or not.
    assume(ftfy.fix_encoding(text.encode().decode("sloppy-windows-1252")) == text)
    broken = lossy_mojibake(text, lost)
    repair = repair_encoding(broken)
    if broken == text:
        assert repair is None
        return
    assert repair is not None
    assert repair.sure
    assert repair.text == text
