"""Golden documents: realistic inputs with their exact expected output.

Each case is a pair ``NAME.txt`` / ``NAME.expected.txt`` (or ``NAME.md`` /
``NAME.expected.md``, cleaned as Markdown) in ``examples/`` (the bundled
examples) or ``tests/golden/``. Cases whose name starts with ``negative-`` are
already clean and must come out byte for byte unchanged. Expected outputs were
checked by hand, line by line, when each case was added.
"""

from pathlib import Path

import pytest

import cleannews
from cleannews.decoding import decode_bytes

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted(
    p
    for folder in (ROOT / "examples", ROOT / "tests" / "golden")
    for p in [*folder.glob("*.txt"), *folder.glob("*.md")]
    if ".expected." not in p.name
)


def _expected_path(case: Path) -> Path:
    return case.with_name(f"{case.stem}.expected{case.suffix}")


def _clean(case: Path, text: str) -> str:
    return cleannews.clean(text, markdown=case.suffix == ".md")


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden_output(case: Path) -> None:
    text = decode_bytes(case.read_bytes()).text
    assert _clean(case, text) == _read(_expected_path(case))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden_output_is_stable(case: Path) -> None:
    expected = _read(_expected_path(case))
    assert _clean(case, expected) == expected


@pytest.mark.parametrize("case", [c for c in CASES if c.name.startswith("negative-")], ids=lambda p: p.name)
def test_negative_cases_are_already_clean(case: Path) -> None:
    assert case.read_bytes() == _expected_path(case).read_bytes()


def test_every_case_has_expected_output() -> None:
    assert CASES, "no golden cases found"
    for case in CASES:
        assert _expected_path(case).exists(), f"{case.name} has no expected output"


def test_seed_article_findings() -> None:
    text = decode_bytes((ROOT / "examples" / "seed-article.txt").read_bytes()).text
    result = cleannews.clean_and_explain(text)
    dropped = {(f.rule, f.line, f.duplicate_of) for f in result.dropped}
    assert dropped == {
        ("repeated_headlines", 6, 4),
        ("repeated_headlines", 10, 8),
        ("repeated_headlines", 11, 8),
        ("duplicates", 25, 15),
    }
    stutters = [f for f in result.flagged if f.rule == "stutters"]
    assert [f.line for f in stutters] == [21]
    assert "and, and" in stutters[0].message


def test_markdown_post_findings() -> None:
    text = _read(ROOT / "examples" / "markdown-post.md")
    result = cleannews.clean_and_explain(text, markdown=True)
    # The title repeated as the first paragraph; an exact copy right after its twin.
    assert {(f.rule, f.line, f.duplicate_of) for f in result.dropped} == {
        ("repeated_headlines", 7, 2),
        ("repeated_headlines", 19, 17),
    }
    assert result.dropped[0].removed == "Harbour festival returns after five years"
