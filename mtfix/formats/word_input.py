"""Repairing a Word document in place: its runs' text goes through the pipeline and every
edit comes back as a tracked change on the runs, keeping their formatting; a flag is a
comment.  Every XML part is checked by :func:`mtfix.formats.safexml.parse_xml` before
python-docx reads it, so DTDs, entities and zip bombs are refused.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import itertools
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtfix.edits import Edit, apply_edits, resolve_overlaps
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
from mtfix.formats.word import (
    AUTHOR,
    MAX_PART_BYTES,
    MAX_PER_LINE,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    NEAR,
    XML_SPACE,
    _add_comment,
    _comment_for,
    _comment_text,
    _iso,
    _marker,
    _merge_closest,
    _reference_run,
    _Stamp,
    _text_run,
    w,
)
from mtfix.result import RepairResult

if TYPE_CHECKING:
    from mtfix.config import RepairConfig


# -- reading a .docx safely --------------------------------------------------------


#: How much of a zip member is inflated at a time while it is checked.
_CHUNK = 1024 * 1024


def check_docx(data: bytes) -> None:
    """Refuse a file that is not a .docx, a zip bomb or hostile XML.

    Every member is inflated chunk by chunk and its actual bytes are counted
    against the limits: a header that understates a member's size does not
    get it past them, and a member that inflates to more than it declares is
    refused (so the later reads, which trust the headers, stay small).
    """
    from mtfix.formats.safexml import check_xml

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FormatError("not a .docx: the file is not a zip archive")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise FormatError("not a .docx: no [Content_Types].xml or word/document.xml")
            total = 0
            for info in infos:
                chunks = _inflate(zf, info, MAX_TOTAL_BYTES - total)
                if info.filename.endswith((".xml", ".rels")):
                    try:
                        check_xml(chunks, what=info.filename)
                    except _Refused:
                        raise
                    except FormatError as exc:
                        raise FormatError(f"refused .docx: {exc}") from exc
                else:
                    for _ in chunks:
                        pass
                total += info.file_size  # what it holds: _inflate read no more
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise FormatError(f"not a readable .docx: {exc}") from exc


class _Refused(FormatError):
    """A member over the limits, larger than its header says, or damaged."""


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, room: int) -> Iterator[bytes]:
    """A member's bytes, a chunk at a time; refused past its declared size or the limits."""
    declared = info.file_size
    if declared > MAX_PART_BYTES or declared > room or (
        declared > 1024 * 1024 and declared / max(info.compress_size, 1) > MAX_RATIO
    ):
        raise _Refused(f"refused .docx: {info.filename} unpacks to too much data")
    # zipfile stops at the declared size and checks the CRC there; this copy lets it
    # read on, so that more data than declared is seen (and refused) as it comes.
    probe = copy.copy(info)
    probe.file_size = declared + 1
    probe.CRC = None  # type: ignore[assignment]
    actual, crc = 0, 0
    with zf.open(probe) as member:
        while chunk := member.read(_CHUNK):
            actual += len(chunk)
            if actual > declared:
                raise _Refused(
                    f"refused .docx: {info.filename} unpacks to more than the "
                    f"{declared:,} bytes its header declares"
                )
            crc = zlib.crc32(chunk, crc)
            yield chunk
    if actual != declared or crc != info.CRC:
        raise _Refused(f"not a readable .docx: {info.filename} is damaged (bad size or CRC)")


# -- repairing a .docx ----------------------------------------------------------------

