"""Duplicated paragraphs anywhere in the document, exact or with small edits.

Every paragraph is compared with every earlier paragraph that is still kept,
so a later copy is always dropped in favour of the first occurrence and
every dropped paragraph has a kept twin. Only pairs whose lengths make the
threshold reachable are scored, and in long documents only pairs that share
a rare word pair, which keeps the cost near-linear.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache, cached_property
from itertools import chain, islice, pairwise
from math import inf
from typing import Any, NamedTuple

from ..config import Config
from ..matching import LABELLED, LIST_ITEM, comparison_key, reason_to_keep
from ..model import Action, Block, Finding
from .lists import contents_positions

RULE = "duplicates"


def _min_length_ratio(score: float) -> float:
    """Shortest/longest length ratio below which fuzz.ratio cannot reach ``score``.

    ratio = 2 * matches / (len_a + len_b) and matches <= the shorter length.
    """
    return score / (200.0 - score)


class _KeptIndex:
    """Kept paragraphs, looked up by exact key, by length and by rare word pairs.

    Small documents compare a paragraph with every kept paragraph of a
    compatible length. Past ``ALL_PAIRS_LIMIT`` such candidates, only those
    sharing a word pair that is rare in the document are compared, so a
    document of 100,000 paragraphs costs near-linear time instead of 5e9 pairs.
    """

    ALL_PAIRS_LIMIT = 200
    # A word pair found in more kept paragraphs than this ("of the", a template
    # phrase) says nothing about which of them a paragraph copies.
    COMMON_PAIR = 50
    MOST_CANDIDATES = 20

    # Kept keys are indexed by their start, for copies cut short: most
    # paragraphs begin unlike any kept one, and need no search for a container.
    PREFIX = 16
    # Up to this many kept keys with a stem's start are looked at for one that
    # begins with the whole stem; more (a template's phrase) go to the search.
    FEW_WITH_PREFIX = 32

    def __init__(self) -> None:
        self.by_key: dict[str, Block] = {}
        # Entry i is keys[i] and blocks[i]: the keys in one list, which one rapidfuzz call takes.
        self.keys: list[str] = []
        self.blocks: list[Block] = []
        self.by_prefix: dict[str, list[int]] = {}
        self.longest = 0  # key length
        # While the document is short, the keys again, sorted by length, with their
        # entries: a slice holds the keys long and short enough to reach a score.
        self.sorted_lengths: list[int] = []
        self.sorted_keys: list[str] = []
        self.sorted_entries: list[int] = []
        self.by_length: dict[int, list[int]] = {}
        self.lengths: list[int] = []  # distinct lengths, sorted
        self.postings: dict[tuple[str, str], list[int]] | None = None
        self._last_pairs: tuple[str, set[tuple[str, str]]] = ("", set())

    def add(self, key: str, block: Block) -> None:
        self.by_key.setdefault(key, block)
        entry = len(self.keys)
        self.keys.append(key)
        self.blocks.append(block)
        self.by_prefix.setdefault(key[: self.PREFIX], []).append(entry)
        self.longest = max(self.longest, len(key))
        if entry < self.ALL_PAIRS_LIMIT:  # (beyond, lists kept sorted by insertion would cost n**2)
            at = bisect.bisect_right(self.sorted_lengths, len(key))
            self.sorted_lengths.insert(at, len(key))
            self.sorted_keys.insert(at, key)
            self.sorted_entries.insert(at, entry)
        if len(key) not in self.by_length:
            bisect.insort(self.lengths, len(key))
        self.by_length.setdefault(len(key), []).append(entry)
        if self.postings is not None:
            self._post(entry)

    def may_begin_with(self, stem: str) -> bool:
        """False when no kept key begins with stem (a cheap, exact-negative test)."""
        if len(stem) < self.PREFIX:
            return True
        entries = self.by_prefix.get(stem[: self.PREFIX], ())
        if len(entries) > self.FEW_WITH_PREFIX:
            return True
        # (a paragraph that stops without a full stop is its own stem: Wikipedia's, before a
        # reference "[193]"; few kept keys begin with all of it, and then no search is needed,
        # which in a long page builds the index of word pairs)
        keys = self.keys
        return any(len(keys[i]) > len(stem) and keys[i].startswith(stem) for i in entries)

    def candidates(self, key: str, min_ratio: float, whole_up_to: int) -> tuple[list[str], Sequence[int]]:
        """The keys of the kept paragraphs that could score at least the flag
        threshold against key, and their entries: in a short document those of a
        length in reach (a slice of the keys sorted by length), in a long one
        those sharing rare word pairs too. Paragraphs compared by their pieces
        (longer than ``whole_up_to``) are all candidates."""
        if len(self.keys) > self.ALL_PAIRS_LIMIT:
            ids = self._near_ids(key, min_ratio)
            return [self.keys[i] for i in ids], ids
        if max(len(key), self.longest) > whole_up_to:
            return self.keys, range(len(self.keys))
        shortest, longest = _length_window(len(key), min_ratio)
        low = bisect.bisect_left(self.sorted_lengths, shortest)
        high = bisect.bisect_right(self.sorted_lengths, longest)
        return self.sorted_keys[low:high], self.sorted_entries[low:high]

    def picks_by_window_alone(self, key: str, min_ratio: float, wider: float) -> bool:
        """Does ``candidates`` compare key with every kept paragraph in the window
        of ``min_ratio`` but with only those sharing rare word pairs in the window
        of ``wider``? Then the two give other pairs to score at the narrower one's
        threshold; else the wider one's include them all (a short document, or
        both windows by rare pairs, whose list is the same)."""
        if len(self.keys) <= self.ALL_PAIRS_LIMIT:
            return False
        return self._by_rare_pairs(len(key), wider) and not self._by_rare_pairs(len(key), min_ratio)

    def _by_rare_pairs(self, length: int, min_ratio: float) -> bool:
        return self._more_than(self.ALL_PAIRS_LIMIT, self._window(length, min_ratio)[2])

    def _window(self, length: int, min_ratio: float) -> tuple[int, int, list[int]]:
        """The shortest and longest key lengths in reach, and the kept ones between."""
        shortest, longest = _length_window(length, min_ratio)
        low = bisect.bisect_left(self.lengths, shortest)
        high = bisect.bisect_right(self.lengths, longest)
        return shortest, longest, self.lengths[low:high]

    def near(self, key: str, min_ratio: float) -> list[tuple[str, Block]]:
        """Kept paragraphs that could score at least the flag threshold against key."""
        return [(self.keys[i], self.blocks[i]) for i in self._near_ids(key, min_ratio)]

    def _near_ids(self, key: str, min_ratio: float) -> list[int]:
        shortest, longest, window = self._window(len(key), min_ratio)
        if self._more_than(self.ALL_PAIRS_LIMIT, window):
            ids = [i for i in self._sharing_rare_pairs(key) if shortest <= len(self.keys[i]) <= longest]
        else:
            ids = [i for length in window for i in self.by_length[length]]
        return ids

    def _more_than(self, limit: int, lengths: list[int]) -> bool:
        if len(self.keys) <= limit:
            return False
        total = 0
        for length in lengths:
            total += len(self.by_length[length])
            if total > limit:
                return True
        return False

    def _sharing_rare_pairs(self, key: str) -> list[int]:
        """The kept paragraphs that share the most rare word pairs with key.

        A copy with a few edits shares most of its word pairs; a paragraph
        that shares a quarter or less is not a near-duplicate worth scoring.
        """
        if self.postings is None:
            self.postings = {}
            for entry in range(len(self.keys)):
                self._post(entry)
        pairs = _word_pairs(key)
        self._last_pairs = (key, pairs)
        rare = [
            posting
            for posting in map(self.postings.get, pairs)
            if posting and len(posting) <= self.COMMON_PAIR
        ]
        shared = Counter(chain.from_iterable(rare))  # (one count in C, not one a pair)
        enough = max(1, len(pairs) // 4)
        # The most shared first, the earlier paragraph on a tie (Counter.most_common
        # broke ties by first insertion, which follows the set of pairs' order; that
        # changes with the hash seed, and so did the findings). Those sharing too few
        # go before the ranking: in a long document hundreds share a pair or two.
        often = [(-count, entry) for entry, count in shared.items() if count >= enough]
        return sorted(entry for _, entry in heapq.nsmallest(self.MOST_CANDIDATES, often))

    def _pairs_of(self, entry: int) -> set[tuple[str, str]]:
        key = self.keys[entry]
        # The paragraph just looked up is usually the one being added next.
        if self._last_pairs[0] == key:
            return self._last_pairs[1]
        return _word_pairs(key)

    def _post(self, entry: int) -> None:
        assert self.postings is not None
        for pair in self._pairs_of(entry):
            self.postings.setdefault(pair, []).append(entry)


def _length_window(length: int, min_ratio: float) -> tuple[int, int]:
    """The shortest and longest lengths that can reach ``min_ratio`` of this one."""
    if min_ratio <= 0:
        return 0, length * 1000 + 1000
    return int(length * min_ratio), int(length / min_ratio) + 1


def _word_pairs(key: str) -> set[tuple[str, str]]:
    words = key.split()
    if len(words) < 2:
        return {(key, "")}
    return set(pairwise(words))


def find_duplicates(blocks: Sequence[Block], config: Config) -> list[Finding]:
    """DROPPED findings for clear duplicates, FLAGGED ones for borderline pairs."""

    findings: list[Finding] = []
    kept = _KeptIndex()
    min_ratio = _min_length_ratio(config.flag_threshold)
    drop_ratio = _min_length_ratio(config.duplicate_threshold)
    context = _Context(blocks)
    keys = [comparison_key(block.text) for block in blocks]
    pairing = _keys_that_may_pair(keys, config)  # (None: every paragraph is compared)
    for block, key in zip(blocks, keys, strict=True):
        if len(key) < config.min_duplicate_length or (pairing is not None and key not in pairing):
            continue  # (a paragraph no other may pair with: it finds nothing, and is no other's twin)
        exact = kept.by_key.get(key)
        if exact is not None and not _is_itemised(block.text):
            findings.append(context.verdict(block, exact, 100.0, "duplicate paragraph"))
            if findings[-1].action is not Action.DROPPED:
                kept.add(key, block)
            continue
        stem = _truncated_stem(key)
        container = None
        if stem and kept.may_begin_with(stem):
            container = _containing(stem, kept.near(key, _MIN_TRUNCATED_SHARE))
        if container is not None and not _is_itemised(block.text):
            score = _comparisons().paragraph_ratio(key, comparison_key(container.text))
            findings.append(context.verdict(block, container, score, "truncated copy of a kept paragraph"))
            if findings[-1].action is not Action.DROPPED:
                kept.add(key, block)
            continue
        scored = _scored(kept, key, min_ratio, config.flag_threshold) if kept.keys else []
        if min_ratio < drop_ratio and kept.picks_by_window_alone(key, drop_ratio, min_ratio):
            # In a long document the candidates depend on the length window, which
            # the flag threshold widens: the drops are those the duplicate
            # threshold's window gives, as clean() (drops_only) finds them, and
            # the wider window adds only pairs below it, as flags.
            droppable = _scored(kept, key, drop_ratio, config.duplicate_threshold)
            scored = droppable + [hit for hit in scored if hit[0] < config.duplicate_threshold]
        finding = _judge(block, sorted(scored, reverse=True), config)
        if finding is not None and finding.action is Action.DROPPED and finding.duplicate_of is not None:
            twin = context.by_line[finding.duplicate_of]
            finding = context.verdict(block, twin, finding.score or 0.0, finding.message)
        if finding is not None:
            findings.append(finding)
        if finding is None or finding.action is not Action.DROPPED:
            kept.add(key, block)
    return findings


def _scored(kept: _KeptIndex, key: str, min_ratio: float, cutoff: float) -> list[tuple[float, int, Block]]:
    """``(score, -index, block)`` for the kept paragraphs in reach of ``min_ratio``
    that score ``cutoff`` or more against key: one rapidfuzz call scores them all
    in C (rapidfuzz is imported on the first comparison, not at start-up)."""
    others, entries = kept.candidates(key, min_ratio, _comparisons().whole_up_to)
    hits = _similar(key, others, cutoff, kept.longest) if others else []
    return [(score, -kept.blocks[entries[i]].index, kept.blocks[entries[i]]) for _, score, i in hits]


def may_find_duplicates(keys: Sequence[str], config: Config) -> bool:
    """False when find_duplicates would find nothing in blocks with these comparison keys.

    Nothing is dropped then, so every paragraph long enough is compared with
    every earlier one: the rule finds nothing exactly when no key may pair with
    another (_keys_that_may_pair). Large documents are left to the rule.
    """
    pairing = _keys_that_may_pair(keys, config, first=True)
    return pairing is None or bool(pairing)


def _keys_that_may_pair(keys: Sequence[str], config: Config, *, first: bool = False) -> set[str] | None:
    """The keys, long enough to compare, that find_duplicates may pair with another:
    equal keys, a stem (_truncated_stem) and the keys that begin with it, and two
    keys scoring the flag threshold; with ``first``, the first such key found.
    None when there are too many keys or too long ones to screen (the rule
    compares them all).

    The rule compares a paragraph only with kept ones, and a paragraph no other
    may pair with finds nothing and is no other's twin: on a page, that is most
    of them. Pairs are scored shortest first against the keys long enough to
    reach the threshold, in one rapidfuzz call per key.
    """
    least = config.min_duplicate_length
    eligible = [key for key in keys if len(key) >= least]
    if len(eligible) < 2:
        return set()
    if len(eligible) > _KeptIndex.ALL_PAIRS_LIMIT:
        return None
    pairing: set[str] = set()
    distinct = set(eligible)
    if len(distinct) < len(eligible):
        if first:
            return {eligible[0]}  # (equal keys, by hashing: scoring a paragraph against its copy costs)
        pairing = {key for key, count in Counter(eligible).items() if count > 1}
        eligible = list(distinct)
    eligible.sort(key=len)
    in_order: list[str] = []  # (sorted when a key may have a stem: most paragraphs end a sentence)
    for key in eligible:
        if key[-1:] not in ".!?" or key.endswith("..."):
            begun = _begun_by_stem_of(key, in_order or (in_order := sorted(eligible)))
            if begun and first:
                return {key}
            if begun:
                pairing.add(key)
                pairing.update(begun)
    lengths = list(map(len, eligible))
    extract, best, ratio, whole_up_to, paragraph_ratio = _comparisons()
    exact_end = bisect.bisect_right(lengths, whole_up_to)  # (beyond, compared by their pieces)
    if exact_end < len(eligible) and not first:
        return None
    cutoff = config.flag_threshold
    reach = _length_reach(cutoff)
    for i in range(len(eligible) - 1):
        end = bisect.bisect_right(lengths, lengths[i] * reach + 1, i + 1)
        whole = end if end <= exact_end else exact_end
        key = eligible[i]
        # (one rapidfuzz call for the keys in reach: the best of them, or all that score)
        if whole > i + 1:
            if first:
                if best(key, eligible[i + 1 : whole], scorer=ratio, score_cutoff=cutoff):
                    return {key}
            elif hits := extract(key, eligible[i + 1 : whole], scorer=ratio, score_cutoff=cutoff, limit=None):
                pairing.add(key)
                pairing.update(other for other, _, _ in hits)
        if end > whole:  # (only when ``first``: the rule compares long paragraphs itself)
            longer = eligible[max(whole, i + 1) : end]
            if any(paragraph_ratio(key, other, cutoff) for other in longer):
                return {key}
    return pairing


def _length_reach(score: float) -> float:
    """How many times longer than a key another may be and still score ``score``
    against it; the margin keeps rounding from excluding a pair rapidfuzz accepts."""
    return (1 + 1e-9) / _min_length_ratio(score) if score > 0 else inf


def _begun_by_stem_of(key: str, in_order: list[str]) -> list[str]:
    """The other keys (``in_order``: sorted) that begin with this key's stem and go on past it."""
    stem = _truncated_stem(key)
    if not stem:
        return []
    begun = []
    for other in islice(in_order, bisect.bisect_left(in_order, stem), None):
        if not other.startswith(stem):
            break
        if other != key and len(other) > len(stem):
            begun.append(other)
    return begun


