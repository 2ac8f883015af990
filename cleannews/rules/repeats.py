"""Repeated headlines, captions and page furniture.

Scrapers print one short element several times: the page title and the h1,
an image's alt text, figcaption and title attribute, a headline again in a
"most read" box. The copies differ by what the page template adds around
them (templates.py) and by spacing, case and punctuation; a copy that differs
in any word is another line (one token is a plural, a number, a command).

Two scopes decide which printings are copies of each other:

- the document's headline (one of its first blocks) is matched anywhere:
  the page title on line 1 and the h1 thirty lines later are one headline;
- any other short block is matched only against its neighbours (within
  ``repeat_window``), because a short line repeated further away is as often
  a list item, a refrain or an answer as it is a copy.

Lines in a list (a run of short lines of one shape: fixtures, a table of
contents, Q&A) are never matched across a distance: the list's structure
says their repeats are content. The printing that stays is the clean one:
no site name, credit or label, not in capitals.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from typing import NamedTuple

from ..config import Config
from ..matching import comparison_key, has_two_letters, numbers_in, signs_in
from ..model import Action, Block, Finding, Line
from ..safety import resembles
from ..text_cache import next_document, per_text
from .furniture import FURNITURE_LINE, find_repeated_runs
from .keys import key_word_texts, words_key
from .lists import contents_positions, is_item
from .templates import (
    _CAPTION_PREFIX,
    MIN_CORE_WORDS,
    SITE_WORDS,
    is_credit_line,
    is_date_line,
    is_image_label,
    marks_a_picture,
    segments,
    undecorated,
    without_count,
)

RULE = "repeated_headlines"

# How many blocks more may stand between two printings of a caption when one of
# them says it is a caption (a label or a credit) than between other copies.
_PICTURE_REACH = 2

# The document's headline is the first headline-like block of its first two:
# the page title, or the headline after a dateline or a site's name.
_HEADLINE_POSITIONS = 2
# A rank before a headline or a counter after it: "2  Storm hits", "Storm hits 1".
_RANK = re.compile(r"^\s*\d{1,2}\.?\s+|\s+\d{1,3}\s*$")
_ELLIPSIS = re.compile(r"\s*(?:\.{3}|…)\s*$")
# A copy cut short keeps at least this many words of the headline.
_MIN_STEM_WORDS = 3


class _Printing(NamedTuple):
    """A block short enough to be a headline or caption, with its comparison keys
    (a named tuple: a page has hundreds, built again each round). What is left
    without the template's decoration is found only when asked for: most of a
    page's short lines share no two words in a row with any other, and cannot
    be a copy of one (_sharing_words)."""

    position: int  # in the list of blocks the rule was given
    block: Block
    key: str  # the whole text, punctuation ignored
    stem: str | None  # the key of the text before a trailing ellipsis: a copy cut short
    parts_core: str | None = None
    """The core when every part of the line is printed alone elsewhere (``_Scan._printed_parts``)."""

    @property
    def core(self) -> str:
        """The key without the template's decoration: a run of two or more of the key's words."""
        return self.parts_core or _undecorated_keys(self.block.text, self.key)[0]

    @property
    def numbers(self) -> tuple[str, ...]:
        """What no copy may change: figures (the decoration's too) and symbols."""
        return _undecorated_keys(self.block.text, self.key)[1]

    @property
    def decoration(self) -> frozenset[str]:
        """Words of the text that are not in the core; empty when clean."""
        return _decoration(self.key, self.core)

    @property
    def clean(self) -> bool:
        return self.key == self.core and not self.in_capitals

    @property
    def captioned(self) -> bool:
        """ "Image caption: Water covered the A38": a figcaption's label, which the
        plain printing (the alt text) does without."""
        return _CAPTION_PREFIX.match(self.block.text) is not None

    @property
    def in_capitals(self) -> bool:
        """ "BATES SEALS TAKEOVER": a template's styling ("A ¼" or "US" is not)."""
        text = self.block.text
        return text.isupper() and sum(c.isupper() for c in text) >= 4

    def same_headline(self, other: _Printing) -> bool:
        """The same words once decoration is set aside; two decorated printings
        must carry the same decoration, give or take words ("| BBC News" and
        "- BBC"): "Results | Scotland" and "Results | Wales" are two headlines."""
        if self.numbers != other.numbers and not self._same_numbers_in_capitals(other):
            return False  # "-5C" / "5C", "£5m" / "$5m": punctuation that is content
        if self.key == other.key:
            return True
        return self.core == other.core and (
            self.clean
            or other.clean
            or self.decoration <= other.decoration
            or other.decoration <= self.decoration
        )

    def _same_numbers_in_capitals(self, other: _Printing) -> bool:
        """ "$25BN" in "J&J AGREES $25BN DEAL" is the "$25bn" of the headline: a printing in
        capitals has lost the case of its units."""
        return (self.in_capitals or other.in_capitals) and [n.casefold() for n in self.numbers] == [
            n.casefold() for n in other.numbers
        ]

    def cut_from(self, other: _Printing) -> bool:
        """Is this printing the other one cut short ("Saving data: Reducing the si...")?"""
        stem = self.stem
        return stem is not None and len(other.key) > len(stem) and other.key.startswith(stem)


@per_text
def _part_keys(text: str) -> tuple[str, ...]:
    """The keys of a line's parts between a template's separators; none when it has one part
    (cached: the rule runs again on what each round of drops leaves)."""
    parts = segments(text)
    return tuple(words_key(part) for part in parts) if len(parts) > 1 else ()


@per_text
def _decoration(key: str, core: str) -> frozenset[str]:
    return frozenset(key.split()) - frozenset(core.split())


def _printing(position: int, block: Block, config: Config) -> _Printing | None:
    text = block.text
    if len(block.lines) > 1 or len(text) > config.headline_max_length:
        return None
    keys = _keys(text)
    return None if keys is None else _Printing(position, block, *keys)


@per_text
def _keys(text: str) -> tuple[str, str | None] | None:
    """Key and stem of a text that can be a printing, else None; cached, since
    the rule runs again on what is left after each round of drops."""
    if not has_two_letters(text):
        return None
    key = words_key(text)
    if key.count(" ") < MIN_CORE_WORDS - 1:
        return None  # one word ("Help!", "Screenshot") is a refrain or an answer as often as a copy
    return key, _stem(text)


@per_text
def _undecorated_keys(text: str, key: str) -> tuple[str, tuple[str, ...]]:
    """Core and numbers of a printing (see _Printing)."""
    plain = undecorated(text)
    core = words_key(plain)
    # The core is a run of the text's words: a credit glued to a word ("hitsPhoto:
    # Getty Images") would leave a word ("hits") the text does not have, and both
    # the fast path's screen (a copy's words are among the other's) and the
    # grouping (copies share two words in a row) rest on it.
    if core.count(" ") < MIN_CORE_WORDS - 1 or f" {core} " not in f" {key} ":
        core, plain = key, text
    return core, numbers_in(plain) + _decoration_numbers(text, plain) + signs_in(plain)


def _decoration_numbers(text: str, plain: str) -> tuple[str, ...]:
    """The numbers of what reads as decoration, which are content all the same:
    "Part 2", "Part Two", "Budget 2024: ...", "Episode 4: ...". A teaser's count ("1623
    Comments") and a date ("- Feb. 1, 2016") are the template's."""
    if plain == text:
        return ()
    rest = without_count(text).replace(plain, " ", 1).strip(" |–—-:·•/()[],")
    return () if not rest or is_date_line(rest) else numbers_in(rest)


def _stem(text: str) -> str | None:
    """The key of the text before a trailing ellipsis, when enough is left."""
    cut = _ELLIPSIS.search(text) if text.rstrip().endswith(("...", "…")) else None
    if cut is None:
        return None
    stem = words_key(text[: cut.start()])
    return stem if len(stem.split()) >= _MIN_STEM_WORDS else None


def _printings(blocks: Sequence[Block], config: Config) -> list[_Printing | None]:
    return [_printing(position, block, config) for position, block in enumerate(blocks)]


# --- the rule ----------------------------------------------------------------


def find_repeated_headlines(blocks: Sequence[Block], config: Config) -> list[Finding]:
    """One DROPPED finding for every extra printing of a headline or caption,
    and for every block of a repeated run of page furniture (furniture.py); a
    FLAGGED one for cells of a table's rows printed again, which stay.

    Its settings are its own: ``headline_max_length`` (what can be a headline
    or caption) and ``repeat_window`` (how far apart copies stand). It has no
    similarity threshold: printings are copies when their words are the same
    once decoration is set aside, so ``duplicate_threshold`` and
    ``flag_threshold``, the paragraph rule's, do not change it."""
    printings = _printings(blocks, config)
    findings = _headline_findings(blocks, printings, config)
    gone = {f.line for f in findings}
    remaining = [block for block in blocks if block.line not in gone]
    runs = find_repeated_runs(remaining, config) if config.paragraph_breaks else []
    # A run may take the printing a headline's copy was dropped for: that copy
    # then names the run's first printing, which has the same words.
    twin_of = {f.line: f.duplicate_of for f in runs if f.action is Action.DROPPED}
    findings = [
        replace(f, duplicate_of=twin_of[f.duplicate_of]) if f.duplicate_of in twin_of else f for f in findings
    ]
    return findings + runs


def _headline_findings(
    blocks: Sequence[Block], printings: list[_Printing | None], config: Config
) -> list[Finding]:
    scan = _Scan(blocks, printings, config)
    scan.drop_cut_short()
    scan.drop_printings_again()
    scan.drop_contained_neighbours()
    scan.drop_run_together_names()
    scan.drop_numbered_headline_copies()
    return scan.findings()


class _Scan:
    """One pass of the rule over a document: what it knows and what it drops.

    ``dropped`` maps a block's position to the printing kept instead and why.
    """

    def __init__(self, blocks: Sequence[Block], printings: list[_Printing | None], config: Config) -> None:
        self.blocks = blocks
        self.printings = printings
        self.config = config
        self.in_contents = contents_positions(blocks)
        # A file kept in its own layout was written by a person (a poem's refrain,
        # a list): only copies right after their twin are a scraper's.
        self.headlines = _headline(printings, self.in_contents) if config.paragraph_breaks else set()
        self.dropped: dict[int, tuple[_Printing, str]] = {}
        # A line made of parts printed alone elsewhere -> the positions of those printings,
        # which must stay for the line to go (_printed_parts).
        self.parts_printed_at: dict[int, tuple[int, ...]] = {}

    def findings(self) -> list[Finding]:
        found = []
        for position, (twin, message) in sorted(self.dropped.items()):
            twin = self._kept_for(twin)
            if not self._parts_stay(position):
                continue
            # A tiny headline under a long decoration ("1A 0" in "0¹:2 – : 1A:0|0")
            # is too little of the line to vouch for it: the line stays.
            if resembles(twin.block.text, self.blocks[position].text):
                found.append(_dropped(self.blocks[position], twin, message))
        return found

    def _parts_stay(self, position: int) -> bool:
        """Does every part of a line dropped for its parts (``_printed_parts``) stay printed: its
        printing kept, or dropped for one with the same words?"""
        holders = (self.printings[at] for at in self.parts_printed_at.get(position, ()))
        return all(holder is None or self._kept_for(holder).key == holder.key for holder in holders)

    def _kept_for(self, twin: _Printing) -> _Printing:
        """The printing that stays for ``twin``: itself, or what it was dropped for (a cut-short
        copy of a printing that went too names the one that stays)."""
        while twin.position in self.dropped:
            twin = self.dropped[twin.position][0]
        return twin

    def _printed_parts(self, printings: list[_Printing], near: set[int]) -> list[_Printing]:
        """The printings, those made of parts each printed alone elsewhere on the page
        ("Evolve: Shared history — evolve extension for Mercurial" beside "Evolve: Shared
        history" and "evolve extension for Mercurial") with the core of their longest part's
        printing: such a line is a copy, whatever ``undecorated`` makes of it, and dropping it
        loses nothing while those printings stay (``findings`` checks that they do, whichever
        step drops it). Only those at the positions ``near`` need that core for grouping."""
        alone: dict[str, _Printing] = {}
        for printing in self.printings:
            if printing is not None:
                alone.setdefault(printing.key, printing)
        found = []
        for printing in printings:
            parts = _part_keys(printing.block.text)
            if parts:
                holders = [alone.get(part) for part in parts]
                if all(h is not None and h.position != printing.position for h in holders):
                    held = [h for h in holders if h is not None]
                    longest = max(held, key=lambda h: h.key.count(" "))
                    self.parts_printed_at[printing.position] = tuple(h.position for h in held)
                    if printing.position in near:
                        printing = printing._replace(parts_core=longest.core)
            found.append(printing)
        return found

    def drop_cut_short(self) -> None:
        # Whole printings by key, for a cut-short copy far from its whole: in scraped
        # text a teaser box cuts the headlines it repeats wherever it stands.
        wholes = sorted(
            (p.key, p.position)
            for p in self.printings
            if p is not None and p.stem is None and p.position not in self.in_contents
        )
        for short in self.printings:
            if short is None or short.stem is None:
                continue
            whole = self._whole_printing(short)
            if whole is None and self.config.paragraph_breaks and short.position not in self.in_contents:
                for index in range(bisect_left(wholes, (short.stem,)), len(wholes)):
                    key, position = wholes[index]
                    if not key.startswith(short.stem):
                        break
                    if len(key) > len(short.stem):
                        whole = self.printings[position]
                        break
            if whole is not None:
                self.dropped[short.position] = (whole, "headline or caption cut short")

    def _whole_printing(self, short: _Printing) -> _Printing | None:
        """The printing a cut-short one was cut from: a neighbour, or the headline."""
        window = self.config.repeat_window
        near = range(max(0, short.position - window), short.position + window + 1)
        candidates = [self.printings[i] for i in near if i < len(self.printings) and i != short.position]
        if short.position not in self.in_contents:
            candidates += [self.printings[i] for i in sorted(self.headlines)]
        for other in candidates:
            if other is not None and other is not short and short.cut_from(other) and other.stem is None:
                return other
        return None

    def drop_printings_again(self) -> None:
        """Every printing of a headline but the best one, among those that are copies."""
        left = [p for p in self.printings if p is not None and p.position not in self.dropped]
        sharing, near = _sharing_words(left, self.config.repeat_window + _PICTURE_REACH, self.headlines)
        groups: dict[str, list[_Printing]] = {}
        for printing in self._printed_parts(sharing, near):
            if printing.position in near:
                groups.setdefault(printing.core, []).append(printing)
        for group in groups.values():
            if len(group) == 1:
                continue
            for cluster in self._clusters(group):
                keep = _best(cluster)
                labels = [(p.decoration, _form(p.block.text)) for p in cluster if p.decoration]
                kept_keys = {keep.key}
                for printing in cluster:
                    if printing is keep or not keep.same_headline(printing):
                        continue
                    told_apart = _told_apart(printing.decoration, _form(printing.block.text), labels)
                    if printing.key not in kept_keys and told_apart:
                        kept_keys.add(printing.key)  # "Results | Scotland" next to "Results | Wales"
                        continue
                    self.dropped[printing.position] = (keep, "headline or caption printed again")

    def _clusters(self, group: list[_Printing]) -> list[list[_Printing]]:
        """Printings of one core that are copies of each other: the headline with
        every printing outside a table of contents, and runs of neighbours."""
        anchored: list[_Printing] = []
        if any(p.position in self.headlines for p in group):
            anchored = [
                p for p in group if p.position in self.headlines or p.position not in self.in_contents
            ]
        taken = {p.position for p in anchored}
        clusters = [anchored] if len(anchored) > 1 else []
        run: list[_Printing] = []
        for printing in group:
            if printing.position in taken:
                continue
            # A run links copies only: "Results | Scotland", "Results | Wales",
            # "Results | Scotland" are three lines, not a headline printed twice.
            if run and (
                printing.position - run[-1].position > self._reach(run[-1], printing)
                or is_item(printing.block, self.blocks, printing.position)
                or not run[-1].same_headline(printing)
            ):
                clusters.append(run)
                run = []
            run.append(printing)
        clusters.append(run)
        return [cluster for cluster in clusters if len(cluster) > 1]

    def _reach(self, earlier: _Printing, later: _Printing) -> int:
        """How far apart two printings of one core may stand and be copies: next
        to each other (``repeat_window``), or a little further when one says it
        is a picture's caption (a label or a credit): the alt text, the caption
        and the credit of one picture are printed around it, a paragraph between
        them at times, and a refrain or a list item carries no photo credit."""
        window = self.config.repeat_window
        if earlier.key == later.key:
            return window  # (a credit line printed again is furniture's, anywhere)
        if marks_a_picture(earlier.block.text) or marks_a_picture(later.block.text):
            return window + _PICTURE_REACH
        return window

    def drop_contained_neighbours(self) -> None:
        """A printing that is all of its neighbour up to a colon (an alt text and
        the caption that goes on after it)."""
        for first, second in pairwise(self.printings):
            if first is None or second is None or first.position in self.dropped:
                continue
            if second.position in self.dropped:
                continue
            if _one_within(first, second):
                self.dropped[first.position] = (second, "headline or caption within the next line")
            elif _one_within(second, first):
                self.dropped[second.position] = (first, "headline or caption within the line before")

    def drop_numbered_headline_copies(self) -> None:
        """The headline with a bare number before or after it ("2 Storm hits coast"
        in a most-read box, "Storm hits coast 1" as a gallery's alt text). Only
        the headline's: elsewhere a number is content ("1 cup sugar")."""
        if not self.headlines:
            return
        [position] = self.headlines
        kept = self.dropped[position][0] if position in self.dropped else self.printings[position]
        if kept is None:
            return
        for printing in self.printings:
            if printing is None or printing.position in self.dropped or printing is kept:
                continue
            if printing.position in self.in_contents:
                continue
            bare = _without_rank(printing.block.text)
            if bare is not None and words_key(bare) == kept.core:
                self.dropped[printing.position] = (kept, "headline printed again with a number")

    def drop_run_together_names(self) -> None:
        """ "PatrickAllan" (an avatar's alt text) next to "Patrick Allan"."""
        for position, block in enumerate(self.blocks):
            joined = _run_together(block.text) if " " not in block.text.strip() else None
            if joined is None or position in self.dropped:
                continue
            for neighbour in (position - 1, position + 1):
                printing = self.printings[neighbour] if 0 <= neighbour < len(self.printings) else None
                if (
                    printing is not None
                    and neighbour not in self.dropped
                    and (printing.key.replace(" ", "") == joined)
                ):
                    self.dropped[position] = (printing, "a name printed again without its spaces")
                    break


# Headlines have three words or more ("Storm hits coast"); two are a label
# and its value ("Status: unchanged") as often.
_MIN_HEADLINE_WORDS = 3
# A dateline stands where a headline would: "Last updated: 24 September, 11:43 GMT".
_DATELINE = re.compile(r"(?i)\b(?:updated|published|posted)\b|\b\d{1,2}:\d{2}\b")


def _without_rank(text: str) -> str | None:
    """The text without the rank before it or the counter after it (_RANK), or None
    when it has neither."""
    if not _may_be_ranked(text):
        return None
    bare = _RANK.sub("", text)
    return None if bare == text else bare


def _may_be_ranked(text: str) -> bool:
    """Can _RANK find a number a copy of a headline (two words or more) could carry?
    Its first word is a number of one or two digits (a dot after it) or its last one
    of up to three (no regex run: "1.20 dlrs vs 1.10" and "12,345" are neither)."""
    if not (text.rstrip()[-1:].isdigit() or text.lstrip()[:1].isdigit()):
        return False  # (most texts, at once)
    first, *rest = text.split(None, 1) or [""]
    last = rest[0].rsplit(None, 1)[-1] if rest else first
    first = first[:-1] if first.endswith(".") else first
    return (len(first) <= 2 and first.isdecimal()) or (len(last) <= 3 and last.isdecimal())


def _run_together(text: str) -> str | None:
    """The key of a one-word text ("PatrickAllan", an avatar's alt text), else None."""
    if " " in text.strip() or len(text) > 60:
        return None
    key = words_key(text).replace(" ", "")
    return key if len(key) > 3 else None


def _one_within(short: _Printing, long: _Printing) -> bool:
    """Is the short printing all of the long one up to a colon ("Anomaly in code
    500" / "Anomaly in code 500: we spotted it on the chart"), an alt text and
    the caption that goes on from it? Dropping it loses nothing. (After a dash
    or a comma the rest is a subtitle: "Storm Ciarán – What We Know".)"""
    if short.stem is not None or not long.key.startswith(short.key + " "):
        return False
    words = len(short.block.text.split())
    tokens = long.block.text.split()
    return len(tokens) > words > 0 and tokens[words - 1].endswith(":")


def _headline(printings: list[_Printing | None], in_list: set[int]) -> set[int]:
    """The position of the document's headline: its first block, or its second
    after a dateline; empty when neither looks like a headline."""
    for position, printing in enumerate(printings[:2]):
        if printing is not None and _headline_like(printing) and position not in in_list:
            return {position}
        if printing is None or not _DATELINE.search(printing.block.text):
            break
    return set()


def _headline_like(printing: _Printing) -> bool:
    """Headlines do not end a sentence with a full stop; a paragraph does."""
    text = printing.block.text
    if printing.key.count(" ") < _MIN_HEADLINE_WORDS - 1 or _DATELINE.search(text):
        return False
    return not text.rstrip("\"'”’)]").endswith(".") or text.endswith("...")


def _sharing_words(
    printings: list[_Printing], reach: int, headlines: set[int]
) -> tuple[list[_Printing], set[int]]:
    """The printings whose key has two words in a row that another's has too, and
    the positions of those that share such a pair with a printing at most ``reach``
    blocks away or with the headline (at a position of ``headlines``).

    Two printings of one core share its first two words (a core is a run of two
    words or more of each key): the others are printed once, whatever their
    decoration. And _Scan._clusters makes a printing the copy of another only when
    one is the headline or they stand that close: only those near another need
    their core (undecorated(), ~15 µs), which in a long document is a few of the
    many that share "said the" or "mln dlrs" with some line far away."""
    head_pairs = {pair for p in printings if p.position in headlines for pair in pairwise(p.key.split(" "))}
    first_with: dict[tuple[str, str], int] = {}
    last_at: dict[tuple[str, str], int] = {}  # the position of the latest printing with the pair
    sharing: set[int] = set()
    near: set[int] = set()
    for index, printing in enumerate(printings):
        position = printing.position
        for pair in pairwise(printing.key.split(" ")):
            earlier = first_with.setdefault(pair, index)
            if earlier != index:
                sharing.update((earlier, index))
                before = last_at[pair]
                if before != position and position - before <= reach:
                    near.update((before, position))
            if pair in head_pairs:
                near.add(position)  # (the headline too: one more core costs only time)
            last_at[pair] = position
    return [printing for index, printing in enumerate(printings) if index in sharing], near


def _told_apart(
    decoration: frozenset[str], form: frozenset[str], labels: list[tuple[frozenset[str], frozenset[str]]]
) -> bool:
    """Does a decoration tell its printing apart from another decorated one of the
    same form (neither within the other: "| Scotland" and "| Wales", "- vegan" and
    "- gluten free")? Then it names an item, not the site, and the printing is
    content. One template prints a list's items alike; decorations of different
    forms ("(Video)", "» Wire", "Breaking: ") are the templates of one page
    printing its headline (the title, the alt text, a teaser), so they tell
    nothing apart."""
    if not decoration or not decoration.isdisjoint(SITE_WORDS):
        return False  # ("- The Daily Post" and "| BBC News" are two sites' names for one headline)
    return any(
        not (decoration <= other or other <= decoration) and other_form == form
        for other, other_form in labels
        if other.isdisjoint(SITE_WORDS)
    )


# The marks a template sets between a headline and its decoration.
_SEPARATOR_MARKS = frozenset("|:«»•·/-–—,()[]")


def _form(text: str) -> frozenset[str]:
    """The separator marks of a printing (its headline's own included, which its
    copies share), a doubled mark counted as a mark of its own: a label's colon
    ("Breaking: ...") and a spaced "::" ("... :: Newswire") are two templates."""
    marks = set()
    for doubled in _DOUBLED_MARKS:
        if doubled in text:
            marks.add(doubled)
            text = text.replace(doubled, " ")
    return _SEPARATOR_MARKS.intersection(text) | marks


_DOUBLED_MARKS = ("::", "--", ">>", "//")


def _best(cluster: list[_Printing]) -> _Printing:
    """The first clean printing without a caption label; else the first clean
    one; else the least decorated (the first of those)."""
    for printing in cluster:
        if printing.clean and not printing.captioned:
            return printing
    for printing in cluster:
        if printing.clean:
            return printing
    return min(cluster, key=lambda p: (len(p.decoration), p.in_capitals, p.position))


def _dropped(block: Block, keep: _Printing, message: str) -> Finding:
    return Finding(
        rule=RULE,
        line=block.line,
        action=Action.DROPPED,
        message=message,
        duplicate_of=keep.block.line,
        score=100.0,
    )


def may_find_repeats(texts: Sequence[str], config: Config, keys: Sequence[str] | None = None) -> bool:
    """False when find_repeated_headlines would find nothing in one-line blocks of these texts.

    Building printings strips templates with many regular expressions; most
    articles are proved to need none by their words alone. Every drop of one
    printing for another needs the words of one to be among the words of the
    other (the clean printing's, or the one with less decoration; a copy cut
    short and the headline printed again with a number are exempt and checked
    apart), between two neighbours or two
    printings that share a word with the headline; furniture needs two
    neighbouring short lines printed twice; a run-together name needs a
    one-word neighbour. ``keys``, the texts' comparison keys when known, spare
    computing them again.
    """
    limit = max(config.headline_max_length, FURNITURE_LINE)
    short = [i for i, text in enumerate(texts) if len(text) <= limit]
    if len(short) < 2:
        return False
    spelled = key_word_texts([keys[i] if keys is not None else comparison_key(texts[i]) for i in short])
    longest = config.headline_max_length
    printable = short if longest >= limit else [i for i in short if len(texts[i]) <= longest]
    if len(short) > _FEW_SHORT or _any_within_another(spelled):
        words = {i: frozenset(found.split()) for i, found in zip(short, spelled, strict=True)}
        printed = {i: words[i] for i in printable}
        nested = _may_pair(printed, config.repeat_window, texts) or _may_be_furniture(texts, words)
    else:
        nested = False  # (both need the words of one short text among another's)
    if nested or _may_be_cut_or_joined(texts, printable) or _may_be_numbered_copy(texts, printable):
        next_document()  # (the rule is about to fill the per-text caches: see text_cache)
        blocks = [Block.of(i, (Line(2 * i + 1, text),)) for i, text in enumerate(texts)]
        return bool(find_repeated_headlines(blocks, config))
    return False


# Up to this many short paragraphs (an article's, not a page's), the screen
# first looks for one whose words may all be in another: most articles have
# none, and building word sets costs more than counting words.
_FEW_SHORT = 16


def _any_within_another(spelled: list[bytes]) -> bool:
    """May the words of one text (separated by spaces) all be among those of
    another? Each of its words is then found at least twice in all the texts
    together, once in each: counts in C, which fail for most texts at their
    last word."""
    count = b"\n".join(spelled).count
    for found in spelled:
        # A word is in its own text: a count of 1 says it is in no other one.
        # The last word first, alone: "the" or "in" begins a text more often.
        last = found.rsplit(None, 1)
        if last and count(last[-1]) == 1:
            continue
        if 1 not in map(count, found.split()):
            return True
    return False


# The printings sharing a word with the headline are screened in pairs up to
# this many; more (a page of menus) go to the rule.
_MOST_PAIRS_SCREENED = 64


def _may_pair(words: dict[int, frozenset[bytes]], window: int, texts: Sequence[str]) -> bool:
    """Two neighbours (a little further apart when one marks a picture: _Scan._reach),
    or two printings sharing a word with the headline, whose words are nested
    (``words`` is in text order)."""
    items = list(words.items())
    reach = window + _PICTURE_REACH
    for offset in range(1, reach + 1):  # (positions rise: items further apart are too far)
        for (i, first), (j, second) in zip(items, items[offset:], strict=False):
            nested = j - i <= reach and first and second and (first <= second or second <= first)
            if nested and (j - i <= window or marks_a_picture(texts[i]) or marks_a_picture(texts[j])):
                return True
    for anchor in (0, 1):
        head = words.get(anchor)
        if not head:
            continue
        group = [found for i, found in words.items() if found and (i == anchor or not found.isdisjoint(head))]
        if len(group) > _MOST_PAIRS_SCREENED:
            return True  # the rule itself is linear; the screen over pairs would not be
        group.sort(key=len)  # a set can only be within one at least as large
        for k, smaller in enumerate(group):
            for m in range(k + 1, len(group)):
                if smaller <= group[m]:
                    return True
    return False


def _may_be_furniture(texts: Sequence[str], words: dict[int, frozenset[bytes]]) -> bool:
    """Two neighbouring short lines printed twice, in order, as every repeated run
    has them (neighbours once lines that are only a date are passed over), or a
    photo credit or a picture's label printed again (equal keys have equal word sets)."""
    short = [found for i, found in words.items() if len(texts[i]) <= FURNITURE_LINE]
    if len(set(short)) == len(short):
        return False  # both need a short line printed twice
    order = [
        i
        for i in range(len(texts))
        if i not in words or len(texts[i]) > FURNITURE_LINE or not is_date_line(texts[i])
    ]
    pairs = [
        (words[i], words[j])
        for i, j in pairwise(order)
        if i in words and j in words and len(texts[i]) <= FURNITURE_LINE >= len(texts[j])
    ]
    if len(set(pairs)) < len(pairs):
        return True
    seen: set[frozenset[bytes]] = set()
    for i, line_words in words.items():
        if line_words in seen and (is_credit_line(texts[i]) or is_image_label(texts[i])):
            return True  # (a credit or label printed again: its first printing is one too)
        seen.add(line_words)
    return False


def _may_be_numbered_copy(texts: Sequence[str], printable: list[int]) -> bool:
    """A short text (``printable``: the positions of those short enough to be
    headlines) with a number before or after it whose other words are all among
    those of one of the first two texts (_Scan.drop_numbered_headline_copies:
    "Storm hits coast 1" under "Storm hits coast (Getty)", where neither text's
    words are among the other's). ~1.5 µs a Reuters article."""
    heads: dict[int, frozenset[str]] = {}
    for i in printable:
        if (bare := _without_rank(texts[i])) is None:
            continue
        words = frozenset(words_key(bare).split())
        for j in (0, 1):
            if j != i and j < len(texts):
                head = heads.get(j) or heads.setdefault(j, frozenset(words_key(texts[j]).split()))
                if words <= head:
                    return True
    return False


def _may_be_cut_or_joined(texts: Sequence[str], printable: list[int]) -> bool:
    """A short text ending in an ellipsis, or a one-word text next to a short one
    (``printable``: the positions of the texts short enough to be headlines)."""
    for i in printable:
        text = texts[i]
        if ("..." in text or "…" in text) and _ELLIPSIS.search(text):
            return True
        if " " not in text.strip() and (joined := _run_together(text)) is not None:
            for j in (i - 1, i + 1):
                if j in printable and words_key(texts[j]).replace(" ", "") == joined:
                    return True
    return False
