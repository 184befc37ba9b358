"""Small text helpers shared by the cleaning fixers."""

from __future__ import annotations

import re
from functools import lru_cache

from mtfix.zh.script import is_cjk_letter as is_cjk

#: How far (in characters) to look for a letter that tells the language.
CONTEXT_WINDOW = 12


def _is_fullwidth_alnum(ch: str) -> bool:
    o = ord(ch)
    return 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A


def _evidence(ch: str) -> bool | None:
    """True for a CJK letter, False for another letter or digit, None for neither."""
    if is_cjk(ch):
        return True
    if _is_fullwidth_alnum(ch):  # full-width letters are used in both scripts
        return None
    if ch.isalnum():
        return False
    return None


def _side(text: str, positions: range) -> bool | None:
    for i in positions:
        ch = text[i]
        if ch == "\n":
            return None
        found = _evidence(ch)
        if found is not None:
            return found
    return None


def chinese_context(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits in a run of CJK text.

    The nearest letter on each side decides; when neither side has one
    within :data:`CONTEXT_WINDOW`, the line decides.
    """
    left = _side(text, range(start - 1, max(start - CONTEXT_WINDOW, 0) - 1, -1))
    right = _side(text, range(end, min(end + CONTEXT_WINDOW, len(text))))
    if left or right:
        return True
    if left is None and right is None:
        a, b = line_bounds(text, start)
        return any(is_cjk(ch) for ch in text[a:b])
    return False


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """The start and end of the line holding ``pos`` (without the newline)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b


def token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited token around ``text[start:end]``."""
    a = start
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = end
    while b < len(text) and not text[b].isspace():
        b += 1
    return a, b


_ADDRESS = re.compile(
    r"""://|www\.|\w@\w|[/\\_]|\w=\w|%[0-9A-Fa-f]{2}
    |\.(?:com|net|org|edu|gov|mil|int|info|biz|io|ai|co|cn|hk|tw|jp|kr|uk|us|de|fr|ru|eu|me|tv
        |html?|php|aspx?|jsp|pdf|docx?|xlsx?|pptx?|txt|csv|json|xml|jpe?g|png|gif|zip|exe|py|js)
      (?![A-Za-z])""",
    re.IGNORECASE | re.VERBOSE,
)


@lru_cache(maxsize=4096)
def looks_like_address(token: str) -> bool:
    """URLs, e-mail addresses, domains, paths and file names."""
    return _ADDRESS.search(token) is not None


def in_address(text: str, start: int, end: int) -> bool:
    """Whether the token around ``text[start:end]`` is a URL, e-mail, domain or file."""
    a, b = token_bounds(text, start, end)
    return looks_like_address(text[a:b])


#: How far (in characters) to look for the other quotation mark of a pair.
QUOTE_REACH = 1000


def nearest_mark(text: str, pos: int, marks: str, *, forward: bool) -> str | None:
    """The nearest of ``marks`` after (or before) ``pos`` on its line, within reach."""
    if forward:
        end = min(len(text), pos + QUOTE_REACH)
        nl = text.find("\n", pos, end)
        end = end if nl < 0 else nl
        found = [i for i in (text.find(m, pos, end) for m in marks) if i >= 0]
        return text[min(found)] if found else None
    start = max(0, pos - QUOTE_REACH)
    start = max(start, text.rfind("\n", start, pos) + 1)
    last = max(text.rfind(m, start, pos) for m in marks)
    return text[last] if last >= 0 else None
