"""Output formats: a small registry that ``mtfix fix --format`` dispatches on.

The core registers ``text``, ``json`` and ``diff``.  Other modules add
formats (html, docx, xliff, a coloured diff) with :func:`register_format`;
a later registration under the same name replaces the earlier one.  The
modules in :data:`PLUGIN_MODULES` are imported, if installed, the first time
a format is looked up, so they can register themselves on import.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtfix.result import RepairResult


@dataclass(frozen=True)
class RenderOptions:
    """What a writer may want to know besides the result."""

    #: The document's name (a path, or ``<stdin>``), e.g. for diff headers.
    name: str = "<stdin>"
    #: Whether the output goes to a terminal that shows colours.
    color: bool = False
    #: JSON: also list the flags not shown (``result.suppressed``), for tuning.
    verbose: bool = False
    #: Anything else a format needs (e.g. a template); formats ignore unknown keys.
    extra: dict[str, Any] = field(default_factory=dict)


Writer = Callable[["RepairResult", RenderOptions], "str | bytes"]


@dataclass(frozen=True)
class OutputFormat:
    name: str
    writer: Writer
    #: File extension for ``--out-dir``; ``None`` keeps the input's name.
    extension: str | None
    #: Writers of binary formats return bytes.
    binary: bool = False
    description: str = ""


#: Modules that register more formats when imported (missing ones are skipped).
PLUGIN_MODULES: tuple[str, ...] = ("mtfix.formats", "mtfix.review")

_FORMATS: dict[str, OutputFormat] = {}
_plugins_loaded = False
#: Plugin modules that failed to import, and why (shown for unknown formats).
_plugin_errors: dict[str, str] = {}


def register_format(
    name: str,
    writer: Writer,
    *,
    extension: str | None = None,
    binary: bool = False,
    description: str = "",
) -> None:
    """Register (or replace) an output format."""
    _FORMATS[name] = OutputFormat(name, writer, extension, binary, description)


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for module in PLUGIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                _plugin_errors[module] = str(exc)
        except ImportError as exc:  # a plugin's optional dependency is missing
            _plugin_errors[module] = str(exc)


def get_format(name: str) -> OutputFormat:
    _load_plugins()
    try:
        return _FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(_FORMATS))
        why = "".join(f"; {m} not loaded: {e}" for m, e in _plugin_errors.items())
        raise ValueError(f"unknown format {name!r} (known: {known}){why}") from None


def formats() -> list[OutputFormat]:
    _load_plugins()
    return [_FORMATS[n] for n in sorted(_FORMATS)]


def render_output(
    result: RepairResult, fmt: str = "text", options: RenderOptions | None = None
) -> str | bytes:
    """Render a repair result in a registered format."""
    return get_format(fmt).writer(result, options or RenderOptions())


def output_name(input_name: str, fmt: str) -> str:
    """The file name ``--out-dir`` uses for an input: ``a.en.txt`` → ``a.en.json``."""
    ext = get_format(fmt).extension
    if ext is None:
        return input_name
    stem, dot, _ = input_name.rpartition(".")
    return f"{stem if dot else input_name}.{ext}"


def _text(result: RepairResult, options: RenderOptions) -> str:
    return result.text


def _json(result: RepairResult, options: RenderOptions) -> str:
    return result.to_json(verbose=options.verbose) + "\n"


def _diff(result: RepairResult, options: RenderOptions) -> str:
    return result.diff(fromfile=options.name, tofile=f"{options.name} (repaired)")


register_format("text", _text, description="the repaired text")
register_format("json", _json, extension="json", description="text, edits and summary as JSON")
register_format("diff", _diff, extension="diff", description="a unified diff")
