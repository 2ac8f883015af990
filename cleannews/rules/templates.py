"""What page templates put around a headline or caption, as data and patterns.

A site's name after the headline, a section before it, a photo credit after
a caption: the copies of one headline differ by these, and by nothing else
that carries content. Two kinds of knowledge live here: closed sets (news
agencies, publisher words, credit labels) and the separators a template puts
between a headline and its decoration, from which decoration is learned for
any site.
"""

from __future__ import annotations

import re

from ..lazy_patterns import LazyPattern
from ..matching import has_two_letters
from .template_words import (
    AGENCIES,
    BARE_PAGE_TAGS,
    CAPTION_LABELS,
    COUNTED,
    DOMAINS,
    IMAGE_FIRST_WORDS,
    IMAGE_LAST_WORDS,
    MONTHS,
    PAGE_TAGS,
    PHOTO_AGENCIES,
    PUBLISHER_WORDS,
    WEEKDAYS,
)


def _any_of(words: tuple[str, ...]) -> str:
    """An alternation of the words, longest first (so that none stops at a shorter one)."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_PUBLISHER = f"(?i:{_any_of(PUBLISHER_WORDS)})"
#: The words of a decoration that name a site (casefolded, as comparison keys have them).
SITE_WORDS = frozenset(
    word.casefold()
    for name in (*PUBLISHER_WORDS, *AGENCIES, *PHOTO_AGENCIES, "Medium")
    for word in name.split()
)
_ACRONYM = f"(?:{_any_of(AGENCIES)})"
_CAPITALISED = r"[A-Z][\w.&'’]*"
_PUBLISHER_NAME = (
    rf"(?:(?:{_CAPITALISED}\s+){{0,3}}{_PUBLISHER}\b(?:\s+{_CAPITALISED}){{0,2}}"
    rf"|{_ACRONYM}(?:\s+{_PUBLISHER})?\b|[\w-]+(?:\.[\w-]+)*\.(?:{_any_of(DOMAINS)}))"
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
    rf"(?:\s*[(\[](?i:{_any_of(PAGE_TAGS)})[)\]]"
    rf"|\s+[-–—|:]\s*(?i:{_any_of(BARE_PAGE_TAGS)}))\s*$"
)
# A photo credit: "(Reuters)", "(© AFP)", "[Reuters]", "Photo: Getty Images",
# "(Photo: John Smith)", "Photo by John Smith/AFP", "© Reuters", "/ Getty Images",
# "REUTERS/Toby Melville", "Image copyright PA".
# "Photo:", "Photograph by", "Courtesy of": what opens a labelled credit.
_CREDIT_LABEL = (
    r"(?i:photo(?:graph)?s?|pictures?|image|credit|source|copyright|courtesy)\s*(?::|\bby\b|\bof\b)"
)
_CREDIT_SUFFIX = LazyPattern(
    rf"(?:\s*[(\[]\s*(?:©\s*)?{_PUBLISHER_NAME}(?:\s*/\s*{_PUBLISHER_NAME})*\s*[)\]]"
    rf"|\s*[(\[]?\s*{_CREDIT_LABEL}\s*[^()\[\]:]{{1,50}}[)\]]?"
    r"|\s*[(\[]?©\s*[^©()\[\]]{1,40}[)\]]?"
    rf"|\s*/\s*{_PUBLISHER_NAME}"
    r"|\s+[A-Z]{2,}/[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}"
    # A photographer and an agency in brackets: "[Jane Doe/Sentinel]", "(Jo Lee/Getty Images)".
    r"|\s*[(\[][A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){1,2}\s*/\s*[A-Z][\w.&'’-]*(?:\s[A-Z][\w.&'’-]*){0,2}[)\]]"
    r"|\s*Image (?:copyright|source|caption)\s+[^:]{1,40})$"
)


# Every site name _PUBLISHER_NAME matches has a publisher's word (in any case),
# an agency's acronym or a domain's last part as a whole run of word characters:
# an ASCII line with none of them, in lower case, names no site. Most lines have
# none, and the end-anchored patterns that would look for one are tried at
# every character.
_SITE_NAME_WORDS = frozenset(
    part.lower().encode() for name in (*PUBLISHER_WORDS, *AGENCIES, *DOMAINS) for part in name.split(".")
)
_ASCII_WORD_BREAKS = bytes(c if chr(c).isalnum() or c == ord("_") or c > 127 else 32 for c in range(256))


def may_name_a_site(text: str) -> bool:
    """Can _PUBLISHER_NAME match in the text? (False: it cannot.)"""
    if not text.isascii():
        return True  # (to re, "ſ" and the Kelvin sign match "s" and "k" in any case)
    words = text.lower().encode().translate(_ASCII_WORD_BREAKS).split()
    return not _SITE_NAME_WORDS.isdisjoint(words)


class _AnyCaseWords:
    """Words looked for in any case, as a cheap necessary test for a pattern: an
    alternation in ``(?i:...)`` gets no fast scan in ``re`` and costs microseconds
    a line, while ASCII text lowered and searched for each word costs a fraction."""

    def __init__(self, *words: str) -> None:
        self.words = tuple(word.lower() for word in words)
        self._pattern = re.compile(f"(?i:{'|'.join(map(re.escape, self.words))})")

    def found_in(self, text: str) -> bool:
        if text.isascii():
            lowered = text.lower()
            return any(map(lowered.__contains__, self.words))
        return self._pattern.search(text) is not None  # (to re, "ſ" is an "s" in any case)


# Every decoration above contains one of these; most lines contain none, and
# a search led by a character class is far cheaper than the end-anchored patterns.
_DECORATION_MARKS = re.compile(r"[|–—()\[\]«»•·/©:,]|\s-")
_DECORATION_WORDS = _AnyCaseWords("photo", "picture", "image", "credit", "source", *BARE_PAGE_TAGS)
# Every credit _CREDIT_SUFFIX removes has a slash or a ©, ends in a bracket, or
# has one of these words.
_CREDIT_WORDS = _AnyCaseWords("photo", "picture", "image", "credit", "source", "copyright", "courtesy")
_BARE_PAGE_TAGS = _AnyCaseWords(*BARE_PAGE_TAGS)


def _may_be_decorated(text: str) -> bool:
    return _DECORATION_MARKS.search(text) is not None or _DECORATION_WORDS.found_in(text)


_LABELLED_CREDIT = re.compile(_CREDIT_LABEL)


def _without_credit(text: str) -> str:
    """The text (stripped) without a photo credit at its end."""
    if "/" in text or "©" in text or text[-1:] in ")]" or _CREDIT_WORDS.found_in(text):
        return _CREDIT_SUFFIX.sub("", text)
    return text


def marks_a_picture(text: str) -> bool:
    """Does the text say it is a picture's caption: a caption label before it
    ("Image caption: ", "Photo: ") or a photo credit after it ("(Getty Images)",
    "Photograph: Jo Lee/AP")?"""
    label = _CAPTION_PREFIX.match(text)
    if label is not None and (":" in label.group() or " " in label.group().strip()):
        return _describes(text[label.end() :])  # ("Photo: ...", "Image caption ..."; not "Photo ID")
    stripped = text.strip()
    caption = _without_credit(stripped)
    return caption.strip() != stripped and _describes(caption)


def _describes(caption: str) -> bool:
    """Two words or more with a letter: a caption, not a table's cell ("Credit: 15")."""
    return sum(any(char.isalpha() for char in word) for word in caption.split()) >= 2


