"""Errors for documents mtfix cannot read."""

from __future__ import annotations


class FormatError(ValueError):
    """A document is malformed, hostile or not of the format it claims to be."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)
