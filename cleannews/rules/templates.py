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
    PUBLISHER_WORDS,
    WEEKDAYS,
)


def _any_of(words: tuple[str, ...]) -> str:
    """An alternation of the words, longest first (so that none stops at a shorter one)."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_PUBLISHER = f"(?i:{_any_of(PUBLISHER_WORDS)})"
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
_CREDIT_SUFFIX = LazyPattern(
    rf"(?:\s*[(\[]\s*(?:©\s*)?{_PUBLISHER_NAME}(?:\s*/\s*{_PUBLISHER_NAME})*\s*[)\]]"
    r"|\s*[(\[]?\s*(?i:photo(?:graph)?s?|pictures?|image|credit|source|copyright|courtesy)\s*(?::|\bby\b|\bof\b)\s*[^()\[\]:]{1,50}[)\]]?"
    r"|\s*[(\[]?©\s*[^©()\[\]]{1,40}[)\]]?"
    rf"|\s*/\s*{_PUBLISHER_NAME}"
    r"|\s+[A-Z]{2,}/[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}"
    # A photographer and an agency in brackets: "[Jane Doe/Sentinel]", "(Jo Lee/Getty Images)".
    r"|\s*[(\[][A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){1,2}\s*/\s*[A-Z][\w.&'’-]*(?:\s[A-Z][\w.&'’-]*){0,2}[)\]]"
    r"|\s*Image (?:copyright|source|caption)\s+[^:]{1,40})$"
)
# Every decoration above contains one of these; most lines contain none, and
# a literal search is far cheaper than the end-anchored patterns.
_MAY_BE_DECORATED = re.compile(
    r"[|–—()\[\]«»•·/©:,]|\s-|(?i:photo|picture|image|credit|source|video|updated|live|watch)"
)
# How captions introduce themselves; the same caption may come with or without.
_CAPTION_PREFIX = re.compile(
    rf"^(?:(?i:{_any_of(CAPTION_LABELS)})\s*:?\s+|By\s+(?=[A-Z]))",
)
# What a teaser box counts after a headline: "1623 Comments", "73 shares".
_COUNT_SUFFIX = re.compile(rf"\s+\d[\d,.]*[kKmM]?\s+(?i:{_any_of(COUNTED)})\s*$")


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


def strip_site_prefix(text: str) -> str:
    """ "BBC News - Storm hits coast" -> "Storm hits coast"."""
    return _SITE_PREFIX.sub("", text) if _MAY_BE_DECORATED.search(text) else text


# Separators between a headline and what a template adds to it, learned for
# any site: "Headline | Site", "Section|Headline", "Headline – Latest news",
# "Headline — Medium", "Headline :: Site", "Site » Section » Headline".
_SEGMENT_SEPARATOR = re.compile(r"\s+(?:\||::|«|»|•|·|/|-{1,2}|–|—)\s+|\s*\|\s*")
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
# bracket, a digit (counts), a credit or caption word, a leading "By".
_MAY_BE_UNDECORATED = re.compile(
    r"[|–—:/»«•·()\[\]©,\d]|\s-|^By\s|(?i:photo|picture|image|credit|source|video|updated|live|watch|"
    r"copyright|courtesy|caption|enlarge|pictured)"
)


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
    if not _MAY_BE_UNDECORATED.search(text):
        return text
    text = _COUNT_SUFFIX.sub("", text)
    text = _CAPTION_PREFIX.sub("", strip_template(strip_site_prefix(text)))
    segments = [s for s in _SEGMENT_SEPARATOR.split(text) if s.strip()]
    if len(segments) > 1:
        sizes = [len(s.split()) for s in segments]
        main = max(range(len(segments)), key=sizes.__getitem__)
        others = sizes[:main] + sizes[main + 1 :]
        rest = " ".join(segments[:main] + segments[main + 1 :])
        if (
            sizes[main] >= MIN_CORE_WORDS
            and max(others) <= min(MAX_DECORATION_WORDS, sizes[main] - 1)
            and not _SAYS_SOMETHING.search(rest)
        ):
            text = segments[main].strip()
    label = _LABEL.match(text)
    if label and len(text[label.end() :].split()) > MIN_CORE_WORDS:
        text = text[label.end() :]
    return text


# A line that is nothing but a photo credit: "Photo by Jane Smith", "Top photo:
# Jane Smith", "© Reuters", "Jane Smith/AFP", "Mike Watson Images/Moodboard/Getty",
# "Getty Images". It labels an image the text does not have.
_CREDIT_LINE = re.compile(
    r"^(?:"
    r"(?i:(?:top |main |lead |file |cover )?(?:photo(?:graph)?s?|pictures?|images?|credit|illustration))"
    r"\s*(?::|\b(?i:by)\b)\s*[^:]{1,60}"
    r"|(?:©|\((?i:c)\)|(?i:copyright\b))\s*[^:]{1,60}"
    rf"|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{1,3}}(?:/[A-Za-z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){{0,2}}){{1,3}}"
    rf"|{_PUBLISHER_NAME}/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{1,3}}"
    rf"|{_PUBLISHER_NAME}"
    r")$"
)


def is_credit_line(text: str) -> bool:
    """Is the whole line a photo credit, in brackets or not?

    >>> [is_credit_line(t) for t in ("Photo by Jane Smith", "(Jo Lee/Getty)", "Getty Images", "Storm hits")]
    [True, True, True, False]
    """
    text = text.strip()
    if text[:1] in "([" and text[-1:] in ")]":
        text = text[1:-1].strip()
    return len(text) <= 80 and _CREDIT_LINE.match(text) is not None and not _names_a_picture(text)


_PICTURE_WORDS = frozenset(("photo", "photos", "picture", "pictures", "image", "images"))
_CREDITING_WORDS = frozenset(word.casefold() for word in PUBLISHER_WORDS) - _PICTURE_WORDS
_AGENCY_WORDS = frozenset(AGENCIES)


def _names_a_picture(text: str) -> bool:
    """A few words ending in a word for a picture and nothing that credits one
    ("Best Picture", "Big picture"): an award or a heading, not "Getty Images"
    or "AP Photo", whose other word is a publisher's or an agency's."""
    words = text.split()
    if len(words) < 2 or words[-1].casefold() not in _PICTURE_WORDS or not text[-1:].isalpha():
        return False
    return not any(word.casefold() in _CREDITING_WORDS or word in _AGENCY_WORDS for word in words[:-1])


_IMAGE_FIRST = frozenset(IMAGE_FIRST_WORDS) | {word + "s" for word in IMAGE_FIRST_WORDS}
_IMAGE_LAST = frozenset(IMAGE_LAST_WORDS) | {word + "s" for word in IMAGE_LAST_WORDS}
_IMAGE_LABEL_WORDS = 4
_IMAGE_LABEL_LENGTH = 40


def is_image_label(text: str) -> bool:
    """Is the whole line a picture's label, which a scraper prints once per
    picture: a few words that begin or end with a word for an image
    (template_words says which, and where)?

    >>> [is_image_label(t) for t in ("Screenshot", "Image for post", "Site Logo", "Best Picture", "Avatar")]
    [True, True, True, False, False]
    """
    if len(text) > _IMAGE_LABEL_LENGTH or text.rstrip()[-1:] in ".!?:;":
        return False
    words = text.casefold().split()
    return 0 < len(words) <= _IMAGE_LABEL_WORDS and (words[0] in _IMAGE_FIRST or words[-1] in _IMAGE_LAST)


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
