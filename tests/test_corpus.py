"""The engine-free core of ``cleannews dedup``: tokens, MinHash, LSH, clusters, paragraphs."""

from __future__ import annotations

import json
import random
from itertools import combinations
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from corpus_data import corpus, vocabulary, write_jsonl
from hypothesis import given
from hypothesis import strategies as st

from cleannews.corpus.clusters import resolve_clusters
from cleannews.corpus.dedup import Boilerplate, DedupOptions, find_corpus_duplicates
from cleannews.corpus.ids import document_of, make_id, split_id
from cleannews.corpus.local import LocalEngine
from cleannews.corpus.lsh import MAX_NEIGHBOURS, Banding, bucket_pairs, unique_pairs
from cleannews.corpus.minhash import Permutations, signatures
from cleannews.corpus.partitions import Item, MatchSettings, candidate_pairs, sign_partition
from cleannews.corpus.sources import (
    ParagraphSource,
    Source,
    SourceError,
    SourceKind,
    matched_paragraphs,
    paragraphs,
    without_paragraphs,
)
from cleannews.corpus.tokens import _word_hashes, _word_spans, matching_text, matching_texts, tokenize
from cleannews.corpus.verify import measure, prepare

PERMUTATIONS = Permutations.create()


def _jaccard(left: str, right: str) -> float:
    a, b = set(left.split()), set(right.split())
    return len(a & b) / len(a | b)


# --- tokens -------------------------------------------------------------------------------------------


@given(st.lists(st.text(max_size=60), max_size=8))
def test_batch_matching_equals_one_at_a_time(texts: list[str]) -> None:
    assert matching_texts(texts) == [matching_text(text) for text in texts]


ascii_or_not = st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=60) | st.text(max_size=60)


@given(st.lists(ascii_or_not, min_size=1, max_size=8))
def test_tokens_are_the_words_of_the_matching_text(texts: list[str]) -> None:
    """The ASCII bytes fast path and the regex path see the same words (and the same numbers)."""
    fast, reference = tokenize(texts, numbers=True), tokenize(matching_texts(texts), numbers=True)
    for got, expected in zip(fast, reference, strict=True):
        assert got.tolist() == expected.tolist()
    words = [word for text in matching_texts(texts) for word in text.split()]
    assert fast.numbers.tolist() == [set(word) <= set("0123456789") for word in words]


@given(st.lists(ascii_or_not, min_size=1, max_size=8))
def test_tokens_count_words_and_hash_them_wherever_they_are(texts: list[str]) -> None:
    matching = matching_texts(texts)
    batch = tokenize(texts)
    assert batch.word_counts().tolist() == [len(text.split()) for text in matching]
    by_word: dict[str, int] = {}
    for number, text in enumerate(matching):
        hashes = batch.hashes[batch.offsets[number] : batch.offsets[number + 1]].tolist()
        for word, value in zip(text.split(), hashes, strict=True):
            assert by_word.setdefault(word, value) == value


@given(
    st.lists(
        st.sampled_from(["a b", "a  b!", "B A", "", "ä ß", "Ä-ß", "a b c", "ab", "a\tb\n"]),
        min_size=2,
        max_size=6,
    )
)
def test_exact_keys_are_equal_exactly_for_equal_matching_texts(texts: list[str]) -> None:
    matching = matching_texts(texts)
    keys = tokenize(texts).exact.tolist()
    for i, j in combinations(range(len(texts)), 2):
        assert (keys[i] == keys[j]) == (matching[i] == matching[j])


def test_word_hashes_collide_no_more_than_random_ones_on_a_large_vocabulary() -> None:
    words = vocabulary(50_000, random.Random(3)) + [str(n) for n in range(20_000)]
    words += ["x" * size + "y" * (40 - size) for size in range(41)]  # long words differing inside
    text = " ".join(words).encode("ascii")
    data = np.frombuffer(text, dtype=np.uint8)
    starts, ends = _word_spans(data)
    assert len(set(_word_hashes(data, starts, ends).tolist())) == len(words)  # 64 bits: none
    # The 32 bits MinHash keeps: a random hash gives 0.57 collisions here on average, more than 4
    # once in about 3,000 vocabularies.
    assert len(words) - len(set(tokenize([text.decode()]).hashes.tolist())) <= 4


