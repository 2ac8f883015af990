"""Hostile and huge inputs finish, and in time that grows linearly with size.

The bounds are deliberately generous (a slow CI machine passes them easily);
they exist to catch quadratic or exponential behaviour, which overshoots
them by orders of magnitude. Speed itself is measured in benchmarks/.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import cleannews


def _paragraphs(count: int) -> str:
    return "\n\n".join(
        f"Paragraph {i} says the committee reviewed item {i * 7} of the plan on day {i % 365}."
        for i in range(count)
    )


HOSTILE: dict[str, Callable[[], str]] = {
    "a 4 MB line": lambda: "word " * 800_000,
    "a line of doubled words": lambda: "the the " * 200_000,
    "only NBSPs": lambda: "\u00a0" * 500_000,
    "only newlines": lambda: "\n" * 300_000,
    "combining marks": lambda: "e" + "\u0301" * 300_000,
    "nested escaped ampersands": lambda: "&" + "amp;" * 100_000 + "lt;",
    "mojibake line": lambda: "donâ€™t " * 100_000,
    "20,000 similar paragraphs": lambda: _paragraphs(20_000),
    "long decorated headline": lambda: "A" * 50_000 + " - " + "ABCDEFGHIJ" * 10,
    "a decorated headline 20,000 times": lambda: "Storm batters coast | BBC News\n" * 20_000,
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_finishes(make: Callable[[], str]) -> None:
    text = make()
    started = time.perf_counter()
    out = cleannews.clean(text)
    assert time.perf_counter() - started < 30
    assert cleannews.clean(out) == out


def test_many_paragraphs_keep_their_duplicates_found() -> None:
    """Past the all-pairs limit, copies are still found through rare word pairs."""
    body = _paragraphs(3_000)
    copy = "Paragraph 17 says the committee reviewed item 119 of the plan on day 17."
    result = cleannews.clean_and_explain(body + "\n\n" + copy.replace("reviewed", "re-viewed"))
    assert [(f.line, f.duplicate_of) for f in result.dropped] == [(6001, 35)]


MARKDOWN_HOSTILE: dict[str, Callable[[], str]] = {
    "unclosed template openers": lambda: "a " + "{{ " * 20_000,
    "unclosed Liquid tags": lambda: "a " + "{% " * 20_000,
    "unclosed HTML comments": lambda: "a " + "<!-- " * 20_000,
    "unclosed highlight blocks": lambda: "{{< highlight go >}}\n" * 20_000,
    "backtick runs of every length": lambda: " ".join("`" * (i % 200 + 1) for i in range(5_000)),
    "100,000 lines with hard breaks": lambda: "word  \n" * 100_000,
    "deeply nested lists": lambda: "".join("  " * i + "- item\n" for i in range(500)),
}


@pytest.mark.parametrize("make", MARKDOWN_HOSTILE.values(), ids=MARKDOWN_HOSTILE.keys())
def test_hostile_markdown_finishes(make: Callable[[], str]) -> None:
    text = make()
    started = time.perf_counter()
    out = cleannews.clean(text, markdown=True)
    assert time.perf_counter() - started < 30
    assert cleannews.clean(out, markdown=True) == out


def test_long_post_with_many_copies_is_not_quadratic() -> None:
    """A long Markdown file full of repeated paragraphs (every flag is vetoed)."""
    post = "\n\n".join(
        f"Paragraph {i % 500} says the committee reviewed item {i % 500} today." for i in range(20_000)
    )
    started = time.perf_counter()
    out = cleannews.clean(post, markdown=True)
    assert time.perf_counter() - started < 30
    assert cleannews.clean(out, markdown=True) == out
