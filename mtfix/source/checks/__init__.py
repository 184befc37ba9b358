"""Checks of the English against the Chinese original (stage ``source``, after alignment).

Importing this package registers its fixers: ``source.numbers``, ``source.untranslated``,
``source.names``, ``source.places`` and ``source.consistency``.  Each reads the
:class:`~mtfix.source.analysis.SourceAnalysis` (``ctx.analysis``); the pipeline runs them only
when the source is trusted to be the original of the text.
"""

from __future__ import annotations

from mtfix.source.checks import (  # noqa: F401
    consistency,
    names,
    numbers,
    places,
    untranslated,
)
