"""The glossary fixer: known garbles of names, organisations and products."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.rules.glossary import GlossaryMatch
from mtfix.rules.glossary_entries import GlossaryEntry


def match_data(match: GlossaryMatch) -> dict[str, Any]:
    """What an edit reports about the glossary entry behind it."""
    e = match.entry
    data: dict[str, Any] = {"entry": e.pattern, "type": e.type, "glossary": e.cite()}
    if e.zh:
        data["zh"] = e.zh
    return data


def entry_place(entry: GlossaryEntry) -> str:
    """Where an entry is written, for editors: ``desk.toml, line 7`` or the built-in glossary."""
    if entry.builtin:
        return "the built-in glossary"
    name = Path(entry.origin).name
    return f"{name}, line {entry.line}" if entry.line else name


def garble_note(match: GlossaryMatch) -> str:
    """Why a match is replaced: the entry's note, else the matched text, its
    replacement and the entry's file (never a raw regex, which editors cannot read)."""
    if match.entry.note:
        return match.entry.note
    return (
        f"replaced {match.text!r} with {match.replacement!r} "
        f"(glossary entry in {entry_place(match.entry)})"
    )


@fixer("rules.glossary", stage="rules", order=10)
def known_garbles(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Known MT garbles of names, organisations and products (the glossary)."""
    for m in ctx.glossary.find(text, grouped=False, warnings=ctx.warnings):
        if m.replacement == m.text:
            continue
        yield ctx.edit(
            m.start,
            m.end,
            m.replacement,
            f"known MT garble: {garble_note(m)}",
            confidence=m.entry.confidence,
            data=match_data(m),
        )
