"""Boilerplate that is boilerplate: no ``--boilerplate`` mode empties a document, cuts more than
half of one without saying so, or strips the story two overlapping documents share."""

from __future__ import annotations

import json
import random
from itertools import combinations
from pathlib import Path

import pytest
from clitools import assert_no_traceback, run
from corpus_data import sentence, vocabulary
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleannews.corpus import boilerplate
from cleannews.corpus.boilerplate import Recurring, guard, story_pairs
from cleannews.corpus.dedup import Boilerplate, DedupOptions, find_corpus_duplicates
from cleannews.corpus.ids import document_of, make_id, split_id
from cleannews.corpus.local import LocalEngine
from cleannews.corpus.sources import Source, paragraphs
from cleannews.corpus.tokens import word_count

STORY = [
    "The central bank raised its key interest rate by half a percentage point on Tuesday, citing "
    "inflation that has stayed above target for a year.",
    "Economists had expected a smaller move, and the currency rose sharply against the dollar after "
    "the announcement in the capital.",
    "The governor told reporters that further increases were possible if price pressures did not "
    "ease over the coming months.",
    "Opposition lawmakers criticised the decision, saying higher borrowing costs would hurt small "
    "businesses and homeowners.",
]
FOOTER = "Follow us on Twitter for the latest news from our newsroom."
MODES = [Boilerplate.REMOVE, Boilerplate.KEEP_FIRST, Boilerplate.REPORT]


def _write(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"id": n, "text": t}) + "\n" for n, t in enumerate(texts)))
    return path


def _result(path: Path, mode: Boilerplate):  # type: ignore[no-untyped-def]
    return find_corpus_duplicates(
        [Source(0, str(path), "jsonl")], LocalEngine(), DedupOptions(boilerplate=mode)
    )


@pytest.mark.parametrize("mode", MODES)
def test_an_excerpt_never_strips_the_story_it_shares(tmp_path: Path, mode: Boilerplate) -> None:
    """The issue's case: ``full`` (P1-P4) and ``excerpt`` (P1, P2). The shared paragraphs are the
    same story, not boilerplate: ``full`` keeps every paragraph."""
    path = _write(tmp_path / "mini.jsonl", ["\n\n".join(STORY), "\n\n".join(STORY[:2])])
    result = _result(path, mode)
    full = make_id(0, 1)
    assert full not in result.dropped_documents
    assert result.boilerplate == [] and result.dropped_paragraphs == {}


@pytest.mark.parametrize("mode", ["remove", "keep-first"])
def test_the_command_keeps_the_full_story_whole(tmp_path: Path, mode: str) -> None:
    path = _write(tmp_path / "mini.jsonl", ["\n\n".join(STORY), "\n\n".join(STORY[:2])])
    proc = run("dedup", path, "--out", tmp_path / "out", "--boilerplate", mode)
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in (tmp_path / "out" / "mini.jsonl").read_text().splitlines()]
    assert records[0]["text"] == "\n\n".join(STORY)
    assert all(record["text"].strip() for record in records)


def test_a_footer_in_otherwise_different_stories_is_still_boilerplate(tmp_path: Path) -> None:
    """The excerpt pair does not hide the footer that three different documents carry."""
    rng = random.Random(4)
    words = vocabulary(2000, rng)
    others = [" ".join(sentence(words, rng) for _ in range(3)) for _ in range(2)]
    texts = ["\n\n".join([*STORY, FOOTER]), "\n\n".join([*STORY[:2], FOOTER])]
    texts += [f"{other}\n\n{FOOTER}" for other in others]
    result = _result(_write(tmp_path / "f.jsonl", texts), Boilerplate.REMOVE)
    assert [found.text for found in result.boilerplate] == [FOOTER]
    assert result.dropped_documents == {make_id(0, 2)}  # the excerpt: contained in the full story
    dropped = {split_id(d).line: numbers for d, numbers in result.dropped_paragraphs.items()}
    assert dropped == {1: {4}, 3: {1}, 4: {1}}


