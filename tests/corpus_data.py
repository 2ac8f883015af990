"""A small generated corpus with planted near-copies, for the dedup tests.

Sentences are built from a seeded random vocabulary, so any two base texts
share few words; a planted copy is an earlier text with 1-3 word edits.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

_SYLLABLES = "ka lo mi ne ru ta sev dor pil wan gre fus tom bel cra vin osk".split()


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def sentence(words: list[str], rng: random.Random) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize() + "."


def edited(text: str, edits: int, words: list[str], rng: random.Random) -> str:
    tokens = text.split()
    for _ in range(edits):
        position = rng.randrange(len(tokens))
        kind = rng.choice(("replace", "delete", "insert"))
        if kind == "replace":
            tokens[position] = rng.choice(words)
        elif kind == "delete" and len(tokens) > 4:
            del tokens[position]
        else:
            tokens.insert(position, rng.choice(words))
    return " ".join(tokens)


def corpus(count: int, seed: int = 7, share: float = 0.15) -> tuple[list[str], list[tuple[int, int]]]:
    """``count`` texts and the planted (original index, copy index) pairs."""
    rng = random.Random(seed)
    words = vocabulary(3000, rng)
    texts: list[str] = []
    planted = []
    for index in range(count):
        if texts and rng.random() < share:
            original = rng.randrange(len(texts))
            texts.append(edited(texts[original], rng.randint(1, 3), words, rng))
            planted.append((original, index))
        else:
            texts.append(" ".join(sentence(words, rng) for _ in range(rng.randint(1, 4))))
    return texts, planted


def write_jsonl(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for number, text in enumerate(texts):
            handle.write(json.dumps({"n": number, "text": text}) + "\n")
    return path
