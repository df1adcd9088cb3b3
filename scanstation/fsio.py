"""Durable file writes: temp → fsync → rename → fsync the directory.

A file that is not complete is never visible under its final name, so a kill -9 or a power cut at
any point leaves either the old file, the new file, or nothing — never half of one. A full disk
becomes ``DiskFullError`` and the temp file is removed.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import DiskFullError, StorageError
from .platform import pid_alive

TEMP_PREFIX = ".tmp-"


def fsync_dir(directory: Path) -> None:
    """Make a rename inside ``directory`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def private_dir(path: Path | str, *, tighten: bool = False) -> Path:
    """``mkdir -p`` whose new folders are 0700 whatever the umask (the station's folders hold
    personal data); ``tighten`` also sets an existing ``path`` itself to 0700 (the workspace
    home: nobody else may even list it). Existing parents are never changed."""
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # another process made it at the same moment
        folder.chmod(0o700)  # mkdir's mode is masked by the umask
    if tighten and not missing and path.is_dir():
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(0o700)
        except OSError:
            pass  # not ours to change (a shared mount): the files inside are still 0600
    if not path.is_dir():
        raise NotADirectoryError(str(path))
    return path


def _storage_error(exc: OSError, path: Path) -> StorageError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(path=str(path))
    return StorageError(path=str(path), detail=exc.strerror)


@contextmanager
def atomic_writer(path: Path | str, *, overwrite: bool = True) -> Iterator[BinaryIO]:
    """``with atomic_writer(p) as f: f.write(...)`` — ``p`` appears only once complete."""
    path = Path(path)
    private_dir(path.parent)
    # mkstemp creates the file 0600: what the station writes is readable by its user only
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(), suffix=path.suffix, dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if not overwrite and path.exists():
            tmp.unlink()
            return
        tmp.replace(path)
        fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _storage_error(exc, path) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path | str, data: bytes, *, overwrite: bool = True) -> Path:
    """Personal data (a scan, a frozen dossier) goes through ``vault.write_personal`` instead,
    which seals it when the workspace is encrypted and then writes it here."""
    with atomic_writer(path, overwrite=overwrite) as handle:
        handle.write(data)
    return Path(path)


def atomic_write_text(path: Path | str, text: str, *, overwrite: bool = True) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)


def atomic_write_with(path: Path | str, writer: Callable[[Path], None]) -> Path:
    """For libraries that want a path (Pillow, pikepdf): ``writer(tmp_path)`` then rename."""
    path = Path(path)
    private_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(), suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        tmp.replace(path)
        fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _storage_error(exc, path) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def atomic_copy(src: Path | str, dst: Path | str) -> Path:
    with open(src, "rb") as source, atomic_writer(dst) as target:
        shutil.copyfileobj(source, target, 1 << 20)
    return Path(dst)


def _temp_prefix() -> str:
    """Temp names carry the writer's pid, so a cleanup can tell a dead writer's leftovers from
    a file another thread or process is writing right now."""
    return f"{TEMP_PREFIX}{os.getpid()}-"


def _writer_alive(name: str) -> bool:
    pid_text = name[len(TEMP_PREFIX):].split("-", 1)[0]
    if not pid_text.isdigit():
        return False  # no pid in the name: an older or foreign temp
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    return pid_alive(pid)  # not a signal 0: on Windows os.kill terminates the process


def remove_stale_temps(directory: Path) -> int:
    """Delete temp files left by a killed writer; returns how many were removed.

    A temp whose writer is still running is kept: a second Workspace opened while a render is
    under way in another thread must not pull the file from under it.
    """
    removed = 0
    if not directory.exists():
        return 0
    for tmp in directory.rglob(f"{TEMP_PREFIX}*"):
        if _writer_alive(tmp.name):
            continue
        try:
            tmp.unlink()
            removed += 1
        except OSError:
            pass
    return removed
