"""JSON Lines in, JSON Lines out, one record at a time (constant memory).

An input record is ``{"id"?, "text", "source"?, "candidates"?, ...}``
(``candidates``: other English translations of ``source``, see ``Repairer.repair``).
The output record keeps every input field, puts the repaired text in ``text`` and adds
``edits``, ``summary``, ``signature`` (and ``warnings`` when there are any;
with a source, per-sentence ``confidence``).  A line that cannot be repaired
(bad JSON, no ``text``) becomes an ``error`` record, so output line *n*
always answers input record *n*; blank lines are skipped.

:func:`process_line` is the one path of a line, for ``fix --jsonl``,
``check --jsonl``, pool workers and Dask; :func:`answer` that of a record
already parsed (Dask bags and DataFrames, :func:`mtfix.batch.repair_records`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from mtfix.result import RepairResult


class RepairFunc(Protocol):
    """Repairs a record's text, with its source and candidates."""

    def __call__(
        self, text: str, source: str | None, /, candidates: Sequence[str] = ()
    ) -> RepairResult: ...


@dataclass
class JsonlRecord:
    """One processed line: the record to write and what happened to it."""

    line: int
    record: dict[str, Any]
    result: RepairResult | None = None
    error: str | None = None
    #: The output line, encoded (``record`` as one line of UTF-8 JSON).
    data: bytes = b""


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
    """Repair each record's ``text`` (with its ``source`` when present), lazily."""
    for number, raw in lines:
        yield process_line(number, raw, repair)


def process_line(number: int, raw: bytes, repair: RepairFunc) -> JsonlRecord:
    """One line in, its output record (encoded in ``data``) out; never raises for bad input."""
    if raw == TOO_LONG:
        from mtfix.io.reading import over_limit

        return _error(number, {}, f"the record is {over_limit()}")
    try:
        # JSON Lines is UTF-8; a BOM is tolerated on the first line.
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        return _error(number, {}, "not UTF-8")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(number, {}, f"invalid JSON: {exc.msg} (column {exc.colno})")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return _error(number, {}, f"cannot read the record: {exc}")
    except RecursionError:
        return _error(number, {}, NESTED)
    if not isinstance(record, dict):
        return _error(number, {}, "a record must be a JSON object")
    rec = answer(record, repair)
    if rec.error is not None:
        return _error(number, record, rec.error)
    rec.line = number
    return rec


def answer(record: dict[str, Any], repair: RepairFunc) -> JsonlRecord:
    """The output record for a parsed record: its repair, or the input with an ``error``."""
    outcome = repair_record(record, repair)
    if isinstance(outcome, str):
        out = {**record, "error": outcome}
        return JsonlRecord(0, out, error=outcome, data=dumps(out))
    out = output_record(record, outcome)
    return JsonlRecord(0, out, outcome, data=dumps(out))


#: A lone surrogate: JSON allows ``"\\ud800"``, UTF-8 (and the output) does not.
_SURROGATE = re.compile("[\ud800-\udfff]")

#: Why a record nested past Python's recursion limit is refused.
NESTED = "nested too deeply"


def repair_record(record: dict[str, Any], repair: RepairFunc) -> RepairResult | str:
    """The repair of the record's ``text`` (with its ``source``), or why there is none."""
    text = record.get("text")
    if not isinstance(text, str):
        return 'no "text" string in the record'
    source = record.get("source")
    if source is not None and not isinstance(source, str):
        return '"source" must be a string'
    candidates = record.get("candidates") or []
    if not isinstance(candidates, list) or not all(isinstance(c, str) for c in candidates):
        return '"candidates" must be a list of strings'
    if candidates and source is None:
        return '"candidates" need a "source" (they are aligned to it)'
    for name, value in (
        ("text", text),
        ("source", source),
        *(("candidates", c) for c in candidates),
    ):
        if value is not None and (bad := _lone_surrogate(value)) is not None:
            return f'"{name}" is not valid Unicode: a lone surrogate at character {bad}'
    try:
        return repair(text, source, candidates) if candidates else repair(text, source)
    except ImportError as exc:
        from mtfix.extras import explain_import_error

        return explain_import_error(exc)
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
    out["signature"] = result.signature
    if result.source is not None:
        out["confidence"] = [
            None if s.confidence is None else round(s.confidence, 4) for s in result.sentences
        ]
    return out


def _lone_surrogate(text: str) -> int | None:
    """Where ``text`` holds a lone surrogate (JSON's ``"\\ud800"``), or ``None``."""
    m = _SURROGATE.search(text)
    return m.start() if m else None


def _error(number: int, record: dict[str, Any], message: str) -> JsonlRecord:
    out = dict(record)
    out["error"] = f"line {number}: {message}"
    return JsonlRecord(number, out, error=out["error"], data=dumps(out))


def dumps(record: dict[str, Any]) -> bytes:
    """One line of UTF-8 JSON; never raises for what :func:`json.loads` accepted.

    Lone surrogates (``"\\ud800"``, allowed by JSON, not by UTF-8) stay
    ``\\u`` escapes; a record too deeply nested to write keeps only its
    ``error`` (or says that it is nested too deeply).
    """
    try:
        return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(record).encode("ascii") + b"\n"
    except RecursionError:
        error = record.get("error")
        return json.dumps({"error": error if isinstance(error, str) else NESTED}).encode() + b"\n"
