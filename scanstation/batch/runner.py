"""Run and resume a job: capture → page tasks (bounded window) → documents as they close →
flags and ``index.json``.

Backpressure: at most ``2 × workers + 2`` pages are in flight, and a page result goes to disk as
soon as it arrives, so a job of 100,000 pages holds a bounded number of pages in memory
(a document's pages while its PDF is written).
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import fsio
from ..errors import FileNotFoundInputError, ScanStationError
from .errors import JobError, JobIncompleteError
from .pagetask import PageJob, PageOutcome, render_key
from .splitting import PlannedDocument, SplitRules, Splitter, plan
from .state import JobStore, PageRow, register_job

Progress = Callable[[dict[str, Any]], None]
PROGRESS_LOG_SECONDS = 2.0
MAX_ATTEMPTS = 4  # a worker dying under the same page this often: the page, not bad luck

log = logging.getLogger("scanstation.batch")


@dataclass
class RunSummary:
    job: str
    outdir: Path
    pages_total: int
    pages_done: int
    documents: int
    flagged: int
    index: Path

    def to_dict(self) -> dict[str, Any]:
        return {"event": "done", "job": self.job, "outdir": str(self.outdir),
                "pages_total": self.pages_total, "pages_done": self.pages_done,
                "documents": self.documents, "flagged": self.flagged, "index": str(self.index)}


def _natural(name: str) -> list[Any]:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", name)]


SCANNER_PREFIX = "scanner:"


def _file_pages(given: str, path: Path) -> list[dict[str, Any]]:
    from .. import imaging

    try:
        media_type, frames = imaging.probe(path.read_bytes(), path.name)
    except (ScanStationError, OSError) as exc:
        return [{"source": given, "page": 1, "path": str(path.resolve()),
                 "error": type(exc).__name__}]
    return [{"source": given, "page": number, "path": str(path.resolve()),
             "media_type": media_type, "frame": number - 1, "dpi": frame.dpi}
            for number, frame in enumerate(frames, 1)]


def _folder_files(given: str, path: Path) -> list[tuple[str, Path]]:
    children = sorted((c for c in path.iterdir() if c.is_file() and not c.name.startswith(".")),
                      key=lambda c: _natural(c.name))
    # as given, not normalised: index.json names the source the way the user wrote it
    return [(os.path.join(given, child.name), child) for child in children]  # noqa: PTH118


def check_sources(sources: list[str]) -> None:
    for given in sources:
        if not given.startswith(SCANNER_PREFIX) and not Path(given).exists():
            raise FileNotFoundInputError(name=Path(given).name)


def capture(store: JobStore, sources: list[str]) -> None:
    """Every page of every source, in order, into the job: a folder gives its files in natural
    order (page2 before page10); ``scanner:DEVICE[?pages=N&resolution=R&mode=M]`` feeds the
    scanner's ADF through ``scanstation.capture`` until it is empty, each page written to the job
    before its row. A file that cannot be read becomes one flagged page: the job goes on."""
    for given in sources:
        if given.startswith(SCANNER_PREFIX):
            _capture_scanner(store, given)
            continue
        path = Path(given)
        files = _folder_files(given, path) if path.is_dir() else [(given, path)]
        pages: list[dict[str, Any]] = []
        for name, file in files:
            pages += _file_pages(name, file)
        store.add_pages(pages)


def _capture_scanner(store: JobStore, given: str) -> None:
    from urllib.parse import parse_qs

    from ..capture.base import ScanOptions
    from ..capture.discovery import source_for
    from ..imaging import MEDIA_PNG

    device, _, query = given[len(SCANNER_PREFIX):].partition("?")
    params = {k: v[-1] for k, v in parse_qs(query).items()}
    options = ScanOptions(device, source="adf", resolution=int(params.get("resolution", 200)),
                          mode=params.get("mode", "color"),  # type: ignore[arg-type]
                          pages=int(params.get("pages", 0)))
    folder = store.dir / "captured"
    folder.mkdir(mode=0o700, exist_ok=True)
    for number, page in enumerate(source_for(device).scan(options), 1):
        path = folder / f"{store.counts()['pages_total'] + 1:07d}.png"
        fsio.atomic_write_bytes(path, page.data)
        store.add_pages([{"source": given, "page": number, "path": str(path),
                          "media_type": MEDIA_PNG, "frame": 0, "dpi": page.dpi}])


def create_job(outdir: Path, sources: list[str], rules: SplitRules, name: str | None) -> JobStore:
    store = JobStore(outdir)
    store.acquire_lease()
    if store.get("captured"):
        if store.get("sources") != sources or store.get("rules") != rules.to_list():
            store.close()
            raise JobError(job=store.name, reason="OUTDIR holds another job (other sources or rules);"
                           " use 'batch resume' or a new -o")
        return store
    job_name = name or Path(outdir).resolve().name
    try:
        check_sources(sources)
        store.set(name=job_name, sources=sources, rules=rules.to_list(),
                  keep_separators=rules.keep_separators, created=time.time())
        store.clear_pages()  # a capture cut short by a kill starts again (nothing ran on it)
        capture(store, sources)
    except BaseException:
        store.close()
        raise
    store.set(captured=True, state="running")  # after the pages: until then, no page runs
    register_job(job_name, Path(outdir))
    return store


def open_job(outdir: Path) -> tuple[JobStore, SplitRules]:
    store = JobStore(outdir)
    store.acquire_lease()
    if not store.get("captured"):
        store.close()
        raise JobError(job=str(outdir), reason="the job never finished capturing; run it again")
    return store, rules_of(store)


def rules_of(store: JobStore) -> SplitRules:
    return SplitRules.parse(store.get("rules") or [], bool(store.get("keep_separators")))


def _page_job(row: PageRow, rules: SplitRules) -> PageJob:
    return PageJob(row.seq, row.path, row.media_type, row.frame, row.dpi, Path(row.source).name,
                   row.render_key or render_key(row.path, row.frame, row.turn), patch=rules.patcht,
                   barcodes=rules.barcode, turn=row.turn)


def process(store: JobStore, rules: SplitRules, executor: Any,
            progress: Progress | None = None) -> RunSummary:
    """Run every page not yet done, write documents as they close, then finalize."""
    rows = store.pages()
    total = len(rows)
    known = {d["seq"]: d for d in store.documents()}
    splitter = Splitter(rules, store.name)
    frontier = 0

    def done(row: PageRow) -> bool:
        return row.ocred or bool(row.error) or row.decision == "deleted"

    def advance() -> None:
        nonlocal frontier
        from .documents import ensure_document

        while frontier < total and done(rows[frontier]):
            for doc in splitter.feed(rows[frontier]):
                ensure_document(store, doc, rows, known)
            frontier += 1

    todo = [r for r in rows if not done(r) or (r.ocred and not store.result_path(r.render_key).exists())]
    todo.reverse()  # pop() from the end = feed order
    in_flight: dict[Any, PageJob] = {}
    attempts: dict[int, int] = {}
    window = 2 * executor.workers + 2
    pages_done = sum(1 for r in rows if done(r))
    last_log = 0.0
    advance()
    while todo or in_flight:
        while todo and len(in_flight) < window:
            job = _page_job(todo.pop(), rules)
            in_flight[executor.submit(job)] = job
        finished, _ = executor.wait_some(in_flight.keys(), timeout=0.5)
        for handle in finished:
            job = in_flight.pop(handle)
            try:
                outcome = executor.outcome(handle)
            except Exception as exc:  # worker lost or task crashed: run the page again …
                attempts[job.seq] = attempts.get(job.seq, 0) + 1
                if attempts[job.seq] < MAX_ATTEMPTS:
                    in_flight[executor.submit(job)] = job
                    continue
                # … but a page that kills its worker every time is flagged, and the job goes on
                log.warning("page %d failed %d times: %s", job.seq, MAX_ATTEMPTS, type(exc).__name__)
                outcome = PageOutcome(job.seq, job.render_key, b"", {"error": "PageTaskFailed"})
            if outcome.result:
                fsio.atomic_write_bytes(store.result_path(outcome.render_key), outcome.result)
            store.record_page(job.seq, {**outcome.values, "render_key": outcome.render_key})
            rows[job.seq - 1] = store.pages("seq=?", (job.seq,))[0]
            pages_done += 1
            if progress:
                progress({"event": "page", "seq": job.seq, "pages_done": pages_done,
                          "pages_total": total})
        if time.monotonic() - last_log > PROGRESS_LOG_SECONDS:
            store.log_progress(pages_done, len(in_flight))
            last_log = time.monotonic()
        advance()
    store.log_progress(pages_done, 0)
    for doc in splitter.finish():
        from .documents import ensure_document

        ensure_document(store, doc, rows, known)
    return finalize(store, rules)


def finalize(store: JobStore, rules: SplitRules) -> RunSummary:
    """Flags from the whole batch, document flags, ``index.json``; check nothing is lost."""
    from .documents import drop_stale_documents, ensure_document, index_entries, write_index
    from .review import compute_flags

    rows = store.pages()
    docs = plan(rows, rules, store.name)
    known = {d["seq"]: d for d in store.documents()}
    for doc in docs:  # no-op unless review moved a split or deleted a page
        ensure_document(store, doc, rows, known)
    drop_stale_documents(store, len(docs))
    flags = compute_flags(rows, rules)
    store.set_page_flags(flags)
    rows = store.pages()
    _check_accounted(store, rows, docs)
    entries = index_entries(store, docs, rows, flags)
    store.set_document_flags({doc.seq: e["flags"] for doc, e in zip(docs, entries, strict=True)})
    index = write_index(store, entries)
    state = store.get("state")
    if state not in ("exported",):
        store.set(state="staged")
    flagged = sum(1 for r in rows if r.flags and not r.decision)
    return RunSummary(store.name, store.outdir, len(rows), sum(1 for r in rows if r.ocred or r.error),
                      len(docs), flagged, index)


def _check_accounted(store: JobStore, rows: list[PageRow], docs: list[PlannedDocument]) -> None:
    """Every page is in exactly one document, a separator, unreadable, or deleted by review."""
    placed: list[int] = []
    for doc in docs:
        placed += doc.pages + doc.unreadable
        if doc.separator_seq is not None and doc.separator_seq not in doc.pages:
            placed.append(doc.separator_seq)
    placed += [r.seq for r in rows if r.decision == "deleted"]
    missing = {r.seq for r in rows} - set(placed)
    # a trailing separator sheet (nothing after it) closes nothing: it is accounted for too
    missing -= {r.seq for r in rows if r.ocred and r.sep_kind and not r.sep_unsure}
    missing -= {r.seq for r in rows if r.blank and store.get("rules") and "blank" in store.get("rules")}
    if missing or len(placed) != len(set(placed)):
        raise JobIncompleteError(job=store.name, missing=len(missing))
