"""Near-duplicate search across a million paragraphs: cleannews next to ``datasketch``.

Why: ``cleannews dedup`` promises to find near-copies in corpora of millions of
texts on one machine. The yardstick is what people use today: ``datasketch``
``MinHash`` + ``MinHashLSH`` at the same Jaccard threshold, run the way its docs
recommend for speed (``MinHash.generator``/``bulk``, an insertion session,
then one query per text). Both are measured in the same run, on the same file,
each in its own fresh process, so wall time and peak RSS are per tool.

Corpus (seeded, deterministic), built from the Reuters-21578 articles in
``../shared/perf/reuters21578_docs.jsonl.gz``:

* Sentences: every paragraph split after ``.``/``!``/``?``, spaces
  normalised, 40-300 characters kept. Reuters files the same story more than
  once and is full of templates ("The dividend is payable April 15 to holders
  of record March 31."), so the pool is screened: a sentence goes if its
  lower-cased words were seen before, if its first or last 8 words without
  digits were seen before, or if ``datasketch`` (LSH at Jaccard 0.4) proposes
  it with an earlier sentence and rapidfuzz ``fuzz.ratio`` of the two is 70 or
  more. The screen is independent of the cleannews code under test.
* Base paragraphs must be pairwise *not* near-duplicates, otherwise precision
  measures the generator. One- and two-sentence paragraphs (the hard case)
  take sentences of their own that no other paragraph uses. Paragraphs of 3-5
  sentences draw from the rest of the pool, never reuse a pair of sentences
  (so two of them share at most one sentence) and no sentence makes up more
  than 40% of one (so a shared sentence never dominates both).
* Planted near-copies: 10% of the lines are a copy of a random earlier line
  (so some are copies of copies) with 1-3 small edits: a word substituted,
  deleted or inserted, a typo, or punctuation. Ground truth: the groups of
  lines descending from one base paragraph; planted pairs are all pairs within
  a group.

The corpus is written as JSON Lines ``{"id": n, "text": ...}`` (line n + 1),
with the planted pairs (``planted_pairs.tsv``, line numbers) next to it.

Runs, each a subprocess timed from start to exit (so reading, tokenising and
interpreter start are included) with its peak RSS from ``wait4`` in a small
launcher process:

* cleannews: the command ``cleannews dedup CORPUS --report R --boilerplate off
  --lsh-threshold T``, once with ``--jobs 1`` (the run the targets are judged
  on, as datasketch uses one core) and once with its default (all cores); the
  two must find the same clusters. Its pairs are all pairs within each
  reported cluster. With several processes, peak RSS is the largest single
  process, not their sum.
* datasketch: ``json`` per line, the words of
  ``cleannews.corpus.tokens.matching_text`` as UTF-8 bytes (a set per text),
  ``MinHash.generator(num_perm=128)``, ``MinHashLSH(threshold=T,
  num_perm=128)`` with T cleannews' lsh_threshold (both then pick the same
  bands x rows), insert all, query each. It does not verify: its pairs are the
  LSH candidates as they are, and its precision is theirs.
* datasketch + verify (labelled as such, timed separately): the candidate
  pairs checked with the same rapidfuzz test cleannews applies
  (``fuzz.ratio`` of the matching texts >= 80), in a third process.

Recall = |found & planted| / |planted|, precision = |found & planted| / |found|,
on pairs of lines. Targets (issue): recall >= 0.95, precision >= 0.99, at least
5x faster than the datasketch run, peak RSS under 2 GiB. When precision misses,
a few clusters mixing different base paragraphs are printed, with whether
those paragraphs share a sentence, so a human can judge them.

Run from the repository root::

    python benchmarks/dedup.py                   # 1,000,000 paragraphs (5-15 minutes)
    python benchmarks/dedup.py --quick           # 100,000 paragraphs
    python benchmarks/dedup.py --paragraphs 300000 --keep /tmp/corpus --json out.json
    python benchmarks/dedup.py --quick --profile # also a cProfile of the cleannews process
    python benchmarks/dedup.py --quick --lsh-threshold 0.5  # both tools at another threshold
    python benchmarks/dedup.py --boilerplate-heavy 200000  # memory of --boilerplate remove (300 MB)

``--boilerplate-heavy RECORDS`` measures the paragraph level instead (issue 13: 2.7 GiB on such a
corpus, target under 1 GB): RECORDS documents, each a title and 5-9 distinct Reuters paragraphs
of 60 characters or more drawn at random from a pool cut so that each paragraph recurs in about
10 documents (200,000 records use all 82,235 paragraphs, about 17 each), 93% ending with one of
four near-identical footers. ``cleannews dedup --boilerplate remove --jobs 1``
runs on it, then ``--boilerplate off``; the digest of what each writes (``--out`` and
``--report``) shows whether a change kept the results.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from cleannews.corpus.partitions import MatchSettings
from cleannews.corpus.tokens import matching_text

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "perf" / "reuters21578_docs.jsonl.gz"
DEFAULT_PARAGRAPHS = 1_000_000
QUICK_PARAGRAPHS = 100_000

MIN_CHARS, MAX_CHARS = 40, 300
EDGE_WORDS = 8  # a sentence whose first or last 8 digit-free words were seen is a repeat
SCREEN_JACCARD = 0.4  # pool screen: datasketch LSH threshold ...
SCREEN_RATIO = 70.0  # ... and the rapidfuzz score above which the later sentence goes
COPY_SHARE = 0.10
MAX_EDITS = 3
SINGLE_SHARE, DOUBLE_SHARE = 0.03, 0.07  # of base paragraphs, capped by EXCLUSIVE_SHARE of the pool
EXCLUSIVE_SHARE = 0.25
MAX_SENTENCE_SHARE = 0.4  # of a 3-5 sentence paragraph's characters
EDIT_KINDS = ("substitute", "delete", "insert", "typo", "punctuation")

TARGET_RECALL, TARGET_PRECISION, TARGET_SPEEDUP = 0.95, 0.99, 5.0
TARGET_RSS_BYTES = 2 * 1024**3
MIB = 1024**2

I64 = npt.NDArray[np.int64]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(<])")
_AFFIXES = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- sentences --------------------------------------------------------------


@dataclass
class PoolStats:
    sentences: int = 0
    """Sentences of 40-300 characters in the articles."""
    same_words: int = 0
    same_edge: int = 0
    near_copy: int = 0
    kept: int = 0


def read_sentences(path: Path) -> list[str]:
    """Every sentence of 40-300 characters in the articles' paragraphs, spaces normalised."""
    sentences = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            for paragraph in json.loads(line).get("paras", []):
                for sentence in _SENTENCE_END.split(paragraph):
                    sentence = " ".join(sentence.split())
                    if MIN_CHARS <= len(sentence) <= MAX_CHARS:
                        sentences.append(sentence)
    return sentences