_TEXT_CHILDREN = {w("tab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}
_OBJECT_CHILDREN = {
    w(t)
    for t in ("drawing", "pict", "object", "sym", "footnoteReference", "endnoteReference", "ptab")
}
_IGNORED_CHILDREN = {w("rPr"), w("lastRenderedPageBreak")}
_REVISIONS = (w("ins"), w("del"), w("moveFrom"), w("moveTo"))


@dataclass
class _TextRef:
    """A ``w:t`` of a paragraph; after splitting, the runs its pieces went to."""

    paragraph: Any
    t: Any
    pieces: list[tuple[int, int, Any]] = field(default_factory=list)


def _own_runs(p: Any) -> list[Any]:
    """The runs of paragraph ``p`` (not those of text boxes nested in it)."""
    return [r for r in p.iter(w("r")) if next(r.iterancestors(w("p")), None) is p]


def _docx_prose(body: Any, warnings: list[str]) -> Prose:
    prose = Prose()
    for n, p in enumerate(body.iter(w("p"))):
        if any(True for tag in _REVISIONS for _ in p.iterchildren(tag)) or any(
            next(r.iterancestors(*_REVISIONS), None) is not None for r in _own_runs(p)
        ):
            warnings.append(f"paragraph {n + 1} already has tracked changes; left as is")
            continue
        if not prose.ends_with_separator():
            prose.add("fixed", "\n\n")
        for run in _own_runs(p):
            for child in run:
                tag = child.tag
                if tag == w("t"):
                    prose.add("text", child.text or "", _TextRef(p, child))
                elif tag in _TEXT_CHILDREN:
                    prose.add("fixed", _TEXT_CHILDREN[tag])
                elif tag in _OBJECT_CHILDREN:
                    prose.add("fixed", "\ufffc")
                elif tag not in _IGNORED_CHILDREN:
                    prose.add("mark")
    return prose


def _explode(p: Any) -> None:
    """One run per content child, each with the run's properties."""
    for run in _own_runs(p):
        content = [c for c in run if c.tag != w("rPr")]
        if len(content) < 2:
            continue
        rpr = run.find(w("rPr"))
        anchor = run
        for child in content[1:]:
            new = run.makeelement(w("r"), dict(run.attrib))
            if rpr is not None:
                new.append(copy.deepcopy(rpr))
            new.append(child)
            anchor.addnext(new)
            anchor = new


def _split(ref: _TextRef, cuts: set[int]) -> None:
    """Split the run of ``ref.t`` so that each cut falls between runs."""
    text = ref.t.text or ""
    bounds = sorted({0, len(text), *(c for c in cuts if 0 < c < len(text))})
    run = ref.t.getparent()
    rpr = run.find(w("rPr"))
    ref.pieces = [(bounds[0], bounds[1], run)]
    ref.t.text = text[bounds[0] : bounds[1]]
    ref.t.set(XML_SPACE, "preserve")
    anchor = run
    for a, b in itertools.pairwise(bounds[1:]):  # the first piece stays in the run
        new = run.makeelement(w("r"), dict(run.attrib))
        if rpr is not None:
            new.append(copy.deepcopy(rpr))
        t = new.makeelement(w("t"), {XML_SPACE: "preserve"})
        t.text = text[a:b]
        new.append(t)
        anchor.addnext(new)
        anchor = new
        ref.pieces.append((a, b, new))


def _runs_in(ref: _TextRef, a: int, b: int) -> list[Any]:
    return [run for s, e, run in ref.pieces if a <= s and e <= b and s < e]


def _outer(run: Any) -> Any:
    """The run, or the ``w:ins``/``w:del`` that wraps it."""
    parent = run.getparent()
    return parent if parent.tag in (w("ins"), w("del")) else run


@dataclass
class _Placed:
    edit: Edit
    placements: list[tuple[Edit, Placement]]


def _place_docx(prose: Prose, edit: Edit) -> list[tuple[Edit, Placement]] | None:
    # The smallest tracked change first.
    return place_edit(prose, edit, (trimmed(edit), edit), lambda where: bool(where.pieces))


def repair_docx(
    in_path: str | Path,
    out_path: str | Path,
    *,
    config: RepairConfig | None = None,
    source: str | None = None,
    repair: RepairFunc | None = None,
    author: str = AUTHOR,
    date: dt.datetime | None = None,
) -> RepairResult:
    """Repair a .docx; the edits are tracked changes with comments in ``out_path``.

    Returns the repair of the document's plain text (paragraphs separated by
    blank lines), with the edits that could not be placed on runs flagged.
    """
    import docx

    data = Path(in_path).read_bytes()
    check_docx(data)
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise FormatError(f"not a readable .docx: {exc}") from exc
    body = doc.element.body
    warnings: list[str] = []
    prose = _docx_prose(body, warnings)
    run = repair or default_repair(config)
    result = run(prose.text, source)
    stamp = _Stamp(author, _iso(date), _max_id(body) + 1)

    placed: list[_Placed] = []
    members: dict[int, list[Edit]] = {}  # a merged change -> the edits it stands for
    work = []
    for group in _nearby_in_runs(prose, [e for e in result.edits if e.applied]):
        joined = group[0] if len(group) == 1 else _joined(prose.text, group)
        members[id(joined)] = group
        work.append(joined)
    for edit in [*work, *(e for e in result.edits if not e.applied)]:
        spots = _place_docx(prose, edit)
        if spots is None and edit.applied:
            edit = note_unplaced(edit, "crosses a field, tab or object")
        if spots is None:
            spots = [(edit, where)] if (where := prose.place(edit.start, edit.end)).pieces else []
        placed.append(_Placed(edit, spots))
    applied_pieces = resolve_overlaps(
        [e for p in placed if p.edit.applied for e, _ in p.placements]
    )
    kept = {id(e) for e in applied_pieces if e.applied}

    # Cut runs at every edit boundary.
    cuts: dict[int, tuple[_TextRef, set[int]]] = {}
    for item in placed:
        for _, where in item.placements:
            for piece in where.pieces:
                ref = piece.segment.ref
                assert isinstance(ref, _TextRef)
                entry = cuts.setdefault(id(ref), (ref, set()))
                entry[1].update(
                    (piece.start - piece.segment.start, piece.end - piece.segment.start)
                )
    for p in {id(ref.paragraph): ref.paragraph for ref, _ in cuts.values()}.values():
        _explode(p)
    for ref, offsets in cuts.values():
        _split(ref, offsets)

    out_edits: list[Edit] = []
    for item in placed:
        pieces = [(e, wh) for e, wh in item.placements if not item.edit.applied or id(e) in kept]
        if item.edit.applied and len(pieces) == len(item.placements) and pieces:
            group = members.get(id(item.edit), [])
            for e, where in pieces:
                _track(doc, e, where, stamp, _comment_for(group) if len(group) > 1 else None)
                if len(group) < 2:
                    out_edits.append(dataclasses.replace(e, parts=()))
            if len(group) > 1:
                out_edits.extend(dataclasses.replace(trimmed(g), parts=()) for g in group)
            continue
        edit = item.edit
        if edit.applied:  # lost an overlap
            edit = note_unplaced(edit, "overlaps another edit")
        _flag(doc, edit, pieces or item.placements, prose, stamp)
        out_edits.append(dataclasses.replace(edit, parts=()))
    props = doc.core_properties
    props.last_modified_by = author
    props.modified = dt.datetime.strptime(stamp.date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    doc.save(str(out_path))
    edits = sorted(out_edits, key=lambda e: (e.start, e.end))
    return RepairResult(
        original=prose.text,
        text=apply_edits(prose.text, edits),
        edits=edits,
        signature=result.signature,
        source=source,
        warnings=[*result.warnings, *warnings],
    )


def _max_id(body: Any) -> int:
    best = 0
    for el in body.iter():
        value = el.get(w("id")) if isinstance(el.tag, str) else None
        if value is not None and value.lstrip("-").isdigit():
            best = max(best, int(value))
    return best


def _segment_runs(where: Placement) -> list[Any]:
    runs: list[Any] = []
    for piece in where.pieces:
        ref = piece.segment.ref
        assert isinstance(ref, _TextRef)
        off = piece.segment.start
        runs.extend(_runs_in(ref, piece.start - off, piece.end - off))
    return runs


def _run_at(where: Placement, *, end: bool) -> tuple[Any, bool]:
    """For an insertion point: a neighbouring run and whether it lies before the point."""
    piece = where.pieces[0]
    ref = piece.segment.ref
    assert isinstance(ref, _TextRef)
    local = piece.start - piece.segment.start
    for s, e, run in ref.pieces:
        if e == local and s < e:
            return run, True
    for s, e, run in ref.pieces:
        if s == local and s < e:
            return run, False
    return ref.pieces[0][2], True


def _nearby_in_runs(prose: Prose, applied: list[Edit]) -> list[list[Edit]]:
    """Applied edits in groups that become one tracked change each: those at most
    :data:`NEAR` characters apart in one run's text, then the closest in it until
    no run holds more than :data:`MAX_PER_LINE` changes."""
    pairs = sorted(((trimmed(e), e) for e in applied), key=lambda p: (p[0].start, p[0].end))
    runs: list[tuple[object, list[list[Edit]]]] = []
    original: dict[int, Edit] = {}
    for small, edit in pairs:
        original[id(small)] = edit
        where = prose.place(small.start, small.end)
        seg = where.pieces[0].segment if len(where.pieces) == 1 and not where.problem else None
        if seg is not None and runs and runs[-1][0] is seg:
            groups = runs[-1][1]
            if small.start - groups[-1][-1].end <= NEAR:
                groups[-1].append(small)
            else:
                groups.append([small])
            continue
        runs.append((seg if seg is not None else object(), [[small]]))
    out: list[list[Edit]] = []
    for _, groups in runs:
        out.extend([original[id(t)] for t in g] for g in _merge_closest(groups, MAX_PER_LINE))
    return out


def _joined(text: str, group: list[Edit]) -> Edit:
    """One edit for a group of edits (sorted, not overlapping) of ``text``."""
    parts = sorted((trimmed(e) for e in group), key=lambda e: e.start)
    after = []
    for prev, e in zip([None, *parts], parts, strict=False):
        if prev is not None:
            after.append(text[prev.end : e.start])
        after.append(e.after)
    start, end = parts[0].start, parts[-1].end
    return dataclasses.replace(
        parts[0], start=start, end=end, before=text[start:end], after="".join(after), parts=()
    )


def _track(
    doc: Any, edit: Edit, where: Placement, stamp: _Stamp, comment: str | None = None
) -> None:
    runs = _segment_runs(where)
    dels = []
    for run in runs:
        wrapper = stamp.revision("del", run)
        run.addprevious(wrapper)
        wrapper.append(run)
        for t in run.iterchildren(w("t")):
            t.tag = w("delText")
        dels.append(wrapper)
    if runs:
        rpr = runs[0].find(w("rPr"))
        last = dels[-1] if dels[-1].getparent() is dels[0].getparent() else dels[0]
        first = dels[0]
    else:
        neighbour, before = _run_at(where, end=False)
        rpr = neighbour.find(w("rPr"))
        last = first = None
        outer = _outer(neighbour)
    ins = None
    if edit.after:
        ins = stamp.revision("ins", doc.element.body)
        ins.append(_text_run(ins, edit.after, rpr))
        if last is not None:
            last.addnext(ins)
        elif before:
            outer.addnext(ins)
        else:
            outer.addprevious(ins)
    start_el = first if first is not None else ins
    end_el = ins if ins is not None else last
    if start_el is None or end_el is None:
        return
    cid = _add_comment(doc, comment or _comment_text(edit), stamp)
    start_el.addprevious(_marker(start_el, "commentRangeStart", cid))
    ref_run = _reference_run(end_el, cid)
    end_el.addnext(ref_run)
    end_el.addnext(_marker(end_el, "commentRangeEnd", cid))


def _flag(
    doc: Any,
    edit: Edit,
    placements: list[tuple[Edit, Placement]],
    prose: Prose,
    stamp: _Stamp,
) -> None:
    runs = [r for _, where in placements for r in _segment_runs(where)]
    if runs:
        first, last = _outer(runs[0]), _outer(runs[-1])
    elif placements and placements[0][1].pieces:
        neighbour, _before = _run_at(placements[0][1], end=False)
        first = last = _outer(neighbour)
    else:  # nothing to anchor on: the paragraph the problem starts in
        seg = next(
            (s for s in prose.segments if isinstance(s.ref, _TextRef) and s.end >= edit.start),
            None,
        ) or next((s for s in reversed(prose.segments) if isinstance(s.ref, _TextRef)), None)
        if seg is None:
            return
        assert isinstance(seg.ref, _TextRef)
        own = _own_runs(seg.ref.paragraph)
        first, last = _outer(own[0]), _outer(own[-1])
    cid = _add_comment(doc, _comment_text(edit), stamp)
    first.addprevious(_marker(first, "commentRangeStart", cid))
    last.addnext(_reference_run(last, cid))
    last.addnext(_marker(last, "commentRangeEnd", cid))
