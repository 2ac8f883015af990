"""Per-text work remembered while a document is cleaned.

The rules run again on what each round of drops leaves, and look at a line
several times a round (its keys, its core, its numbers, its list shape), so
that work is cached by text. With room for 8,192 texts, a long document forgot
its first lines before the next round came back to them and did the work again
and again: wire copy run together, 4 MB, took six times as long as 2 MB. The
caches now hold far more lines than a document has; a long document's texts are
let go when the next document begins, while the texts a site's short pages share
(menus, credits) stay from one page to the next.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # (not a name of this module: tools that look for caches would take the class for one)
    from functools import _lru_cache_wrapper

T = TypeVar("T")

# Texts each cache holds at most: a document of this many distinct lines (16 MB of
# wire copy) is cleaned in time linear in its length.
MOST_TEXTS = 1 << 17
# What a cache may keep from earlier documents when a new one begins.
KEPT_BETWEEN_DOCUMENTS = 8192

_CACHES: list[_lru_cache_wrapper[object]] = []


def per_text(function: Callable[..., T]) -> _lru_cache_wrapper[T]:
    """``functools.lru_cache`` with room for a long document, let go by ``next_document``."""
    cached = lru_cache(maxsize=MOST_TEXTS)(function)
    _CACHES.append(cached)
    return cached


def next_document() -> None:
    """Called before the rules' work on a document: what a long earlier document
    left in the caches goes (it would only hold memory)."""
    for cache in _CACHES:
        if cache.cache_info().currsize > KEPT_BETWEEN_DOCUMENTS:
            cache.cache_clear()
