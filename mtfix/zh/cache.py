"""mtfix's cache folder, and JSON tables built once and kept there."""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

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
    """``build()``'s result, kept in the cache folder under ``name``.

    What comes back from the cache is what JSON gives back (keys sorted). It is
    stored with :mod:`marshal`, its strings interned: equal strings are one
    object, within a table and across tables (CC-CEDICT's names and glosses
    repeat the same words thousands of times), and it loads twice as fast.
    A cache that cannot be read is rebuilt; one that cannot be written only
    costs the next run the build again.
    """
    try:
        path = json_cache_path(name)
    except OSError:  # no cache folder: only slower
        return build()
    from mtfix.zh.tables import wait_for_background

    if not path.exists():
        wait_for_background(name)
    try:
        data: T = marshal.loads(path.read_bytes())
        return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = build()
    as_json = json.loads(json.dumps(data, ensure_ascii=False, sort_keys=True))
    write_cache_file(path, marshal.dumps(interned(as_json)))
    return data


def json_cache_path(name: str) -> Path:
    """Where :func:`cached_json` keeps ``name``."""
    python = "".join(map(str, sys.version_info[:2]))
    return cache_dir() / f"{name.removesuffix('.json')}.py{python}.marshal"


def interned(value: Any) -> Any:
    """``value`` (JSON-like: dicts, lists, tuples, sets, strings) with every string interned."""
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, dict):
        return {interned(k): interned(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(interned(v) for v in value)
    return value


def write_cache_file(path: Path, content: str | bytes) -> None:
    """Write ``content`` atomically; a read-only cache is not an error, only slower."""
    from mtfix.io.writing import write_atomic

    with contextlib.suppress(OSError):
        write_atomic(path, content, durable=False)
