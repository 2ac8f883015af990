"""Containment: excerpts, trimmed and merged copies are duplicates of the longer text; figures are
compared as numbers; and no cluster holds a member that failed against its representative."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from clitools import run
from corpus_data import sentence, vocabulary
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleannews.corpus import anchors
from cleannews.corpus.dedup import DedupOptions
from cleannews.corpus.ids import make_id, split_id
from cleannews.corpus.local import LocalEngine
from cleannews.corpus.sources import Source
from cleannews.corpus.verify import measure, prepare, same_story

_WORDS = vocabulary(4000, random.Random(2))


def _story(seed: int, paragraphs: int = 6) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(sentence(_WORDS, rng) for _ in range(2)) for _ in range(paragraphs)]


def _write(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts))
    return path


def _clusters(path: Path, **documents: object):  # type: ignore[no-untyped-def]
    settings = DedupOptions().documents
    if documents:
        from dataclasses import replace

        settings = replace(settings, **documents)
    return LocalEngine().find_clusters([Source(0, str(path), "jsonl")], settings)


def test_contained_copies_keep_the_longer_text(tmp_path: Path) -> None:
    full, other = _story(1), _story(2)
    texts = [
        "\n\n".join(full[:3]),  # an excerpt, first in input order
        "\n\n".join(other),
        "\n\n".join(full),  # the original
        "\n\n".join(full[1:]),  # lead trimmed
        "\n\n".join(full[:-1]),  # tail trimmed
        "\n\n".join(full + other[:3]),  # merged with half of another story
    ]
    (cluster,) = _clusters(_write(tmp_path / "c.jsonl", texts))
    lines = [split_id(member).line for member in cluster.members]
    assert lines == [6, 1, 3, 4, 5]  # the merged copy is the longest; the excerpt never leads
    assert all(c >= 90 for c in cluster.containment) and cluster.contained[0]
    # Without containment, the trimmed copies still resemble the original; the excerpt does not.
    resembling = _clusters(tmp_path / "c.jsonl", containment=None)
    assert make_id(0, 1) not in {member for cluster in resembling for member in cluster.members}


def test_report_and_check_say_contained_in(tmp_path: Path) -> None:
    full = _story(3)
    path = _write(tmp_path / "c.jsonl", ["\n\n".join(full), "\n\n".join(full[:2])])
    proc = run("dedup", path, "--check", "--report", "-")
    assert proc.returncode == 1
    (line,) = [json.loads(text) for text in proc.stdout.splitlines() if '"documents"' in text]
    (duplicate,) = line["duplicates"]
    assert duplicate["relation"] == "contained" and duplicate["containment"] == 100.0
    assert f"{path}:2: contained in {path}:1 (100% of its words)" in proc.stderr
    assert run("dedup", path, "--check", "--containment", "0").returncode == 0


TEMPLATE = (
    "NEW YORK, March {day} - U.S. crude oil stocks rose {a} mln barrels in the week to {b} mln, the "
    "American Petroleum Institute said in its weekly report on refinery runs and imports of crude oil."
)


def test_template_reports_with_other_figures_are_other_stories(tmp_path: Path) -> None:
    texts = [
        TEMPLATE.format(day=3, a="2.1", b="301.4"),
        TEMPLATE.format(day=3, a="3.4", b="298.2"),
        TEMPLATE.format(day=3, a="2.1", b="301.4") + " Gasoline stocks were unchanged.",
    ]
    path = _write(tmp_path / "t.jsonl", texts)
    (cluster,) = _clusters(path)
    assert sorted(split_id(member).line for member in cluster.members) == [1, 3]
    (noise,) = _clusters(path, changed_figures=False)
    assert sorted(split_id(member).line for member in noise.members) == [1, 2, 3]
    proc = run("dedup", path, "--figures", "noise", "--report", "-", "--boilerplate", "off")
    assert len(json.loads(proc.stdout)["duplicates"]) == 2


@st.composite
def corpora(draw: st.DrawFn) -> list[str]:
    """Stories, excerpts, merges and edited copies of a few base stories: chains that fail at the far end."""
    stories = [_story(seed, 4) for seed in range(5)]
    texts = []
    for _ in range(draw(st.integers(3, 12))):
        first = draw(st.integers(0, 4))
        start = draw(st.integers(0, 3))
        stop = draw(st.integers(start + 1, 4))
        parts = stories[first][start:stop]
        if draw(st.booleans()):
            second = draw(st.integers(0, 4))
            parts = parts + stories[second][: draw(st.integers(1, 4))]
        texts.append("\n\n".join(parts))
    return texts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpora())
def test_every_member_passes_against_its_representative(tmp_path: Path, texts: list[str]) -> None:
    path = _write(tmp_path / "g.jsonl", texts)
    rules = DedupOptions().documents.rules
    prepared = dict(enumerate(prepare(texts)))
    for cluster in _clusters(path):
        centre = split_id(cluster.representative).line - 1
        for member in cluster.members[1:]:
            index = split_id(member).line - 1
            resemblance, containment = measure([centre], [index], prepared, 1)
            passed = resemblance[0] >= rules.similarity or containment[0] >= (rules.containment or 101)
            similar = bool(resemblance[0] >= rules.similarity)
            assert passed and same_story(prepared[centre], prepared[index], rules, similar)


@pytest.mark.parametrize("distinct_keys", [400, 150], ids=["rare", "crowded"])
def test_anchor_pairs_do_not_depend_on_row_order_or_rounds(
    monkeypatch: pytest.MonkeyPatch, distinct_keys: int
) -> None:
    rng = np.random.default_rng(5)
    keys = rng.integers(0, distinct_keys, 3000).astype(np.uint32)
    ids = rng.integers(0, 300, 3000).astype(np.int64)
    rows = np.stack((keys.astype(np.int64), ids), axis=1)
    contained = rows[rows[:, 1] < 20] + [0, 280]  # texts 280-299 hold every anchor of texts 0-19
    rows = np.unique(np.concatenate((rows, contained)), axis=0)
    keys, ids = rows[:, 0].astype(np.uint32), rows[:, 1]
    anchored = np.bincount(ids, minlength=300)

    def found() -> set[tuple[int, int]]:
        index = anchors.AnchorIndex.of(ids, keys)
        kept = anchors.shared_enough(
            *anchors.weighted_bucket_pairs(keys, ids), np.arange(300), anchored, index
        )
        crowded = np.zeros(300, np.int32)  # the local engine's bound: the same pairs
        bounded = anchors.shared_enough(
            *anchors.weighted_bucket_pairs(keys, ids, crowded), np.arange(300), anchored, index, crowded
        )
        assert all(np.array_equal(one, other) for one, other in zip(kept, bounded, strict=True))
        return set(zip(kept[0].tolist(), kept[1].tolist(), strict=True))

    reference = found()
    assert reference
    order = rng.permutation(len(keys))
    keys, ids = keys[order], ids[order]
    assert found() == reference
    monkeypatch.setattr(anchors, "ROWS_PER_ROUND", 100)
    assert found() == reference


def test_containment_is_found_by_the_engine_not_only_by_the_measure(tmp_path: Path) -> None:
    """A half-length excerpt of a long story shares few words' worth of min-hashes: the anchors
    propose it."""
    full = _story(9, 12)
    path = _write(tmp_path / "e.jsonl", ["\n\n".join(full), " ".join(" ".join(full).split()[:150])])
    (cluster,) = _clusters(path)
    assert cluster.members == (make_id(0, 1), make_id(0, 2)) and cluster.contained == (True,)
    assert _clusters(path, containment=None) == []


def test_a_story_under_a_new_headline_is_contained_but_a_shared_footer_is_not() -> None:
    """The shorter text's first words may be a new headline (a quarter of it at most):
    leaving them out, its body is all in the other. A short story and a shared footer
    are not a story under a new headline."""
    rng = random.Random(11)
    words = vocabulary(3000, rng)
    body = " ".join(sentence(words, rng) for _ in range(4))
    original = " ".join(rng.choice(words) for _ in range(10)) + "\n\n" + body
    copy = " ".join(rng.choice(words) for _ in range(11)) + "\n\n" + body
    texts = dict(enumerate(prepare([original, copy])))
    _, containment = measure([0], [1], texts, workers=1)
    assert len(body.split()) >= 36 and containment[0] >= 95

    footer = " ".join(sentence(words, rng) for _ in range(2))
    one, two = (" ".join(rng.choice(words) for _ in range(12)) + "\n\n" + footer for _ in range(2))
    texts = dict(enumerate(prepare([one, two])))
    _, containment = measure([0], [1], texts, workers=1)
    assert containment[0] < 90


def test_anchor_index_counts_the_anchors_two_texts_share() -> None:
    """The binary search over each text's run of keys agrees with set intersection."""
    rng = np.random.default_rng(11)
    ids = rng.integers(0, 60, 2000)
    keys = rng.integers(0, 300, 2000).astype(np.uint32)
    rows = np.unique(np.stack((ids, keys.astype(np.int64)), axis=1), axis=0)
    ids, keys = rows[:, 0], rows[:, 1].astype(np.uint32)
    sets = {text: set(keys[ids == text].tolist()) for text in np.unique(ids).tolist()}
    texts = np.array(sorted(sets))
    left, right = rng.choice(texts, 500), rng.choice(texts, 500)
    order = rng.permutation(len(ids))
    index = anchors.AnchorIndex.of(ids[order], keys[order])
    expected = [len(sets[a] & sets[b]) for a, b in zip(left.tolist(), right.tolist(), strict=True)]
    assert index.shared(left, right).tolist() == expected


