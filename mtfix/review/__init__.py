"""Reviewing a repair: terminal diffs, the HTML review page, applying decisions.

Importing this package registers the ``html`` output format and a ``diff``
that is coloured and word-level when the output is a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mtfix.review.decisions import (
    AppliedDocument,
    DecisionsError,
    apply_decisions,
    apply_decisions_all,
    decisions_document,
)
from mtfix.review.page import render_html, review_data
from mtfix.review.terminal import render_diff

if TYPE_CHECKING:
    from mtfix.io.output import RenderOptions
    from mtfix.result import RepairResult

__all__ = [
    "AppliedDocument",
    "DecisionsError",
    "apply_decisions",
    "apply_decisions_all",
    "decisions_document",
    "render_diff",
    "render_html",
    "review_data",
]


def _html_format(result: RepairResult, options: RenderOptions) -> str:
    low = options.extra.get("low_confidence")
    if low is None:
        return render_html(result, names=[options.name])
    return render_html(result, names=[options.name], low_confidence=float(low))


def _diff_format(result: RepairResult, options: RenderOptions) -> str:
    return render_diff(result, color=options.color, name=options.name)


def _register_formats() -> None:
    try:
        from mtfix.io.output import register_format
    except ImportError:  # pragma: no cover - the output registry is part of mtfix
        return
    register_format(
        "html",
        _html_format,
        extension="html",
        description="a review page to accept or reject edits",
    )
    register_format(
        "diff",
        _diff_format,
        extension="diff",
        description="a unified diff (a coloured word-level diff on a terminal)",
    )


_register_formats()
