"""Glossary entries, the problems found in glossary files, and matches."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

ENTRY_TYPES: tuple[str, ...] = ("person", "org", "place", "product", "term")
CaseRule = Literal["exact", "smart", "ignore"]
Scope = Literal["document", "paragraph"]
CASES: tuple[str, ...] = ("exact", "smart", "ignore")
SCOPES: tuple[str, ...] = ("document", "paragraph")
FIELDS: tuple[str, ...] = (
    "pattern",
    "replacement",
    "regex",
    "context",
    "unless",
    "scope",
    "zh",
    "type",
    "confidence",
    "note",
    "case",
    "group",
    "single",
)
BUILTIN = "builtin"
DEFAULT_CONFIDENCE = 0.9


@dataclass(frozen=True)
class GlossaryEntry:
    """One known garble and its fix."""

    pattern: str
    replacement: str
    regex: bool = False
    context: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    scope: Scope = "document"
    zh: str | None = None
    type: str = "term"
    confidence: float = DEFAULT_CONFIDENCE
    note: str = ""
    case: CaseRule = "exact"
    group: str | None = None
    single: bool = True
    #: Where the entry came from: ``builtin`` or a file path, and its line.
    origin: str = BUILTIN
    line: int = 0

    @property
    def key(self) -> tuple[str, bool]:
        """Identity for overriding: the pattern, spacing and case normalised."""
        return (" ".join(self.pattern.split()).casefold(), self.regex)

    @property
    def builtin(self) -> bool:
        return self.origin == BUILTIN

    @property
    def zh_forms(self) -> tuple[str, ...]:
        """The entry's Chinese forms: what every source-aware stage reads (none without ``zh``)."""
        return (self.zh,) if self.zh else ()

    def cite(self) -> str:
        return f"{self.origin}:{self.line}" if self.line else self.origin

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in FIELDS}


@dataclass(frozen=True)
class GlossaryIssue:
    """A problem found in a glossary file."""

    path: str
    line: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


class GlossaryError(ValueError):
    """A user glossary could not be loaded."""

    def __init__(
        self, path: str | Path, line: int, message: str, issues: tuple[GlossaryIssue, ...] = ()
    ):
        self.path = str(path)
        self.line = line
        self.issues = issues
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        super().__init__(f"{self.path}:{line}: {message}{more}")


@dataclass(frozen=True)
class GlossaryMatch:
    """Where an entry matched, and what it proposes."""

    start: int
    end: int
    text: str
    replacement: str
    entry: GlossaryEntry


def replace_entry(entry: GlossaryEntry, **changes: Any) -> GlossaryEntry:
    """A copy of ``entry`` with some fields changed."""
    return dataclasses.replace(entry, **changes)
