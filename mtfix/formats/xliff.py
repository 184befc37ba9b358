"""XLIFF 1.2 and 2.x: repair the targets, note why per unit, mark what needs review.

The targets of a file are repaired as one document, a unit a paragraph (with
the units' sources, joined the same way, as its Chinese original), so rules
that compare an article with itself work across units.

Only text nodes of a target are edited; inline elements (``<g>``, ``<x/>``,
``<ph>``, ``<pc>``, ``<mrk>``…) stay where they are.  An edit that would cross
an inline element is split at word level or, failing that, only flagged.
Protected text (``<mrk mtype="protected">`` in 1.2, ``translate="no"`` on
inline markup in 2.x) is shown to the rules as context but never edited nor
flagged.

* XLIFF 1.2: ``<note from="mtfix" annotates="target">`` per edit; a unit with a
  flagged problem gets ``state="needs-review-translation"`` on its target; a
  re-translated one also gets ``state-qualifier="mt-suggestion"``; a ``final``
  or ``signed-off`` target that receives an edit goes back to ``translated``.
* XLIFF 2.x: ``<notes><note category="mtfix" appliesTo="target">`` on the unit
  (where the specification puts them) or, with ``notes_in="segment"``
  (``mtfix fix --xliff2-notes segment``), as the last child of the segment each
  note is about: translate-toolkit (3.20.4), and so Weblate, reads notes only
  there, although the XLIFF 2.0 schema does not allow them.  A segment with a
  flagged or re-translated problem gets ``subState="mtfix:needs-review"`` (or
  ``mtfix:mt-suggestion``), and any segment that is edited or flagged has its
  ``state`` lowered to ``translated`` if it was ``reviewed`` or ``final`` (2.x
  has no "needs review" state; ``subState`` carries tool-specific values).

The output is the input with the changes spliced into its bytes: the
declaration, comments, attribute order, CDATA sections, entity references and
layout outside the changed text nodes, tags and notes come back byte for byte.
A problem already noted by an earlier run (on the unit or in one of its
segments, whichever placement that run used) is not noted (nor its unit's state
changed) again, so running mtfix on its own output changes nothing.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from mtfix.edits import Edit, apply_edits
from mtfix.formats.errors import FormatError
from mtfix.formats.prose import (
    Placement,
    Prose,
    RepairFunc,
    default_repair,
    note_unplaced,
    place_edit,
    trimmed,
)
from mtfix.formats.safexml import parse_xml
from mtfix.formats.xliff_splice import NOTE_FROM, _children, _local, _Plan, _splice

if TYPE_CHECKING:
    from mtfix.config import RepairConfig

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
#: Inline elements whose content is translatable text.
_CONTAINERS = frozenset({"g", "mrk", "pc"})
#: Marks the prose segments of protected inline text.
_PROTECTED = "protected"
#: Target states (1.2) and segment states (2.x) that an edit by mtfix lowers.
_APPROVED_12 = frozenset({"final", "signed-off"})
_APPROVED_2 = frozenset({"reviewed", "final"})

#: Where XLIFF 2.x notes go: on the ``<unit>`` (the schema's place) or in each
#: ``<segment>`` (where translate-toolkit and Weblate read them).
NotesIn = Literal["unit", "segment"]
NOTES_IN: tuple[NotesIn, ...] = ("unit", "segment")


@dataclass
class _Pair:
    """One source/target pair: a 1.2 trans-unit or a 2.x segment."""

    unit: Any
    source: Any
    target: Any
    segment: Any  # the 2.x <segment>; None in 1.2
    start: int = 0  # span in the unit's prose
    end: int = 0


@dataclass
class _Unit:
    element: Any
    pairs: list[_Pair] = field(default_factory=list)
    chinese: bool = False


def _is_chinese(lang: str | None) -> bool:
    return bool(lang) and str(lang).lower().split("-")[0] in ("zh", "zho", "chi", "cmn")


def _units(root: Any) -> tuple[int, list[_Unit]]:
    if _local(root) != "xliff":
        raise FormatError(f"not XLIFF: the root element is <{_local(root) or root.tag}>")
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    version = root.get("version", "")
    units: list[_Unit] = []
    if ns == XLIFF12 or version.startswith("1."):
        for file_el in _children(root, "file"):
            zh = _is_chinese(file_el.get("source-language"))
            for tu in file_el.iter(f"{{{ns}}}trans-unit" if ns else "trans-unit"):
                target = next(iter(_children(tu, "target")), None)
                source = next(iter(_children(tu, "source")), None)
                if target is None or source is None or tu.get("translate") == "no":
                    continue
                units.append(_Unit(tu, [_Pair(tu, source, target, None)], zh))
        return 1, units
    if ns == XLIFF2 or version.startswith("2."):
        zh = _is_chinese(root.get("srcLang"))
        for unit in root.iter(f"{{{ns}}}unit"):
            if unit.get("translate") == "no":
                continue
            pairs = []
            for seg in _children(unit, "segment"):
                target = next(iter(_children(seg, "target")), None)
                source = next(iter(_children(seg, "source")), None)
                if target is not None and source is not None:
                    pairs.append(_Pair(unit, source, target, seg))
            if pairs:
                units.append(_Unit(unit, pairs, zh))
        return 2, units
    raise FormatError(f"unknown XLIFF version {version!r} (namespace {ns!r})")


def _protected(el: Any) -> bool:
    return bool(el.get("mtype") == "protected" or el.get("translate") == "no")


def _walk(prose: Prose, el: Any) -> None:
    """Text nodes of ``el`` become text segments; inline elements markup."""
    if el.text:
        prose.add("text", el.text, (el, "text"))
    for child in el:
        name = _local(child)
        if name in _CONTAINERS and not _protected(child):
            prose.add("open")
            _walk(prose, child)
            prose.add("close")
        elif name in _CONTAINERS:
            prose.add("fixed", "".join(child.itertext()) or " ", _PROTECTED)
        else:  # <x/>, <ph>, <bpt>, comments…: not prose
            prose.add("mark")
        if child.tail:
            prose.add("text", child.tail, (child, "tail"))


def _plain(el: Any) -> str:
    """The text of a source element, without native code."""
    out = [el.text or ""]
    for child in el:
        if _local(child) in _CONTAINERS:
            out.append(_plain(child))
        out.append(child.tail or "")
    return "".join(out)


def repair_xliff(
    data: bytes,
    *,
    config: RepairConfig | None = None,
    repair: RepairFunc | None = None,
    notes_in: NotesIn = "unit",
) -> bytes:
    """Repair the targets of an XLIFF 1.2 or 2.x document.

    ``notes_in`` places the notes of a 2.x document: ``"unit"`` (in the unit's
    ``<notes>``, valid against the schema) or ``"segment"`` (in the
    ``<notes>`` of the segment each note is about, which translate-toolkit and
    Weblate read but the schema does not allow).  1.2 documents ignore it.
    """
    if notes_in not in NOTES_IN:
        raise ValueError(f"notes_in must be one of {', '.join(NOTES_IN)}, not {notes_in!r}")
    tree = parse_xml(data, what="XLIFF")
    version, units = _units(tree.getroot())
    run = repair or default_repair(config)
    plan = _repair_units(units, version, run, notes_in)
    if not plan:
        return data
    return _splice(data, tree, plan)


def _repair_units(units: list[_Unit], version: int, run: RepairFunc, notes_in: NotesIn) -> _Plan:
    """Repair all targets as one document (units are its paragraphs).

    One document lets the rules that compare an article with itself (one
    product, one name) work across units, as they do in a plain-text file.
    """
    plan = _Plan(version)
    prose = Prose()
    sources: list[str] = []
    kept: list[_Unit] = []
    for unit in units:
        probe = Prose()
        for pair in unit.pairs:
            _walk(probe, pair.target)
        if not probe.text.strip():  # nothing to repair
            continue
        if kept:
            prose.add("fixed", "\n\n")
        for i, pair in enumerate(unit.pairs):
            if i:
                prose.add("fixed", " ")
            pair.start = len(prose)
            _walk(prose, pair.target)
            pair.end = len(prose)
        kept.append(unit)
        sources.append(" ".join(_plain(pair.source) for pair in unit.pairs))
    if not kept:
        return plan
    chinese = all(unit.chinese for unit in kept)
    result = run(prose.text, "\n\n".join(sources) if chinese else None)

    protected = [(s.start, s.end) for s in prose.segments if s.ref == _PROTECTED]
    starts = [unit.pairs[0].start for unit in kept]
    ops: dict[int, list[tuple[tuple[Any, str], tuple[int, int, str]]]] = defaultdict(list)
    applied: dict[int, list[tuple[Edit, _Pair]]] = defaultdict(list)
    flagged: dict[int, list[tuple[Edit, _Pair]]] = defaultdict(list)
    for edit in result.edits:
        if _touches_protected(edit, protected):
            continue
        n = max(0, bisect.bisect_right(starts, edit.start) - 1)
        unit = kept[n]
        placed = _place(prose, edit) if edit.applied else None
        pair = _pair_at(unit, edit.start)
        if placed is None:
            if edit.applied:
                edit = note_unplaced(edit, "crosses inline markup or units")
            flagged[n].append((edit, pair))
            continue
        for piece_edit, where in placed:
            piece = where.pieces[0]
            node = piece.segment.ref
            assert isinstance(node, tuple)
            start = piece.start - piece.segment.start
            end = piece.end - piece.segment.start
            ops[n].append((node, (start, end, piece_edit.after)))
        applied[n].append((edit, pair))
    repaired = _Repaired(result.original, [e for pairs in applied.values() for e, _ in pairs])
    for n in sorted(set(applied) | set(flagged)):
        if _annotate(plan, kept[n], applied[n], flagged[n], repaired, notes_in):
            for node, op in ops[n]:
                plan.text_ops[node].append(op)
    return plan


class _Repaired:
    """The prose with the applied edits made, and where a span of the prose went."""

    def __init__(self, original: str, applied: list[Edit]) -> None:
        self.edits = sorted(applied, key=lambda e: (e.start, e.end))
        self.ends = [e.end for e in self.edits]
        self.shifts = [0]
        for e in self.edits:
            self.shifts.append(self.shifts[-1] + len(e.after) - (e.end - e.start))
        self.text = apply_edits(original, self.edits)

    def position(self, pos: int, *, end: bool) -> int:
        """Where ``pos`` is after the edits; an insertion at a span's edge stays outside it."""
        i = bisect.bisect_left(self.ends, pos)
        while (
            i < len(self.edits)
            and self.edits[i].end == pos
            and (not end or self.edits[i].start < pos)
        ):
            i += 1
        out = pos + self.shifts[i]
        if i < len(self.edits) and self.edits[i].start < pos < self.edits[i].end:
            e = self.edits[i]
            out += len(e.after) - (pos - e.start) if end else e.start - pos
        return out

    def span(self, edit: Edit) -> str:
        return self.text[self.position(edit.start, end=False) : self.position(edit.end, end=True)]


