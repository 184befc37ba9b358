"""A progress bar for batch runs: counts, rate and ETA, on a terminal only."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Task
    from rich.text import Text


@contextlib.contextmanager
def progress_bar(
    total: int | None, label: str, unit: str = "files"
) -> Iterator[Callable[[], None]]:
    """Yield ``advance()``; draws on stderr when it is a terminal, else does nothing.

    The one progress bar of the command line; none for a single item.
    """
    if not sys.stderr.isatty() or (total is not None and total < 2):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            from rich.text import Text

            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.1f} {unit}/s" if speed else f"- {unit}/s", style="cyan")

    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn() if total is not None else TextColumn("{task.completed:,} " + unit),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    ]
    # No refresh thread: a process pool can then fork its workers (fast, and
    # they inherit what is loaded) instead of spawning fresh interpreters.
    with Progress(
        *columns, console=Console(stderr=True), transient=True, auto_refresh=False
    ) as bar:
        task = bar.add_task(label, total=total)
        last = [0.0]

        def advance() -> None:
            bar.advance(task)
            now = time.monotonic()
            if now - last[0] >= 0.1:
                last[0] = now
                bar.refresh()

        yield advance
