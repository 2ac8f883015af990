"""Syndicated copies across whole articles: cleannews dedup next to datasketch (and datatrove).

Why: ``benchmarks/dedup.py`` measures near-copies of paragraphs with small edits. Syndication is
another shape: the same wire story republished with a new headline, a trimmed lead or tail, as an
excerpt, with a byline stamped on, or merged with another story. Issue 13 found cleannews (and
every peer) missing most of these; this script measures them per variant.

Corpus (seeded), built from the Reuters-21578 articles in ``../shared/perf/``: every article as
one document (headline, a blank line, its paragraphs separated by blank lines; ``--separator
line`` joins them with single newlines instead), then planted copies, 20% of the base count,
spread evenly over the variants, each a copy of a random article with a given variant, placed at a
random position:

* ``words``: 1-3 words substituted, deleted or inserted in the body.
* ``headline``: the headline replaced by another article's.
* ``tail``: the last paragraph left out (articles of 3 or more paragraphs).
* ``lead``: the first body paragraph (the dateline lead) left out (3 or more paragraphs).
* ``excerpt``: the headline and the first half of the body's words.
* ``byline``: a boilerplate line appended ("Reporting by ...; Editing by ...", one of a few).
* ``merged``: another random article's body appended (the copy is related to both).

``--documents N`` above the number of articles adds recombined articles (a headline and the
first 1-4 paragraphs of each of 2-4 random articles) until there are N base documents; such an
article is related to the articles it was made of, and to the documents made of one of them.

Truth: each document has origins (an article: itself; a copy: its article; a merged copy: both
articles). Reuters itself re-sends stories: base articles whose bodies have the same words, or the
same figures (digit runs, not empty) and word-set Jaccard >= 0.8, share origins too. Anything else
reported is false, template reports with other figures included ("crude stocks rose 2.1 mln
barrels" one week, 3.4 the next).

Scores:

* recall per variant: the share of planted copies put in the same cluster as one of their origins
  (for datasketch, which has no clusters: proposed as a pair with one of them), or as a base
  document that prints every paragraph of the copy word for word, in order (at 200k, a recombined
  story that begins with an article's headline and paragraphs holds an excerpt of it as wholly as
  the article does); the recall with their own origin only is printed too;
* precision: of the relations a tool reports (cleannews: each duplicate with its cluster's
  representative, what ``--out`` acts on; datasketch: its candidate pairs), the share that are true.

Each tool runs in its own process, timed from start to exit, peak RSS from ``wait4`` (the launcher
of ``benchmarks/dedup.py``). The machine may be shared: compare tools within one run only.

Run from the repository root::

    python benchmarks/syndication.py                     # 19,043 articles + copies
    python benchmarks/syndication.py --documents 200000  # recombined to 200k base documents
    python benchmarks/syndication.py --cleannews-args="--lsh-threshold 0.6"
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shlex
import struct
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedup import MIB, Run, measure, run_child  # the same launcher and units

from cleannews.corpus.tokens import matching_text

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "perf" / "reuters21578_docs.jsonl.gz"
COPY_SHARE = 0.2
VARIANTS = ("words", "headline", "tail", "lead", "excerpt", "byline", "merged")
BYLINES = (
    "Reporting by Jane Smith in London; Editing by Mark Potter",
    "Reporting by David Brunnstrom; Additional reporting by Lisa Lambert; Editing by Susan Thomas",
    "Writing by Peter Graff; Editing by Kevin Liffey and Alison Williams",
)
REPEAT_JACCARD = 0.5
LEAD_WORDS = 12
"""Articles whose bodies start with the same 12 words (dateline included) are one story re-sent."""
TARGET_RECALL, TARGET_MERGED_RECALL, TARGET_PRECISION = 0.95, 0.8, 0.99
_DIGITS = re.compile(r"\d+")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Article:
    title: str
    paras: list[str]
    sources: tuple[int, ...] = ()
    """For a recombined article, the articles its paragraphs come from."""


@dataclass
class Corpus:
    texts: list[str] = field(default_factory=list)
    origins: list[tuple[int, ...]] = field(default_factory=list)
    """Each document's origins: indices of base documents."""
    variant: list[str] = field(default_factory=list)
    """"base", or the variant of a planted copy."""


