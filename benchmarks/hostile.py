"""Hostile input for the safety check: one paragraph printed again and again.

Why: the safety check compares each dropped paragraph with its kept twin. With
RapidFuzz ``partial_ratio`` on whole paragraphs that cost grew with about the
cube of the paragraph's length (issue 14: a 16 KB paragraph printed twice took
22.8 s), so one crafted document could stall a run or a pre-commit hook. The
promise now is time linear in the input: seconds per MB flat whatever the
paragraph's size and the document's.

How: for each paragraph size (1 KB to 1 MB, one line of ordinary words) and
each document size (1 KB to 10 MB), the document is that paragraph repeated,
blank-line separated, to the document size (at least twice). ``cleannews.clean``
runs on it once, in this process; the table gives seconds and seconds per MB.
Exact copies take the check's substring path. The second table times the
comparison itself (``resemblance``) on a near copy (one character in 300
changed) of 1 KB to 10 MB, the case that is neither exact nor short.

Measured on the 2-core shared machine (2026-12-06, after issue 14 item 4),
with other work running beside it: flat. A paragraph repeated: 0.07-0.22 s per MB
for every paragraph size (1 KB to 1 MB) and document size (10 KB to 10 MB).
A paragraph and its near copy, alternately: 0.11-0.36 s/MB from 100 KB up (a
1 MB paragraph and its near copy 0.72 s; before, the duplicate rule's whole
``fuzz.ratio`` and word alignment took 5.4 s on it and grew with the square of
the length). The safety check's comparison alone: 0.03 s/MB from 10 KB to 10 MB.
The first cells (1-10 KB documents) are dominated by the fixed cost of a call.

Run from the repository root::

    python benchmarks/hostile.py                       # 1 KB .. 10 MB documents
    python benchmarks/hostile.py --max-doc-mb 1        # quicker
"""

from __future__ import annotations

import argparse
import random
import time

import cleannews
from cleannews.resemblance import resemblance

WORDS = (
    "the council said on tuesday that new rules for river water would start in spring after a long "
    "review of farms and towns people money city state year first police officials market"
).split()
KB = 1_000


def paragraph(size: int, seed: int = 14) -> str:
    rng = random.Random(seed)
    words: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[: size - 1] + "."


def near_copy(text: str, every: int = 300) -> str:
    chars = list(text)
    for at in range(every // 2, len(chars) - 1, every):
        chars[at] = "x" if chars[at] != "x" else "y"
    return "".join(chars)


def document(par: str, size: int, variant: str) -> str:
    copies = max(2, size // (len(par) + 2))
    other = near_copy(par) if variant == "near" else par
    return "\n\n".join(par if number % 2 == 0 else other for number in range(copies)) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--max-doc-mb", type=float, default=10.0, help="largest document (default 10)")
    args = parser.parse_args()
    cleannews.clean(document(paragraph(KB), 2 * KB, "exact"))  # imports and first-call set-up
    paragraph_sizes = [1 * KB, 10 * KB, 100 * KB, 1000 * KB]
    document_sizes = [
        size
        for size in (1 * KB, 10 * KB, 100 * KB, 1000 * KB, 10_000 * KB)
        if size <= args.max_doc_mb * 1000 * KB
    ]
    for variant, what in (("exact", "repeated"), ("near", "and a near copy of it, alternately")):
        print(f"\ncleannews.clean on a paragraph {what}: seconds (seconds per MB)")
        print("paragraph \\ document " + "".join(f"{size // KB:>16,} KB" for size in document_sizes))
        for par_size in paragraph_sizes:
            par = paragraph(par_size)
            cells = []
            for doc_size in document_sizes:
                if par_size > doc_size:
                    cells.append(f"{'-':>19}")
                    continue
                text = document(par, doc_size, variant)
                started = time.perf_counter()
                cleannews.clean(text)
                elapsed = time.perf_counter() - started
                cells.append(f"{elapsed:>9.3f} ({elapsed / (len(text) / 1e6):>6.2f}/MB)")
            print(f"{par_size // KB:>17,} KB" + "".join(cells), flush=True)
    print("\nthe safety check's comparison of a paragraph with a near copy (1 char in 300 changed)")
    for size in (
        size
        for size in (KB, 10 * KB, 100 * KB, 1000 * KB, 10_000 * KB)
        if size <= args.max_doc_mb * 1000 * KB
    ):
        par = paragraph(size)
        copy = near_copy(par)
        started = time.perf_counter()
        score = resemblance(par, copy)
        elapsed = time.perf_counter() - started
        print(
            f"{size // KB:>10,} KB  {elapsed:8.4f} s  {elapsed / (size / 1e6):6.3f} s/MB  score {score:.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
