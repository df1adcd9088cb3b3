"""Personal data at rest: the retention purge and a data subject's requests (export, erase).

Since 1 Jan 2026 ID-card images are *sensitive* personal data (Law 91/2025/QH15, Decree
356/2025; ``shared/vn_rules.md`` §5) and a data subject may ask for their data or its deletion,
to be answered within days. What the station keeps of a dossier after it is purged or erased is
its administrative skeleton: id, procedure, dates, build hashes and the portal's receipt —
never the applicant, the pages, the originals, the renders, the built PDFs (OCR text, card
images) or the outbox's frozen copies.

* ``purge_expired(home, days)``: every dossier whose outbox receipt is older than ``days``
  (``SCANSTATION_RETENTION_DAYS``, default 30) — run by ``scanstation privacy purge`` and by the
  app at start-up.
* ``export_subject(home, id_number, out)``: a folder with ``subject.json`` (every dossier of that
  ID number, its receipts) and the originals of its pages.
* ``erase_subject(home, id_number)``: the purge, at once, for every dossier of that ID number.

Deleted rows must not survive in SQLite's free pages or WAL: the stores run with
``secure_delete`` (``database.py``) and each purge ends with ``VACUUM`` and a WAL truncation.
The workspace index and dossier tables are edited here with plain SQL on their own database
files (the owners' APIs only soft-delete). The ID number is never logged in clear.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import fsio, vault
from .database import Database
from .errors import DossierError
from .paths import VN_TZ
from .privacy import mask_id

log = logging.getLogger("scanstation.retention")

RETENTION_ENV = "SCANSTATION_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30.0


class SubjectIdError(DossierError):
    vi = "Số định danh phải gồm 12 (hoặc 9) chữ số 0–9."
    en = "The ID number must be 12 (or 9) digits 0–9."


@dataclass
class PurgeReport:
    dossiers: list[str] = field(default_factory=list)
    pages: int = 0
    files_deleted: int = 0
    outbox_items: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"dossiers": self.dossiers, "pages": self.pages,
                "files_deleted": self.files_deleted, "outbox_items": self.outbox_items}


def retention_days() -> float:
    raw = os.environ.get(RETENTION_ENV, "").strip()
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_RETENTION_DAYS
    except ValueError:
        return DEFAULT_RETENTION_DAYS


def checked_id_number(value: str) -> str:
    text = value.strip()
    if len(text) not in (9, 12) or not all("0" <= ch <= "9" for ch in text):
        raise SubjectIdError()
    return text


# --- finding -----------------------------------------------------------------------------------


def _subject_dossiers(home: Path, id_number: str) -> list[Any]:
    from .dossier.store import DossierStore

    if not (home / "dossiers.sqlite").exists():
        return []
    with DossierStore(home) as store:
        return [d for d in store.list()
                if id_number in (d.applicant.id_number, d.applicant.old_id_number)]


def _receipts(home: Path, dossier_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Outbox items per dossier id (``dossier_code`` is the dossier id the builder wrote)."""
    found: dict[str, list[dict[str, Any]]] = {}
    if not (home / "outbox.sqlite").exists() or not dossier_ids:
        return found
    from .outbox.queue import Outbox

    with Outbox(home) as outbox:
        for item in outbox.items():
            if item.dossier_code in dossier_ids:
                found.setdefault(item.dossier_code, []).append(
                    {"item": item.id, "state": item.state, "receipt_id": item.receipt_id,
                     "sent_at": item.sent_at, "purged": item.id in outbox.purged_ids()})
    return found


# --- export ------------------------------------------------------------------------------------


