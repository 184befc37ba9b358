"""Diffs for a terminal: each edit inline, coloured, with its rule and reason."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

    from mtfix.edits import Edit
    from mtfix.result import RepairResult

#: Characters of unchanged text shown either side of an edit.
CONTEXT = 30
# Control characters in untrusted text could drive the terminal: show them as symbols.
_VISIBLE = {i: f"\\x{i:02x}" for i in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_VISIBLE.update({0x09: "⇥", 0x0A: "⏎", 0x0D: "␍", 0x1B: "␛"})


def visible(text: str) -> str:
    """``text`` with control characters (newlines too) made visible and harmless."""
    return text.translate(_VISIBLE)


@dataclass
class _Hunk:
    start: int  # original offsets of the shown text
    end: int
    edits: list[tuple[int, Edit]]  # (number, edit)


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start of the line holding ``start`` and the end of the line holding ``end``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _context_bounds(text: str, e: Edit, context: int) -> tuple[int, int]:
    """Context around an edit, cut at line ends and widened to whole words."""
    line_start, line_end = _line_bounds(text, e.start, e.end)
    a = max(line_start, e.start - context)
    b = min(line_end, e.end + context)
    while a > line_start and not text[a - 1].isspace():
        a -= 1
    while b < line_end and not text[b].isspace():
        b += 1
    return a, b


def _hunks(result: RepairResult, context: int) -> list[_Hunk]:
    hunks: list[_Hunk] = []
    for number, e in enumerate(sorted(result.edits, key=lambda e: (e.start, e.end)), 1):
        a, b = _context_bounds(result.original, e, context)
        if hunks and a <= hunks[-1].end:
            hunks[-1].end = max(hunks[-1].end, b)
            hunks[-1].edits.append((number, e))
        else:
            hunks.append(_Hunk(a, b, [(number, e)]))
    return hunks


def _style(shown: str, style: str, blank: str) -> str:
    """Spaces have no colour of their own: give blank changes a background."""
    return blank if shown.isspace() else style


def _hunk_text(original: str, hunk: _Hunk) -> Text:
    """The hunk's text with each edit inline: old struck in red, new in green.

    Flagged edits are not applied: their span is underlined in yellow with a
    ``?`` and the suggestion, if any, in brackets.
    """
    from rich.text import Text

    text = Text()
    pos = hunk.start
    for number, e in hunk.edits:
        if e.start < pos:  # overlaps text an earlier edit showed: only its mark
            text.append(f"[{number}{'' if e.applied else '?'}]", style="bold yellow")
            continue
        text.append(visible(original[pos : e.start]))
        if e.applied:
            if e.before:
                text.append(visible(e.before), style=_style(e.before, "red strike", "on red"))
            if e.after:
                text.append(visible(e.after), style=_style(e.after, "bold green", "on green"))
            text.append(f"[{number}]", style="dim cyan")
        else:
            text.append(visible(e.before), style="yellow underline")
            if e.after != e.before:
                text.append(f"[?→{visible(e.after)}]", style="italic yellow")
            text.append(f"[{number}?]", style="bold yellow")
        pos = e.end
    text.append(visible(original[pos : hunk.end]))
    return text


def _label(number: int, e: Edit) -> Text:
    from rich.text import Text

    label = Text("  ")
    if e.applied:
        label.append(f"[{number}] ", style="dim cyan")
    else:
        label.append(f"[{number}?] ", style="bold yellow")
    label.append(e.rule, style="bold" if e.stage != "retranslate" else "bold magenta")
    label.append(f": {visible(e.reason)}")
    label.append(f" (confidence {e.confidence:.2f}", style="dim")
    label.append(")" if e.applied else ", flagged, not applied)", style="dim")
    return label


def render_diff(
    result: RepairResult,
    *,
    color: bool,
    name: str = "original",
    context: int = CONTEXT,
    width: int | None = None,
) -> str:
    """A diff of a repair.

    With ``color`` (for a terminal), a word-level diff made from the edits:
    each change shown inline and labelled with its rule, reason and confidence,
    flagged problems marked ``?`` and left unapplied.  Without, the plain
    unified diff of :meth:`RepairResult.diff`, for files and pipes.
    """
    if not color:
        return result.diff(fromfile=name, tofile=f"{name} (repaired)")
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        width=width or 100,
        soft_wrap=width is None,  # let the terminal wrap unless a width is asked for
        highlight=False,
        emoji=False,
        markup=False,
    )
    summary = result.summary()
    header = Text(f"{visible(name)}: ", style="bold")
    header.append(f"{summary['applied']} fixed", style="green")
    header.append(", ")
    header.append(f"{summary['flagged']} flagged", style="yellow")
    if summary["retranslated"]:
        header.append(f", {summary['retranslated']} re-translated", style="magenta")
    if summary.get("low_confidence"):
        header.append(f", {summary['low_confidence']} flagged: low confidence", style="magenta")
    console.print(header)
    for hunk in _hunks(result, context):
        line = result.original.count("\n", 0, hunk.start) + 1
        console.print(Text(f"@@ line {line} @@", style="cyan"))
        console.print(_hunk_text(result.original, hunk))
        for number, e in hunk.edits:
            console.print(_label(number, e))
    return buffer.getvalue()
