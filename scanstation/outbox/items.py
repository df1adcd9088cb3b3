"""What the outbox holds: a queued item, its frozen files, the parcel a transport delivers, and
how a version is frozen (idempotency key, synthesised manifest, dossier description).

Pure data and pure functions: no database, no files written (see ``queue.py`` for the state
machine, ``blobs.py`` for the content-addressed store)."""

from __future__ import annotations

import io
import json
import mimetypes
import sqlite3
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

KEY_PREFIX = "ss1-"
MANIFEST_NAME = "manifest.json"
SYNTH_SCHEMA = "scanstation.outbox/manifest-1"

# The queue's tables (queue.py creates them; the rows below read them).
SCHEMA = """
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


def nfc(text: str) -> str:
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
    path: Path  # the blob in the outbox store (sealed when the workspace is encrypted)

    def open(self) -> BinaryIO:
        """The file's plain bytes for a transport: the blob itself, or its decrypted copy in
        memory when encryption at rest sealed it (``vault.py``)."""
        from ..vault import MAGIC as SEALED_MAGIC
        from ..vault import read_personal

        with open(self.path, "rb") as probe:
            sealed = probe.read(len(SEALED_MAGIC)) == SEALED_MAGIC
        if not sealed:
            return open(self.path, "rb")  # the transport closes it

        return io.BytesIO(read_personal(self.path))


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