def _without_page_tag(text: str) -> str:
    """The text without a tag for the kind of page at its end: "(video)", "- Updated"."""
    if text.rstrip()[-1:] in ")]" or _BARE_PAGE_TAGS.found_in(text):
        return _PAGE_TAG.sub("", text)
    return text


# How captions introduce themselves; the same caption may come with or without.
_CAPTION_PREFIX = re.compile(
    rf"^(?:(?i:{_any_of(CAPTION_LABELS)})\s*:?\s+|By\s+(?=[A-Z]))",
)
# What a teaser box counts after a headline: "1623 Comments", "73 shares".
_COUNT_SUFFIX = re.compile(rf"\s+\d[\d,.]*[kKmM]?\s+(?i:{_any_of(COUNTED)})\s*$")


def without_count(text: str) -> str:
    """The text without a teaser's count after it ("1623 Comments")."""
    return _COUNT_SUFFIX.sub("", text) if text[-1:].isalpha() else text


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
    >>> strip_template("Main image: Whale expert Jo Bloggs. Photograph: Jo Lee for the Sentinel")
    'Main image: Whale expert Jo Bloggs.'
    """
    text = text.strip()
    if not _may_be_decorated(text):
        return text
    labelled = False  # a labelled credit ("Photograph: Jo Lee") was taken off
    site = may_name_a_site(text)
    while True:
        stripped = _without_credit(text)
        if stripped != text and _LABELLED_CREDIT.match(text[len(stripped) :].lstrip(" ([")):
            if labelled:  # a caption has one credit: "Main image: Whale expert Jo Bloggs." is the caption
                stripped = text
            labelled = True
        if stripped != text:
            # A credit glued to a word leaves a word that was not there: "Storm | newsphoto: Jo
            # Lee" ends "| news". (A site suffix or a page tag is cut where a word ends.)
            site = may_name_a_site(stripped)
        if site:
            stripped = _SITE_SUFFIX.sub("", stripped)
        stripped = _without_page_tag(stripped).strip()
        if stripped == text or not stripped:
            return text
        text = stripped


def strip_site_prefix(text: str) -> str:
    """ "BBC News - Storm hits coast" -> "Storm hits coast"."""
    return _SITE_PREFIX.sub("", text) if may_name_a_site(text) and _may_be_decorated(text) else text


# Separators between a headline and what a template adds to it, learned for
# any site: "Headline | Site", "Section|Headline", "Headline – Latest news",
# "Headline — Medium", "Headline :: Site", "Site » Section » Headline".
_SEGMENT_SEPARATOR = re.compile(r"\s+(?:\||::|«|»|›|•|·|/|~|>>|→|-{1,2}|–|—)\s+|\s*\|\s*")
# A label before a headline: "Brexit: ...", "WATCH: ...", "Russia: ...".
_LABEL = re.compile(r"^[^\s:]+(?:\s+[^\s:]+){0,2}:\s+(?=\S)")
# A segment split off a headline is decoration when it is this short: a site
# name, a section, a date, a byline; a longer one is a second headline.
MAX_DECORATION_WORDS = 4
# What is left of a headline once its decoration is split off: two words at
# least ("Storm hits"), else a label was most of the line ("Status: unchanged").
MIN_CORE_WORDS = 2
# A segment with a negation or a verb of saying is part of the headline ("The
# winner is Smith - Not Jones"), not the name of a site.
_SAYS_SOMETHING = re.compile(r"(?i)\b(?:not|no|never|nor|without|n't|says?|said)\b")


# Every decoration undecorated() removes has one of these: a separator, a
# bracket, a digit (counts), a leading "By", a credit or caption word.
_UNDECORATED_MARKS = re.compile(r"[|–—:/»«›•·~>→()\[\]©,\d]|\s-|^By\s")
_UNDECORATED_WORDS = _AnyCaseWords(
    *_DECORATION_WORDS.words, "copyright", "courtesy", "caption", "enlarge", "pictured"
)


def _goes_on(segments: list[str]) -> bool:
    """Does a segment begin in lower case? A site or a section is a name; "- from
    Benton City", "- vegan", "- gluten free" go on with the headline."""
    return any(segment.strip()[:1].islower() for segment in segments)


