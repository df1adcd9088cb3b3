"""The outbox: a durable queue of frozen dossier versions waiting for the portal.

Storage (under the workspace, ``SCANSTATION_HOME``)::

    outbox.sqlite              items, frozen file lists, every attempt (SQLite, WAL, sync FULL)
    outbox/blobs/ab/ab12…ef    frozen file contents, named by sha256, read-only, never changed
    outbox/runners/<id>.lock   one flock-held file per live sender (lease liveness, see below)

States::

    queued ──claim──▶ sending ──receipt──▶ sent
      ▲                 │ ├──permanent refusal──▶ failed   (reason kept; ``retry`` re-queues)
      └──transient──────┘ └──too many failures──▶ held     (needs the officer)

Freezing: ``add_path`` copies every file of the dossier into the content-addressed store (temp →
fsync → rename, hashing while copying, so the name always matches the bytes), then inserts the item
and its file list in one transaction. The commit is the moment of freezing; later edits to the
source folder cannot change what is sent. A crash before the commit leaves only orphan blobs.

Idempotency: the key is the sha256 of the frozen version (manifest hash + every file's name, hash
and size), so the same version always carries the same key, and adding it twice gives one item.

Leases: a sender claims an item by moving it to ``sending`` with its runner id, inside
``BEGIN IMMEDIATE``, so two senders (processes or threads) never hold the same item. A runner keeps
an exclusive ``flock`` on its own lock file for as long as it lives; the kernel drops that lock when
the process dies (kill -9 included), so any other runner can tell at once that a lease is orphaned
— without waiting for a timeout. An orphaned ``sending`` item goes back to ``queued`` flagged
``needs_reconcile``: before it is sent again the portal is asked whether it already has it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import mimetypes
import os
import socket
import sqlite3
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DiskFullError, StorageError
from ..fsio import TEMP_PREFIX, fsync_dir
from ..paths import workspace_home
from .errors import OutboxInputError, OutboxStoreError

log = logging.getLogger("scanstation.outbox")

DB_NAME = "outbox.sqlite"
STORE_DIR = "outbox"
SCHEMA_VERSION = 1
KEY_PREFIX = "ss1-"
MANIFEST_NAME = "manifest.json"
SYNTH_SCHEMA = "scanstation.outbox/manifest-1"

STATES = ("queued", "sending", "sent", "failed", "held")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'held')),
    kind TEXT NOT NULL,
    source_name TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    manifest_synthesised INTEGER NOT NULL,
    dossier_code TEXT NOT NULL DEFAULT '',
    procedure_code TEXT NOT NULL DEFAULT '',
    procedure_name TEXT NOT NULL DEFAULT '',
    file_count INTEGER NOT NULL,
    total_size INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    needs_reconcile INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_since REAL,
    reason TEXT NOT NULL DEFAULT '',
    receipt_id TEXT,
    receipt_json TEXT,
    transport TEXT NOT NULL DEFAULT '',
    sent_at REAL,
    purged_at REAL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS items_due ON items(state, next_attempt_at);
CREATE TABLE IF NOT EXISTS item_files (
    item_id TEXT NOT NULL REFERENCES items(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    PRIMARY KEY (item_id, position)
);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    runner TEXT NOT NULL,
    action TEXT NOT NULL,
    transport TEXT NOT NULL,
    started REAL NOT NULL,
    duration_ms REAL NOT NULL,
    outcome TEXT NOT NULL,
    http_status INTEGER,
    retry_after REAL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS attempts_item ON attempts(item_id, id);
"""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def media_type_of(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


@dataclass(frozen=True)
class FrozenFile:
    """One file of a frozen dossier version, as stored in the outbox."""

    name: str  # relative POSIX path inside the dossier, NFC
    sha256: str
    size: int
    media_type: str
    path: Path  # the blob in the outbox store


@dataclass(frozen=True)
class OutboxItem:
    """A row of the queue (what ``status`` shows)."""

    id: str
    idempotency_key: str
    state: str
    kind: str
    source_name: str
    manifest_sha256: str
    manifest_synthesised: bool
    dossier_code: str
    procedure_code: str
    procedure_name: str
    file_count: int
    total_size: int
    attempts: int
    failures: int
    next_attempt_at: float
    needs_reconcile: bool
    lease_owner: str | None
    reason: str
    receipt_id: str | None
    receipt: dict[str, Any] | None
    transport: str
    sent_at: float | None
    created: float
    updated: float

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> OutboxItem:
        receipt = json.loads(row["receipt_json"]) if row["receipt_json"] else None
        return cls(
            id=row["id"],
            idempotency_key=row["idempotency_key"],
            state=row["state"],
            kind=row["kind"],
            source_name=row["source_name"],
            manifest_sha256=row["manifest_sha256"],
            manifest_synthesised=bool(row["manifest_synthesised"]),
            dossier_code=row["dossier_code"],
            procedure_code=row["procedure_code"],
            procedure_name=row["procedure_name"],
            file_count=row["file_count"],
            total_size=row["total_size"],
            attempts=row["attempts"],
            failures=row["failures"],
            next_attempt_at=row["next_attempt_at"],
            needs_reconcile=bool(row["needs_reconcile"]),
            lease_owner=row["lease_owner"],
            reason=row["reason"],
            receipt_id=row["receipt_id"],
            receipt=receipt,
            transport=row["transport"],
            sent_at=row["sent_at"],
            created=row["created"],
            updated=row["updated"],
        )

    def to_json(self) -> dict[str, Any]:
        """The ``outbox status --json`` object (no personal data beyond the source file name)."""
        return {
            "id": self.id,
            "state": self.state,
            "attempts": self.attempts,
            "receipt_id": self.receipt_id,
            "idempotency_key": self.idempotency_key,
            "kind": self.kind,
            "source": self.source_name,
            "dossier_code": self.dossier_code or None,
            "procedure_code": self.procedure_code or None,
            "files": self.file_count,
            "bytes": self.total_size,
            "reason": self.reason or None,
            "transport": self.transport or None,
            "needs_reconcile": self.needs_reconcile,
            "created": _iso(self.created),
            "updated": _iso(self.updated),
            "sent_at": _iso(self.sent_at) if self.sent_at else None,
            "next_attempt_at": (
                _iso(self.next_attempt_at) if self.state == "queued" else None
            ),
        }


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int(ts % 1 * 1000):03d}Z"


