"""Repeated headlines and captions.

Scrapers print one short element several times in a row: the page title and
the h1, or an image's alt text, figcaption and title attribute. The copies
differ by what the page template adds around them: a site suffix, a photo
credit, spacing, case and punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cached_property
from itertools import islice
from operator import eq

from ..config import Config
from ..lazy_patterns import LazyPattern
from ..matching import LABELLED, LIST_ITEM, comparison_key, difference, has_two_letters, numbers_in
from ..model import Action, Block, Finding, Line

RULE = "repeated_headlines"

# Words that make a suffix a publisher's name rather than part of a headline:
# "| BBC News" and "- The Daily Post" are template; "- What We Know" and
# "(Scotland)" are content and must not be stripped.
_PUBLISHER = (
    r"(?i:News|Times|Post|Daily|Herald|Guardian|Telegraph|Journal|Tribune|Gazette|Online|Press|"
    r"Media|Network|TV|Radio|Magazine|Weekly|Express|Mail|Mirror|Independent|Observer|Standard|"
    r"Chronicle|Reuters|Bloomberg|Associated|Agency|Wire|Images|Getty|Photos?|Pictures?|Pool|"
    r"Handout|Shutterstock|Alamy|Xinhua)"
)
# News agencies and broadcasters that credit photos and sign page titles. Other
# capitals are content: "Election results (US)", "Waiting lists, NHS".
_ACRONYM = (
    r"(?:AP|AFP|PA|EPA|UPI|DPA|ANSA|PTI|IANS|AAP|CP|EFE|KCNA|IRNA|WENN|REX|SWNS|BBC|CNN|ITV|"
    r"NPR|ABC|CBS|NBC|RTE|CBC|SABC|DW|RFI|AJ|MSNBC|ITN|GMTV)"
)
_CAPITALISED = r"[A-Z][\w.&'’]*"
_PUBLISHER_NAME = (
    rf"(?:(?:{_CAPITALISED}\s+){{0,3}}{_PUBLISHER}\b(?:\s+{_CAPITALISED}){{0,2}}"
    rf"|{_ACRONYM}(?:\s+{_PUBLISHER})?\b|[\w-]+(?:\.[\w-]+)*\.(?:com|co\.uk|org|net|news))"
)
# A section of a site between separators: "Business", "UK Politics".
_SECTION = r"[A-Z][\w&'’]*(?:\s+[A-Z&][\w&'’]*){0,2}"
# Separators a page title puts between headline, section and site name.
_SEPARATOR = r"(?:\s*(?:\||::|«|»|•|·|/)\s*|\s+[-–—:]\s+|,\s+)"
# What a page template appends to a headline or caption: "| BBC News",
# "- Reuters", ":: BBC News", "| Business | BBC News", "| BBC NEWS | UK".
_SITE_SUFFIX = LazyPattern(
    rf"{_SEPARATOR}(?:{_SECTION}{_SEPARATOR}){{0,2}}{_PUBLISHER_NAME}(?:{_SEPARATOR}{_SECTION}){{0,2}}\s*$"
)
# ... or puts before it: "BBC News - ", "BBC NEWS | Business | ".
_SITE_PREFIX = LazyPattern(rf"^{_PUBLISHER_NAME}(?:{_SEPARATOR}{_SECTION}){{0,2}}{_SEPARATOR}(?=\S)")
# Tags for the kind of page: "(video)", "- Updated", "[Live]".
_PAGE_TAG = LazyPattern(
    r"(?:\s*[(\[](?i:video|updated|live|watch|audio|pictures|photos|in pictures)[)\]]"
    r"|\s+[-–—|:]\s*(?i:video|updated|live|watch))\s*$"
)
# A photo credit: "(Reuters)", "(© AFP)", "[Reuters]", "Photo: Getty Images",
# "(Photo: John Smith)", "Photo by John Smith/AFP", "© Reuters", "/ Getty Images",
# "REUTERS/Toby Melville", "Image copyright PA".
_CREDIT_SUFFIX = LazyPattern(
    rf"(?:\s*[(\[]\s*(?:©\s*)?{_PUBLISHER_NAME}(?:\s*/\s*{_PUBLISHER_NAME})*\s*[)\]]"
    r"|\s*[(\[]?\s*(?i:photo(?:graph)?s?|pictures?|image|credit|source)\s*(?::|\bby\b)\s*[^()\[\]:]{1,50}[)\]]?"
    r"|\s*[(\[]?©\s*[^©()\[\]]{1,40}[)\]]?"
    rf"|\s*/\s*{_PUBLISHER_NAME}"
    r"|\s+[A-Z]{2,}/[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}"
    r"|\s*Image (?:copyright|source|caption)\s+[^:]{1,40})$"
)
# Every decoration above contains one of these; most lines contain none, and
# a literal search is far cheaper than the end-anchored patterns.
_MAY_BE_DECORATED = re.compile(
    r"[|–—()\[\]«»•·/©:,]|\s-|(?i:photo|picture|image|credit|source|video|updated|live|watch)"
)
# How captions introduce themselves; the same caption may come with or without.
_CAPTION_PREFIX = re.compile(
    r"^(?i:Image caption|Media caption|Enlarge this image|Photograph|Pictured|Picture|Photo|Image|"
    r"Caption|Enlarge)\s*:?\s+",
)
_PUNCTUATION = re.compile(r"[^\w\s]+")


def strip_template(text: str) -> str:
    """Remove site suffixes, page tags and photo credits from a headline or caption.

    >>> strip_template("Laura Ashley chief stepping down | BBC News")
    'Laura Ashley chief stepping down'
    >>> strip_template("Warren Lush (file photo) Photo: Getty Images")
    'Warren Lush (file photo)'
    >>> strip_template("Six Nations (file photo) (PA)")
    'Six Nations (file photo)'
    >>> strip_template("Storm hits coast | Business | BBC News")
    'Storm hits coast'
    """
    text = text.strip()
    if not _MAY_BE_DECORATED.search(text):
        return text
    while True:
        stripped = _CREDIT_SUFFIX.sub("", text)
        stripped = _SITE_SUFFIX.sub("", stripped)
        stripped = _PAGE_TAG.sub("", stripped).strip()
        if stripped == text or not stripped:
            return text
        text = stripped


def _strip_site_prefix(text: str) -> str:
    """ "BBC News - Storm hits coast" -> "Storm hits coast"."""
    return _SITE_PREFIX.sub("", text) if _MAY_BE_DECORATED.search(text) else text


class _Printing:
    """A block that may be a headline or caption, with its comparison keys.

    Only ``core`` is computed up front: most neighbouring blocks are rejected
    by one ratio on it, and the other keys are needed only for real matches.
    """

    def __init__(self, block: Block, text: str, site_prefix: str, stripped: str, core: str) -> None:
        self.block = block
        self.text = text
        self.site_prefix = site_prefix  # "BBC News - ", or ""
        self.stripped = stripped  # the text without site prefix, suffixes, tags and credits
        self.core = core  # comparison key of the text without template decorations

    @classmethod
    def of(cls, block: Block, config: Config) -> _Printing | None:
        text = block.text
        if len(block.lines) > 1 or len(text) > config.headline_max_length or LIST_ITEM.match(text):
            return None
        # "Answer: ..." said twice is an answer given twice; "Photo: ..." is a caption.
        if LABELLED.match(text) and not _CAPTION_PREFIX.match(text):
            return None
        unprefixed = _strip_site_prefix(text)
        stripped = strip_template(unprefixed)
        # comparison_key is cached, and the duplicates rule asks for the same key.
        core = comparison_key(_CAPTION_PREFIX.sub("", stripped))
        # One word ("Help!", "No.") is a refrain or an answer more often than a
        # headline; real headlines and captions have at least two.
        if not has_two_letters(core) or " " not in stripped:
            return None
        return cls(block, text, text[: len(text) - len(unprefixed)], stripped, core)

    @cached_property
    def key(self) -> str:
        """The core without punctuation."""
        return " ".join(_PUNCTUATION.sub(" ", self.core).split())

    @cached_property
    def decoration(self) -> frozenset[str]:
        """Words of the suffix or credit that was stripped; empty when clean."""
        removed = self.site_prefix + " " + self.text[len(self.site_prefix) + len(self.stripped) :]
        return frozenset(_PUNCTUATION.sub(" ", removed.casefold()).split())

    @property
    def clean(self) -> bool:
        # An all-capitals printing is the template's styling of the headline.
        return not self.decoration and not self.in_capitals

    @property
    def captioned(self) -> bool:
        """ "Image caption: Water covered the A38": a figcaption's label, which the
        plain printing (the alt text) does without."""
        return _CAPTION_PREFIX.match(self.stripped) is not None

    @property
    def in_capitals(self) -> bool:
        """ "BATES SEALS TAKEOVER": a template's styling ("A ¼" or "US" is not)."""
        return self.text.isupper() and sum(c.isupper() for c in self.text) >= 4

    @cached_property
    def numbers(self) -> tuple[str, ...]:
        return numbers_in(self.text)


