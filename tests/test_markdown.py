"""Markdown posts: prose is cleaned, structure stays byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleannews
from cleannews import Action
from cleannews.markdown.frontmatter import split_front_matter
from cleannews.markdown.inline import protected_spans

PARA = "The storm hit the coast on Monday night and flooded homes across the whole region."
OTHER = "Officials said repairs to the sea wall would take at least three months to finish."


def md(text: str) -> cleannews.CleanResult:
    return cleannews.clean_and_explain(text, markdown=True)


def dropped_lines(result: cleannews.CleanResult) -> list[int]:
    return [f.line for f in result.dropped]


# --- front matter -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (["---", "title: Plain title", "---"], "Plain title"),
        (["---", 'title: "Quoted \\"title\\""', "---"], 'Quoted "title"'),
        (["---", "title: Title # a comment", "---"], "Title"),
        (["+++", 'title = "TOML title"', "+++"], "TOML title"),
        (["+++", "title = 'literal'", "+++"], "literal"),
        (["---", "title: >", "  folded", "---"], None),
        (["---", "author: x", "---"], None),
    ],
)
def test_front_matter_title(lines: list[str], title: str | None) -> None:
    front = split_front_matter([*lines, "", "Body"])
    assert front.end == len(lines)
    assert front.title == title


def test_unclosed_front_matter_is_a_thematic_break() -> None:
    assert split_front_matter(["---", "Body text"]).end == 0


@pytest.mark.parametrize("delimiter", ["---", "+++"])
def test_front_matter_is_never_changed(delimiter: str) -> None:
    key = "title:" if delimiter == "---" else "title ="
    front = f'{delimiter}\n{key} "Go\u00a0at   Google"   \nx:  donâ€™t\n{delimiter}\n'
    result = md(front + "\n" + PARA + "\n")
    assert result.text.startswith(front)


def test_title_repeated_as_first_paragraph_is_dropped() -> None:
    text = f'---\ntitle: "Storm hits the coast"\n---\n\nStorm hits the coast\n\n{PARA}\n'
    result = md(text)
    assert result.text == f'---\ntitle: "Storm hits the coast"\n---\n\n{PARA}\n'
    assert [(f.line, f.duplicate_of) for f in result.dropped] == [(5, 2)]


def test_heading_with_the_title_stays_and_is_not_flagged() -> None:
    text = f'+++\ntitle = "Storm hits the coast"\n+++\n\n# Storm hits the coast\n\n{PARA}\n'
    result = md(text)
    assert result.text == text
    assert result.findings == ()


# --- verbatim structure ----------------------------------------------------------


def test_code_blocks_keep_trailing_spaces_nbsp_and_tabs() -> None:
    fenced = '```go\nx :=  1   \ns := "a\u00a0b"\n\tif x {\n```\n'
    indented = "    y  =  2  \n    \tz\n"
    text = f"{PARA}\n\n{fenced}\n{indented}\n{OTHER}\n"
    assert md(text).text == text


def test_inline_code_html_and_links_are_untouched() -> None:
    text = "Run `go  test\u00a0./...` or see <span  class='x'>the  docs</span> at [docs](/a  b).\n"
    assert md(text).text == (
        "Run `go  test\u00a0./...` or see <span  class='x'>the docs</span> at [docs](/a  b).\n"
    )


def test_code_span_across_lines_keeps_its_trailing_space() -> None:
    text = "A span `starts here   \nand ends` here.\n"
    assert md(text).text == text


def test_raw_html_block_and_table_are_untouched() -> None:
    html = '<div  class="note">\n  <p>Hello  world </p>  \n</div>\n'
    table = "| a  | b\u00a0 |\n|----|----|\n| 1  |  2 |\n"
    text = f"{html}\n{table}\n{PARA}\n"
    assert md(text).text == text


def test_template_directives_are_untouched() -> None:
    raw = "{{raw `\n\tfunc  main() {\u00a0}\n`}}\n"
    shortcode = "{{< highlight go >}}\nx  :=  1\n\n y\n{{< /highlight >}}\n"
    text = f"{raw}\n{shortcode}\n{PARA}\n"
    assert md(text).text == text


@pytest.mark.parametrize("hard_break", ["  ", "   ", "\\"])
def test_hard_breaks_are_kept(hard_break: str) -> None:
    text = f"First line{hard_break}\nsecond line [link](/x){hard_break}\nthird line.\n"
    assert md(text).text == text


def test_trailing_spaces_that_are_not_a_break_are_removed() -> None:
    assert md("Last line of a paragraph  \n\n# Heading  \n").text == "Last line of a paragraph\n\n# Heading\n"


# --- prose -------------------------------------------------------------------------


def test_prose_is_repaired_in_paragraphs_headings_lists_and_quotes() -> None:
    text = "# Donâ€™t  panic\n\nGo\u00a0is   fast.\n\n- an  item\n  continued  here\n\n> quoted  text\n"
    result = md(text)
    assert result.text == "# Don’t panic\n\nGo is fast.\n\n- an item\n  continued here\n\n> quoted text\n"
    assert {f.rule for f in result.findings} == {"encoding", "whitespace"}


def test_list_indentation_and_markers_are_kept() -> None:
    text = "1.  First  item\n\n    still the first item\n\n2.  Second\n"
    assert md(text).text == "1.  First item\n\n    still the first item\n\n2.  Second\n"


def test_a_line_of_nbsp_inside_a_paragraph_is_kept() -> None:
    text = "Line one\n\u00a0\u00a0\nLine three\n"
    assert md(text).text == text


def test_html_entities_are_markdown_and_stay() -> None:
    text = "Fish &amp; chips &lt;b&gt; &#8217;\n"
    assert md(text).text == text


def test_blank_line_runs_between_blocks_collapse_and_file_ends_with_one_newline() -> None:
    text = f"\n\n{PARA}\n\n\n\n{OTHER}\n  \n\n"
    assert md(text).text == f"{PARA}\n\n{OTHER}\n"


def test_crlf_input_gives_lf_text() -> None:
    assert md(f"{PARA}\r\n\r\n{OTHER}\r\n").text == f"{PARA}\n\n{OTHER}\n"


# --- duplicates and repeats ----------------------------------------------------------


def test_exact_copy_right_after_its_twin_is_dropped() -> None:
    result = md(f"{PARA}\n\n{PARA}\n\n{OTHER}\n")
    assert result.text == f"{PARA}\n\n{OTHER}\n"
    assert dropped_lines(result) == [3]


def test_a_run_of_copies_goes_in_one_pass() -> None:
    result = md(f"{PARA}\n\n{PARA}\n\n{PARA}\n\n{PARA}\n")
    assert result.text == f"{PARA}\n"
    assert dropped_lines(result) == [3, 5, 7]


def test_edited_copy_is_only_flagged() -> None:
    """Docs repeat a sentence with one word changed on purpose ("pip" / "pipx", "sync" / "async")."""
    text = f"{PARA}\n\n{PARA.replace('whole ', '')}\n\n{OTHER}\n"
    result = md(text)
    assert result.text == text
    assert [(f.line, f.action) for f in result.findings] == [(3, Action.FLAGGED)]
    assert "exact copy" in result.findings[0].message


@pytest.mark.parametrize(
    "pair",
    [
        ("::: pkg.get_name", "::: pkg.get_names"),
        ("Install with pip.", "Install with pipx."),
        ("![a 'x' b](i.png)", '![a "x" b](i.png)'),
        ("Step one: run the tool.", "Step one: run the tool!"),
    ],
)
def test_short_lines_that_differ_at_all_are_kept_silently(pair: tuple[str, str]) -> None:
    text = f"{pair[0]}\n\n{pair[1]}\n"
    result = md(text)
    assert result.text == text
    assert not result.dropped


def test_short_exact_copies_are_kept() -> None:
    text = "/// figure-caption | ^1\n\n/// figure-caption | ^1\n"
    assert md(text).text == text


def test_similar_paragraphs_are_not_reported_in_markdown() -> None:
    """API entries and changelog lines look alike; only copies a rule wanted to remove are reported."""
    text = f"{PARA}\n\n{PARA.replace('Monday', 'Friday').replace('homes', 'shops')}\n"
    assert md(text).findings == ()


def test_copy_further_away_is_only_flagged() -> None:
    text = f"{PARA}\n\n{OTHER}\n\n{PARA}\n"
    result = md(text)
    assert result.text == text
    assert [(f.line, f.action) for f in result.findings] == [(5, Action.FLAGGED)]
    assert "right after its twin" in result.findings[0].message


def test_copies_with_different_links_or_images_are_not_duplicates() -> None:
    one = '<img src="a.svg" alt="Chart of the respondents who use Go at work every day" />'
    two = one.replace("a.svg", "b.svg")
    text = f"{one}\n\n{two}\n"
    result = md(text)
    assert result.text == text
    assert not result.dropped


def test_headings_and_list_items_are_never_removed() -> None:
    text = f"## {PARA}\n\n## {PARA}\n\n- {OTHER}\n- {OTHER}\n\n- {OTHER}\n"
    result = md(text)
    assert result.text == text
    assert not result.dropped


def test_nbsp_after_a_marker_does_not_become_structure() -> None:
    """Turning "##\u00a0API" into "## API" would make a heading out of a paragraph."""
    for line in ("##\u00a0API", "-\u00a0item", "Text\n1.\u00a0x"):
        assert md(line + "\n").text == line + "\n"


def test_mkdocs_admonition_with_a_fence_is_untouched() -> None:
    text = "!!! note\n    ```python\n    x  =  1   \n\n\n    y = 2\n    ```\n\nText here.\n"
    assert md(text).text == text


def test_mdx_import_export_and_expressions_are_untouched() -> None:
    text = 'import X from  "y"\n\nexport const a  =  1\n\n{/* a  comment */}\n\nText here.\n'
    assert md(text).text == text


def test_deliberate_invisible_and_special_spaces_stay() -> None:
    text = "Ping @\u200bbot, 10\u2009000 items, \u3000indent, word\u2060joiner.\n"
    assert md(text).text == text


def test_paragraph_repeating_the_heading_above_is_dropped() -> None:
    result = md("# Storm hits the coast\n\nStorm hits the coast\n\n" + PARA + "\n")
    assert result.text == "# Storm hits the coast\n\n" + PARA + "\n"


# --- suppression ------------------------------------------------------------------------


def test_off_on_region_is_left_alone() -> None:
    region = f"<!-- cleannews: off -->\n{PARA}\n\n{PARA}\n\nGo\u00a0is   fast.\n<!-- cleannews: on -->\n"
    text = f"{region}\nGo\u00a0is   fast.\n"
    assert md(text).text == f"{region}\nGo is fast.\n"


def test_off_without_on_protects_the_rest_of_the_file() -> None:
    text = f"Go  is fast.\n\n<!-- cleannews: off -->\n\n{PARA}\n\n{PARA}\n\nGo  is fast.\n"
    assert md(text).text == f"Go is fast.\n\n<!-- cleannews: off -->\n\n{PARA}\n\n{PARA}\n\nGo  is fast.\n"


def test_keep_comment_protects_the_next_paragraph() -> None:
    text = f"{PARA}\n\n<!-- cleannews: keep -->\n{PARA}\n\nGo  is fast.\n"
    result = md(text)
    assert result.text == f"{PARA}\n\n<!-- cleannews: keep -->\n{PARA}\n\nGo is fast.\n"
    assert not result.dropped


def test_switch_inside_a_code_block_is_just_code() -> None:
    text = "```\n<!-- cleannews: off -->\n```\n\nGo  is fast.\n"
    assert md(text).text == "```\n<!-- cleannews: off -->\n```\n\nGo is fast.\n"


# --- invariants -------------------------------------------------------------------------

_MD_PIECES = st.sampled_from(
    [
        PARA,
        OTHER,
        "# Heading  with\u00a0space",
        "- item  one",
        "  - nested `code  x`",
        "> quote  donâ€™t",
        "```",
        "    indented  code  ",
        "| a | b |",
        "|---|---|",
        "<div>  x  </div>",
        "<!-- cleannews: off -->",
        "<!-- cleannews: on -->",
        "line with break  ",
        "line with backslash\\",
        "Go\u00a0is &amp; fast",
        "---",
        "+++",
        "title: x",
        "",
        " ",
        "\u00a0",
        "{{raw `",
        "`}}",
        "text [link](/a  b) more",
        # Repairs that change what Markdown sees (issue 14, item 9).
        "[1]: /url \u00a0",
        "\u202f  ",
        " \x1b",
        "Title\u00a0",
        "===\u00a0",
    ]
)


def test_a_repair_that_makes_a_link_definition_is_cleaned_as_one_in_the_same_run() -> None:
    """Issue 14, item 9: without its no-break space the line is a link definition,
    and the paragraph after it a copy right after its twin; pass 2 dropped it."""
    text = f"{PARA}\n\n[1]: /url \u00a0\n{PARA}\n"
    once = md(text).text
    assert once == f"{PARA}\n\n[1]: /url\n"
    assert md(once).text == once


def test_trailing_spaces_that_stop_being_a_line_break_go_in_the_same_run() -> None:
    once = md("\u202f  \n \x1b").text
    assert once == "\u202f\n"
    assert md(once).text == once


@given(st.lists(_MD_PIECES, max_size=25))
def test_markdown_cleaning_is_idempotent_and_keeps_code(pieces: list[str]) -> None:
    text = "\n".join(pieces) + "\n"
    once = md(text).text
    assert md(once).text == once
    from cleannews.markdown.frontmatter import split_front_matter as split
    from cleannews.markdown.structure import analyse

    lines = text.splitlines()
    layout = analyse(lines, split(lines))
    fences = [lines[i] for i in sorted(layout.verbatim) if lines[i].strip()]
    out = iter(once.splitlines())
    assert all(any(line == o for o in out) for line in fences)


@given(st.text(max_size=300))
def test_markdown_never_crashes(text: str) -> None:
    result = md(text)
    assert md(result.text).text == result.text


def test_protected_spans_cover_code_html_and_escapes() -> None:
    text = r"a \` b `c` <x> {{ t }} ](u)"
    spans = [text[s:e] for s, e in protected_spans(text)]
    assert spans == ["\\`", "`c`", "<x>", "{{ t }}", "](u)"]


def test_a_repeated_stanza_is_a_refrain_and_stays() -> None:
    stanza = "La la la, the chorus goes round and round again tonight,\nsing it loud and sing it right."
    text = f"{stanza}\n\n{stanza}\n"
    result = md(text)
    assert result.text == text
    assert any("refrain" in f.message for f in result.findings)


def test_a_spacer_paragraph_of_nbsp_separates_twins() -> None:
    text = f"{PARA}\n\n\u00a0\n\n{PARA}\n"
    assert md(text).text == text


@pytest.mark.parametrize(
    "block",
    [
        "{{< code-toggle file=hugo >}}\n[params]   \nfoo  =  1\n\n\n\nbar = 2\n{{< /code-toggle >}}",
        "{{% note %}}\nSome  prose\u00a0here.\n{{% /note %}}",
        "{% raw %}\n{{ a }}   \n\n\n\n{{ b }}\n{% endraw %}",
        "$$\na  +  b   \n\n\n\n= c\n$$",
    ],
)
def test_template_and_maths_blocks_are_verbatim(block: str) -> None:
    text = f"{block}\n\nGo\u00a0is  fast.\n"
    assert md(text).text == f"{block}\n\nGo is fast.\n"
