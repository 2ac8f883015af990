"""The public API: clean(), clean_and_explain(), Config, output shape and the safety net."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleannews
from cleannews import Action, CleanResult, Config, Finding, UnsafeOutputError, clean, clean_and_explain
from cleannews.config import STEPS
from cleannews.model import Block, Line
from cleannews.pipeline import normalise_lines
from cleannews.safety import check_output, render

PARA = "The council approved the new bridge on Tuesday after a long debate about traffic and costs."
OTHER = "Residents said they would appeal against the decision at the next public meeting."

MESSY = (
    "Bridge plan approved\r\n"
    "Bridge plan approved | BBC News\r\n"
    "\r\n"
    f"{PARA}\r\n"
    "\r\n\r\n\r\n"
    "Donâ€™t   panic, said the the mayor &amp; her deputy.\r\n"
    "\r\n"
    f"{PARA}\r\n"
)


def blocks_of(*texts: str) -> list[Block]:
    return [Block.of(i, (Line(2 * i + 1, text),)) for i, text in enumerate(texts)]


# --- the API ----------------------------------------------------------------


def test_clean_returns_the_same_text_as_clean_and_explain() -> None:
    assert clean(MESSY) == clean_and_explain(MESSY).text


def test_clean_and_explain_on_messy_input() -> None:
    result = clean_and_explain(MESSY)
    assert isinstance(result, CleanResult)
    assert result.text == (
        f"Bridge plan approved\n\n{PARA}\n\nDon’t panic, said the the mayor & her deputy.\n"
    )
    assert result.changed is True
    by_rule = {(f.rule, f.line, f.action) for f in result.findings}
    assert ("repeated_headlines", 2, Action.DROPPED) in by_rule
    assert ("duplicates", 10, Action.DROPPED) in by_rule
    assert ("encoding", 8, Action.FIXED) in by_rule
    assert ("html_entities", 8, Action.FIXED) in by_rule
    assert ("whitespace", 8, Action.FIXED) in by_rule
    assert ("stutters", 8, Action.FLAGGED) in by_rule


def test_dropped_findings_name_their_kept_twin_and_a_score() -> None:
    result = clean_and_explain(MESSY)
    dropped = {f.line: f for f in result.dropped}
    assert set(dropped) == {2, 10}
    assert dropped[2].duplicate_of == 1
    assert dropped[10].duplicate_of == 4
    assert all(f.score is not None and 0 <= f.score <= 100 for f in dropped.values())
    assert all(f.action is Action.DROPPED for f in result.dropped)


def test_flagged_property_lists_only_flags() -> None:
    result = clean_and_explain(MESSY)
    assert result.flagged
    assert all(f.action is Action.FLAGGED for f in result.flagged)
    assert {f.rule for f in result.flagged} == {"stutters"}


def test_findings_are_sorted_by_line() -> None:
    lines = [f.line for f in clean_and_explain(MESSY).findings]
    assert lines == sorted(lines)


def test_finding_to_dict_has_every_field() -> None:
    finding = Finding("duplicates", 7, Action.DROPPED, "duplicate paragraph", duplicate_of=3, score=98.5)
    assert finding.to_dict() == {
        "rule": "duplicates",
        "line": 7,
        "action": "dropped",
        "message": "duplicate paragraph",
        "duplicate_of": 3,
        "score": 98.5,
        "removed": None,
    }


def test_clean_text_is_unchanged() -> None:
    text = f"Headline\n\n{PARA}\n"
    result = clean_and_explain(text)
    assert result.text == text
    assert result.changed is False
    assert result.findings == ()


def test_changed_is_true_when_only_whitespace_changed() -> None:
    result = clean_and_explain("Some   text.\n")
    assert result.text == "Some text.\n"
    assert result.changed is True


def test_results_and_findings_are_immutable() -> None:
    result = clean_and_explain(MESSY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.findings[0].line = 99  # type: ignore[misc]


# --- Config -----------------------------------------------------------------


def test_config_object_and_keyword_overrides_agree() -> None:
    text = f"{PARA}\n\n{OTHER}\n\n{PARA}"
    assert clean(text, Config(duplicates=False)) == text + "\n"
    assert clean(text, duplicates=False) == text + "\n"
    assert clean(text) == f"{PARA}\n\n{OTHER}\n"


def test_keyword_overrides_apply_on_top_of_a_config() -> None:
    text = f"{PARA}\n\n{OTHER}\n\n{PARA}\n\nthe the end"
    result = clean_and_explain(text, Config(stutters=False), duplicates=False)
    assert result.text == text + "\n"
    assert result.findings == ()


def test_with_overrides_returns_a_new_config() -> None:
    base = Config()
    changed = base.with_overrides(duplicate_threshold=98.0)
    assert changed.duplicate_threshold == 98.0
    assert base.duplicate_threshold == 95.0


@pytest.mark.parametrize("name", ["duplicate", "no_duplicates", "Duplicates", "threshold"])
def test_unknown_override_is_a_type_error(name: str) -> None:
    with pytest.raises(TypeError, match=name):
        clean("text", **{name: False})


@pytest.mark.parametrize(
    "settings",
    [
        {"duplicate_threshold": 101},
        {"duplicate_threshold": -1},
        {"flag_threshold": 100.5},
        {"flag_threshold": -0.1},
        {"flag_threshold": 96, "duplicate_threshold": 95},
        {"min_duplicate_length": -1},
        {"max_word_edits": -1},
        {"headline_max_length": -5},
        {"repeat_window": 0},
    ],
)
def test_invalid_settings_are_a_value_error(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Config(**settings)
    with pytest.raises(ValueError):
        clean("text", **settings)


def test_every_step_has_a_boolean_config_field_on_by_default() -> None:
    config = Config()
    for step in STEPS:
        assert getattr(config, step) is True


STEP_EXAMPLES = {
    # step: an input that the step changes (or, for stutters, reports on)
    "encoding": "Donâ€™t panic.",
    "html_entities": "Tom &amp; Jerry",
    "whitespace": "Tom \u00a0  and\u200b Jerry",
    "hard_wraps": (
        "The council met on Tuesday evening to discuss the plans for the\n"
        "new bridge across the river, which residents have opposed for\n"
        "more than a decade because of the expected rise in traffic."
    ),
    "repeated_headlines": "Bridge plan approved\n\nBridge plan approved | BBC News",
    "duplicates": f"{PARA}\n\n{OTHER}\n\n{PARA}",
    "stutters": "He went to the the shop.",
    "paragraph_breaks": "Bridge plan approved\nThe council voted on Tuesday.\n  - an indented item",
}


def test_step_examples_cover_every_step() -> None:
    assert set(STEP_EXAMPLES) == set(STEPS)


@pytest.mark.parametrize("step", sorted(STEP_EXAMPLES))
def test_each_step_acts_when_on(step: str) -> None:
    text = STEP_EXAMPLES[step]
    on = clean_and_explain(text)
    off = clean_and_explain(text, **{step: False})
    if step == "stutters":
        assert any(f.rule == "stutters" for f in on.findings)
    else:
        assert on.text != off.text


@pytest.mark.parametrize("step", sorted(STEP_EXAMPLES))
def test_each_step_switched_off_does_nothing(step: str) -> None:
    text = STEP_EXAMPLES[step]
    result = clean_and_explain(text, **{step: False})
    assert not any(f.rule == step for f in result.findings)
    if step == "hard_wraps":
        assert result.text == text.replace("\n", "\n\n") + "\n"
    elif step == "paragraph_breaks":
        assert result.text == text + "\n"  # line breaks and indentation as in the input
    else:
        assert result.text == text + "\n"


def test_all_steps_off_only_normalises_line_structure() -> None:
    text = "Donâ€™t &amp; the the  x\u00a0y\r\n\r\n\r\nBridge plan\n\nBridge plan | BBC News\n\n" + PARA
    text += "\n\n" + PARA
    result = clean_and_explain(text, **dict.fromkeys(STEPS, False))
    assert result.findings == ()
    assert result.text == (
        "Donâ€™t &amp; the the  x\u00a0y\n\nBridge plan\n\nBridge plan | BBC News\n\n"
        + PARA
        + "\n\n"
        + PARA
        + "\n"
    )


# --- output shape -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "One.",
        "One.\n",
        "One.\n\n\n\n",
        "\n\n\nOne.",
        "One.\r\n",
        "One.\r",
        "One.\n\n\n\nTwo.\n\n\n",
        "One.   \n \t \nTwo.",
    ],
)
def test_exactly_one_final_newline_and_single_blank_lines(text: str) -> None:
    out = clean(text)
    assert out.endswith("\n")
    assert not out.endswith("\n\n")
    assert "\n\n\n" not in out
    assert not out.startswith("\n")


def test_runs_of_blank_lines_collapse_to_one() -> None:
    assert clean("One.\n\n\n\n\nTwo.\n \n\t\n\u00a0\nThree.") == "One.\n\nTwo.\n\nThree.\n"


def test_crlf_input_gives_lf_output() -> None:
    out = clean("One.\r\n\r\n\r\nTwo.\r\nThree.\r\n")
    assert out == "One.\n\nTwo.\n\nThree.\n"
    assert "\r" not in out


def test_cr_only_input_gives_lf_output() -> None:
    assert clean("One.\r\rTwo.\r") == "One.\n\nTwo.\n"


@pytest.mark.parametrize("text", ["", " ", "\n", "\n\n\n", " \t \r\n \u00a0 \n", "\u200b", "\ufeff\n"])
def test_empty_or_whitespace_only_input_gives_empty_output(text: str) -> None:
    assert clean(text) == ""
    result = clean_and_explain(text)
    assert result.text == ""
    assert result.dropped == ()


def test_line_numbers_count_input_lines_including_blank_ones() -> None:
    result = clean_and_explain("\n\nOne.\r\n\r\nHe saw the the cat.")
    assert [(f.rule, f.line) for f in result.findings] == [("stutters", 5)]


# --- imports ----------------------------------------------------------------


def test_import_does_not_load_click_or_rich() -> None:
    code = (
        "import sys, cleannews\n"
        "cleannews.clean('Tom &amp; Jerry')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('click', 'rich'))\n"
        "print(','.join(loaded))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


def test_public_names_are_exported() -> None:
    for name in cleannews.__all__:
        assert hasattr(cleannews, name)
    assert cleannews.__version__


# --- the safety net ---------------------------------------------------------


def test_check_output_accepts_the_correct_output() -> None:
    blocks = blocks_of(PARA, OTHER, PARA)
    dropped = Finding("duplicates", 5, Action.DROPPED, "duplicate paragraph", duplicate_of=1, score=100.0)
    check_output(blocks, [dropped], render(blocks[:2]))


def test_check_output_rejects_output_that_does_not_match() -> None:
    blocks = blocks_of(PARA, OTHER)
    with pytest.raises(UnsafeOutputError):
        check_output(blocks, [], render(blocks) + "extra\n")
    with pytest.raises(UnsafeOutputError):
        check_output(blocks, [], render(blocks[:1]))  # a paragraph vanished without a finding
    with pytest.raises(UnsafeOutputError):
        check_output(blocks, [], f"{PARA}\n\n{OTHER.upper()}\n")


def test_check_output_rejects_a_drop_without_a_kept_twin() -> None:
    blocks = blocks_of(PARA, OTHER, PARA)
    orphan = Finding("duplicates", 5, Action.DROPPED, "duplicate paragraph", duplicate_of=None)
    with pytest.raises(UnsafeOutputError):
        check_output(blocks, [orphan], render(blocks[:2]))
    # The named twin is itself dropped.
    chained = [
        Finding("duplicates", 1, Action.DROPPED, "x", duplicate_of=5, score=100.0),
        Finding("duplicates", 5, Action.DROPPED, "x", duplicate_of=1, score=100.0),
    ]
    with pytest.raises(UnsafeOutputError):
        check_output(blocks, chained, render(blocks[1:2]))


def test_check_output_rejects_a_drop_whose_twin_is_not_alike() -> None:
    blocks = blocks_of(PARA, OTHER)
    wrong = Finding("duplicates", 3, Action.DROPPED, "duplicate paragraph", duplicate_of=1, score=99.0)
    with pytest.raises(UnsafeOutputError):
        check_output(blocks, [wrong], render(blocks[:1]))


def test_check_output_rejects_removing_everything() -> None:
    blocks = blocks_of(PARA)
    gone = Finding("duplicates", 1, Action.DROPPED, "x", duplicate_of=1, score=100.0)
    with pytest.raises(UnsafeOutputError):
        check_output(blocks, [gone], "")


def test_unsafe_output_error_is_a_runtime_error() -> None:
    assert issubclass(UnsafeOutputError, RuntimeError)


def test_bytes_are_refused_with_a_hint() -> None:
    with pytest.raises(TypeError, match="decode_bytes"):
        clean(b"caf\xc3\xa9")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, 3, ["text"]])
def test_other_values_are_refused_without_the_bytes_hint(value: object) -> None:
    with pytest.raises(TypeError, match=f"^cleannews cleans str, not {type(value).__name__}$"):
        clean(value)  # type: ignore[arg-type]


def test_config_field_types_are_checked() -> None:
    with pytest.raises(TypeError, match="duplicate_threshold"):
        Config(duplicate_threshold="98")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="duplicates"):
        Config(duplicates=1)  # type: ignore[arg-type]


def test_public_api_is_exported_and_loaded_lazily() -> None:
    import subprocess
    import sys

    import cleannews

    assert set(cleannews.__all__) - {"__version__"} == set(cleannews._EXPORTS)
    for name in cleannews.__all__:
        assert getattr(cleannews, name) is not None
    code = "import sys, cleannews; print(sorted(m for m in sys.modules if m.startswith('cleannews')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['cleannews']"


# What switches each fast path of normalise_lines off: the full normaliser runs.
_FULL_NORMALISER: dict[str, object] = {
    "_ANY_LINE_MAY_NEED_WORK": __import__("re").compile(""),  # matches everywhere
    "line_needs_no_work": lambda line: False,  # every line, every round
}


def _lines_with_fast_path_off(text: str, fast_path_test: str) -> tuple[list[Line], list[Finding]]:
    """normalise_lines with one fast-path test replaced by one that always finds work
    (the whole-text gate lives in the step registry, the line test in pipeline)."""
    import cleannews.pipeline as pipeline
    import cleannews.steps as steps

    owner: object = steps.REGISTRY if fast_path_test == "_ANY_LINE_MAY_NEED_WORK" else pipeline
    name = "any_line_may_need_work" if owner is steps.REGISTRY else fast_path_test
    original = getattr(owner, name)
    setattr(owner, name, _FULL_NORMALISER[fast_path_test])
    try:
        return pipeline.normalise_lines(text, Config())
    finally:
        setattr(owner, name, original)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab &;\t\r\n\u00a0x.")), max_size=60))
def test_whole_text_fast_path_gives_the_same_lines(text: str) -> None:
    assert normalise_lines(text, Config()) == _lines_with_fast_path_off(text, "_ANY_LINE_MAY_NEED_WORK")


_LINE_PIECES = [
    *"ab &;\t’“”—–«`éÉ\u0301\u00a0\u200b\u200d\u2009\u3000\x0bÃ©Œ€™\x9d\ufffc\x7f",
    "&amp;",
    "e\u0301",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=30).map("".join))
def test_line_fast_paths_give_the_same_lines(text: str) -> None:
    """Lines in normal form skip the normaliser, and so does a second round
    once the first leaves a line in normal form."""
    assert normalise_lines(text, Config()) == _lines_with_fast_path_off(text, "line_needs_no_work")


def test_a_copy_cut_short_of_a_near_copy_stays_when_its_twin_goes() -> None:
    """Found by a property test: "hits hits s..." was dropped as cut short of the
    last paragraph, which the duplicates rule then dropped as a near copy of one
    the teaser does not resemble. The teaser's drop is undone (it stays), the
    near copy goes, and cleaning again changes nothing."""
    text = (
        "storm\n\nstorm\n\nhits hits s...\n\nhitstorms hits storm storm storm storm storm storm storm\n\n"
        "hits hits storm storm storm storm storm storm storm\n"
    )
    result = clean_and_explain(text)
    assert [(f.rule, f.line, f.duplicate_of) for f in result.dropped] == [("duplicates", 9, 7)]
    assert "hits hits s..." in result.text
    assert clean(result.text) == result.text


def test_a_drop_that_would_join_the_lines_around_it_is_flagged_in_a_kept_layout() -> None:
    """Found by the deep fuzz profile: in a file kept in its own layout, removing a
    short line between a long line and one going on in lower case made the two one
    hard-wrapped paragraph when read again, a near copy of the first: cleaning
    twice removed more than cleaning once."""
    text = (
        ":::::::/::/a::a 0000 0:00:: aa000 0:00 a000 0:00 a\n\n"
        "::::: ::::$:a::a  0000 0:00:: aa000 0:00\na:a\na000 0:00 a"
    )
    once = clean_and_explain(text, paragraph_breaks=False)
    assert clean(once.text, paragraph_breaks=False) == once.text
    assert "a:a" in once.text
    assert [f.message.endswith("into one paragraph") for f in once.findings if f.line == 4] == [True]


def test_a_drop_at_the_end_of_lines_that_would_then_join_is_flagged_too() -> None:
    text = (
        'A0??A0??A0??A0:??????"0?A0??A0::??????"0\ra0?0??A0??A0?:?"0A0?0?\n\n'
        'A0??A0??A0???A0::??????0?A0??A0:??????"0\na0?a0??A0??A0?:?"0A0?a0?\nA0?A0?A0?A0?0A0?A0'
    )
    once = clean(text, paragraph_breaks=False)
    assert clean(once, paragraph_breaks=False) == once


def test_when_a_drop_would_be_undone_again_the_twin_it_leans_on_stays_flagged() -> None:
    """The way out of undoing a drop twice (removal._keeping_twins): the new drop
    of the twin an earlier drop leans on becomes a flag, the others stand."""
    from cleannews.removal import _keeping_twins

    earlier = Finding("repeated_headlines", 3, Action.DROPPED, "headline or caption cut short", 5, 100.0)
    of_twin = Finding("duplicates", 5, Action.DROPPED, "near-duplicate paragraph", 1, 97.0)
    other = Finding("duplicates", 9, Action.DROPPED, "duplicate paragraph", 7, 100.0)
    drops, flags = _keeping_twins([of_twin, other], [earlier], {3})
    assert drops == [other]
    assert [(f.line, f.action, f.message) for f in flags] == [
        (5, Action.FLAGGED, "near-duplicate paragraph, kept: an earlier copy's twin")
    ]
