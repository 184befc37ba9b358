"""The glossary fixer: known garbles of names, organisations and products."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.rules.glossary import GlossaryMatch


def match_data(match: GlossaryMatch) -> dict[str, Any]:
    """What an edit reports about the glossary entry behind it."""
    e = match.entry
    data: dict[str, Any] = {"entry": e.pattern, "type": e.type, "glossary": e.cite()}
    if e.zh:
        data["zh"] = e.zh
    return data


@fixer("rules.glossary", stage="rules", order=10)
def known_garbles(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Known MT garbles of names, organisations and products (the glossary)."""
    for m in ctx.glossary.find(text, grouped=False, warnings=ctx.warnings):
        if m.replacement == m.text:
            continue
        note = m.entry.note or f"{m.entry.pattern!r} is a known garble of {m.replacement!r}"
        yield ctx.edit(
            m.start,
            m.end,
            m.replacement,
            f"known MT garble: {note}",
            confidence=m.entry.confidence,
            data=match_data(m),
        )
