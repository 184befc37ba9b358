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


def test_a_raised_limit_is_not_allocated_up_front(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # MTFIX_MAX_DOCUMENT_MB=100000 lifts the limit: reading must not allocate 100 GB for it.
    from mtfix.io.reading import read_bytes

    monkeypatch.setenv("MTFIX_MAX_DOCUMENT_MB", "100000")
    path = tmp_path / "a.txt"
    path.write_bytes(b"John \xc2\xb7 Rawls\n" * 1000)
    assert read_bytes(str(path)) == path.read_bytes()


def test_reading_in_chunks_keeps_the_limit(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    from mtfix.io import reading

    monkeypatch.setattr(reading, "_CHUNK", 7)
    data = b"0123456789" * 5
    assert reading._read_capped(io.BytesIO(data), 50) == data
    assert reading._read_capped(io.BytesIO(data), 49) is None
    assert reading._read_capped(io.BytesIO(data), 50, expected=20) == data  # it grew
    assert reading._read_capped(io.BytesIO(data), 30, expected=20) is None