def test_boilerplate_holding_most_of_a_document_is_left_in_and_said(tmp_path: Path) -> None:
    long_footer = (
        "Subscribe to our newsletter to receive the morning briefing, the evening wrap and breaking "
        "news alerts straight to your inbox every single day of the week."
    )
    rng = random.Random(5)
    words = vocabulary(2000, rng)
    stories = [" ".join(rng.choice(words) for _ in range(12)) + "." for _ in range(3)]
    stories += [" ".join(sentence(words, rng) for _ in range(6)) for _ in range(2)]
    path = _write(tmp_path / "s.jsonl", [f"{story}\n\n{long_footer}" for story in stories])
    result = _result(path, Boilerplate.REMOVE)
    assert result.document_clusters == []
    assert len(result.boilerplate) == 1
    assert {split_id(kept.document).line for kept in result.kept_whole} == {1, 2, 3}
    assert all(kept.share > 0.5 for kept in result.kept_whole)
    assert {split_id(d).line for d in result.dropped_paragraphs} == {4, 5}

    proc = run("dedup", path, "--out", tmp_path / "out", "--boilerplate", "remove", "--report", "-")
    assert proc.returncode == 0, proc.stderr
    assert "3 documents kept whole" in proc.stderr
    kinds = [json.loads(line)["kind"] for line in proc.stdout.splitlines()]
    assert kinds.count("kept-whole") == 3


def test_story_pairs_and_guard_weigh_words() -> None:
    doc = [make_id(0, line) for line in range(4)]
    words = {doc[1] | 0: 10, doc[2] | 0: 10}
    from cleannews.corpus.boilerplate import Recurring

    shared = Recurring((doc[1] | 0, doc[2] | 0), (doc[1], doc[2]))
    assert story_pairs([shared], words, {doc[1]: 21, doc[2]: 40}) == set()
    assert story_pairs([shared], words, {doc[1]: 20, doc[2]: 40}) == {(doc[1], doc[2])}
    allowed, kept = guard({doc[3]: {0}}, {doc[3] | 0: 5}, {doc[3]: 5})
    assert allowed == {} and kept[0].share == 1.0


# --- the invariant, on generated corpora ----------------------------------------------------------

_WORDS = vocabulary(3000, random.Random(11))
_POOL = [sentence(_WORDS, random.Random(seed)) for seed in range(40)]


@st.composite
def corpora(draw: st.DrawFn) -> list[str]:
    """Documents made of pool paragraphs: shared ones (stories, excerpts, footers) and own ones."""
    count = draw(st.integers(2, 8))
    texts = []
    for _ in range(count):
        chosen = draw(st.lists(st.integers(0, len(_POOL) - 1), min_size=1, max_size=6))
        separator = draw(st.sampled_from(["\n\n", "\n\n\n", "\r\n\r\n"]))
        texts.append(separator.join(_POOL[index] for index in chosen))
    return texts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpora(), st.sampled_from(MODES))
def test_no_mode_empties_or_halves_a_document(tmp_path: Path, texts: list[str], mode: Boilerplate) -> None:
    path = _write(tmp_path / "g.jsonl", texts)
    result = _result(path, mode)
    kept_whole = {kept.document for kept in result.kept_whole}
    for document, numbers in result.dropped_paragraphs.items():
        assert document not in kept_whole and document not in result.dropped_documents
        text = texts[split_id(document).line - 1]
        spans = paragraphs(text)
        removed = sum(word_count(text[spans[n][0] : spans[n][1]]) for n in numbers)
        assert 0 < removed <= word_count(text) / 2
    if mode is Boilerplate.REPORT:
        assert result.dropped_paragraphs == {}


# --- paragraphs that are lines ----------------------------------------------------------------------