def undecorated(text: str) -> str:
    """The headline or caption without what a page template adds to it.

    Known templates go first (site names, credits, tags, caption labels); then
    separators split the rest into segments, and short segments beside one
    clearly longer segment are decoration, whatever site they name.

    >>> undecorated("Workers repair the sea wall — Backchannel — Medium")
    'Workers repair the sea wall'
    >>> undecorated("Africa|United States to lift sanctions")
    'United States to lift sanctions'
    >>> undecorated("Brexit: May loses key vote")
    'May loses key vote'
    >>> undecorated("Raspberry Pi 3 - The credit card sized PC - All-time bestselling computer in UK")
    'Raspberry Pi 3 - The credit card sized PC - All-time bestselling computer in UK'
    """
    text = text.strip()
    if _UNDECORATED_MARKS.search(text) is None and not _UNDECORATED_WORDS.found_in(text):
        return text
    text = _COUNT_SUFFIX.sub("", text)
    text = _CAPTION_PREFIX.sub("", strip_template(strip_site_prefix(text)))
    parts = segments(text)
    if len(parts) > 1:
        sizes = [len(part.split()) for part in parts]
        main = max(range(len(parts)), key=sizes.__getitem__)
        others = sizes[:main] + sizes[main + 1 :]
        rest = parts[:main] + parts[main + 1 :]
        if (
            sizes[main] >= MIN_CORE_WORDS
            and max(others) <= min(MAX_DECORATION_WORDS, sizes[main] - 1)
            and not _SAYS_SOMETHING.search(" ".join(rest))
            and not _goes_on(rest)
        ):
            text = parts[main]
    label = _LABEL.match(text)
    if label and len(text[label.end() :].split()) > MIN_CORE_WORDS:
        text = text[label.end() :]
    return text


