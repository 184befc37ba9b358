"""URLs and e-mail addresses inside prose are never edited."""

from __future__ import annotations

import re

_URL = re.compile(
    r"""(?xi)
    (?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}]   # scheme:// or www.
    | \b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b                               # e-mail
    """
)


def split_urls(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, is_url)`` runs covering ``text``."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for m in _URL.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start(), False))
        out.append((m.start(), m.end(), True))
        pos = m.end()
    if pos < len(text) or not out:
        out.append((pos, len(text), False))
    return out
