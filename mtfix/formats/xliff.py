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
  (where the specification puts them); a segment with a flagged or
  re-translated problem gets ``subState="mtfix:needs-review"`` (or
  ``mtfix:mt-suggestion``), and any segment that is edited or flagged has its
  ``state`` lowered to ``translated`` if it was ``reviewed`` or ``final`` (2.x
  has no "needs review" state; ``subState`` carries tool-specific values).

The output is the input with the changes spliced into its bytes: the
declaration, comments, attribute order, CDATA sections, entity references and
layout outside the changed text nodes, tags and notes come back byte for byte.
A problem already noted by an earlier run is not noted (nor its unit's state
changed) again, so running mtfix on its own output changes nothing.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from mtfix.config import RepairConfig

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
#: Inline elements whose content is translatable text.
_CONTAINERS = frozenset({"g", "mrk", "pc"})
NOTE_FROM = "mtfix"
#: Marks the prose segments of protected inline text.
_PROTECTED = "protected"
#: Target states (1.2) and segment states (2.x) that an edit by mtfix lowers.
_APPROVED_12 = frozenset({"final", "signed-off"})
_APPROVED_2 = frozenset({"reviewed", "final"})


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


@dataclass
class _Plan:
    """What the repair changes: text nodes, attributes, notes per unit."""

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
) -> bytes:
    """Repair the targets of an XLIFF 1.2 or 2.x document."""
    tree = parse_xml(data, what="XLIFF")
    version, units = _units(tree.getroot())
    run = repair or default_repair(config)
    plan = _repair_units(units, version, run)
    if not plan:
        return data
    return _splice(data, tree, plan)


def _repair_units(units: list[_Unit], version: int, run: RepairFunc) -> _Plan:
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
        if _annotate(plan, kept[n], applied[n], flagged[n], repaired):
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
    """The texts of the notes an earlier run of mtfix left on ``unit``."""
    if version == 1:
        notes = [n for n in _children(unit, "note") if n.get("from") == NOTE_FROM]
    else:
        notes = [
            n
            for holder in _children(unit, "notes")
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
) -> bool:
    """Plan the notes and states of one unit; False if there is nothing new to say."""
    notes = [_describe(e, repaired) for e, _ in sorted(applied + flagged, key=lambda x: x[0].start)]
    existing = _existing_notes(unit.element, plan.version)
    fresh = []
    for text, key in notes:
        same = next((i for i, old in enumerate(existing) if _same_note(old, key)), None)
        if same is None:
            fresh.append(text)
        else:  # noted by an earlier run
            del existing[same]
    if not applied and not fresh:
        return False
    if fresh:
        plan.notes.append((unit.element, fresh))
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
    for unit, notes in plan.notes:
        edits.append(_notes_edit(layout, unit, notes, plan.version))
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


def _notes_edit(layout: _Layout, unit: Any, notes: list[str], version: int) -> tuple[int, int, str]:
    if version == 1:
        existing = _children(unit, "note")
        anchor = existing[-1] if existing else next(iter(_children(unit, "target")))
        indent = _indent(unit.text)  # the indentation of the unit's children
        attrs = f'from="{NOTE_FROM}" annotates="target"'
        at = layout.span(anchor).close_end
        return at, at, "".join(indent + _note_xml(unit, t, attrs) for t in notes)
    attrs = f'category="{NOTE_FROM}" appliesTo="target"'
    holder = next(iter(_children(unit, "notes")), None)
    if holder is not None:
        span = layout.span(holder)
        if len(holder):
            last = layout.span(holder[-1])
            inner = _indent(holder.text) or _indent(holder[-1].tail)
            return (
                last.close_end,
                last.close_end,
                "".join(inner + _note_xml(unit, t, attrs) for t in notes),
            )
        if span.close_begin == span.open_end == span.close_end:  # <notes/>
            start_tag = layout.doc[span.begin : span.open_end - 2].rstrip() + ">"
            body = "".join(_note_xml(unit, t, attrs) for t in notes)
            return span.begin, span.close_end, f"{start_tag}{body}</{_qname(unit, 'notes')}>"
        body = "".join(_note_xml(unit, t, attrs) for t in notes)
        return span.close_begin, span.close_begin, body
    indent = _indent(unit.text)
    step = "  " if indent else ""
    tag = _qname(unit, "notes")
    body = "".join(indent + step + _note_xml(unit, t, attrs) for t in notes)
    holder_xml = f"<{tag}>{body}{indent}</{tag}>"
    first = next((c for c in unit if _local(c) in ("originalData", "segment", "ignorable")), None)
    if first is not None:
        at = layout.span(first).begin
        return at, at, holder_xml + indent
    at = layout.span(unit).close_begin
    return at, at, step + holder_xml + indent[: -len(step)] if indent else holder_xml
