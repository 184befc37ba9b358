"""``source.untranslated``: Chinese characters left in the English are flagged.

Intentional Chinese is left alone: a Chinese term in parentheses right after its English
rendering ("Hillhouse Capital (高瓴资本)") or followed by its rendering in parentheses
("高瓴资本 (Hillhouse Capital)"), as glossaries and bilingual reports write them.
When the run is a name the lexicon knows, its rendering is offered as the suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.source.checks._base import CJK_RUN, aligned_pairs, short

_OPEN, _CLOSE = "([（", ")]）"


def intentional(text: str, start: int, end: int) -> bool:
    """Is the Chinese at ``text[start:end]`` a deliberate gloss next to Latin text?"""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    # "English (中文)": inside parentheses, after Latin text.
    if before.endswith(tuple(_OPEN)) and after.startswith(tuple(_CLOSE)):
        prev = before[:-1].rstrip()
        if prev and re.search(r"[A-Za-z]", prev[-1]):
            return True
    # "中文 (English)": followed by a parenthesised Latin rendering.
    return bool(re.match(r"[(（]\s*[A-Za-z]", after))


def untranslated_runs(en: str) -> list[tuple[int, int]]:
    """Spans of Chinese left in an English sentence (minus intentional glosses)."""
    return [m.span() for m in CJK_RUN.finditer(en) if not intentional(en, *m.span())]


@fixer("source.untranslated", stage="source", order=12, severity="error", needs_source=True)
def check_untranslated(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Chinese characters left untranslated in the English are flagged."""
    lexicon = None
    for pair in aligned_pairs(ctx):
        for a, b in untranslated_runs(pair.en):
            run = pair.en[a:b]
            if lexicon is None:
                from mtfix.source.checks.entities import get_lexicon

                lexicon = get_lexicon(ctx)
            known = lexicon.lookup(run)
            suggestion = known.preferred if known else run
            reason = f"untranslated Chinese {run!r}"
            if known:
                reason += f" (known as {known.preferred!r})"
            in_source = run in pair.zh
            reason += "; source: " + short(pair.zh, 80) if in_source else ""
            yield ctx.edit(
                pair.start + a,
                pair.start + b,
                suggestion,
                reason,
                confidence=0.9 if known else 0.5,
                flag=True,
                data={"source_sentence": pair.zh, "in_source": in_source},
            )
