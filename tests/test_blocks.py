"""Grouping normalised lines into paragraph blocks."""

from __future__ import annotations

from cleannews import clean, clean_and_explain
from cleannews.blocks import build_blocks, looks_hard_wrapped
from cleannews.model import Line

WRAPPED = [
    "The council met on Tuesday evening to discuss the plans for the",
    "new bridge across the river, which residents have opposed for",
    "more than a decade because of the expected rise in traffic.",
]


def lines_of(*texts: str) -> list[Line]:
    return [Line(number, text) for number, text in enumerate(texts, start=1)]


def block_texts(*texts: str, detect_hard_wraps: bool = True) -> list[str]:
    return [b.text for b in build_blocks(lines_of(*texts), detect_hard_wraps=detect_hard_wraps)]


def test_hard_wrapped_prose_is_one_block() -> None:
    assert looks_hard_wrapped(WRAPPED)
    blocks = build_blocks(lines_of(*WRAPPED))
    assert len(blocks) == 1
    assert blocks[0].text == "\n".join(WRAPPED)
    assert [line.number for line in blocks[0].lines] == [1, 2, 3]
    assert blocks[0].line == 1


def test_hard_wrapped_prose_keeps_its_line_structure_in_the_output() -> None:
    text = "\n".join(WRAPPED)
    assert clean(text) == text + "\n"


def test_two_wrapped_paragraphs_stay_separate_blocks() -> None:
    second = [
        "Residents said they would take the decision to the high court if",
        "the council refused to publish the traffic surveys it relied on.",
    ]
    text = "\n".join(WRAPPED) + "\n\n" + "\n".join(second)
    blocks = build_blocks(lines_of(*text.split("\n")))
    assert [b.text for b in blocks] == ["\n".join(WRAPPED), "\n".join(second)]
    assert [b.line for b in blocks] == [1, 5]
    assert clean(text) == text + "\n"


def test_hard_wraps_off_makes_every_line_a_paragraph() -> None:
    assert block_texts(*WRAPPED, detect_hard_wraps=False) == WRAPPED
    assert clean("\n".join(WRAPPED), hard_wraps=False) == "\n\n".join(WRAPPED) + "\n"


def test_headline_then_caption_on_the_next_line_are_two_blocks() -> None:
    assert block_texts("Minister resigns", "The minister leaves Downing Street on Monday") == [
        "Minister resigns",
        "The minister leaves Downing Street on Monday",
    ]
    assert clean("Minister resigns\nThe minister leaves Downing Street on Monday") == (
        "Minister resigns\n\nThe minister leaves Downing Street on Monday\n"
    )


def test_long_headline_then_caption_are_two_blocks() -> None:
    # A headline long enough to pass for a wrapped line, with no final full stop.
    headline = "Flood defences to be rebuilt after the winter storm"
    caption = "Workers repair the sea wall at Dawlish on Monday"
    assert not looks_hard_wrapped([headline, caption])
    assert block_texts(headline, caption) == [headline, caption]
    assert clean(f"{headline}\n{caption}") == f"{headline}\n\n{caption}\n"


def test_long_headline_repeated_on_the_next_line_is_dropped() -> None:
    headline = "Flood defences to be rebuilt after the winter storm"
    result = clean_and_explain(f"{headline}\n{headline} | BBC News")
    assert result.text == headline + "\n"
    assert [(f.rule, f.line, f.duplicate_of) for f in result.dropped] == [("repeated_headlines", 2, 1)]


def test_headline_and_its_repeat_on_the_next_line_are_two_blocks() -> None:
    assert not looks_hard_wrapped(["Bates seals takeover", "Bates seals takeover | World News"])
    result = clean_and_explain("Bates seals takeover\nBates seals takeover | World News")
    assert result.text == "Bates seals takeover\n"


def test_short_complete_sentences_on_consecutive_lines_are_separate_paragraphs() -> None:
    texts = ["Police were called at 9pm.", "Two men were arrested.", "Both were later released."]
    assert not looks_hard_wrapped(texts)
    assert block_texts(*texts) == texts


def test_list_items_are_never_hard_wrapped() -> None:
    items = [
        "- The first item on the list is fairly long and wraps onto the",
        "- second item, which continues in lower case after the break here",
        "- and the third item finishes the list off.",
    ]
    assert not looks_hard_wrapped(items)
    assert block_texts(*items) == items


def test_numbered_and_lettered_items_are_never_hard_wrapped() -> None:
    numbered = [
        "1. The first item on the list is fairly long and wraps onto the",
        "2. second item, which continues in lower case after the break here",
    ]
    lettered = [
        "a) The first item on the list is fairly long and wraps onto the",
        "b) second item, which continues in lower case after the break here",
    ]
    assert block_texts(*numbered) == numbered
    assert block_texts(*lettered) == lettered


def test_a_list_item_inside_wrapped_looking_lines_splits_them() -> None:
    texts = [WRAPPED[0], "* " + WRAPPED[1], WRAPPED[2]]
    assert not looks_hard_wrapped(texts)
    assert block_texts(*texts) == texts


def test_lines_wider_than_a_wrap_width_are_not_hard_wrapped() -> None:
    long_line = "word " * 30
    texts = [long_line.strip() + " and the", "sentence goes on in lower case."]
    assert not looks_hard_wrapped(texts)


def test_single_line_is_not_hard_wrapped() -> None:
    assert not looks_hard_wrapped([WRAPPED[0]])


def test_blank_lines_separate_blocks_and_are_never_blocks() -> None:
    blocks = build_blocks(lines_of("One.", "", "", "Two.", ""))
    assert [(b.index, b.line, b.text) for b in blocks] == [(0, 1, "One."), (1, 4, "Two.")]


def test_no_lines_means_no_blocks() -> None:
    assert build_blocks([]) == []
    assert build_blocks(lines_of("", "")) == []
