"""The on-disk store of one station: originals, derived renders and a SQLite (WAL) index.

Layout under ``SCANSTATION_HOME`` (default: the platform's user data dir)::

    originals/ab/ab12…ef.png     bytes as captured, named by sha256, never changed
    cache/renders/…png           page renders, keyed by (original, frame, transforms)
    index.sqlite                 originals and pages (WAL)

Ordering makes crashes harmless: an original is written temp → fsync → rename before the row
that names it is committed, so after a kill -9 every committed page has its original, and an
original with no row is just an orphan that ``open`` sweeps away. SQLite's WAL gives the index the
same all-or-nothing property.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import sqlite3
import time
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from PIL import Image

from . import fsio, imaging, vault
from .database import Database
from .errors import NotFoundError, WorkspaceError
from .model import Original, Page, PageId, Transform, transforms_from_json, transforms_to_json
from .paths import workspace_home

log = logging.getLogger("scanstation.workspace")

SCHEMA_VERSION = 1
RENDER_VERSION = 1  # bump when rendering changes, so cached renders are redone

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS originals (
    sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    frames INTEGER NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    id TEXT PRIMARY KEY,
    original TEXT NOT NULL REFERENCES originals(sha256),
    frame INTEGER NOT NULL,
    dpi REAL NOT NULL DEFAULT 0,
    transforms TEXT NOT NULL,
    blank INTEGER NOT NULL DEFAULT 0,
    flags TEXT NOT NULL DEFAULT '{}',
    batch TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    created REAL NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS pages_batch ON pages(batch, position);
"""




def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_EXT = {
    imaging.MEDIA_PNG: ".png",
    imaging.MEDIA_JPEG: ".jpg",
    imaging.MEDIA_TIFF: ".tif",
    imaging.MEDIA_PDF: ".pdf",
    imaging.MEDIA_BMP: ".bmp",
    imaging.MEDIA_WEBP: ".webp",
}


