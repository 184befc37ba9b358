"""Windows over documents with over-long lines.

The local stages hold a document in an :class:`~mtfix.edits.EditLedger` and
some fixers look along a whole line, so a line of many megabytes (a feed
export, a minified page) would cost time and memory out of all proportion.
Such a document is repaired window by window instead: windows of at most
``size`` characters, cut after a line break, else between sentences
(``… word. Next``), else between words.  Each window is repaired with
:data:`CONTEXT_CHARS` of its neighbours' text around it and keeps the edits
that start inside it, so a fixer sees across the cut; the edits are then
joined up.  Rules that look at the whole document or paragraph (one product,
one name; glossary context words) see a window and its context; no ordinary
article is affected.
"""

from __future__ import annotations

import re
import unicodedata

#: A document with a line longer than this is repaired in windows.
MAX_LINE_CHARS = 50_000
#: The largest window.
WINDOW_CHARS = 50_000
#: Text on either side of a window that its fixers see.
CONTEXT_CHARS = 2_000

# Between sentences: a lower-case word, its full stop, one space, a capitalised word.
_SENTENCE_GAP = re.compile(r"(?<=[a-z0-9%][a-z0-9%][.!?]) (?=[A-Z][a-z])")
# Otherwise between two words, then any white space.
_WORD_GAP = re.compile(r"(?<=\w) (?=\w)")
_SPACE = re.compile(r"\s")
_SENTENCE_REACH = 4096


def has_long_line(text: str, limit: int | None = None) -> bool:
    """Whether some line of ``text`` is longer than ``limit`` (:data:`MAX_LINE_CHARS`)."""
    limit = MAX_LINE_CHARS if limit is None else limit
    if len(text) <= limit:
        return False
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if end - pos > limit:
            return True
        pos = end + 1
    return False


def windows(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` spans tiling ``text``, each at most ``size`` (:data:`WINDOW_CHARS`)."""
    size = WINDOW_CHARS if size is None else size
    if size < 2:
        raise ValueError("size must be at least 2")
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while n - pos > size:
        cut = _cut(text, pos + size // 2, pos + size)
        spans.append((pos, cut))
        pos = cut
    spans.append((pos, n))
    return spans


def _cut(text: str, lo: int, hi: int) -> int:
    """The best place to cut ``text`` within ``(lo, hi]``."""
    nl = text.rfind("\n", lo, hi)
    if nl >= 0:
        return nl + 1
    # From the end: a gap is usually near.  Sentences are looked for in the
    # last few kilobytes only, so text without any stays linear.
    for gap, start in ((_SENTENCE_GAP, max(lo, hi - _SENTENCE_REACH)), (_WORD_GAP, lo)):
        space = text.rfind(" ", start, hi)
        while space >= 0:
            if gap.match(text, space):
                return space + 1
            space = text.rfind(" ", start, space)
    last = None
    for last in _SPACE.finditer(text, lo, hi):  # noqa: B007 - the last one
        pass
    if last is not None:
        return last.end()
    # No white space at all: do not separate a character from its marks.
    cut = hi
    while cut > lo + 1 and unicodedata.combining(text[cut]):
        cut -= 1
    return cut
