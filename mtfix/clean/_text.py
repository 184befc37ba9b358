"""Small text helpers shared by the cleaning fixers."""

from __future__ import annotations

import re
from functools import lru_cache

import regex

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


# What str.isspace() calls space: Unicode White_Space and the separators U+001C..U+001F.
_SPACE_BACK = regex.compile(r"[\s\x1c-\x1f]", regex.REVERSE)
_SPACE_AHEAD = re.compile(r"\s")


def token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited token around ``text[start:end]``."""
    back = _SPACE_BACK.search(text, 0, start)
    ahead = _SPACE_AHEAD.search(text, end)
    return (back.end() if back else 0), (ahead.start() if ahead else len(text))


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


class Tokens:
    """The whitespace-delimited tokens of one text, looked up at increasing positions.

    Each token is scanned once, however many lookups fall inside it, so a
    fixer stays linear on a long token (``ab;ab;ab;…``).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._span = (-1, -1)
        self._facts: dict[str, object] = {}

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """The token around ``text[start:end]`` (as :func:`token_bounds`)."""
        a, b = self._span
        if not (a <= start and end <= b):
            self._span = token_bounds(self.text, start, end)
            self._facts = {}
        return self._span

    def in_address(self, start: int, end: int) -> bool:
        """Whether the token around ``text[start:end]`` is a URL, e-mail, domain or file."""
        a, b = self.bounds(start, end)
        found = self._facts.get("address")
        if found is None:
            found = self._facts["address"] = looks_like_address(self.text[a:b])
        return bool(found)

    def count(self, pattern: re.Pattern[str], start: int, end: int) -> int:
        """How often ``pattern`` occurs in the token around ``text[start:end]``."""
        a, b = self.bounds(start, end)
        key = "count:" + pattern.pattern
        found = self._facts.get(key)
        if found is None:
            found = self._facts[key] = len(pattern.findall(self.text, a, b))
        assert isinstance(found, int)
        return found


#: How far (in characters) to look for the other quotation mark of a pair.
QUOTE_REACH = 1000


def nearest_mark(
    text: str, pos: int, marks: str, *, forward: bool, across_lines: bool = False
) -> str | None:
    """The nearest of ``marks`` after (or before) ``pos`` on its line, within reach.

    ``across_lines``: also on earlier (or later) lines, within reach: a
    quotation laid out one segment per line opens on one line and closes on another.
    """
    if forward:
        end = min(len(text), pos + QUOTE_REACH)
        nl = -1 if across_lines else text.find("\n", pos, end)
        end = end if nl < 0 else nl
        found = [i for i in (text.find(m, pos, end) for m in marks) if i >= 0]
        return text[min(found)] if found else None
    start = max(0, pos - QUOTE_REACH)
    if not across_lines:
        start = max(start, text.rfind("\n", start, pos) + 1)
    last = max(text.rfind(m, start, pos) for m in marks)
    return text[last] if last >= 0 else None
