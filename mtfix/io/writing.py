"""Writing documents atomically: a temporary file in the target's folder,
flushed and fsync'ed, then ``os.replace``.  A failure leaves the target as
it was and no temporary file behind.

``durable=False`` skips the fsyncs (the write is still atomic for readers and
against crashes of the process); :func:`make_durable` does them later.  Batch
workers write that way and the parent makes each output durable before the
manifest names it, so workers never wait on the disk.

Output is UTF-8 without a BOM, whatever the input's encoding was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

OUTPUT_ENCODING = "utf-8"


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` only if the block succeeds.

    A new file gets the usual permissions (0o666 less the umask); a replaced
    file keeps its mode.
    """
    target = Path(path)
    folder = target.parent
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        with contextlib.suppress(FileNotFoundError):
            shutil.copymode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    if durable:
        _fsync_folder(folder)


def make_durable(path: str | os.PathLike[str]) -> None:
    """Flush a written file, and its entry in its folder, to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    _fsync_folder(Path(path).parent)


def _fsync_folder(folder: Path) -> None:
    # Makes the rename durable; not possible on every platform.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, durable: bool = True) -> None:
    """Write text (as UTF-8) or bytes to ``path`` atomically."""
    payload = data.encode(OUTPUT_ENCODING) if isinstance(data, str) else data
    with atomic_writer(path, durable=durable) as stream:
        stream.write(payload)


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where ``--in-place`` keeps the original: ``NAME.bak`` beside it, or, when that is
    taken, ``NAME.bak.1``, ``NAME.bak.2``…: an earlier backup is never overwritten."""
    p = Path(path)
    backup = p.with_name(p.name + ".bak")
    n = 0
    while backup.exists() or backup.is_symlink():
        n += 1
        backup = p.with_name(f"{p.name}.bak.{n}")
    return backup


def replace_with_backup(path: str | os.PathLike[str], original: bytes, data: str | bytes) -> Path:
    """Keep ``original`` as ``path.bak`` (or the next free ``.bak.N``), then replace
    ``path``; both atomic.  Returns the backup's path.
    """
    backup = backup_path(path)
    write_atomic(backup, original)
    shutil.copymode(path, backup)
    write_atomic(path, data)
    return backup


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file (also when one does not exist yet)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()
