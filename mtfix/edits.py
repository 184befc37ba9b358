"""The edit model: every change is an :class:`Edit` with provenance.

Fixers propose edits against the text they are given.  The
:class:`EditLedger` composes them across steps so that every edit it holds
points into the *original* text, and applying the applied edits to the
original reproduces the current text exactly.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

EditStatus = Literal["applied", "flagged"]
APPLIED: EditStatus = "applied"
FLAGGED: EditStatus = "flagged"


@dataclass(frozen=True, slots=True)
class Edit:
    """One change, or one flagged problem, with its provenance.

    ``start``/``end`` index the text the edit was proposed against; once an
    edit is in a :class:`~mtfix.RepairResult` they index the original input.
    """

    start: int
    end: int
    before: str
    after: str
    stage: str
    rule: str
    reason: str
    confidence: float = 1.0
    status: EditStatus = APPLIED
    #: Extra data a rule wants to report (scores, candidates, source ids).
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: Earlier edits this one was merged with, when two steps touched one span.
    parts: tuple[Edit, ...] = field(default=(), compare=False, hash=False)

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span {self.start}..{self.end}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside [0, 1]")

    @property
    def applied(self) -> bool:
        return self.status == APPLIED

    def with_status(self, status: EditStatus) -> Edit:
        return dataclasses.replace(self, status=status)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "stage": self.stage,
            "rule": self.rule,
            "reason": self.reason,
            "confidence": round(self.confidence, 4),
            "status": self.status,
        }
        if self.data:
            out["data"] = self.data
        if self.parts:
            out["parts"] = [p.to_dict() for p in self.parts]
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Edit:
        parts = tuple(cls.from_dict(p) for p in d.get("parts", ()))
        return cls(
            start=int(d["start"]),
            end=int(d["end"]),
            before=str(d["before"]),
            after=str(d["after"]),
            stage=str(d["stage"]),
            rule=str(d["rule"]),
            reason=str(d["reason"]),
            confidence=float(d.get("confidence", 1.0)),
            status=d.get("status", APPLIED),
            data=dict(d.get("data", {})),
            parts=parts,
        )


def _sort_key(e: Edit) -> tuple[int, int]:
    return (e.start, e.end)


def resolve_overlaps(edits: Iterable[Edit]) -> list[Edit]:
    """Pick a non-overlapping subset of *applied* edits, deterministically.

    Earlier start wins; on a tie the higher confidence, then the longer span,
    then the rule id.  Losers are turned into flagged edits so nothing a rule
    found is silently dropped.  Flagged edits pass through untouched.
    """
    applied = [e for e in edits if e.applied]
    flagged = [e for e in edits if not e.applied]
    applied.sort(key=lambda e: (e.start, -e.confidence, -(e.end - e.start), e.rule, e.after))
    kept: list[Edit] = []
    last_end = -1
    last_point = -1
    for e in applied:
        if e.before == e.after:
            continue
        insertion = e.start == e.end
        clash = e.start < last_end or (insertion and e.start == last_point)
        if clash:
            flagged.append(e.with_status(FLAGGED))
            continue
        kept.append(e)
        last_end = max(last_end, e.end)
        if insertion:
            last_point = e.start
    return sorted(kept + flagged, key=_sort_key)


def shift_edit(edit: Edit, offset: int) -> Edit:
    """The edit (and the parts it merged) moved ``offset`` characters along."""
    if not offset:
        return edit
    return dataclasses.replace(
        edit,
        start=edit.start + offset,
        end=edit.end + offset,
        parts=tuple(shift_edit(p, offset) for p in edit.parts),
    )


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply the applied edits in ``edits`` to ``text``.

    The edits must not overlap (see :func:`resolve_overlaps`) and each
    ``before`` must match the text at its span.
    """
    out: list[str] = []
    pos = 0
    for e in sorted((e for e in edits if e.applied), key=_sort_key):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start} ({e.rule})")
        if text[e.start : e.end] != e.before:
            raise ValueError(
                f"edit {e.rule} expects {e.before!r} at {e.start}, found {text[e.start : e.end]!r}"
            )
        out.append(text[pos : e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


@dataclass(slots=True)
class _Piece:
    """A run of the current text: copied from the original, or an edit's output."""

    cur_start: int
    cur_end: int
    orig_start: int
    orig_end: int
    edit: Edit | None  # None for a copied run


class EditLedger:
    """Composes edits made in successive steps into edits on the original.

    ``ledger.text`` is the current text.  :meth:`commit` takes edits proposed
    against the current text; applied ones change it.  When a new edit touches
    the output of an earlier one, the two are merged into one edit on the
    original span, and the earlier edit is kept in ``parts``.
    """

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = original
        self._applied: list[Edit] = []  # on the original, sorted, disjoint
        self._flagged: list[Edit] = []
        self._flag_keys: set[tuple[str, int, int, str]] = set()
        self._pieces: list[_Piece] = [_Piece(0, len(original), 0, len(original), None)]
        self._starts: list[int] = [0]
        self._orig_ends: list[int] = [len(original)]

    @classmethod
    def from_edits(cls, original: str, edits: Iterable[Edit]) -> EditLedger:
        """A ledger that holds ``edits`` already (on ``original``'s offsets, not overlapping)."""
        ledger = cls(original)
        for e in edits:
            if original[e.start : e.end] != e.before:
                raise ValueError(f"edit {e.rule} does not match the text at {e.start}")
            (ledger._applied if e.applied else ledger._flagged).append(e)
        ledger._applied.sort(key=_sort_key)
        ledger.text = apply_edits(original, ledger._applied)
        ledger._rebuild()
        ledger._flag_keys = {(f.rule, f.start, f.end, f.after) for f in ledger._flagged}
        return ledger

    # -- mapping -------------------------------------------------------------
    def _rebuild(self) -> None:
        pieces: list[_Piece] = []
        cur = 0
        orig = 0
        for e in self._applied:
            if e.start > orig:
                n = e.start - orig
                pieces.append(_Piece(cur, cur + n, orig, e.start, None))
                cur += n
            pieces.append(_Piece(cur, cur + len(e.after), e.start, e.end, e))
            cur += len(e.after)
            orig = e.end
        n = len(self.original) - orig
        pieces.append(_Piece(cur, cur + n, orig, len(self.original), None))
        self._pieces = pieces
        self._starts = [p.cur_start for p in pieces]
        self._orig_ends = [p.orig_end for p in pieces]

    def _touched(self, start: int, end: int) -> list[_Piece]:
        """Earlier edits' outputs that a span of the current text touches."""
        i = max(0, bisect.bisect_left(self._starts, start) - 1)
        hits: list[_Piece] = []
        while i < len(self._pieces) and self._pieces[i].cur_start <= end:
            p = self._pieces[i]
            if p.edit is not None:
                if p.cur_start == p.cur_end:  # a deletion point
                    if start <= p.cur_start <= end:
                        hits.append(p)
                elif (
                    max(start, p.cur_start) < min(end, p.cur_end)
                    or (start == end and p.cur_start < start < p.cur_end)
                    # two insertions at one original point: order is ambiguous
                    or (
                        start == end
                        and p.orig_start == p.orig_end
                        and start in (p.cur_start, p.cur_end)
                    )
                ):
                    hits.append(p)
            i += 1
        return hits

    def to_original(self, pos: int, *, prefer_end: bool = False) -> int:
        """Map an offset in the current text to the original text.

        Deleted runs sit at a point of the current text; a start offset maps
        after them and an end offset (``prefer_end``) before them.
        """
        if prefer_end:
            i = bisect.bisect_left(self._starts, pos) - 1
            while i > 0 and self._pieces[i].cur_start == self._pieces[i].cur_end:
                i -= 1
            if i < 0:
                return 0
            p = self._pieces[i]
            if p.edit is None:
                return p.orig_start + (pos - p.cur_start)
            return p.orig_end if pos >= p.cur_end else p.orig_start
        i = bisect.bisect_right(self._starts, pos) - 1
        p = self._pieces[max(i, 0)]
        if p.edit is None:
            return p.orig_start + (pos - p.cur_start)
        return p.orig_start if pos <= p.cur_start else p.orig_end

    def to_current(self, pos: int) -> int:
        """Map an offset in the original text to the current text."""
        # The first piece that reaches ``pos`` (pieces tile the original in order).
        i = bisect.bisect_left(self._orig_ends, pos)
        if i < len(self._pieces) and self._pieces[i].orig_start <= pos:
            p = self._pieces[i]
            if p.edit is None:
                return p.cur_start + (pos - p.orig_start)
            return p.cur_start if pos == p.orig_start else p.cur_end
        return len(self.text)

    # -- committing ----------------------------------------------------------
    def commit(self, edits: Sequence[Edit]) -> list[Edit]:
        """Apply ``edits`` (proposed on ``self.text``) and record them.

        Returns the edits as recorded, on original offsets.
        """
        chosen = resolve_overlaps(edits)
        recorded: list[Edit] = []
        for e in chosen:
            if e.applied:
                continue
            flag = self._lift_flagged(e)
            key = (flag.rule, flag.start, flag.end, flag.after)
            if key not in self._flag_keys:  # a later pass may flag it again
                self._flag_keys.add(key)
                self._flagged.append(flag)
                recorded.append(flag)
        applied = [e for e in chosen if e.applied]
        if not applied:
            return recorded
        lifted = [self._lift_cluster(c) for c in self._clusters(applied)]
        replaced = {id(p) for le in lifted for p in le.parts}
        keep = [x for x in self._applied if id(x) not in replaced]
        new_text = apply_edits(self.text, applied)
        self._applied = sorted((x for x in keep + lifted if x.before != x.after), key=_sort_key)
        self._rebuild()
        self.text = new_text
        if apply_edits(self.original, self._applied) != new_text:  # pragma: no cover
            raise AssertionError("edit ledger lost track of offsets")
        return recorded + lifted

    def _region(self, edits: Sequence[Edit]) -> tuple[int, int, list[_Piece]]:
        """The current-text region that edits cover, widened to earlier edits."""
        hits: list[_Piece] = []
        for e in edits:
            hits.extend(h for h in self._touched(e.start, e.end) if h not in hits)
        ca = min([edits[0].start] + [h.cur_start for h in hits])
        cb = max([edits[-1].end] + [h.cur_end for h in hits])
        return ca, cb, hits

    def _clusters(self, applied: list[Edit]) -> list[list[Edit]]:
        clusters: list[list[Edit]] = []
        last_b = -1
        last_hits: list[int] = []
        for e in applied:
            ca, cb, hits = self._region([e])
            ids = [id(h) for h in hits]
            if clusters and (ca < last_b or any(i in last_hits for i in ids)):
                clusters[-1].append(e)
                last_hits.extend(ids)
            else:
                clusters.append([e])
                last_hits = ids
            last_b = max(last_b, cb)
        return clusters

    def _orig_span(self, ca: int, cb: int, hits: list[_Piece]) -> tuple[int, int]:
        a = self.to_original(ca)
        b = self.to_original(cb, prefer_end=cb > ca) if cb != ca else a
        if hits:
            a = min(a, hits[0].orig_start)
            b = max(b, hits[-1].orig_end)
        return a, b

    def _lift_cluster(self, cluster: list[Edit]) -> Edit:
        ca, cb, hits = self._region(cluster)
        a, b = self._orig_span(ca, cb, hits)
        last = cluster[-1]
        if not hits and len(cluster) == 1:
            return dataclasses.replace(last, start=a, end=b, before=self.original[a:b])
        local = [dataclasses.replace(e, start=e.start - ca, end=e.end - ca) for e in cluster]
        after = apply_edits(self.text[ca:cb], local)
        parts = tuple(h.edit for h in hits if h.edit is not None) + tuple(cluster)
        return dataclasses.replace(
            last, start=a, end=b, before=self.original[a:b], after=after, parts=parts
        )

    def _lift_flagged(self, e: Edit) -> Edit:
        ca, cb, hits = self._region([e])
        a, b = self._orig_span(ca, cb, hits)
        if not hits:
            return dataclasses.replace(e, start=a, end=b, before=self.original[a:b])
        region = self.text[ca:cb]
        after = region[: e.start - ca] + e.after + region[e.end - ca :]
        return dataclasses.replace(e, start=a, end=b, before=self.original[a:b], after=after)

    # -- results ---------------------------------------------------------------
    @property
    def edits(self) -> list[Edit]:
        """All edits on original offsets: applied ones and flagged ones."""
        return sorted(self._applied + self._flagged, key=lambda e: (e.start, e.end, e.status))


def output_span(edits: Sequence[Edit], edit: Edit) -> tuple[int, int]:
    """Where ``edit`` (on original offsets) lands in the repaired text."""
    shift = 0
    for e in sorted(edits, key=_sort_key):
        if not e.applied or e is edit:
            continue
        if e.end <= edit.start and (e.start, e.end) != (edit.start, edit.end):
            shift += len(e.after) - (e.end - e.start)
    start = edit.start + shift
    length = len(edit.after) if edit.applied else edit.end - edit.start
    return start, start + length