def test_an_excerpt_across_a_recurring_lead_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lead printed in more stories than ``MAX_DOCUMENTS``: its anchors propose nothing, but the
    rare anchors of what follows it propose the excerpt, and then the lead's anchors count too."""
    rng = random.Random(21)
    lead = " ".join(sentence(_WORDS, rng) for _ in range(3))
    stories = [f"{lead}\n\n" + " ".join(sentence(_WORDS, rng) for _ in range(5)) for _ in range(20)]
    excerpt = f"{lead}\n\n" + " ".join(stories[7].split("\n\n")[1].split()[:20])
    assert len(lead.split()) > len(excerpt.split()) // 2  # rare anchors alone: under 70% of its own
    path = _write(tmp_path / "lead.jsonl", [*stories, excerpt])
    (cluster,) = _clusters(path, lsh_threshold=0.95)  # LSH out of the way: anchors only
    assert cluster.members == (make_id(0, 8), make_id(0, 21)) and cluster.contained == (True,)
    monkeypatch.setattr(anchors, "MAX_DOCUMENTS", 30)  # the lead's own anchors could propose it too
    assert [c.members for c in _clusters(path, lsh_threshold=0.95)] == [cluster.members]


def _headline(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(8)).capitalize()


def containers_corpus(seed: int) -> tuple[list[str], dict[str, int]]:
    """A story, its excerpt, and two longer stories that begin as the story does: one under its
    headline (holding the excerpt whole, but not the story), one under another (holding the
    excerpt but its headline). Lines by name."""
    rng = random.Random(seed)
    headline, body = _headline(rng), _story(seed, 4)
    texts = {
        "begins-alike": "\n\n".join([headline, *body[:2], *_story(seed + 1, 4)]),
        "story": "\n\n".join([headline, *body]),
        "other-headline": "\n\n".join([_headline(rng), *body[:2], *_story(seed + 2, 1)]),
        "excerpt": "\n\n".join([headline, *body[:2]]),
    }
    return list(texts.values()), {name: line for line, name in enumerate(texts, start=1)}


