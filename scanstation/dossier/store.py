"""Dossiers on disk: ``<workspace>/dossiers.sqlite`` (WAL), one JSON document per dossier.

The dossier code is ``<agency code>-YYMMDD-NNNN`` (TT 01/2018 Điều 19): the receiving agency's code
from configuration (never from code), the receipt date in Vietnam time, and a counter that
restarts every day. The counter is taken in the same SQLite transaction that inserts the dossier,
so two processes at the same counter never get the same code; several counters of one ward (no
network between them) each number their day in their own block, ``station number × 1000 + n``
(see ``station.py``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from ..database import Database
from ..errors import DossierError, NotFoundError, WorkspaceError
from ..fsio import private_dir
from ..paths import VN_TZ
from ..vault import open_text, prepare, seal_text
from .model import Applicant, Dossier, DossierId
from .station import sequence_number, station_number

log = logging.getLogger("scanstation.dossier")


AGENCY_ENV = "SCANSTATION_AGENCY_CODE"
STATION_CONFIG = "station.json"
UNCONFIGURED_AGENCY = "LOCAL"  # visible placeholder, never a real agency code
_AGENCY_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.]{0,39}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dossiers (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    agency TEXT NOT NULL,
    day TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (agency, day)
);
"""


class AgencyCodeError(DossierError):
    vi = "Mã định danh cơ quan '{code}' không hợp lệ. Hãy sửa {where}."
    en = "The agency code '{code}' is not valid. Fix {where}."


class DossierNotFoundError(NotFoundError):
    vi = "Không tìm thấy hồ sơ '{key}'. Dùng 'scanstation dossier list' để xem các hồ sơ."
    en = "Dossier '{key}' not found. Run 'scanstation dossier list' to see the dossiers."


def now_vn() -> datetime:
    return datetime.now(VN_TZ).replace(microsecond=0)


def configured_agency_code(home: Path) -> tuple[str, str]:
    """``(code, where)``: from ``SCANSTATION_AGENCY_CODE``, else ``<home>/station.json``'s
    ``agency_code``, else the ``LOCAL`` placeholder (the caller warns)."""
    env = os.environ.get(AGENCY_ENV, "").strip()
    if env:
        return _checked(env, AGENCY_ENV), AGENCY_ENV
    config = home / STATION_CONFIG
    if config.is_file():
        try:
            data = json.loads(config.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            raise AgencyCodeError(code="?", where=str(config)) from None
        code = str(data.get("agency_code", "")).strip() if isinstance(data, dict) else ""
        if code:
            return _checked(code, str(config)), str(config)
    return UNCONFIGURED_AGENCY, ""


def _checked(code: str, where: str) -> str:
    if not _AGENCY_RE.match(code):
        raise AgencyCodeError(code=code[:40], where=where)
    return code


class DossierStore:
    """All dossiers of one workspace. Thread-safe like ``Workspace``."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.db_path = self.home / "dossiers.sqlite"
        self._database = Database(self.db_path)
        try:
            private_dir(self.home, tighten=True)  # personal data: 0700, see privacy.py
            prepare(self.home)  # encryption at rest, if turned on (vault.py)
            with self._tx() as db:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)
        except (OSError, sqlite3.Error) as exc:
            raise WorkspaceError(path=str(self.home), detail=str(exc)) from exc

    def _db(self) -> sqlite3.Connection:
        return self._database.connection()

    def _tx(self):
        return self._database.transaction()

    def close(self) -> None:
        self._database.close()

    def __enter__(self) -> DossierStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def create(
        self,
        procedure_code: str,
        agency_code: str,
        applicant: Applicant | None = None,
        *,
        when: datetime | None = None,
    ) -> Dossier:
        when = (when or now_vn()).astimezone(VN_TZ)
        day = when.strftime("%y%m%d")
        _checked(agency_code, "agency code")
        number = station_number(self.home)
        with self._tx() as db:
            row = db.execute(
                "SELECT n FROM counters WHERE agency = ? AND day = ?", (agency_code, day)
            ).fetchone()
            n = (row[0] if row else 0) + 1
            db.execute(
                "INSERT INTO counters(agency, day, n) VALUES (?, ?, ?) "
                "ON CONFLICT(agency, day) DO UPDATE SET n = excluded.n",
                (agency_code, day, n),
            )
            seq = sequence_number(number, n)  # this station's own block of the day
            dossier = Dossier(
                id=DossierId(f"{agency_code}-{day}-{seq:04d}"),
                agency_code=agency_code,
                procedure_code=procedure_code,
                created=when.isoformat(),
                applicant=applicant or Applicant(),
            )
            ts = when.timestamp()
            db.execute(
                "INSERT INTO dossiers(id, data, created, updated) VALUES (?, ?, ?, ?)",
                (dossier.id, self._encode(dossier), ts, ts),
            )
        log.info("dossier %s created for procedure %s", dossier.id, procedure_code)
        return dossier

    def get(self, dossier_id: str) -> Dossier:
        row = self._db().execute(
            "SELECT data FROM dossiers WHERE id = ?", (dossier_id.strip(),)
        ).fetchone()
        if row is None:
            raise DossierNotFoundError(what="dossier", key=dossier_id)
        return self._decode(row[0])

    def save(self, dossier: Dossier) -> Dossier:
        dossier.version += 1
        with self._tx() as db:
            cur = db.execute(
                "UPDATE dossiers SET data = ?, updated = ? WHERE id = ?",
                (self._encode(dossier), now_vn().timestamp(), dossier.id),
            )
            if cur.rowcount == 0:
                raise DossierNotFoundError(what="dossier", key=dossier.id)
        return dossier

    def list(self) -> list[Dossier]:
        rows = self._db().execute("SELECT data FROM dossiers ORDER BY created, id")
        return [self._decode(r[0]) for r in rows]

    # the row codec: the dossier document (applicant: ID number, name, address) is sealed with
    # the workspace's key when encryption at rest is on; the id and dates stay plain (lookups)
    def _encode(self, dossier: Dossier) -> str:
        return seal_text(self.home, json.dumps(dossier.to_json(), ensure_ascii=False))

    def _decode(self, value: str) -> Dossier:
        return Dossier.from_json(json.loads(open_text(self.home, value)))
