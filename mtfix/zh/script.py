"""Which characters are Chinese (and which are East Asian): the one definition of the ranges."""

from __future__ import annotations

import re

#: Han ideographs of the Basic Multilingual Plane: extension A, the unified block, compatibility.
HAN_RANGES: tuple[tuple[int, int], ...] = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
#: Han beyond it: extensions B–F and the compatibility supplement.
ASTRAL_HAN_RANGES: tuple[tuple[int, int], ...] = ((0x20000, 0x2FA1F),)
#: Hangul, kana (without U+30FB, the middle dot) and bopomofo.
OTHER_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3040, 0x30FA),  # Hiragana, Katakana
    (0x30FC, 0x30FF),
    (0x3100, 0x312F),  # Bopomofo
    (0xAC00, 0xD7AF),  # Hangul syllables
)
#: Letters of Chinese, Japanese and Korean text, in code-point order.
CJK_RANGES: tuple[tuple[int, int], ...] = tuple(
    sorted(HAN_RANGES + ASTRAL_HAN_RANGES + OTHER_CJK_RANGES)
)
#: 〇, the ideographic zero (二〇二一).
IDEOGRAPHIC_ZERO = "\u3007"

#: Han ideographs as the body of a regex character class: ``f"[{HAN}]"``.
HAN = "".join(f"{chr(a)}-{chr(b)}" for a, b in HAN_RANGES)
#: Han ideographs and 〇, as a character class body: the characters of written Chinese.
HAN_CHARS = HAN + IDEOGRAPHIC_ZERO

_HAS_HAN = re.compile(f"[{HAN}]")
_ALL_HAN = re.compile(f"[{HAN_CHARS}]+")


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Han ideograph."""
    return _HAS_HAN.search(text) is not None


def is_han(text: str) -> bool:
    """Whether ``text`` is all Han ideographs (or 〇), and not empty."""
    return _ALL_HAN.fullmatch(text) is not None


def is_cjk_letter(ch: str) -> bool:
    """Whether ``ch`` is a Chinese, Japanese or Korean letter (not punctuation)."""
    o = ord(ch)
    if o < 0x1100:
        return False
    return any(a <= o <= b for a, b in CJK_RANGES)