def _touches_protected(edit: Edit, protected: list[tuple[int, int]]) -> bool:
    for start, end in protected:
        if edit.start < end and start < edit.end:
            return True
        if edit.start == edit.end and start < edit.start < end:
            return True
    return False


def _place(prose: Prose, edit: Edit) -> list[tuple[Edit, Placement]] | None:
    """Where an applied edit goes: each piece inside a single text node."""
    return place_edit(prose, edit, (edit, trimmed(edit)), lambda where: len(where.pieces) == 1)


def _pair_at(unit: _Unit, pos: int) -> _Pair:
    for pair in unit.pairs:
        if pos <= pair.end:
            return pair
    return unit.pairs[-1]


def _describe(edit: Edit, repaired: _Repaired) -> tuple[str, str]:
    """A note for ``edit`` and the start that a note on the same problem has.

    A flag names the text it concerns as the file will hold it, so that the
    same problem found again by a later run is recognised, whatever score or
    reason it then has.
    """
    origin = edit.data.get("origin") if edit.stage == "retranslate" else None
    if edit.applied:
        note = f"[{edit.rule}] {edit.before!r} → {edit.after!r}: {edit.reason}"
        if origin:
            note += f" (translation from {origin})"
        return note, note
    shown = repaired.span(edit)
    key = f"[{edit.rule}] check {shown!r}"
    suggestion = f" (suggestion: {edit.after!r})" if edit.after and edit.after != shown else ""
    return f"{key}{suggestion}: {edit.reason}", key


