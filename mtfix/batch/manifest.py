"""A resumable run's manifest: which inputs are done, keyed by content and config."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def content_key(data: bytes, source: bytes | None, signature: str) -> str:
    """The key of one unit of work: its bytes, its source's bytes, and the config."""
    h = hashlib.sha256()
    for part in (data, source or b"", signature.encode()):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


@dataclass
class Manifest:
    """An append-only JSON Lines log of finished work.

    A line is written (and flushed to disk) only after the output it names
    was written atomically, so an interrupted run never records unfinished
    work, and a torn last line is ignored on reading.
    """

    path: Path

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        self._done: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            with self.path.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a line torn by an interruption
                    if isinstance(rec, dict) and "key" in rec:
                        self._done[rec["key"]] = rec

    def is_done(self, key: str) -> bool:
        rec = self._done.get(key)
        if rec is None:
            return False
        out = rec.get("output")
        return out is None or Path(out).exists()

    def record(self, key: str, **fields: Any) -> None:
        rec = {"key": key, **fields}
        self._done[key] = rec
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def __len__(self) -> int:
        return len(self._done)
