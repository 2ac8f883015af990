"""Cost of one document against its number of paragraphs: the matcher must stay near-linear.

Why: every paragraph is compared with the paragraphs kept before it; done
naively that is quadratic, and a 100,000-paragraph document (a scraped forum
thread, a concatenated dump) would never finish. cleannews compares a
paragraph only with candidates of a similar length, and in long documents
only with those sharing a rare pair of words.

Documents are built from real Reuters paragraphs (``../shared/perf/``), with
10% of them near-copies of an earlier paragraph (one word dropped), so the
matcher has real work. For each size the best of ``--repeat`` runs of
``cleannews.clean`` is reported, with the time per paragraph: near-linear
means that column stays roughly flat.

Run from the repository root::

    python benchmarks/duplicates_scaling.py
    python benchmarks/duplicates_scaling.py --sizes 10,1000,100000
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from pathlib import Path

import cleannews

REUTERS = Path(__file__).resolve().parents[2] / "shared" / "perf" / "reuters21578_docs.jsonl.gz"


def paragraphs(limit: int) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        for line in handle:
            for paragraph in json.loads(line).get("paras", []):
                if len(paragraph) >= 60 and paragraph not in seen:
                    seen.add(paragraph)
                    found.append(paragraph)
                    if len(found) == limit:
                        return found
    return found


def document(pool: list[str], size: int, rng: random.Random) -> str:
    chosen: list[str] = []
    for index in range(size):
        if chosen and rng.random() < 0.1:
            words = rng.choice(chosen).split()
            del words[rng.randrange(len(words))]
            chosen.append(" ".join(words))
        else:
            chosen.append(pool[index % len(pool)])
    return "\n\n".join(chosen) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    pool = paragraphs(max(sizes))
    rng = random.Random(20261126)
    print(f"{'paragraphs':>10}  {'seconds':>8}  {'µs/paragraph':>12}  dropped")
    for size in sizes:
        text = document(pool, size, rng)
        repeat = args.repeat if size <= 10_000 else 1
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            result = cleannews.clean_and_explain(text)
            best = min(best, time.perf_counter() - start)
        print(f"{size:>10}  {best:8.3f}  {best * 1e6 / size:12.1f}  {len(result.dropped)}")


if __name__ == "__main__":
    main()