# --- MinHash ------------------------------------------------------------------------------------------


def _signature(text: str) -> np.ndarray:
    return signatures(tokenize([text]), PERMUTATIONS)[0]


def test_a_signature_does_not_depend_on_the_rest_of_its_batch() -> None:
    texts, _ = corpus(300, seed=11)
    together = signatures(tokenize(texts), PERMUTATIONS)
    for number in range(0, 300, 37):
        assert (together[number] == _signature(texts[number])).all()


def test_texts_without_words_get_the_empty_signature() -> None:
    batch = tokenize(["one two", "", "!!!", "three"])
    rows = signatures(batch, PERMUTATIONS)
    assert (rows[1] == np.iinfo(np.uint32).max).all() and (rows[2] == rows[1]).all()
    assert (rows[0] != rows[1]).any() and (rows[3] != rows[1]).any()


def test_signatures_estimate_jaccard_as_well_as_datasketch() -> None:
    """Both estimators, on the same word sets, stay within what 128 permutations allow."""
    datasketch = pytest.importorskip("datasketch")
    rng = random.Random(5)
    words = vocabulary(20_000, rng)
    ours, theirs = [], []
    for _ in range(300):
        size = rng.randint(10, 80)
        base = rng.sample(words, size * 2)
        shared = rng.randint(0, size)
        left, right = base[:size], base[:shared] + base[size : 2 * size - shared]
        truth = _jaccard(" ".join(left), " ".join(right))
        ours.append(float(np.mean(_signature(" ".join(left)) == _signature(" ".join(right)))) - truth)
        minhashes = []
        for text in (left, right):
            minhash = datasketch.MinHash(num_perm=128, seed=1)
            minhash.update_batch([word.encode() for word in text])
            minhashes.append(minhash)
        theirs.append(minhashes[0].jaccard(minhashes[1]) - truth)
    # Binomial standard deviation at J = 0.5 with 128 permutations is 0.044.
    assert abs(np.mean(ours)) < 0.01 and np.std(ours) < 0.05
    assert abs(np.std(ours) - np.std(theirs)) < 0.01


@pytest.mark.parametrize(("threshold", "high", "low"), [(0.5, 0.8, 0.25), (0.7, 0.9, 0.4)])
def test_candidates_agree_with_datasketch_lsh(threshold: float, high: float, low: float) -> None:
    """Pairs far above the threshold are candidates in both, pairs far below in neither.

    Everything is seeded, so the result does not vary from run to run.
    """
    datasketch = pytest.importorskip("datasketch")
    texts, _ = corpus(400, seed=13, share=0.3)
    settings_ = MatchSettings(lsh_threshold=threshold)
    rows = sign_partition([Item(n, text) for n, text in enumerate(texts)], settings_)
    left, right = candidate_pairs(rows)
    ours = set(zip(left.tolist(), right.tolist(), strict=True))
    lsh = datasketch.MinHashLSH(threshold=settings_.lsh_threshold, num_perm=128)
    assert (lsh.b, lsh.r) == (settings_.banding.bands, settings_.banding.rows)
    minhashes = []
    for number, text in enumerate(texts):
        minhash = datasketch.MinHash(num_perm=128)
        minhash.update_batch([word.encode() for word in matching_text(text).split()])
        lsh.insert(number, minhash)
        minhashes.append(minhash)
    theirs = {
        (min(n, other), max(n, other))
        for n, m in enumerate(minhashes)
        for other in lsh.query(m)
        if other != n
    }
    similar = {
        (i, j)
        for i, j in combinations(range(len(texts)), 2)
        if _jaccard(*matching_texts([texts[i], texts[j]])) >= high
    }
    assert len(similar) > 50
    # Identical texts are chained rather than all paired, so ours is compared by connection.
    component = {m: n for n, c in enumerate(resolve_clusters(ours)) for m in c.members}

    def connected(pair: tuple[int, int]) -> bool:
        return pair[0] in component and component.get(pair[0]) == component.get(pair[1])

    assert similar <= theirs
    assert all(connected(pair) for pair in similar)
    for pair in ours - theirs:  # disagreements only near the threshold
        assert low <= _jaccard(*matching_texts([texts[pair[0]], texts[pair[1]]])) < high
    for pair in theirs - ours:
        near = low <= _jaccard(*matching_texts([texts[pair[0]], texts[pair[1]]])) < high
        assert near or connected(pair)


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.3, 64), (0.5, 128), (0.7, 128), (0.9, 256)])
def test_banding_matches_datasketch(threshold: float, num_perm: int) -> None:
    lsh = pytest.importorskip("datasketch").MinHashLSH(threshold=threshold, num_perm=num_perm)
    assert Banding.for_threshold(threshold, num_perm) == Banding(lsh.b, lsh.r)


