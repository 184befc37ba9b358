"""mtfix's cache folder, and JSON tables built once and kept there."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """mtfix's cache folder (``MTFIX_CACHE_DIR``, else the user cache dir), created on demand."""
    override = os.environ.get("MTFIX_CACHE_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_cache_dir("mtfix"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cached_json(name: str, build: Callable[[], T]) -> T:
    """``build()``'s result, kept as JSON file ``name`` in the cache folder.

    A cache that cannot be read is rebuilt; one that cannot be written only
    costs the next run the build again.
    """
    try:
        path = cache_dir() / name
    except OSError:  # no cache folder: only slower
        return build()
    try:
        data: T = json.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        pass
    data = build()
    write_cache_file(path, json.dumps(data, ensure_ascii=False, sort_keys=True))
    return data


def write_cache_file(path: Path, content: str) -> None:
    """Write ``content`` atomically; a read-only cache is not an error, only slower."""
    from mtfix.io.writing import write_atomic

    with contextlib.suppress(OSError):
        write_atomic(path, content, durable=False)
