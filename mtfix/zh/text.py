"""Chinese text: sentences, and the normalised form used for look-ups.

The source text itself is never altered: every function here returns
offsets into the text it was given.  Normalisation (traditional →
simplified, full-width letters and digits → ASCII) keeps the length of the
text, so the offsets of a normalised text are those of the original.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mtfix.document import Span
from mtfix.zh.script import HAN, has_han

_CLOSERS = "”’\"'」』）)\\]】》〕〉"
# A sentence ends at a run of 。！？； or an ellipsis (…, ……, ...), or at a
# half-width !?; before a space, or between Chinese characters ("Yahoo!新闻" is
# a name); closing quotes and brackets
# stay with the sentence they close.
_SENTENCE_END = re.compile(
    rf"(?:[。！？；…]|\.{{3,}}|[!?;](?=[\s{_CLOSERS}]|$)|(?<=[{HAN}!?！？])[!?;](?=[{HAN}]))+"
    rf"[{_CLOSERS}]*"
)


def split_sentences(text: str) -> list[Span]:
    """Sentences of a Chinese text, with offsets into ``text``.

    Lines (and so paragraphs) always end a sentence; inside a line a
    sentence ends after 。！？； or an ellipsis, with any closing quotes or
    brackets that follow it.
    """
    spans: list[Span] = []
    line_start = 0
    for line in text.split("\n"):
        pos = 0
        for m in _SENTENCE_END.finditer(line):
            _add(spans, text, line_start + pos, line_start + m.end())
            pos = m.end()
        _add(spans, text, line_start + pos, line_start + len(line))
        line_start += len(line) + 1
    return spans


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    body = chunk.strip()
    if body:
        s = start + len(chunk) - len(chunk.lstrip())
        spans.append(Span(s, s + len(body), body))


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


#: Full-width digits, letters and number signs (％．，) → ASCII.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９％．，", "0123456789%.,")
# For look-ups: full-width digits, letters and ％． → ASCII; Chinese punctuation (，) stays.
_FULL_WIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％．"} | {
    c: c - 0xFEE0 for r in ((0xFF21, 0xFF3B), (0xFF41, 0xFF5B)) for c in range(*r)
}


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC ``t2s``), keeping the length of ``text``."""
    if not has_han(text):
        return text
    converted: str = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: convert character by character.
    return "".join(c if len(s := _t2s().convert(c)) != 1 else s for c in text)


def normalize(text: str) -> str:
    """The form used for look-ups: simplified, full-width letters and digits half-width.

    Only for look-ups; never written back.  Same length as ``text``.
    """
    return to_simplified(text).translate(_FULL_WIDTH)
