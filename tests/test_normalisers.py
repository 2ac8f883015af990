"""The line normalisers: encoding repair, HTML entities, whitespace, line splitting."""

from __future__ import annotations

import pytest

from cleannews import Action, clean, clean_and_explain
from cleannews.normalisers.encoding import repair_encoding
from cleannews.normalisers.entities import unescape_entities
from cleannews.normalisers.whitespace import normalise_whitespace, split_lines

NBSP = "\u00a0"
NNBSP = "\u202f"
ZWSP = "\u200b"
ZWJ = "\u200d"
BOM = "\ufeff"


# --- encoding ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        # UTF-8 read as Windows-1252
        ("donâ€™t", "don’t"),
        ("â€œQuotedâ€\x9d text", "“Quoted” text"),
        ("Wait â€¦", "Wait …"),
        # UTF-8 read as Latin-1
        ("cafÃ©", "café"),
        ("Ã©tÃ© Ã\xa0 Paris", "été à Paris"),
        # double-encoded UTF-8 (mojibake of mojibake)
        ("Ã¢â‚¬â„¢", "’"),
        ("cafÃƒÂ©", "café"),
        # Windows-1252 bytes read as Latin-1: C1 controls
        ("He said \x93hello\x94", "He said “hello”"),
        ("price \x80 10", "price € 10"),
        ("and so on\x85", "and so on…"),
    ],
)
def test_mojibake_is_repaired(broken: str, fixed: str) -> None:
    repair = repair_encoding(broken)
    assert repair is not None
    assert repair.sure
    assert repair.text == fixed


@pytest.mark.parametrize(
    "text",
    [
        "plain ascii text, nothing to do",
        "\u2018curly\u2019 \u201cquotes\u201d \u2014 em dash \u2013 en dash, £5 and €3",
        "ＡＢＣ１２３ 中文，全角",  # fullwidth forms are correct CJK typography
        "ﬁnance ﬂow",  # ligatures are not an encoding problem
        "Schrödinger’s café in Zürich",
        "Привет, мир",
    ],
)
def test_correct_text_is_not_touched_by_encoding_repair(text: str) -> None:
    assert repair_encoding(text) is None
    assert clean(text) == text + "\n"


def test_fullwidth_and_ligatures_survive_the_whole_pipeline() -> None:
    text = "ﬁnance ＡＢＣ１２３ 中文，全角"
    result = clean_and_explain(text)
    assert result.text == text + "\n"
    assert not any(f.rule == "encoding" for f in result.findings)


@pytest.mark.parametrize("control", ["\x81", "\x8d", "\x8f", "\x90", "\x9d"])
def test_a_control_character_for_no_windows_1252_character_is_flagged_and_kept(control: str) -> None:
    """ftfy keeps the five C1 controls Windows-1252 leaves undefined (clues of
    mojibake); so does cleannews, but it says so: they print as nothing."""
    text = f"Stray {control} in a line.\n\nAnd fixed donâ€™t {control} here.\n"
    result = clean_and_explain(text)
    assert result.text == f"Stray {control} in a line.\n\nAnd fixed don’t {control} here.\n"
    [flagged, fixed] = [f for f in result.findings if f.rule == "encoding"]
    name = f"U+{ord(control):04X}"
    assert (flagged.line, flagged.action, fixed.line, fixed.action) == (1, Action.FLAGGED, 3, Action.FIXED)
    assert name in flagged.message and name in fixed.message
    assert clean_and_explain(result.text).text == result.text


@pytest.mark.parametrize(
    ("line", "action", "said"),
    [
        # (what a differential fuzz found: a flag raised before spaces were normal hid
        # the repair or the lossy flag that came once they were)
        ("ć  â€\x9d", Action.FIXED, "encoding repaired"),
        ("\xa0Ã\x9d", Action.FIXED, "encoding repaired"),
        ("\xa0Å\x81 â€?", Action.FLAGGED, "would lose text"),
    ],
)
def test_the_encoding_finding_describes_the_line_as_it_ends(line: str, action: Action, said: str) -> None:
    [finding] = [f for f in clean_and_explain(line).findings if f.rule == "encoding"]
    assert finding.action is action and said in finding.message


