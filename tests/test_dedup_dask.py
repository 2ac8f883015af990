"""The Dask engine against the local one, on a generated corpus with planted near-copies.

One process-based LocalCluster (two single-threaded workers, loopback only) serves the module,
so everything the engine ships must really pickle and import in another process.
"""

from __future__ import annotations

import json
import pickle
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")

from clitools import run  # noqa: E402

from cleannews.corpus import dask_engine  # noqa: E402
from cleannews.corpus.dask_engine import DaskEngine  # noqa: E402
from cleannews.corpus.dedup import DedupOptions  # noqa: E402
from cleannews.corpus.ids import document_of, make_id, split_id  # noqa: E402
from cleannews.corpus.local import LocalEngine  # noqa: E402
from cleannews.corpus.partitions import Item, MatchSettings, ScoredCluster  # noqa: E402
from cleannews.corpus.sources import ParagraphSource, Source, SourceError  # noqa: E402

SETTINGS = DedupOptions().documents  # containment, anchors and the figures rule included
CONTAINED = 30
FILES = 3
BOILERPLATE_COPIES = 40  # more than lsh.MAX_NEIGHBOURS, so one bucket is cut into neighbour chains
LEADS, LEAD_PRINTINGS, CUTS = 2, 20, 3  # printings: more than anchors.MAX_DOCUMENTS


# A generated corpus: random words, some records planted again with 1-3 word edits.


