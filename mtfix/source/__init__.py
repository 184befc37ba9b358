"""The Chinese original: its sentences, their alignment to the English, and checks against it.

:mod:`mtfix.source.analysis` builds the typed :class:`~mtfix.source.analysis.SourceAnalysis`
that the source checks, the confidence step and re-translation share.  Imported only when a
source is given; importing it registers the source checks.
"""

from __future__ import annotations

from mtfix.source.analysis import SourceAnalysis

try:
    import mtfix.source.checks  # noqa: F401
except ModuleNotFoundError as exc:  # the checks are optional
    if exc.name != "mtfix.source.checks":
        raise

__all__ = ["SourceAnalysis"]
