"""One interface for every document format: read → prose with offsets → repair → write.

A :class:`DocumentFormat` takes a document's bytes, hands its prose to a
repair function and writes the repaired document back in its own format.
The adapters here call the readers and writers of this package (plain text,
Markdown, HTML, Word, XLIFF); :func:`document_format` finds one by file
extension or name, and :func:`register_document_format` adds more.

Importing this module is cheap: python-docx, lxml and markdown-it-py are
imported by the adapters when they run.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from mtfix.formats.xliff import NotesIn
    from mtfix.result import RepairResult

#: ``(text, source) -> RepairResult``: the pipeline, or a stand-in.
RepairFunc = Callable[[str, "str | None"], "RepairResult"]

#: How a document's positions are told: by line, or by paragraph of its prose.
Positions = Literal["line", "paragraph"]

EMPTY_WARNING = "empty file, nothing to repair"


@dataclass
class RepairedDocument:
    """A repaired document: its repair, and the document written back."""

    #: The repair of the document's text; edits index ``result.original``
    #: (the whole file for text formats, the extracted prose for Word and XLIFF).
    result: RepairResult
    #: The repaired document in its own format.
    data: bytes
    #: Whether the document differs from what was read (``--in-place`` skips it if not).
    changed: bool
    #: What the reader noticed (an empty file); the repair's own are in ``result``.
    warnings: list[str] = field(default_factory=list)


class DocumentFormat(Protocol):
    """A document format mtfix can read, repair and write back."""

    #: ``text``, ``markdown``, ``html``, ``docx``, ``xliff``…
    name: str
    #: File extensions (lower case, with the dot) read as this format.
    extensions: tuple[str, ...]
    #: The output format (``--format``) that is this document itself.
    native_output: str
    #: Whether the written document is binary (not for a terminal).
    binary: bool
    #: How ``mtfix check`` locates an edit: by line of the file, or paragraph of the prose.
    positions: Positions

    def prose(self, data: bytes, name: str) -> str:
        """The text the repair sees (used to read a document as a Chinese source)."""
        ...

    def repair(
        self, data: bytes, *, name: str, source: str | None, repair: RepairFunc
    ) -> RepairedDocument:
        """Read ``data``, repair its prose with ``repair`` and write the document back."""
        ...


def _decode(data: bytes, name: str) -> str:
    return _decoded(data, name)[0]


def _decoded(data: bytes, name: str) -> tuple[str, list[str]]:
    """The text, and what the reader should know about it (bytes replaced, an empty file)."""
    from mtfix.io.reading import decode_bytes

    found = decode_bytes(data, name)
    notes = [found.warning] if found.warning else []
    return found.text, notes + _empty(found.text)


def _empty(text: str) -> list[str]:
    return [] if text else [EMPTY_WARNING]


def _no_edits(text: str, source: str | None) -> RepairResult:
    """A repair that changes nothing (what a reader sees is captured by the caller)."""
    from mtfix.result import RepairResult

    return RepairResult(original=text, text=text, edits=[], signature="", source=source)


class PlainText:
    """Plain text: the whole file is prose."""

    name = "text"
    extensions: tuple[str, ...] = (".txt",)
    native_output = "text"
    binary = False
    positions: Positions = "line"

    def prose(self, data: bytes, name: str) -> str:
        return _decode(data, name)

    def repair(
        self, data: bytes, *, name: str, source: str | None, repair: RepairFunc
    ) -> RepairedDocument:
        text, notes = _decoded(data, name)
        result = repair(text, source)
        return RepairedDocument(result, result.text.encode("utf-8"), result.changed, notes)


class Markdown(PlainText):
    """Markdown: only the prose is repaired; markup, code and URLs are kept byte for byte."""

    name = "markdown"
    extensions = (".md", ".markdown")

    def prose(self, data: bytes, name: str) -> str:
        from mtfix.formats.markdown import markdown_prose

        return markdown_prose(_decode(data, name))[0].text

    def repair(
        self, data: bytes, *, name: str, source: str | None, repair: RepairFunc
    ) -> RepairedDocument:
        from mtfix.formats.markdown import repair_markdown

        text, notes = _decoded(data, name)
        result = repair_markdown(text, source=source, repair=repair)
        return RepairedDocument(result, result.text.encode("utf-8"), result.changed, notes)


class Html(PlainText):
    """HTML: only the text is repaired; tags, attributes and entities stay as they are."""

    name = "html"
    extensions = (".html", ".htm")

    def prose(self, data: bytes, name: str) -> str:
        from mtfix.formats.html import html_prose

        return html_prose(_decode(data, name)).text

    def repair(
        self, data: bytes, *, name: str, source: str | None, repair: RepairFunc
    ) -> RepairedDocument:
        from mtfix.formats.html import repair_html

        text, notes = _decoded(data, name)
        result = repair_html(text, source=source, repair=repair)
        return RepairedDocument(result, result.text.encode("utf-8"), result.changed, notes)


class Word:
    """A .docx: the edits become tracked changes, their reasons comments."""

    name = "docx"
    extensions: tuple[str, ...] = (".docx",)
    native_output = "docx"
    binary = True
    positions: Positions = "paragraph"

    def prose(self, data: bytes, name: str) -> str:
        seen: list[str] = []

        def capture(text: str, source: str | None) -> RepairResult:
            seen.append(text)
            return _no_edits(text, source)

        self.repair(data, name=name, source=None, repair=capture)
        return seen[0] if seen else ""

    def repair(
        self, data: bytes, *, name: str, source: str | None, repair: RepairFunc
    ) -> RepairedDocument:
        from mtfix.formats.word_input import repair_docx

        # The bytes already read (and hashed for the manifest) are what is repaired.
        with tempfile.TemporaryDirectory(prefix="mtfix-") as tmp:
            original, target = Path(tmp) / "in.docx", Path(tmp) / "out.docx"
            original.write_bytes(data)
            result = repair_docx(original, target, source=source, repair=repair)
            out = target.read_bytes()
        return RepairedDocument(result, out, bool(result.edits))


class Xliff:
    """XLIFF 1.2 or 2.x: the targets are repaired as one article, with the units' sources.

    ``notes_in`` places the notes of an XLIFF 2.x file: ``"unit"`` (the
    schema's place, the default) or ``"segment"`` (where translate-toolkit
    and Weblate read them); see :func:`mtfix.formats.xliff.repair_xliff`.
    """

    name = "xliff"
    extensions: tuple[str, ...] = (".xlf", ".xliff")
    native_output = "xliff"
    binary = False
    positions: Positions = "paragraph"

    def __init__(self, *, notes_in: NotesIn = "unit") -> None:
        self.notes_in: NotesIn = notes_in

    def prose(self, data: bytes, name: str) -> str:
        return self._run(data, _no_edits)[0].original

    def repair(
        self, data: bytes, *, name: str, source: str | None, repair: RepairFunc
    ) -> RepairedDocument:
        result, out = self._run(data, repair)
        warnings = []
        if source is not None:
            warnings.append("an XLIFF file carries its own sources; the source file is not used")
        return RepairedDocument(result, out, out != data, warnings)

    def _run(self, data: bytes, repair: RepairFunc) -> tuple[RepairResult, bytes]:
        from mtfix.formats.xliff import repair_xliff

        seen: list[RepairResult] = []

        def run(text: str, source: str | None) -> RepairResult:
            seen.append(repair(text, source))
            return seen[-1]

        out = repair_xliff(data, repair=run, notes_in=self.notes_in)
        return (seen[-1] if seen else _no_edits("", None)), out


_FORMATS: dict[str, DocumentFormat] = {}
_BY_EXTENSION: dict[str, DocumentFormat] = {}


def register_document_format(fmt: DocumentFormat) -> None:
    """Register (or replace) a document format under its name and extensions."""
    _FORMATS[fmt.name] = fmt
    for ext in fmt.extensions:
        _BY_EXTENSION[ext.lower()] = fmt


for _fmt in (PlainText(), Markdown(), Html(), Word(), Xliff()):
    register_document_format(_fmt)


def document_format(path: str | Path) -> DocumentFormat:
    """The format of a file, by its extension; plain text for others and ``-``."""
    if str(path) == "-":
        return _FORMATS["text"]
    return _BY_EXTENSION.get(Path(path).suffix.lower(), _FORMATS["text"])


def format_named(name: str) -> DocumentFormat:
    """A document format by name (``text``, ``markdown``, ``html``, ``docx``, ``xliff``)."""
    try:
        return _FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown document format {name!r}") from None


def document_extensions() -> frozenset[str]:
    """Every extension a folder walk picks up."""
    return frozenset(_BY_EXTENSION)