def test_a_stray_control_in_markdown_prose_is_flagged_too() -> None:
    result = clean_and_explain("# Title\n\nStray \x81 here.\n", markdown=True)
    assert result.text == "# Title\n\nStray \x81 here.\n"
    [finding] = [f for f in result.findings if f.rule == "encoding"]
    assert (finding.line, finding.action) == (3, Action.FLAGGED) and "U+0081" in finding.message


def test_lossy_repair_is_proposed_but_not_sure() -> None:
    # "â€?" is the mojibake of a curly quote whose last byte became "?": the
    # repair can only produce U+FFFD, so it must not be trusted.
    repair = repair_encoding("He said â€?hello")
    assert repair is not None
    assert not repair.sure
    assert "\ufffd" in repair.text


def test_lossy_repair_is_flagged_not_applied() -> None:
    text = "He said â€?hello"
    result = clean_and_explain(text)
    assert result.text == text + "\n"
    assert "\ufffd" not in result.text
    encoding = [f for f in result.findings if f.rule == "encoding"]
    assert len(encoding) == 1
    assert encoding[0].action is Action.FLAGGED
    assert encoding[0].line == 1


def test_sure_repair_is_applied_and_reported_as_fixed() -> None:
    result = clean_and_explain("Intro.\n\nIt isnâ€™t over.")
    assert result.text == "Intro.\n\nIt isn’t over.\n"
    assert [(f.rule, f.line, f.action) for f in result.findings] == [("encoding", 3, Action.FIXED)]


# --- HTML entities ----------------------------------------------------------


@pytest.mark.parametrize(
    ("escaped", "decoded"),
    [
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("Don&#8217;t", "Don’t"),
        ("Don&#x2019;t", "Don’t"),
        ("a&nbsp;b", f"a{NBSP}b"),
        ("&lt;b&gt;", "<b>"),
        ("&copy; 2024", "© 2024"),
        # double-escaped: the CMS escaped an entity again
        ("Don&amp;#8217;t", "Don’t"),
        ("Tate &amp;amp; Lyle", "Tate & Lyle"),
        ("x&amp;nbsp;y", f"x{NBSP}y"),
    ],
)
def test_entities_are_decoded(escaped: str, decoded: str) -> None:
    assert unescape_entities(escaped) == decoded


@pytest.mark.parametrize(
    "text",
    [
        "AT&T and R&D",
        "Q&A: what next?",
        "Marks & Spencer",
        "fish &chips",
        "&bogus;",  # unknown name
    ],
)
def test_ampersands_that_are_not_entities_are_untouched(text: str) -> None:
    assert unescape_entities(text) == text
    assert clean(text) == text + "\n"


def test_entities_in_the_pipeline_are_reported_and_nbsp_becomes_a_space() -> None:
    result = clean_and_explain("Body&nbsp;text &amp; more")
    assert result.text == "Body text & more\n"
    rules = {f.rule for f in result.findings}
    assert "html_entities" in rules
    assert all(f.action is Action.FIXED for f in result.findings)


def test_entity_that_decodes_to_mojibake_is_repaired_too() -> None:
    # Numeric references for the two bytes of UTF-8 "é" read as Latin-1.
    assert clean("caf&#195;&#169;") == "café\n"


def test_entity_and_mojibake_on_one_line() -> None:
    assert clean("donâ€™t &amp; won&#8217;t") == "don’t & won’t\n"


