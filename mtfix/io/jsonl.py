"""JSON Lines in, JSON Lines out, one record at a time (constant memory).

An input record is ``{"id"?, "text", "source"?, ...}``.  The output record
keeps every input field, puts the repaired text in ``text`` and adds
``edits`` and ``summary`` (and ``warnings`` when there are any).  A line
that cannot be repaired (bad JSON, no ``text``) becomes an ``error`` record,
so output line *n* always answers input record *n*; blank lines are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtfix.result import RepairResult

RepairFunc = Callable[[str, "str | None"], "RepairResult"]


@dataclass
class JsonlRecord:
    """One processed line: the record to write and what happened to it."""

    line: int
    record: dict[str, Any]
    result: RepairResult | None = None
    error: str | None = None


#: Stands for a line over the size limit (never valid UTF-8, so never a record).
TOO_LONG = b"\xff\xfemtfix: line over the size limit"


def iter_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """Numbered non-blank lines, read lazily; a line over the size limit is :data:`TOO_LONG`."""
    from mtfix.io.reading import max_document_bytes

    limit = max_document_bytes()
    number = 0
    while raw := stream.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(2**20)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the line, a megabyte at a time
            yield number, TOO_LONG
        elif raw.strip():
            yield number, raw


def process(lines: Iterable[tuple[int, bytes]], repair: RepairFunc) -> Iterator[JsonlRecord]:
    """Repair each record's ``text`` (with its ``source`` when present)."""
    for number, raw in lines:
        if raw == TOO_LONG:
            from mtfix.io.reading import over_limit

            yield _error(number, {}, f"the record is {over_limit()}")
            continue
        try:
            # JSON Lines is UTF-8; a BOM is tolerated on the first line.
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            yield _error(number, {}, "not UTF-8")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _error(number, {}, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield _error(number, {}, "a record must be a JSON object")
            continue
        outcome = repair_record(record, repair)
        if isinstance(outcome, str):
            yield _error(number, record, outcome)
        else:
            yield JsonlRecord(number, output_record(record, outcome), outcome)


def repair_record(record: dict[str, Any], repair: RepairFunc) -> RepairResult | str:
    """The repair of the record's ``text`` (with its ``source``), or why there is none."""
    text = record.get("text")
    if not isinstance(text, str):
        return 'no "text" string in the record'
    source = record.get("source")
    if source is not None and not isinstance(source, str):
        return '"source" must be a string'
    try:
        return repair(text, source)
    except Exception as exc:  # one bad record must not stop the stream
        return f"repair failed: {type(exc).__name__}: {exc}"


def output_record(record: dict[str, Any], result: RepairResult) -> dict[str, Any]:
    """The input's fields, with the repaired ``text``, ``edits``, ``summary`` and ``warnings``."""
    out = dict(record)
    out["text"] = result.text
    out["edits"] = [e.to_dict() for e in result.edits]
    out["summary"] = result.summary()
    if result.warnings:
        out["warnings"] = list(result.warnings)
    return out


def _error(number: int, record: dict[str, Any], message: str) -> JsonlRecord:
    out = dict(record)
    out["error"] = f"line {number}: {message}"
    return JsonlRecord(number, out, error=out["error"])


def dumps(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