def read_articles(path: Path) -> list[Article]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [Article(r["title"], [p for p in r["paras"] if p.strip()]) for r in map(json.loads, handle)]


def recombined(articles: Sequence[Article], count: int, rng: random.Random) -> list[Article]:
    """``count`` more articles: a headline and the paragraphs of 2-4 random articles."""
    made = []
    for _ in range(count):
        parts = rng.sample(range(len(articles)), rng.randint(2, 4))
        paras = [p for index in parts for p in articles[index].paras[: rng.randint(1, 4)]]
        made.append(Article(articles[parts[0]].title, paras, tuple(parts)))
    return made


def _text(title: str, paras: Sequence[str], separator: str) -> str:
    return separator.join([title, *paras])


def _edited(paras: list[str], rng: random.Random, words: Sequence[str]) -> list[str]:
    paras = [p.split(" ") for p in paras]
    for _ in range(rng.randint(1, 3)):
        para = paras[rng.randrange(len(paras))]
        at = rng.randrange(len(para))
        kind = rng.choice(("substitute", "delete", "insert"))
        if kind == "delete" and len(para) > 4:
            del para[at]
        elif kind == "insert":
            para.insert(at, rng.choice(words))
        else:
            para[at] = rng.choice(words)
    return [" ".join(p) for p in paras]


def _copy(
    variant: str, article: Article, articles: Sequence[Article], rng: random.Random, words: Sequence[str]
) -> tuple[str, list[str], int | None]:
    """The headline and paragraphs of a copy, and the other article merged into it (if any)."""
    title, paras = article.title, list(article.paras)
    if variant == "words":
        paras = _edited(paras, rng, words)
    elif variant == "headline":
        title = articles[rng.randrange(len(articles))].title
    elif variant == "tail":
        paras = paras[:-1]
    elif variant == "lead":
        paras = paras[1:]
    elif variant == "excerpt":
        body = " ".join(paras).split(" ")
        kept, total = [], len(body) // 2
        for para in paras:
            tokens = para.split(" ")
            kept.append(" ".join(tokens[: total - sum(len(k.split(" ")) for k in kept)]))
            if sum(len(k.split(" ")) for k in kept) >= total:
                break
        paras = [k for k in kept if k]
    elif variant == "byline":
        paras = [*paras, rng.choice(BYLINES)]
    elif variant == "merged":
        other = rng.randrange(len(articles))
        return title, paras + articles[other].paras, other
    return title, paras, None


def generate(articles: Sequence[Article], seed: int, separator: str) -> Corpus:
    rng = random.Random(seed)
    vocabulary = sorted({w for a in articles[:2000] for p in a.paras for w in p.split() if w.isalpha()})
    copies = round(COPY_SHARE * len(articles))
    long_enough = [i for i, a in enumerate(articles) if len(a.paras) >= 3]
    with_body = [i for i, a in enumerate(articles) if a.paras]
    planted: list[tuple[str, list[str], tuple[int, ...], str]] = []
    for number in range(copies):
        variant = VARIANTS[number % len(VARIANTS)]
        pool = long_enough if variant in ("tail", "lead", "excerpt") else with_body
        index = rng.choice(pool)
        title, paras, other = _copy(variant, articles[index], articles, rng, vocabulary)
        if other is not None and other == index:
            other = None
        origins = (index,) if other is None else (index, other)
        planted.append((title, paras, origins, variant))
    corpus = Corpus()
    for index, article in enumerate(articles):
        corpus.texts.append(_text(article.title, article.paras, separator))
        corpus.origins.append((index,))
        corpus.variant.append("base")
    for title, paras, origins, variant in planted:
        at = rng.randrange(len(corpus.texts) + 1)
        corpus.texts.insert(at, _text(title, paras, separator))
        corpus.origins.insert(at, origins)
        corpus.variant.insert(at, variant)
    return corpus