def _one_per_line(tmp_path: Path) -> Path:
    """What most extractors emit: paragraphs on lines of their own, no blank lines."""
    rng = random.Random(8)
    words = vocabulary(2000, rng)
    texts = ["\n".join(sentence(words, rng) for _ in range(4)) + f"\n{FOOTER}" for _ in range(4)]
    return _write(tmp_path / "lines.jsonl", texts)


def test_line_paragraphs_are_chosen_said_and_cleaned(tmp_path: Path) -> None:
    path = _one_per_line(tmp_path)
    proc = run("dedup", path, "--out", tmp_path / "out", "--boilerplate", "remove", "--report", "-")
    assert proc.returncode == 0, proc.stderr
    report = [json.loads(line) for line in proc.stdout.splitlines()]
    assert report[0] == {
        "kind": "paragraphs",
        "layout": "line",
        "seen": "none of the first 4 documents has a blank line between paragraphs, 4 have line ends",
    }
    assert [line["text"] for line in report if line["kind"] == "paragraph"] == [FOOTER]
    assert "paragraphs are lines" in proc.stderr
    before = [json.loads(line)["text"] for line in path.read_text().splitlines()]
    after = [json.loads(line)["text"] for line in (tmp_path / "out" / "lines.jsonl").read_text().splitlines()]
    assert after == [text.removesuffix(f"\n{FOOTER}") for text in before]


def test_blank_paragraphs_asked_for_on_line_data_warn(tmp_path: Path) -> None:
    proc = run("dedup", _one_per_line(tmp_path), "--paragraphs", "blank", "--report", "-")
    assert proc.returncode == 0, proc.stderr
    assert "warning: no blank lines between paragraphs" in proc.stderr
    assert [json.loads(line)["kind"] for line in proc.stdout.splitlines()] == ["paragraphs"]


def _story_pairs_by_hand(
    recurring: list[Recurring], words: dict[int, int], document_words: dict[int, int]
) -> set[tuple[int, int]]:
    """The rule of ``story_pairs`` spelled out: shared words summed per pair of documents."""
    shared: dict[tuple[int, int], list[int]] = {}
    for found in recurring:
        if len(found.documents) > boilerplate.MAX_STORY_DOCUMENTS:
            continue
        held: dict[int, int] = {}
        for member in found.members:
            held[document_of(member)] = held.get(document_of(member), 0) + words.get(member, 0)
        for left, right in combinations(sorted(held), 2):
            sums = shared.setdefault((left, right), [0, 0])
            sums[0] += held[left]
            sums[1] += held[right]
    return {
        pair
        for pair, (left, right) in shared.items()
        if left >= boilerplate.STORY_SHARE * document_words[pair[0]]
        or right >= boilerplate.STORY_SHARE * document_words[pair[1]]
    }


@pytest.mark.parametrize("pairs_per_round", [1, 7, 1_000_000])
def test_story_pairs_in_rounds_match_the_rule(pairs_per_round: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pairs are summed in rounds of documents to bound memory; no round size changes the result."""
    monkeypatch.setattr(boilerplate, "PAIRS_PER_ROUND", pairs_per_round)
    for seed in range(40):
        rng = random.Random(seed)
        documents = [(number + 1) << 12 for number in range(rng.randint(2, 30))]
        recurring, words = [], {}
        for _ in range(rng.randint(1, 20)):
            chosen = rng.sample(documents, rng.randint(2, min(len(documents), 12)))
            members = []
            for document in chosen:
                for _ in range(rng.choice((1, 1, 2))):  # a document may hold two near-copies
                    member = document | rng.randint(0, 4000)
                    members.append(member)
                    words[member] = rng.randint(1, 50)
            recurring.append(Recurring(tuple(members), tuple(sorted(set(chosen)))))
        totals = {document: rng.randint(1, 200) for document in documents}
        assert boilerplate.story_pairs(recurring, words, totals) == _story_pairs_by_hand(
            recurring, words, totals
        )
