"""Bytes -> text, refusing binary input instead of cleaning it into garbage."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


BINARY_MESSAGE = (
    "binary data (contains NUL bytes); if it is UTF-16 or UTF-32 text without "
    "a byte-order mark, give --encoding utf-16-le (or utf-16-be, utf-32-le, ...)"
)


def starts_with_bom(data: bytes) -> bool:
    return any(data.startswith(bom) for bom, _ in _BOMS)


class BinaryInputError(ValueError):
    """The input is not text in any plausible encoding."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text and how it was decoded, so it can be written back the same way."""

    text: str
    encoding: str
    bom: bool = False
    warning: str | None = None


def decode_bytes(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode input bytes: BOM, then UTF-8, then detection with a warning.

    >>> decode_bytes(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9").text
    'café'
    >>> decoded = decode_bytes("naïve café, déjà vu, thé".encode("cp1252"))
    >>> decoded.text, decoded.encoding
    ('naïve café, déjà vu, thé', 'cp1252')
    """
    if encoding is not None:
        try:
            return Decoded(data.decode(encoding), encoding)
        except LookupError:
            raise BinaryInputError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as error:
            raise BinaryInputError(
                f"not valid {encoding} at byte {error.start}; "
                "try another --encoding, or leave it out to detect one"
            ) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise BinaryInputError(f"starts with a {codec} byte-order mark but is not {codec}") from None
            warning = None if codec == "utf-8-sig" else f"decoded as {codec} (byte-order mark)"
            return Decoded(text, codec, bom=True, warning=warning)
    if b"\x00" in data:
        raise BinaryInputError(BINARY_MESSAGE)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        position = error.start
        if error.reason == "unexpected end of data" and error.end == len(data) and _cut_utf8(data, position):
            return _cut_in_a_character(data, position)
    return _detect(data, position)


def _cut_utf8(data: bytes, position: int) -> bool:
    """Is an incomplete sequence at the end a cut UTF-8 character rather than a
    legacy letter ("Caf\\xe9" in Windows-1252)? Two bytes of a sequence, or UTF-8
    characters before it, say so."""
    return len(data) - position >= 2 or _has_utf8_sequence(data[:position])


def _cut_in_a_character(data: bytes, position: int) -> Decoded:
    """UTF-8 whose last character was cut off (a download or a copy stopped
    short): the rest is kept as UTF-8 and the cut character becomes U+FFFD, where
    reading its bytes as Windows-1252 would leave mojibake no one can repair.
    The replacement character itself then says where the text was cut."""
    text = data[:position].decode("utf-8") + "\ufffd"
    cut = len(data) - position
    bytes_cut = f"{cut} byte{'s' * (cut != 1)}"
    return Decoded(
        text, "utf-8", warning=f"ends in the middle of a UTF-8 character ({bytes_cut}: read as U+FFFD)"
    )


# Letters outside ASCII are a minority in Western European text (a third in
# "Ñandú año señor"); Cyrillic or Greek read as Windows-1252 is made almost
# entirely of them.
_MAX_NON_ASCII_LETTER_SHARE = 0.5
# A symbol between two letters ("Za¿ó³æ") is Central European text read as
# Windows-1252. Apostrophes and the soft hyphen do stand inside words.
_SYMBOL_INSIDE_WORD = re.compile(r"[^\W\d_][^\w\s’‘'\u00ad-][^\W\d_]")
_LETTER = re.compile(r"[^\W\d_]")


def _plausible_windows_1252(data: bytes) -> str | None:
    """The text if the bytes read naturally as Windows-1252, the commonest legacy encoding.

    Statistical detection is unreliable on a few hundred bytes (it reads
    "Café" as UTF-16), so this cheap, conservative check comes first.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = _LETTER.findall(text)
    non_ascii = sum(not c.isascii() for c in letters)
    if non_ascii > _MAX_NON_ASCII_LETTER_SHARE * len(letters):
        return None
    if _SYMBOL_INSIDE_WORD.search(text):
        return None
    return text


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _stray_byte_as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: read the bytes UTF-8 rejects as Windows-1252."""
    assert isinstance(error, UnicodeDecodeError)
    chunk = error.object[error.start : error.end]
    # The five bytes Windows-1252 leaves undefined stay C1 controls, for ftfy.
    return "".join(_WINDOWS_1252.get(byte, chr(byte)) for byte in chunk), error.end


_WINDOWS_1252 = {byte: bytes([byte]).decode("cp1252") for byte in range(256) if byte not in _UNDEFINED}


codecs.register_error("cleannews-cp1252", _stray_byte_as_windows_1252)


def _utf8_byte_counts(data: bytes) -> tuple[int, int]:
    """(non-ASCII characters that are valid UTF-8, bytes that are not)."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    stray = sum(1 for c in escaped if "\udc80" <= c <= "\udcff")
    return sum(not c.isascii() for c in escaped) - stray, stray


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray bytes, as when an editor pastes Windows-1252 text
    into a UTF-8 file: keep the UTF-8 and read only the stray bytes as
    Windows-1252, instead of misreading the whole file as one legacy encoding."""
    valid, stray = _utf8_byte_counts(data)
    if valid < stray:
        return None
    return _as_utf8_with_stray_bytes(data, stray)


def _mostly_ascii_text(data: bytes) -> bool:
    """Prose in any Latin-script language is mostly printable ASCII; random
    binary data is about 40% of it."""
    printable = len(data) - len(data.translate(None, _PRINTABLE_ASCII))
    return printable >= 0.8 * len(data)


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _has_utf8_sequence(data: bytes) -> bool:
    return _UTF8_SEQUENCE.search(data) is not None


def _as_utf8_with_stray_bytes(data: bytes, stray: int) -> Decoded:
    text = data.decode("utf-8", errors="cleannews-cp1252")
    return Decoded(
        text,
        "utf-8",
        warning=f"not valid UTF-8 in {stray} byte{'s' * (stray != 1)}; read as Windows-1252 (cp1252)",
    )


def _detect(data: bytes, bad_byte: int) -> Decoded:
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
    text = _plausible_windows_1252(data)
    if text is not None:
        return Decoded(
            text, "cp1252", warning=f"not valid UTF-8 (byte {bad_byte}); decoded as cp1252 (detected)"
        )
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if (best is None or best.encoding is None) and _has_utf8_sequence(data) and _mostly_ascii_text(data):
        # Much Windows-1252 mixed into UTF-8: keep what is UTF-8 rather than refuse.
        return _as_utf8_with_stray_bytes(data, _utf8_byte_counts(data)[1])
    if best is None or best.encoding is None:
        raise BinaryInputError(
            f"not valid UTF-8 (byte {bad_byte}) and no text encoding fits; "
            "give one with --encoding if this is text"
        )
    return Decoded(
        str(best),
        best.encoding,
        warning=f"not valid UTF-8 (byte {bad_byte}); decoded as {best.encoding} (detected)",
    )