# --- truth ------------------------------------------------------------------------------------------


class Truth:
    """Which base documents are one story (Reuters' own repeats), and which documents are related."""

    def __init__(self, corpus: Corpus, articles: Sequence[Article]) -> None:
        self.group = list(range(len(articles)))
        bodies: dict[str, int] = {}
        by_figures: dict[tuple[str, ...], list[int]] = {}
        for index, article in enumerate(articles):
            body = matching_text(" ".join(article.paras))
            lead = " ".join(body.split()[:LEAD_WORDS])
            for key in (body, lead) if len(lead.split()) == LEAD_WORDS else (body,):
                if key in bodies:
                    self._join(index, bodies[key])
                bodies.setdefault(key, index)
            figures = tuple(_DIGITS.findall(body))
            if figures:
                by_figures.setdefault(figures, []).append(index)
        for members in by_figures.values():
            words = {m: set(matching_text(" ".join(articles[m].paras)).split()) for m in members}
            for i, left in enumerate(members):
                for right in members[i + 1 :]:
                    a, b = words[left], words[right]
                    if a and b and len(a & b) / len(a | b) >= REPEAT_JACCARD:
                        self._join(left, right)
        # A recombined article is related to the articles it was made of (and so to the others
        # made of one of them): it shares their paragraphs.
        stories = [article.sources or (index,) for index, article in enumerate(articles)]
        self.origins = [
            frozenset(self._find(story) for o in origins for story in stories[o])
            for origins in corpus.origins
        ]

    def _find(self, item: int) -> int:
        while self.group[item] != item:
            self.group[item] = self.group[self.group[item]]
            item = self.group[item]
        return item

    def _join(self, left: int, right: int) -> None:
        a, b = self._find(left), self._find(right)
        if a != b:
            self.group[max(a, b)] = min(a, b)

    def related(self, left: int, right: int) -> bool:
        """Documents (0-based lines) with a common origin."""
        return bool(self.origins[left] & self.origins[right])


@dataclass
class Score:
    found: Counter[str] = field(default_factory=Counter)
    """Copies in one cluster with an origin, or with a base document that holds them verbatim."""
    with_origin: Counter[str] = field(default_factory=Counter)
    """Copies in one cluster with an origin (the stricter count)."""
    planted: Counter[str] = field(default_factory=Counter)
    relations: int = 0
    true: int = 0
    false_base: int = 0
    """False relations between two base documents (templates with other figures, mostly)."""

    @property
    def precision(self) -> float:
        return self.true / self.relations if self.relations else 1.0

    def recall(self, variant: str | None = None) -> float:
        if variant is None:
            planted = sum(self.planted.values())
            return sum(self.found.values()) / planted if planted else 1.0
        return self.found[variant] / self.planted[variant] if self.planted[variant] else 1.0

    def recall_with_origin(self, variant: str) -> float:
        return self.with_origin[variant] / self.planted[variant] if self.planted[variant] else 1.0


def score(
    corpus: Corpus, truth: Truth, relations: Iterator[tuple[int, int]], groups: list[set[int]]
) -> Score:
    """``relations``: pairs of 0-based lines a tool reports; ``groups``: what it put together."""
    result = Score()
    for left, right in relations:
        result.relations += 1
        if truth.related(left, right):
            result.true += 1
        elif corpus.variant[left] == "base" and corpus.variant[right] == "base":
            result.false_base += 1
    group_of: dict[int, int] = {}
    for number, members in enumerate(groups):
        for member in members:
            group_of.setdefault(member, number)
    base_line = {}
    for line, variant in enumerate(corpus.variant):
        if variant == "base":
            base_line[corpus.origins[line][0]] = line
    for line, variant in enumerate(corpus.variant):
        if variant == "base":
            continue
        result.planted[variant] += 1
        group = group_of.get(line)
        if group is None:
            continue
        if any(group_of.get(base_line[o]) == group for o in corpus.origins[line]):
            result.found[variant] += 1
            result.with_origin[variant] += 1
        elif any(
            corpus.variant[other] == "base" and holds_verbatim(corpus.texts[other], corpus.texts[line])
            for other in groups[group]
        ):
            result.found[variant] += 1
    return result