def test_a_contained_text_goes_with_the_text_that_holds_it_best(tmp_path: Path) -> None:
    """The excerpt is whole in the story and in a longer story that begins alike, and all but its
    headline in a third: it goes with the story, which holds all its words and is the closest in
    length, not with the longest text it is in (which the story is not contained in)."""
    texts, line = containers_corpus(5)
    prepared = dict(enumerate(prepare(texts)))
    excerpt = line["excerpt"] - 1
    for name in ("begins-alike", "story", "other-headline"):  # all three pass
        _, containment = measure([line[name] - 1], [excerpt], prepared, 1)
        assert containment[0] >= 90, name
    clusters = _clusters(_write(tmp_path / "c.jsonl", texts), lsh_threshold=0.95)
    assert [c.members for c in clusters] == [(make_id(0, line["story"]), make_id(0, line["excerpt"]))]
    assert clusters[0].contained == (True,)


def test_best_containers_keeps_each_texts_best_pairs() -> None:
    """Each text chooses among longer texts, and among texts with at least 90% of its words: the
    one holding most of its words, then the one it resembles most, then the earlier; a pair stays
    if either of its texts chose it."""
    from cleannews.corpus.clusters import best_containers

    left, right = np.array([1, 1, 1, 5, 6, 8]), np.array([2, 3, 4, 6, 7, 9])
    words = np.array([40, 40, 40, 100, 95, 60]), np.array([80, 80, 80, 95, 200, 60])
    common = np.array([40, 40, 38, 95, 87, 58])
    resemblance = np.array([60.0, 70.0, 90.0, 97.0, 70.0, 96.0])
    kept = best_containers(left, right, words, common, resemblance)
    # 1 is whole in 2 and 3 and resembles 3 more. 6 (95 words): among longer texts, 5 holds all
    # of it; 5 (100): no longer text, but 6 is near enough in length. 7 chooses nothing, and
    # nobody chose (6, 7). 8 and 9 are as long: 9 chooses 8 (earlier), 8 chooses 9 (near).
    assert kept.tolist() == [False, True, False, True, False, True]
    tie = best_containers(left[:2], right[:2], (words[0][:2], words[1][:2]), common[:2], common[:2] * 1.0)
    assert tie.tolist() == [True, False]  # same scores: the earlier container


