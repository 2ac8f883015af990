"""How long ``cleannews --check`` takes on a content repository, as a hook or in CI.

Why: a pre-commit hook is judged by the latency of one call on one post, and a
CI check by the time over a whole repository. Both are measured through the
real command (a subprocess), so start-up and imports count.

Input: the Markdown posts of ``../shared/content-sample/posts`` (150 real
posts from two blogs), copied ``--copies`` times into a temporary folder to
make a repository of about a thousand files.

Measured, best of ``--repeat`` runs:

* one post: ``cleannews --check POST`` next to ``python -c pass`` (the floor
  for any Python tool);
* the repository: ``cleannews --check -q DIR`` with ``--jobs 1`` and
  ``--jobs 2``, in files per second.

Run from the repository root::

    python benchmarks/content_repo.py
    python benchmarks/content_repo.py --copies 2 --repeat 1
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "content-sample" / "posts"
CLEANNEWS = [sys.executable, "-m", "cleannews"]


def best_time(command: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=7, help="copies of the 150-post sample")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not SAMPLE.is_dir():
        sys.exit(f"sample not found: {SAMPLE}")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for copy in range(args.copies):
            shutil.copytree(SAMPLE, root / f"copy{copy}")
        posts = sorted(root.rglob("*.md"))
        size = sum(p.stat().st_size for p in posts)
        one_post = str(SAMPLE / "golang-blog" / "errors-are-values.md")
        floor = best_time([sys.executable, "-c", "pass"], args.repeat * 3)
        single = best_time([*CLEANNEWS, "--check", one_post], args.repeat * 3)
        kilobytes = Path(one_post).stat().st_size / 1024
        print(f"one post ({kilobytes:.0f} KB): cleannews --check {single * 1000:.0f} ms", end=" ")
        print(f"(python -c pass: {floor * 1000:.0f} ms)")
        print(f"repository: {len(posts)} files, {size / 1e6:.1f} MB")
        for jobs in (1, 2):
            seconds = best_time([*CLEANNEWS, "--check", "-q", "--jobs", str(jobs), folder], args.repeat)
            rate = f"{len(posts) / seconds:6.0f} files/s  {size / 1e6 / seconds:5.2f} MB/s"
            print(f"  --jobs {jobs}: {seconds:5.2f} s  {rate}")


if __name__ == "__main__":
    main()