def holds_verbatim(container: str, copy: str) -> bool:
    """Whether ``container`` prints every paragraph of ``copy``, word for word and in order.

    Why: a recombined story that begins with an article's headline and paragraphs holds an
    excerpt of that article (or of another story beginning the same way) as wholly as the
    excerpt's own original does, so nothing in the texts tells the two apart; a copy clustered
    with such a document is found (it is a duplicate of what is kept), and the table says how
    many were found that way.
    """
    words = " " + " ".join(container.split()) + " "
    at = 0
    for paragraph in copy.splitlines():
        if not paragraph.strip():
            continue
        found = words.find(" " + " ".join(paragraph.split()) + " ", at)
        if found < 0:
            return False
        at = found + 1
    return True


# --- runs ---------------------------------------------------------------------------------------------


def run_cleannews(path: Path, folder: Path, extra: Sequence[str]) -> tuple[Run, list[list[int]]]:
    report = folder / "report.jsonl"
    command = [sys.executable, "-m", "cleannews", "dedup", str(path), "--report", str(report)]
    command += ["--boilerplate", "off", "-q", *extra]
    run = measure("cleannews", command, folder)
    clusters = []
    for line in report.read_text(encoding="utf-8").splitlines():
        found = json.loads(line)
        if found["kind"] == "documents":
            lines = [found["representative"]["line"]] + [d["line"] for d in found["duplicates"]]
            clusters.append([line - 1 for line in lines])
    return run, clusters


