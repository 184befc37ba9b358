"""Prose extracted from a marked-up document, and edits mapped back onto it.

A format reader turns its document into a :class:`Prose`: the text the
repair pipeline sees, cut into segments that remember where they came from.

* ``text`` segments are editable and equal, character for character, to the
  document text they come from;
* ``atom`` segments (an HTML entity, a Markdown escape) are editable only as
  a whole: an edit may replace the atom but not cut into it;
* ``fixed`` segments (code, URLs, line breaks, separators) are shown to the
  pipeline for context but never edited;
* ``open``, ``close`` and ``mark`` segments are markup with no prose width
  (``**``, ``<a href=…>``, ``<x/>``): an edit may not span them.

:meth:`Prose.place` says where an edit of the prose lands, or why it cannot.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from mtfix.config import RepairConfig
from mtfix.edits import FLAGGED, Edit, apply_edits, resolve_overlaps
from mtfix.result import RepairResult

SegmentKind = Literal["text", "atom", "fixed", "open", "close", "mark"]
#: What the pipeline sees in place of inline code: a private-use character
#: that no fixer reads as a word, a quotation mark or punctuation, so that code
#: never changes what is done to the prose around it.
CODE_STAND_IN = "\ue000"
EDITABLE = frozenset({"text", "atom"})
ZERO_WIDTH = frozenset({"open", "close", "mark"})

#: ``(text, source) -> RepairResult``; the pipeline by default.
RepairFunc = Callable[[str, "str | None"], RepairResult]


@dataclass(frozen=True, eq=False)
class Segment:
    kind: SegmentKind
    #: Span in the prose text.
    start: int
    end: int
    #: A handle for the format (an XML node, a run), or ``None``.
    ref: object = None
    #: Span in the raw document, for formats that edit a string.
    raw_start: int = -1
    raw_end: int = -1

    @property
    def editable(self) -> bool:
        return self.kind in EDITABLE

    def raw_at(self, offset: int) -> int:
        """The raw offset of prose ``offset`` (inside or at the edges of this segment)."""
        if self.kind == "text":
            return self.raw_start + offset - self.start
        return self.raw_start if offset <= self.start else self.raw_end


@dataclass(frozen=True)
class Piece:
    """The part ``[start, end)`` (segment-local offsets) of an editable segment."""

    segment: Segment
    start: int
    end: int


@dataclass(frozen=True)
class Placement:
    """Where an edit of the prose lands."""

    #: Editable pieces in order; for an insertion, one empty piece (or none).
    pieces: tuple[Piece, ...]
    #: For an insertion: the segments just before and after the insertion point.
    before: Segment | None = None
    after: Segment | None = None
    #: Why it cannot be applied, or ``""``.
    problem: str = ""
    #: The edit lies wholly in text that is never edited (code, URLs).
    inside_fixed: bool = False


@dataclass
class Prose:
    """Text for the pipeline, with the segments it is made of."""

    segments: list[Segment] = field(default_factory=list)
    _parts: list[str] = field(default_factory=list)
    _length: int = 0
    _starts: list[int] = field(default_factory=list)

    def add(
        self,
        kind: SegmentKind,
        text: str = "",
        ref: object = None,
        raw_start: int = -1,
        raw_end: int = -1,
    ) -> Segment:
        if kind in ZERO_WIDTH and text:
            raise ValueError(f"{kind} segments have no prose text")
        if not text and kind not in ZERO_WIDTH:
            return Segment(kind, self._length, self._length, ref, raw_start, raw_end)
        seg = Segment(kind, self._length, self._length + len(text), ref, raw_start, raw_end)
        self.segments.append(seg)
        self._starts.append(seg.start)
        self._parts.append(text)
        self._length += len(text)
        return seg

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def __len__(self) -> int:
        return self._length

    def ends_with_separator(self) -> bool:
        """Whether the prose is empty or ends with a line break."""
        last = next((p for p in reversed(self._parts) if p), "")
        return not last or last.endswith("\n")

    # -- placing edits ------------------------------------------------------
    def place(self, start: int, end: int) -> Placement:
        """Where the prose span ``[start, end)`` lies in the segments."""
        if start == end:
            return self._place_point(start)
        lo = bisect.bisect_right(self._starts, start) - 1
        lo = max(lo, 0)
        pieces: list[Piece] = []
        touched: list[Segment] = []
        segments = self.segments
        for k in range(lo, len(segments)):  # indexes: a slice would copy the whole tail
            seg = segments[k]
            if seg.start >= end and not (seg.start == seg.end == end):
                break
            if seg.end <= start and seg.start < start:
                continue
            if seg.kind in ZERO_WIDTH:
                if start < seg.start < end:
                    touched.append(seg)
                continue
            touched.append(seg)
            if seg.editable:
                pieces.append(Piece(seg, max(start, seg.start), min(end, seg.end)))
        kinds = {s.kind for s in touched}
        if kinds and kinds <= {"fixed"}:
            return Placement((), problem="inside code or other fixed text", inside_fixed=True)
        if "fixed" in kinds:
            return Placement(tuple(pieces), problem="touches code, a URL or a line break")
        if kinds & ZERO_WIDTH:
            return Placement(tuple(pieces), problem="crosses markup")
        for p in pieces:
            if p.segment.kind == "atom" and (p.start, p.end) != (p.segment.start, p.segment.end):
                return Placement(tuple(pieces), problem="cuts into an entity or escape")
        return Placement(tuple(pieces))

    def _place_point(self, pos: int) -> Placement:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0:
            seg = self.segments[i]
            if seg.start < pos < seg.end:  # strictly inside a segment
                if seg.kind == "text":
                    return Placement((Piece(seg, pos, pos),), seg, seg)
                if seg.kind == "atom":
                    return Placement((), problem="cuts into an entity or escape")
                return Placement((), problem="inside fixed text", inside_fixed=True)
        # At a boundary: insert after closing markup, before anything else.
        first = bisect.bisect_left(self._starts, pos)
        while first > 0 and self.segments[first - 1].start == self.segments[first - 1].end == pos:
            first -= 1
        j = first
        while (
            j < len(self.segments)
            and self.segments[j].kind == "close"
            and (self.segments[j].start == pos)
        ):
            j += 1
        before = self.segments[j - 1] if j > 0 and self.segments[j - 1].end == pos else None
        after = (
            self.segments[j] if j < len(self.segments) and self.segments[j].start == pos else None
        )
        # The neighbours with width, past any markup at this point.
        left = self.segments[first - 1] if first > 0 else None
        k = j
        while k < len(self.segments) and self.segments[k].kind in ZERO_WIDTH:
            k += 1
        right = (
            self.segments[k] if k < len(self.segments) and self.segments[k].start == pos else None
        )
        if before is not None and before.kind == "text":
            return Placement((Piece(before, pos, pos),), before, after)
        if after is not None and after.kind == "text":
            return Placement((Piece(after, pos, pos),), before, after)
        if (left is not None and left.editable) or (right is not None and right.editable):
            return Placement((), before, after)
        if before is None and after is None:
            return Placement((), problem="empty document")
        return Placement((), before, after, problem="not next to editable text")

    def raw_offset_for(self, where: Placement, pos: int, *, at_end: bool) -> int:
        """The raw offset of a placed edit's start or end."""
        if where.pieces:
            piece = where.pieces[-1] if at_end else where.pieces[0]
            return piece.segment.raw_at(pos)
        if where.before is not None:  # an insertion between two segments
            return where.before.raw_end
        if where.after is not None:
            return where.after.raw_start
        return self.raw_offset(pos)

    def raw_offset(self, pos: int) -> int:
        """The raw offset closest to prose ``pos`` (for formats with raw offsets)."""
        if not self.segments:
            return 0
        i = max(bisect.bisect_right(self._starts, pos) - 1, 0)
        seg = self.segments[i]
        # Prefer a segment with width that holds pos.
        while seg.kind in ZERO_WIDTH and i > 0 and self.segments[i - 1].end >= pos:
            i -= 1
            seg = self.segments[i]
        return seg.raw_at(min(max(pos, seg.start), seg.end))