def _same_headline(a: _Printing, b: _Printing, config: Config) -> float | None:
    """Similarity score when b is a printing of a, else None."""
    from rapidfuzz import fuzz

    if comparison_key(a.text) == comparison_key(b.text):
        return 100.0  # the same words, in other capitals or quotes
    score = fuzz.ratio(a.core, b.core, score_cutoff=config.flag_threshold)
    if not score:
        return None
    # A number that differs is content ("Part 1" / "Part 2"), not decoration.
    if a.numbers != b.numbers:
        return None
    # Two decorated printings must carry the same decoration, give or take a
    # word ("| BBC News" and "- BBC"): "Results (Scotland)" and "Results (Wales)"
    # are two headlines.
    if not (a.clean or b.clean or a.decoration <= b.decoration or b.decoration <= a.decoration):
        return None
    if a.key == b.key:
        # Equal once punctuation is ignored ("Rellie." / "Rellie", 'woo' / ‘woo’);
        # the ratio above keeps punctuation from being most of what they hold.
        return 100.0
    if score >= config.duplicate_threshold and (
        difference(a.text, b.text).reason_to_keep(config.max_word_edits) is None
    ):
        return round(score, 1)
    return None


def _score_against_chain(
    anchor: _Printing, last: _Printing, candidate: _Printing, config: Config
) -> float | None:
    """Score of candidate against the chain's anchor (its first clean printing,
    else its first) or its last printing: two comparisons at most, so a run of
    thousands of identical lines stays linear."""
    scores = [
        s
        for p in {id(anchor): anchor, id(last): last}.values()
        if (s := _same_headline(p, candidate, config))
    ]
    return max(scores) if scores else None


