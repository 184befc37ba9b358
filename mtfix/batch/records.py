"""Repairing JSON records ``{id, text, source?, ...}`` in order, in parallel.

Two entry points share one output schema (the input's fields, with ``text``
repaired and ``edits``, ``summary``, ``warnings`` when any, ``signature``
and, with a source, per-sentence ``confidence`` added):

- :func:`repair_records` takes dicts (the library and Dask bags);
- :func:`repair_lines` takes raw JSON Lines and returns encoded lines: parsing
  and serialising happen in the workers, so the parent only moves bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from mtfix.batch.pool import map_ordered
from mtfix.config import RepairConfig

if TYPE_CHECKING:
    from mtfix.pipeline import Repairer
    from mtfix.result import RepairResult

T = TypeVar("T")
R = TypeVar("R")

_worker: dict[str, Any] = {}


def _init_worker(config: RepairConfig) -> None:
    from mtfix.pipeline import Repairer

    _worker["repairer"] = Repairer(config)


def _repairer() -> Repairer:
    rep: Repairer = _worker["repairer"]
    return rep


def record_to_output(record: dict[str, Any], result: RepairResult) -> dict[str, Any]:
    """The output record: the input's fields, with the repair added."""
    from mtfix.io import jsonl

    out = jsonl.output_record(record, result)
    _add_provenance(out, result)
    return out


def _add_provenance(out: dict[str, Any], result: RepairResult) -> None:
    out["signature"] = result.signature
    if result.source is not None:
        out["confidence"] = [
            None if s.confidence is None else round(s.confidence, 4) for s in result.sentences
        ]


def _repair_in_worker(text: str, source: str | None) -> RepairResult:
    return _repairer().repair(text, source=source)


def repair_one(
    record: dict[str, Any], repair: Callable[[str, str | None], RepairResult]
) -> dict[str, Any]:
    """One output record: the repair, or the input with an ``error`` field."""
    from mtfix.io import jsonl

    outcome = jsonl.repair_record(record, repair)
    if isinstance(outcome, str):
        return {**record, "error": outcome}
    return record_to_output(record, outcome)


def _repair_record(record: dict[str, Any]) -> dict[str, Any]:
    return repair_one(record, _repair_in_worker)


def _in_workers(
    func: Callable[[T], R],
    items: Iterable[T],
    config: RepairConfig | None,
    jobs: int,
    chunksize: int,
) -> Iterator[R]:
    """``map(func, items)`` in order over ``jobs`` processes, each with a repairer."""
    return map_ordered(
        func,
        items,
        jobs=jobs,
        initializer=_init_worker,
        initargs=(config or RepairConfig(),),
        chunksize=chunksize,
    )


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
    return _in_workers(_repair_record, records, config, jobs, chunksize)


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
    return jsonl.dumps(rec.record), rec.error


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
    return _in_workers(_repair_numbered, lines, config, jobs, chunksize)