class Workspace:
    """One station's store. Thread-safe: one SQLite connection per thread, writes serialized."""

    def __init__(self, home: Path | str | None = None) -> None:
        self.home = Path(home) if home is not None else workspace_home()
        self.originals_dir = self.home / "originals"
        self.cache_dir = self.home / "cache" / "renders"
        self.db_path = self.home / "index.sqlite"
        self._database = Database(self.db_path)
        try:
            fsio.private_dir(self.home, tighten=True)  # personal data: 0700, see privacy.py
            fsio.private_dir(self.originals_dir)
            fsio.private_dir(self.cache_dir)
            vault.prepare(self.home)  # encryption at rest, if turned on (SCANSTATION_ENCRYPT)
            self._database.executescript(_SCHEMA)
            with self._tx() as db:
                db.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)",
                    (str(SCHEMA_VERSION),),
                )
        except (OSError, sqlite3.Error) as exc:
            raise WorkspaceError(path=str(self.home), detail=str(exc)) from exc
        self._sweep()

    # --- connection ---------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        return self._database.connection()

    def _tx(self):
        return self._database.transaction()

    def close(self) -> None:
        self._database.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sweep(self) -> None:
        """Remove temp files and originals that no committed row names (left by a kill -9)."""
        fsio.remove_stale_temps(self.originals_dir)
        fsio.remove_stale_temps(self.cache_dir)
        known = {row[0] for row in self._db().execute("SELECT sha256 FROM originals")}
        for path in self.originals_dir.glob("*/*"):
            if path.stem not in known:
                with suppress(OSError):
                    path.unlink()

    # --- originals ----------------------------------------------------------------------------

    def original_path(self, sha256: str, media_type: str | None = None) -> Path:
        folder = self.originals_dir / sha256[:2]
        if media_type is not None:
            return folder / f"{sha256}{_EXT.get(media_type, '.bin')}"
        matches = list(folder.glob(f"{sha256}.*"))
        if not matches:
            raise NotFoundError(what="original", key=sha256[:12])
        return matches[0]

    def add_original(self, data: bytes, name: str, media_type: str, frames: int) -> Original:
        """Store ``data`` once (by sha256) and index it; returns the (maybe existing) original."""
        sha = sha256_bytes(data)
        path = self.original_path(sha, media_type)
        if not path.exists():
            vault.write_personal(path, data, overwrite=False)
        original = Original(sha, Path(name).name, media_type, len(data), frames)
        with self._tx() as db:
            db.execute(
                "INSERT OR IGNORE INTO originals(sha256, name, media_type, size, frames, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                # a scan's file name often names the person ("CCCD Nguyễn Văn A.jpg")
                (sha, vault.seal_text(self.home, original.name), media_type, len(data), frames,
                 time.time()),
            )
        return original

    def original(self, sha256: str) -> Original:
        row = self._db().execute("SELECT * FROM originals WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise NotFoundError(what="original", key=sha256[:12])
        return Original(row["sha256"], vault.open_text(self.home, row["name"]),
                        row["media_type"], row["size"], row["frames"])

    def original_bytes(self, sha256: str) -> bytes:
        return vault.read_personal(self.original_path(sha256))

    # --- pages --------------------------------------------------------------------------------

    def add_page(
        self,
        original: Original,
        frame: int = 0,
        *,
        dpi: float = 0.0,
        batch: str = "",
        transforms: tuple[Transform, ...] = (),
        blank: bool = False,
        flags: dict[str, Any] | None = None,
    ) -> Page:
        page_id = Page.new_id()
        with self._tx() as db:
            row = db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM pages WHERE batch = ?", (batch,)
            ).fetchone()
            position = int(row[0])
            db.execute(
                "INSERT INTO pages(id, original, frame, dpi, transforms, blank, flags, batch,"
                " position, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (page_id, original.sha256, frame, dpi, transforms_to_json(transforms), int(blank),
                 json.dumps(flags or {}), batch, position, time.time()),
            )
        return Page(page_id, original.sha256, frame, transforms, dpi, blank, flags or {},
                    position, batch)

    @staticmethod
    def _row_to_page(row: sqlite3.Row) -> Page:
        return Page(
            id=PageId(row["id"]),
            original_sha256=row["original"],
            frame=row["frame"],
            transforms=transforms_from_json(row["transforms"]),
            dpi=row["dpi"],
            blank=bool(row["blank"]),
            flags=json.loads(row["flags"]),
            position=row["position"],
            batch=row["batch"],
        )

    def page(self, page_id: str) -> Page:
        row = self._db().execute(
            "SELECT * FROM pages WHERE id = ? AND deleted = 0", (page_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(what="page", key=page_id)
        return self._row_to_page(row)

    def pages(self, batch: str | None = None) -> list[Page]:
        if batch is None:
            rows = self._db().execute(
                "SELECT * FROM pages WHERE deleted = 0 ORDER BY batch, position, created"
            )
        else:
            rows = self._db().execute(
                "SELECT * FROM pages WHERE deleted = 0 AND batch = ? ORDER BY position, created",
                (batch,),
            )
        return [self._row_to_page(r) for r in rows]

    def batches(self) -> list[str]:
        rows = self._db().execute(
            "SELECT batch, MAX(created) AS t FROM pages WHERE deleted = 0 GROUP BY batch ORDER BY t"
        )
        return [r["batch"] for r in rows]

    def update_page(self, page: Page) -> Page:
        """Save the page's transforms, blank flag and flags (its original never changes)."""
        with self._tx() as db:
            cur = db.execute(
                "UPDATE pages SET transforms = ?, blank = ?, flags = ?, position = ? "
                "WHERE id = ? AND deleted = 0",
                (transforms_to_json(page.transforms), int(page.blank), json.dumps(page.flags),
                 page.position, page.id),
            )
            if cur.rowcount == 0:
                raise NotFoundError(what="page", key=page.id)
        return page

    def move_page(self, page_id: str, new_position: int) -> list[Page]:
        """Reorder within the page's batch; returns the batch in its new order."""
        page = self.page(page_id)
        order = [p for p in self.pages(page.batch) if p.id != page_id]
        new_position = max(0, min(new_position, len(order)))
        order.insert(new_position, page)
        with self._tx() as db:
            for index, p in enumerate(order):
                db.execute("UPDATE pages SET position = ? WHERE id = ?", (index, p.id))
        return [replace(p, position=i) for i, p in enumerate(order)]

    def delete_page(self, page_id: str) -> None:
        """Hide the page; its original stays (another page may use it, and undo is possible)."""
        with self._tx() as db:
            db.execute("UPDATE pages SET deleted = 1 WHERE id = ?", (page_id,))

    # --- rendering ----------------------------------------------------------------------------

    def decode(self, page: Page) -> Image.Image:
        """The page's frame as captured (EXIF orientation applied), before any transform."""
        original = self.original(page.original_sha256)
        data = self.original_bytes(original.sha256)
        return imaging.decode_frame(data, original.media_type, page.frame, page.dpi, original.name)

    def render_key(self, page: Page) -> str:
        text = f"{RENDER_VERSION}|{page.original_sha256}|{page.frame}|{page.dpi}|" + \
            transforms_to_json(page.transforms)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def render_path(self, page: Page) -> Path:
        """The page rendered from original + transforms, as a cached PNG — sealed when the
        workspace is encrypted: read it with ``vault.read_personal`` or ``render``."""
        key = self.render_key(page)
        path = self.cache_dir / key[:2] / f"{key}.png"
        if path.exists():
            return path
        img = imaging.apply_transforms(self.decode(page), page.transforms)
        dpi = img.info.get("dpi")
        out = io.BytesIO()  # encoded in memory: no plain copy of a sealed render on disk
        if dpi:
            img.save(out, format="PNG", dpi=dpi, compress_level=1)
        else:
            img.save(out, format="PNG", compress_level=1)
        vault.write_personal(path, out.getvalue())
        return path

    def render(self, page: Page) -> Image.Image:
        with Image.open(io.BytesIO(vault.read_personal(self.render_path(page)))) as img:
            img.load()
            return img.copy()