def export_subject(home: Path, id_number: str, out_dir: Path) -> dict[str, Any]:
    """Everything the station holds on ``id_number``, into ``out_dir`` (created 0700)."""
    id_number = checked_id_number(id_number)
    dossiers = _subject_dossiers(home, id_number)
    receipts = _receipts(home, {d.id for d in dossiers})
    fsio.private_dir(out_dir)
    files = 0
    records = []
    index = _open_index(home)
    try:
        for dossier in dossiers:
            record = dossier.to_json()
            record["outbox"] = receipts.get(dossier.id, [])
            copied = []
            for page_id in _page_ids(dossier):
                row = _page_row(index, page_id) if index else None
                if row is None:
                    continue
                source = _original_file(home, row["original"])
                if source is None:
                    continue
                target = out_dir / "pages" / dossier.id / f"{page_id}{source.suffix}"
                # the export is for the person: plain, even from an encrypted workspace
                fsio.atomic_write_bytes(target, vault.read_personal(source))
                copied.append(str(target.relative_to(out_dir)))
                files += 1
            record["page_files"] = copied
            records.append(record)
    finally:
        if index is not None:
            index.close()
    summary = {
        "id_number": mask_id(id_number),
        "exported_at": dt.datetime.now(VN_TZ).isoformat(timespec="seconds"),
        "dossiers": records,
    }
    fsio.atomic_write_text(out_dir / "subject.json",
                           json.dumps(summary, ensure_ascii=False, indent=2))
    log.info("privacy export for %s: %d dossier(s), %d file(s)", mask_id(id_number),
             len(records), files)
    return {"dossiers": len(records), "files": files, "output": str(out_dir)}


# --- purge and erase ---------------------------------------------------------------------------


def erase_subject(home: Path, id_number: str) -> PurgeReport:
    """Remove every trace of ``id_number``'s personal data now (a data subject's request)."""
    id_number = checked_id_number(id_number)
    dossiers = _subject_dossiers(home, id_number)
    report = _purge(home, dossiers, erase_outbox=True)
    log.info("privacy erase for %s: %d dossier(s)", mask_id(id_number), len(report.dossiers))
    return report


def purge_expired(home: Path, days: float | None = None, *,
                  now: float | None = None) -> PurgeReport:
    """Purge every dossier whose portal receipt is more than ``days`` old, and the outbox's
    frozen copies of everything sent that long ago."""
    days = retention_days() if days is None else days
    now = time.time() if now is None else now
    cutoff = now - days * 86400.0
    expired: set[str] = set()
    sent_purged = sent_files = 0
    if (home / "outbox.sqlite").exists():
        from .outbox.queue import Outbox

        with Outbox(home) as outbox:
            expired = {i.dossier_code for i in outbox.items(("sent",))
                       if i.dossier_code and (i.sent_at or now) <= cutoff}
            sent_purged, sent_files = outbox.purge_sent(days * 86400.0, now=now)
    dossiers = []
    if expired and (home / "dossiers.sqlite").exists():
        from .dossier.store import DossierStore

        with DossierStore(home) as store:
            dossiers = [d for d in store.list() if d.id in expired and _holds_personal_data(d)]
    report = _purge(home, dossiers, erase_outbox=False)
    report.outbox_items += sent_purged
    report.files_deleted += sent_files
    log.info("retention purge (%g days): %d dossier(s)", days, len(report.dossiers))
    return report


def _holds_personal_data(dossier: Any) -> bool:
    return (not dossier.applicant.is_empty() or any(_page_ids(dossier))
            or any(b.get("folder") for b in dossier.builds))


def _purge(home: Path, dossiers: list[Any], *, erase_outbox: bool) -> PurgeReport:
    report = PurgeReport()
    if not dossiers:
        return report
    from .dossier.model import Applicant
    from .dossier.store import DossierStore

    page_ids = [p for d in dossiers for p in _page_ids(d)]
    pages, files = _erase_pages(home, page_ids)
    report.pages, report.files_deleted = pages, files
    stamp = dt.datetime.now(VN_TZ).isoformat(timespec="seconds")
    with DossierStore(home) as store:
        for dossier in dossiers:
            current = store.get(dossier.id)
            current.applicant = Applicant()
            for doc in current.documents.values():
                doc.page_ids.clear()
            # the intake receipt the app printed (name and ID number on it)
            for receipt in (home / "receipts").glob(f"{current.id}-*.pdf"):
                receipt.unlink(missing_ok=True)
                report.files_deleted += 1
            for build in current.builds:
                report.files_deleted += _remove_build(build)
                build["folder"] = ""
                build["purged_at"] = stamp
            store.save(current)
            report.dossiers.append(current.id)
    ids = set(report.dossiers)
    if (home / "outbox.sqlite").exists():
        from .outbox.queue import Outbox

        with Outbox(home) as outbox:
            items = [i.id for i in outbox.items() if i.dossier_code in ids
                     and (erase_outbox or i.state == "sent")]
            report.outbox_items, removed = outbox.purge_items(items)
            report.files_deleted += removed
        _compact(home / "outbox.sqlite")
    _compact(home / "dossiers.sqlite")
    _compact(home / "index.sqlite")
    return report


