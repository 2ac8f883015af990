"""cleannews: turn scraped, messy news text into clean text.

>>> import cleannews
>>> cleannews.clean("Police at the scene\\nPolice at the scene (Reuters)\\n\\nBody&nbsp;text.")
'Police at the scene\\n\\nBody text.\\n'

Importing this package loads nothing but this file: the public names are
loaded on first use (PEP 562), so ``cleannews --help`` and ``import cleannews``
stay fast. ftfy, rapidfuzz, click and rich are only loaded when needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Config
    from .decoding import BinaryInputError, Decoded, decode_bytes
    from .model import Action, CleanResult, Finding
    from .pipeline import clean, clean_and_explain
    from .safety import UnsafeOutputError

__version__ = "0.1.0"

# Public name -> the module that defines it.
_EXPORTS = {
    "Action": "model",
    "BinaryInputError": "decoding",
    "CleanResult": "model",
    "Config": "config",
    "Decoded": "decoding",
    "Finding": "model",
    "UnsafeOutputError": "safety",
    "clean": "pipeline",
    "clean_and_explain": "pipeline",
    "decode_bytes": "decoding",
}

__all__ = [
    "Action",
    "BinaryInputError",
    "CleanResult",
    "Config",
    "Decoded",
    "Finding",
    "UnsafeOutputError",
    "__version__",
    "clean",
    "clean_and_explain",
    "decode_bytes",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cleannews' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
