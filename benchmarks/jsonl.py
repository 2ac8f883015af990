"""JSON Lines through ``cleannews --jsonl``: records per second with one and two
processes, and peak memory for a small and a large input.

Why: dataset builders stream millions of records; what they feel is the rate
and whether memory stays flat as the input grows. Each run is the real command
in a fresh process, reading a file and writing ``-o`` a file.

Input: Reuters articles (``../shared/perf/``) as records
``{"id", "title", "text", "meta": {...}}``, repeated until the file reaches the
size asked for (typographic variant every other record, so the non-ASCII path
runs too). Memory is the peak of the summed resident set of cleannews and its
worker processes, sampled from /proc every 20 ms (Linux only).

Targets (issue 4): ``--jobs 2`` at least 1.7x the rate of ``--jobs 1``; peak
memory for the large input within 20% of that for the small one.

``--versus-ftfy`` times something else: the command with ``--jobs 1`` next to
ftfy alone over the same field of the same records, in a child process that
reads, fixes and writes the lines as simply as a script would (``ftfy.fix_text``
on ``text``, ``json.dumps`` back), best of ``--repeat`` alternating runs. Its
corpora: Reuters articles, the development set's BBC articles and the naive
scrapes of real pages (``../shared/natural-dev/``), each repeated to
``--small-mb``. Issue 15's target: scraped-page records at least 3x faster than
ftfy alone. The records repeat, so from the second copy on a page's short lines
meet cleannews's caches, as pages of one site sharing their menus would; a corpus
of distinct pages is slower (``benchmarks/throughput.py`` empties the caches).

Run from the repository root::

    python benchmarks/jsonl.py                       # 100 MB and 1 GB (several minutes)
    python benchmarks/jsonl.py --small-mb 20 --large-mb 200
    python benchmarks/jsonl.py --versus-ftfy all --small-mb 20
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REUTERS = Path(__file__).resolve().parents[2] / "shared" / "perf" / "reuters21578_docs.jsonl.gz"


def make_input(path: Path, megabytes: float) -> int:
    """Write about ``megabytes`` of JSONL; return the number of records."""
    records = []
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            article = json.loads(line)
            text = "\n\n".join(article.get("paras", []))
            if number % 2:
                text = text.replace("'", "’").replace(" - ", " — ")
            record = {"id": article.get("id", number), "title": article.get("title", ""), "text": text}
            record["meta"] = {"source": "reuters21578", "n": number}
            records.append(json.dumps(record, ensure_ascii=False) + "\n")
    return _write_repeated(path, records, megabytes)


def _write_repeated(path: Path, lines: list[str], megabytes: float) -> int:
    """Write the lines over and over until about ``megabytes``; return how many were written."""
    target, written, count = int(megabytes * 1_000_000), 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            for line in lines:
                out.write(line)
                written += len(line.encode("utf-8"))
                count += 1
                if written >= target:
                    break
    return count


def _corpus(name: str) -> list[str]:
    """The texts of one corpus of throughput.py, as written."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from throughput import BBC_ARTICLES, DEFAULT_DATA, SCRAPED_PAGES, load_articles, load_folder

    if name == "reuters":
        return load_articles(DEFAULT_DATA, 0)
    if name == "bbc":
        return load_folder(list(BBC_ARTICLES.glob("*.txt")))
    return load_folder(list(SCRAPED_PAGES.glob("*/input.txt")))


def make_records(path: Path, texts: list[str], megabytes: float) -> int:
    """Write the texts as records ``{"id", "text"}``, repeated to about ``megabytes``."""
    lines = [json.dumps({"id": n, "text": text}, ensure_ascii=False) + "\n" for n, text in enumerate(texts)]
    return _write_repeated(path, lines, megabytes)