@dataclass(frozen=True)
class Parcel:
    """Everything a transport needs to deliver one frozen dossier version."""

    item_id: str
    idempotency_key: str
    kind: str
    source_name: str
    dossier_code: str
    procedure_code: str
    manifest: bytes
    files: tuple[FrozenFile, ...]

    @property
    def digest(self) -> str:
        """The content hash of the version (the idempotency key without its prefix)."""
        return self.idempotency_key.removeprefix(KEY_PREFIX)


@dataclass
class AddResult:
    item: OutboxItem
    created: bool  # False when this exact dossier version was already in the outbox


@dataclass(frozen=True)
class Counts:
    by_state: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, state: str) -> int:
        return self.by_state.get(state, 0)

    @property
    def pending(self) -> int:
        return self["queued"] + self["sending"]


# --- the content-addressed store -------------------------------------------------------------


class BlobStore:
    """Immutable files named by their sha256 (``blobs/ab/ab12…``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put_file(self, source: Path) -> tuple[str, int]:
        """Copy ``source`` in, hashing the bytes actually copied; returns (sha256, size)."""
        known = self._known(source)
        if known is not None:  # already frozen (re-adding a version): no copy, works on a full disk
            return known
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.root)
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while chunk := src.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            self._install(tmp, sha)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise _storage_error(exc, self.root) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return sha, size

    def _known(self, source: Path) -> tuple[str, int] | None:
        digest = hashlib.sha256()
        size = 0
        try:
            with open(source, "rb") as src:
                while chunk := src.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
        except OSError:
            return None
        sha = digest.hexdigest()
        path = self.path(sha)
        try:
            return (sha, size) if path.stat().st_size == size else None
        except OSError:
            return None

    def put_bytes(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        if self.path(sha).exists():
            return sha
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.root)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            self._install(tmp, sha)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise _storage_error(exc, self.root) from exc
        return sha

    def _install(self, tmp: Path, sha: str) -> None:
        final = self.path(sha)
        if final.exists():  # same bytes already frozen by an earlier version
            tmp.unlink()
            return
        final.parent.mkdir(exist_ok=True)
        tmp.chmod(0o444)  # frozen: nobody edits a blob in place by accident
        tmp.replace(final)
        fsync_dir(final.parent)

    def verify(self, sha256: str, size: int) -> bool:
        path = self.path(sha256)
        try:
            if path.stat().st_size != size:
                return False
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
        except OSError:
            return False
        return digest.hexdigest() == sha256

    def sweep_temps(self) -> None:
        for tmp in self.root.glob(f"{TEMP_PREFIX}*"):
            with suppress(OSError):
                tmp.unlink()


def _storage_error(exc: OSError, path: Path) -> StorageError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(path=str(path))
    return StorageError(path=str(path), detail=exc.strerror)


# --- runner liveness -------------------------------------------------------------------------


class RunnerLease:
    """Proof that a sender is alive: an exclusive flock on ``runners/<id>.lock``.

    The kernel releases the lock when the process dies, however it dies, so ``is_alive`` of
    another runner is a non-blocking lock attempt on its file.
    """

    def __init__(self, runners_dir: Path, label: str = "") -> None:
        from ..platform import lock_exclusive_nowait

        runners_dir.mkdir(parents=True, exist_ok=True)
        host = socket.gethostname().split(".")[0] or "host"
        self.id = f"{host}-{os.getpid()}-{label + '-' if label else ''}{uuid.uuid4().hex[:8]}"
        self.dir = runners_dir
        self.path = runners_dir / f"{self.id}.lock"
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        lock_exclusive_nowait(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            with suppress(OSError):
                self.path.unlink()
            os.close(self._fd)
            self._fd = -1

    @staticmethod
    def is_alive(runners_dir: Path, runner_id: str) -> bool:
        from ..platform import lock_exclusive_nowait

        path = runners_dir / f"{runner_id}.lock"
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            return False
        except OSError:
            return True  # cannot tell: assume alive rather than risk two senders
        try:
            lock_exclusive_nowait(fd)
        except BlockingIOError:
            return True
        except OSError:
            return True
        else:
            with suppress(OSError):
                path.unlink()  # the owner is gone; tidy its file while we hold the lock
            return False
        finally:
            os.close(fd)


# --- the queue -------------------------------------------------------------------------------


class Outbox:
    """The queue of one workspace. Safe to use from several processes and threads at once
    (open one ``Outbox`` per thread: SQLite connections are not shared)."""

    def __init__(self, home: Path | str | None = None) -> None:
        if home is None:
            home = workspace_home()
        self.home = Path(home)
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            self.store = BlobStore(self.home / STORE_DIR / "blobs")
        except OSError as exc:
            raise _storage_error(exc, self.home) from exc
        self.runners_dir = self.home / STORE_DIR / "runners"
        self.db_path = self.home / DB_NAME
        self._pending_attempts: list[tuple[Any, ...]] = []
        try:
            self._db = sqlite3.connect(
                self.db_path, timeout=60.0, isolation_level=None, check_same_thread=False
            )
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: once ``add`` has printed an id, not even a power cut may lose the item.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=60000")
            self._db.executescript(_SCHEMA)
            columns = {r[1] for r in self._db.execute("PRAGMA table_info(items)").fetchall()}
            if "purged_at" not in columns:  # outboxes created before retention existed
                self._db.execute("ALTER TABLE items ADD COLUMN purged_at REAL")
            self._db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)",
                (str(SCHEMA_VERSION),),
            )
        except sqlite3.Error as exc:
            raise _sqlite_error(exc, self.db_path) from exc

    # -- plumbing

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE``: take the write lock up front, so check-then-update is atomic."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _sqlite_error(exc, self.db_path) from exc
        try:
            yield self._db
        except sqlite3.Error as exc:  # e.g. SQLITE_FULL while growing the WAL
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise _sqlite_error(exc, self.db_path) from exc
        except BaseException:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise
        else:
            try:
                self._db.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise _sqlite_error(exc, self.db_path) from exc

    # -- freezing and enqueueing

    def add_path(self, path: Path | str) -> AddResult:
        """Freeze a built dossier folder or a PDF and enqueue it (one item)."""
        path = Path(path)
        name = _nfc(path.name)
        if not path.exists():
            raise OutboxInputError(name=name, reason="không tồn tại / does not exist")
        if path.is_dir():
            return self._add_folder(path)
        if path.is_file():
            return self._add_pdf(path)
        raise OutboxInputError(
            name=name, reason="không phải tệp hay thư mục / not a file or folder"
        )

    def _add_pdf(self, path: Path) -> AddResult:
        name = _nfc(path.name)
        try:
            with open(path, "rb") as handle:
                head = handle.read(1024)
        except OSError as exc:
            raise OutboxInputError(name=name, reason=exc.strerror or "I/O") from exc
        if b"%PDF-" not in head and path.suffix.lower() != ".pdf":
            raise OutboxInputError(
                name=name,
                reason="không phải PDF hay thư mục hồ sơ / not a PDF nor a dossier folder",
            )
        sha, size = self.store.put_file(path)
        files = [(name, sha, size, "application/pdf")]
        manifest = _synthesise_manifest(title=Path(name).stem, files=files)
        return self._enqueue("pdf", name, manifest, True, files)

    def _add_folder(self, folder: Path) -> AddResult:
        name = _nfc(folder.name)
        manifest_path = folder / MANIFEST_NAME
        members = sorted(
            (p for p in folder.rglob("*") if p.is_file() and _is_member(folder, p)),
            key=lambda p: p.relative_to(folder).as_posix(),
        )
        if not members:
            raise OutboxInputError(
                name=name, reason="thư mục không có tệp nào / the folder is empty"
            )
        files: list[tuple[str, str, int, str]] = []
        for member in members:
            rel = _nfc(member.relative_to(folder).as_posix())
            sha, size = self.store.put_file(member)
            files.append((rel, sha, size, media_type_of(rel)))
        if manifest_path.is_file():
            # Frozen as the exact bytes the dossier builder wrote (signed or hashed upstream).
            try:
                manifest = manifest_path.read_bytes()
                json.loads(manifest)
            except (OSError, ValueError) as exc:
                raise OutboxInputError(
                    name=name, reason="manifest.json không hợp lệ / manifest.json is not valid JSON"
                ) from exc
            synthesised = False
        else:
            manifest = _synthesise_manifest(title=name, files=files)
            synthesised = True
        return self._enqueue("dossier", name, manifest, synthesised, files)

    def _enqueue(
        self,
        kind: str,
        source_name: str,
        manifest: bytes,
        synthesised: bool,
        files: list[tuple[str, str, int, str]],
    ) -> AddResult:
        manifest_sha = self.store.put_bytes(manifest)
        key = idempotency_key(manifest_sha, files)
        item_id = "ob-" + key.removeprefix(KEY_PREFIX)[:16]
        info = _describe(manifest)
        now = time.time()
        with self._tx() as db:
            row = db.execute("SELECT * FROM items WHERE idempotency_key = ?", (key,)).fetchone()
            if row is not None:
                return AddResult(OutboxItem.from_row(row), created=False)
            db.execute(
                "INSERT INTO items (id, idempotency_key, state, kind, source_name, manifest_sha256,"
                " manifest_synthesised, dossier_code, procedure_code, procedure_name, file_count,"
                " total_size, next_attempt_at, created, updated)"
                " VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    item_id, key, kind, source_name, manifest_sha, int(synthesised),
                    info["dossier_code"], info["procedure_code"], info["procedure_name"],
                    len(files), sum(f[2] for f in files), now, now, now,
                ),
            )
            db.executemany(
                "INSERT INTO item_files (item_id, position, name, sha256, size, media_type)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(item_id, i, *f) for i, f in enumerate(files)],
            )
            row = db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
        log.info("outbox: queued %s (%d files)", item_id, len(files))
        return AddResult(OutboxItem.from_row(row), created=True)

    # -- reading

    def get(self, item_id: str) -> OutboxItem | None:
        row = self._db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
        return OutboxItem.from_row(row) if row else None

    def items(self, states: tuple[str, ...] | None = None) -> list[OutboxItem]:
        query = "SELECT * FROM items"
        args: tuple[Any, ...] = ()
        if states:
            query += f" WHERE state IN ({','.join('?' * len(states))})"
            args = states
        rows = self._db.execute(query + " ORDER BY created, rowid", args).fetchall()
        return [OutboxItem.from_row(r) for r in rows]

    def counts(self) -> Counts:
        rows = self._db.execute("SELECT state, COUNT(*) FROM items GROUP BY state").fetchall()
        return Counts({r[0]: r[1] for r in rows})

    def files(self, item_id: str) -> list[FrozenFile]:
        rows = self._db.execute(
            "SELECT name, sha256, size, media_type FROM item_files WHERE item_id = ?"
            " ORDER BY position",
            (item_id,),
        ).fetchall()
        return [
            FrozenFile(
                r["name"], r["sha256"], r["size"], r["media_type"], self.store.path(r["sha256"])
            )
            for r in rows
        ]

    def attempts(self, item_id: str) -> list[dict[str, Any]]:
        rows = self._db.execute(
            "SELECT * FROM attempts WHERE item_id = ? ORDER BY id", (item_id,)
        ).fetchall()
        return [dict(r) for r in rows]

    def parcel(self, item: OutboxItem, *, verify: bool = True) -> Parcel:
        """The frozen version of ``item``, checked against its hashes before it leaves."""
        files = self.files(item.id)
        manifest_path = self.store.path(item.manifest_sha256)
        try:
            manifest = manifest_path.read_bytes()
        except OSError as exc:
            raise OutboxStoreError(item=item.id, name=MANIFEST_NAME) from exc
        if hashlib.sha256(manifest).hexdigest() != item.manifest_sha256:
            raise OutboxStoreError(item=item.id, name=MANIFEST_NAME)
        if verify:
            for frozen in files:
                if not self.store.verify(frozen.sha256, frozen.size):
                    raise OutboxStoreError(item=item.id, name=frozen.name)
        return Parcel(
            item_id=item.id,
            idempotency_key=item.idempotency_key,
            kind=item.kind,
            source_name=item.source_name,
            dossier_code=item.dossier_code,
            procedure_code=item.procedure_code,
            manifest=manifest,
            files=tuple(files),
        )

    def next_due(self) -> float | None:
        row = self._db.execute(
            "SELECT MIN(next_attempt_at) FROM items WHERE state = 'queued'"
        ).fetchone()
        return row[0]

    # -- the sender's side

    def recover_orphans(self, is_alive: Callable[[str], bool] | None = None) -> int:
        """Put ``sending`` items whose runner is dead back in the queue, to be reconciled first."""
        alive = is_alive or (lambda owner: RunnerLease.is_alive(self.runners_dir, owner))
        owners = [
            r[0]
            for r in self._db.execute(
                "SELECT DISTINCT lease_owner FROM items WHERE state = 'sending'"
            ).fetchall()
        ]
        dead = [o for o in owners if o is None or not alive(o)]
        if not dead:
            return 0
        recovered = 0
        now = time.time()
        with self._tx() as db:
            for owner in dead:
                cur = db.execute(
                    "UPDATE items SET state = 'queued', needs_reconcile = 1, lease_owner = NULL,"
                    " lease_since = NULL, next_attempt_at = ?, updated = ?"
                    " WHERE state = 'sending' AND lease_owner IS ?",
                    (now, now, owner),
                )
                recovered += cur.rowcount
        if recovered:
            log.warning("outbox: %d item(s) left in 'sending' by a stopped sender; will reconcile",
                        recovered)
        return recovered

    def claim(self, runner_id: str, now: float | None = None) -> OutboxItem | None:
        """Take the next due item for ``runner_id`` (``queued`` → ``sending``), or None."""
        now = time.time() if now is None else now
        with self._tx() as db:
            row = db.execute(
                "SELECT id FROM items WHERE state = 'queued' AND next_attempt_at <= ?"
                " ORDER BY next_attempt_at, rowid LIMIT 1",
                (now,),
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE items SET state = 'sending', lease_owner = ?, lease_since = ?,"
                " attempts = attempts + 1, updated = ? WHERE id = ?",
                (runner_id, now, now, row["id"]),
            )
            row = db.execute("SELECT * FROM items WHERE id = ?", (row["id"],)).fetchone()
        return OutboxItem.from_row(row)

    def _finish(self, item_id: str, runner_id: str, sets: str, args: tuple[Any, ...]) -> bool:
        now = time.time()
        with self._tx() as db:
            self._flush_attempts(db)  # the attempt and its outcome commit together (one fsync)
            cur = db.execute(
                f"UPDATE items SET {sets}, lease_owner = NULL, lease_since = NULL, updated = ?"
                " WHERE id = ? AND state = 'sending' AND lease_owner = ?",
                (*args, now, item_id, runner_id),
            )
            return cur.rowcount == 1

    def mark_sent(self, item_id: str, runner_id: str, receipt: dict[str, Any]) -> bool:
        return self._finish(
            item_id,
            runner_id,
            "state = 'sent', receipt_id = ?, receipt_json = ?, transport = ?, sent_at = ?,"
            " needs_reconcile = 0, reason = ''",
            (
                receipt["receipt_id"],
                json.dumps(receipt, ensure_ascii=False, sort_keys=True),
                receipt.get("transport", ""),
                receipt.get("received_at_ts", time.time()),
            ),
        )

    def mark_retry(
        self,
        item_id: str,
        runner_id: str,
        *,
        next_attempt_at: float,
        reason: str,
        reconcile: bool,
        count_failure: bool,
    ) -> bool:
        return self._finish(
            item_id,
            runner_id,
            "state = 'queued', next_attempt_at = ?, reason = ?,"
            " needs_reconcile = MAX(needs_reconcile, ?), failures = failures + ?",
            (next_attempt_at, reason, int(reconcile), int(count_failure)),
        )

    def mark_failed(self, item_id: str, runner_id: str, reason: str) -> bool:
        return self._finish(item_id, runner_id, "state = 'failed', reason = ?", (reason,))

    def mark_held(self, item_id: str, runner_id: str, reason: str, *, reconcile: bool) -> bool:
        return self._finish(
            item_id,
            runner_id,
            "state = 'held', reason = ?, needs_reconcile = MAX(needs_reconcile, ?)",
            (reason, int(reconcile)),
        )

    def release(self, item_id: str, runner_id: str) -> bool:
        """Give an item back untouched (the sender is stopping before it sent anything)."""
        return self._finish(
            item_id, runner_id, "state = 'queued', attempts = MAX(attempts - 1, 0)", ()
        )

    def log_attempt(
        self,
        item_id: str,
        attempt: int,
        runner_id: str,
        action: str,
        transport: str,
        started: float,
        duration_ms: float,
        outcome: str,
        *,
        http_status: int | None = None,
        retry_after: float | None = None,
        detail: str = "",
        defer: bool = False,
    ) -> None:
        """Record one attempt; ``detail`` is a status line or error class, never personal data.

        ``defer``: write it in the same transaction as the next ``mark_*`` of this connection.
        """
        self._pending_attempts.append(
            (item_id, attempt, runner_id, action, transport, started, duration_ms, outcome,
             http_status, retry_after, detail[:300])
        )
        if not defer:
            with self._tx() as db:
                self._flush_attempts(db)

    def _flush_attempts(self, db: sqlite3.Connection) -> None:
        if self._pending_attempts:
            db.executemany(
                "INSERT INTO attempts (item_id, attempt, runner, action, transport, started,"
                " duration_ms, outcome, http_status, retry_after, detail)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._pending_attempts,
            )
            self._pending_attempts = []

    # -- retention

    def purge_sent(self, older_than_s: float, now: float | None = None) -> tuple[int, int]:
        """Delete the frozen copies of dossiers sent more than ``older_than_s`` ago.

        ID-card images are sensitive personal data (Decree 356/2025): once the portal has the
        dossier and the retention period has passed, the station keeps only the receipt.
        Returns (items purged, blobs deleted). A blob still used by an unpurged item stays.
        """
        now = time.time() if now is None else now
        with self._tx() as db:
            cur = db.execute(
                "UPDATE items SET purged_at = ? WHERE state = 'sent' AND purged_at IS NULL"
                " AND sent_at < ?",
                (now, now - older_than_s),
            )
            purged = cur.rowcount
            live = {
                r[0]
                for r in db.execute(
                    "SELECT f.sha256 FROM item_files f JOIN items i ON i.id = f.item_id"
                    " WHERE i.purged_at IS NULL"
                    " UNION SELECT manifest_sha256 FROM items WHERE purged_at IS NULL"
                ).fetchall()
            }
            dead = {
                r[0]
                for r in db.execute(
                    "SELECT f.sha256 FROM item_files f JOIN items i ON i.id = f.item_id"
                    " WHERE i.purged_at IS NOT NULL"
                    " UNION SELECT manifest_sha256 FROM items WHERE purged_at IS NOT NULL"
                ).fetchall()
            } - live
        removed = 0
        for sha in dead:
            path = self.store.path(sha)
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise _storage_error(exc, path) from exc
        if purged:
            log.info("outbox: purged the frozen copies of %d sent item(s)", purged)
        return purged, removed

    # -- the officer's side

    def retry(self, item_id: str) -> bool:
        """Put a ``failed`` or ``held`` item back in the queue (the officer fixed the cause)."""
        now = time.time()
        with self._tx() as db:
            cur = db.execute(
                "UPDATE items SET state = 'queued', failures = 0, next_attempt_at = ?, updated = ?"
                " WHERE id = ? AND state IN ('failed', 'held')",
                (now, now, item_id),
            )
            return cur.rowcount == 1


def _sqlite_error(exc: sqlite3.Error, path: Path) -> StorageError:
    text = str(exc).lower()
    if "full" in text:
        return DiskFullError(path=str(path))
    if "i/o" in text:  # SQLite reports ENOSPC on some file systems (tmpfs) as an I/O error
        import shutil

        with suppress(OSError):
            if shutil.disk_usage(path.parent).free < (1 << 20):
                return DiskFullError(path=str(path))
    return StorageError(path=str(path), detail=str(exc))


def _is_member(folder: Path, path: Path) -> bool:
    """Files that belong to the dossier: not the manifest itself, not hidden or temp files."""
    rel = path.relative_to(folder)
    if rel.as_posix() == MANIFEST_NAME:
        return False
    return not any(part.startswith(".") for part in rel.parts)


def idempotency_key(manifest_sha256: str, files: list[tuple[str, str, int, str]]) -> str:
    """Stable per dossier version: the same frozen bytes always give the same key."""
    canonical = json.dumps(
        {"v": 1, "manifest": manifest_sha256, "files": [[n, s, z] for n, s, z, _ in files]},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    return KEY_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _synthesise_manifest(title: str, files: list[tuple[str, str, int, str]]) -> bytes:
    """A manifest for a folder without one, or a single PDF: names, hashes, sizes."""
    manifest = {
        "schema": SYNTH_SCHEMA,
        "synthesised": True,
        "title": _nfc(title),
        "files": [
            {"name": n, "sha256": s, "size": z, "media_type": m} for n, s, z, m in files
        ],
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _describe(manifest: bytes) -> dict[str, str]:
    """Dossier code and procedure from a builder's manifest (several spellings accepted)."""
    out = {"dossier_code": "", "procedure_code": "", "procedure_name": ""}
    try:
        data = json.loads(manifest)
    except ValueError:
        return out
    if not isinstance(data, dict):
        return out
    scopes = [data] + [data[k] for k in ("dossier", "ho_so") if isinstance(data.get(k), dict)]
    proc = data.get("procedure")
    if isinstance(proc, dict):
        scopes.append({f"procedure_{k}": v for k, v in proc.items()})

    def pick(*keys: str) -> str:
        for scope in scopes:
            for key in keys:
                value = scope.get(key)
                if isinstance(value, str | int) and str(value).strip():
                    return _nfc(str(value).strip())
        return ""

    # "dossier_id" is what scanstation.dossier's builder writes (the id is the dossier code).
    out["dossier_code"] = pick("dossier_code", "dossier_id", "code", "ma_ho_so")
    out["procedure_code"] = pick("procedure_code", "ma_thu_tuc", "ma_tthc")
    if not out["procedure_code"] and isinstance(proc, str):
        out["procedure_code"] = _nfc(proc)
    out["procedure_name"] = pick("procedure_name", "procedure_title", "ten_thu_tuc")
    return out
