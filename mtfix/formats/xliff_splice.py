"""XLIFF output by splicing: only the changed text, attributes and notes are written into the
original bytes, so everything else (declaration, comments, attribute order, entity
references, CDATA, layout, a UTF-16 encoding) comes back byte for byte.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from mtfix.formats.errors import FormatError

#: Who wrote the notes mtfix adds.
NOTE_FROM = "mtfix"


@dataclass
class _Plan:
    """What the repair changes: text nodes, attributes, notes per unit (or 2.x segment)."""

    version: int
    text_ops: dict[tuple[Any, str], list[tuple[int, int, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    attrs: dict[Any, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    notes: list[tuple[Any, list[str]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.text_ops or self.attrs or self.notes)


def _local(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if _local(c) == name]


# -- splicing the changes into the original bytes ------------------------------------

_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|<!\[CDATA\[.*?\]\]>"
    r"|<\?.*?\?>"
    r"|<!.*?>"
    r"|</[^>]*>"
    r"|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S,
)
_ATTR = re.compile(r"(\s+)([^\s=/>]+)(\s*=\s*)(\"[^\"]*\"|'[^']*')")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass
class _Span:
    """Where a node lies in the document text: its start tag and its end tag."""

    begin: int
    open_end: int
    close_begin: int = -1
    close_end: int = -1


class _Layout:
    """The offsets of every node of the root element, in document order."""

    def __init__(self, doc: str, root: Any) -> None:
        self.doc = doc
        self.markup: list[int] = []  # starts of tags, comments, PIs (not CDATA)
        self.cdata: list[tuple[int, int]] = []  # content spans of CDATA sections
        spans: list[_Span] = []
        stack: list[_Span] = []
        for m in _MARKUP.finditer(doc):
            token = m.group(0)
            if token.startswith("<![CDATA["):
                self.cdata.append((m.start() + 9, m.end() - 3))
                continue
            self.markup.append(m.start())
            if token.startswith("</"):
                if not stack:
                    raise FormatError("XLIFF: unbalanced end tag")
                span = stack.pop()
                span.close_begin, span.close_end = m.start(), m.end()
            elif token.startswith(("<!--", "<?")):
                if stack:
                    spans.append(_Span(m.start(), m.end(), m.end(), m.end()))
            elif token.startswith("<!"):
                continue
            else:
                span = _Span(m.start(), m.end())
                spans.append(span)
                if token.endswith("/>"):
                    span.close_begin = span.close_end = m.end()
                else:
                    stack.append(span)
        nodes = list(root.iter())
        if len(nodes) != len(spans) or stack:
            raise FormatError("XLIFF: could not map the document's nodes to its text")
        self.nodes = nodes  # keeps lxml's proxies, so that their ids stay valid
        self.spans = {id(node): span for node, span in zip(nodes, spans, strict=True)}

    def span(self, node: Any) -> _Span:
        return self.spans[id(node)]

    def text_span(self, node: Any, attr: str) -> tuple[int, int]:
        """The raw span of ``node.text`` or ``node.tail``."""
        span = self.span(node)
        start = span.open_end if attr == "text" else span.close_end
        i = bisect.bisect_left(self.markup, start)
        end = self.markup[i] if i < len(self.markup) else len(self.doc)
        return start, end

    def in_cdata(self, pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.cdata, (pos, len(self.doc) + 1)) - 1
        if i >= 0 and self.cdata[i][0] <= pos <= self.cdata[i][1]:
            return self.cdata[i]
        return None


_CHAR = re.compile(r"&[^;]*;|<!\[CDATA\[.*?\]\]>|\r\n|.", re.S)
_CDATA_CHAR = re.compile(r"\r\n|.", re.S)


def _char_spans(doc: str, start: int, end: int, expected: str) -> list[tuple[int, int]]:
    """The raw span of each character of the text node ``doc[start:end]``."""
    out: list[tuple[int, int]] = []
    for m in _CHAR.finditer(doc, start, end):
        if m.group(0).startswith("<![CDATA["):
            out.extend(
                (c.start(), c.end()) for c in _CDATA_CHAR.finditer(doc, m.start() + 9, m.end() - 3)
            )
        else:
            out.append((m.start(), m.end()))
    if len(out) != len(expected):
        raise FormatError("XLIFF: could not map a text node to its source")
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _decode(data: bytes, declared: str | None) -> tuple[bytes, str, str]:
    """The byte-order mark, the codec and the text of the document."""
    prefix, body, codec = b"", data, declared or "utf-8"
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            prefix, body, codec = bom, data[len(bom) :], bom_codec
            break
    try:
        text = body.decode(codec)
    except (LookupError, UnicodeDecodeError) as exc:
        raise FormatError(f"XLIFF: cannot read the {codec} encoding: {exc}") from exc
    if text.encode(codec) != body:
        raise FormatError(f"XLIFF: the {codec} encoding does not round-trip")
    return prefix, codec, text


def _splice(data: bytes, tree: Any, plan: _Plan) -> bytes:
    """The document with the planned changes spliced into its text."""
    prefix, codec, doc = _decode(data, tree.docinfo.encoding)
    layout = _Layout(doc, tree.getroot())
    edits: list[tuple[int, int, str]] = []
    for (node, attr), node_ops in plan.text_ops.items():
        edits.extend(_text_edits(layout, node, attr, node_ops))
    for el, values in plan.attrs.items():
        edits.append(_tag_edit(layout, el, values))
    for el, notes in plan.notes:
        edits.append(_notes_edit(layout, el, notes, plan.version))
    pieces: list[str] = []
    cursor = len(doc)
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        pieces.append(doc[end:cursor])
        pieces.append(new)
        cursor = start
    pieces.append(doc[:cursor])
    out = "".join(reversed(pieces))
    return prefix + out.encode(codec, errors="xmlcharrefreplace")


def _text_edits(
    layout: _Layout, node: Any, attr: str, ops: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    start, end = layout.text_span(node, attr)
    chars = _char_spans(layout.doc, start, end, getattr(node, attr) or "")
    out = []
    for a, b, after in ops:
        raw_a = chars[a][0] if a < len(chars) else end
        raw_b = chars[b - 1][1] if b > a else raw_a
        in_a, in_b = layout.in_cdata(raw_a), layout.in_cdata(raw_b)
        if in_a is not None and in_a == in_b:
            new = after.replace("]]>", "]]]]><![CDATA[>")
        else:
            new = ("]]>" if in_a else "") + _escape(after) + ("<![CDATA[" if in_b else "")
        out.append((raw_a, raw_b, new))
    return out


def _tag_edit(layout: _Layout, el: Any, values: dict[str, str]) -> tuple[int, int, str]:
    """The start tag of ``el`` with ``values`` set, other attributes as written."""
    span = layout.span(el)
    tag = layout.doc[span.begin : span.open_end]
    todo = dict(values)

    def replace(m: re.Match[str]) -> str:
        name = m.group(2)
        if name not in todo:
            return m.group(0)
        quote = m.group(4)[0]
        value = _escape(todo.pop(name)).replace(quote, "&quot;" if quote == '"' else "&apos;")
        return f"{m.group(1)}{name}{m.group(3)}{quote}{value}{quote}"

    tag = _ATTR.sub(replace, tag)
    close = len(tag) - (2 if tag.endswith("/>") else 1)
    added = "".join(f' {k}="{_escape(v).replace(chr(34), "&quot;")}"' for k, v in todo.items())
    if added:
        tag = tag[:close].rstrip() + added + tag[close:]
    return span.begin, span.open_end, tag


def _indent(text: str | None) -> str:
    return text if text and not text.strip() else ""


def _qname(el: Any, name: str) -> str:
    return f"{el.prefix}:{name}" if el.prefix else name


def _note_xml(el: Any, text: str, attrs: str) -> str:
    tag = _qname(el, "note")
    return f"<{tag} {attrs}>{_escape(text)}</{tag}>"


def _notes_edit(layout: _Layout, el: Any, notes: list[str], version: int) -> tuple[int, int, str]:
    """Where the new notes of ``el`` (a 1.2 trans-unit, a 2.x unit or segment) go, and as what."""
    if version == 1:
        existing = _children(el, "note")
        anchor = existing[-1] if existing else next(iter(_children(el, "target")))
        indent = _indent(el.text)  # the indentation of the unit's children
        attrs = f'from="{NOTE_FROM}" annotates="target"'
        at = layout.span(anchor).close_end
        return at, at, "".join(indent + _note_xml(el, t, attrs) for t in notes)
    attrs = f'category="{NOTE_FROM}" appliesTo="target"'
    holder = next(iter(_children(el, "notes")), None)
    if holder is not None:
        span = layout.span(holder)
        if len(holder):
            last = layout.span(holder[-1])
            inner = _indent(holder.text) or _indent(holder[-1].tail)
            return (
                last.close_end,
                last.close_end,
                "".join(inner + _note_xml(el, t, attrs) for t in notes),
            )
        if span.close_begin == span.open_end == span.close_end:  # <notes/>
            start_tag = layout.doc[span.begin : span.open_end - 2].rstrip() + ">"
            body = "".join(_note_xml(el, t, attrs) for t in notes)
            return span.begin, span.close_end, f"{start_tag}{body}</{_qname(el, 'notes')}>"
        body = "".join(_note_xml(el, t, attrs) for t in notes)
        return span.close_begin, span.close_begin, body
    indent = _indent(el.text)
    step = "  " if indent else ""
    tag = _qname(el, "notes")
    body = "".join(indent + step + _note_xml(el, t, attrs) for t in notes)
    holder_xml = f"<{tag}>{body}{indent}</{tag}>"
    if _local(el) == "segment":  # the segment's last child, where translate-toolkit adds it
        if len(el):
            at = layout.span(el[-1]).close_end
            return at, at, indent + holder_xml
        at = layout.span(el).close_begin
        return at, at, holder_xml
    first = next((c for c in el if _local(c) in ("originalData", "segment", "ignorable")), None)
    if first is not None:
        at = layout.span(first).begin
        return at, at, holder_xml + indent
    at = layout.span(el).close_begin
    return at, at, step + holder_xml + indent[: -len(step)] if indent else holder_xml