def _existing_notes(unit: Any, version: int) -> list[str]:
    """The texts of the notes an earlier run of mtfix left on ``unit``.

    In 2.x they are looked for on the unit and in its segments, so that neither
    placement notes again what the other one already did.
    """
    if version == 1:
        notes = [n for n in _children(unit, "note") if n.get("from") == NOTE_FROM]
    else:
        holders = [unit, *_children(unit, "segment")]
        notes = [
            n
            for el in holders
            for holder in _children(el, "notes")
            for n in _children(holder, "note")
            if n.get("category") == NOTE_FROM
        ]
    return [n.text or "" for n in notes]


def _annotate(
    plan: _Plan,
    unit: _Unit,
    applied: list[tuple[Edit, _Pair]],
    flagged: list[tuple[Edit, _Pair]],
    repaired: _Repaired,
    notes_in: NotesIn,
) -> bool:
    """Plan the notes and states of one unit; False if there is nothing new to say."""
    notes = [
        (*_describe(e, repaired), pair)
        for e, pair in sorted(applied + flagged, key=lambda x: x[0].start)
    ]
    existing = _existing_notes(unit.element, plan.version)
    fresh: list[tuple[str, _Pair]] = []
    for text, key, pair in notes:
        same = next((i for i, old in enumerate(existing) if _same_note(old, key)), None)
        if same is None:
            fresh.append((text, pair))
        else:  # noted by an earlier run
            del existing[same]
    if not applied and not fresh:
        return False
    if fresh and plan.version == 2 and notes_in == "segment":
        by_segment: dict[int, tuple[Any, list[str]]] = {}
        for text, pair in fresh:
            by_segment.setdefault(id(pair.segment), (pair.segment, []))[1].append(text)
        plan.notes.extend(by_segment.values())
    elif fresh:
        plan.notes.append((unit.element, [text for text, _ in fresh]))
    review = {id(p): p for _, p in flagged}
    retranslated = {id(p): p for e, p in applied if e.stage == "retranslate"}
    edited = {id(p): p for _, p in applied}
    if plan.version == 1:
        target = unit.pairs[0].target
        if review or retranslated:
            _set(plan, target, "state", "needs-review-translation")
        elif target.get("state") in _APPROVED_12:
            _set(plan, target, "state", "translated")
        if retranslated:
            _set(plan, target, "state-qualifier", "mt-suggestion")
        return True
    for pid, pair in {**edited, **review, **retranslated}.items():
        seg = pair.segment
        if seg.get("state") in _APPROVED_2 or (
            seg.get("state") in (None, "initial") and pid in {**review, **retranslated}
        ):
            _set(plan, seg, "state", "translated")
        if pid in retranslated or pid in review:
            sub = "mt-suggestion" if pid in retranslated else "needs-review"
            _set(plan, seg, "subState", f"{NOTE_FROM}:{sub}")
    return True


def _same_note(note: str, key: str) -> bool:
    return note == key or note.startswith((key + ":", key + " (suggestion:"))


def _set(plan: _Plan, el: Any, name: str, value: str) -> None:
    if el.get(name) != value:
        plan.attrs[el][name] = value