@dataclass
class Corpus:
    paths: list[str]
    lines: list[int]
    """Lines in each file (blank lines included)."""
    planted: list[tuple[int, int]] = field(default_factory=list)
    """(original id, near-copy id)."""
    contained: list[tuple[int, int]] = field(default_factory=list)
    """(smaller id, larger id) of a story and its excerpt, or of a story and the story merged with another."""
    contained_in: dict[int, set[int]] = field(default_factory=dict)
    """Each story that was merged into another: the merged texts it is in (the second story of a
    merge may be the first of another, and a story is clustered with one of its containers)."""
    across_joins: list[tuple[int, int]] = field(default_factory=list)
    """Of those, (smaller id, larger id) of a story that begins with a lead printed in 20 records
    and its excerpt: the lead and 20 words of what follows (rare anchors alone are too few)."""
    exact: list[int] = field(default_factory=list)
    """Ids of copies of one record that differ only in case and punctuation."""
    boilerplate: list[int] = field(default_factory=list)
    """Ids of the documents that end with the same boilerplate paragraph."""

    def sources(self) -> list[Source]:
        return [Source(index, path, "jsonl") for index, path in enumerate(self.paths)]

    def parts(self, counts: tuple[int, ...]) -> list[Source]:
        """The first ``len(counts)`` files, each split into that many partitions."""
        return [
            part
            for source, lines, count in zip(self.sources(), self.lines, counts, strict=False)
            for part in source.parts(max(1, Path(source.path).stat().st_size // count))
        ]


def _sentence(rng: random.Random, vocabulary: list[str], words: int) -> str:
    chosen = [rng.choice(vocabulary) for _ in range(words)]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _edited(rng: random.Random, text: str, vocabulary: list[str]) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        position = rng.randrange(1, len(words) - 1)
        action = rng.choice(("replace", "insert", "delete"))
        if action == "replace":
            words[position] = rng.choice(vocabulary)
        elif action == "insert":
            words.insert(position, rng.choice(vocabulary))
        else:
            del words[position]
    return " ".join(words)


def write_corpus(folder: Path, seed: int = 20240801, records: int = 900, planted: int = 120) -> Corpus:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = sorted({"".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(4000)})
    boilerplate = "Follow us on Twitter for the latest news and sign up for our daily newsletter today."
    texts: list[tuple[str, str | None]] = []  # (tag, text)
    for number in range(records):
        paragraphs = [_sentence(rng, vocabulary, rng.randint(12, 30)) for _ in range(rng.randint(1, 3))]
        if number < BOILERPLATE_COPIES:
            paragraphs.append(boilerplate)
        texts.append((f"base{number}", "\n\n".join(paragraphs)))
    chosen = rng.sample(range(BOILERPLATE_COPIES, records), planted + CONTAINED)
    originals, held = chosen[:planted], chosen[planted:]
    merged: dict[int, tuple[int, int]] = {}  # merged text's number -> (its first story, its second)
    for number in originals:
        original = texts[number][1]
        assert original is not None
        texts.append((f"copy{number}", _edited(rng, original, vocabulary)))
    for number in held:  # an excerpt (the first paragraph of several) or the story merged with another
        original = texts[number][1]
        assert original is not None
        paragraphs = original.split("\n\n")
        if len(paragraphs) > 1:
            texts.append((f"part{number}", paragraphs[0]))
        else:
            second = rng.randrange(BOILERPLATE_COPIES, records)
            other = texts[second][1]
            merged[number] = (number, second)
            texts.append((f"part{number}", f"{original}\n\n{other}"))
    for lead_number in range(LEADS):  # a lead in crowded anchor buckets, and excerpts across its join
        lead = _sentence(rng, vocabulary, 40)
        for printing in range(LEAD_PRINTINGS):
            own = _sentence(rng, vocabulary, 60)
            texts.append((f"lead{lead_number}-{printing}", f"{lead}\n\n{own}"))
            if printing < CUTS:
                cut = " ".join(own.split(" ")[:20])
                texts.append((f"cut{lead_number}-{printing}", f"{lead}\n\n{cut}"))
    exact = _sentence(rng, vocabulary, 20)
    for copy in range(8):
        variant = exact.upper() if copy % 2 else exact.replace(" ", ", ", 3)
        texts.append(("exact", variant))
    texts += [("null", None), ("empty", ""), ("punctuation", "!!! ..."), ("null", None)]
    rng.shuffle(texts)

    corpus = Corpus([], [])
    where: dict[str, int] = {}
    per_file = -(-len(texts) // FILES)
    for index in range(FILES):
        path = folder / f"part{index}.jsonl"
        lines = []
        for tag, text in texts[index * per_file : (index + 1) * per_file]:
            if rng.random() < 0.03:
                lines.append("")  # blank lines count as lines but hold no record
            lines.append(json.dumps({"text": text, "tag": tag}))
            number = len(lines)
            if tag.startswith(("base", "copy", "part", "lead", "cut")):
                where[tag] = make_id(index, number)
            elif tag == "exact":
                corpus.exact.append(make_id(index, number))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        corpus.paths.append(str(path))
        corpus.lines.append(len(lines))
    corpus.planted = [(where[f"base{n}"], where[f"copy{n}"]) for n in originals]
    corpus.planted = [(min(pair), max(pair)) for pair in corpus.planted]
    corpus.across_joins = sorted(
        (min(pair), max(pair))
        for pair in (
            (where[f"lead{n}-{printing}"], where[f"cut{n}-{printing}"])
            for n in range(LEADS)
            for printing in range(CUTS)
        )
    )
    corpus.contained = sorted(
        [
            *((min(pair), max(pair)) for pair in ((where[f"base{n}"], where[f"part{n}"]) for n in held)),
            *corpus.across_joins,
        ]
    )
    for number, stories in merged.items():
        for story in stories:
            corpus.contained_in.setdefault(where[f"base{story}"], set()).add(where[f"part{number}"])
    corpus.boilerplate = sorted(where[f"base{n}"] for n in range(BOILERPLATE_COPIES))
    return corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def local_result(corpus: Corpus) -> list[ScoredCluster]:
    return LocalEngine().find_clusters(corpus.sources(), SETTINGS)


def _pairs(clusters: list[ScoredCluster]) -> set[tuple[int, int]]:
    return {(a, b) for c in clusters for a in c.members for b in c.members if a < b}


# The engines agree.


def test_dask_gives_the_local_clusters_and_finds_the_planted_copies(
    client: Any, corpus: Corpus, local_result: list[ScoredCluster]
) -> None:
    result = DaskEngine(client=client).find_clusters(corpus.sources(), SETTINGS)
    assert result == local_result

    found = _pairs(result)
    assert sum(pair in found for pair in corpus.planted) >= 0.9 * len(corpus.planted)
    in_a_container = {
        pair
        for pair in corpus.contained
        if pair in found
        or any(
            (min(story, merged), max(story, merged)) in found
            for story in pair
            for merged in corpus.contained_in.get(story, ())
        )
    }
    assert len(in_a_container) >= 0.9 * len(corpus.contained)
    assert sum(pair in found for pair in corpus.across_joins) >= len(corpus.across_joins) - 1
    assert any(any(cluster.contained) for cluster in result)
    members = {cluster.representative: cluster.members for cluster in result}
    assert members[corpus.exact[0]] == tuple(sorted(corpus.exact))
    assert all(cluster.scores for cluster in result)
    assert all(split_id(member).paragraph == 0 for cluster in result for member in cluster.members)


@pytest.mark.parametrize(
    "parts_per_file",
    [[(1,), (3,), (7,)], [(1, 1, 1), (3, 2, 2), (6, 5, 5)]],
    ids=["one-file-as-1-3-7", "three-files-as-3-7-16"],
)
def test_partition_counts_do_not_change_the_result(
    client: Any, corpus: Corpus, parts_per_file: list[tuple[int, ...]]
) -> None:
    partitionings = [corpus.parts(counts) for counts in parts_per_file]
    assert [len(partitions) for partitions in partitionings] == [sum(counts) for counts in parts_per_file]
    reference = LocalEngine().find_clusters(partitionings[0], SETTINGS)
    assert len(reference) > 10
    engine = DaskEngine(client=client)
    for partitions in partitionings:
        assert LocalEngine().find_clusters(partitions, SETTINGS) == reference
        assert engine.find_clusters(partitions, SETTINGS) == reference


@pytest.mark.parametrize("bands_per_round", [3, 100])
def test_rounds_of_bands_do_not_change_the_result(
    client: Any, corpus: Corpus, local_result: list[ScoredCluster], bands_per_round: int
) -> None:
    engine = DaskEngine(client=client, bands_per_round=bands_per_round)
    assert engine.find_clusters(corpus.parts((2, 3, 1)), SETTINGS) == local_result


def test_paragraph_partitions(client: Any, corpus: Corpus, local_result: list[ScoredCluster]) -> None:
    dropped = frozenset(member for cluster in local_result for member in cluster.members[1:])
    partitions = [ParagraphSource(source, dropped) for source in corpus.sources()]
    settings = MatchSettings(min_words=3)
    expected = LocalEngine().find_clusters(partitions, settings)
    assert DaskEngine(client=client).find_clusters(partitions, settings) == expected

    boilerplate = [cluster for cluster in expected if len(cluster.members) >= BOILERPLATE_COPIES - 5]
    assert len(boilerplate) == 1
    documents = {document_of(member) for member in boilerplate[0].members}
    assert documents == set(corpus.boilerplate) - dropped
    assert all(split_id(member).paragraph > 0 for member in boilerplate[0].members)
    assert not {document_of(member) for cluster in expected for member in cluster.members} & dropped


def test_a_bad_record_is_reported_as_on_the_local_engine(client: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "one two three"}\n{"text": 3}\n', encoding="utf-8")
    with pytest.raises(SourceError, match=r"bad.jsonl:2: field 'text' is a number"):
        DaskEngine(client=client).find_clusters([Source(0, str(bad), "jsonl")], SETTINGS)


def test_no_texts_and_no_partitions(client: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"text": null}\n\n{"text": "..."}\n', encoding="utf-8")
    engine = DaskEngine(client=client)
    assert engine.find_clusters([Source(0, str(empty), "jsonl")], SETTINGS) == []
    assert engine.find_clusters([], SETTINGS) == []


# Known Dask traps.


def test_one_pass_partitions_are_refused(corpus: Corpus) -> None:
    engine = DaskEngine(client=object())  # refused before the client is used
    sources = corpus.sources()
    with pytest.raises(TypeError, match="one-pass generator"):
        engine.find_clusters([sources[0], (item for item in sources[1].items())], SETTINGS)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="one-pass iterator"):
        engine.find_clusters(iter(sources), SETTINGS)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="items"):
        engine.find_clusters([[Item(1, "a b c")]], SETTINGS)  # type: ignore[list-item]


def test_without_dask_the_error_says_what_to_install() -> None:
    script = (
        "import sys; sys.modules['dask'] = None\n"
        "import cleannews.corpus.dask_engine as module  # imports without Dask\n"
        "module.DaskEngine()"
    )
    failed = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert failed.returncode == 1
    assert "ImportError: --engine dask needs Dask" in failed.stderr.decode()
    assert "pip install 'cleannews[dask]'" in failed.stderr.decode()


def test_worker_functions_are_importable_by_name(tmp_path: Path) -> None:
    """What workers run is found by module and name, so standard pickle (no cloudpickle) carries it."""
    for function in dask_engine.WORKER_FUNCTIONS:
        assert function.__module__.startswith("cleannews.corpus."), function
        assert "<" not in function.__qualname__, function  # no lambdas, no closures
        assert getattr(import_module(function.__module__), function.__qualname__) is function
    payload = pickle.dumps(dask_engine.WORKER_FUNCTIONS)
    script = "import pickle, sys; print([f.__qualname__ for f in pickle.loads(sys.stdin.buffer.read())])"
    loaded = subprocess.run(
        [sys.executable, "-c", script], input=payload, capture_output=True, cwd=tmp_path, check=True
    )
    assert loaded.stdout.decode().strip() == str([f.__qualname__ for f in dask_engine.WORKER_FUNCTIONS])


def test_only_worker_functions_are_shipped(
    client: Any, corpus: Corpus, local_result: list[ScoredCluster], monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped: list[Any] = []

    def recording(name: str, owner: type) -> None:
        original = getattr(owner, name)

        def record(self: Any, function: Any, *args: Any, **kwargs: Any) -> Any:
            shipped.append(function)
            return original(self, function, *args, **kwargs)

        monkeypatch.setattr(owner, name, record)

    for name in ("submit", "map", "run"):
        recording(name, distributed.Client)
    recording("map_partitions", dd.DataFrame)
    assert DaskEngine(client=client).find_clusters(corpus.sources(), SETTINGS) == local_result
    assert set(shipped) == set(dask_engine.WORKER_FUNCTIONS)


def test_workers_must_run_the_same_cleannews(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_engine, "__version__", "0.0.0-elsewhere")
    with pytest.raises(RuntimeError, match=r"must run cleannews 0\.0\.0-elsewhere, Unicode .*has cleannews"):
        DaskEngine(client=client).find_clusters([Source(0, __file__, "text")], SETTINGS)


def test_scheduler_address_connects_and_closes_only_its_client(
    cluster: Any, client: Any, corpus: Corpus, local_result: list[ScoredCluster]
) -> None:
    with DaskEngine(cluster.scheduler_address) as engine:
        assert engine.find_clusters(corpus.sources(), SETTINGS) == local_result
        own = engine._client
    assert own is not None and own.status == "closed"
    assert client.status == "running" and client.submit(sum, [1, 2]).result() == 3


def test_without_scheduler_or_client_a_local_cluster_is_started_and_closed(corpus: Corpus) -> None:
    sources = corpus.sources()[:1]
    engine = DaskEngine()
    with engine:
        assert engine.find_clusters(sources, SETTINGS) == LocalEngine().find_clusters(sources, SETTINGS)
        client = engine._client
        cluster = client.cluster
        addresses = list(client.scheduler_info()["workers"])
        assert addresses and all(address.startswith("tcp://127.0.0.1:") for address in addresses)
    assert client.status == "closed" and cluster.status.name == "closed"


# The whole command: the same files out, the same report.


@pytest.mark.parametrize("boilerplate", ["remove", "keep-first"])
def test_the_command_writes_the_same_output_with_either_engine(
    corpus: Corpus, tmp_path: Path, boilerplate: str
) -> None:
    """End to end through ``cleannews dedup``: each engine in its own process (the Dask one starts
    its own loopback cluster), Dask's inputs cut into several parts."""
    outputs = []
    for engine in ("local", "dask"):
        out = tmp_path / engine
        args = ["dedup", *corpus.paths, "--out", out, "--report", out / "report.jsonl"]
        args += ["--boilerplate", boilerplate, "--engine", engine, "--partition-size", "1"]
        proc = run(*args)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        outputs.append({path.name: path.read_bytes() for path in sorted(out.iterdir())})
    local, dask = outputs
    assert local == dask
    report = [json.loads(line) for line in local["report.jsonl"].splitlines()]
    assert {line["kind"] for line in report} == {"paragraphs", "documents", "paragraph"}
    written = sum(data.count(b"\n") for name, data in local.items() if name != "report.jsonl")
    assert 0 < written < sum(corpus.lines)


def test_a_scheduler_address_alone_means_dask(cluster: Any, corpus: Corpus, tmp_path: Path) -> None:
    """``--scheduler`` implies ``--engine dask`` (only ``--engine local`` with it is refused): the
    run's tasks reach that scheduler, and the report is the local engine's."""
    before = cluster.scheduler.transition_counter
    proc = run("dedup", *corpus.paths, "--scheduler", cluster.scheduler_address, "--report", tmp_path / "d")
    assert proc.returncode == 0, proc.stderr
    assert cluster.scheduler.transition_counter > before
    assert run("dedup", *corpus.paths, "--report", tmp_path / "l").returncode == 0
    assert (tmp_path / "d").read_bytes() == (tmp_path / "l").read_bytes()


def test_excerpts_boilerplate_and_line_paragraphs_are_the_same_on_dask(cluster: Any, tmp_path: Path) -> None:
    """Issue 13's cases through the command: an excerpt (contained, dropped, the full story kept
    whole), a footer in otherwise different stories (removed), a short story mostly footer (kept
    whole), with paragraphs on lines of their own. Local and Dask write the same bytes."""
    rng = random.Random(13)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = sorted({"".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(3000)})
    footer = "Follow us on Twitter for the latest news and sign up for our daily newsletter today."
    story = [_sentence(rng, words, 25) for _ in range(4)]
    texts = ["\n".join([*story, footer]), "\n".join(story[:2])]
    texts += ["\n".join([*(_sentence(rng, words, 20) for _ in range(3)), footer]) for _ in range(4)]
    texts.append(_sentence(rng, words, 8) + "\n" + footer)
    path = tmp_path / "mini.jsonl"
    path.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts), encoding="utf-8")
    outputs = []
    for engine in (["--engine", "local"], ["--scheduler", cluster.scheduler_address]):
        out = tmp_path / engine[0].strip("-")
        proc = run(
            "dedup", path, "--out", out, "--report", out / "r.jsonl", "--boilerplate", "remove", *engine
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append({name.name: name.read_bytes() for name in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    written = [json.loads(line)["text"] for line in outputs[0]["mini.jsonl"].splitlines()]
    assert written[0] == "\n".join(story)  # the full story lost its footer only
    assert len(written) == len(texts) - 1  # the excerpt is a duplicate
    assert written[-1] == texts[-1]  # more than half footer: kept whole
    report = [json.loads(line) for line in outputs[0]["r.jsonl"].splitlines()]
    assert report[0]["layout"] == "line"
    assert [line["kind"] for line in report[1:]] == ["documents", "paragraph", "kept-whole"]
    assert report[1]["duplicates"][0]["relation"] == "contained"


def test_a_contained_text_goes_with_the_same_container_on_dask(client: Any, tmp_path: Path) -> None:
    """An excerpt contained in three texts: both engines put it with the one that holds it best,
    with the pairs verified in chunks on the workers (a chunk of one pair here)."""
    from test_dedup_containment import containers_corpus

    texts, line = containers_corpus(5)
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts), encoding="utf-8")
    sources = [Source(0, str(path), "jsonl")]
    local = LocalEngine().find_clusters(sources, SETTINGS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dask_engine, "_PAIRS_PER_VERIFY_TASK", 1)
        assert DaskEngine(client=client).find_clusters(sources, SETTINGS) == local
    assert [c.members for c in local] == [(make_id(0, line["story"]), make_id(0, line["excerpt"]))]


def test_a_text_whose_anchors_are_all_crowded_is_found_the_same_on_dask(client: Any, tmp_path: Path) -> None:
    """The rarest anchor of each text is the smallest over every shuffled partition of anchor
    buckets: both engines ask the same texts and find the same pairs."""
    from dataclasses import replace

    from test_dedup_containment import recurring_lead_corpus

    path = tmp_path / "lead.jsonl"
    texts = recurring_lead_corpus(3)
    path.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts), encoding="utf-8")
    sources, settings = [Source(0, str(path), "jsonl")], replace(SETTINGS, lsh_threshold=0.95)
    local = LocalEngine().find_clusters(sources, settings)
    assert len(local) == 1 and local[0].members[1] == make_id(0, 21)
    assert DaskEngine(client=client).find_clusters(sources, settings) == local
