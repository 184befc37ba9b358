"""Source-aware stages: the Chinese original, sentence alignment and checks against it.

Imported only when a source is given; importing it registers the fixers.
"""

from __future__ import annotations

from mtfix.source import stage  # noqa: F401

try:
    import mtfix.source.checks  # noqa: F401
except ModuleNotFoundError as exc:  # the checks are optional
    if exc.name != "mtfix.source.checks":
        raise
