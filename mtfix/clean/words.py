"""English word frequencies (wordfreq's, without importing it for plain words)."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

#: Words wordfreq's English tokenizer keeps as they are (one token, nothing folded).
_PLAIN = re.compile(r"[a-z]+")
#: wordfreq's zipf_to_freq(0.0): the frequency of an unknown word.
_MINIMUM = 10**0.0 / 1e9


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """The Zipf frequency of ``word`` in English (0 for unknown words), as wordfreq's
    ``zipf_frequency(word, "en")``.

    3 is about once per million words; "the" is 7.7.  Returns 0 when
    wordfreq is not installed, so callers that need a known word back off.
    Plain lower-case words are looked up in a table of wordfreq's list in mtfix's
    cache folder (importing wordfreq and reading its list take half a second);
    other words go to wordfreq.
    """
    if _PLAIN.fullmatch(word):
        table = _english_table()
        if table is not None:
            return _zipf_of(table.get(word))
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    return float(zipf_frequency(word, "en"))


def _zipf_of(index: int | None) -> float:
    """wordfreq's arithmetic for one token in its list at ``-index`` centibels (or absent)."""
    if index is None:
        freq = _MINIMUM
    else:
        freq = 1.0 / (0.0 + 1.0 / 10 ** (-index / 100))
        freq = max(freq, _MINIMUM)
        freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)


@lru_cache(maxsize=1)
def _english_table() -> Any:
    """wordfreq's English list as ``{word: -centibels}`` (a table), or None without wordfreq."""
    from importlib.metadata import PackageNotFoundError, version

    from mtfix.zh.tables import cached_table

    try:
        release = version("wordfreq")
    except PackageNotFoundError:  # pragma: no cover - wordfreq is a dependency
        return None

    def build() -> tuple[dict[str, Any], Any]:
        from wordfreq import get_frequency_list

        table: dict[str, Any] = {}
        for index, bucket in enumerate(get_frequency_list("en", "best")):
            for word in bucket:  # as wordfreq's get_frequency_dict: the last wins
                table[word] = index
        return table, None

    return cached_table(f"wordfreq-en-{release}", build)


def is_common_word(word: str, threshold: float = 3.0) -> bool:
    return zipf(word) >= threshold


# -- is this English prose? ---------------------------------------------------------

#: English function words: a line of prose holds some of them.
_FUNCTION_WORDS = frozenset({
    "a", "an", "the", "of", "and", "or", "but", "to", "in", "on", "at", "by", "for", "from",
    "with", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its",
    "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her",
    "their", "our", "not", "no", "which", "who", "what", "when", "said", "says", "will",
    "would", "can", "could", "may", "should", "there", "than", "then", "also", "after",
    "before", "into", "over", "about", "more", "most", "new", "year", "years",
})  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_ACCENTED = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
#: How far (in characters) on either side of a position the language is judged.
_PROSE_REACH = 300
_PROSE_STEP = 200


def english_prose(text: str, pos: int) -> bool:
    """Whether ``text`` around ``pos`` (on its line) reads as English prose.

    English spacing rules (no space before ``!``, one after ``.``) are wrong
    in French (``vous !``) and need not hold in Slovak or German: a stretch
    with many accented words, or several words and no English function
    word, is not English.
    """
    a = max(text.rfind("\n", 0, pos) + 1, pos - _PROSE_REACH)
    b = text.find("\n", pos, pos + _PROSE_REACH)
    b = min(len(text), pos + _PROSE_REACH) if b < 0 else b
    words = _WORD.findall(text, a, b)
    if not words:
        return True
    accented = sum(1 for w in words if _ACCENTED.search(w))
    if accented >= max(1, 0.15 * len(words)):
        return False
    common = sum(1 for w in words if w.lower() in _FUNCTION_WORDS)
    return len(words) < 4 or common > 0


class Prose:
    """:func:`english_prose` for one text, judged once per stretch of it.

    Positions in one stretch of :data:`_PROSE_STEP` characters of a line
    share a verdict, so a fixer that asks at every mark stays linear.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[int, bool] = {}
        self._line = (0, -1)

    def english(self, pos: int) -> bool:
        a, b = self._line
        if not a <= pos <= b:
            a = self.text.rfind("\n", 0, pos) + 1
            b = self.text.find("\n", pos)
            self._line = a, b = a, len(self.text) if b < 0 else b
        anchor = a + (pos - a) // _PROSE_STEP * _PROSE_STEP + _PROSE_STEP // 2
        anchor = min(anchor, b)
        found = self._cache.get(anchor)
        if found is None:
            found = self._cache[anchor] = english_prose(self.text, anchor)
        return found