def segments(text: str) -> list[str]:
    """The parts of a line between the separators a template sets (the line when it has none).

    >>> segments("Evolve: Shared history — evolve extension for Mercurial")
    ['Evolve: Shared history', 'evolve extension for Mercurial']
    """
    if _SEPARATOR_MARK.search(text) is None:
        return [text.strip()]
    return [segment.strip() for segment in _SEGMENT_SEPARATOR.split(text) if segment.strip()]


# A mark every separator of _SEGMENT_SEPARATOR has: one character class, which the regex
# engine scans for quickly, before the spaces around it are looked at.
_SEPARATOR_MARK = re.compile("[|:«»›•·/~>→\\-–—]")


# A line that is nothing but a photo credit. It labels an image the text does
# not have, and goes when printed again anywhere, so it must be a credit beyond
# doubt: "Independent" (a candidate's party), "PA" (a state), "Swimming Pool" (a
# hotel's amenity) and "Full Time/Permanent" (a job's terms) repeat as content.
# Three forms:
# - labelled: "Photo by Jane Smith", "Top photo: Jane Smith", "© Reuters";
_CREDIT_LABELLED = re.compile(
    r"^(?:(?i:(?:top |main |lead |file |cover )?(?:photo(?:graph)?s?|pictures?|images?|credit|illustration))"
    r"\s*(?::|\b(?i:by)\b)|(?:©|\((?i:c)\)|(?i:copyright\b)))\s*(?P<credited>[^:]{1,60})$"
)
# - a name and its agency or publisher: "Jane Smith/AFP", "REUTERS/Toby Melville",
#   "Mike Watson Images/Moodboard/Getty", or any such pair in brackets;
_CREDIT_SLASHED = re.compile(
    rf"^(?:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{1,3}}(?:/[A-Za-z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){{0,2}}){{1,3}}"
    rf"|{_PUBLISHER_NAME}/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{1,3}})$"
)
# - a photo agency alone: "Getty Images", "AP Photo", "Reuters", "Shutterstock".
_CREDIT_ALONE = re.compile(rf"^{_PUBLISHER_NAME}$")
# The words that make a slashed pair or a name alone a photo credit.
_PHOTO_SOURCES = frozenset(
    name.casefold()
    for name in (*AGENCIES, *PHOTO_AGENCIES, "Images", "Photo", "Photos", "Pictures", "Pool")
    if " " not in name  # (compared word by word: "Getty Images" counts by "Getty")
)
_PICTURE_WORDS = frozenset(("photo", "photos", "picture", "pictures", "image", "images"))


