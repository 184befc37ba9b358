"""A resumable run's manifest: which inputs are done, keyed by content and config."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

#: The manifest's name inside an output folder.
MANIFEST_NAME = ".mtfix-manifest.jsonl"


def content_key(data: bytes, source: bytes | None, signature: str) -> str:
    """The key of one unit of work: its bytes, its source's bytes, and the config."""
    h = hashlib.sha256()
    for part in (data, source if source is not None else b"\x00none", signature.encode()):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


class Manifest:
    """An append-only JSON Lines log of finished work.

    A line is written (and flushed) only after the output it names
    was written atomically, so an interrupted run never records unfinished
    work, and a torn last line is ignored on reading.  A record counts as done
    while its output exists with the size that was recorded.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        #: ``(key, output)`` → the record; ``output`` is ``""`` for none.
        self._done: dict[tuple[str, str], dict[str, Any]] = {}
        #: output → its last record (what the output now holds).
        self._last: dict[str, dict[str, Any]] = {}
        self._fd: int | None = None
        if self.path.exists():
            with self.path.open("rb") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        continue  # a line torn by an interruption
                    if isinstance(rec, dict) and isinstance(rec.get("key"), str):
                        self._remember(rec)

    def is_done(self, key: str, output: str | os.PathLike[str] | None = None) -> bool:
        """Whether ``key`` was finished (into ``output``, when given) and its output is intact."""
        if output is not None:
            rec = self._done.get((key, str(output)))
            return rec is not None and _intact(rec)
        return any(k == key and _intact(rec) for (k, _), rec in self._done.items())

    def finished(self, output: str | os.PathLike[str]) -> str | None:
        """The key of the work ``output`` last recorded, if the output is intact."""
        rec = self._last.get(str(output))
        return rec["key"] if rec is not None and _intact(rec) else None

    def _remember(self, rec: dict[str, Any]) -> None:
        out = str(rec.get("output") or "")
        self._done[(rec["key"], out)] = rec
        if out:
            self._last[out] = rec

    def record(self, key: str, output: str | os.PathLike[str] | None = None, **fields: Any) -> None:
        """Append a finished unit; call it after its output is safely written.

        The line is written whole or not at all: a failed write (a full disk)
        is cut off again and raises :class:`OSError`.
        """
        out = "" if output is None else str(output)
        rec: dict[str, Any] = {"key": key, "output": out or None, **fields}
        if out and "bytes" not in rec:
            with contextlib.suppress(OSError):
                rec["bytes"] = Path(out).stat().st_size
        line = _json_line(rec)
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            if os.fstat(self._fd).st_size and not _ends_with_newline(self.path):
                line = b"\n" + line  # after a torn line, start afresh
        # Written, not fsync'ed: a killed process loses nothing; after a power
        # cut, lines not yet on disk only mean that work is redone.
        start = os.fstat(self._fd).st_size
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, start)
            raise
        self._remember(rec)

    def records(self) -> list[dict[str, Any]]:
        return list(self._done.values())

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._done)


def _json_line(rec: dict[str, Any]) -> bytes:
    """One JSON line, UTF-8.  A file name that is not valid UTF-8 (Python keeps its
    bytes as lone surrogates) is written as ``\\udcXX`` escapes, which read back
    as the same name."""
    text = json.dumps(rec, ensure_ascii=False)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(rec).encode("ascii") + b"\n"


def _intact(rec: dict[str, Any]) -> bool:
    out = rec.get("output")
    if not out:
        return True
    try:
        size = Path(out).stat().st_size
    except OSError:
        return False
    expected = rec.get("bytes")
    return expected is None or expected == size


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) == b"\n"


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
