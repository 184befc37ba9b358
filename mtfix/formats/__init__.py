"""Document formats: Word (tracked changes), XLIFF, Markdown and HTML.

Importing this package is cheap: the readers and writers import python-docx,
lxml and markdown-it-py only when called.  It registers the ``docx`` output
format with :mod:`mtfix.io.output` when that module is present.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtfix.formats.errors import FormatError

if TYPE_CHECKING:
    from mtfix.result import RepairResult

__all__ = [
    "FormatError",
    "repair_docx",
    "repair_html",
    "repair_markdown",
    "repair_xliff",
    "write_docx",
]

_LAZY = {
    "repair_docx": "mtfix.formats.word_input",
    "write_docx": "mtfix.formats.word",
    "docx_bytes": "mtfix.formats.word",
    "repair_xliff": "mtfix.formats.xliff",
    "repair_markdown": "mtfix.formats.markdown",
    "repair_html": "mtfix.formats.html",
}

#: Input formats by file extension: how ``mtfix fix`` should read them.
INPUT_EXTENSIONS = {
    ".docx": "docx",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)


def _docx_writer(result: RepairResult, options: Any) -> bytes:
    from mtfix.formats.word import docx_bytes

    return docx_bytes(result, name=getattr(options, "name", None))


def _register() -> None:
    try:
        from mtfix.io.output import register_format
    except ImportError:  # pragma: no cover - the io package is optional here
        return
    register_format(
        "docx",
        _docx_writer,
        extension="docx",
        binary=True,
        description="Word document: edits as tracked changes, reasons as comments",
    )


_register()
