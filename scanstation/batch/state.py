"""A job's state: one SQLite file (WAL, synchronous=FULL) in ``OUTDIR/.job/``.

One row per page (in feed order: ``seq`` is the page's place in the job, fixed when it is
captured) with its stage flags — captured, cleaned, OCR'd — and the render key of its result
file; one row per document with the pages it holds, its file name and sha256. A page result is
written (atomically) before the row that marks the page done, and a document's PDF before its
row: after a kill -9 a row never claims a file that is not there, and a file without a row is
simply made again (under the same name, so never twice into the output).

A lease (``flock`` on ``.job/lease``, released by the kernel when the holder dies, even by kill
-9) keeps two runners off one job.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import fsio
from ..database import Database
from ..platform import lock_exclusive_nowait
from .errors import JobBusyError, JobNotFoundError

JOB_DIR = ".job"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    seq INTEGER PRIMARY KEY,          -- 1-based place in the job (feed order)
    source TEXT NOT NULL,             -- the input as given (a file, or folder/name)
    page INTEGER NOT NULL,            -- 1-based page (frame) within that input
    path TEXT NOT NULL, media_type TEXT NOT NULL DEFAULT '', frame INTEGER NOT NULL DEFAULT 0,
    dpi REAL NOT NULL DEFAULT 0,
    captured INTEGER NOT NULL DEFAULT 1, cleaned INTEGER NOT NULL DEFAULT 0,
    ocred INTEGER NOT NULL DEFAULT 0,
    render_key TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    sep_kind TEXT NOT NULL DEFAULT '', sep_value TEXT NOT NULL DEFAULT '',
    sep_unsure TEXT NOT NULL DEFAULT '',
    blank INTEGER NOT NULL DEFAULT 0, confidence REAL NOT NULL DEFAULT 0,
    skew REAL NOT NULL DEFAULT 0, quarter_turn INTEGER NOT NULL DEFAULT 0,
    content REAL NOT NULL DEFAULT 0, image_sig TEXT NOT NULL DEFAULT '',
    text_sig TEXT NOT NULL DEFAULT '', text_len INTEGER NOT NULL DEFAULT 0,
    caption INTEGER NOT NULL DEFAULT 0, colour INTEGER NOT NULL DEFAULT 0,
    cpu REAL NOT NULL DEFAULT 0, done_at REAL NOT NULL DEFAULT 0,
    flags TEXT NOT NULL DEFAULT '[]',
    decision TEXT NOT NULL DEFAULT '',  -- review: accepted | deleted | separator | page
    turn INTEGER NOT NULL DEFAULT 0     -- review: clockwise quarter turns (a transform)
);
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY, file TEXT NOT NULL, pages TEXT NOT NULL, separator TEXT NOT NULL,
    sha256 TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '[]', file_code TEXT NOT NULL DEFAULT '',
    content_key TEXT NOT NULL DEFAULT '', -- hash of its pages' render keys: a rescan changes it
    cpu REAL NOT NULL DEFAULT 0           -- CPU seconds its document task took
);
CREATE TABLE IF NOT EXISTS exports (
    target TEXT NOT NULL, file TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (target, file)
);
CREATE TABLE IF NOT EXISTS progress (t REAL NOT NULL, pages_done INTEGER NOT NULL,
                                     in_flight INTEGER NOT NULL);
"""

PAGE_RESULT_FIELDS = ("cleaned", "ocred", "render_key", "error", "sep_kind", "sep_value",
                      "sep_unsure", "blank", "confidence", "skew", "quarter_turn", "content",
                      "image_sig", "text_sig", "text_len", "caption", "colour", "cpu")


@dataclass(frozen=True)
class PageRow:
    seq: int
    source: str
    page: int
    path: str
    media_type: str
    frame: int
    dpi: float
    ocred: bool
    render_key: str
    error: str
    sep_kind: str
    sep_value: str
    sep_unsure: str
    blank: bool
    confidence: float
    skew: float
    quarter_turn: int
    content: float
    image_sig: str
    text_sig: str
    text_len: int
    caption: bool
    flags: tuple[str, ...]
    decision: str
    turn: int = 0

    @classmethod
    def of(cls, row: Any) -> PageRow:
        return cls(row["seq"], row["source"], row["page"], row["path"], row["media_type"],
                   row["frame"], row["dpi"], bool(row["ocred"]), row["render_key"], row["error"],
                   row["sep_kind"], row["sep_value"], row["sep_unsure"], bool(row["blank"]),
                   row["confidence"], row["skew"], row["quarter_turn"], row["content"],
                   row["image_sig"], row["text_sig"], row["text_len"], bool(row["caption"]),
                   tuple(json.loads(row["flags"])), row["decision"], row["turn"])


def job_registry() -> Path:
    from ..paths import workspace_home

    return workspace_home() / "batch" / "jobs"


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name.strip()) or "job"


