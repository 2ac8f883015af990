"""cleannews on ftfy's own labelled test cases: how many does it get right?

Why: cleannews repairs mojibake with ftfy, but not with ftfy's defaults and not
always by taking ftfy's answer (a repair that would lose text is flagged, a
lost byte that its context decides is restored). ftfy's test cases are the
best labelled set of real mojibake there is; this measures how far cleannews'
answers stay from ftfy's labels, and that it leaves alone the text ftfy says
must be left alone.

Usage::

    python benchmarks/ftfy_cases.py FOLDER [--show]

FOLDER holds ftfy's ``tests/test-cases/*.json`` (third-party data: keep it
outside this repository). Every case whose ``expect`` is ``pass`` is used;
``known-failures.json`` (``expect: fail``) is skipped. ``--show`` prints every
case that does not agree.

Each case's ``original`` is cleaned as one line with ``cleannews.clean``
(default settings) and compared with its ``fixed`` field. ftfy's ``fixed`` is
made with ftfy's default settings, and cleannews differs from those on
purpose, as documented in the README: it keeps curly quotes (ftfy's
``uncurl_quotes`` is off), does not fold fullwidth characters or expand
ligatures (``fix_character_width``, ``fix_latin_ligatures`` off), applies NFC
and normalises white space (collapses runs, strips the ends, and turns a
no-break space into a space unless typography wants one). So both texts are
put in one canonical form before comparing: ftfy's ``uncurl_quotes``,
``fix_latin_ligatures`` and ``fix_character_width``, then cleannews' own
``normalise_whitespace`` (which includes NFC).

"Agree" means: the two canonical forms are equal; or they are equal except
that where ftfy's label has U+FFFD (a byte was lost and ftfy gave up), the
cleannews output has a character that could have been that lost byte, that
is, one whose UTF-8 contains one of the five bytes Windows-1252 leaves
undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), which scrapers print as ``?`` or
U+FFFD (in canonical form, a straight double quote stands for the ” it was
uncurled from). Restoring such a character from its context is what cleannews does
on purpose (``The ICR ... â€œbbâ€?`` -> ``“bb”``); it is a better answer than
ftfy's U+FFFD, not a different one. Any other difference is a disagreement.

A case is a *negative* when its canonical ``fixed`` equals its canonical
``original`` (ftfy's label says: nothing to repair). A negative is *kept* when
the canonical cleannews output equals the canonical original. The other
``pass`` cases are *repairs*. The script prints how many ``pass`` cases agree
(a kept negative agrees), how many repairs agree and how many negatives are
kept, and exits 1 if any negative was changed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ftfy.fixes import fix_character_width, fix_latin_ligatures, uncurl_quotes

import cleannews
from cleannews.normalisers.whitespace import normalise_whitespace

_UNDEFINED_IN_CP1252 = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def canonical(text: str) -> str:
    """``text`` with cleannews' documented differences from ftfy's defaults taken out."""
    return normalise_whitespace(uncurl_quotes(fix_latin_ligatures(fix_character_width(text))))


def could_be_lost_byte(char: str) -> bool:
    """Could ``char`` (in canonical form) be what a U+FFFD in ftfy's label stands for?

    A straight double quote stands for the ” it was uncurled from (E2 80 9D).
    """
    return char == '"' or any(byte in _UNDEFINED_IN_CP1252 for byte in char.encode("utf-8"))


def agrees(got: str, label: str) -> bool:
    if got == label:
        return True
    if "\ufffd" not in label:
        return False
    pattern = "(.)".join(re.escape(part) for part in label.split("\ufffd"))
    match = re.fullmatch(pattern, got, re.DOTALL)
    return match is not None and all(c == "\ufffd" or could_be_lost_byte(c) for c in match.groups())


def cases(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(folder.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            if case.get("expect") == "pass":
                yield path.name, case


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="ftfy's tests/test-cases folder")
    parser.add_argument("--show", action="store_true", help="print each case that does not agree")
    args = parser.parse_args(argv)
    repairs = agreed = negatives = kept = 0
    for name, case in cases(args.folder):
        original = canonical(case["original"])
        label = canonical(case["fixed"])
        got = canonical(cleannews.clean(case["original"]).rstrip("\n"))
        if label == original:
            negatives += 1
            ok = got == original
            kept += ok
        else:
            repairs += 1
            ok = agrees(got, label)
            agreed += ok
        if not ok and args.show:
            print(f"{name}: {case['label']}\n  original {case['original']!r}")
            print(f"  label    {label!r}\n  cleannews {got!r}")
    if repairs + negatives == 0:
        print(f"no labelled cases in {args.folder}", file=sys.stderr)
        return 2
    print(f"pass cases agree: {agreed + kept} of {repairs + negatives}")
    print(f"  repairs agree: {agreed} of {repairs}")
    print(f"  negatives kept: {kept} of {negatives}" + ("" if kept == negatives else " (NEGATIVE CHANGED)"))
    return 0 if kept == negatives else 1


if __name__ == "__main__":
    sys.exit(main())
