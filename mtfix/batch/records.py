"""Repairing JSON records ``{id, text, source?, ...}`` in order, in parallel.

Two entry points share one output schema (the input's fields, with ``text``
repaired and ``edits``, ``summary``, ``warnings`` when any, ``signature``
and, with a source, per-sentence ``confidence`` added):

- :func:`repair_records` takes dicts (the library and Dask bags);
- :func:`repair_lines` takes raw JSON Lines and returns encoded lines: parsing
  and serialising happen in the workers, so the parent only moves bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from mtfix.batch.pool import map_ordered
from mtfix.config import RepairConfig

if TYPE_CHECKING:
    from mtfix.pipeline import Repairer
    from mtfix.result import RepairResult

_worker: dict[str, Any] = {}


def _init_worker(config: RepairConfig) -> None:
    from mtfix.pipeline import Repairer

    _worker["repairer"] = Repairer(config)


def _repairer() -> Repairer:
    rep: Repairer = _worker["repairer"]
    return rep


def record_to_output(record: dict[str, Any], result: RepairResult) -> dict[str, Any]:
    """The output record: the input's fields, with the repair added."""
    out = dict(record)
    out["text"] = result.text
    out["edits"] = [e.to_dict() for e in result.edits]
    out["summary"] = result.summary()
    if result.warnings:
        out["warnings"] = list(result.warnings)
    _add_provenance(out, result)
    return out


def _add_provenance(out: dict[str, Any], result: RepairResult) -> None:
    out["signature"] = result.signature
    if result.source is not None:
        out["confidence"] = [
            None if s.confidence is None else round(s.confidence, 4) for s in result.sentences
        ]


def _repair_record(record: dict[str, Any]) -> dict[str, Any]:
    text = record.get("text")
    source = record.get("source")
    if not isinstance(text, str):
        return {**record, "error": 'no "text" string in the record'}
    if source is not None and not isinstance(source, str):
        return {**record, "error": '"source" must be a string'}
    try:
        result = _repairer().repair(text, source=source)
    except Exception as exc:  # one bad record must not stop the stream
        return {**record, "error": f"repair failed: {type(exc).__name__}: {exc}"}
    return record_to_output(record, result)


def repair_records(
    records: Iterable[dict[str, Any]],
    *,
    config: RepairConfig | None = None,
    jobs: int = 1,
    chunksize: int = 8,
) -> Iterator[dict[str, Any]]:
    """Repair records in input order over ``jobs`` processes, streaming.

    A record that cannot be repaired comes back with an ``error`` field.
    """
    return map_ordered(
        _repair_record,
        records,
        jobs=jobs,
        initializer=_init_worker,
        initargs=(config or RepairConfig(),),
        chunksize=chunksize,
    )


def repair_line(
    number: int, raw: bytes, repairer: Repairer | None = None
) -> tuple[bytes, str | None]:
    """One JSON Lines line in, one encoded output line and its error (if any) out."""
    from mtfix.io import jsonl

    rep = repairer or _repairer()

    def run(text: str, source: str | None) -> RepairResult:
        return rep.repair(text, source=source)

    rec = next(jsonl.process([(number, raw)], run))
    if rec.result is not None:
        _add_provenance(rec.record, rec.result)
    return json.dumps(rec.record, ensure_ascii=False).encode("utf-8") + b"\n", rec.error


def _repair_numbered(item: tuple[int, bytes]) -> tuple[bytes, str | None]:
    return repair_line(*item)


def repair_lines(
    lines: Iterable[tuple[int, bytes]],
    *,
    config: RepairConfig | None = None,
    jobs: int = 1,
    chunksize: int = 16,
    repairer: Repairer | None = None,
) -> Iterator[tuple[bytes, str | None]]:
    """Repair numbered JSON Lines (see :func:`mtfix.io.jsonl.iter_lines`), in order.

    Yields ``(output_line, error)``; a malformed line becomes an error record
    (``{"error": "line N: ..."}``), never an exception.  Memory stays constant:
    at most ``2 * jobs`` chunks are in flight.  With ``jobs=1``, ``repairer``
    (if given) is used in this process.
    """
    if jobs == 1 and repairer is not None:
        _worker["repairer"] = repairer
        return map(_repair_numbered, lines)
    return map_ordered(
        _repair_numbered,
        lines,
        jobs=jobs,
        initializer=_init_worker,
        initargs=(config or RepairConfig(),),
        chunksize=chunksize,
    )
