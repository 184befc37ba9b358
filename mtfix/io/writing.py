"""Writing documents atomically: a temporary file in the target's folder,
flushed and fsync'ed, then ``os.replace``.  A failure leaves the target as
it was and no temporary file behind.

``durable=False`` skips the fsyncs (the write is still atomic for readers and
against crashes of the process); :func:`make_durable` does them later.  Batch
workers write that way and the parent makes each output durable before the
manifest names it, so workers never wait on the disk.

Temporary files are named ``.NAME.mtfix-PID-XXXXXXXX.tmp``; a run removes
the ones a killed run left beside its outputs (:func:`remove_stale_temps`).

Output is UTF-8 without a BOM, whatever the input's encoding was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

OUTPUT_ENCODING = "utf-8"

#: mtfix's temporary files: ``.NAME.mtfix-PID-XXXXXXXX.tmp`` beside ``NAME``.
_TEMP = re.compile(r"\.(?P<name>.+)\.mtfix-(?P<pid>[0-9]+)-[0-9a-f]{8}\.tmp", re.DOTALL)
#: A temporary file this old is stale whatever its process (a write never takes a day).
STALE_AFTER_S = 24 * 3600


#: Errors that mean no write will succeed until space is freed.
_FULL = {
    errno.ENOSPC: "the disk is full",
    getattr(errno, "EDQUOT", -1): "the disk quota is used up",
}


def disk_full(exc: OSError) -> bool:
    """Whether a failed write means the disk (or the user's quota) is full."""
    return exc.errno in _FULL


def write_error(exc: OSError) -> str:
    """Why a write failed, for users: ``the disk is full (No space left on device)``."""
    why = exc.strerror or str(exc)
    return f"{_FULL[exc.errno]} ({why})" if disk_full(exc) else why


def temp_path(target: str | os.PathLike[str]) -> Path:
    """A fresh name for a temporary file beside ``target`` (see :func:`remove_stale_temps`)."""
    p = Path(target)
    return p.with_name(f".{p.name}.mtfix-{os.getpid()}-{secrets.token_hex(4)}.tmp")


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` only if the block succeeds.

    A new file gets the usual permissions (0o666 less the umask); a replaced
    file keeps its mode.
    """
    target = Path(path)
    folder = target.parent
    tmp = temp_path(target)
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


def remove_stale_temps(targets: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Remove the temporary files a killed run left for ``targets`` (or their backups).

    Only mtfix's own names count (``.NAME.mtfix-PID-XXXXXXXX.tmp`` for a
    target ``NAME``, ``NAME.bak`` or ``NAME.bak.N``), and only stale ones: their
    process is gone, started after the file was last written, or the file is a
    day old.  Returns what was removed; what cannot be removed is left.
    """
    by_folder: dict[Path, set[str]] = {}
    for target in targets:
        p = Path(target)
        by_folder.setdefault(p.parent, set()).add(p.name)
    removed: list[Path] = []
    for folder, names in by_folder.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            m = _TEMP.fullmatch(entry.name)
            if m is None or not (m["name"] in names or _owner(m["name"]) in names):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                if not _stale(int(m["pid"]), entry.stat(follow_symlinks=False).st_mtime):
                    continue
                os.unlink(entry.path)
            except OSError:
                continue
            removed.append(Path(entry.path))
    return removed


def _owner(name: str) -> str:
    """The target a temporary file was for: ``a.txt`` for ``a.txt`` and its backups."""
    return re.sub(r"\.bak(\.[0-9]+)?\Z", "", name)


def _stale(pid: int, mtime: float) -> bool:
    if time.time() - mtime > STALE_AFTER_S:
        return True
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        pass
    started = _process_start(pid)
    return started is not None and mtime < started - 1  # the pid was reused since


def _process_start(pid: int) -> float | None:
    """When process ``pid`` started (Linux ``/proc``), else ``None``."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        return boot + int(stat[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


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
    """Keep ``original`` as ``path.bak`` (or the next free ``.bak.N``), then rewrite
    ``path``.  Returns the backup's path.

    The backup is written (atomically, durably) beside ``path`` as named.  A
    symbolic link stays a link: the file it leads to is rewritten.  A file with
    several hard links keeps its inode (every name sees the repair): its bytes
    are rewritten in place, which is not atomic, so the backup is made first.
    Any other file is replaced atomically.
    """
    backup = backup_path(path)
    real = Path(os.path.realpath(path))
    write_atomic(backup, original)
    shutil.copymode(real, backup)
    try:
        if os.stat(real).st_nlink > 1:
            rewrite_in_place(real, data, original)
        else:
            write_atomic(real, data)
    except BaseException:
        with contextlib.suppress(OSError):
            if real.read_bytes() == original:  # unchanged: no backup needed
                backup.unlink()
        raise
    return backup


def rewrite_in_place(
    path: str | os.PathLike[str], data: str | bytes, original: bytes | None = None
) -> None:
    """Write ``data`` into the existing file ``path`` (same inode, links and mode), durably.

    The space is reserved first, so a full disk fails before the file changes;
    after any other failure ``original``, when given, is written back.
    """
    payload = data.encode(OUTPUT_ENCODING) if isinstance(data, str) else data
    fd = os.open(path, os.O_WRONLY)
    try:
        if len(payload) > os.fstat(fd).st_size and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(fd, 0, len(payload))
            except OSError as exc:
                if exc.errno not in (errno.EINVAL, errno.EOPNOTSUPP):
                    raise
        try:
            _write_all(fd, payload)
        except OSError:
            if original is not None:
                with contextlib.suppress(OSError):
                    _write_all(fd, original)
            raise
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, payload: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]
    os.ftruncate(fd, len(payload))


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file (also when one does not exist yet)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()