# --- LSH buckets and clusters ---------------------------------------------------------------------------


rows_strategy = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 10**6), st.integers(0, 3)),
    unique_by=lambda r: r[1],
    max_size=80,
)


def _bucket_pairs(rows: list[tuple[int, int, int]]) -> set[tuple[int, int]]:
    """Rows of (key, id, exact key); key == exact key marks a row of the exact round."""
    keys = np.array([key for key, _, _ in rows], dtype=np.uint64)
    ids = np.array([item for _, item, _ in rows], dtype=np.int64)
    exact = np.array([twin for _, _, twin in rows], dtype=np.uint64)
    left, right = bucket_pairs(keys, ids, exact)
    assert (left < right).all()
    return set(zip(left.tolist(), right.tolist(), strict=True))


@given(rows_strategy, st.randoms())
def test_bucket_pairs_do_not_depend_on_row_order(
    rows: list[tuple[int, int, int]], rng: random.Random
) -> None:
    shuffled = rows[:]
    rng.shuffle(shuffled)
    assert _bucket_pairs(rows) == _bucket_pairs(shuffled)


@given(rows_strategy)
def test_bucket_pairs_connect_what_shares_a_key(rows: list[tuple[int, int, int]]) -> None:
    """Leaving identical texts out of band buckets loses no connection: with the exact round's
    chains, every band bucket of a few members is still one connected group."""
    exact_rows = [(100 + twin, item, 100 + twin) for _, item, twin in rows]
    band_rows = [(key, item, 100 + twin) for key, item, twin in rows]
    pairs = _bucket_pairs(exact_rows + band_rows)
    clusters = resolve_clusters(pairs)
    where = {member: n for n, cluster in enumerate(clusters) for member in cluster.members}
    for key in {key for key, _, _ in rows}:
        members = [item for k, item, _ in rows if k == key]
        if len(members) > 1:
            assert len({where[member] for member in members}) == 1


def test_a_huge_bucket_gives_linear_pairs_that_still_connect_it() -> None:
    ids = np.arange(10_000, dtype=np.int64) * 3
    distinct = ids.astype(np.uint64) + np.uint64(1000)
    left, right = bucket_pairs(np.full(10_000, 42, dtype=np.uint64), ids, distinct)
    assert len(left) <= 10_000 * MAX_NEIGHBOURS
    (cluster,) = resolve_clusters(zip(left.tolist(), right.tolist(), strict=True))
    assert cluster.members == tuple(ids.tolist())


def test_a_paragraph_copied_100000_times_costs_one_pair_per_copy() -> None:
    """Its exact round is a chain; in every band bucket it is one member, not 100,000."""
    ids = np.arange(100_000, dtype=np.int64)
    twin = np.full(100_000, 7, dtype=np.uint64)
    chain = bucket_pairs(twin, ids, twin)
    band = bucket_pairs(np.full(100_000, 42, dtype=np.uint64), ids, twin)
    assert len(chain[0]) == 99_999 and len(band[0]) == 0
    (cluster,) = resolve_clusters(zip(chain[0].tolist(), chain[1].tolist(), strict=True))
    assert len(cluster.members) == 100_000


def test_unique_pairs() -> None:
    left, right = unique_pairs(np.array([3, 1, 3]), np.array([4, 2, 4]))
    assert (left.tolist(), right.tolist()) == ([1, 3], [2, 4])


