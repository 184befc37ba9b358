"""Bidirectional controls: the characters of "Trojan Source" spoofing.

U+202A..U+202E (embeddings and overrides) and U+2066..U+2069 (isolates)
make text display in another order than it is stored: ``\u202eevil`` shows
reversed.  English prose never needs them, so they are removed; in a line
with right-to-left letters (Hebrew, Arabic…) they may be legitimate and are
only flagged.  The marks U+200E, U+200F and U+061C are ordinary in
right-to-left text and stay there; elsewhere they are removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from mtfix.clean._text import line_bounds
from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer

#: Embeddings, overrides and isolates: they reorder what is displayed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Direction marks: invisible, legitimate in right-to-left text.
BIDI_MARKS = frozenset("\u200e\u200f\u061c")

_ANY = re.compile("[" + "".join(sorted(BIDI_CONTROLS | BIDI_MARKS)) + "]+")
# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their presentation forms.
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def describe(ch: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'control')})"


#: Confidence of removing a control in a right-to-left line (below the default threshold).
RTL_CONFIDENCE = 0.5


@fixer("clean.bidi", stage="clean", order=5, severity="error")
def bidi_controls(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Bidirectional controls (U+202E …) that can make text display as it is not."""
    rtl_lines: dict[int, bool] = {}
    for m in _ANY.finditer(text):
        a, b = line_bounds(text, m.start())
        if a not in rtl_lines:
            rtl_lines[a] = _RTL_LETTER.search(text, a, b) is not None
        rtl = rtl_lines[a]
        controls = [ch for ch in m.group() if ch in BIDI_CONTROLS]
        if rtl and not controls:
            continue  # direction marks in right-to-left text
        names = ", ".join(describe(ch) for ch in dict.fromkeys(controls or m.group()))
        if rtl:
            reason = f"bidirectional control {names} in right-to-left text: check what it reorders"
        elif controls:
            reason = (
                f"bidirectional control {names} removed: it makes text display "
                "in another order than it is written (spoofing)"
            )
        else:
            reason = f"direction mark {names} removed: there is no right-to-left text here"
        # In right-to-left text a control may be meant: only pointed at by default.
        confidence = RTL_CONFIDENCE if rtl else 0.95
        yield ctx.edit(m.start(), m.end(), "", reason, confidence=confidence)
