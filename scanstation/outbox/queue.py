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
``BEGIN IMMEDIATE``, so two senders (processes or threads) never hold the same item; an orphaned
``sending`` item (its runner's flock is gone, see ``lease.py``) goes back to ``queued`` flagged
``needs_reconcile``: before it is sent again the portal is asked whether it already has it.

Modules: ``items.py`` (rows, parcels), ``freezing.py`` (copying a version in, its key and
manifest), ``blobs.py`` (the content-addressed store), ``lease.py`` (runner liveness), this file
(the state machine); SQLite is opened through ``scanstation.database``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..database import Database, storage_error_of
from ..fsio import private_dir
from ..paths import workspace_home
from ..vault import open_text, prepare, seal_text
from .blobs import BlobStore, storage_error
from .clash import check_code_clash
from .errors import OutboxStoreError
from .freezing import describe_manifest, freeze_path, idempotency_key
from .items import (
    KEY_PREFIX,
    MANIFEST_NAME,
    SCHEMA,
    AddResult,
    Counts,
    FrozenFile,
    OutboxItem,
    Parcel,
)
from .lease import RunnerLease

__all__ = ["AddResult", "Counts", "FrozenFile", "Outbox", "OutboxItem", "Parcel", "RunnerLease"]

log = logging.getLogger("scanstation.outbox")

DB_NAME = "outbox.sqlite"
STORE_DIR = "outbox"
SCHEMA_VERSION = 1

STATES = ("queued", "sending", "sent", "failed", "held")




class Outbox:
    """The queue of one workspace. Safe to use from several processes and threads at once
    (open one ``Outbox`` per thread: SQLite connections are not shared)."""

    def __init__(self, home: Path | str | None = None) -> None:
        if home is None:
            home = workspace_home()
        self.home = Path(home)
        try:
            private_dir(self.home, tighten=True)
            prepare(self.home)  # encryption at rest, if turned on (vault.py)
            self.store = BlobStore(self.home / STORE_DIR / "blobs")
        except OSError as exc:
            raise storage_error(exc, self.home) from exc
        self.runners_dir = self.home / STORE_DIR / "runners"
        self.db_path = self.home / DB_NAME
        self._pending_attempts: list[tuple[Any, ...]] = []
        # database.py: WAL (with the retry when two processes switch a new file at once),
        # synchronous=FULL (once ``add`` has printed an id, not even a power cut may lose the
        # item), a private 0600 file.
        self._database = Database(self.db_path, timeout=60.0)
        try:
            self._db = self._database.connection()
            self._db.executescript(SCHEMA)
            columns = {r[1] for r in self._db.execute("PRAGMA table_info(items)").fetchall()}
            if "purged_at" not in columns:  # outboxes created before retention existed
                self._db.execute("ALTER TABLE items ADD COLUMN purged_at REAL")
            self._db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)",
                (str(SCHEMA_VERSION),),
            )
        except sqlite3.Error as exc:
            raise storage_error_of(exc, self.db_path) from exc

    # -- plumbing

    def close(self) -> None:
        self._database.close()

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
            raise storage_error_of(exc, self.db_path) from exc
        try:
            yield self._db
        except sqlite3.Error as exc:  # e.g. SQLITE_FULL while growing the WAL
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise storage_error_of(exc, self.db_path) from exc
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
                raise storage_error_of(exc, self.db_path) from exc

    # -- freezing and enqueueing

    def add_path(self, path: Path | str) -> AddResult:
        """Freeze a built dossier folder or a PDF and enqueue it (one item)."""
        version = freeze_path(self.store, Path(path))
        return self._enqueue(version.kind, version.source_name, version.manifest,
                             version.synthesised, version.files)

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
        info = describe_manifest(manifest)
        now = time.time()
        with self._tx() as db:
            row = db.execute("SELECT * FROM items WHERE idempotency_key = ?", (key,)).fetchone()
            if row is not None:
                return AddResult(self._item(row), created=False)
            check_code_clash(db, info["dossier_code"], manifest, manifest_sha,
                             self.store.read)
            db.execute(
                "INSERT INTO items (id, idempotency_key, state, kind, source_name, manifest_sha256,"
                " manifest_synthesised, dossier_code, procedure_code, procedure_name, file_count,"
                " total_size, next_attempt_at, created, updated)"
                " VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    # a file or folder name may name the person: sealed when encrypted
                    item_id, key, kind, seal_text(self.home, source_name), manifest_sha,
                    int(synthesised),
                    info["dossier_code"], info["procedure_code"], info["procedure_name"],
                    len(files), sum(f[2] for f in files), now, now, now,
                ),
            )
            db.executemany(
                "INSERT INTO item_files (item_id, position, name, sha256, size, media_type)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(item_id, i, seal_text(self.home, f[0]), *f[1:]) for i, f in enumerate(files)],
            )
            row = db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
        log.info("outbox: queued %s (%d files)", item_id, len(files))
        return AddResult(self._item(row), created=True)

    # -- reading

    def _item(self, row: sqlite3.Row) -> OutboxItem:
        item = OutboxItem.from_row(row)
        return replace(item, source_name=open_text(self.home, item.source_name))

    def get(self, item_id: str) -> OutboxItem | None:
        row = self._db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
        return self._item(row) if row else None

    def items(self, states: tuple[str, ...] | None = None) -> list[OutboxItem]:
        query = "SELECT * FROM items"
        args: tuple[Any, ...] = ()
        if states:
            query += f" WHERE state IN ({','.join('?' * len(states))})"
            args = states
        rows = self._db.execute(query + " ORDER BY created, rowid", args).fetchall()
        return [self._item(r) for r in rows]

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
                open_text(self.home, r["name"]), r["sha256"], r["size"], r["media_type"],
                self.store.path(r["sha256"]),
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
        try:
            manifest = self.store.read(item.manifest_sha256)
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
        return self._item(row)

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
        removed = self._drop_dead_blobs()
        if purged:
            log.info("outbox: purged the frozen copies of %d sent item(s)", purged)
        return purged, removed

    def purge_items(self, item_ids: list[str]) -> tuple[int, int]:
        """Delete the frozen copies of these items now, whatever their state (a data subject's
        erasure, or a purged dossier). An unsent item can no longer be sent: it is ``failed``
        with the reason. Its row keeps the receipt and the hashes."""
        now = time.time()
        purged = 0
        with self._tx() as db:
            for item_id in item_ids:
                cur = db.execute(
                    "UPDATE items SET purged_at = ?, updated = ?,"
                    " state = CASE WHEN state = 'sent' THEN 'sent' ELSE 'failed' END,"
                    " reason = CASE WHEN state = 'sent' THEN reason"
                    " ELSE 'erased on request (personal data)' END,"
                    " lease_owner = NULL WHERE id = ? AND purged_at IS NULL",
                    (now, now, item_id),
                )
                purged += cur.rowcount
        return purged, self._drop_dead_blobs()

    def purged_ids(self) -> set[str]:
        rows = self._db.execute("SELECT id FROM items WHERE purged_at IS NOT NULL").fetchall()
        return {r[0] for r in rows}

    def _drop_dead_blobs(self) -> int:
        """Unlink every blob used only by purged items."""
        db = self._db
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
        return self.store.remove(dead)

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
