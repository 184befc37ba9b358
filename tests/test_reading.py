"""Decoding legacy files: the choices mtfix makes over a detector's guess."""

from __future__ import annotations

import pytest

from mtfix.io.reading import InputError, decode_bytes

TEXTS = {
    "cp1252": "Le café de la société a été fermé. Très bien, déjà vu à Paris.",
    "gb18030": "据报道，今年经济增长较快。The economy grew fast.",
    "big5": "據報導，台灣經濟成長。The economy grew fast.",
}


@pytest.mark.parametrize("encoding", sorted(TEXTS))
def test_legacy_encodings_decode_to_the_text(encoding: str) -> None:
    assert decode_bytes(TEXTS[encoding].encode(encoding)).text == TEXTS[encoding]


def test_bomless_utf16_is_text() -> None:
    text = "John Rawls said the industry grew. " * 3
    for enc in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(text.encode(enc)).text == text


def test_truncated_utf8_is_an_error() -> None:
    with pytest.raises(InputError, match="truncated UTF-8"):
        decode_bytes("Straße ö".encode()[:-1], "cut.txt")