# Ids as they are packed: file << 43 | line << 12 | paragraph, and a few around int64's ends.
_IDS = st.one_of(
    st.integers(0, 40),
    st.builds(
        lambda f, line, p: f << 43 | line << 12 | p, st.integers(0, 3), st.integers(0, 9), st.integers(0, 3)
    ),
    st.sampled_from([0, 2**62, 2**63 - 1]),
)


@given(st.lists(st.tuples(_IDS, _IDS), max_size=60))
def test_unique_pairs_are_the_distinct_rows_in_order(pairs: list[tuple[int, int]]) -> None:
    """The same as the distinct rows of the pair table, sorted (np.unique(axis=0))."""
    left = np.array([a for a, _ in pairs], dtype=np.int64)
    right = np.array([b for _, b in pairs], dtype=np.int64)
    found = unique_pairs(left, right)
    assert list(zip(found[0].tolist(), found[1].tolist(), strict=True)) == sorted(set(pairs))
    assert found[0].dtype == np.int64 and found[1].dtype == np.int64


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=40))
def test_clusters_are_connected_components_led_by_their_smallest_id(pairs: list[tuple[int, int]]) -> None:
    pairs = [(a, b) for a, b in pairs if a != b]
    clusters = resolve_clusters(pairs)
    where = {member: n for n, cluster in enumerate(clusters) for member in cluster.members}
    for a, b in pairs:
        assert where[a] == where[b]
    for cluster in clusters:
        assert cluster.representative == min(cluster.members) == cluster.members[0]
        assert list(cluster.members) == sorted(cluster.members)
    assert sum(len(c.members) for c in clusters) == len({x for pair in pairs for x in pair})
    # Fewest components: no two clusters could be merged without an edge between them.
    assert len(clusters) == len({where[x] for x in where})


# --- ids and paragraphs ---------------------------------------------------------------------------------


@given(st.integers(0, 2**20 - 1), st.integers(0, 2**31 - 1), st.integers(0, 4095))
def test_ids_round_trip_and_sort_in_input_order(source: int, line: int, paragraph: int) -> None:
    item = make_id(source, line, paragraph)
    assert split_id(item) == (source, line, paragraph)
    assert document_of(item) == make_id(source, line)
    assert make_id(source, line) <= item < make_id(source, line + 1) if line < 2**31 - 1 else True


paragraph_text = st.lists(st.text(alphabet="ab \n\t.", min_size=0, max_size=12), min_size=0, max_size=8).map(
    "\n\n".join
)


@given(paragraph_text, st.sets(st.integers(0, 8)))
def test_removing_paragraphs_keeps_the_others_whole_and_in_order(text: str, drop: set[int]) -> None:
    spans = paragraphs(text)
    result = without_paragraphs(text, spans, drop)
    kept = [text[s:e].strip() for n, (s, e) in enumerate(spans) if n not in drop]
    assert [result[s:e].strip() for s, e in paragraphs(result)] == kept
    if not drop & set(range(len(spans))):
        assert result == text


POST = """\
+++
title = "A post"
tags = ["news"]
+++

Some prose
that runs on.

```sh
make

make install
```

Run it:
~~~
./run
~~~
and read on.
"""


def test_markdown_paragraphs_leave_out_front_matter_and_fenced_code() -> None:
    spans = paragraphs(POST)
    assert [POST[s:e].splitlines()[0] for s, e in spans] == [
        "+++",
        "Some prose",
        "```sh",
        "make install",
        "Run it:",
    ]
    # Numbers are those of the plain paragraphs, so ids do not change; what is code or front matter goes.
    assert list(matched_paragraphs(POST, markdown=True)) == [
        (1, "Some prose\nthat runs on."),
        (4, "Run it:\nand read on."),
    ]
    assert list(matched_paragraphs(POST)) == [(n, POST[s:e]) for n, (s, e) in enumerate(spans)]
    crlf = POST.replace("\n", "\r\n")
    assert [n for n, _ in matched_paragraphs(crlf, markdown=True)] == [1, 4]


markdown_text = st.lists(
    st.sampled_from(
        ["", "---", "+++", "```", "~~~", "    ```", "> ```", "Prose words here.", "- item", "a: b"]
    ),
    max_size=14,
).map("\n".join)