def _edge_keys(words: list[str]) -> tuple[str, str]:
    skeleton = [word for word in words if not any(c.isdigit() for c in word)]
    return " ".join(skeleton[:EDGE_WORDS]), " ".join(skeleton[-EDGE_WORDS:])


def screen_sentences(sentences: Sequence[str]) -> tuple[list[str], PoolStats]:
    """The sentences that are not repeats or near-copies of an earlier one."""
    from datasketch import MinHash, MinHashLSH
    from rapidfuzz.fuzz import ratio

    stats = PoolStats(sentences=len(sentences))
    seen: set[str] = set()
    heads: set[str] = set()
    tails: set[str] = set()
    kept: list[str] = []
    for sentence in sentences:
        words = matching_text(sentence).split()
        key = " ".join(words)
        if key in seen:
            stats.same_words += 1
            continue
        seen.add(key)
        head, tail = _edge_keys(words)
        repeat = head in heads or tail in tails
        heads.add(head)
        tails.add(tail)
        if repeat:
            stats.same_edge += 1
            continue
        kept.append(sentence)

    matching = [matching_text(sentence) for sentence in kept]
    lsh = MinHashLSH(threshold=SCREEN_JACCARD, num_perm=128)
    hashes = MinHash.generator(({w.encode() for w in text.split()} for text in matching), num_perm=128)
    dropped = set()
    for number, minhash in enumerate(hashes):
        for earlier in lsh.query(minhash):
            if ratio(matching[earlier], matching[number]) >= SCREEN_RATIO:
                dropped.add(number)
                break
        lsh.insert(number, minhash)
    stats.near_copy = len(dropped)
    pool = [sentence for number, sentence in enumerate(kept) if number not in dropped]
    stats.kept = len(pool)
    return pool, stats


# --- corpus -----------------------------------------------------------------


@dataclass
class Corpus:
    texts: list[str]
    origin: I64
    """For each line (0-based), the line of the base paragraph it descends from."""
    parts: dict[int, tuple[int, ...]]
    """The pool sentences of each base paragraph, by line."""
    edits: Counter[str] = field(default_factory=Counter)

    def group_sizes(self) -> I64:
        return np.unique(self.origin, return_counts=True)[1]

    def planted_pairs(self) -> Iterator[tuple[int, int]]:
        """(line, line), 1-based, of every pair of lines with the same origin."""
        groups: dict[int, list[int]] = {}
        for line, origin in enumerate(self.origin.tolist()):
            groups.setdefault(origin, []).append(line + 1)
        for members in groups.values():
            for i, left in enumerate(members):
                for right in members[i + 1 :]:
                    yield left, right


def vocabulary(pool: Sequence[str]) -> list[str]:
    """Lower-case words of 3-12 letters from the pool: substitutions and insertions."""
    words = {word for sentence in pool for word in matching_text(sentence).split()}
    return sorted(word for word in words if word.isalpha() and 3 <= len(word) <= 12)


def _affixes(token: str) -> tuple[str, str, str]:
    """Leading punctuation, the word, trailing punctuation: ``("(", "Reuters", "),")``."""
    match = _AFFIXES.match(token)
    assert match is not None  # the pattern matches any string
    prefix, core, suffix = match.groups()
    return prefix, core, suffix


