"""Throughput of ``cleannews.clean`` next to ``ftfy.fix_text`` on real newswire text.

Why: cleannews runs ftfy (gated to lines that need it) plus its own steps, so
ftfy alone is the natural yardstick. Absolute MB/s swing a lot on a small,
shared machine; the ratio of the two, measured in the same run on the same
articles, is what to compare between versions.

How: each repeat times one pass of ``cleannews.clean`` and one pass of
``ftfy.fix_text`` over every variant (one call per article, alternating which
of the two goes first, GC off while timing) and the best pass of each is kept.
cleannews's caches of per-text work are emptied before each of its passes: a
pass then costs what a corpus of distinct documents costs.

Text: Reuters-21578 articles from ``../shared/perf/reuters21578_docs.jsonl.gz``
(one JSON object per line; the article is ``title``, a blank line, then the
``paras`` separated by blank lines). That wire copy is nearly pure ASCII, so
two derived variants are timed too:

* typographic: straight quotes made curly and `` - `` made `` — ``;
* mojibake: the typographic text with a seeded 10% of its non-blank lines
  (drawn from those with a curly quote or dash, since ASCII cannot break)
  encoded as UTF-8 and decoded as Windows-1252 the way browsers and ftfy do
  (``sloppy-windows-1252``: the five bytes cp1252 leaves undefined become
  U+0080-U+009F). Strict ``cp1252`` with ``errors="replace"`` would turn the
  0x9D in ``”`` into U+FFFD, which no tool can undo.

The script then checks that cleannews repaired every mojibaked line: it counts
lines where ``ftfy.fix_encoding(line) != line`` before and after cleaning.

Other news text, timed as written next to the same ftfy call when the shared
folders are there: the development set's BBC articles
(``../shared/devset/articles/*.txt``, 70% pure ASCII, the rest with ``£``)
and the naive scrapes of real pages (``../shared/natural-dev/cases/*/input.txt``:
hundreds of short lines of menus, captions and list items a page). Wire copy
is the easy case; these are what users feed in too. The BBC articles are also
timed made typographic and with 10% of their lines mojibaked, as Reuters is.

Run from the repository root::

    python benchmarks/throughput.py                 # first 2,000 articles, best of 5
    python benchmarks/throughput.py --articles 0    # all 19,043 articles
    python benchmarks/throughput.py --json out.json # also write the numbers
    python benchmarks/throughput.py --explain       # clean_and_explain instead of clean
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import platform
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # registers the "sloppy-windows-1252" codec

import cleannews

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_DATA = SHARED / "perf" / "reuters21578_docs.jsonl.gz"
BBC_ARTICLES = SHARED / "devset" / "articles"
SCRAPED_PAGES = SHARED / "natural-dev" / "cases"
MOJIBAKE_SHARE = 0.10
MB = 1_000_000

Cleaner = Callable[[str], str]


@dataclass(frozen=True)
class MojibakeStats:
    """How the mojibake variant was made and whether ftfy can undo it."""

    lines: int
    breakable: int
    broken: int
    repairable: int


@dataclass(frozen=True)
class VariantResult:
    """Timings of both cleaners on one variant, in seconds per pass."""

    name: str
    articles: int
    input_bytes: int
    cleannews_times: list[float]
    ftfy_times: list[float]

    @property
    def cleannews_best(self) -> float:
        return min(self.cleannews_times)

    @property
    def ftfy_best(self) -> float:
        return min(self.ftfy_times)

    @property
    def ratio(self) -> float:
        return self.cleannews_best / self.ftfy_best

    def mb_per_s(self, seconds: float) -> float:
        return self.input_bytes / MB / seconds


# --- text -------------------------------------------------------------------


def load_articles(path: Path, limit: int) -> list[str]:
    """The first ``limit`` articles (all when ``limit`` <= 0) as plain text."""
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if 0 < limit <= len(articles):
                break
            record = json.loads(line)
            articles.append("\n\n".join([record["title"], *record["paras"]]) + "\n")
    return articles


def load_folder(paths: Sequence[Path]) -> list[str]:
    """Each file as one text (UTF-8)."""
    return [path.read_text(encoding="utf-8") for path in sorted(paths)]


def other_news(corpus: str, seed: int) -> dict[str, list[str]]:
    """BBC articles (as written, typographic, and with mojibake) and scraped pages, as written,
    when their folders exist."""
    found = {}
    if corpus in ("all", "bbc") and BBC_ARTICLES.is_dir():
        bbc = load_folder(list(BBC_ARTICLES.glob("*.txt")))
        found["BBC articles"] = bbc
        if bbc:
            found["BBC typographic"] = [typographic(a) for a in bbc]
            found["BBC mojibake 10%"] = mojibake_share(found["BBC typographic"], MOJIBAKE_SHARE, seed)[0]
    if corpus in ("all", "pages") and SCRAPED_PAGES.is_dir():
        found["scraped pages"] = load_folder(list(SCRAPED_PAGES.glob("*/input.txt")))
    return {name: texts for name, texts in found.items() if texts}


_OPENS_AFTER = r"(^|[\s(\[{—“‘])"
_OPENING_DOUBLE = re.compile(_OPENS_AFTER + '"', re.MULTILINE)
_OPENING_SINGLE = re.compile(_OPENS_AFTER + "'", re.MULTILINE)


def typographic(text: str) -> str:
    """Curly quotes and em dashes, as a web page would have them.

    >>> typographic('He said "it\\'s \\'fine\\'" - twice.')
    'He said “it’s ‘fine’” — twice.'
    """
    text = text.replace(" - ", " — ")
    text = _OPENING_DOUBLE.sub("\\1“", text).replace('"', "”")
    return _OPENING_SINGLE.sub("\\1‘", text).replace("'", "’")


def mojibake(line: str) -> str:
    """UTF-8 read as Windows-1252: ``don’t`` becomes ``donâ€™t``."""
    return line.encode("utf-8").decode("sloppy-windows-1252")


def mojibake_share(articles: Sequence[str], share: float, seed: int) -> tuple[list[str], MojibakeStats]:
    """Mojibake ``share`` of all non-blank lines across ``articles``, chosen with ``seed``.

    Only lines with a non-ASCII character can break (ASCII reads the same in
    both encodings), so the lines are drawn from those.
    """
    split = [article.split("\n") for article in articles]
    lines = [(a, n) for a, text in enumerate(split) for n, line in enumerate(text) if line.strip()]
    breakable = [(a, n) for a, n in lines if not split[a][n].isascii()]
    wanted = min(round(share * len(lines)), len(breakable))
    repairable = 0
    for a, n in random.Random(seed).sample(breakable, wanted):
        original = split[a][n]
        split[a][n] = mojibake(original)
        repairable += ftfy.fix_encoding(split[a][n]) == original
    stats = MojibakeStats(len(lines), len(breakable), wanted, repairable)
    return ["\n".join(text) for text in split], stats


def count_mojibake_lines(texts: Sequence[str]) -> int:
    """Lines that ftfy would still change: mojibake left in ``texts``."""
    return sum(ftfy.fix_encoding(line) != line for text in texts for line in text.split("\n"))


# --- timing -----------------------------------------------------------------


def time_pass(clean: Cleaner, articles: Sequence[str]) -> float:
    """Seconds for one call per article, garbage collector off."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for article in articles:
            clean(article)
        return time.perf_counter() - start
    finally:
        gc.enable()


def forget_seen_texts() -> None:
    """Empty cleannews's caches of per-text work (``functools.lru_cache`` on keys,
    printings, list shapes), so that each pass sees every article for the first
    time, as a corpus of distinct documents does: the 76 pages' short lines fit
    in those caches, and a second pass over them would find most of its work
    done (on pages, 3.1 ms a page against 5.4 ms, measured 2026-12-06)."""
    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] != "cleannews":
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if info is not None and (info().maxsize or 0) >= _PER_TEXT_CACHE:
                value.cache_clear()