# ftfy alone, as a dataset script would run it over the same records.
_FTFY_ALONE = """
import json, sys, ftfy
with open(sys.argv[1], encoding="utf-8") as source, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in source:
        record = json.loads(line)
        record["text"] = ftfy.fix_text(record["text"])
        out.write(json.dumps(record, ensure_ascii=False) + "\\n")
"""


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def versus_ftfy(corpora: list[str], megabytes: float, repeat: int) -> None:
    """The command with one process next to ftfy alone, per corpus, best of ``repeat``."""
    print(f"cleannews --jsonl --jobs 1 vs ftfy.fix_text alone over the text field, best of {repeat}")
    print(f"{'corpus':14} {'records':>8} {'MB':>6} {'cleannews s':>12} {'ftfy s':>8} {'speed-up':>9}")
    for name in corpora:
        with tempfile.TemporaryDirectory() as folder:
            source, out = Path(folder) / "in.jsonl", str(Path(folder) / "out.jsonl")
            records = make_records(source, _corpus(name), megabytes)
            ours = [sys.executable, "-m", "cleannews", "--jsonl", "-q", "--jobs", "1", str(source), "-o", out]
            theirs = [sys.executable, "-c", _FTFY_ALONE, str(source), out]
            times: dict[str, list[float]] = {"cleannews": [], "ftfy": []}
            for _ in range(repeat):
                times["cleannews"].append(_timed(ours))
                times["ftfy"].append(_timed(theirs))
            best = {tool: min(found) for tool, found in times.items()}
            print(
                f"{name:14} {records:8,} {source.stat().st_size / 1e6:6.1f} {best['cleannews']:12.2f}"
                f" {best['ftfy']:8.2f} {best['ftfy'] / best['cleannews']:8.2f}x"
            )


def _tree_rss(pid: int) -> int:
    """Resident set of a process and all its descendants, in bytes."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                with (task / "children").open() as children:
                    pending.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run(source: Path, jobs: int, *, sample_memory: bool = True) -> tuple[float, int]:
    """Wall time and peak tree RSS (0 when not sampled) of one cleaning run.

    Sampling /proc every 20 ms takes CPU from the run on a 2-core machine, so
    timed runs are not sampled.
    """
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "cleannews", "--jsonl", "-q", "--jobs", str(jobs)]
        command += [str(source), "-o", str(Path(folder) / "out.jsonl")]
        start = time.perf_counter()
        process = subprocess.Popen(command)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(process.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        if sample_memory:
            sampler.start()
        code = process.wait()
        seconds = time.perf_counter() - start
        done.set()
        if sample_memory:
            sampler.join()
        if code != 0:
            raise SystemExit(f"cleannews exited with {code}")
        return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small-mb", type=float, default=100)
    parser.add_argument("--large-mb", type=float, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each, best kept")
    parser.add_argument(
        "--versus-ftfy",
        choices=["reuters", "bbc", "pages", "all"],
        help="time the command next to ftfy alone on this corpus (--small-mb of records) instead",
    )
    args = parser.parse_args()
    if args.versus_ftfy:
        corpora = ["reuters", "bbc", "pages"] if args.versus_ftfy == "all" else [args.versus_ftfy]
        versus_ftfy(corpora, args.small_mb, args.repeat)
        return
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.jsonl"
        records = make_input(small, args.small_mb)
        size = small.stat().st_size / 1e6
        print(f"input: {records:,} records, {size:.0f} MB")
        # Timed runs alternate between one and two jobs (so that a slow spell of a
        # shared machine hits both alike) and the best of each is kept; then one
        # run of each samples memory.
        times: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.repeat):
            for jobs in times:
                times[jobs].append(run(small, jobs, sample_memory=False)[0])
        rates = {}
        for jobs, seconds_list in times.items():
            seconds = min(seconds_list)
            _, peak = run(small, jobs)
            rates[jobs] = records / seconds
            print(
                f"  --jobs {jobs}: {seconds:6.1f} s  {rates[jobs]:8,.0f} records/s"
                f"  {size / seconds:5.2f} MB/s  peak RSS {peak / 1e6:5.0f} MB"
            )
        print(
            f"speed-up with 2 jobs: {rates[2] / rates[1]:.2f}x (target: at least 1.7x; best of {args.repeat})"
        )
        small_peak = peak
        small.unlink()
        large = Path(folder) / "large.jsonl"
        large_records = make_input(large, args.large_mb)
        seconds, large_peak = run(large, 2)
        print(
            f"large input: {large_records:,} records, {large.stat().st_size / 1e6:.0f} MB in {seconds:.0f} s;"
            f" peak RSS {large_peak / 1e6:.0f} MB vs {small_peak / 1e6:.0f} MB for the small one"
            f" ({large_peak / small_peak:.2f}x; target: within 1.2x)"
        )


if __name__ == "__main__":
    main()