def _page_ids(dossier: Any) -> list[str]:
    return [p for doc in dossier.documents.values() for p in doc.page_ids]


def _open_index(home: Path) -> Database | None:
    path = home / "index.sqlite"
    return Database(path) if path.exists() else None


def _page_row(index: Database, page_id: str) -> Any:
    return index.connection().execute(
        "SELECT id, original, frame, transforms, dpi FROM pages WHERE id = ?", (page_id,)
    ).fetchone()


def _original_file(home: Path, sha256: str) -> Path | None:
    matches = list((home / "originals" / sha256[:2]).glob(f"{sha256}.*"))
    return matches[0] if matches else None


def _erase_pages(home: Path, page_ids: list[str]) -> tuple[int, int]:
    """Delete the pages' rows, their renders and every original no other page uses."""
    index = _open_index(home)
    if index is None or not page_ids:
        return 0, 0
    from .workspace import Workspace

    files = 0
    try:
        rows = [r for r in (_page_row(index, p) for p in page_ids) if r is not None]
        with Workspace(home) as workspace:
            for row in rows:
                try:
                    render = _render_file(workspace, row["id"])
                except Exception:  # a page already soft-deleted: its render key is unknown
                    render = None
                if render is not None and render.exists():
                    render.unlink()
                    files += 1
        originals = {r["original"] for r in rows}
        with index.transaction() as db:
            db.executemany("DELETE FROM pages WHERE id = ?", [(r["id"],) for r in rows])
            still_used = {r[0] for r in db.execute("SELECT DISTINCT original FROM pages")}
            gone = originals - still_used
            db.executemany("DELETE FROM originals WHERE sha256 = ?", [(s,) for s in gone])
            # a scan another dossier still uses stays, but its file name may name the person
            # ("CCCD Nguyễn Văn A.jpg"): it becomes neutral
            db.executemany("UPDATE originals SET name = 'scan-' || substr(sha256, 1, 12)"
                           " WHERE sha256 = ?", [(s,) for s in originals & still_used])
        for sha in gone:
            source = _original_file(home, sha)
            if source is not None:
                source.unlink()
                files += 1
        return len(rows), files
    finally:
        index.close()


def _render_file(workspace: Any, page_id: str) -> Path | None:
    """Where the page's cached render would be (without rendering it)."""
    page = workspace.page(page_id)
    key = workspace.render_key(page)
    return workspace.cache_dir / key[:2] / f"{key}.png"


def _remove_build(build: dict[str, Any]) -> int:
    """Delete a built dossier folder (and its zip) if it is still the one this station wrote:
    its manifest's hash must match the one recorded at build time."""
    import hashlib

    folder = Path(build.get("folder") or "")
    manifest = folder / "manifest.json"
    if not build.get("folder") or not manifest.is_file():
        return 0
    if hashlib.sha256(vault.read_personal(manifest)).hexdigest() != build.get("manifest_sha256"):
        log.warning("retention: a build folder changed since it was built; left in place")
        return 0
    count = sum(1 for p in folder.rglob("*") if p.is_file())
    shutil.rmtree(folder)
    archive = folder.with_name(folder.name + ".zip")
    if archive.is_file():
        archive.unlink()
        count += 1
    return count


def _compact(path: Path) -> None:
    """Rewrite the database so deleted rows leave nothing in free pages or in the WAL."""
    if not path.exists():
        return
    database = Database(path)
    try:
        db = database.connection()
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.close()