def _best_printing(printings: list[_Printing]) -> Block:
    """The first clean printing without a caption label; else the first clean one;
    else the first without decoration (in capitals); else the first."""
    preferences: tuple[Callable[[_Printing], bool], ...] = (
        lambda p: p.clean and not p.captioned,
        lambda p: p.clean,
        lambda p: not p.decoration,
    )
    for wanted in preferences:
        found = next((p for p in printings if wanted(p)), None)
        if found is not None:
            return found.block
    return printings[0].block


def _words(block: Block, config: Config) -> frozenset[str] | None:
    if len(block.text) > config.headline_max_length or len(block.lines) > 1:
        return None
    return _words_of(block.text)


def _words_of(text: str) -> frozenset[str]:
    return frozenset(text.casefold().split())


def _share_words(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    """Two printings of one headline share at least half the words of the shorter."""
    if not a or not b:
        return False
    return 2 * len(a & b) >= min(len(a), len(b))


def _candidate_printings(blocks: Sequence[Block], config: Config) -> list[_Printing | None]:
    """Printings for the blocks that could pair with a neighbour; None elsewhere.

    Building a printing strips templates with several regular expressions; a
    shared-words test first spares that work for the ordinary paragraphs that
    make up most of a document.
    """
    words = [_words(block, config) for block in blocks]
    window = config.repeat_window
    needed = [False] * len(blocks)
    for i in range(len(blocks)):
        for j in range(i + 1, min(i + 1 + window, len(blocks))):
            if _share_words(words[i], words[j]):
                needed[i] = needed[j] = True
    return [_Printing.of(block, config) if need else None for block, need in zip(blocks, needed, strict=True)]


def find_repeated_headlines(blocks: Sequence[Block], config: Config) -> list[Finding]:
    """One DROPPED finding for every extra printing of a headline or caption.

    Copies are gathered in chains: each copy stands within ``repeat_window``
    blocks of the previous one. The kept printing is the first one without a
    site suffix or credit (or the first, when all have one); since the chain
    is contiguous with the default window, it stays in the chain's position.
    """
    findings: list[Finding] = []
    printings = _candidate_printings(blocks, config)
    consumed: set[int] = set()
    for start, first in enumerate(printings):
        if first is None or start in consumed:
            continue
        chain: list[tuple[_Printing, float]] = [(first, 100.0)]
        anchor = first
        position = start
        while True:
            window = range(position + 1, min(position + 1 + config.repeat_window, len(blocks)))
            for candidate in window:
                other = printings[candidate]
                if other is None or candidate in consumed:
                    continue
                score = _score_against_chain(anchor, chain[-1][0], other, config)
                if score is not None:
                    chain.append((other, score))
                    if other.clean and not anchor.clean:
                        anchor = other
                    consumed.add(candidate)
                    position = candidate
                    break
            else:
                break
        if len(chain) == 1:
            continue
        keep = _best_printing([p for p, _ in chain])
        for printing, score in chain:
            if printing.block is keep:
                continue
            findings.append(
                Finding(
                    rule=RULE,
                    line=printing.block.line,
                    action=Action.DROPPED,
                    message="headline or caption printed again",
                    duplicate_of=keep.line,
                    score=score,
                )
            )
    return findings


def may_find_repeats(texts: Sequence[str], config: Config) -> bool:
    """False when find_repeated_headlines would find nothing in one-line blocks of these texts.

    The rule finds something exactly when two printings within the window are
    the same headline: a chain starts from the first such pair it meets. It
    builds printings only for short blocks that share words with a neighbour,
    and in most documents no two do. Building one strips templates with slow
    regular expressions, so pairs whose numbers differ are set aside first.
    """
    if not _short_neighbours_with_the_same_digits(texts, config):
        return False
    needed = sorted(_sharing_neighbours(texts, config))
    printings: dict[int, _Printing | None] = {}
    for k, i in enumerate(needed):
        for j in needed[k + 1 : k + 1 + config.repeat_window]:
            if j - i > config.repeat_window:
                break
            if not _may_be_one_headline(texts[i], texts[j]):
                continue
            for index in (i, j):
                if index not in printings:
                    printings[index] = _Printing.of(Block(index, (Line(index + 1, texts[index]),)), config)
            first, second = printings[i], printings[j]
            if first is not None and second is not None and _same_headline(first, second, config):
                return True
    return False


def _short_neighbours_with_the_same_digits(texts: Sequence[str], config: Config) -> bool:
    """Are two short texts within the window written with the same digits?

    Two printings of one headline have the same comparison key or the same
    numbers, and either way the same digits in the same order.
    """
    limit = config.headline_max_length
    digits = [
        text.encode("utf-8", "surrogatepass").translate(None, _NOT_DIGITS) if len(text) <= limit else _UNEQUAL
        for text in texts
    ]  # (a lone surrogate passes through encoding)
    window = range(1, config.repeat_window + 1)
    return any(any(map(eq, digits, islice(digits, offset, None))) for offset in window)


# Stands for a long text: NaN equals nothing, itself included.
_UNEQUAL = float("nan")
_NOT_DIGITS = bytes(c for c in range(256) if not 0x30 <= c <= 0x39)


def _may_be_one_headline(a: str, b: str) -> bool:
    """_same_headline's first tests, on the texts: the same key, or the same numbers."""
    return comparison_key(a) == comparison_key(b) or numbers_in(a) == numbers_in(b)


def _sharing_neighbours(texts: Sequence[str], config: Config) -> set[int]:
    """The short texts that share words with a short neighbour within the window."""
    window = config.repeat_window
    short = [i for i, text in enumerate(texts) if len(text) <= config.headline_max_length]
    words: dict[int, frozenset[str]] = {}
    needed: set[int] = set()
    for k, first in enumerate(short):
        for second in short[k + 1 : k + 1 + window]:
            if second - first > window:
                break
            for index in (first, second):
                if index not in words:
                    words[index] = _words_of(texts[index])
            if _share_words(words[first], words[second]):
                needed.update((first, second))
    return needed