def _typo(word: str, rng: random.Random) -> str:
    at = rng.randrange(len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:  # swap two neighbours
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == 1:  # drop a letter
        return word[:at] + word[at + 1 :]
    if kind == 2:  # double a letter
        return word[: at + 1] + word[at:]
    return word[:at] + rng.choice([c for c in "etaoinshrdlu" if c != word[at]]) + word[at + 1 :]


def edited(text: str, count: int, words: Sequence[str], rng: random.Random, kinds: Counter[str]) -> str:
    """``text`` with ``count`` small edits (counted by kind in ``kinds``)."""
    tokens = text.split(" ")
    for _ in range(count):
        kind = rng.choice(EDIT_KINDS)
        at = rng.randrange(len(tokens))
        if kind == "typo":
            candidates = [i for i, token in enumerate(tokens) if sum(c.isalpha() for c in token) >= 4]
            if candidates:
                at = rng.choice(candidates)
                prefix, core, suffix = _affixes(tokens[at])
                tokens[at] = prefix + _typo(core, rng) + suffix
            else:
                kind = "substitute"
        if kind == "delete" and len(tokens) <= 4:
            kind = "substitute"
        if kind == "substitute":
            prefix, _, suffix = _affixes(tokens[at])
            tokens[at] = prefix + rng.choice(words) + suffix
        elif kind == "delete":
            del tokens[at]
        elif kind == "insert":
            tokens.insert(at, rng.choice(words))
        elif kind == "punctuation":
            at = rng.randrange(max(1, len(tokens) - 1))  # not the last token's full stop
            token = tokens[at]
            tokens[at] = token[:-1] if token.endswith(",") else token + ","
        kinds[kind] += 1
    return " ".join(tokens)


def _multi_sentence(
    shared: Sequence[int], lengths: Sequence[int], used_pairs: set[int], rng: random.Random
) -> tuple[int, ...]:
    """3-5 sentences from ``shared``: no pair used before, none over 40% of the characters."""
    size = len(lengths)
    count = rng.choice((3, 4, 5))
    for _ in range(1000):
        chosen = rng.sample(shared, count)
        total = sum(lengths[s] for s in chosen) + count - 1
        if max(lengths[s] for s in chosen) > MAX_SENTENCE_SHARE * total:
            continue
        ordered = sorted(chosen)
        pairs = [a * size + b for i, a in enumerate(ordered) for b in ordered[i + 1 :]]
        if any(pair in used_pairs for pair in pairs):
            continue
        used_pairs.update(pairs)
        return tuple(chosen)
    raise RuntimeError("cannot draw a paragraph: the sentence pool is too small for this many paragraphs")


def generate(pool: Sequence[str], paragraphs: int, seed: int) -> Corpus:
    """``paragraphs`` lines: base paragraphs and, at 10% of the lines, edited copies of earlier ones."""
    rng = random.Random(seed)
    words = vocabulary(pool)
    order = list(range(len(pool)))
    rng.shuffle(order)
    copies = round(COPY_SHARE * paragraphs) if paragraphs > 1 else 0
    copy_lines = set(rng.sample(range(1, paragraphs), copies))
    base = paragraphs - copies
    exclusive = int(EXCLUSIVE_SHARE * len(pool))
    singles = min(round(SINGLE_SHARE * base), exclusive // 2)
    doubles = min(round(DOUBLE_SHARE * base), (exclusive - singles) // 2)
    sizes = [1] * singles + [2] * doubles + [0] * (base - singles - doubles)  # 0: 3-5 sentences
    rng.shuffle(sizes)
    own = iter(order[: singles + 2 * doubles])
    shared = order[singles + 2 * doubles :]
    lengths = [len(sentence) for sentence in pool]
    used_pairs: set[int] = set()

    texts: list[str] = []
    origin = np.empty(paragraphs, dtype=np.int64)
    parts: dict[int, tuple[int, ...]] = {}
    kinds: Counter[str] = Counter()
    next_size = iter(sizes)
    for line in range(paragraphs):
        if line in copy_lines:
            source = rng.randrange(line)
            texts.append(edited(texts[source], rng.randint(1, MAX_EDITS), words, rng, kinds))
            origin[line] = origin[source]
            continue
        size = next(next_size)
        if size:
            chosen = tuple(next(own) for _ in range(size))
        else:
            chosen = _multi_sentence(shared, lengths, used_pairs, rng)
        texts.append(" ".join(pool[s] for s in chosen))
        origin[line] = line
        parts[line] = chosen
    return Corpus(texts, origin, parts, kinds)


def write_corpus(corpus: Corpus, folder: Path) -> tuple[Path, int]:
    """``corpus.jsonl`` and ``planted_pairs.tsv`` in ``folder``; the path and the number of pairs."""
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for number, text in enumerate(corpus.texts):
            handle.write(json.dumps({"id": number, "text": text}, ensure_ascii=False) + "\n")
    pairs = 0
    with (folder / "planted_pairs.tsv").open("w", encoding="utf-8") as handle:
        handle.write("# line\tline (1-based lines of corpus.jsonl that are planted near-copies)\n")
        for left, right in corpus.planted_pairs():
            handle.write(f"{left}\t{right}\n")
            pairs += 1
    return path, pairs


def read_lines(path: Path, wanted: set[int]) -> dict[int, str]:
    """The texts of some 1-based lines of a corpus file."""
    found = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if number in wanted:
                found[number] = json.loads(line)["text"]
    return found


# --- runs -------------------------------------------------------------------


@dataclass
class Run:
    name: str
    wall_s: float
    peak_rss_bytes: int
    details: dict[str, float] = field(default_factory=dict)
    """Phase times the process reported about itself, in seconds."""


# Wall time and peak RSS come from a small launcher process, not from this one:
# on Linux a child's ru_maxrss starts at the RSS of the process that forked it
# (the big generator here), so the launcher forks the measured command while
# it is itself only a few MB.
_LAUNCHER = """
import json, os, subprocess, sys, time
out, command = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
process = subprocess.Popen(command)
_, status, usage = os.wait4(process.pid, 0)
wall = time.perf_counter() - start
rss = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
code = os.waitstatus_to_exitcode(status)
with open(out, "w") as handle:
    json.dump({"wall_s": wall, "peak_rss_bytes": rss, "exit_code": code}, handle)
"""


def measure(name: str, command: Sequence[str], folder: Path) -> Run:
    """Run ``command`` to its end; wall time from start to exit, peak RSS from ``wait4``."""
    shown = command[1:] if command[0] == sys.executable else command
    log(f"{name}: {' '.join(shown)}")
    out = folder / "measured.json"
    subprocess.run([sys.executable, "-c", _LAUNCHER, str(out), *command], check=True)
    measured = json.loads(out.read_text(encoding="utf-8"))
    if measured["exit_code"]:
        sys.exit(f"benchmarks/dedup.py: {name} failed with exit code {measured['exit_code']}")
    run = Run(name, measured["wall_s"], measured["peak_rss_bytes"])
    log(f"{name}: {run.wall_s:.1f} s, peak RSS {run.peak_rss_bytes / MIB:,.0f} MiB")
    return run


def _child(mode: str, *args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--child", mode, *args]


def run_cleannews(
    corpus: Path, folder: Path, threshold: float, jobs: int | None, profile: Path | None = None
) -> tuple[Run, list[list[int]]]:
    """The command-line tool's run (``jobs`` processes, None: its default) and its clusters as
    lists of 1-based lines, read from its ``--report``."""
    out = folder / "cleannews_report.jsonl"
    arguments = ["dedup", str(corpus), "--report", str(out), "--boilerplate", "off", "-q"]
    arguments += ["--lsh-threshold", str(threshold)] + (["--jobs", str(jobs)] if jobs else [])
    command = [sys.executable, "-m", "cleannews", *arguments]
    if profile is not None:
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "cleannews", *arguments]
    name = f"cleannews --jobs {jobs or os.cpu_count()}" + (" under cProfile" if profile else "")
    run = measure(name, command, folder)
    clusters = []
    with out.open(encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            clusters.append([cluster["representative"]["line"]] + [d["line"] for d in cluster["duplicates"]])
    return run, clusters


def run_datasketch(corpus: Path, folder: Path, threshold: float) -> tuple[Run, I64]:
    """The datasketch run and its candidate pairs of 1-based lines, shape (pairs, 2)."""
    out = folder / "datasketch_pairs.npy"
    run = measure("datasketch", _child("datasketch", str(corpus), str(out), str(threshold)), folder)
    run.details = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return run, np.load(out)


def run_verify(corpus: Path, folder: Path, pairs: Path) -> tuple[Run, I64]:
    """rapidfuzz verification of datasketch's candidates, as cleannews verifies its own."""
    out = folder / "verified_pairs.npy"
    run = measure("datasketch + verify", _child("verify", str(corpus), str(pairs), str(out)), folder)
    return run, np.load(out)


# --- child processes: only these are timed -----------------------------------


def _token_sets(corpus: str) -> Iterator[set[bytes]]:
    with Path(corpus).open(encoding="utf-8") as handle:
        for line in handle:
            yield {word.encode("utf-8") for word in matching_text(json.loads(line)["text"]).split()}


def child_datasketch(corpus: str, out: str, threshold: str) -> None:
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    minhashes = list(MinHash.generator(_token_sets(corpus), num_perm=128))
    signed = time.perf_counter()
    lsh = MinHashLSH(threshold=float(threshold), num_perm=128)
    with lsh.insertion_session() as session:
        for key, minhash in enumerate(minhashes):
            session.insert(key, minhash)
    inserted = time.perf_counter()
    lefts: list[int] = []
    rights: list[int] = []
    for key, minhash in enumerate(minhashes):
        for other in lsh.query(minhash):
            if other > key:
                lefts.append(key)
                rights.append(other)
    queried = time.perf_counter()
    pairs = np.stack((np.array(lefts, dtype=np.int64), np.array(rights, dtype=np.int64)), axis=1) + 1
    np.save(out, pairs)
    details = {
        "read_tokenise_minhash_s": signed - start,
        "insert_s": inserted - signed,
        "query_s": queried - inserted,
        "bands": lsh.b,
        "rows": lsh.r,
    }
    Path(out).with_suffix(".json").write_text(json.dumps(details), encoding="utf-8")


def child_verify(corpus: str, pairs_path: str, out: str) -> None:
    from cleannews.corpus.verify import prepare, verify_pairs

    pairs = np.load(pairs_path)
    wanted = set(pairs.ravel().tolist())
    raw = {}
    with Path(corpus).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if number in wanted:
                raw[number] = json.loads(line)["text"]
    rules = MatchSettings().rules  # the checks cleannews makes, containment and figures included
    texts = dict(zip(raw, prepare(list(raw.values()), words=rules.words), strict=True))
    passed = verify_pairs(pairs[:, 0].tolist(), pairs[:, 1].tolist(), texts, rules)
    verified = np.stack((passed.left, passed.right), axis=1).reshape(-1, 2)
    np.save(out, verified)


CHILDREN = {"datasketch": child_datasketch, "verify": child_verify}


# --- scoring ----------------------------------------------------------------


@dataclass
class Score:
    found: int
    true: int
    planted: int

    @property
    def recall(self) -> float:
        return self.true / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.true / self.found if self.found else 1.0


def _pairs_within(counts: I64) -> int:
    return int((counts * (counts - 1) // 2).sum())


def score_clusters(clusters: Sequence[Sequence[int]], origin: I64, planted: int) -> Score:
    """Pairs within clusters (never listed: a big cluster would have millions) against planted pairs."""
    found = true = 0
    for members in clusters:
        origins = origin[np.asarray(members, dtype=np.int64) - 1]
        found += len(members) * (len(members) - 1) // 2
        true += _pairs_within(np.unique(origins, return_counts=True)[1])
    return Score(found, true, planted)


def score_pairs(pairs: I64, origin: I64, planted: int) -> Score:
    true = int((origin[pairs[:, 0] - 1] == origin[pairs[:, 1] - 1]).sum()) if len(pairs) else 0
    return Score(len(pairs), true, planted)


def recall_by_size(clusters: Sequence[Sequence[int]], corpus: Corpus) -> dict[str, tuple[int, int]]:
    """(found, planted) pairs by the number of sentences of the base paragraph."""
    found: Counter[int] = Counter()
    for members in clusters:
        origins, counts = np.unique(
            corpus.origin[np.asarray(members, dtype=np.int64) - 1], return_counts=True
        )
        for origin, count in zip(origins.tolist(), counts.tolist(), strict=True):
            found[len(corpus.parts[origin])] += count * (count - 1) // 2
    planted: Counter[int] = Counter()
    origins, counts = np.unique(corpus.origin, return_counts=True)
    for origin, count in zip(origins.tolist(), counts.tolist(), strict=True):
        planted[len(corpus.parts[origin])] += count * (count - 1) // 2
    label = {1: "1 sentence", 2: "2 sentences"}
    result: dict[str, list[int]] = {}
    for size in sorted(planted):
        key = label.get(size, "3-5 sentences")
        entry = result.setdefault(key, [0, 0])
        entry[0] += found[size]
        entry[1] += planted[size]
    return {key: (value[0], value[1]) for key, value in result.items()}


@dataclass
class MixedClusters:
    """Clusters that join lines of different base paragraphs: the false positives."""

    clusters: int = 0
    false_pairs: int = 0
    sharing_a_sentence: int = 0
    """Of ``clusters``, those where two of the base paragraphs share a pool sentence."""
    examples: list[list[int]] = field(default_factory=list)


def mixed_clusters(clusters: Sequence[Sequence[int]], corpus: Corpus, examples: int = 5) -> MixedClusters:
    mixed = MixedClusters()
    for members in clusters:
        origins, counts = np.unique(
            corpus.origin[np.asarray(members, dtype=np.int64) - 1], return_counts=True
        )
        if len(origins) < 2:
            continue
        mixed.clusters += 1
        mixed.false_pairs += len(members) * (len(members) - 1) // 2 - _pairs_within(counts)
        sentences = Counter(s for origin in origins.tolist() for s in set(corpus.parts[origin]))
        if any(count > 1 for count in sentences.values()):
            mixed.sharing_a_sentence += 1
        if len(mixed.examples) < examples:
            mixed.examples.append(list(members))
    return mixed


def missed_pairs(clusters: Sequence[Sequence[int]], corpus: Corpus, limit: int = 5) -> list[tuple[int, int]]:
    """A few planted pairs cleannews did not put in one cluster."""
    cluster_of = {}
    for number, members in enumerate(clusters):
        for member in members:
            cluster_of[member] = number
    missed = []
    for left, right in corpus.planted_pairs():
        if cluster_of.get(left, -left) != cluster_of.get(right, -right):
            missed.append((left, right))
            if len(missed) == limit:
                break
    return missed


# --- report -----------------------------------------------------------------


def format_table(rows: Sequence[tuple[str, Run | None, Score]]) -> str:
    header = f"{'run':<24}{'wall s':>9}{'peak RSS MiB':>14}{'pairs found':>13}{'recall':>9}{'precision':>11}"
    lines = [header, "-" * len(header)]
    for name, run, score in rows:
        wall = f"{run.wall_s:>9.1f}" if run else f"{'':>9}"
        rss = f"{run.peak_rss_bytes / MIB:>14,.0f}" if run else f"{'':>14}"
        lines.append(f"{name:<24}{wall}{rss}{score.found:>13,}{score.recall:>9.4f}{score.precision:>11.4f}")
    return "\n".join(lines)


def format_targets(cleannews: Run, score: Score, datasketch: Run) -> tuple[str, dict[str, bool]]:
    speedup = datasketch.wall_s / cleannews.wall_s
    met = {
        "recall": score.recall >= TARGET_RECALL,
        "precision": score.precision >= TARGET_PRECISION,
        "speed": speedup >= TARGET_SPEEDUP,
        "rss": cleannews.peak_rss_bytes < TARGET_RSS_BYTES,
    }

    def mark(key: str) -> str:
        return "met" if met[key] else "NOT MET"

    text = (
        f"targets: recall {score.recall:.4f} >= {TARGET_RECALL} {mark('recall')}; "
        f"precision {score.precision:.4f} >= {TARGET_PRECISION} {mark('precision')}; "
        f"speed {speedup:.1f}x >= {TARGET_SPEEDUP:.0f}x {mark('speed')}; "
        f"peak RSS {cleannews.peak_rss_bytes / MIB:,.0f} MiB < {TARGET_RSS_BYTES // MIB:,} MiB {mark('rss')}"
    )
    return text, met


def describe_mixed(mixed: MixedClusters, corpus: Corpus, path: Path) -> str:
    lines = [
        f"{mixed.clusters:,} clusters join lines of different base paragraphs "
        f"({mixed.false_pairs:,} false pairs); in {mixed.sharing_a_sentence:,} of them two base "
        "paragraphs share a pool sentence (generator), in the others they share none."
    ]
    wanted = {line for members in mixed.examples for line in members[:6]}
    texts = read_lines(path, wanted)
    for members in mixed.examples:
        lines.append(f"  cluster of {len(members)} lines:")
        for line in members[:6]:
            origin = int(corpus.origin[line - 1])
            text = texts[line]
            shown = text if len(text) <= 300 else text[:297] + "..."
            lines.append(f"    line {line} (base paragraph at line {origin + 1}): {shown}")
    return "\n".join(lines)


def describe_missed(missed: Sequence[tuple[int, int]], path: Path) -> str:
    from rapidfuzz.fuzz import ratio

    texts = read_lines(path, {line for pair in missed for line in pair})
    lines = ["a few planted pairs cleannews missed (matching-text fuzz.ratio):"]
    for left, right in missed:
        score = ratio(matching_text(texts[left]), matching_text(texts[right]))
        lines.append(f"  lines {left} and {right}, ratio {score:.1f}:")
        lines.append(f"    {texts[left]}")
        lines.append(f"    {texts[right]}")
    return "\n".join(lines)


def versions() -> dict[str, str]:
    import datasketch
    import rapidfuzz

    import cleannews

    return {
        "python": platform.python_version(),
        "cleannews": cleannews.__version__,
        "datasketch": datasketch.__version__,
        "rapidfuzz": rapidfuzz.__version__,
        "numpy": np.__version__,
        "cleannews_commit": _commit(),
    }


def _commit() -> str:
    """The checkout's commit, marked when ``cleannews/corpus`` has uncommitted changes."""
    here = Path(__file__).resolve().parents[1]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=here, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "cleannews/corpus"], cwd=here, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" + uncommitted changes in cleannews/corpus" if dirty else "")


def print_profile(path: Path, limit: int = 30) -> None:
    import pstats

    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="gzipped Reuters JSONL")
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--paragraphs", type=int, default=DEFAULT_PARAGRAPHS, help="lines in the corpus (default: 1,000,000)"
    )
    size.add_argument(
        "--quick", action="store_const", dest="paragraphs", const=QUICK_PARAGRAPHS, help="100,000 paragraphs"
    )
    parser.add_argument("--seed", type=int, default=1987, help="seed of the corpus (default: 1987)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the numbers here")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the corpus here and keep it")
    parser.add_argument(
        "--lsh-threshold",
        type=float,
        metavar="T",
        help=f"LSH Jaccard threshold of both tools (default: cleannews', {MatchSettings().lsh_threshold})",
    )
    parser.add_argument("--no-verify", action="store_true", help="skip verifying datasketch's candidates")
    parser.add_argument(
        "--boilerplate-heavy",
        type=int,
        metavar="RECORDS",
        help="measure --boilerplate remove on RECORDS documents, 93%% with a footer (see above)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="afterwards, run cleannews once more under cProfile and print it",
    )
    return parser.parse_args(argv)


# --- boilerplate-heavy corpus ------------------------------------------------

FOOTERS = (
    "For the latest news and analysis on markets and companies, follow Reuters Business on Twitter "
    "and sign up for our daily newsletter, delivered every weekday morning.",
    "For the latest news and analysis on markets and companies, follow Reuters Business on Twitter "
    "and sign up for our free daily newsletter, delivered every weekday morning.",
    "For the latest news and analysis of markets and companies, follow Reuters Business on Twitter "
    "and sign up to our daily newsletter, delivered each weekday morning.",
    "For the latest news and analysis on markets and companies follow Reuters Business on Twitter, "
    "and sign up for our daily newsletter delivered every weekday morning!",
)
FOOTER_SHARE = 0.93
MIN_BOILERPLATE_CHARS = 60
RECURRENCE = 10
"""Documents per paragraph aimed at (200,000 records use the whole pool: about 15)."""


def boilerplate_corpus(data: Path, records: int, seed: int, path: Path) -> None:
    """Write the ``--boilerplate-heavy`` corpus: titles and Reuters paragraphs, most with a footer."""
    rng = random.Random(seed)
    paragraphs: dict[str, None] = {}
    titles = []
    with gzip.open(data, "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            titles.append(" ".join(str(article.get("title") or "").split()))
            for paragraph in article["paras"]:
                text = " ".join(paragraph.split())
                if len(text) >= MIN_BOILERPLATE_CHARS:
                    paragraphs[text] = None
    pool = list(paragraphs)
    rng.shuffle(pool)
    del pool[max(2, records * 7 // RECURRENCE) :]  # smaller corpora: paragraphs recur as often
    with path.open("w", encoding="utf-8") as out:
        for number in range(records):
            body = rng.sample(pool, rng.randint(5, 9))
            if rng.random() < FOOTER_SHARE:
                body.append(rng.choice(FOOTERS))
            record = {"id": number, "title": rng.choice(titles), "text": "\n\n".join(body)}
            out.write(json.dumps(record) + "\n")


def _digest(paths: Sequence[Path]) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def boilerplate_benchmark(args: argparse.Namespace, folder: Path) -> int:
    """The ``--boilerplate-heavy`` run: wall time, peak RSS and a digest of the results."""
    corpus = folder / "boilerplate.jsonl"
    if not corpus.is_file():
        log(f"writing {args.boilerplate_heavy:,} records to {corpus}")
        boilerplate_corpus(args.data, args.boilerplate_heavy, args.seed, corpus)
    size = corpus.stat().st_size / 1e6
    print(f"corpus: {args.boilerplate_heavy:,} records, {size:,.0f} MB; seed {args.seed}")
    for mode in ("remove", "off"):
        out, report = folder / f"out-{mode}", folder / f"report-{mode}.jsonl"
        arguments = ["dedup", str(corpus), "--boilerplate", mode, "--jobs", "1", "-q"]
        arguments += ["--report", str(report)]
        arguments += ["--out", str(out)] if mode == "remove" else []
        run = measure(f"--boilerplate {mode}", [sys.executable, "-m", "cleannews", *arguments], folder)
        written = sorted(out.iterdir()) if mode == "remove" else []
        kinds = Counter(json.loads(line)["kind"] for line in report.open(encoding="utf-8"))
        print(
            f"--boilerplate {mode:<6} {run.wall_s:7.1f} s  peak RSS {run.peak_rss_bytes / MIB:6,.0f} MiB  "
            f"report {dict(sorted(kinds.items()))}  digest {_digest([report, *written])}"
        )
    return 0


def run_child(argv: list[str], children: dict[str, Callable[..., None]]) -> bool:
    """Run ``--child NAME ARGS...``, a tool measured in a process of its own;
    False for any other command line."""
    if argv[:1] != ["--child"]:
        return False
    children[argv[1]](*argv[2:])
    return True


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if run_child(argv, CHILDREN):
        return 0
    args = parse_args(argv)
    if args.paragraphs < 2:
        sys.exit("--paragraphs must be at least 2")
    if not args.data.is_file():
        sys.exit(
            f"benchmarks/dedup.py: no Reuters sample at {args.data} (the benchmarks read ../shared/perf/)"
        )
    settings = MatchSettings()
    if args.lsh_threshold is not None:
        settings = MatchSettings(lsh_threshold=args.lsh_threshold)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        folder = args.keep
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="cleannews-dedup-bench-")
        folder = Path(cleanup.name)
    try:
        if args.boilerplate_heavy:
            return boilerplate_benchmark(args, folder)
        return benchmark(args, settings, folder)
    finally:
        if cleanup is not None:
            cleanup.cleanup()


def benchmark(args: argparse.Namespace, settings: MatchSettings, folder: Path) -> int:
    threshold = settings.lsh_threshold
    info = versions()  # before the runs: others may be editing the checkout meanwhile
    start = time.perf_counter()
    log(f"reading sentences from {args.data}")
    pool, pool_stats = screen_sentences(read_sentences(args.data))
    log(
        f"sentence pool: {pool_stats.kept:,} of {pool_stats.sentences:,} (dropped: same words "
        f"{pool_stats.same_words:,}, same first/last words {pool_stats.same_edge:,}, "
        f"near-copy {pool_stats.near_copy:,})"
    )
    corpus = generate(pool, args.paragraphs, args.seed)
    path, planted = write_corpus(corpus, folder)
    size_counts = Counter(len(parts) for parts in corpus.parts.values())
    group_sizes = Counter(corpus.group_sizes().tolist())
    corpus_bytes = path.stat().st_size
    log(f"corpus: {path} ({corpus_bytes / 1e6:,.0f} MB) in {time.perf_counter() - start:.0f} s")
    texts_count = len(corpus.texts)
    corpus.texts = []  # the children read the file; the parent needs only the origins

    cleannews_run, clusters = run_cleannews(path, folder, threshold, jobs=1)
    parallel_run, parallel_clusters = run_cleannews(path, folder, threshold, jobs=None)
    if sorted(parallel_clusters) != sorted(clusters):
        sys.exit("benchmarks/dedup.py: cleannews found different clusters with several processes")
    datasketch_run, candidates = run_datasketch(path, folder, threshold)
    verify_run = verified = None
    if not args.no_verify:
        verify_run, verified = run_verify(path, folder, folder / "datasketch_pairs.npy")
    profile = folder / "cleannews.prof" if args.profile else None
    if profile is not None:
        run_cleannews(path, folder, threshold, 1, profile)

    cleannews_score = score_clusters(clusters, corpus.origin, planted)
    datasketch_score = score_pairs(candidates, corpus.origin, planted)
    rows: list[tuple[str, Run | None, Score]] = [
        ("cleannews --jobs 1", cleannews_run, cleannews_score),
        (f"cleannews --jobs {os.cpu_count()}", parallel_run, cleannews_score),
        ("datasketch (candidates)", datasketch_run, datasketch_score),
    ]
    verified_score = None
    if verify_run is not None and verified is not None:
        verified_score = score_pairs(verified, corpus.origin, planted)
        combined = Run(
            "datasketch + verify",
            datasketch_run.wall_s + verify_run.wall_s,
            max(datasketch_run.peak_rss_bytes, verify_run.peak_rss_bytes),
        )
        rows.append(("datasketch + verify *", combined, verified_score))

    print(
        f"cleannews {info['cleannews']} ({info['cleannews_commit']}) vs datasketch {info['datasketch']}, "
        f"rapidfuzz {info['rapidfuzz']}, Python {info['python']}, {os.cpu_count()} CPUs; seed {args.seed}"
    )
    sizes = ", ".join(f"{size}: {count:,}" for size, count in _size_rows(size_counts))
    print(
        f"corpus: {texts_count:,} paragraphs ({corpus_bytes / 1e6:,.0f} MB JSONL) from "
        f"{len(pool):,} Reuters sentences; base paragraphs by sentences {sizes}; "
        f"{texts_count - len(corpus.parts):,} planted copies in "
        f"{sum(c for s, c in group_sizes.items() if s > 1):,} groups "
        f"(largest {max(group_sizes)}), {planted:,} planted pairs"
    )
    banding, details = settings.banding, datasketch_run.details
    print(
        f"LSH threshold {threshold}: cleannews {banding.bands} bands x {banding.rows} rows, "
        f"datasketch {details['bands']:.0f} x {details['rows']:.0f}; cleannews verifies with "
        f"fuzz.ratio >= {settings.similarity:g}"
    )
    print()
    print(format_table(rows))
    print(
        "datasketch (candidates): LSH candidate pairs as they are; datasketch does not verify, "
        "and its pairs are not closed into clusters as cleannews' are."
    )
    if verify_run is not None:
        print(
            f"* datasketch + verify: its candidates checked with cleannews' rapidfuzz test in a separate "
            f"process ({verify_run.wall_s:.1f} s, {verify_run.peak_rss_bytes / MIB:,.0f} MiB); "
            "wall is the sum, RSS the larger of the two."
        )
    print(
        f"datasketch phases: read + tokenise + MinHash {details['read_tokenise_minhash_s']:.1f} s, "
        f"insert {details['insert_s']:.1f} s, query {details['query_s']:.1f} s"
    )
    speedup = datasketch_run.wall_s / cleannews_run.wall_s
    print(
        f"speed: cleannews {speedup:.1f}x faster than the datasketch run with one process, "
        f"{datasketch_run.wall_s / parallel_run.wall_s:.1f}x with {os.cpu_count()} (wall time, both from "
        "process start; the targets are judged on the one-process run, as datasketch uses one core)"
    )
    print(
        f"peak RSS of cleannews --jobs {os.cpu_count()}: the largest single process (parent or worker), "
        "not their sum"
    )
    by_size = recall_by_size(clusters, corpus)
    print(
        "cleannews recall by base paragraph: "
        + ", ".join(f"{key} {f / p if p else 1:.4f} ({f:,}/{p:,})" for key, (f, p) in by_size.items())
    )
    targets, met = format_targets(cleannews_run, cleannews_score, datasketch_run)
    print(targets)

    mixed = mixed_clusters(clusters, corpus)
    if not met["precision"] or mixed.clusters:
        print()
        print(describe_mixed(mixed, corpus, path))
    missed = missed_pairs(clusters, corpus) if not met["recall"] else []
    if missed:
        print()
        print(describe_missed(missed, path))
    if profile is not None:
        print()
        print_profile(profile)
    if args.keep:
        print(f"\ncorpus kept in {folder}")

    if args.json:
        payload = {
            "settings": {
                "paragraphs": args.paragraphs,
                "seed": args.seed,
                "data": str(args.data),
                "lsh_threshold": threshold,
                "similarity": settings.similarity,
                "copy_share": COPY_SHARE,
            },
            "versions": info,
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
            "pool": asdict(pool_stats),
            "corpus": {
                "paragraphs": texts_count,
                "bytes": corpus_bytes,
                "base_by_sentences": {str(k): v for k, v in sorted(size_counts.items())},
                "group_sizes": {str(k): v for k, v in sorted(group_sizes.items())},
                "planted_pairs": planted,
                "edits": dict(corpus.edits),
            },
            "runs": {
                name.rstrip(" *"): {
                    **({"wall_s": run.wall_s, "peak_rss_bytes": run.peak_rss_bytes} if run else {}),
                    **({"details": run.details} if run and run.details else {}),
                    "pairs_found": score.found,
                    "pairs_true": score.true,
                    "recall": score.recall,
                    "precision": score.precision,
                }
                for name, run, score in rows
            },
            "cleannews_recall_by_size": {k: {"found": f, "planted": p} for k, (f, p) in by_size.items()},
            "cleannews_mixed_clusters": {
                "clusters": mixed.clusters,
                "false_pairs": mixed.false_pairs,
                "sharing_a_sentence": mixed.sharing_a_sentence,
            },
            "speedup": speedup,
            "targets_met": met,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


def _size_rows(counts: Counter[int]) -> list[tuple[str, int]]:
    return [("1", counts[1]), ("2", counts[2]), ("3-5", sum(c for s, c in counts.items() if s > 2))]


if __name__ == "__main__":
    sys.exit(main())
