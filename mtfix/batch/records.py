"""Repairing JSON records ``{id, text, source?, ...}`` in order, in parallel.

Both entry points go through :mod:`mtfix.io.jsonl` (one output schema, one
path for a record) with the process's cached repairer
(:func:`mtfix.pipeline.get_repairer`):

- :func:`repair_records` takes dicts (the library and Dask bags);
- :func:`repair_lines` takes raw JSON Lines and yields
  :class:`~mtfix.io.jsonl.JsonlRecord` with the encoded output line: parsing
  and serialising happen in the workers, so the parent only moves bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from mtfix.batch.pool import map_ordered
from mtfix.config import RepairConfig

if TYPE_CHECKING:
    from mtfix.io import jsonl
    from mtfix.io.jsonl import JsonlRecord
    from mtfix.result import RepairResult

T = TypeVar("T")
R = TypeVar("R")


def repair_function(config: RepairConfig) -> jsonl.RepairFunc:
    from mtfix.pipeline import get_repairer

    repairer = get_repairer(config)

    def run(text: str, source: str | None, /, candidates: Sequence[str] = ()) -> RepairResult:
        if candidates:
            return repairer.repair(text, source=source, candidates=candidates)
        return repairer.repair(text, source=source)

    return run


def repair_one(record: dict[str, Any], config: RepairConfig | None = None) -> dict[str, Any]:
    """One output record: the repair, or the input with an ``error`` field."""
    from mtfix.io import jsonl

    return jsonl.answer(record, repair_function(config or RepairConfig())).record


def repair_line(
    number: int, raw: bytes, config: RepairConfig | None = None, *, keep: bool = True
) -> JsonlRecord:
    """One JSON Lines line in, its output record out (``data`` holds the encoded line).

    Without ``keep`` only what the parent needs comes back from a worker:
    the encoded line and the error.
    """
    from mtfix.io import jsonl

    rec = jsonl.process_line(number, raw, repair_function(config or RepairConfig()))
    if not keep:
        rec.record, rec.result = {}, None
    return rec


def _record_in_worker(config: RepairConfig, record: dict[str, Any]) -> dict[str, Any]:
    return repair_one(record, config)


def _line_in_worker(config: RepairConfig, keep: bool, item: tuple[int, bytes]) -> JsonlRecord:
    return repair_line(item[0], item[1], config, keep=keep)


def _in_workers(
    func: Callable[[T], R],
    items: Iterable[T],
    config: RepairConfig,
    jobs: int,
    chunksize: int,
) -> Iterator[R]:
    """``map(func, items)`` in order over ``jobs`` processes, each with a repairer."""
    from mtfix.pipeline import get_repairer

    return map_ordered(
        func, items, jobs=jobs, initializer=get_repairer, initargs=(config,), chunksize=chunksize
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
    cfg = config or RepairConfig()
    return _in_workers(partial(_record_in_worker, cfg), records, cfg, jobs, chunksize)


def repair_lines(
    lines: Iterable[tuple[int, bytes]],
    *,
    config: RepairConfig | None = None,
    jobs: int = 1,
    chunksize: int = 16,
) -> Iterator[JsonlRecord]:
    """Repair numbered JSON Lines (see :func:`mtfix.io.jsonl.iter_lines`), in order.

    Yields one :class:`~mtfix.io.jsonl.JsonlRecord` a line; a malformed line
    becomes an error record (``{"error": "line N: ..."}``), never an
    exception.  Memory stays constant: at most ``2 * jobs`` chunks are in
    flight.  With ``jobs=1`` the work runs in this process and each record
    keeps its repair (``result``); from workers only ``data`` and ``error`` come.
    """
    cfg = config or RepairConfig()
    return _in_workers(partial(_line_in_worker, cfg, jobs == 1), lines, cfg, jobs, chunksize)
