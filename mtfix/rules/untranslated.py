"""``rules.untranslated``: Chinese left in the English is flagged, with no source needed.

With the Chinese original given, ``source.untranslated`` does this sentence by
sentence (and says what the source has); without it, this rule flags each run
and offers the glossary's rendering when it knows the name.  Deliberate
glosses are left alone: "Hillhouse Capital (高瓴资本)" and "高瓴资本 (Hillhouse
Capital)", as bilingual reports write them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.zh.script import HAN_CHARS

#: Han ideographs (and the ideographic zero), the mark of untranslated Chinese.
CJK = HAN_CHARS
CJK_RUN = re.compile(rf"[{CJK}]+(?:[\s\u3000·•、，。：；“”‘’《》（）]*[{CJK}]+)*")
_OPEN, _CLOSE = "([（", ")]）"
#: Ideographs used as punctuation in headlines ("Sport 丨 The final"), not Chinese words.
SEPARATOR_GLYPHS = frozenset("丨")
_REACH = 200  # how far around a run to look for its gloss


def intentional(text: str, start: int, end: int) -> bool:
    """Is the Chinese at ``text[start:end]`` a deliberate gloss next to Latin text?"""
    before = text[max(0, start - _REACH) : start].rstrip()
    after = text[end : end + _REACH].lstrip()
    # "English (中文)": inside parentheses, after Latin text.
    if before.endswith(tuple(_OPEN)) and after.startswith(tuple(_CLOSE)):
        prev = before[:-1].rstrip()
        if prev and re.search(r"[A-Za-z]", prev[-1]):
            return True
    # "中文 (English)": followed by a parenthesised Latin rendering.
    return bool(re.match(r"[(（]\s*[A-Za-z]", after))


def untranslated_runs(en: str) -> list[tuple[int, int]]:
    """Spans of Chinese left in English text (minus intentional glosses)."""
    return [
        m.span()
        for m in CJK_RUN.finditer(en)
        if not intentional(en, *m.span()) and not set(m.group()) <= SEPARATOR_GLYPHS
    ]


@fixer("rules.untranslated", stage="rules", order=40, severity="error", applies=False)
def untranslated_chinese(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Chinese characters left in the English are flagged (without a source)."""
    if ctx.source is not None:
        return  # source.untranslated checks them against the original
    runs = untranslated_runs(text)
    if not runs:
        return
    names = ctx.glossary.names()
    for a, b in runs:
        run = text[a:b]
        known = names.get(run)
        reason = f"untranslated Chinese {run!r}" + (f" (known as {known!r})" if known else "")
        yield ctx.edit(a, b, known or run, reason, confidence=0.9 if known else 0.5)