@given(markdown_text)
def test_markdown_paragraphs_are_lines_of_the_plain_ones(text: str) -> None:
    """Whatever the Markdown, each paragraph compared keeps its plain number and is made of
    whole lines of that paragraph, in order."""
    spans = paragraphs(text)
    for number, kept in matched_paragraphs(text, markdown=True):
        start, end = spans[number]
        remaining = iter(text[start:end].split("\n"))
        assert kept and all(any(line == other for other in remaining) for line in kept.split("\n"))


def _paragraph_numbers(path: Path, kind: SourceKind) -> list[int]:
    return [split_id(item.id).paragraph for item in ParagraphSource(Source(0, str(path), kind)).items()]


def test_only_markdown_files_lose_front_matter_and_code(tmp_path: Path) -> None:
    names = ("post.md", "post.MARKDOWN", "post.mdx", "post.txt")
    for name in names:
        (tmp_path / name).write_text(POST)
    numbers = {name: _paragraph_numbers(tmp_path / name, "text") for name in names}
    assert numbers == {
        "post.md": [1, 4],
        "post.MARKDOWN": [1, 4],
        "post.mdx": [1, 4],
        "post.txt": [0, 1, 2, 3, 4],
    }
    (tmp_path / "posts.jsonl").write_text(json.dumps({"text": POST}) + "\n")  # a record is not a .md file
    assert _paragraph_numbers(tmp_path / "posts.jsonl", "jsonl") == [0, 1, 2, 3, 4]


# --- both levels end to end -------------------------------------------------------------------------------


def _pairs_in(clusters: list, key=lambda item: item) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    found = set()
    for cluster in clusters:
        members = sorted(key(m) for m in cluster.members)
        found |= set(combinations(members, 2))
    return found


@pytest.mark.parametrize(("threshold", "recall"), [(0.7, 0.90), (0.5, 0.95)])
def test_planted_near_copies_are_found_and_nothing_else(tmp_path, threshold: float, recall: float) -> None:  # type: ignore[no-untyped-def]
    """Short texts (one sentence of 8-20 words) with 3 edits are the hard case: a lower LSH
    threshold finds more of them.

    Many such pairs sit on the steep part of the LSH curve, so one corpus's recall moves with the
    word hash by about 0.015: three corpora are pooled. Ten word hashes gave 0.927 (sd 0.006) at
    0.7 and 0.961 (sd 0.001) at 0.5; the bounds are several deviations below that.
    """
    hits = planted_pairs = found_pairs = 0
    for seed in (3, 4, 5):
        texts, planted = corpus(2000, seed=seed)
        source = Source(0, str(write_jsonl(tmp_path / f"c{seed}.jsonl", texts)), "jsonl")
        clusters = LocalEngine().find_clusters([source], MatchSettings(lsh_threshold=threshold))
        truth = _pairs_in(resolve_clusters([(a + 1, b + 1) for a, b in planted]))
        found = _pairs_in(clusters, key=lambda item: split_id(item).line)
        hits, planted_pairs, found_pairs = (
            hits + len(found & truth),
            planted_pairs + len(truth),
            found_pairs + len(found),
        )
    assert planted_pairs > 1000
    assert hits / planted_pairs >= recall
    assert hits / found_pairs >= 0.99


