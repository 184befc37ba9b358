"""HTML articles: repair the text between tags, keep every byte of markup.

``html.parser`` reports each piece of the document (tags, text, character
references, comments) in order; with ``convert_charrefs=False`` the text it
reports is the source text, so each run of text knows its offset.  Tags and
their attributes are never edited; the pipeline sees the content of a code
element as one neutral character.  Character references are atoms: a
correct one (``&rdquo;``) is shown to the pipeline as the character it
stands for and stays as it is; a double escape (``&amp;rsquo;``) reads as
``&rsquo;`` and is repaired.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from mtfix.formats.prose import (
    CODE_STAND_IN,
    Prose,
    RepairFunc,
    SegmentKind,
    default_repair,
    repair_raw,
)
from mtfix.formats.urls import split_urls
from mtfix.result import RepairResult

if TYPE_CHECKING:
    from mtfix.config import RepairConfig

#: Tags that end a paragraph of prose.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)
#: Tags whose content is not prose: code is shown to the pipeline, the rest is skipped.
VERBATIM_TAGS = frozenset(
    ["script", "style", "code", "pre", "kbd", "samp", "var", "textarea", "math", "svg", "template"]
)
_HIDDEN_TAGS = frozenset(["script", "style", "textarea", "math", "svg", "template"])
_VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


class _Collector(HTMLParser):
    """Records ``(kind, tag, start)`` events; the end of each is the next one's start."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[str, str, int, int]] = []  # kind, payload, line, col

    def _at(self, kind: str, payload: str) -> None:
        line, col = self.getpos()
        self.events.append((kind, payload, line, col))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._at("start", tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._at("startend", tag)

    def handle_endtag(self, tag: str) -> None:
        self._at("end", tag)

    def handle_data(self, data: str) -> None:
        self._at("data", data)

    def handle_entityref(self, name: str) -> None:
        self._at("ref", name)

    def handle_charref(self, name: str) -> None:
        self._at("ref", "#" + name)

    def handle_comment(self, data: str) -> None:
        self._at("other", data)

    def handle_decl(self, decl: str) -> None:
        self._at("other", decl)

    def handle_pi(self, data: str) -> None:
        self._at("other", data)

    def unknown_decl(self, data: str) -> None:
        self._at("other", data)


def html_prose(raw: str) -> Prose:
    """The prose of an HTML document."""
    collector = _Collector()
    collector.feed(raw)
    collector.close()
    line_starts = [0]
    for line in raw.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    starts = [line_starts[line - 1] + col for _, _, line, col in collector.events]
    prose = Prose()
    verbatim: list[str] = []  # open verbatim tags
    for n, (kind, payload, _, _) in enumerate(collector.events):
        start = starts[n]
        end = starts[n + 1] if n + 1 < len(starts) else len(raw)
        chunk = raw[start:end]
        if kind in ("start", "startend", "end"):
            _tag(prose, kind, payload, start, end, verbatim)
        elif kind == "data":
            if _HIDDEN_TAGS.intersection(verbatim):
                continue
            if verbatim:  # code: one neutral character for the pipeline
                prose.add("fixed", CODE_STAND_IN, raw_start=start, raw_end=end)
            elif not chunk.strip() and "\n" in chunk and prose.ends_with_separator():
                continue  # layout between blocks
            else:
                _data(prose, chunk, start)
        elif kind == "ref":
            text = html.unescape(chunk)
            if verbatim:
                prose.add("fixed", CODE_STAND_IN, raw_start=start, raw_end=end)
            else:
                prose.add("atom", text, raw_start=start, raw_end=end)
        else:
            prose.add("mark", raw_start=start, raw_end=end)
    return prose


def _tag(prose: Prose, kind: str, tag: str, start: int, end: int, verbatim: list[str]) -> None:
    if tag in VERBATIM_TAGS:
        if kind == "start":
            verbatim.append(tag)
        elif kind == "end" and tag in verbatim:
            del verbatim[len(verbatim) - 1 - verbatim[::-1].index(tag) :]
    if tag in BLOCK_TAGS:
        prose.add("mark", raw_start=start, raw_end=end)
        if len(prose) and not prose.ends_with_separator():
            prose.add("fixed", "\n\n", raw_start=end, raw_end=end)
        return
    seg_kind: SegmentKind = "mark"
    if tag not in VERBATIM_TAGS and tag not in _VOID_TAGS:
        seg_kind = {"start": "open", "end": "close"}.get(kind, "mark")  # type: ignore[assignment]
    prose.add(seg_kind, raw_start=start, raw_end=end)


def _data(prose: Prose, chunk: str, start: int) -> None:
    """Text between tags; runs of whitespace with a newline are layout, not prose."""
    pos = 0
    for a, b, is_url in split_urls(chunk):
        if is_url:
            prose.add("fixed", chunk[a:b], raw_start=start + a, raw_end=start + b)
            continue
        pos = a
        i = a
        while i < b:
            if chunk[i] in " \t\r\n":
                j = i
                while j < b and chunk[j] in " \t\r\n":
                    j += 1
                if "\n" in chunk[i:j]:
                    if i > pos:
                        prose.add("text", chunk[pos:i], raw_start=start + pos, raw_end=start + i)
                    prose.add("fixed", " ", raw_start=start + i, raw_end=start + j)
                    pos = j
                i = j
            else:
                i += 1
        if b > pos:
            prose.add("text", chunk[pos:b], raw_start=start + pos, raw_end=start + b)


def escape_html(text: str) -> str:
    return html.escape(text, quote=False)


def repair_html(
    text: str,
    *,
    config: RepairConfig | None = None,
    source: str | None = None,
    repair: RepairFunc | None = None,
) -> RepairResult:
    """Repair the text of an HTML document; edits index ``text``."""
    prose = html_prose(text)
    run = repair or default_repair(config)
    return repair_raw(text, prose, run(prose.text, source), escape=escape_html)
