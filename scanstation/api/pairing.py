"""Which web pages may use the station: pairing requests, approved origins, tokens, the log.

One small SQLite file (``<home>/api/pairing.sqlite``, 0600 in a 0700 folder) shared by the
running server, the window and ``scanstation serve approve``: an approval given in another
process is seen by the server at the page's next poll. Tokens are stored as SHA-256 hashes only,
and made by the server when the page collects them, so a token never exists in clear on disk.
The action log holds origin, action and status — never a name, number or image.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from ..database import Database
from .origins import normalise_origin

PAIRING_TTL = 600.0  # a pairing request the officer has not answered in 10 minutes is dropped
MAX_PENDING = 3  # per origin: a page cannot bury the officer under approval dialogs

SCHEMA = """
CREATE TABLE IF NOT EXISTS origins (
    origin TEXT PRIMARY KEY, approved_at REAL NOT NULL, approved_via TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pairings (
    id TEXT PRIMARY KEY, origin TEXT NOT NULL, code TEXT NOT NULL,
    created_at REAL NOT NULL, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY, origin TEXT NOT NULL, created_at REAL NOT NULL,
    last_used REAL, revoked_at REAL);
CREATE TABLE IF NOT EXISTS actions (
    ts REAL NOT NULL, origin TEXT NOT NULL, action TEXT NOT NULL, status INTEGER NOT NULL);
"""


@dataclass(frozen=True)
class Pairing:
    id: str
    origin: str
    code: str
    created_at: float
    state: str  # pending | approved | refused | collected

    def to_json(self) -> dict[str, object]:
        return {"pairing_id": self.id, "origin": self.origin, "code": self.code,
                "state": self.state, "created_at": self.created_at}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _private_file(path: Path) -> None:
    """Create the database file 0600 (its -wal and -shm take the same mode) in a 0700 folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    path.chmod(0o600)


class PairingStore:
    def __init__(self, home: Path) -> None:
        self.path = Path(home) / "api" / "pairing.sqlite"
        _private_file(self.path)
        self.db = Database(self.path)
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> PairingStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- pairing ---------------------------------------------------------------------------------

    def request(self, origin: str) -> Pairing:
        """A page asks to pair: a pending request with a short code for the officer to compare.
        An origin the officer has already approved is approved at once (a new token, same
        origin: e.g. after the browser lost its storage)."""
        origin = normalise_origin(origin)
        now = time.time()
        pairing = Pairing(secrets.token_urlsafe(18), origin, f"{secrets.randbelow(10**6):06d}",
                          now, "approved" if self.is_approved(origin) else "pending")
        with self.db.transaction() as db:
            db.execute("DELETE FROM pairings WHERE created_at < ? AND state != 'approved'",
                       (now - PAIRING_TTL,))
            waiting = db.execute("SELECT COUNT(*) FROM pairings WHERE origin = ? AND "
                                 "state = 'pending'", (origin,)).fetchone()[0]
            if waiting >= MAX_PENDING:
                from .errors import TooManyPairingsError

                raise TooManyPairingsError(origin=origin)
            db.execute("INSERT INTO pairings VALUES (?, ?, ?, ?, ?)",
                       (pairing.id, pairing.origin, pairing.code, pairing.created_at,
                        pairing.state))
        return pairing

    def pairing(self, pairing_id: str) -> Pairing | None:
        row = self.db.connection().execute(
            "SELECT * FROM pairings WHERE id = ? AND created_at >= ?",
            (pairing_id, time.time() - PAIRING_TTL)).fetchone()
        return Pairing(row["id"], row["origin"], row["code"], row["created_at"],
                       row["state"]) if row else None

    def pending(self) -> list[Pairing]:
        rows = self.db.connection().execute(
            "SELECT * FROM pairings WHERE state = 'pending' AND created_at >= ? "
            "ORDER BY created_at", (time.time() - PAIRING_TTL,)).fetchall()
        return [Pairing(r["id"], r["origin"], r["code"], r["created_at"], r["state"])
                for r in rows]

    def approve(self, origin: str, via: str = "cli") -> int:
        """Allow ``origin`` and approve its pending requests; returns how many were pending."""
        origin = normalise_origin(origin)
        with self.db.transaction() as db:
            db.execute("INSERT OR REPLACE INTO origins VALUES (?, ?, ?)",
                       (origin, time.time(), via))
            count = db.execute("UPDATE pairings SET state = 'approved' "
                               "WHERE origin = ? AND state = 'pending'", (origin,)).rowcount
        self.log(origin, f"approve:{via}", 200)
        return count

    def refuse(self, origin: str, via: str = "cli") -> int:
        origin = normalise_origin(origin)
        with self.db.transaction() as db:
            count = db.execute("UPDATE pairings SET state = 'refused' "
                               "WHERE origin = ? AND state = 'pending'", (origin,)).rowcount
        self.log(origin, f"refuse:{via}", 200)
        return count

    def collect(self, pairing: Pairing) -> str | None:
        """The token of an approved request, made now and handed out once (None if another
        poll collected it first). Only its hash is kept."""
        token = secrets.token_urlsafe(32)
        with self.db.transaction() as db:
            changed = db.execute("UPDATE pairings SET state = 'collected' "
                                 "WHERE id = ? AND state = 'approved'", (pairing.id,)).rowcount
            if not changed:
                return None
            db.execute("INSERT INTO tokens VALUES (?, ?, ?, NULL, NULL)",
                       (token_hash(token), pairing.origin, time.time()))
        return token

    # --- origins and tokens ----------------------------------------------------------------------

    def is_approved(self, origin: str) -> bool:
        return self.db.connection().execute(
            "SELECT 1 FROM origins WHERE origin = ?", (origin,)).fetchone() is not None

    def approved(self) -> list[str]:
        return [r["origin"] for r in self.db.connection().execute(
            "SELECT origin FROM origins ORDER BY approved_at")]

    def token_origin(self, token: str) -> str | None:
        """The origin a live token was issued to (None: unknown or revoked)."""
        digest = token_hash(token)
        row = self.db.connection().execute(
            "SELECT hash, origin FROM tokens WHERE hash = ? AND revoked_at IS NULL",
            (digest,)).fetchone()
        if row is None or not hmac.compare_digest(row["hash"], digest):
            return None
        return row["origin"] if self.is_approved(row["origin"]) else None

    def revoke_token(self, token: str) -> None:
        with self.db.transaction() as db:
            db.execute("UPDATE tokens SET revoked_at = ? WHERE hash = ?",
                       (time.time(), token_hash(token)))

    def revoke(self, origin: str, via: str = "cli") -> bool:
        """Take ``origin`` off the allow-list: its tokens stop working at once, its pending
        requests are refused. Returns whether it was approved."""
        origin = normalise_origin(origin)
        with self.db.transaction() as db:
            was = db.execute("DELETE FROM origins WHERE origin = ?", (origin,)).rowcount
            db.execute("UPDATE tokens SET revoked_at = ? WHERE origin = ? AND revoked_at IS NULL",
                       (time.time(), origin))
            db.execute("UPDATE pairings SET state = 'refused' "
                       "WHERE origin = ? AND state IN ('pending', 'approved')", (origin,))
        self.log(origin, f"revoke:{via}", 200)
        return bool(was)

    # --- the log: origin → action, no personal data ----------------------------------------------

    def log(self, origin: str, action: str, status: int) -> None:
        with self.db.transaction() as db:
            db.execute("INSERT INTO actions VALUES (?, ?, ?, ?)",
                       (time.time(), origin or "-", action, int(status)))

    def actions(self, limit: int = 200) -> list[dict[str, object]]:
        rows = self.db.connection().execute(
            "SELECT * FROM actions ORDER BY rowid DESC LIMIT ?", (limit,)).fetchall()
        return [{"ts": r["ts"], "origin": r["origin"], "action": r["action"],
                 "status": r["status"]} for r in reversed(rows)]
