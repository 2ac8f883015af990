"""Bytes to text: UTF-8, byte-order marks, detection with a warning, binary refused."""

from __future__ import annotations

import codecs
import random

import pytest

from cleannews import BinaryInputError, Decoded, decode_bytes

# Long enough, and typical enough of Western European news text, for detection.
CP1252_TEXT = "The minister\u2019s \u201cplan\u201d costs \u00a35m \u2014 critics say it\u2019s too much.\n"


def test_utf8_is_decoded_without_warning() -> None:
    decoded = decode_bytes("Café crème, 5 € — “ok”\n".encode())
    assert decoded == Decoded("Café crème, 5 € — “ok”\n", "utf-8")
    assert decoded.warning is None
    assert decoded.bom is False


def test_ascii_is_utf8() -> None:
    decoded = decode_bytes(b"plain text\n")
    assert decoded.text == "plain text\n"
    assert decoded.encoding == "utf-8"


def test_empty_bytes_decode_to_empty_text() -> None:
    decoded = decode_bytes(b"")
    assert decoded.text == ""
    assert decoded.warning is None


def test_utf8_bom_is_dropped() -> None:
    decoded = decode_bytes(codecs.BOM_UTF8 + "café\n".encode())
    assert decoded.text == "café\n"
    assert "\ufeff" not in decoded.text
    assert decoded.bom is True
    assert decoded.warning is None


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_bom_are_decoded(codec: str) -> None:
    text = "Ça va? Привет\n"
    data = "\ufeff".encode(codec) + text.encode(codec)
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert decoded.bom is True


def test_cp1252_is_detected_with_a_warning_naming_the_encoding() -> None:
    decoded = decode_bytes(CP1252_TEXT.encode("cp1252"))
    assert decoded.text == CP1252_TEXT
    assert decoded.encoding.replace("-", "").replace("_", "").lower() in {"cp1252", "windows1252"}
    assert decoded.warning is not None
    assert decoded.encoding in decoded.warning
    assert "UTF-8" in decoded.warning


def test_warning_gives_the_first_bad_byte() -> None:
    data = CP1252_TEXT.encode("cp1252")
    first_bad = data.index(b"\x92")
    decoded = decode_bytes(data)
    assert decoded.warning is not None
    assert f"byte {first_bad}" in decoded.warning


def test_forced_encoding_is_used_without_detection_or_warning() -> None:
    data = "Voilà, c'est très bien.\n".encode("latin-1")
    decoded = decode_bytes(data, "latin-1")
    assert decoded.text == "Voilà, c'est très bien.\n"
    assert decoded.encoding == "latin-1"
    assert decoded.warning is None


def test_forced_encoding_overrides_valid_utf8() -> None:
    data = "café".encode()
    assert decode_bytes(data, "latin-1").text == "cafÃ©"


def test_forced_encoding_that_does_not_fit_is_refused() -> None:
    with pytest.raises(BinaryInputError, match="utf-8"):
        decode_bytes(b"caf\xe9", "utf-8")


def test_unknown_forced_encoding_is_refused() -> None:
    with pytest.raises(BinaryInputError, match="unknown encoding"):
        decode_bytes(b"abc", "no-such-encoding")


@pytest.mark.parametrize("data", [b"abc\x00def", b"\x00", b"text\n\x00\x00\x00\x00more text\n"])
def test_nul_bytes_are_binary(data: bytes) -> None:
    with pytest.raises(BinaryInputError, match="NUL"):
        decode_bytes(data)


def test_png_header_is_binary() -> None:
    with pytest.raises(BinaryInputError):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


@pytest.mark.parametrize("seed", range(5))
def test_random_binary_is_refused(seed: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(2000))
    with pytest.raises(BinaryInputError):
        decode_bytes(data)


@pytest.mark.parametrize("seed", range(5))
def test_random_binary_without_nul_bytes_is_refused(seed: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.randrange(1, 256) for _ in range(2000))
    with pytest.raises(BinaryInputError):
        decode_bytes(data)


def test_binary_input_error_is_a_value_error() -> None:
    assert issubclass(BinaryInputError, ValueError)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Caf\xe9", "cp1252"),
        ("The minister’s plan costs £5m.\n", "cp1252"),
        ("Renée Zellweger visited the café in Zürich on Monday.\n", "cp1252"),
        ("Voilà, c'est fini. Très bien.", "cp1252"),
        ("Привет, как дела? Это тест.", "cp1251"),
        ("Zażółć gęślą jaźń, powiedział minister w środę.", "cp1250"),
    ],
)
def test_short_legacy_text_is_decoded_correctly(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.warning is not None and decoded.encoding in decoded.warning


@pytest.mark.parametrize("cut", [1, 2])
def test_utf8_cut_in_its_last_character_keeps_its_utf8(cut: int) -> None:
    """Reading the cut bytes as Windows-1252 left mojibake ("â€") nothing can repair."""
    data = "Prices rose “sharply”".encode()[:-cut]
    decoded = decode_bytes(data)
    assert decoded.text == "Prices rose “sharply\ufffd"
    assert decoded.encoding == "utf-8"
    assert decoded.warning is not None and "middle of a UTF-8 character" in decoded.warning


def test_bytes_that_are_not_utf8_before_the_end_are_still_detected() -> None:
    assert decode_bytes("café crème brûlée".encode("cp1252") + b"\xe2\x80").encoding == "cp1252"
