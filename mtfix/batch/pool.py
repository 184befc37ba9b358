"""An order-keeping process pool with a bounded window (constant memory)."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _run_chunk(func: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [func(item) for item in chunk]


def _init_worker(initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]) -> None:
    # Ctrl-C reaches the whole process group: only the parent handles it, so a
    # worker finishes its chunk and the parent decides what to keep.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


def map_ordered(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int = 1,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    chunksize: int = 8,
    window: int | None = None,
) -> Generator[R, None, None]:
    """``map(func, items)`` over ``jobs`` worker processes, in input order.

    At most ``window`` chunks are in flight, so a long input streams in
    constant memory.  ``initializer`` runs once per worker (load models there).
    With ``jobs=1`` everything runs in this process.

    Closing the iterator early (or an exception, Ctrl-C included) cancels the
    work not yet started and waits for the chunks being run, so no worker is
    killed halfway.
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if chunksize < 1:
        raise ValueError("chunksize must be at least 1")
    if jobs == 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(func, items)
        return
    window = window or jobs * 2
    it = iter(items)
    # fork is fast and shares what is loaded; it is unsafe once threads run.
    method = "spawn" if threading.active_count() > 1 else "fork"
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(initializer, initargs),
    )
    pending: deque[Future[list[R]]] = deque()
    try:
        while True:
            while len(pending) < window:
                chunk = list(islice(it, chunksize))
                if not chunk:
                    break
                pending.append(pool.submit(_run_chunk, func, chunk))
            if not pending:
                return
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