def is_credit_line(text: str) -> bool:
    """Is the whole line a photo credit, in brackets or not?

    >>> [is_credit_line(t) for t in ("Photo by Jo Lee", "(Jo Lee/Sentinel)", "Getty Images", "Storm hits")]
    [True, True, True, False]
    >>> [is_credit_line(t) for t in ("Independent", "PA", "Swimming Pool", "Part Time/Contract", "Credit: 5")]
    [False, False, False, False, False]
    """
    text = text.strip()
    bracketed = text[:1] in "([" and text[-1:] in ")]"
    if bracketed:
        text = text[1:-1].strip()
    if len(text) > 80:
        return False
    labelled = _CREDIT_LABELLED.match(text)
    if labelled is not None:
        return has_two_letters(labelled["credited"])  # ("Credit: 15" is a course's)
    words = [word.casefold() for word in re.split(r"[\s/]+", text) if word]
    if _CREDIT_SLASHED.match(text):
        # "Jo Lee/AOL": a source after the slash, or an agency's acronym
        # ("Full Time/Permanent" is a job's terms)
        sources = text.split("/")[1:]
        acronym = any(part.isalpha() and part.isupper() and len(part) <= 6 for part in sources)
        return bracketed or acronym or any(word in _PHOTO_SOURCES for word in words)
    if _CREDIT_ALONE.match(text) is None:
        return False
    if text in PHOTO_AGENCIES:
        return True
    # "Getty Images", "AP Photo"; an acronym alone is as often a state or a channel
    return (
        len(words) > 1 and words[-1] in _PICTURE_WORDS and any(word in _PHOTO_SOURCES for word in words[:-1])
    )


_IMAGE_FIRST = frozenset(IMAGE_FIRST_WORDS) | {word + "s" for word in IMAGE_FIRST_WORDS}
_IMAGE_LAST = frozenset(IMAGE_LAST_WORDS) | {word + "s" for word in IMAGE_LAST_WORDS}
# After a first word for an image, what makes the rest its description: "Image
# for post", "Photo of the day" ("Photo ID" and "Image stabilisation" are things).
_OF_A_PICTURE = frozenset(("for", "of", "from", "by", "to"))
_IMAGE_LABEL_WORDS = 4
_IMAGE_LABEL_LENGTH = 40


def is_image_label(text: str) -> bool:
    """Is the whole line a picture's label, which a scraper prints once per
    picture? A word for an image alone ("Screenshot") or before what it shows
    ("Image for post"), or a few words ending in a word for a logo or an icon
    ("Tech Site Logo"); template_words has the words.

    >>> [is_image_label(t) for t in ("Screenshot", "Image for post", "Site Logo", "Best Picture", "Photo ID")]
    [True, True, True, False, False]
    """
    if len(text) > _IMAGE_LABEL_LENGTH or text.rstrip()[-1:] in ".!?:;":
        return False
    words = text.casefold().split()
    if not 0 < len(words) <= _IMAGE_LABEL_WORDS:
        return False
    if words[0] in _IMAGE_FIRST:
        return len(words) == 1 or words[1] in _OF_A_PICTURE
    return len(words) > 1 and words[-1] in _IMAGE_LAST


_MONTH = rf"(?:{_any_of(MONTHS)})[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"^(?:(?:{_any_of(WEEKDAYS)})[a-z]*,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})$",
    re.IGNORECASE,
)


def is_date_line(text: str) -> bool:
    """Is the whole line a date ("December 17, 2021", "17 Dec 2021", "2021-12-17")?

    >>> [is_date_line(t) for t in ("December 17, 2021", "Tue, 7 Dec 2021", "2021-12-17", "Dec 2021 sales")]
    [True, True, True, False]
    """
    return len(text) <= 40 and _DATE_LINE.match(text.strip()) is not None
