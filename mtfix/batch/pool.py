"""An order-keeping process pool with a bounded window (constant memory)."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _run_chunk(func: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [func(item) for item in chunk]


def map_ordered(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int = 1,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    chunksize: int = 8,
    window: int | None = None,
) -> Iterator[R]:
    """``map(func, items)`` over ``jobs`` worker processes, in input order.

    At most ``window`` chunks are in flight, so a long input streams in
    constant memory.  ``initializer`` runs once per worker (load models there).
    With ``jobs=1`` everything runs in this process.
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if jobs == 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(func, items)
        return
    window = window or jobs * 4
    it = iter(items)
    ctx = multiprocessing.get_context("spawn" if _threads_started() else "fork")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=initializer, initargs=initargs
    ) as pool:
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
        except BaseException:
            for f in pending:
                f.cancel()
            raise


def _threads_started() -> bool:
    import threading

    return threading.active_count() > 1