class _Comparisons(NamedTuple):
    extract: Callable[..., Any]
    extract_one: Callable[..., Any]
    ratio: Callable[..., float]
    whole_up_to: int
    """Paragraphs up to this length are compared whole by ``ratio``; beyond, by ``paragraph_ratio``."""
    paragraph_ratio: Callable[..., float]


@cache
def _comparisons() -> _Comparisons:
    """rapidfuzz's functions and resemblance's, imported on the first comparison,
    not at start-up, and once: an import statement costs as much as a comparison."""
    from rapidfuzz import fuzz, process

    from ..resemblance import EXACT_RATIO, paragraph_ratio

    return _Comparisons(process.extract, process.extractOne, fuzz.ratio, EXACT_RATIO, paragraph_ratio)


def _similar(key: str, others: list[str], cutoff: float, longest: int) -> list[tuple[str, float, int]]:
    """``(other, score, index)`` for the others (none longer than ``longest``) scoring
    at least ``cutoff`` against key: in one rapidfuzz call, but for pairs beyond
    EXACT_RATIO (resemblance.paragraph_ratio)."""
    extract, _, ratio, whole_up_to, paragraph_ratio = _comparisons()
    # A paragraph too long to compare whole elsewhere in the document (a page's
    # inline script) is seldom among the others, whose lengths are in reach of
    # the key's: it must not make each of their pairs a Python call (up to 200 a
    # paragraph in a long document: 187 -> 146 us a line on 32 pages in one).
    in_reach = longest if longest <= whole_up_to else max(map(len, others), default=0)
    if len(key) <= whole_up_to and in_reach <= whole_up_to:
        hits: list[tuple[str, float, int]]
        hits = extract(key, others, scorer=ratio, score_cutoff=cutoff, limit=None)
        return hits
    scored = ((other, paragraph_ratio(key, other, cutoff), index) for index, other in enumerate(others))
    return [hit for hit in scored if hit[1] >= cutoff]


