"""Checks of the English against the Chinese original (stage ``source``, after alignment).

Importing this package registers its fixers: ``source.numbers``, ``source.untranslated``,
``source.names``, ``source.places`` and ``source.consistency``.  Each reads the
:class:`~mtfix.source.model.SourceDoc` that ``source.align`` leaves in ``ctx.state`` and does
nothing when there is none or when the source does not match the text.
"""

from __future__ import annotations

from mtfix.source.checks import (  # noqa: F401
    consistency,
    names,
    numbers,
    places,
    untranslated,
)