def _child(mode: str, *args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--child", mode, *args]


def child_datasketch(corpus: str, out: str, threshold: str, ngram: str) -> None:
    """datasketch MinHashLSH on word n-grams: every text inserted, then queried."""
    from datasketch import MinHash, MinHashLSH

    size = int(ngram)

    def shingles() -> Iterator[set[bytes]]:
        with Path(corpus).open(encoding="utf-8") as handle:
            for line in handle:
                words = matching_text(json.loads(line)["text"]).split()
                grams = {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}
                yield {gram.encode("utf-8") for gram in grams}

    minhashes = list(MinHash.generator(shingles(), num_perm=128))
    lsh = MinHashLSH(threshold=float(threshold), num_perm=128)
    with lsh.insertion_session() as session:
        for key, minhash in enumerate(minhashes):
            session.insert(key, minhash)
    with Path(out).open("w", encoding="utf-8") as handle:
        for key, minhash in enumerate(minhashes):
            for other in lsh.query(minhash):
                if other > key:
                    handle.write(f"{key}\t{other}\n")


_DATATROVE = """
import json, struct, sys
from loguru import logger
logger.remove()  # its progress logs would bury the table
from pathlib import Path
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupSignature)
from datatrove.pipeline.readers import JsonlReader
corpus, work = Path(sys.argv[1]), sys.argv[2]
config = MinhashConfig()  # its defaults: word 5-grams, 14 buckets x 8 hashes
reader = JsonlReader(str(corpus.parent), glob_pattern=corpus.name, id_key="n")
def run(pipeline, tasks, name):
    LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=1,
                          logging_dir=f"{work}/logs/{name}").run()
run([reader, MinhashDedupSignature(output_folder=f"{work}/sigs", config=config)], 1, "sigs")
run([MinhashDedupBuckets(input_folder=f"{work}/sigs", output_folder=f"{work}/buckets", config=config)],
    config.num_buckets, "buckets")
run([MinhashDedupCluster(input_folder=f"{work}/buckets", output_folder=f"{work}/ids", config=config,
                         save_cluster_id=True)], 1, "clusters")
"""


def run_datatrove(path: Path, folder: Path, python: str) -> tuple[Run, list[list[int]]]:
    """datatrove's MinHash dedup (its defaults) in its own interpreter; its clusters, by line.

    It writes, per input file, (document index, cluster id) pairs and the documents to remove;
    the one member of a cluster not removed is its representative.
    """
    work = folder / "datatrove"
    script = folder / "datatrove_run.py"
    script.write_text(_DATATROVE, encoding="utf-8")
    run = measure("datatrove", [python, str(script), str(path), str(work)], folder)
    members: dict[int, list[int]] = {}
    for name in sorted((work / "ids").glob("*.clusters")):
        values = struct.unpack(f"<{name.stat().st_size // 4}I", name.read_bytes())
        for document, cluster in zip(values[::2], values[1::2], strict=True):
            members.setdefault(cluster, []).append(document)
    removed: set[int] = set()
    for name in sorted((work / "ids").glob("*.remove")):
        removed.update(struct.unpack(f"<{name.stat().st_size // 4}I", name.read_bytes()))
    clusters = []
    for group in members.values():
        kept = [document for document in group if document not in removed]
        rest = sorted(document for document in group if document not in kept[:1])
        clusters.append(kept[:1] + rest)
    return run, clusters


CHILDREN = {"datasketch": child_datasketch}


def run_datasketch(
    path: Path, folder: Path, threshold: float, ngram: int
) -> tuple[Run, list[tuple[int, int]]]:
    out = folder / f"datasketch_{ngram}.tsv"
    run = measure(
        f"datasketch {ngram}-gram",
        _child("datasketch", str(path), str(out), str(threshold), str(ngram)),
        folder,
    )
    pairs = [(int(a), int(b)) for a, b in (line.split("\t") for line in out.read_text().splitlines())]
    return run, pairs


def write_corpus(corpus: Corpus, path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for number, text in enumerate(corpus.texts):
            handle.write(json.dumps({"n": number, "text": text}, ensure_ascii=False) + "\n")


# --- the run ------------------------------------------------------------------------------------------


def relations_of(clusters: Sequence[Sequence[int]]) -> Iterator[tuple[int, int]]:
    """Each member with its cluster's representative (the first)."""
    for members in clusters:
        for member in members[1:]:
            yield members[0], member


def table(rows: Sequence[tuple[str, Run | None, Score]]) -> str:
    header = f"{'tool':<30}{'wall s':>8}{'RSS MiB':>9}{'relations':>10}{'precision':>10}{'recall':>8}"
    header += "".join(f"{variant:>9}" for variant in VARIANTS)
    lines = [header, "-" * len(header)]
    for name, run, result in rows:
        wall = f"{run.wall_s:>8.1f}{run.peak_rss_bytes / MIB:>9,.0f}" if run else f"{'':>17}"
        line = f"{name:<30}{wall}{result.relations:>10,}{result.precision:>10.4f}{result.recall():>8.3f}"
        lines.append(line + "".join(f"{result.recall(variant):>9.3f}" for variant in VARIANTS))
    return "\n".join(lines)


def targets(result: Score) -> str:
    misses = [v for v in VARIANTS if v != "merged" and result.recall(v) < TARGET_RECALL]
    merged = result.recall("merged") >= TARGET_MERGED_RECALL
    return (
        f"targets (cleannews): recall >= {TARGET_RECALL} on every variant but merged: "
        f"{'NOT MET (' + ', '.join(misses) + ')' if misses else 'met'}; "
        f"merged >= {TARGET_MERGED_RECALL}: "
        f"{'met' if merged else 'NOT MET'}; precision {result.precision:.4f} >= {TARGET_PRECISION}: "
        f"{'met' if result.precision >= TARGET_PRECISION else 'NOT MET'}"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="gzipped Reuters JSONL")
    parser.add_argument("--documents", type=int, help="base documents (more than the articles: recombined)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--separator", choices=("blank", "line"), default="blank", help="between paragraphs")
    parser.add_argument("--cleannews-args", default="", help="more options for cleannews dedup")
    parser.add_argument("--lsh-threshold", type=float, default=0.7, help="datasketch's threshold")
    parser.add_argument("--ngram", type=int, default=5, help="datasketch's shingles: word n-grams")
    parser.add_argument("--no-datasketch", action="store_true")
    parser.add_argument(
        "--datatrove-python", metavar="PYTHON", help="an interpreter with datatrove installed (else not run)"
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the corpus and outputs here")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the numbers here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if run_child(argv, CHILDREN):
        return 0
    args = parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return benchmark(args, args.keep)
    with tempfile.TemporaryDirectory(prefix="cleannews-syndication-") as folder:
        return benchmark(args, Path(folder))


def benchmark(args: argparse.Namespace, folder: Path) -> int:
    articles = read_articles(args.data)
    rng = random.Random(args.seed)
    if args.documents and args.documents > len(articles):
        articles += recombined(articles, args.documents - len(articles), rng)
    elif args.documents:
        articles = articles[: args.documents]
    separator = "\n\n" if args.separator == "blank" else "\n"
    corpus = generate(articles, args.seed, separator)
    truth = Truth(corpus, articles)
    path = folder / "corpus.jsonl"
    write_corpus(corpus, path)
    log(f"corpus: {len(corpus.texts):,} documents, {path.stat().st_size / 1e6:,.0f} MB, {path}")

    rows: list[tuple[str, Run | None, Score]] = []
    extra = shlex.split(args.cleannews_args)
    run, clusters = run_cleannews(path, folder, extra)
    name = "cleannews dedup" + (f" {args.cleannews_args}" if extra else "")
    rows.append((name, run, score(corpus, truth, relations_of(clusters), [set(c) for c in clusters])))
    if not args.no_datasketch:
        run, pairs = run_datasketch(path, folder, args.lsh_threshold, args.ngram)
        groups = [set(pair) for pair in pairs]
        rows.append(
            (
                f"datasketch {args.ngram}-gram {args.lsh_threshold}",
                run,
                score(corpus, truth, iter(pairs), groups),
            )
        )
    if args.datatrove_python:
        run, clusters = run_datatrove(path, folder, args.datatrove_python)
        rows.append(
            (
                "datatrove MinHash (defaults)",
                run,
                score(corpus, truth, relations_of(clusters), [set(c) for c in clusters]),
            )
        )

    counts = Counter(corpus.variant)
    print(
        f"corpus: {counts['base']:,} base documents ({args.separator} lines between paragraphs), "
        f"{len(corpus.texts) - counts['base']:,} planted copies, about {counts['words']:,} per variant; "
        f"seed {args.seed}"
    )
    print(table(rows))
    print(
        "recall: planted copies in one cluster with an origin (datasketch: proposed with one) or with a "
        "base document printing all their paragraphs verbatim; precision: "
        "reported relations (member-representative; datasketch: candidate pairs) between related documents."
    )
    for name, _, result in rows:
        print(
            f"{name}: {result.relations - result.true:,} false relations, {result.false_base:,} between two "
            "Reuters articles (templates with other figures, or re-sends the truth does not join)"
        )
    for name, _, result in rows:
        print(
            f"{name}, with their own origin only: "
            + ", ".join(f"{v} {result.recall_with_origin(v):.3f}" for v in VARIANTS)
        )
    if not args.datatrove_python:
        print("datatrove: not run (give --datatrove-python)")
    print(targets(rows[0][2]))
    if args.json:
        payload = {
            name: {
                **({"wall_s": run.wall_s, "peak_rss_bytes": run.peak_rss_bytes} if run else {}),
                "relations": result.relations,
                "precision": result.precision,
                "false_base": result.false_base,
                "recall": result.recall(),
                "recall_by_variant": {v: result.recall(v) for v in VARIANTS},
                "recall_with_origin_by_variant": {v: result.recall_with_origin(v) for v in VARIANTS},
            }
            for name, run, result in rows
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
