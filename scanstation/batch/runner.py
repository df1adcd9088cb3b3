"""Run and resume a job: capture → page tasks (bounded window) → document tasks as documents
close → flags and ``index.json``.

Backpressure: at most ``2 × workers + 2`` tasks (pages, and documents with their pages' results)
are in flight, and a result goes to disk as soon as it arrives, so a job of 100,000 pages holds
a bounded number of pages in memory.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import fsio
from ..errors import FileNotFoundInputError, ScanStationError
from .doctask import DocJob, DocOutcome
from .errors import JobError, JobIncompleteError
from .pagetask import PageJob, PageOutcome, render_key
from .splitting import PlannedDocument, SplitRules, Splitter, plan
from .state import JobStore, PageRow, register_job

if TYPE_CHECKING:  # the executors (process pools, Dask) load only when a run needs them
    from .executors import Task

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
        # headers only: decoding every image here cost the coordinator ~0.05 CPU s a page while
        # the workers waited; a truncated image fails in its page task and is flagged there
        media_type, frames = imaging.probe(path.read_bytes(), path.name, decode_first=False)
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


def _done(row: PageRow) -> bool:
    return row.ocred or bool(row.error) or row.decision == "deleted"


def process(store: JobStore, rules: SplitRules, executor: Any,
            progress: Progress | None = None) -> RunSummary:
    """Run every page not yet done and every document as it closes, then finalize."""
    _Run(store, rules, executor, progress).run()
    return finalize(store, rules)


class _Run:
    """One pass over a job: page tasks and document tasks share a bounded window on the
    executor; the coordinator only writes what comes back (page results, document files) and
    the job state, in that order."""

    def __init__(self, store: JobStore, rules: SplitRules, executor: Any,
                 progress: Progress | None) -> None:
        self.store, self.rules, self.executor, self.progress = store, rules, executor, progress
        self.rows = store.pages()
        self.total = len(self.rows)
        self.known = {d["seq"]: d for d in store.documents()}
        self.splitter = Splitter(rules, store.name)
        self.frontier = 0
        self.in_flight: dict[Any, Task] = {}
        self.closed: deque[PlannedDocument] = deque()  # waiting for a slot in the window
        self.assembling: dict[int, PlannedDocument] = {}
        self.attempts: dict[str, int] = {}
        self.pages_done = sum(1 for r in self.rows if _done(r))

    def run(self) -> None:
        todo = [r for r in self.rows
                if not _done(r) or (r.ocred and not self.store.result_path(r.render_key).exists())]
        todo.reverse()  # pop() from the end = feed order
        window = 2 * self.executor.workers + 2
        last_log, finishing = 0.0, False
        self._advance()
        while True:
            while len(self.in_flight) < window and (self.closed or todo):
                # a closed document first: it frees its pages' results from the window sooner
                if self.closed:
                    self._submit_document(self.closed.popleft())
                else:
                    self._submit(_page_job(todo.pop(), self.rules))
            if not self.in_flight and not todo and not self.closed:
                if finishing:
                    break
                finishing = True
                self.closed.extend(self.splitter.finish())
                continue
            finished, _ = self.executor.wait_some(self.in_flight.keys(), timeout=0.5)
            for handle in finished:
                self._arrived(handle)
            if time.monotonic() - last_log > PROGRESS_LOG_SECONDS:
                self.store.log_progress(self.pages_done, len(self.in_flight))
                last_log = time.monotonic()
            self._advance()
        self.store.log_progress(self.pages_done, 0)

    def _submit(self, job: Task) -> None:
        self.in_flight[self.executor.submit(job)] = job

    def _advance(self) -> None:
        """Feed the splitter the pages done in order; a document it closes waits for a slot."""
        while self.frontier < self.total and _done(self.rows[self.frontier]):
            self.closed.extend(self.splitter.feed(self.rows[self.frontier]))
            self.frontier += 1

    def _submit_document(self, doc: PlannedDocument) -> None:
        from .documents import content_key, document_job, is_current, record_document

        if is_current(self.store, doc, self.rows, self.known):
            return  # a resumed job: this exact document is already on disk
        if not doc.pages:  # a separator with nothing after it: a row, no file
            record_document(self.store, doc, None, self.known, content_key(doc, self.rows))
            return
        self.assembling[doc.seq] = doc
        self._submit(document_job(self.store, doc, self.rows))

    def _arrived(self, handle: Any) -> None:
        from .documents import record_document
        from .executors import WorkerLost, task_key

        job = self.in_flight.pop(handle)
        key = task_key(job)
        try:
            outcome = self.executor.outcome(handle)
        except Exception as exc:  # worker lost or task crashed: run the task again …
            self.attempts[key] = self.attempts.get(key, 0) + 1
            if self.attempts[key] < MAX_ATTEMPTS and (isinstance(job, PageJob)
                                                      or isinstance(exc, WorkerLost)):
                self._submit(job)
                return
            if isinstance(job, DocJob):
                raise  # a document that fails its check, or kills every worker: stop, say why
            # … but a page that kills its worker every time is flagged, and the job goes on
            log.warning("page %d failed %d times: %s", job.seq, MAX_ATTEMPTS, type(exc).__name__)
            outcome = PageOutcome(job.seq, job.render_key, b"", {"error": "PageTaskFailed"})
        if isinstance(job, DocJob):
            assert isinstance(outcome, DocOutcome)
            record_document(self.store, self.assembling.pop(job.seq), outcome, self.known,
                            job.content_key)
            return
        assert isinstance(outcome, PageOutcome)
        if outcome.result:
            fsio.atomic_write_bytes(self.store.result_path(outcome.render_key), outcome.result)
        self.store.record_page(job.seq, {**outcome.values, "render_key": outcome.render_key})
        self.rows[job.seq - 1] = self.store.pages("seq=?", (job.seq,))[0]
        self.pages_done += 1
        if self.progress:
            self.progress({"event": "page", "seq": job.seq, "pages_done": self.pages_done,
                           "pages_total": self.total})


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
