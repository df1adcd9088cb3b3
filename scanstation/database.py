"""SQLite in WAL mode, one connection per thread, writes serialised: the station's stores
(workspace index, dossiers) all open their database through here.

``synchronous=FULL`` makes a commit durable before it returns, so "committed" means it survives
a power cut, not just a kill -9. The stores hold personal data (ID numbers, names): a database
file is created 0600 whatever the umask (SQLite gives its -wal and -shm files the same mode).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import DiskFullError, StorageError


class Database:
    def __init__(self, path: Path | str, *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._local = threading.local()
        self._write_lock = threading.RLock()

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            create_private(self.path)  # its folder: the store made it 0700 (fsio.private_dir)
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None,
                                   check_same_thread=False)
            _enter_wal(conn)
            conn.execute("PRAGMA synchronous=FULL")
            # deleted personal data is overwritten, not left in free pages (retention, erasure)
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    def executescript(self, script: str) -> None:
        """Run a schema script (its own transaction; make it idempotent)."""
        with self._write_lock:
            self.connection().executescript(script)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (or ``ROLLBACK`` on any exception)."""
        with self._write_lock:
            db = self.connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            else:
                db.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _enter_wal(conn: sqlite3.Connection, patience: float = 30.0) -> None:
    """Switch the database to WAL once. SQLite answers "database is locked" at once, without
    waiting on its busy timeout, when two processes open a new database and both try to switch
    (the app and its helper processes starting on a fresh workspace): retry for a while."""
    deadline = time.monotonic() + patience
    delay = 0.01
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def create_private(path: Path) -> None:
    """Create ``path`` empty and 0600 if it does not exist (before SQLite creates it with the
    umask's mode); an existing file is tightened to 0600.

    An existing database is never opened here: closing any descriptor of a file drops every
    POSIX lock this process holds on it, so an open-and-close beside a live SQLite connection
    (another thread's) would break its locking ("disk I/O error", or worse)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:
            return  # created meanwhile, or unwritable: sqlite3.connect reports the real problem
        os.close(fd)  # a brand-new empty file: no connection holds a lock on it yet
        return
    except OSError:
        return
    if mode & 0o077:
        with suppress(OSError):
            path.chmod(0o600)


def storage_error_of(exc: sqlite3.Error, path: Path) -> StorageError:
    """The bilingual storage error for a SQLite failure on ``path`` (a full disk named as such)."""
    text = str(exc).lower()
    if "full" in text:
        return DiskFullError(path=str(path))
    if "i/o" in text:  # SQLite reports ENOSPC on some file systems (tmpfs) as an I/O error
        with suppress(OSError):
            if shutil.disk_usage(path.parent).free < (1 << 20):
                return DiskFullError(path=str(path))
    return StorageError(path=str(path), detail=str(exc))
