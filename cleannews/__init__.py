"""cleannews: turn scraped, messy news text into clean text.

>>> import cleannews
>>> cleannews.clean("Police at the scene\\nPolice at the scene (Reuters)\\n\\nBody&nbsp;text.")
'Police at the scene\\n\\nBody text.\\n'

Importing this package loads neither click nor rich; ftfy and rapidfuzz are
loaded on first use.
"""

from .config import Config
from .decoding import BinaryInputError, Decoded, decode_bytes
from .model import Action, CleanResult, Finding
from .pipeline import clean, clean_and_explain
from .safety import UnsafeOutputError

__version__ = "0.1.0"

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