def register_job(name: str, outdir: Path) -> None:
    fsio.atomic_write_text(job_registry() / f"{_safe_name(name)}.json",
                           json.dumps({"name": name, "outdir": str(outdir.resolve())}))


def resolve_job(job: str) -> Path:
    """``job`` is a job name (registered by ``batch run``) or its output folder."""
    direct = Path(job)
    if (direct / JOB_DIR / "job.sqlite").is_file():
        return direct
    entry = job_registry() / f"{_safe_name(job)}.json"
    if entry.is_file():
        outdir = Path(json.loads(entry.read_text("utf-8"))["outdir"])
        if (outdir / JOB_DIR / "job.sqlite").is_file():
            return outdir
    raise JobNotFoundError(job=job)


class JobStore:
    def __init__(self, outdir: Path) -> None:
        self.outdir = Path(outdir)
        self.dir = self.outdir / JOB_DIR
        self.results = self.dir / "pages"
        for folder in (self.outdir, self.dir, self.results):
            folder.mkdir(parents=True, exist_ok=True)
        for folder in (self.dir, self.results):
            folder.chmod(0o700)  # page text and images of archive files: personal data
        self.db = Database(self.dir / "job.sqlite")
        self.db.executescript(SCHEMA)
        self._upgrade()
        with contextlib.suppress(OSError):
            self.db.path.chmod(0o600)
        self._lease_fd: int | None = None

    def _upgrade(self) -> None:
        """Columns added since a job was created (a job outlives an upgrade of the station)."""
        columns = {r[1] for r in self.db.connection().execute("PRAGMA table_info(pages)")}
        if "turn" not in columns:
            with self.db.transaction() as db:
                db.execute("ALTER TABLE pages ADD COLUMN turn INTEGER NOT NULL DEFAULT 0")
        columns = {r[1] for r in self.db.connection().execute("PRAGMA table_info(documents)")}
        if "cpu" not in columns:
            with self.db.transaction() as db:
                db.execute("ALTER TABLE documents ADD COLUMN cpu REAL NOT NULL DEFAULT 0")

    # --- lease ---------------------------------------------------------------------------

    def acquire_lease(self) -> None:
        fd = os.open(self.dir / "lease", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            lock_exclusive_nowait(fd)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise JobBusyError(job=self.name, pid=holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lease_fd = fd
        # a runner killed mid-write (a page result, a PDF, a signed copy) left its temp file:
        # holding the lease, nobody else writes here, so the dead writers' temps go
        fsio.remove_stale_temps(self.outdir)

    def release_lease(self) -> None:
        if self._lease_fd is not None:
            os.close(self._lease_fd)  # closing drops the flock
            self._lease_fd = None

    # --- meta ----------------------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        row = self.db.connection().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set(self, **values: Any) -> None:
        with self.db.transaction() as db:
            for key, value in values.items():
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                           (key, json.dumps(value, ensure_ascii=False)))

    @property
    def name(self) -> str:
        return str(self.get("name", self.outdir.name))

    # --- pages ---------------------------------------------------------------------------

    def add_pages(self, pages: list[dict[str, Any]]) -> None:
        """Capture: append pages in feed order (one transaction: all or none)."""
        with self.db.transaction() as db:
            start = db.execute("SELECT COALESCE(MAX(seq), 0) FROM pages").fetchone()[0]
            for offset, page in enumerate(pages, 1):
                db.execute(
                    "INSERT INTO pages (seq, source, page, path, media_type, frame, dpi, error, flags)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (start + offset, page["source"], page["page"], page.get("path", ""),
                     page.get("media_type", ""), page.get("frame", 0), page.get("dpi", 0.0),
                     page.get("error", ""), json.dumps(page.get("flags", []))))

    def clear_pages(self) -> None:
        with self.db.transaction() as db:
            db.execute("DELETE FROM pages")

    def pages(self, where: str = "", args: tuple[Any, ...] = ()) -> list[PageRow]:
        sql = "SELECT * FROM pages" + (f" WHERE {where}" if where else "") + " ORDER BY seq"
        return [PageRow.of(r) for r in self.db.connection().execute(sql, args)]

    def iter_pages(self) -> Iterator[PageRow]:
        for row in self.db.connection().execute("SELECT * FROM pages ORDER BY seq"):
            yield PageRow.of(row)

    def result_path(self, render_key: str) -> Path:
        return self.results / f"{render_key}.pkl"

    def record_page(self, seq: int, values: dict[str, Any]) -> None:
        """Mark a page done: its result file already exists (written before this row)."""
        fields = [f for f in PAGE_RESULT_FIELDS if f in values]
        sets = ", ".join(f"{f}=?" for f in fields)
        with self.db.transaction() as db:
            db.execute(f"UPDATE pages SET {sets}, done_at=? WHERE seq=?",
                       (*[values[f] for f in fields], time.time(), seq))

    def set_page_flags(self, flags: dict[int, list[str]]) -> None:
        with self.db.transaction() as db:
            for seq, page_flags in flags.items():
                db.execute("UPDATE pages SET flags=? WHERE seq=?", (json.dumps(page_flags), seq))

    def decide(self, seq: int, decision: str) -> bool:
        with self.db.transaction() as db:
            return db.execute("UPDATE pages SET decision=? WHERE seq=?", (decision, seq)).rowcount > 0

    def counts(self) -> dict[str, int]:
        db = self.db.connection()
        total, done = db.execute("SELECT COUNT(*), COALESCE(SUM(ocred OR error != ''), 0) "
                                 "FROM pages").fetchone()
        documents = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        return {"pages_total": total, "pages_done": done, "documents": documents}

    def log_progress(self, pages_done: int, in_flight: int) -> None:
        with self.db.transaction() as db:
            db.execute("INSERT INTO progress VALUES (?, ?, ?)", (time.time(), pages_done, in_flight))

    # --- documents -----------------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        rows = self.db.connection().execute("SELECT * FROM documents ORDER BY seq")
        return [{"seq": r["seq"], "file": r["file"], "pages": json.loads(r["pages"]),
                 "separator": json.loads(r["separator"]), "sha256": r["sha256"],
                 "flags": json.loads(r["flags"]), "file_code": r["file_code"],
                 "content_key": r["content_key"]} for r in rows]

    def record_document(self, seq: int, file: str, pages: list[int], separator: Any, sha256: str,
                        file_code: str, content_key: str, cpu: float = 0.0) -> None:
        with self.db.transaction() as db:
            db.execute("INSERT OR REPLACE INTO documents (seq, file, pages, separator, sha256, "
                       "file_code, content_key, cpu) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (seq, file, json.dumps(pages), json.dumps(separator, ensure_ascii=False),
                        sha256, file_code, content_key, round(cpu, 3)))

    def replace_source(self, seq: int, path: str, media_type: str, dpi: float) -> None:
        """A rescanned page takes this page's place: it must run again."""
        with self.db.transaction() as db:
            db.execute("UPDATE pages SET path=?, media_type=?, frame=0, dpi=?, cleaned=0, ocred=0,"
                       " render_key='', error='', decision='accepted' WHERE seq=?",
                       (path, media_type, dpi, seq))

    def set_turn(self, seq: int, turn: int) -> None:
        """A reviewer's rotation: the page runs again with it (its original is not touched)."""
        with self.db.transaction() as db:
            db.execute("UPDATE pages SET turn=?, cleaned=0, ocred=0, render_key='', error='',"
                       " decision='accepted' WHERE seq=?", (turn % 4, seq))

    def insert_page(self, before: int, page: dict[str, Any]) -> None:
        """A page put in before page ``before`` (a rescan of a sheet the feeder skipped): every
        later page moves one place, the documents' page lists with them, in one transaction."""
        with self.db.transaction() as db:
            # two steps through negative numbers: no moment where two rows share a seq
            db.execute("UPDATE pages SET seq=-(seq + 1) WHERE seq>=?", (before,))
            db.execute("UPDATE pages SET seq=-seq WHERE seq<0")
            db.execute(
                "INSERT INTO pages (seq, source, page, path, media_type, frame, dpi, decision)"
                " VALUES (?, ?, ?, ?, ?, 0, ?, 'accepted')",
                (before, page["source"], page["page"], page["path"], page["media_type"],
                 page["dpi"]))
            for seq, pages in db.execute("SELECT seq, pages FROM documents").fetchall():
                moved = [s + 1 if s >= before else s for s in json.loads(pages)]
                db.execute("UPDATE documents SET pages=? WHERE seq=?", (json.dumps(moved), seq))

    def drop_documents_from(self, seq: int) -> None:
        with self.db.transaction() as db:
            db.execute("DELETE FROM documents WHERE seq>=?", (seq,))

    def set_document_flags(self, flags: dict[int, list[str]]) -> None:
        with self.db.transaction() as db:
            for seq, doc_flags in flags.items():
                db.execute("UPDATE documents SET flags=? WHERE seq=?", (json.dumps(doc_flags), seq))

    # --- exports -------------------------------------------------------------------------

    def exported(self, target: str) -> dict[str, str]:
        rows = self.db.connection().execute("SELECT file, sha256 FROM exports WHERE target=?",
                                            (target,))
        return {r["file"]: r["sha256"] for r in rows}

    def record_export(self, target: str, file: str, sha256: str) -> None:
        with self.db.transaction() as db:
            db.execute("INSERT OR REPLACE INTO exports VALUES (?, ?, ?)", (target, file, sha256))

    def close(self) -> None:
        self.release_lease()
        self.db.close()
