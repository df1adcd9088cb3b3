"""Dossier codes that clash: the same code from two stations, caught before anything is sent.

Each counter of a ward numbers its dossiers in its own daily block (``dossier/station.py``), so
codes should never repeat; a clash can still happen (two stations given the same number, a station
image cloned with its settings). The outbox refuses a dossier whose code is already queued or sent
with *other content*, unless both manifests name the same station identity (``station.id``): that
is the same dossier built again (a new version), not a clash.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from .errors import OutboxInputError


class DossierCodeClashError(OutboxInputError):
    vi = (
        "Mã hồ sơ {code} đã có trong hàng đợi gửi ({item}) với nội dung khác, từ trạm khác. "
        "Hồ sơ KHÔNG được gửi. Hãy kiểm tra số trạm (scanstation dossier station-number) "
        "và tạo lại hồ sơ với mã mới."
    )
    en = (
        "Dossier code {code} is already in the outbox ({item}) with other content, from another "
        "station. The dossier was NOT sent. Check the station number (scanstation dossier "
        "station-number) and build the dossier again under a new code."
    )


def station_of(manifest: bytes) -> str:
    """The manifest's ``station.id`` ("" when it names none)."""
    try:
        data = json.loads(manifest)
    except ValueError:
        return ""
    station = data.get("station") if isinstance(data, dict) else None
    value = station.get("id") if isinstance(station, dict) else None
    return value if isinstance(value, str) else ""


def check_code_clash(
    db: sqlite3.Connection, dossier_code: str, manifest: bytes, manifest_sha: str,
    read_manifest: Callable[[str], bytes],
) -> None:
    """Raise ``DossierCodeClashError`` if ``dossier_code`` is already held by another station's
    dossier (called inside the enqueue transaction, so two adds cannot both slip through)."""
    if not dossier_code:
        return
    ours = station_of(manifest)
    rows = db.execute(
        "SELECT id, manifest_sha256 FROM items WHERE dossier_code = ? AND manifest_sha256 != ?",
        (dossier_code, manifest_sha),
    ).fetchall()
    for item_id, other_sha in rows:
        try:
            theirs = station_of(read_manifest(other_sha))
        except OSError:
            theirs = ""  # purged after retention: content unknown, treat as another station's
        if ours and ours == theirs:
            continue  # the same station rebuilt its dossier
        raise DossierCodeClashError(code=dossier_code, item=item_id)
