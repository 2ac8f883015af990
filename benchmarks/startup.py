"""How long ``cleannews`` takes to start, next to the floor any Python tool pays.

Why: a pre-commit hook runs cleannews on one or two files hundreds of times a
day, so start-up is all its users feel. Each command is a fresh process, timed
best of ``--repeat`` (the minimum is the least noisy estimate of the cost):

* ``python -c pass`` and ``python -c "import click"``: the floors;
* ``python -c "import click, rich.console, ftfy, rapidfuzz"``: the four
  libraries a cleaning run may need;
* ``cleannews --help``: target within 50 ms of importing click;
* ``cleannews < article.txt``: one Reuters article (typographic variant, so
  the non-ASCII path runs), target within 1.2x of importing the four
  libraries.

Run from the repository root::

    python benchmarks/startup.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REUTERS = Path(__file__).resolve().parents[2] / "shared" / "perf" / "reuters21578_docs.jsonl.gz"
PYTHON = sys.executable


def best(command: list[str], repeat: int, stdin: bytes = b"") -> float:
    fastest = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, input=stdin, capture_output=True, check=False)
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


def one_article() -> bytes:
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if len(record.get("paras", [])) >= 5:
                text = "\n\n".join([record["title"], *record["paras"]])
                return text.replace("'", "’").replace(" - ", " — ").encode("utf-8")
    raise SystemExit("no article found")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    article = one_article()
    rows = {
        "python -c pass": best([PYTHON, "-c", "pass"], args.repeat),
        "import click": best([PYTHON, "-c", "import click"], args.repeat),
        "import the four libraries": best(
            [PYTHON, "-c", "import click, rich.console, ftfy, rapidfuzz"], args.repeat
        ),
        "cleannews --help": best([PYTHON, "-m", "cleannews", "--help"], args.repeat),
        "cleannews --version": best([PYTHON, "-m", "cleannews", "--version"], args.repeat),
        "cleannews < article": best([PYTHON, "-m", "cleannews"], args.repeat, article),
    }
    with tempfile.TemporaryDirectory() as folder:
        post = Path(folder) / "post.md"
        post.write_bytes(article)
        check = [PYTHON, "-m", "cleannews", "--check", str(post)]
        rows["cleannews --check post.md"] = best(check, args.repeat)
    width = max(map(len, rows))
    for name, seconds in rows.items():
        print(f"{name:<{width}}  {seconds * 1000:6.1f} ms")
    help_over_click = (rows["cleannews --help"] - rows["import click"]) * 1000
    article_ratio = rows["cleannews < article"] / rows["import the four libraries"]
    print(f"(the article: {len(article)} bytes of typographic Reuters text)")
    print(f"--help minus import click: {help_over_click:.1f} ms (target: at most 50 ms)")
    print(f"one article / importing the four libraries: {article_ratio:.2f}x (target: at most 1.2x)")


if __name__ == "__main__":
    main()
