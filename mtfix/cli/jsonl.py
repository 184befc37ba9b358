"""JSON Lines for ``fix --jsonl`` and ``check --jsonl``: one path, streamed."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mtfix.cli.common import display, fail, open_input, say, write_stdout

if TYPE_CHECKING:
    from mtfix.config import RepairConfig
    from mtfix.io.jsonl import JsonlRecord


def jsonl_target(path: str, output: str | None, out_dir: Path | None) -> Path | None:
    """Where the records of ``path`` go (``None``: standard output)."""
    if out_dir is not None:
        return out_dir / f"{Path(path).stem}.jsonl"
    return Path(output) if output not in (None, "-") else None


def run_jsonl(
    inputs: list[str],
    config: RepairConfig,
    *,
    jobs: int = 1,
    output: str | None = None,
    out_dir: Path | None = None,
    write: bool = True,
    on_record: Callable[[str, JsonlRecord], None] | None = None,
) -> tuple[int, bool]:
    """Stream JSON Lines files through the repair; returns (failures, interrupted).

    With ``write``, each output record goes to ``output``, ``out_dir`` or
    standard output; ``on_record`` sees every record (``check`` reports its
    edits).  With ``jobs > 1`` records are repaired by worker processes, in
    order and in constant memory (a bounded window of records is in flight).
    """
    from mtfix.batch.progress import progress_bar
    from mtfix.batch.records import repair_lines
    from mtfix.io import jsonl
    from mtfix.io.writing import (
        atomic_writer,
        disk_full,
        remove_stale_temps,
        same_file,
        write_error,
    )

    if write and output not in (None, "-") and len(inputs) != 1:
        fail("-o/--output takes one input; use --out-dir for several")
    if write and out_dir is not None and "-" in inputs:
        fail("standard input has no name to write into --out-dir; use -o")
    if write and out_dir is not None:
        seen: dict[Path, str] = {}
        for path in inputs:
            planned = jsonl_target(path, None, out_dir)
            assert planned is not None
            if planned in seen:
                fail(f"{seen[planned]} and {path} would both be written to {planned}")
            seen[planned] = path

    failed = 0
    try:
        with progress_bar(None, "records", unit="records") as advance:
            for path in inputs:
                target = jsonl_target(path, output, out_dir) if write else None
                if target is not None and path != "-" and same_file(target, path):
                    fail(f"refusing to overwrite the input {path}")
                stream = open_input(path)
                if stream is None:
                    failed += 1
                    continue
                if target is not None:
                    try:
                        target.parent.mkdir(parents=True, exist_ok=True)
                    except OSError as exc:
                        fail(f"{target}: cannot write: {exc.strerror or exc}")
                    remove_stale_temps([target])  # left by a killed run
                try:
                    with stream, contextlib.ExitStack() as stack:
                        try:
                            sink = stack.enter_context(atomic_writer(target)) if target else None
                        except OSError as exc:
                            fail(f"{target}: cannot write: {write_error(exc)}")
                        records = repair_lines(jsonl.iter_lines(stream), config=config, jobs=jobs)
                        # Closing first stops the workers before a partial output is dropped.
                        stack.callback(getattr(records, "close", lambda: None))
                        for rec in records:
                            if rec.error:
                                failed += 1
                                say("error", f"{display(path)}: {rec.error}")
                            if on_record is not None:
                                on_record(path, rec)
                            if sink is not None:
                                try:
                                    sink.write(rec.data)
                                except OSError as exc:  # the partial output is removed
                                    fail(f"{target}: cannot write: {write_error(exc)}")
                            elif write:
                                write_stdout(rec.data)
                            advance()
                except OSError as exc:  # the last flush, as the output is closed
                    if target is None or not disk_full(exc):
                        raise
                    fail(f"{target}: cannot write: {write_error(exc)}")
    except KeyboardInterrupt:
        say("error", "interrupted; unfinished output files were not written")
        return failed, True
    return failed, False