# --- whitespace -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"Russia{NBSP}calls for talks", "Russia calls for talks"),
        (f"He said{NBSP}hello", "He said hello"),
        (f"a{NNBSP}b", "a b"),
        (f"x{NBSP}{NBSP}y", "x y"),
        ("a\tb", "a b"),
        ("a\t\t  \tb", "a b"),
        ("a     b", "a b"),
        ("a \u2009 \u3000 b", "a b"),
        ("   padded   ", "padded"),
        (f"\t{NBSP} lead and trail {NBSP}\t", "lead and trail"),
        (f"a{ZWSP}b", "ab"),
        (f"{BOM}start", "start"),
        (f"mid{BOM}dle", "middle"),
        (f"zero{ZWSP}{ZWSP}width{BOM}", "zerowidth"),
        (f"stray{ZWJ}joiner", "strayjoiner"),
    ],
)
def test_whitespace_is_normalised(raw: str, expected: str) -> None:
    assert normalise_whitespace(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        # French typography: inside guillemets and before ; : ! ?
        f"«{NBSP}Bonjour{NBSP}»",
        f"Il a dit{NBSP}: oui",
        f"Vraiment{NBSP}?",
        f"Non{NBSP}!",
        f"Ceci{NBSP}; cela",
        # digit grouping
        f"10{NBSP}000 people",
        f"1{NBSP}000{NBSP}000 euros",
        f"10{NNBSP}000",
        # number and unit
        f"5{NBSP}kg",
        f"42{NBSP}km of road",
        f"20{NBSP}°C",
        f"3{NBSP}%",
        f"100{NBSP}€",
    ],
)
def test_typographic_no_break_space_is_kept(text: str) -> None:
    assert normalise_whitespace(text) == text
    assert clean(text) == text + "\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"5{NBSP}apples", "5 apples"),  # not a unit
        (f"Room{NBSP}101", "Room 101"),  # not digit grouping
        (f"10{NBSP}{NBSP}000", "10 000"),  # a run is never a typographic space
    ],
)
def test_nbsp_that_is_not_typographic_becomes_a_space(raw: str, expected: str) -> None:
    assert normalise_whitespace(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        f"👨{ZWJ}👩{ZWJ}👧 family",  # emoji ZWJ sequence
        f"👩{ZWJ}💻 at work",
        "می\u200cخواهم",  # ZWNJ in Persian
    ],
)
def test_joiners_inside_scripts_and_emoji_are_kept(text: str) -> None:
    assert normalise_whitespace(text) == text
    assert clean(text) == text + "\n"


def test_whitespace_normalisation_applies_nfc() -> None:
    assert normalise_whitespace("cafe\u0301") == "caf\u00e9"


def test_whitespace_only_line_becomes_empty() -> None:
    assert normalise_whitespace(f" \t{NBSP}{ZWSP} ") == ""


def test_whitespace_is_idempotent_on_its_own_output() -> None:
    raw = f"  «{NBSP}Oui{NBSP}»  said\t{NBSP}he, 10{NBSP}000{NBSP}kg{ZWSP}  "
    once = normalise_whitespace(raw)
    assert normalise_whitespace(once) == once


# --- line splitting ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\nb\nc", ["a", "b", "c"]),
        ("a\r\nb\r\nc", ["a", "b", "c"]),
        ("a\rb\rc", ["a", "b", "c"]),
        ("a\r\nb\rc\nd", ["a", "b", "c", "d"]),
        ("a\r\n\r\nb", ["a", "", "b"]),
        ("a\n", ["a", ""]),
        ("", [""]),
    ],
)
def test_split_lines_on_crlf_cr_and_lf(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines


def test_split_lines_ignores_other_unicode_breaks() -> None:
    # NEL is usually a cp1252 ellipsis for ftfy; FF and U+2028 are not line ends in files.
    assert split_lines("a\x85b\x0cc\u2028d") == ["a\x85b\x0cc\u2028d"]


def test_crlf_is_not_a_double_line_break() -> None:
    # "\r\n" must be one line end: two lines separated by CRLF are not a blank line apart.
    assert split_lines("one\r\ntwo") == ["one", "two"]
    assert clean("First paragraph.\r\nSecond paragraph.") == "First paragraph.\n\nSecond paragraph.\n"


@pytest.mark.parametrize("text", ["&copyright; notice", "&notes; here", "x &ampersand; y"])
def test_unknown_entity_names_are_left_alone(text: str) -> None:
    assert unescape_entities(text) == text


def test_preposition_after_a_year_is_not_a_unit() -> None:
    assert normalise_whitespace("Sales rose in 2019\u00a0in London") == "Sales rose in 2019 in London"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("&copy 2024", "© 2024"), ("It cost &pound5m", "It cost £5m"), ("caf&eacute au lait", "café au lait")],
)
def test_legacy_entity_names_without_semicolon_are_decoded(text: str, expected: str) -> None:
    assert unescape_entities(text) == expected


def test_separator_controls_become_spaces() -> None:
    from cleannews import clean

    assert clean("Rap\x0bfeud in\x1c50 Cent\x1dnow") == "Rap feud in 50 Cent now\n"
