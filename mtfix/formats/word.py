"""Word documents: every applied edit as a tracked change, every reason as a comment.

* :func:`write_docx` turns a :class:`~mtfix.RepairResult` into a .docx with one
  paragraph per line of the original text.  Each applied edit is a ``w:del``
  of the old text and a ``w:ins`` of the new (author ``mtfix``), with a
  comment giving the rule and reason; a flagged problem is a comment only.
  Edits at most :data:`NEAR` characters apart on a line are one change with one
  comment, and a line holds at most :data:`MAX_PER_LINE` changes, so that a
  reader's cost stays bounded.  Accepting all changes gives ``result.text``;
  rejecting all gives the original (characters XML cannot hold become U+FFFD).
* :func:`mtfix.formats.word_input.repair_docx` repairs a .docx in place with the
  pieces defined here (comments, runs, the bound on changes per line).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtfix.edits import Edit
from mtfix.formats.prose import (
    trimmed,
)
from mtfix.result import RepairResult

if TYPE_CHECKING:
    pass

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
    #: The next free comment id, once known (python-docx finds it by scanning every comment
    #: on each new one, which made a document with thousands of comments quadratic).
    next_comment_id: int | None = None

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
    """Add a comment (the XML python-docx writes: CommentText paragraphs, an annotation
    reference in the first) and return its id."""
    comments = doc.comments._comments_elm
    if stamp.next_comment_id is None:
        stamp.next_comment_id = int(comments._next_available_comment_id())
    cid = stamp.next_comment_id
    stamp.next_comment_id += 1
    comment = comments.makeelement(
        w("comment"),
        {w("id"): str(cid), w("author"): stamp.author, w("initials"): "MT", w("date"): stamp.date},
    )
    for k, line in enumerate(_XML_ILLEGAL.sub("\ufffd", text).split("\n")):
        p = comment.makeelement(w("p"), {})
        ppr = p.makeelement(w("pPr"), {})
        ppr.append(ppr.makeelement(w("pStyle"), {w("val"): "CommentText"}))
        p.append(ppr)
        if k == 0:
            ref = p.makeelement(w("r"), {})
            rpr = ref.makeelement(w("rPr"), {})
            rpr.append(rpr.makeelement(w("rStyle"), {w("val"): "CommentReference"}))
            ref.append(rpr)
            ref.append(ref.makeelement(w("annotationRef"), {}))
            p.append(ref)
        if line:
            p.append(_text_run(p, line))
        comment.append(p)
    comments.append(comment)
    return cid


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
