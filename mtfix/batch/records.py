"""Repairing JSON records ``{id, text, source?, ...}`` in order, in parallel."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mtfix.batch.pool import map_ordered
from mtfix.config import RepairConfig
from mtfix.result import RepairResult

_worker: dict[str, Any] = {}


def _init_worker(config: RepairConfig) -> None:
    from mtfix.pipeline import Repairer

    _worker["repairer"] = Repairer(config)


def record_to_output(record: dict[str, Any], result: RepairResult) -> dict[str, Any]:
    """The output record: the input's fields, with the repair added."""
    out = dict(record)
    out["text"] = result.text
    if "text" in record:
        out.setdefault("original", record["text"])
    out["edits"] = [e.to_dict() for e in result.edits]
    out["summary"] = result.summary()
    if result.source is not None:
        sents = result.sentences
        out["confidence"] = [s.confidence for s in sents]
    if result.warnings:
        out["warnings"] = list(result.warnings)
    out["signature"] = result.signature
    return out


def _repair_record(record: dict[str, Any]) -> dict[str, Any]:
    repairer = _worker["repairer"]
    text = record.get("text")
    source = record.get("source")
    if not isinstance(text, str):
        return {**record, "error": "record has no 'text' string"}
    if source is not None and not isinstance(source, str):
        return {**record, "error": "'source' must be a string"}
    try:
        result = repairer.repair(text, source=source)
    except Exception as exc:  # one bad record must not stop the stream
        return {**record, "error": f"{type(exc).__name__}: {exc}"}
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
