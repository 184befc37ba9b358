"""Markdown articles: repair the prose, keep every byte of markup.

markdown-it-py finds the blocks (with line maps) and the inline tokens; the
tokens are matched back to the source so each run of text knows its offset.
Code spans and blocks, links' destinations, images, inline HTML tags and URLs
are never edited; the pipeline sees a code span as one neutral character
(:data:`~mtfix.formats.prose.CODE_STAND_IN`), so a quotation mark or a full
stop in code never decides what happens to the prose beside it.  The text
between the tags of a raw HTML block is read as the HTML reader reads it.
YAML (``---``) or TOML (``+++``) front matter at the top is left alone.  A
block whose tokens cannot be matched to the source is left alone (with a
warning) rather than guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from mtfix.formats.prose import CODE_STAND_IN, Prose, RepairFunc, default_repair, repair_raw
from mtfix.formats.urls import split_urls
from mtfix.result import RepairResult

if TYPE_CHECKING:
    from markdown_it.token import Token

    from mtfix.config import RepairConfig

_ZERO_WIDTH_PAIRS = {
    "strong_open": "open",
    "strong_close": "close",
    "em_open": "open",
    "em_close": "close",
    "s_open": "open",
    "s_close": "close",
}
# Characters that could start markup if an edit inserted them.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


class _Mismatch(Exception):
    """The tokens do not match the source text."""


def escape_markdown(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _parser() -> object:
    from markdown_it import MarkdownIt

    # text_join would merge escapes and entities into text and lose their source form.
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")


_FRONT_MATTER_FENCES = {"---": ("---", "..."), "+++": ("+++",)}


def front_matter_lines(lines: list[str]) -> int:
    """How many lines of YAML (``---``) or TOML (``+++``) front matter open the document."""
    if not lines:
        return 0
    closing = _FRONT_MATTER_FENCES.get(lines[0].lstrip("\ufeff").rstrip())
    if closing is None:
        return 0
    for n in range(1, len(lines)):
        if lines[n].rstrip() in closing:
            return n + 1
    return 0


def markdown_prose(raw: str) -> tuple[Prose, list[str]]:
    """The prose of a Markdown document and warnings about blocks left alone."""
    return _markdown_prose(raw)[:2]


def _markdown_prose(raw: str) -> tuple[Prose, list[str], list[tuple[int, int]]]:
    """Also the raw spans of the HTML blocks."""
    md = _parser()
    lines = raw.splitlines(keepends=True)
    skip = front_matter_lines(lines)
    # Front matter is parsed as blank lines: the lines after it keep their numbers.
    tokens: list[Token] = md.parse("\n" * skip + "".join(lines[skip:]))  # type: ignore[attr-defined]
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line))
    prose = Prose()
    warnings: list[str] = []
    html_spans: list[tuple[int, int]] = []
    row_cursor: dict[int, int] = {}
    for tok in tokens:
        if tok.type == "html_block" and tok.map is not None:
            span = _html_block(prose, tok, lines, line_starts)
            if span is not None:
                html_spans.append(span)
            continue
        if tok.type != "inline" or tok.map is None or tok.children is None:
            continue
        block = Prose()
        try:
            offsets = _content_offsets(tok, lines, line_starts, row_cursor)
            _inline(block, tok.children, tok.content, offsets, raw)
        except _Mismatch as exc:
            warnings.append(f"line {tok.map[0] + 1}: left as is ({exc})")
            continue
        if len(prose) and not prose.ends_with_separator():
            at = offsets[0] if offsets else 0
            prose.add("fixed", "\n\n", raw_start=at, raw_end=at)
        for seg in block.segments:
            text = block.text[seg.start : seg.end]
            prose.add(seg.kind, text, seg.ref, seg.raw_start, seg.raw_end)
    return prose, warnings, html_spans


def _html_block(
    prose: Prose, tok: Token, lines: list[str], line_starts: list[int]
) -> tuple[int, int] | None:
    """Add the prose of a raw HTML block (as the HTML reader sees it); its raw span."""
    from markdown_it.token import Token

    from mtfix.formats.html import html_prose

    content = tok.content.rstrip("\n")
    if not content.strip():
        return None
    shadow = Token("html_block", "", 0)  # the content without its final newline
    shadow.map, shadow.content = tok.map, content
    try:
        offsets = _content_offsets(shadow, lines, line_starts, {})
    except _Mismatch:
        return None  # left alone, as before
    block = html_prose(content)
    if not block.text.strip():
        return None
    if len(prose) and not prose.ends_with_separator():
        prose.add("fixed", "\n\n", raw_start=offsets[0], raw_end=offsets[0])
    for seg in block.segments:
        text = block.text[seg.start : seg.end]
        prose.add(seg.kind, text, seg.ref, offsets[seg.raw_start], offsets[seg.raw_end])
    return offsets[0], offsets[-1]


def _line_text(lines: list[str], i: int) -> str:
    return lines[i].rstrip("\r\n") if i < len(lines) else ""


def _content_offsets(
    tok: Token, lines: list[str], line_starts: list[int], row_cursor: dict[int, int]
) -> list[int]:
    """The raw offset of every character of ``tok.content`` (and one past its end)."""
    assert tok.map is not None
    first = tok.map[0]
    content_lines = tok.content.split("\n")
    offsets: list[int] = []
    for i, cl in enumerate(content_lines):
        n = first + i
        if n >= tok.map[1]:
            raise _Mismatch("content runs past its block")
        line = _line_text(lines, n)
        pos = _find_line(line, cl, row_cursor.get(n, 0))
        if pos < 0:
            raise _Mismatch("content not found on its line")
        row_cursor[n] = pos + len(cl)
        base = line_starts[n] + pos
        offsets.extend(range(base, base + len(cl)))
        offsets.append(base + len(cl))  # the newline (or the end)
    return offsets


def _find_line(line: str, content: str, cursor: int) -> int:
    """Where ``content`` sits on ``line``: a suffix in paragraphs, a cell in tables."""
    if cursor:  # a further table cell on the same row
        return line.find(content, cursor)
    for candidate in (line, line.rstrip()):
        if candidate.endswith(content):
            return len(candidate) - len(content)
    return line.rfind(content)


def _inline(
    prose: Prose, children: list[Token], content: str, offsets: list[int], raw: str
) -> None:
    c = 0

    def at(i: int) -> int:
        return offsets[min(i, len(offsets) - 1)]

    def expect(s: str) -> None:
        if not content.startswith(s, c):
            raise _Mismatch(f"expected {s!r}")

    i = 0
    while i < len(children):
        tok = children[i]
        kind = tok.type
        if kind == "text":
            expect(tok.content)
            _add_text(prose, tok.content, c, at, raw)
            c += len(tok.content)
        elif kind == "text_special":
            expect(tok.markup)
            prose.add("atom", tok.content, raw_start=at(c), raw_end=at(c + len(tok.markup)))
            c += len(tok.markup)
        elif kind in ("softbreak", "hardbreak"):
            end = _skip_break(content, c, hard=kind == "hardbreak")
            prose.add(
                "fixed", " " if kind == "softbreak" else "\n", raw_start=at(c), raw_end=at(end)
            )
            c = end
        elif kind in _ZERO_WIDTH_PAIRS:
            expect(tok.markup)
            seg_kind = _ZERO_WIDTH_PAIRS[kind]
            prose.add(seg_kind, raw_start=at(c), raw_end=at(c + len(tok.markup)))  # type: ignore[arg-type]
            c += len(tok.markup)
        elif kind == "code_inline":
            end = _code_span_end(content, c, len(tok.markup))
            prose.add("fixed", CODE_STAND_IN, raw_start=at(c), raw_end=at(end))
            c = end
        elif kind == "html_inline":
            expect(tok.content)
            prose.add("mark", raw_start=at(c), raw_end=at(c + len(tok.content)))
            c += len(tok.content)
        elif kind == "link_open" and tok.markup == "autolink":
            expect("<")
            end = content.find(">", c)
            if end < 0:
                raise _Mismatch("unclosed autolink")
            prose.add("fixed", content[c + 1 : end], raw_start=at(c), raw_end=at(end + 1))
            c = end + 1
            while i < len(children) and children[i].type != "link_close":
                i += 1
        elif kind == "link_open":
            expect("[")
            prose.add("open", raw_start=at(c), raw_end=at(c + 1))
            c += 1
        elif kind == "link_close":
            end = _link_tail_end(content, c)
            prose.add("close", raw_start=at(c), raw_end=at(end))
            c = end
        elif kind == "image":
            expect("![")
            end = _link_tail_end(content, _label_end(content, c + 1))
            prose.add("mark", raw_start=at(c), raw_end=at(end))
            c = end
        else:
            raise _Mismatch(f"unsupported token {kind}")
        i += 1
    if content[c:].strip():
        raise _Mismatch("unmatched text at the end")


def _add_text(prose: Prose, text: str, c: int, at: object, raw: str) -> None:
    assert callable(at)
    for start, end, is_url in split_urls(text):
        rs, re_ = at(c + start), at(c + end)
        piece = text[start:end]
        if not is_url and raw[rs:re_] != piece:
            raise _Mismatch("text does not match the source")
        prose.add("fixed" if is_url else "text", piece, raw_start=rs, raw_end=re_)


def _skip_break(content: str, c: int, *, hard: bool) -> int:
    if hard and content.startswith("\\\n", c):
        c += 1
    while c < len(content) and content[c] == " ":
        c += 1
    if not content.startswith("\n", c):
        raise _Mismatch("line break not found")
    c += 1
    while c < len(content) and content[c] in " \t":
        c += 1
    return c


def _code_span_end(content: str, c: int, ticks: int) -> int:
    fence = "`" * ticks
    if not content.startswith(fence, c) or content.startswith("`", c + ticks):
        raise _Mismatch("code span not found")
    m = re.compile(rf"(?<!`){fence}(?!`)").search(content, c + ticks)
    if m is None:
        raise _Mismatch("code span not closed")
    return m.end()


def _label_end(content: str, c: int) -> int:
    """From ``[`` at ``c``, the index of its matching ``]``."""
    depth = 0
    i = c
    while i < len(content):
        ch = content[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise _Mismatch("link label not closed")


def _link_tail_end(content: str, c: int) -> int:
    """From ``]`` at ``c``, the end of ``](dest "title")``, ``][ref]`` or ``]``."""
    from markdown_it.helpers import parseLinkDestination, parseLinkTitle

    if not content.startswith("]", c):
        raise _Mismatch("link end not found")
    p = c + 1
    n = len(content)
    if content.startswith("(", p):
        q = _skip_ws(content, p + 1)
        if q < n and content[q] != ")":
            dest = parseLinkDestination(content, q, n)
            if dest.ok:
                q = _skip_ws(content, dest.pos)
                title = parseLinkTitle(content, q, n)
                if title.ok:
                    q = _skip_ws(content, title.pos)
        if q < n and content[q] == ")":
            return q + 1
        return p  # "[text]" followed by parentheses that are not a destination
    if content.startswith("[", p):
        close = content.find("]", p)
        if close >= 0:
            return close + 1
    return p


def _skip_ws(content: str, p: int) -> int:
    while p < len(content) and content[p] in " \t\n":
        p += 1
    return p


def repair_markdown(
    text: str,
    *,
    config: RepairConfig | None = None,
    source: str | None = None,
    repair: RepairFunc | None = None,
) -> RepairResult:
    """Repair the prose of a Markdown document; edits index ``text``."""
    from mtfix.formats.html import escape_html

    prose, warnings, html_spans = _markdown_prose(text)
    run = repair or default_repair(config)

    def escape_at(at: int) -> Callable[[str], str]:
        inside = any(start <= at <= end for start, end in html_spans)
        return escape_html if inside else escape_markdown

    result = repair_raw(
        text, prose, run(prose.text, source), escape=escape_markdown, escape_at=escape_at
    )
    result.warnings.extend(warnings)
    return result