# A truncated copy keeps at least this share of the paragraph it copies;
# anything shorter is a quotation or a summary, not a scraped copy.
_MIN_TRUNCATED_SHARE = 0.5
_CLOSING_QUOTES = "\"'”’)"


def _truncated_stem(key: str) -> str | None:
    """What a copy cut short keeps: the text before a trailing ellipsis, or the
    whole text when it stops mid-sentence; None for whole sentences.

    Whole sentences standing alone (a pull quote, the lede repeated as a
    standfirst) are content; only a copy cut off mid-sentence is a teaser.

    >>> _truncated_stem("he said ..."), _truncated_stem("he said"), _truncated_stem("it rained.")
    ('he said', 'he said', None)
    """
    if key.endswith("..."):
        return key[:-3].rstrip()
    if key.endswith("…"):
        return key[:-1].rstrip()
    if key.rstrip(_CLOSING_QUOTES)[-1:] in (".", "!", "?"):
        return None
    return key


def _containing(stem: str, candidates: list[tuple[str, Block]]) -> Block | None:
    """An earlier kept paragraph that begins with all of this one (a copy cut short).

    Dropping such a paragraph loses nothing: every word of it is in the kept one,
    in the same place. Only the start counts: a sentence found inside a longer
    one ("Downing Street denied that the minister has resigned") may say the
    opposite of what it says alone.
    """
    for other_key, other in candidates:
        if len(other_key) > len(stem) and other_key.startswith(stem):
            return other
    return None