# Caches this large hold per-text work; smaller ones hold a setting or a module.
_PER_TEXT_CACHE = 64


def warm_up(variants: dict[str, list[str]]) -> None:
    """Imports, caches and compiled regexes paid for before any timing."""
    for articles in variants.values():
        for article in articles[:50]:
            cleannews.clean(article)
            ftfy.fix_text(article)


def explained_text(article: str) -> str:
    """cleannews.clean_and_explain, which also flags doubled words (clean() does not look)."""
    return cleannews.clean_and_explain(article).text


def measure(
    variants: dict[str, list[str]], repeats: int, cleaner: Cleaner = cleannews.clean
) -> list[VariantResult]:
    """Best-of-``repeats`` timings, the two cleaners alternating who goes first."""
    times: dict[str, dict[str, list[float]]] = {name: {"cleannews": [], "ftfy": []} for name in variants}
    cleaners: list[tuple[str, Cleaner]] = [("cleannews", cleaner), ("ftfy", ftfy.fix_text)]
    for repeat in range(repeats):
        order = cleaners if repeat % 2 == 0 else cleaners[::-1]
        for name, articles in variants.items():
            for label, clean in order:
                if label == "cleannews":
                    forget_seen_texts()
                times[name][label].append(time_pass(clean, articles))
    return [
        VariantResult(
            name,
            len(articles),
            sum(len(a.encode("utf-8")) for a in articles),
            times[name]["cleannews"],
            times[name]["ftfy"],
        )
        for name, articles in variants.items()
    ]


# --- report -----------------------------------------------------------------


# The issues' targets: cleannews at least this many times faster than ftfy alone.
TARGET_SPEEDUP = {
    "as written": 5.0,
    "typographic": 10.0,
    "mojibake 10%": 3.0,
    "BBC articles": 5.0,
    "BBC typographic": 10.0,
    "BBC mojibake 10%": 3.0,
    "scraped pages": 5.0,
}


