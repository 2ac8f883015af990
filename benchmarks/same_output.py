"""Does this checkout clean text exactly as another commit does?

Why: speed work must change no output, and the property tests compare each fast
path with its slow path on generated text only. This compares two whole
versions on the shared material: every document goes through
``clean_and_explain`` (the text, ``changed`` and every finding) and ``clean``
in one process per version, both with the same hash seed, and the two dumps
must be equal.

Documents: the development set, the natural-dev pages and the Markdown posts
(``../shared/``), Reuters articles as written, made typographic and with 10% of
their lines mojibaked (``throughput.py``'s variants), the BBC articles, and
pages recombined from natural-dev lines with exact, cut, decorated and edited
copies.

Run from the repository root::

    python benchmarks/same_output.py 744953a          # this checkout against that commit
    python benchmarks/same_output.py HEAD --pages 300 # fewer recombined pages
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import throughput  # noqa: E402  (the corpora and their variants)

_EDITS = ("same", "cut", "decorated", "word")
_DECORATIONS = (" | BBC News", " - Reuters", " (AFP)", " | Site", ", BBCphoto: Jo Lee")


def documents(pages: int, articles: int, seed: int) -> Iterator[tuple[str, str, bool]]:
    """(name, text, is Markdown) for every document compared."""
    shared = throughput.SHARED
    cases = ("devset/cases/*/input.txt", "natural-dev/cases/*/input.txt")
    paths = [path for pattern in cases for path in sorted(shared.glob(pattern))]
    texts = [path.read_text(encoding="utf-8", errors="surrogateescape") for path in paths]
    for path, text in zip(paths, texts, strict=True):
        yield str(path.relative_to(shared)), text, False
    for path in sorted(shared.glob("content-sample/posts/**/*.md")):
        yield str(path.relative_to(shared)), path.read_text(encoding="utf-8"), True
    reuters = throughput.load_articles(throughput.DEFAULT_DATA, articles)
    typographic = [throughput.typographic(article) for article in reuters]
    broken, _ = throughput.mojibake_share(typographic, 0.1, seed)
    bbc = throughput.load_folder(sorted(throughput.BBC_ARTICLES.glob("*.txt")))
    corpora = {"Reuters": reuters, "typographic": typographic, "mojibake": broken, "BBC": bbc}
    corpora["recombined page"] = list(recombined(texts, pages, seed))
    for kind, corpus in corpora.items():
        yield from ((f"{kind} {n}", text, False) for n, text in enumerate(corpus))


def recombined(texts: Sequence[str], count: int, seed: int) -> Iterator[str]:
    """Pages made of real lines, some printed again as they are, cut short, decorated or edited."""
    rng = random.Random(seed)
    pool = [line for text in texts for line in text.split("\n") if line.strip()]
    for _ in range(count):
        lines = rng.sample(pool, rng.randint(5, 60))
        for _ in range(rng.randint(0, 8)):
            line, edit = rng.choice(lines), rng.choice(_EDITS)
            if edit == "cut":
                line = line[: max(1, len(line) * 2 // 3)] + "..."
            elif edit == "decorated":
                line += rng.choice(_DECORATIONS)
            elif edit == "word":
                words = line.split()
                words.insert(rng.randint(0, len(words)), rng.choice(("the", "new", "big")))
                line = " ".join(words)
            lines.insert(rng.randint(0, len(lines)), line)
        yield rng.choice(("\n", "\n\n")).join(lines) + "\n"


def dump(pages: int, articles: int, seed: int) -> None:
    """One JSON line per document, from the cleannews found first on sys.path."""
    import cleannews

    checkout = Path(os.environ["PYTHONPATH"]).resolve()
    if not Path(cleannews.__file__).resolve().is_relative_to(checkout):
        raise SystemExit(f"cleannews imported from {cleannews.__file__}, not from {checkout}")
    for name, text, markdown in documents(pages, articles, seed):
        result = cleannews.clean_and_explain(text, markdown=markdown)
        findings = [finding.to_dict() for finding in result.findings]
        row = [name, result.text, result.changed, findings, cleannews.clean(text, markdown=markdown)]
        print(json.dumps(row, ensure_ascii=True))


def run_dump(checkout: Path, args: argparse.Namespace, out: Path) -> None:
    sizes = ["--pages", str(args.pages), "--articles", str(args.articles), "--seed", str(args.seed)]
    env = {**os.environ, "PYTHONPATH": str(checkout), "PYTHONHASHSEED": "0"}
    with out.open("w") as handle:
        subprocess.run([sys.executable, __file__, "--dump", *sizes], env=env, stdout=handle, check=True)


def compare(base: Path, here: Path) -> int:
    """Print how many documents differ, and which; 0 when all agree."""
    differ = []
    with base.open() as a, here.open() as b:
        for old, new in zip(a, b, strict=True):
            if old != new:
                differ.append(json.loads(old)[0])
    if not differ:
        print("same output on every document")
        return 0
    print(f"{len(differ)} document(s) differ: {', '.join(differ[:10])}{' ...' if len(differ) > 10 else ''}")
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", nargs="?", default="HEAD", help="the commit to compare with (default: HEAD)")
    parser.add_argument("--pages", type=int, default=1500, help="recombined pages (default: 1500)")
    parser.add_argument("--articles", type=int, default=3000, help="Reuters articles (default: 3000)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--dump", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.dump:
        dump(args.pages, args.articles, args.seed)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        base = work / "base"
        git = ["git", "-C", str(ROOT), "worktree"]
        subprocess.run([*git, "add", "--detach", "-q", str(base), args.rev], check=True)
        try:
            run_dump(base, args, work / "base.jsonl")
            run_dump(ROOT, args, work / "here.jsonl")
            return compare(work / "base.jsonl", work / "here.jsonl")
        finally:
            subprocess.run([*git, "remove", "--force", str(base)], check=True)


if __name__ == "__main__":
    sys.exit(main())