def _judge(block: Block, scored: list[tuple[float, int, Block]], config: Config) -> Finding | None:
    """The verdict on a paragraph given its similar, earlier, kept paragraphs."""
    if not scored:
        return None
    reasons = []
    for score, _, other in scored:
        if score < config.duplicate_threshold:
            break
        if _is_itemised(block.text):
            reasons.append((score, other, "list item or labelled answer"))
            continue
        reason = reason_to_keep(other.text, block.text, config.max_word_edits)
        if reason is None:
            return _dropped(block, other, score, "near-duplicate paragraph")
        reasons.append((score, other, reason))
    if reasons:
        score, other, reason = reasons[0]
    else:
        score, _, other = scored[0]
        reason = "below the duplicate threshold"
    return _flagged(block, other, score, f"similar to line {other.line} but kept: {reason}")


_LISTED_HEADING = "a heading its table of contents lists"
_QUOTED_AGAIN = "a quotation quoted again"
_ANSWERED_AGAIN = "the answer to another question"
#: How the messages of copies kept for their place end: what else the rule drops
#: can change their place, so the pipeline runs the rule again after its drops.
KEPT_FOR_ITS_PLACE = (_LISTED_HEADING, _QUOTED_AGAIN, _ANSWERED_AGAIN)


class _Context:
    """Where a paragraph stands, for the copies that are content by their place:
    a heading its table of contents lists, a quotation quoted twice."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = blocks
        self.by_line = {block.line: block for block in blocks}

    @cached_property
    def positions(self) -> dict[int, int]:
        return {block.line: i for i, block in enumerate(self.blocks)}

    @cached_property
    def contents(self) -> set[int]:
        return {self.blocks[i].line for i in contents_positions(self.blocks)}

    def before(self, block: Block) -> str:
        """The paragraph before this one, without trailing spaces ("" for the first)."""
        position = self.positions[block.line]
        return self.blocks[position - 1].text.rstrip() if position > 0 else ""

    def reason_to_keep(self, block: Block, twin: Block) -> str | None:
        if twin.line in self.contents and self.positions[block.line] - self.positions[twin.line] > 1:
            return _LISTED_HEADING
        before, before_twin = self.before(block), self.before(twin)
        if before.endswith(":") and before_twin.endswith(":"):
            return _QUOTED_AGAIN  # "..., she wrote:"
        if before.endswith("?") and before_twin.endswith("?") and before != before_twin:
            return _ANSWERED_AGAIN  # a FAQ's answer, given to two questions
        return None

    def verdict(self, block: Block, twin: Block, score: float, message: str) -> Finding:
        """The drop, or a flag when the copy's place makes it content."""
        reason = self.reason_to_keep(block, twin)
        if reason is None:
            return _dropped(block, twin, score, message)
        return _flagged(block, twin, score, f"copy of line {twin.line} but kept: {reason}")


def _is_itemised(text: str) -> bool:
    """List items and labelled answers ("A: ...", "Answer: ...") legitimately repeat."""
    return LIST_ITEM.match(text) is not None or LABELLED.match(text) is not None


def _finding(action: Action, block: Block, twin: Block, score: float, message: str) -> Finding:
    return Finding(
        rule=RULE,
        line=block.line,
        action=action,
        message=message,
        duplicate_of=twin.line,
        score=round(score, 1),
    )


def _flagged(block: Block, twin: Block, score: float, message: str) -> Finding:
    return _finding(Action.FLAGGED, block, twin, score, message)


def _dropped(block: Block, twin: Block, score: float, message: str) -> Finding:
    return _finding(Action.DROPPED, block, twin, score, message)
