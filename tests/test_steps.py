"""The step registry: a step registered in a test acts through every path.

The ``!!!`` -> ``!`` step here is the worked example of docs/adding-a-step.md.
Registering it replaces ``steps.REGISTRY`` (the fast-path tables are derived
from it), and a Config with its field stands in for the one config.py derives
from the registry at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, make_dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleannews import Action, Config, clean, clean_and_explain, steps
from cleannews.commands.jsonl import OnError, clean_chunk
from cleannews.config import STEPS, _with_step_fields
from cleannews.quick import _plain_if_normal, line_needs_no_work, normal_text
from cleannews.records import RecordOptions

_RUN = re.compile("!{3,}")


def collapse_exclamations(text: str, config: Config) -> str:
    """Three or more exclamation marks become one."""
    return _RUN.sub("!", text) if "!!!" in text else text


EXCLAMATIONS = steps.Step(
    "exclamations",
    help="Leave runs of exclamation marks as they are.",
    message="exclamation marks collapsed",
    trigger="!",
    apply=collapse_exclamations,
    markdown=collapse_exclamations,
)


@pytest.fixture
def config(monkeypatch: pytest.MonkeyPatch) -> Config:
    """The registry with the step added, and a Config with its switch on."""
    monkeypatch.setattr(steps, "REGISTRY", steps.Registry((*steps.NORMALISERS, EXCLAMATIONS)))
    with_step = make_dataclass("Config", [("exclamations", "bool", True)], bases=(Config,), frozen=True)
    made: Config = with_step()
    return made


# Curly quotes and nothing else non-ASCII: the text takes the bytes path of quick.py.
TYPOGRAPHIC = "It’s a goal!!! The crowd roared.\n\nThe match ended 2-1.\n"


def test_plain_text(config: Config) -> None:
    assert clean("Wow!!! Great\n", config) == "Wow! Great\n"
    assert clean("Wow!!! Great\n", config.with_overrides(exclamations=False)) == "Wow!!! Great\n"


def test_findings(config: Config) -> None:
    result = clean_and_explain("Wow!!! Great\n\nFine.\n", config)
    assert result.text == "Wow! Great\n\nFine.\n"
    assert [(f.rule, f.line, f.action, f.message) for f in result.findings] == [
        ("exclamations", 1, Action.FIXED, "exclamation marks collapsed")
    ]


def test_markdown(config: Config) -> None:
    text = "# Wow!!!\n\nWow!!! Great, see `wow!!!`.\n"
    result = clean_and_explain(text, config, markdown=True)
    assert result.text == "# Wow!\n\nWow! Great, see `wow!!!`.\n"  # code is never touched
    assert {(f.rule, f.message) for f in result.findings} == {("exclamations", "exclamation marks collapsed")}


def test_fast_paths_see_the_trigger(config: Config) -> None:
    assert _plain_if_normal(TYPOGRAPHIC) is None and normal_text(TYPOGRAPHIC) is None
    assert not line_needs_no_work("Wow!!!") and not line_needs_no_work("It’s a goal!!!")
    assert clean(TYPOGRAPHIC, config) == TYPOGRAPHIC.replace("!!!", "!")
    assert clean(TYPOGRAPHIC.replace("\n\n", "\n"), config) == TYPOGRAPHIC.replace("!!!", "!")


def test_without_the_step_the_bytes_path_takes_the_text() -> None:
    """The control for the test above: the gates changed because the registry did."""
    assert _plain_if_normal(TYPOGRAPHIC) is not None
    assert clean(TYPOGRAPHIC) == TYPOGRAPHIC


def test_json_lines_record(config: Config) -> None:
    data = b'{"id": 1, "text": "Wow!!! Great"}\n{"id": 2, "text": "Calm."}\n'
    options = RecordOptions(config=config, findings_field="findings")
    output = clean_chunk(data, options, OnError.FAIL).output(data)
    first = b'{"id": 1, "text": "Wow! Great", "findings": [{"rule": "exclamations"'
    assert output.splitlines()[0].startswith(first)
    assert output.splitlines()[1] == b'{"id": 2, "text": "Calm.", "findings": []}'


def test_config_derives_a_field_for_an_undeclared_step(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(steps, "REGISTRY", steps.Registry((*steps.NORMALISERS, EXCLAMATIONS)))

    @dataclass(frozen=True)
    @_with_step_fields
    class Switches:
        encoding: bool = True
        html_entities: bool = True
        whitespace: bool = True
        duplicates: bool = True

    names = [item.name for item in fields(Switches)]
    assert names == ["encoding", "html_entities", "whitespace", "exclamations", "duplicates"]
    assert Switches().exclamations is True  # type: ignore[attr-defined]


def test_every_registered_step_is_a_switch_with_a_flag_help() -> None:
    declared = {item.name for item in fields(Config)}
    for step in steps.REGISTRY.steps:
        assert step.name in declared
        assert STEPS[step.name] == step.help
        assert step.trigger and step.message


def test_markdown_messages_come_from_the_registry() -> None:
    result = clean_and_explain("Donâ€™t\u00a0 panic.\n", markdown=True)
    by_rule = {f.rule: f.message for f in result.findings}
    assert by_rule == {
        "encoding": steps.REGISTRY.by_name["encoding"].message,
        "whitespace": steps.REGISTRY.by_name["whitespace"].message,
    }


def test_a_bare_ampersand_is_no_work_and_an_entity_is() -> None:
    """The entity step acts only where a reference can stand (its ``acts_at``):
    "Johnson & Johnson" and "J&J" take the fast paths, "&amp;" and "&pound5m" do not."""
    assert normal_text("Johnson & Johnson agreed.\n\nPrices fell.\n") is not None
    assert normal_text("J&J agrees a deal with AT&T.\n\nR&D spending fell.\n") is not None
    assert line_needs_no_work("Johnson & Johnson") and line_needs_no_work("5 & 6 &&")
    for line in ("Tate &amp; Lyle", "a &pound5m deal", "&copy 2024", "&#8217;", "&X1;"):
        assert not line_needs_no_work(line)
    assert steps.REGISTRY.may_need_work.search("Johnson & Johnson") is None


_ENTITY_PIECES = ["&", "#", ";", "x", "A", "T", "1", "amp", "nbsp", "copy", "pound", " "]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_ENTITY_PIECES), max_size=12).map("".join))
def test_the_entity_step_acts_only_where_its_places_say(text: str) -> None:
    from cleannews.normalisers.entities import unescape_entities

    if unescape_entities(text) != text:
        assert re.search(steps.REGISTRY.by_name["html_entities"].acts_at, text)


@given(st.text(alphabet=st.sampled_from("ab &#;\t\r\x00\x7f!é\n"), max_size=40))
def test_ascii_work_in_answers_as_the_pattern_does(text: str) -> None:
    """The translate-then-search shortcut and the one pattern agree, with the
    registry as shipped and with a step added (its trigger acted on anywhere)."""
    assert steps.REGISTRY.ascii_work_in(text) == (steps.REGISTRY.ascii_work.search(text) is not None)
    extended = steps.Registry((*steps.NORMALISERS, EXCLAMATIONS))
    assert extended.ascii_work_in(text) == (extended.ascii_work.search(text) is not None)
