"""Turning encryption at rest on for a workspace that already holds data
(``scanstation privacy encrypt``).

``vault.py`` seals what is written from the moment ``SCANSTATION_ENCRYPT=1`` is set; what was
written before stays plain (readers pass it through). ``seal_existing`` turns encryption on and
seals it all: the originals, the cached renders, the outbox's frozen copies, the app's built
folders, the hot folder's state, the dossier documents and the scans' file names. Then the
databases are ``VACUUM``ed and their WAL truncated (as the retention purge does), so the plain
rows do not survive in free pages. Running it twice changes nothing the second time.

A plain file replaced by its sealed copy is unlinked, not overwritten: on a journaling or
copy-on-write file system (or an SSD) its old blocks may survive until reused. A station that
must be sure turns encryption on before the first dossier (or on an encrypted disk).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fsio, vault
from .database import Database
from .errors import VaultConfigError

log = logging.getLogger("scanstation.vault")

# folders of personal files, relative to the workspace home
SEALED_FOLDERS = ("originals", "cache/renders", "outbox/blobs", "built")
SEALED_FILES = ("capture/hotfolder.json",)
# (database, table, column) whose values are sealed by the stores' row codecs
SEALED_COLUMNS = (
    ("dossiers.sqlite", "dossiers", "data"),  # the dossier document (the applicant)
    ("index.sqlite", "originals", "name"),  # a scan's file name
    ("outbox.sqlite", "items", "source_name"),  # the queued folder's or PDF's name
    ("outbox.sqlite", "item_files", "name"),
)


@dataclass
class SealReport:
    files: int = 0
    rows: int = 0
    already: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"files_sealed": self.files, "rows_sealed": self.rows,
                "already_sealed": self.already}


def seal_existing(home: Path) -> tuple[vault.Vault, SealReport]:
    """Turn encryption on for ``home`` (key source from the environment, see ``vault.py``)
    and seal everything personal it already holds."""
    if vault.encrypt_setting() is False:
        raise VaultConfigError(reason_vi=f"{vault.ENCRYPT_ENV}=0 đang tắt mã hóa",
                               reason_en=f"{vault.ENCRYPT_ENV}=0 turns encryption off")
    fsio.private_dir(home, tighten=True)
    box = vault.vault_for(home, enable=True)
    assert box is not None
    report = SealReport()
    for folder in SEALED_FOLDERS:
        root = home / folder
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.name.startswith(fsio.TEMP_PREFIX):
                    _seal_file(box, path, report)
    for name in SEALED_FILES:
        if (home / name).is_file():
            _seal_file(box, home / name, report)
    for db_name, table, column in SEALED_COLUMNS:
        report.rows += _seal_column(box, home / db_name, table, column)
    log.info("encryption at rest on: %d file(s), %d row(s) sealed", report.files, report.rows)
    return box, report


def _seal_file(box: vault.Vault, path: Path, report: SealReport) -> None:
    data = path.read_bytes()
    if vault.is_sealed(data):
        report.already += 1
        return
    mode = path.stat().st_mode & 0o777
    fsio.atomic_write_bytes(path, box.seal(data))
    if mode != 0o600:  # outbox blobs stay read-only (0400)
        path.chmod(mode & 0o700)
    report.files += 1


def _seal_column(box: vault.Vault, db_path: Path, table: str, column: str) -> int:
    if not db_path.exists():
        return 0
    database = Database(db_path)
    try:
        with database.transaction() as db:
            rows = db.execute(f"SELECT rowid, {column} FROM {table}").fetchall()
            plain = [(box.seal_text(r[1]), r[0]) for r in rows
                     if not str(r[1]).startswith(vault.TEXT_PREFIX)]
            db.executemany(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", plain)
        # secure_delete overwrote the old rows; VACUUM and the WAL truncation leave no copy
        db = database.connection()
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return len(plain)
    finally:
        database.close()
