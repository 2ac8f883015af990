"""Contracts that must hold for any text: no crash, idempotence, nothing lost."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleannews
from cleannews.blocks import build_blocks
from cleannews.config import Config
from cleannews.model import Action
from cleannews.pipeline import normalise_lines

# Pieces that exercise every step: mojibake, entities, odd spaces, zero-width
# characters, curly quotes, digits, negations and line endings.
_FRAGMENTS = [
    "the",
    "The",
    "council",
    "said",
    "not",
    "never",
    "£3m",
    "2004",
    "10 000",
    "don’t",
    "donâ€™t",
    "Ã©",
    "&amp;",
    "&#8217;",
    "&amp;#8217;",
    "&nbsp;",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\u200d",
    "\t",
    "  ",
    "“",
    "”",
    "—",
    "«",
    "»",
    ":",
    "!",
    "(Reuters)",
    "| BBC News",
    "Photo:",
    "-",
    "*",
    "A:",
    "Q:",
    "é",
    "e\u0301",
    "東京",
    "👩\u200d💻",
    "\x85",
    "\x1b[1m",
]
_NEWLINES = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n\n\n"]

words = st.sampled_from(_FRAGMENTS) | st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6
)
lines = st.lists(words, max_size=25).map(" ".join)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Lines, some of them repeated (exactly or with an edit) as scrapers do."""
    pool = draw(st.lists(lines, min_size=1, max_size=8))
    picks = draw(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=16))
    out = []
    for index in picks:
        line = pool[index]
        if draw(st.booleans()):
            line = (
                draw(st.sampled_from(["", " ", ",", "\u00a0"]))
                + line
                + draw(st.sampled_from(["", " | BBC News", " (AFP)", ".", "  "]))
            )
        out.append(line)
        out.append(draw(st.sampled_from(_NEWLINES)))
    return "".join(out)


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])) | documents()

_SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(texts)
def test_idempotent(text: str) -> None:
    once = cleannews.clean(text)
    assert cleannews.clean(once) == once


@_SETTINGS
@given(texts)
def test_output_is_in_normal_form(text: str) -> None:
    out = cleannews.clean(text)
    if not out:
        return
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert "\r" not in out and "\n\n\n" not in out
    for line in out.split("\n")[:-1]:
        assert line == line.strip(" \t\u00a0")


@_SETTINGS
@given(texts)
def test_nothing_lost(text: str) -> None:
    """Every paragraph of the normalised input is in the output, or was
    dropped with a declared twin that is in the output."""
    result = cleannews.clean_and_explain(text)
    lines, _ = normalise_lines(text, Config())
    blocks = {block.line: block.text for block in build_blocks(lines)}
    output = result.text.split("\n\n") if result.text else []
    output[-1:] = [p.removesuffix("\n") for p in output[-1:]]
    dropped = {f.line: f for f in result.findings if f.action is Action.DROPPED}
    for start, paragraph in blocks.items():
        if start in dropped:
            twin = dropped[start].duplicate_of
            assert twin is not None and blocks[twin] in output
        else:
            assert paragraph in output


@_SETTINGS
@given(texts)
def test_non_empty_input_gives_non_empty_output(text: str) -> None:
    lines, _ = normalise_lines(text, Config())
    if any(line.text for line in lines):
        assert cleannews.clean(text).strip()


@_SETTINGS
@given(texts)
def test_idempotent_with_the_file_settings(text: str) -> None:
    """The settings of --in-place, --check and --diff: a file keeps its layout, so a
    pre-commit hook run twice in a row passes the second time."""
    once = cleannews.clean(text, paragraph_breaks=False)
    assert cleannews.clean(once, paragraph_breaks=False) == once


@settings(deadline=None)
@given(
    texts, st.sampled_from(["duplicates", "repeated_headlines", "stutters", "hard_wraps", "paragraph_breaks"])
)
def test_idempotent_with_a_step_switched_off(text: str, step: str) -> None:
    once = cleannews.clean(text, **{step: False})
    assert cleannews.clean(once, **{step: False}) == once
