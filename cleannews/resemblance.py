"""How much of one text another contains, in time linear in their length.

The safety check asks whether a dropped paragraph has a kept twin that
resembles it: RapidFuzz's ``partial_ratio`` (the best-aligned window of the
longer text against the shorter). Its cost grows with about the cube of the
length (an 8 KB paragraph printed twice took 3.6 s, 16 KB 23 s), so a hostile
input could stall a run. Here:

- the shorter text found whole in the longer one scores 100, as in RapidFuzz;
- texts up to a paragraph's usual length are compared by ``partial_ratio``
  itself, so ordinary inputs get exactly the score they always got;
- longer ones are aligned piece by piece: each 64-character piece of the
  shorter text is matched (``partial_ratio``) against the stretch of the longer
  one just after where the previous piece matched, give or take a little drift.
  The score is the pieces' mean, weighted by length. A copy with scattered
  edits scores as it would whole; unrelated text stays far below the safety
  threshold (tests/test_resemblance.py compares the two on such inputs).
"""

from __future__ import annotations

from rapidfuzz import fuzz

# Compared exactly up to these lengths (characters): partial_ratio costs at most a
# few milliseconds there, and news paragraphs are almost always shorter.
EXACT_SHORTER = 512
EXACT_LONGER = 2048
# Pieces of the shorter text aligned one at a time, and how far each may drift
# from where the previous one ended (insertions and deletions move the rest).
_PIECE = 64
_DRIFT = 32


def resemblance(a: str, b: str) -> float:
    """``fuzz.partial_ratio(a, b)`` for ordinary lengths; beyond them an aligned
    piecewise score that costs time linear in ``len(a) + len(b)``.

    >>> resemblance("Storm hits coast", "Storm hits coast | BBC News")
    100.0
    >>> round(resemblance("Storm hits the coast", "Storm hit coast"), 1)
    81.5
    """
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if shorter and shorter in longer:
        return 100.0
    if len(shorter) <= EXACT_SHORTER and len(longer) <= EXACT_LONGER:
        return float(fuzz.partial_ratio(a, b))
    return piecewise(shorter, longer)


# Paragraphs compared whole by ``fuzz.ratio`` up to this length (characters):
# its cost grows with the product of the lengths, 5 ms at 20,000 each, 125 ms at
# 100,000, and seconds for a hostile megabyte.
EXACT_RATIO = 20_000


def paragraph_ratio(a: str, b: str, score_cutoff: float = 0) -> float:
    """``fuzz.ratio(a, b)`` up to EXACT_RATIO characters; beyond, the piecewise
    share of the shorter text found in order in the longer one, scaled as ratio
    scales a common subsequence (2 x common / total length): linear time.

    Symmetric, so that any two paths comparing the same pair agree. Scores
    below ``score_cutoff`` are 0, as in RapidFuzz.

    >>> paragraph_ratio("Storm hits coast", "Storm hits the coast")
    88.88888888888889
    """
    if max(len(a), len(b)) <= EXACT_RATIO:
        return float(fuzz.ratio(a, b, score_cutoff=score_cutoff))
    shorter, longer = sorted((a, b), key=lambda text: (len(text), text))
    ceiling = 200 * len(shorter) / (len(a) + len(b))  # all of the shorter one in common
    if ceiling < score_cutoff:
        return 0.0
    estimate = resemblance(shorter, longer) * ceiling / 100  # (the order kept on a tie in length)
    return estimate if estimate >= score_cutoff else 0.0


def piecewise(shorter: str, longer: str) -> float:
    """The length-weighted mean score of ``shorter``'s pieces, each aligned in turn in ``longer``."""
    if not shorter:
        return 0.0
    pieces = [shorter[start : start + _PIECE] for start in range(0, len(shorter), _PIECE)]
    # The first piece may sit anywhere that leaves room for the rest after it.
    reach = max(len(longer) - len(shorter) + _PIECE + _DRIFT, _PIECE)
    score, at = _align(pieces[0], longer[:reach])
    total = score * len(pieces[0])
    for piece in pieces[1:]:
        start = max(0, at - _DRIFT)
        stretch = longer[start : at + len(piece) + _DRIFT]
        if not stretch:
            break  # the longer text has ended: the rest of the pieces score 0
        score, end = _align(piece, stretch)
        total += score * len(piece)
        at = start + end
    return total / len(shorter)


def _align(piece: str, stretch: str) -> tuple[float, int]:
    """The best score of ``piece`` in ``stretch`` and where in ``stretch`` that match ends."""
    found = fuzz.partial_ratio_alignment(piece, stretch)
    if found is None:  # only below a score_cutoff, which is not given
        return 0.0, min(len(piece), len(stretch))
    return found.score, found.dest_end  # dest is the stretch, whichever is shorter
