"""Word documents: every applied edit as a tracked change, every reason as a comment.

* :func:`write_docx` turns a :class:`~mtfix.RepairResult` into a .docx with one
  paragraph per line of the original text.  Each applied edit is a ``w:del``
  of the old text and a ``w:ins`` of the new (author ``mtfix``), with a
  comment giving the rule and reason; a flagged problem is a comment only.
  Edits at most :data:`NEAR` characters apart on a line are one change with one
  comment, and a line holds at most :data:`MAX_PER_LINE` changes, so that a
  reader's cost stays bounded.  Accepting all changes gives ``result.text``;
  rejecting all gives the original (characters XML cannot hold become U+FFFD).
* :func:`repair_docx` repairs a .docx in place: the text of each paragraph's
  runs goes through the pipeline and the edits come back as tracked changes
  on the runs, keeping their formatting (an edit that spans runs is inserted
  with the formatting of its first run); nearby edits in one run are merged
  the same way.

Every XML part of an input is checked by :func:`mtfix.formats.safexml.parse_xml`
before python-docx reads it, so DTDs and entities are refused.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import itertools
import re
import zipfile
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
from mtfix.result import RepairResult

if TYPE_CHECKING:
    from mtfix.config import RepairConfig

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
AUTHOR = "mtfix"
#: Limits on what an input .docx may unpack to.
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
#: Any line ending ends a paragraph (a carriage return kept in the text shows as
#: an extra line break in LibreOffice).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Characters XML 1.0 cannot hold.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


@dataclass
class _Stamp:
    """Author, date and ids for the revisions and comments of one document."""

    author: str
    date: str
    next_id: int = 1

    def revision(self, kind: str, parent: Any) -> Any:
        el = parent.makeelement(
            w(kind), {w("id"): str(self.next_id), w("author"): self.author, w("date"): self.date}
        )
        self.next_id += 1
        return el


def _iso(date: dt.datetime | None) -> str:
    date = date or dt.datetime.now(dt.UTC)
    return date.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _comment_text(edit: Edit) -> str:
    conf = f" (confidence {edit.confidence:.2f})" if edit.confidence < 1.0 else ""
    origin = edit.data.get("origin") if edit.stage == "retranslate" else None
    source = f"\nTranslation from: {origin}" if origin else ""
    if edit.applied:
        return f"{edit.rule}: {edit.reason}{conf}{source}"
    suggestion = f"\nSuggestion: {edit.after!r}" if edit.after != edit.before else ""
    return f"Check: {edit.rule}: {edit.reason}{conf}{suggestion}{source}"


def _comment_for(edits: list[Edit]) -> str:
    """One comment for one or several edits: each reason once, with how often it applies."""
    if len(edits) == 1:
        return _comment_text(edits[0])
    counts: dict[str, int] = {}
    for e in edits:
        text = _comment_text(e) if e.applied else _comment_text(e).replace("\n", "; ")
        counts[text] = counts.get(text, 0) + 1
    lines = [text + (f" (\u00d7{n})" if n > 1 else "") for text, n in counts.items()]
    return f"{len(edits)} changes here:\n" + "\n".join(lines)


def _add_comment(doc: Any, text: str, stamp: _Stamp) -> int:
    comment = doc.comments.add_comment(
        _XML_ILLEGAL.sub("\ufffd", text), author=stamp.author, initials="MT"
    )
    comment._comment_elm.set(w("date"), stamp.date)
    return int(comment.comment_id)


def _marker(parent: Any, kind: str, cid: int) -> Any:
    return parent.makeelement(w(kind), {w("id"): str(cid)})


def _reference_run(parent: Any, cid: int) -> Any:
    run = parent.makeelement(w("r"), {})
    run.append(_marker(run, "commentReference", cid))
    return run


def _text_run(parent: Any, text: str, rpr: Any = None, *, deleted: bool = False) -> Any:
    """A run holding ``text``; tabs become ``w:tab``."""
    run = parent.makeelement(w("r"), {})
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    tag = w("delText") if deleted else w("t")
    for i, chunk in enumerate(_XML_ILLEGAL.sub("\ufffd", text).split("\t")):
        if i:
            run.append(run.makeelement(w("tab"), {}))
        if chunk:
            t = run.makeelement(tag, {XML_SPACE: "preserve"})
            t.text = chunk
            run.append(t)
    return run


# -- writing a result ----------------------------------------------------------------


#: Edits at most this many unchanged characters apart (on one line) are one tracked change.
NEAR = 3
#: At most this many tracked changes, and as many comments on flags, per line of text:
#: closer ones are merged first.  Each change costs a reader (Word, LibreOffice)
#: time that grows with the changes around it; a paragraph of thousands took
#: LibreOffice more than a quarter of an hour to open.
MAX_PER_LINE = 40


@dataclass
class _Change:
    """One tracked change (or, for flags, one comment) standing for one or more edits."""

    start: int
    end: int
    edits: list[Edit]
    after: str = ""


def _group(original: str, edits: list[Edit], *, near: int, limit: int) -> list[list[Edit]]:
    """Edits (sorted by start) in groups: those at most ``near`` characters apart on a line
    go together, then the closest groups merge until no line holds more than ``limit``."""
    groups: list[list[Edit]] = []
    for e in edits:
        if groups:
            gap = original[_end(groups[-1]) : e.start]
            if len(gap) <= near and "\n" not in gap:
                groups[-1].append(e)
                continue
        groups.append([e])
    out: list[list[Edit]] = []
    line: list[list[Edit]] = []
    for g in groups:  # runs of groups with no line break between them
        if line and "\n" in original[_end(line[-1]) : g[0].start]:
            out.extend(_merge_closest(line, limit))
            line = []
        line.append(g)
    out.extend(_merge_closest(line, limit))
    return out


def _end(group: list[Edit]) -> int:
    return max(e.end for e in group)


def _merge_closest(groups: list[list[Edit]], limit: int) -> list[list[Edit]]:
    if len(groups) <= limit:
        return groups
    gaps = sorted(range(1, len(groups)), key=lambda i: groups[i][0].start - _end(groups[i - 1]))
    joined = set(gaps[: len(groups) - limit])
    out: list[list[Edit]] = []
    for i, g in enumerate(groups):
        if i in joined:
            out[-1] = out[-1] + g
        else:
            out.append(g)
    return out


def _changes(result: RepairResult) -> tuple[list[_Change], list[_Change]]:
    """The tracked changes (applied edits) and the comments on flags, grouped."""
    original = result.original
    applied = sorted((trimmed(e) for e in result.edits if e.applied), key=lambda e: e.start)
    changes = []
    for g in _group(original, applied, near=NEAR, limit=MAX_PER_LINE):
        after = []
        for prev, e in zip([None, *g], g, strict=False):
            if prev is not None:
                after.append(original[prev.end : e.start])
            after.append(e.after)
        changes.append(_Change(g[0].start, g[-1].end, g, "".join(after)))
    flags = sorted((e for e in result.edits if not e.applied), key=lambda e: (e.start, e.end))
    flagged = []
    for g in _group(original, flags, near=-1, limit=MAX_PER_LINE):
        flagged.append(_Change(min(e.start for e in g), _end(g), g))
    return changes, flagged


def _items(result: RepairResult) -> Iterator[tuple[str, Any]]:
    """The document as a stream: ``("equal"|"ins"|"del", text)``, ``("start"|"end", change)``."""
    changes, flagged = _changes(result)
    anchors: list[tuple[int, float, int, str, _Change]] = []
    for n, c in enumerate(changes):
        anchors.append((c.start, 1.5, n, "edit", c))
    for n, f in enumerate(flagged):
        start, end = f.start, f.end
        for c in changes:  # comments on an applied change's text wrap the whole change
            if c.start < start < c.end:
                start = c.start
            if c.start < end < c.end:
                end = c.end
        anchors.append((start, 1.0, n, "start", f))
        anchors.append((end, 0.0 if end > start else 2.0, n, "end", f))
    anchors.sort(key=lambda a: (a[0], a[1], a[2]))
    original = result.original
    cursor = 0
    for pos, _, _, kind, c in anchors:
        if pos > cursor:
            yield "equal", original[cursor:pos]
            cursor = pos
        if kind != "edit":
            yield kind, c
            continue
        yield "start", c
        if c.end > c.start:
            yield "del", original[c.start : c.end]
        if c.after:
            yield "ins", c.after
        yield "end", c
        cursor = max(cursor, c.end)
    if cursor < len(original):
        yield "equal", original[cursor:]


def build_docx(
    result: RepairResult,
    *,
    author: str = AUTHOR,
    date: dt.datetime | None = None,
    title: str | None = None,
    name: str | None = None,
) -> Any:
    """A python-docx ``Document`` showing ``result`` as tracked changes and comments.

    Characters that XML cannot hold are written as U+FFFD, and a warning saying
    so is added to ``result.warnings``.  The document's properties name mtfix
    as author, ``date`` (default: now) as its dates, and ``title`` (default: the
    repaired text's first heading, else the stem of the file ``name``, else the
    first line) as its title.
    """
    _warn_unwritable(result)
    import docx

    doc = docx.Document()
    _set_properties(doc, author, date, title or document_title(result.text, name))
    # Blank lines of the text are empty paragraphs: no extra space after each one.
    doc.styles["Normal"].paragraph_format.space_after = 0
    body = doc.element.body
    for p in list(body.iterchildren(w("p"))):
        body.remove(p)
    sect = next(body.iterchildren(w("sectPr")), None)
    stamp = _Stamp(author, _iso(date))
    comment_ids: dict[int, int] = {}
    para = body.makeelement(w("p"), {})

    def close_paragraph(mark: str) -> None:
        nonlocal para
        if mark != "equal":
            ppr = para.makeelement(w("pPr"), {})
            rpr = ppr.makeelement(w("rPr"), {})
            rpr.append(stamp.revision(mark, rpr))
            ppr.append(rpr)
            para.insert(0, ppr)
        if sect is not None:
            sect.addprevious(para)
        else:
            body.append(para)
        para = body.makeelement(w("p"), {})

    for kind, value in _items(result):
        if kind in ("start", "end"):
            change: _Change = value
            if kind == "start":
                comment_ids[id(change)] = _add_comment(doc, _comment_for(change.edits), stamp)
                para.append(_marker(para, "commentRangeStart", comment_ids[id(change)]))
            else:
                cid = comment_ids[id(change)]
                para.append(_marker(para, "commentRangeEnd", cid))
                para.append(_reference_run(para, cid))
            continue
        lines = _LINE_BREAK.split(str(value))
        for i, line in enumerate(lines):
            if i:
                close_paragraph(kind)
            if not line:
                continue
            run = _text_run(para, line, deleted=kind == "del")
            if kind == "equal":
                para.append(run)
            else:
                wrapper = stamp.revision(kind, para)
                wrapper.append(run)
                para.append(wrapper)
    close_paragraph("equal")
    return doc


def write_docx(
    result: RepairResult,
    path: str | Path | io.BytesIO,
    *,
    author: str = AUTHOR,
    date: dt.datetime | None = None,
    title: str | None = None,
    name: str | None = None,
) -> None:
    """Write ``result`` as a .docx of tracked changes and comments."""
    build_docx(result, author=author, date=date, title=title, name=name).save(path)


def docx_bytes(
    result: RepairResult,
    *,
    date: dt.datetime | None = None,
    title: str | None = None,
    name: str | None = None,
) -> bytes:
    buf = io.BytesIO()
    write_docx(result, buf, date=date, title=title, name=name)
    return buf.getvalue()


_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
_HTML_HEADING = re.compile(r"<(h1|title)\b[^>]*>(.*?)</\1\s*>", re.I | re.S)


def document_title(text: str, name: str | None = None) -> str:
    """A title for ``text``: its first Markdown or HTML heading, else the stem of
    ``name`` (a file name), else its first line (at most 200 characters)."""
    import html

    found = [(m.start(), m.group(1)) for m in [_ATX_HEADING.search(text)] if m is not None] + [
        (m.start(), html.unescape(re.sub(r"<[^>]*>", "", m.group(2))))
        for m in [_HTML_HEADING.search(text)]
        if m is not None
    ]
    if found:
        heading = " ".join(min(found)[1].split())
        if heading:
            return heading[:200]
    if name and name not in ("-", "<stdin>"):
        return Path(name).stem
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:200]


_APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>mtfix</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _set_properties(doc: Any, author: str, date: dt.datetime | None, title: str) -> None:
    """The document's own properties instead of python-docx's template's."""
    when = (date or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    props = doc.core_properties
    props.author = props.last_modified_by = author
    props.created = props.modified = when
    props.title = _XML_ILLEGAL.sub("\ufffd", title)
    props.comments = "Tracked changes and comments by mtfix"
    props.revision = 1
    package = doc.part.package
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = _APP_XML  # python-docx keeps unknown parts as bytes
    for rel in list(package.rels.values()):
        if rel.reltype.endswith("/thumbnail"):  # the template's preview picture
            package.rels.pop(rel.rId)


def _warn_unwritable(result: RepairResult) -> None:
    """Add a warning when the text holds characters a Word document cannot."""
    found = [
        c
        for t in (result.original, *(e.after for e in result.edits))
        for c in _XML_ILLEGAL.findall(t)
    ]
    if not found:
        return
    kinds = sorted(set(found))
    names = ", ".join(f"U+{ord(c):04X}" for c in kinds[:5]) + (" …" if len(kinds) > 5 else "")
    message = (
        f"Word output: {len(found)} character(s) that a Word document cannot hold "
        f"({names}) written as U+FFFD"
    )
    if message not in result.warnings:
        result.warnings.append(message)


# -- reading a .docx safely --------------------------------------------------------


def check_docx(data: bytes) -> None:
    """Refuse a file that is not a .docx, a zip bomb or hostile XML."""
    from mtfix.formats.safexml import parse_xml

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FormatError("not a .docx: the file is not a zip archive")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise FormatError("not a .docx: no [Content_Types].xml or word/document.xml")
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (
                info.file_size > MAX_PART_BYTES
                or total > MAX_TOTAL_BYTES
                or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO)
            ):
                raise FormatError(f"refused .docx: {info.filename} unpacks to too much data")
            if info.filename.endswith((".xml", ".rels")):
                try:
                    parse_xml(zf.read(info), what=info.filename)
                except FormatError as exc:
                    raise FormatError(f"refused .docx: {exc}") from exc


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
