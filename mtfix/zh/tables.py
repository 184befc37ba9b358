"""Big word tables kept on disk and read a few entries at a time.

jieba's prefix dictionary (510,000 keys), its part-of-speech tags and word counts, and
CC-CEDICT's names take seconds to load whole, but one article needs the entries of a
few hundred characters.  A table is one file in mtfix's cache folder: a header, the
offsets of 65,536 buckets, and each bucket a marshal'd dict.  A key's bucket is a hash
of its first two characters, so every key a text can look up (a substring of it) lies
in the bucket of one of its characters or character pairs: :meth:`Table.load_for`
reads those buckets (memory-mapped) and nothing else.
"""

from __future__ import annotations

import logging
import marshal
import mmap
import struct
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Buckets per table (a power of two): about 8 keys each for jieba's prefix dictionary.
BUCKETS = 1 << 16
_MAGIC = b"MTFXTAB1"
_HEAD = struct.Struct("<8sQ")
_OFFSETS = struct.Struct("<QQ")


def bucket_of(key: str) -> int:
    """The bucket of ``key``: a stable hash of its first two characters."""
    return zlib.crc32(key[:2].encode("utf-8", "surrogatepass")) & (BUCKETS - 1)


def text_buckets(text: str) -> set[int]:
    """The buckets holding every key that is a substring of ``text``."""
    prefixes = set(text)
    prefixes.update(text[i : i + 2] for i in range(len(text) - 1))
    return {bucket_of(p) for p in prefixes}


def dump_table(table: dict[str, Any], meta: Any = None) -> bytes:
    """``table`` (and ``meta``, anything marshal keeps) as a table file's bytes."""
    buckets: list[dict[str, Any]] = [{} for _ in range(BUCKETS)]
    of_prefix: dict[str, dict[str, Any]] = {}
    intern = sys.intern
    for key, value in table.items():
        bucket = of_prefix.get(key[:2])
        if bucket is None:
            bucket = of_prefix[key[:2]] = buckets[bucket_of(key)]
        bucket[key] = intern(value) if type(value) is str else value
    blobs = [marshal.dumps(b) if b else b"" for b in buckets]
    header = marshal.dumps(meta)
    offsets, pos = [], 0
    for blob in blobs:
        offsets.append(pos)
        pos += len(blob)
    offsets.append(pos)
    return b"".join(
        [
            _HEAD.pack(_MAGIC, len(header)),
            header,
            struct.pack(f"<{BUCKETS + 1}Q", *offsets),
            *blobs,
        ]
    )


class Table:
    """A table file's buckets, read on demand (from a memory map, or bytes)."""

    def __init__(self, data: bytes | mmap.mmap, path: Path | None = None) -> None:
        #: The file the table was read from (None: built in memory).
        self.path = path
        magic, header_len = _HEAD.unpack_from(data, 0)
        if magic != _MAGIC:
            raise ValueError("not an mtfix table")
        start = _HEAD.size
        self.meta: Any = marshal.loads(data[start : start + header_len])
        self._offsets = start + header_len
        self._data_start = self._offsets + 8 * (BUCKETS + 1)
        if len(data) < self._data_start:
            raise ValueError("a truncated mtfix table")
        end = _OFFSETS.unpack_from(data, self._offsets + 8 * BUCKETS)[0]
        if len(data) != self._data_start + end:
            raise ValueError("a truncated mtfix table")
        self._data = data
        self._loaded: dict[str, Any] = {}
        self._done: set[int] = set()

    @classmethod
    def open(cls, path: Path) -> Table:
        with path.open("rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return cls(data, path)

    def bucket(self, index: int) -> dict[str, Any]:
        """One bucket's entries."""
        a, b = _OFFSETS.unpack_from(self._data, self._offsets + 8 * index)
        if a == b:
            return {}
        found: dict[str, Any] = marshal.loads(
            self._data[self._data_start + a : self._data_start + b]
        )
        return found

    def load_into(self, target: dict[str, Any], buckets: Iterable[int]) -> None:
        """Add these buckets' entries to ``target``."""
        for index in buckets:
            target.update(self.bucket(index))

    def get(self, key: str, default: Any = None) -> Any:
        """``key``'s value (its bucket is read once and kept)."""
        index = bucket_of(key)
        if index not in self._done:
            self.load_into(self._loaded, (index,))
            self._done.add(index)
        return self._loaded.get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _MISSING) is not _MISSING

    def __getitem__(self, key: str) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def items(self) -> Iterable[tuple[str, Any]]:
        """Every entry (reads the whole table)."""
        for index in range(BUCKETS):
            yield from self.bucket(index).items()


_MISSING = object()

#: Tables a background process is building (:mod:`mtfix.zh.prebuild`), by name.
BACKGROUND: dict[str, Any] = {}
#: How long to wait for it (seconds) before building a table here.
_BACKGROUND_WAIT = 300


def wait_for_background(name: str) -> None:
    """Wait for the background process building ``name``, if one is."""
    process = BACKGROUND.pop(name, None)
    if process is not None:
        try:
            process.wait(_BACKGROUND_WAIT)
        except Exception:  # it may still finish; this process builds its own
            log.debug("not waiting longer for the background build of %s", name)


def table_path(name: str) -> Path:
    """Where the table ``name`` is kept (marshal's format depends on Python's version)."""
    from mtfix.zh.cache import cache_dir

    return cache_dir() / f"{name}.py{sys.version_info[0]}{sys.version_info[1]}.table"


def cached_table(name: str, build: Callable[[], tuple[dict[str, Any], Any]]) -> Table:
    """The table ``name`` in the cache folder, built by ``build()`` (the entries and a meta
    value) when it is missing or unreadable.  Without a writable cache it is built in memory."""
    from mtfix.zh.cache import write_cache_file

    path: Path | None
    try:
        path = table_path(name)
    except OSError:
        path = None
    if path is not None and not path.exists():
        wait_for_background(name)
    if path is not None and path.exists():
        try:
            return Table.open(path)
        except (OSError, ValueError, EOFError, TypeError, struct.error):
            log.debug("rebuilding the broken table %s", path)
    table, meta = build()
    data = dump_table(table, meta)
    if path is not None:
        write_cache_file(path, data)
        if path.exists():
            return Table.open(path)
    return Table(data)