def test_parts_and_processes_do_not_change_the_result(tmp_path) -> None:  # type: ignore[no-untyped-def]
    texts, _ = corpus(600, seed=9)
    path = write_jsonl(tmp_path / "c.jsonl", texts)
    (path.parent / "blank.jsonl").write_bytes(b"")
    source = Source(0, str(path), "jsonl")
    whole = LocalEngine().find_clusters([source], MatchSettings())
    assert len(whole) > 20
    size = path.stat().st_size
    for bytes_per_part in (1, 997, size // 3, size):
        parts = source.parts(bytes_per_part)
        assert [item for part in parts for item in part.items()] == list(source.items())
        assert LocalEngine().find_clusters(parts, MatchSettings()) == whole
    assert len(source.parts(1)) == 600 and len(source.parts(size)) == 1
    assert LocalEngine(jobs=2).find_clusters(source.parts(size // 4), MatchSettings()) == whole


def test_a_part_starts_with_the_number_of_its_first_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"text": "a"}\n\n{"text": "b"}\r\n{"text": "c"}')
    parts = Source(0, str(path), "jsonl").parts(5)
    assert [(part.first_line, [n for n, _ in part.lines()]) for part in parts] == [
        (1, [1]),
        (2, [3]),
        (4, [4]),
    ]


def test_a_line_cut_by_a_file_saved_meanwhile_is_a_changed_file_not_a_bad_record(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"text": "a"}\n{"text": "a longer record"}\n')
    source = Source(0, str(path), "jsonl").stamped()
    path.write_bytes(b'{"text": "a"}\n{"text": "a lo')  # truncated while being read
    with pytest.raises(SourceError, match="changed while dedup read it"):
        list(source.items())


def test_an_edit_that_puts_the_mtime_back_is_a_change(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import time

    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"text": "a"}\n')
    before = path.stat()
    source = Source(0, str(path), "jsonl").stamped()
    time.sleep(0.05)  # past the file system's clock tick
    path.write_bytes(b'{"text": "b"}\n')  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(SourceError, match="changed while dedup read it"):
        source.check_unchanged()


_LINES = st.sampled_from([b'{"text": "a b c"}', b'{"text": "d e"}', b"", b"  ", b'{"text": null}'])


@given(
    lines=st.lists(_LINES, min_size=1, max_size=30),
    ends=st.sampled_from([b"\n", b"\r\n"]),
    last_end=st.booleans(),
    bytes_per_part=st.integers(1, 200),
    data=st.data(),
)
def test_reading_some_records_finds_what_reading_all_and_filtering_finds(  # type: ignore[no-untyped-def]
    tmp_path_factory,
    lines: list[bytes],
    ends: bytes,
    last_end: bool,
    bytes_per_part: int,
    data: st.DataObject,
) -> None:
    """The second reading (``items(only)``) looks lines up by their line ends: it must agree with
    the first, in every part, with blank lines, CRLF and a last line without an end."""
    path = tmp_path_factory.mktemp("some") / "c.jsonl"
    path.write_bytes(ends.join(lines) + (ends if last_end else b""))
    source = Source(0, str(path), "jsonl", field="text")
    every = [item for item in source.items() if item.text is not None]
    only = set(data.draw(st.sets(st.sampled_from([item.id for item in every])))) if every else set()
    only.add(make_id(1, 1))  # another source's id is never this one's
    block = data.draw(st.integers(1, 64))  # the file is read in blocks: lines cross them
    with mock.patch("cleannews.corpus.sources._SEEK_BLOCK", block):
        for part in source.parts(bytes_per_part):
            assert list(part.items(only)) == [item for item in part.items() if item.id in only]


def test_a_file_that_lost_lines_since_the_first_reading_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"text": "a"}\n{"text": "b"}\n{"text": "c"}\n')
    source = Source(0, str(path), "jsonl")
    wanted = {item.id for item in source.items()}
    path.write_bytes(b'{"text": "a"}\n')
    with pytest.raises(SourceError, match="changed while dedup read it"):
        list(source.items(wanted))


BOILERPLATE = "Follow us on Twitter for the latest news from our newsroom."


def _stories(tmp_path, count: int = 6) -> Source:  # type: ignore[no-untyped-def]
    texts, _ = corpus(count, seed=21, share=0.0)
    stories = [f"{text}\n\n{BOILERPLATE}" for text in texts]
    stories[2] = stories[2].replace("Follow us", "Follow us now")  # a near-copy of the boilerplate
    return Source(0, str(write_jsonl(tmp_path / "s.jsonl", stories)), "jsonl")


@pytest.mark.parametrize("action", [Boilerplate.REMOVE, Boilerplate.KEEP_FIRST, Boilerplate.REPORT])
def test_boilerplate_paragraphs(tmp_path, action: Boilerplate) -> None:  # type: ignore[no-untyped-def]
    source = _stories(tmp_path)
    result = find_corpus_duplicates([source], LocalEngine(), DedupOptions(boilerplate=action))
    assert result.document_clusters == []
    (found,) = result.boilerplate
    assert [split_id(d).line for d in found.documents] == [1, 2, 3, 4, 5, 6]
    assert found.text == BOILERPLATE
    dropped = {split_id(d).line: numbers for d, numbers in result.dropped_paragraphs.items()}
    # The sixth story has 10 words: the 11-word footer is more than half of it, so it stays.
    expected = {
        Boilerplate.REMOVE: {line: {1} for line in range(1, 6)},
        Boilerplate.KEEP_FIRST: {line: {1} for line in range(2, 6)},
        Boilerplate.REPORT: {},
    }
    assert dropped == expected[action]
    kept_whole = [split_id(kept.document).line for kept in result.kept_whole]
    assert kept_whole == ([] if action is Boilerplate.REPORT else [6])


def test_boilerplate_needs_min_documents(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = find_corpus_duplicates([_stories(tmp_path)], LocalEngine(), DedupOptions(min_documents=7))
    assert result.boilerplate == []


# --- one changed word ---------------------------------------------------------------------------------


@given(
    st.lists(st.sampled_from(vocabulary(5000, random.Random(1))), min_size=8, max_size=60, unique=True),
    st.data(),
)
def test_one_changed_word_keeps_a_text_above_both_thresholds(words: list[str], data: st.DataObject) -> None:
    """The shingles are words so that one edit costs little: with 8 or more words, one word
    replaced keeps the word-set Jaccard at 7/9 or more, above the default LSH threshold, and the
    verification score above its threshold."""
    position = data.draw(st.integers(0, len(words) - 1))
    replacement = data.draw(st.sampled_from(["zebra", "quorum", "lantern", "x"]))
    edited = [*words[:position], replacement, *words[position + 1 :]]
    left, right = " ".join(words), " ".join(edited)
    assert _jaccard(left, right) >= MatchSettings().lsh_threshold
    resemblance, _ = measure([0], [1], dict(enumerate(prepare([left, right]))))
    assert resemblance[0] >= MatchSettings().similarity


def test_one_changed_word_is_found_by_the_engine(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(17)
    words = vocabulary(20_000, rng)
    texts = []
    for _ in range(300):
        original = rng.sample(words, rng.randint(8, 40))
        edited = original[:]
        edited[rng.randrange(len(edited))] = rng.choice(words)
        texts += [" ".join(original), " ".join(edited)]
    source = Source(0, str(write_jsonl(tmp_path / "c.jsonl", texts)), "jsonl")
    found = _pairs_in(LocalEngine().find_clusters([source], MatchSettings()), key=lambda i: split_id(i).line)
    planted = {(line, line + 1) for line in range(1, 601, 2)}
    assert len(found & planted) >= 0.97 * len(planted)
    assert found <= planted


def test_paragraphs_with_other_figures_are_not_boilerplate(tmp_path) -> None:  # type: ignore[no-untyped-def]
    texts, _ = corpus(3, seed=31, share=0.0)
    figures = ["64.2 percent of 1.2 million", "71.8 percent of 0.9 million", "58.1 percent of 2.3 million"]
    stories = [
        f"{t}\n\nTurnout was {f} registered voters across the districts."
        for t, f in zip(texts, figures, strict=True)
    ]
    source = Source(0, str(write_jsonl(tmp_path / "e.jsonl", stories)), "jsonl")
    result = find_corpus_duplicates([source], LocalEngine(), DedupOptions(boilerplate=Boilerplate.REMOVE))
    assert result.boilerplate == [] and result.dropped_paragraphs == {}


def test_crlf_text_loses_a_last_paragraph_cleanly() -> None:
    for text, expected in [
        ("One.\r\n\r\nFollow us on Twitter.\r\n", "One.\r\n"),
        ("Four.\r\n\r\nFollow us on Twitter.", "Four."),
        ("A.\r\n\r\nB.\r\n\r\nC.\r\n", "A.\r\n\r\nC.\r\n"),
    ]:
        spans = paragraphs(text)
        drop = {len(spans) - 1} if text.count("\r\n\r\n") == 1 else {1}
        assert without_paragraphs(text, spans, drop) == expected