def format_table(results: Sequence[VariantResult]) -> str:
    header = (
        f"{'variant':<18}{'input MB':>9}{'cleannews MB/s':>16}{'ftfy MB/s':>11}{'ratio':>8}"
        f"{'speed-up':>10}{'target':>8}"
    )
    rows = [header, "-" * len(header)]
    for r in results:
        speedup = 1 / r.ratio
        target = TARGET_SPEEDUP.get(r.name)
        verdict = "" if target is None else f"{target:>7g}x  {'met' if speedup >= target else 'MISSED'}"
        rows.append(
            f"{r.name:<18}{r.input_bytes / MB:>9.2f}{r.mb_per_s(r.cleannews_best):>16.2f}"
            f"{r.mb_per_s(r.ftfy_best):>11.2f}{r.ratio:>7.3f}x{speedup:>9.1f}x{verdict}"
        )
    return "\n".join(rows)


def check_repair(typographic_articles: Sequence[str], broken_articles: Sequence[str]) -> dict[str, int]:
    """Mojibake lines before and after cleannews, and articles fully restored."""
    cleaned_broken = [cleannews.clean(a) for a in broken_articles]
    cleaned_typographic = [cleannews.clean(a) for a in typographic_articles]
    return {
        "mojibake_lines_in_typographic_input": count_mojibake_lines(typographic_articles),
        "mojibake_lines_in_mojibake_input": count_mojibake_lines(broken_articles),
        "mojibake_lines_after_cleannews": count_mojibake_lines(cleaned_broken),
        "articles_same_as_clean_typographic": sum(
            a == b for a, b in zip(cleaned_broken, cleaned_typographic, strict=True)
        ),
    }


def format_checks(stats: MojibakeStats, checks: dict[str, int], articles: int) -> str:
    return "\n".join(
        [
            f"mojibake variant: {stats.broken:,} of {stats.lines:,} non-blank lines broken "
            f"({stats.broken / stats.lines:.1%}), drawn from the {stats.breakable:,} with non-ASCII; "
            f"{stats.repairable:,} exactly repairable by ftfy.fix_encoding",
            "lines with mojibake (ftfy.fix_encoding(line) != line):",
            f"  typographic input  {checks['mojibake_lines_in_typographic_input']:>6,}",
            f"  mojibake input     {checks['mojibake_lines_in_mojibake_input']:>6,}",
            f"  after cleannews    {checks['mojibake_lines_after_cleannews']:>6,}  (should be 0)",
            f"articles where clean(mojibake) == clean(typographic): "
            f"{checks['articles_same_as_clean_typographic']:,} of {articles:,}",
        ]
    )


def write_json(
    path: Path,
    args: argparse.Namespace,
    results: Sequence[VariantResult],
    stats: MojibakeStats,
    checks: dict[str, int],
) -> None:
    payload = {
        "settings": {
            "data": str(args.data),
            "articles": args.articles,
            "repeats": args.repeats,
            "seed": args.seed,
            "mojibake_share": MOJIBAKE_SHARE,
            "function": "clean_and_explain" if args.explain else "clean",
        },
        "versions": {
            "python": platform.python_version(),
            "cleannews": cleannews.__version__,
            "ftfy": ftfy.__version__,
        },
        "variants": [
            {
                **asdict(r),
                "cleannews_best_s": r.cleannews_best,
                "ftfy_best_s": r.ftfy_best,
                "cleannews_mb_per_s": r.mb_per_s(r.cleannews_best),
                "ftfy_mb_per_s": r.mb_per_s(r.ftfy_best),
                "ratio_cleannews_over_ftfy": r.ratio,
            }
            for r in results
        ],
        "mojibake": {**asdict(stats), **checks},
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="gzipped JSONL corpus")
    parser.add_argument(
        "--articles", type=int, default=2000, help="first N articles, 0 for all (default: 2000)"
    )
    parser.add_argument("--repeats", type=int, default=5, help="timed passes, best kept (default: 5)")
    parser.add_argument("--seed", type=int, default=1987, help="seed choosing the mojibaked lines")
    parser.add_argument(
        "--other",
        choices=["all", "bbc", "pages", "none"],
        default="all",
        help="other news text timed as written next to Reuters (default: all)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the numbers here")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="time cleannews.clean_and_explain (the CLI's call, with doubled-word flags) instead of clean",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.repeats < 1:
        sys.exit("--repeats must be at least 1")
    plain = load_articles(args.data, args.articles)
    typo = [typographic(a) for a in plain]
    broken, stats = mojibake_share(typo, MOJIBAKE_SHARE, args.seed)
    variants = {
        "as written": plain,
        "typographic": typo,
        "mojibake 10%": broken,
        **other_news(args.other, args.seed),
    }

    warm_up(variants)
    results = measure(variants, args.repeats, explained_text if args.explain else cleannews.clean)
    checks = check_repair(typo, broken)

    function = "clean_and_explain" if args.explain else "clean"
    print(
        f"cleannews {cleannews.__version__} ({function}) vs ftfy {ftfy.__version__} (fix_text), "
        f"Python {platform.python_version()}: {len(plain):,} articles, "
        f"one call per article, best of {args.repeats}"
    )
    print()
    print(format_table(results))
    print("ratio = cleannews time / ftfy time (above 1: cleannews is slower); speed-up = 1 / ratio")
    print()
    print(format_checks(stats, checks, len(plain)))
    if args.json:
        write_json(args.json, args, results, stats, checks)
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