def trimmed(edit: Edit) -> Edit:
    """The edit shrunk by the prefix and suffix its before and after share."""
    a, b = edit.before, edit.after
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    s = 0
    while s < min(len(a), len(b)) - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    if p == 0 and s == 0:
        return edit
    return dataclasses.replace(
        edit,
        start=edit.start + p,
        end=edit.end - s,
        before=a[p : len(a) - s],
        after=b[p : len(b) - s],
    )


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def split_edit(edit: Edit) -> list[Edit]:
    """An edit cut into word-level pieces (for edits that cross markup)."""
    a = _TOKEN.findall(edit.before)
    b = _TOKEN.findall(edit.after)
    a_pos = [0]
    for tok in a:
        a_pos.append(a_pos[-1] + len(tok))
    out: list[Edit] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    spans: list[tuple[int, int, int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        # A replacement is paired token by token from its end: "· Neuss" → "Noyce"
        # becomes "· " → "" and "Neuss" → "Noyce".
        while op == "replace" and i2 - i1 > 0 and j2 - j1 > 0 and (i2 - i1 > 1 or j2 - j1 > 1):
            spans.append((i2 - 1, i2, j2 - 1, j2))
            i2, j2 = i2 - 1, j2 - 1
        if i2 > i1 or j2 > j1:
            spans.append((i1, i2, j1, j2))
    for i1, i2, j1, j2 in sorted(spans):
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if before != after:
            out.append(
                dataclasses.replace(
                    edit,
                    start=edit.start + a_pos[i1],
                    end=edit.start + a_pos[i2],
                    before=before,
                    after=after,
                )
            )
    return out


def note_unplaced(edit: Edit, problem: str) -> Edit:
    """An applied edit that the format cannot apply, turned into a flag."""
    return dataclasses.replace(
        edit.with_status(FLAGGED), reason=f"{edit.reason} (not applied: {problem})"
    )


def default_repair(config: RepairConfig | None) -> RepairFunc:
    from mtfix.pipeline import get_repairer

    repairer = get_repairer(config)

    def run(text: str, source: str | None) -> RepairResult:
        return repairer.repair(text, source=source)

    return run


def place_split(prose: Prose, edit: Edit) -> list[tuple[Edit, Placement]] | None:
    """Word-level pieces of ``edit`` that can each be placed, or ``None``."""
    pieces = split_edit(edit)
    if len(pieces) < 2:
        return None
    out = []
    for piece in pieces:
        where = prose.place(piece.start, piece.end)
        if where.problem:
            return None
        out.append((piece, where))
    return out


def place_edit(
    prose: Prose,
    edit: Edit,
    candidates: tuple[Edit, ...],
    fits: Callable[[Placement], bool],
) -> list[tuple[Edit, Placement]] | None:
    """Where ``edit`` goes: the first of ``candidates`` (forms of it) placed whole where it
    ``fits``, else its word-level pieces when every one fits, else ``None``."""
    for cand in candidates:
        where = prose.place(cand.start, cand.end)
        if not where.problem and fits(where):
            return [(cand, where)]
    split = place_split(prose, edit)
    if split is not None and all(fits(where) for _, where in split):
        return split
    return None


def repair_raw(
    raw: str,
    prose: Prose,
    prose_result: RepairResult,
    *,
    escape: Callable[[str], str],
    escape_at: Callable[[int], Callable[[str], str]] | None = None,
) -> RepairResult:
    """Lift a repair of ``prose`` onto the raw document it was read from.

    Every segment must carry raw offsets.  Applied edits that cannot be placed
    without touching markup become flags; edits wholly inside code are dropped.
    Inserted text is escaped with ``escape``, or with ``escape_at(raw_offset)``
    when given (documents that mix two markups).
    """
    lifted: list[Edit] = []
    pick = escape_at or (lambda _at: escape)
    for edit in prose_result.edits:
        lifted.extend(_lift(raw, prose, edit, pick))
    edits = resolve_overlaps(lifted)
    text = apply_edits(raw, edits)
    return RepairResult(
        original=raw,
        text=text,
        edits=edits,
        signature=prose_result.signature,
        source=prose_result.source,
        warnings=list(prose_result.warnings),
    )


_Escapes = Callable[[int], Callable[[str], str]]


def _lift(raw: str, prose: Prose, edit: Edit, escape: _Escapes) -> list[Edit]:
    # The smallest change first: an inserted space then lands outside closing markup.
    candidates = [edit]
    if edit.applied:
        small = trimmed(edit)
        if small is not edit:
            candidates.insert(0, small)
    problem = ""
    for cand in candidates:
        where = prose.place(cand.start, cand.end)
        if where.inside_fixed:
            return []
        if not where.problem:
            return [_on_raw(raw, prose, cand, where, escape)]
        problem = problem or where.problem
    split = place_split(prose, edit) if edit.applied else None
    if split is not None:
        return [_on_raw(raw, prose, piece, where, escape) for piece, where in split]
    start = prose.raw_offset(edit.start)
    end = max(start, prose.raw_offset(edit.end))
    out = note_unplaced(edit, problem) if edit.applied else edit
    return [dataclasses.replace(out, start=start, end=end, before=raw[start:end], parts=())]


def _on_raw(raw: str, prose: Prose, edit: Edit, where: Placement, escape: _Escapes) -> Edit:
    start = prose.raw_offset_for(where, edit.start, at_end=False)
    end = prose.raw_offset_for(where, edit.end, at_end=True)
    after = escape(start)(edit.after) if edit.applied else edit.after
    return dataclasses.replace(
        edit, start=start, end=end, before=raw[start:end], after=after, parts=()
    )