def recurring_lead_corpus(seed: int) -> list[str]:
    """A lead printed in 20 stories (more than ``MAX_DOCUMENTS``), each with its own sequel of
    2-6 sentences, then the lead alone: every anchor of the lead is crowded."""
    rng = random.Random(seed)
    lead = " ".join(sentence(_WORDS, rng) for _ in range(3))
    sizes = [2 + (number * 7) % 5 for number in range(20)]
    stories = [f"{lead}\n\n" + " ".join(sentence(_WORDS, rng) for _ in range(size)) for size in sizes]
    return [*stories, lead]


def test_a_text_whose_anchors_are_all_crowded_asks_the_texts_of_its_rarest(tmp_path: Path) -> None:
    """Its rarest anchor's texts hold every text that holds it whole: it is paired with them (and
    goes with the shortest, which holds it best); with fewer such texts allowed, it is not."""
    texts = recurring_lead_corpus(3)
    path = _write(tmp_path / "lead.jsonl", texts)
    shortest = min(range(20), key=lambda index: (len(texts[index]), index))
    clusters = _clusters(path, lsh_threshold=0.95)  # LSH out of the way: anchors only
    assert [c.members for c in clusters] == [(make_id(0, shortest + 1), make_id(0, 21))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(anchors, "MAX_RAREST", anchors.MAX_DOCUMENTS)
        assert _clusters(path, lsh_threshold=0.95) == []


def test_anchor_rows_are_kept_as_counts_per_text() -> None:
    """``SignedRows`` keeps each text's number of anchors, not the text of each row: the rows,
    sorted by text, give it back (``RowTexts``), texts without anchors included."""
    from cleannews.corpus.partitions import Item, SignedRows, sign_partition
    from cleannews.corpus.tokens import tokenize

    rng = random.Random(4)
    texts = ["", "one two", *(" ".join(sentence(_WORDS, rng) for _ in range(n % 4)) for n in range(40))]
    items = [Item(n, text) for n, text in enumerate(texts)]
    settings = DedupOptions().documents
    halves = [sign_partition(items[:20], settings), sign_partition(items[20:], settings)]
    rows = SignedRows.concatenate(halves, settings.banding.bands)
    assert halves == []
    keep = np.flatnonzero(tokenize(texts).word_counts() >= 1)
    keys, owners = anchors.anchors(tokenize(texts), keep)
    assert rows.anchor_keys.tolist() == keys.tolist()
    assert rows.anchored.tolist() == np.bincount(owners, minlength=len(rows.ids)).tolist()
    assert rows.anchor_ids.tolist() == rows.ids[owners].tolist()
    texts_of_rows = anchors.RowTexts.of(rows.anchored).at(np.arange(len(rows.anchor_keys)))
    assert texts_of_rows.tolist() == owners.tolist()


@pytest.mark.parametrize("rows_per_round", [4_000_000, 50])
def test_the_rarest_anchor_is_the_same_from_the_pair_sort_and_from_any_split(
    monkeypatch: pytest.MonkeyPatch, rows_per_round: int
) -> None:
    """The local engine takes each text's rarest anchor from the sort that pairs rare anchors; the
    Dask engine from each shuffled partition, then the smallest per text: both are ``rarest``."""
    monkeypatch.setattr(anchors, "ROWS_PER_ROUND", rows_per_round)
    rng = np.random.default_rng(8)
    rows = np.unique(np.stack((rng.integers(0, 120, 4000), rng.integers(0, 150, 4000)), axis=1), axis=0)
    keys, texts = rows[:, 1].astype(np.uint32), rows[:, 0].astype(np.uint32)  # sorted by text, as signed
    folded = np.full(120, anchors.NONE, dtype=np.uint64)
    anchors.weighted_bucket_pairs(keys, texts, np.zeros(120, np.int32), folded)
    ids, packed = anchors.rarest(keys, texts)
    assert ids.tolist() == np.flatnonzero(folded != anchors.NONE).tolist()
    assert packed.tolist() == folded[folded != anchors.NONE].tolist()
    halves = [anchors.rarest(keys[keys % 2 == side], texts[keys % 2 == side]) for side in (0, 1)]
    split = anchors.smallest_per_text(*(np.concatenate(column) for column in zip(*halves, strict=True)))
    assert split[0].tolist() == ids.tolist() and split[1].tolist() == packed.tolist()
    sizes = packed >> np.uint64(32)
    asking, asked = anchors.askers(ids, packed)
    crowded_but_few = (sizes > anchors.MAX_DOCUMENTS) & (sizes <= anchors.MAX_RAREST)
    assert asking.tolist() == ids[crowded_but_few].tolist() and 0 < len(asking) < len(ids)
    asker, other = anchors.asked_pairs(keys, texts, asking, asked)
    for one, two in zip(asker.tolist(), other.tolist(), strict=True):
        assert one != two and set(keys[texts == one].tolist()) & set(keys[texts == two].tolist())


def longer_headline_corpus() -> list[str]:
    """An original, its copy under a new and longer headline, a longer story holding the
    original whole, and another printing the body under a third headline."""
    rng = random.Random(6)
    body = _story(6, 4)
    original = "\n\n".join([_headline(rng), *body])
    longer_headline = _headline(rng) + " " + " ".join(rng.choice(_WORDS) for _ in range(6))
    texts = [
        original,
        "\n\n".join([longer_headline, *body]),
        "\n\n".join([original, *_story(7, 4)]),
        "\n\n".join([_headline(rng), *body, *_story(8, 1)]),
    ]
    prepared = dict(enumerate(prepare(texts)))
    assert len(prepared[1].words) > len(prepared[0].words)
    resemblance, _ = measure([0], [1], prepared, 1)
    assert resemblance[0] >= 80  # a near-copy
    return texts


def test_a_copy_under_a_longer_headline_goes_with_its_original(tmp_path: Path) -> None:
    """The copy is a little longer than its original, which a longer story holds whole. It
    chooses among texts about as long as itself too: its original, which holds as many of its
    words as any other and resembles it most, not another story printing the same body."""
    clusters = _clusters(_write(tmp_path / "h.jsonl", longer_headline_corpus()))
    lines = [{split_id(member).line for member in cluster.members} for cluster in clusters]
    assert any({1, 2} <= members for members in lines), lines


FOOTER = [
    "Follow us on Twitter and Facebook for the latest news from the region and the rest of the world.",
    "Sign up for our morning newsletter to get the day's top stories in your inbox before breakfast.",
]
OIL_STORY = [
    "Oil prices rose on Tuesday as traders weighed the outlook for demand in the coming months, "
    "with the market watching for signs that the slowdown in the region was coming to an end.",
    "Brent crude was up in early trade in London, while the benchmark in New York gained on the "
    "news that stocks at the main storage hub had fallen for a third week in a row.",
    "Analysts said the rally could fade if the central bank raised rates again at its meeting "
    "next month, which would weigh on the economy and on the demand for fuel in the summer.",
]
BRIEFS = [
    "The city council approved its budget for the new year on Monday night after a long debate.",
    "A typhoon brought heavy rain to the capital on Sunday and closed the main airport for hours.",
    "Police are looking for two men after a string of burglaries in the old town this week.",
]


def test_a_brief_is_not_contained_in_a_story_because_both_carry_a_footer(tmp_path: Path) -> None:
    """The brief's own words are found in the story one by one ("the", "on", "for"), and
    the footer in a run: words in common count only in runs."""
    texts = ["\n\n".join(OIL_STORY + FOOTER), "\n\n".join(BRIEFS[:1] + FOOTER)]
    assert _clusters(_write(tmp_path / "f.jsonl", texts)) == []


def test_briefs_above_one_footer_are_not_near_copies(tmp_path: Path) -> None:
    """Each prints a passage of its own where the other prints another: two stories."""
    texts = ["\n\n".join([brief, *FOOTER, FOOTER[0]]) for brief in BRIEFS]
    assert _clusters(_write(tmp_path / "b.jsonl", texts)) == []


def test_a_copy_under_a_new_headline_and_a_trimmed_copy_are_still_found(tmp_path: Path) -> None:
    story = "\n\n".join(OIL_STORY + FOOTER)
    texts = [
        "Oil climbs as traders weigh demand\n\n" + story,
        "Crude prices rise for a third day\n\n" + story,
        "Oil climbs as traders weigh demand\n\n" + "\n\n".join(OIL_STORY[:2]),
    ]
    (cluster,) = _clusters(_write(tmp_path / "h.jsonl", texts))
    assert sorted(split_id(member).line for member in cluster.members) == [1, 2, 3]


def test_scattered_edits_leave_a_near_copy_one_story() -> None:
    """Runs matter where a passage is a text's own; a sentence with three words changed
    here and there has no passage of its own, however short its runs."""
    rules = DedupOptions().documents.rules
    a, b = prepare(
        [
            "The bank said profits rose sharply in the first quarter of the year.",
            "The bank says profits rose strongly in the first half of the year.",
        ]
    )
    assert same_story(a, b, rules, similar=True)
    brief, other = prepare([f"{BRIEFS[0]}\n\n{FOOTER[0]}", f"{BRIEFS[1]}\n\n{FOOTER[0]}"])
    assert not same_story(brief, other, rules, similar=True)
