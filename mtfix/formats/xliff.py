"""XLIFF 1.2 and 2.x: repair the targets, note why per unit, mark what needs review.

The targets of a file are repaired as one document, a unit a paragraph (with
the units' sources, joined the same way, as its Chinese original), so rules
that compare an article with itself work across units.

Only text nodes of a target are edited; inline elements (``<g>``, ``<x/>``,
``<ph>``, ``<pc>``, ``<mrk>``…) stay where they are.  An edit that would cross
an inline element is split at word level or, failing that, only flagged.

* XLIFF 1.2: ``<note from="mtfix" annotates="target">`` per edit; a unit with a
  flagged problem gets ``state="needs-review-translation"`` on its target; a
  re-translated one also gets ``state-qualifier="mt-suggestion"``.
* XLIFF 2.x: ``<notes><note category="mtfix" appliesTo="target">``; the segment
  gets ``subState="mtfix:needs-review"`` (or ``mtfix:mt-suggestion``) and its
  ``state`` is lowered to ``translated`` if it was ``reviewed`` or ``final``
  (2.x has no "needs review" state; ``subState`` carries tool-specific values).

Units with nothing to change are left exactly as they were parsed; a file
with no change at all is returned byte for byte.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mtfix.edits import Edit
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

if TYPE_CHECKING:
    from mtfix.config import RepairConfig

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
#: Inline elements whose content is translatable text.
_CONTAINERS = frozenset({"g", "mrk", "pc"})
NOTE_FROM = "mtfix"
_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>\s*")


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


def _local(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if _local(c) == name]


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
            prose.add("fixed", "".join(child.itertext()) or " ")
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
) -> bytes:
    """Repair the targets of an XLIFF 1.2 or 2.x document."""
    from lxml import etree

    tree = parse_xml(data, what="XLIFF")
    version, units = _units(tree.getroot())
    run = repair or default_repair(config)
    if not _repair_units(units, version, run):
        return data
    encoding = tree.docinfo.encoding or "UTF-8"
    declaration = _DECLARATION.match(data)
    if encoding.lower().replace("-", "") != "utf8":
        out: bytes = etree.tostring(tree, xml_declaration=bool(declaration), encoding=encoding)
        return out
    out = etree.tostring(tree, xml_declaration=False, encoding=encoding)
    if declaration:  # kept as written
        out = declaration.group(0) + out
    if not data.endswith(b"\n") or out.endswith(b"\n"):
        return out
    return out + b"\n"


def _repair_units(units: list[_Unit], version: int, run: RepairFunc) -> bool:
    """Repair all targets as one document (units are its paragraphs); True if any changed.

    One document lets the rules that compare an article with itself (one
    product, one name) work across units, as they do in a plain-text file.
    """
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
        return False
    chinese = all(unit.chinese for unit in kept)
    result = run(prose.text, "\n\n".join(sources) if chinese else None)

    starts = [unit.pairs[0].start for unit in kept]
    ops: dict[tuple[Any, str], list[tuple[int, int, str]]] = defaultdict(list)
    applied: dict[int, list[tuple[Edit, _Pair]]] = defaultdict(list)
    flagged: dict[int, list[tuple[Edit, _Pair]]] = defaultdict(list)
    for edit in result.edits:
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
            ops[node].append((start, end, piece_edit.after))
        applied[n].append((edit, pair))
    for (el, attr), node_ops in ops.items():
        value: str = getattr(el, attr) or ""
        for start, end, after in sorted(node_ops, reverse=True):
            value = value[:start] + after + value[end:]
        setattr(el, attr, value)
    for n in sorted(set(applied) | set(flagged)):
        _annotate(kept[n], version, applied[n], flagged[n])
    return bool(applied or flagged)


def _place(prose: Prose, edit: Edit) -> list[tuple[Edit, Placement]] | None:
    """Where an applied edit goes: each piece inside a single text node."""
    return place_edit(prose, edit, (edit, trimmed(edit)), lambda where: len(where.pieces) == 1)


def _pair_at(unit: _Unit, pos: int) -> _Pair:
    for pair in unit.pairs:
        if pos <= pair.end:
            return pair
    return unit.pairs[-1]


def _describe(edit: Edit) -> str:
    if edit.applied:
        what = f"{edit.before!r} → {edit.after!r}"
    else:
        what = f"check {edit.before!r}" + (f" (suggestion: {edit.after!r})" if edit.after else "")
    return f"[{edit.rule}] {what}: {edit.reason}"


def _annotate(
    unit: _Unit,
    version: int,
    applied: list[tuple[Edit, _Pair]],
    flagged: list[tuple[Edit, _Pair]],
) -> None:
    notes = [_describe(e) for e, _ in sorted(applied + flagged, key=lambda x: x[0].start)]
    review = {id(p): p for _, p in flagged}
    retranslated = {id(p): p for e, p in applied if e.stage == "retranslate"}
    if version == 1:
        _notes_12(unit.element, unit.pairs[0].target, notes)
        target = unit.pairs[0].target
        if review or retranslated:
            target.set("state", "needs-review-translation")
        if retranslated:
            target.set("state-qualifier", "mt-suggestion")
        return
    _notes_2(unit.element, notes)
    for pid, pair in {**review, **retranslated}.items():
        seg = pair.segment
        if seg.get("state") in (None, "initial", "reviewed", "final"):
            seg.set("state", "translated")
        sub = "mt-suggestion" if pid in retranslated else "needs-review"
        seg.set("subState", f"{NOTE_FROM}:{sub}")


def _notes_12(tu: Any, target: Any, notes: list[str]) -> None:
    ns = tu.tag[1:].split("}")[0] if tu.tag.startswith("{") else ""
    tag = f"{{{ns}}}note" if ns else "note"
    existing = _children(tu, "note")
    anchor = existing[-1] if existing else target
    for text in notes:
        note = tu.makeelement(tag, {"from": NOTE_FROM, "annotates": "target"})
        note.text = text
        note.tail = anchor.tail
        anchor.addnext(note)
        anchor = note


def _notes_2(unit: Any, notes: list[str]) -> None:
    ns = unit.tag[1:].split("}")[0]
    holder = next(iter(_children(unit, "notes")), None)
    if holder is None:
        holder = unit.makeelement(f"{{{ns}}}notes", {})
        first = next(
            (c for c in unit if _local(c) in ("originalData", "segment", "ignorable")), None
        )
        indent = unit.text if unit.text and not unit.text.strip() else None
        if first is not None:
            first.addprevious(holder)
        else:
            unit.append(holder)
        holder.tail = indent
        if indent is not None:
            holder.text = indent + "  "
    inner = holder.text if holder.text and not holder.text.strip() else None
    last = holder[-1] if len(holder) else None
    for text in notes:
        note = holder.makeelement(f"{{{ns}}}note", {"category": NOTE_FROM, "appliesTo": "target"})
        note.text = text
        if last is not None:
            note.tail = last.tail
            last.tail = inner
        else:
            note.tail = holder.tail
        holder.append(note)
        last = note
