"""One dossier at the counter, as the UI drives it: every step is a call into the core (the same
functions the CLI calls). Qt-free, so a test can drive a whole dossier without a window, and the
Counter and Guided modes share it.

The signing PIN lives in a ``SessionPin`` for the app's session only (never written, never logged).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dossier.checklist import Checklist
from ..dossier.model import Applicant, Dossier, Procedure
from ..errors import Cancelled
from ..model import Page
from ..pdf.sign import SessionPin

log = logging.getLogger("scanstation.ui.session")

ProgressFn = Callable[[int, int, str], None]
BACKGROUND_NICENESS = 10  # OCR while the officer works: the window's drawing comes first


@dataclass
class PageText:
    """OCR of one page for the review screen: words with boxes and confidence."""

    text: str
    words: list[tuple[str, tuple[int, int, int, int], float]]
    mean_confidence: float


@dataclass
class CounterSession:
    home: Path
    dossier: Dossier | None = None
    pin: SessionPin = field(default_factory=SessionPin)
    ocr: dict[str, PageText] = field(default_factory=dict)  # page id → OCR for review
    last_build: Any = None  # dossier.build.BuildResult
    outbox_item: str | None = None
    # page id → (render key, ocr.pipeline.PageResult): the build reuses what the background
    # OCR has read instead of reading every page again
    ocr_results: dict[str, tuple[str, Any]] = field(default_factory=dict)
    _ocr_cond: threading.Condition = field(default_factory=threading.Condition, repr=False)
    _ocr_inflight: set[str] = field(default_factory=set, repr=False)

    # --- catalogue and dossier -----------------------------------------------------------------

    def catalogue(self) -> dict[str, Procedure]:
        from ..dossier.catalogue import load_catalogue

        return load_catalogue(self.home)

    def procedure(self) -> Procedure:
        from ..dossier.catalogue import get_procedure

        assert self.dossier is not None
        return get_procedure(self.dossier.procedure_code, self.home)

    def new(self, procedure_code: str) -> Dossier:
        from ..dossier.service import new_dossier

        self.dossier = new_dossier(self.home, procedure_code,
                                   warn=lambda text: log.warning("%s", text))
        self.ocr.clear()
        self.ocr_results.clear()
        self.last_build = None
        self.outbox_item = None
        log.info("dossier %s started (procedure %s)", self.dossier.id, procedure_code)
        return self.dossier

    def resume(self, dossier_id: str) -> Dossier:
        from ..dossier.store import DossierStore

        with DossierStore(self.home) as store:
            self.dossier = store.get(dossier_id)
        return self.dossier

    def recover(self, dossier_id: str) -> tuple[Dossier, list[str], str]:
        """Resume a dossier after a crash. Pages captured into its batch whose assignment the
        crash cut off (a scan or import killed before it saved the dossier) are assigned to
        the component worked on last, for the officer to check; returns them and that code."""
        from ..dossier.service import assign_pages

        dossier = self.resume(dossier_id)
        orphans = unassigned_pages(self.home, dossier)
        code = ""
        if orphans:
            used = [c for c, doc in dossier.documents.items() if doc.page_ids]
            code = used[-1] if used else self.procedure().components[0].code
            self.dossier = assign_pages(self.home, dossier.id, code, orphans)
            log.warning("dossier %s: %d recovered page(s) assigned to %s", dossier.id,
                        len(orphans), code)
        return self.dossier, orphans, code

    def reload(self) -> Dossier:
        assert self.dossier is not None
        return self.resume(self.dossier.id)

    def checklist(self) -> Checklist:
        from ..dossier.service import dossier_checklist

        assert self.dossier is not None
        self.dossier, check = dossier_checklist(self.home, self.dossier.id)
        return check

    # --- ID card ---------------------------------------------------------------------------------

    @staticmethod
    def read_card(path: Path) -> dict[str, Any]:
        """The ``idcard --json`` record: applicant fields, warnings, address conversion."""
        from ..idcard.reader import card_record
        from ..privacy import register_personal_data

        record = card_record(Path(path))
        applicant = record.get("applicant") or {}
        register_personal_data(*(str(applicant.get(k) or "") for k in
                                 ("full_name", "address", "id_number", "old_id_number")
                                 if applicant.get(k)))
        return record

    def set_applicant(self, values: dict[str, str], source: str = "qr") -> Dossier:
        from ..dossier.service import set_applicant

        assert self.dossier is not None
        applicant = Applicant.from_dict({**values, "source": source})
        self.dossier = set_applicant(self.home, self.dossier.id, applicant)
        return self.dossier

    # --- capture ---------------------------------------------------------------------------------

    def add_files(self, code: str, paths: Sequence[Path], *, clean: bool = True) -> list[str]:
        """Import and clean ``paths`` into the component ``code``. The work runs in a helper
        process: cleaning is CPU-bound Python and C that may hold the GIL for tens of ms at a
        time, which would stall the window's event loop if it ran in a thread of this process."""
        from ..dossier.service import add_documents

        assert self.dossier is not None
        result = in_process_worker(add_documents, self.home, self.dossier.id, code,
                                   [Path(p) for p in paths], clean=clean)
        self.dossier = result.dossier
        return result.page_ids

    def scan(self, code: str, device: str, *, resolution: int = 300, mode: str = "gray",
             pages: int = 1, cancel: threading.Event | None = None,
             progress: ProgressFn | None = None) -> list[str]:
        """Scan with the capture layer (SANE in its worker process, eSCL, camera); each page is
        committed as it arrives, cleaned, then assigned to the component document."""
        from ..capture.base import ScanOptions, commit_pages, source_for
        from ..dossier.service import assign_pages
        from ..importer import cleanup_page
        from ..workspace import Workspace

        assert self.dossier is not None
        source = source_for(device, self.home)
        options = ScanOptions(device=device, resolution=resolution, mode=mode,  # type: ignore[arg-type]
                              pages=pages, source="flatbed" if pages <= 1 else "adf")
        page_ids: list[str] = []
        with Workspace(self.home) as ws:
            def committed(item: Any) -> None:
                page = cleanup_page(ws, item.page)
                page_ids.append(page.id)
                if progress:
                    progress(len(page_ids), pages, item.captured.name)

            commit_pages(ws, source.scan(options, cancel), batch=self.dossier.id,
                         on_commit=committed)
        self.dossier = assign_pages(self.home, self.dossier.id, code, page_ids)
        return page_ids

    def pages(self, code: str) -> list[Page]:
        from ..workspace import Workspace

        assert self.dossier is not None
        doc = self.dossier.documents.get(code)
        if doc is None:
            return []
        with Workspace(self.home) as ws:
            return [ws.page(pid) for pid in doc.page_ids]

    def all_page_ids(self) -> list[str]:
        assert self.dossier is not None
        return [pid for doc in self.dossier.documents.values() for pid in doc.page_ids]

    # --- OCR for review (in the background while scanning continues) ---------------------------

    def ocr_pages(self, page_ids: Sequence[str], *, cancel: threading.Event | None = None,
                  progress: ProgressFn | None = None) -> dict[str, PageText]:
        """OCR the cleaned rasters with the OCR stage's page task, one Tesseract per core in a
        process pool (no GIL held by this thread)."""
        # Several calls may run at once (a page arrives while the last one is being read): each
        # reads the pages nobody is reading yet, then waits for the ones another call is
        # reading, so a page is read once and the build finds every page done.
        with self._ocr_cond:
            wanted = [pid for pid in page_ids if pid not in self.ocr]
            todo = [pid for pid in wanted if pid not in self._ocr_inflight]
            self._ocr_inflight.update(todo)
        try:
            found = self._ocr_pages(todo, cancel=cancel, progress=progress) if todo else {}
        finally:
            with self._ocr_cond:
                self._ocr_inflight.difference_update(todo)
                self._ocr_cond.notify_all()
        with self._ocr_cond:
            while any(pid in self._ocr_inflight for pid in wanted):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                self._ocr_cond.wait(0.2)
        return found

    def _ocr_pages(self, todo: Sequence[str], *, cancel: threading.Event | None = None,
                   progress: ProgressFn | None = None) -> dict[str, PageText]:
        from concurrent.futures.process import BrokenProcessPool

        from ..ocr.pipeline import PageSource, run_pages

        # rendering a 300 dpi page (decode, transforms, PNG) is GIL-holding work: helper process
        rendered = in_process_worker(render_pages, self.home, list(todo))
        keys = [key for key, _path, _dpi in rendered]
        sources = [PageSource(index=i, name=f"{i + 1}.png", path=path, media_type="image/png",
                              dpi=dpi) for i, (_key, path, dpi) in enumerate(rendered)]

        def report(done: int, total: int) -> None:
            if progress:
                progress(done, total, "")

        try:
            results = run_pages(sources, progress=report, cancel=cancel,
                                executor=_ocr_pool())
        except BrokenProcessPool:
            _drop_ocr_pool()
            raise
        found: dict[str, PageText] = {}
        for pid, key, result in zip(todo, keys, results, strict=True):
            self.ocr_results[pid] = (key, result)
            words = [(w.text, tuple(w.box), float(w.conf)) for w in result.ocr.words]
            found[pid] = PageText(result.ocr.text, words,  # type: ignore[arg-type]
                                  float(result.ocr.mean_confidence))
        with self._ocr_cond:
            self.ocr.update(found)
        return found

    # --- build, sign, queue, receipt ------------------------------------------------------------

    def build_and_sign(self, out_dir: Path, credential: Any | None, *,
                       cancel: threading.Event | None = None,
                       progress: ProgressFn | None = None) -> Any:
        """Build (PDF/A per component document, manifest) and sign, in a helper process: PDF
        writing, its checks and pyHanko hold the GIL for tens of ms at a time, which would stall
        the window. Progress comes back per component document; cancel is seen between them."""
        import tempfile

        assert self.dossier is not None
        # pages the background OCR has not reached yet are read now, once; the build then
        # reuses every page's result (a page edited since is read again by the build)
        self.ocr_pages(self.all_page_ids(), cancel=cancel)
        with tempfile.TemporaryDirectory(prefix="scanstation-build-") as signals:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            relay = _BuildRelay(Path(signals), cancel, progress)
            relay.start()
            try:
                self.last_build = in_process_worker(
                    _build_in_helper, self.home, self.dossier.id, Path(out_dir), credential,
                    # the PIN crosses to our own helper over its pipe, in memory only
                    self.pin.get() if credential is not None else None,
                    dict(self.ocr_results), Path(signals), os.environ.get("SOFTHSM2_CONF"))
            finally:
                relay.stop()
        self.reload()
        return self.last_build

    def enqueue(self) -> str:
        from ..outbox.queue import Outbox

        assert self.last_build is not None
        with Outbox(self.home) as outbox:
            result = outbox.add_path(self.last_build.folder)
        self.outbox_item = result.item.id
        return result.item.id

    def receipt_pdf(self, target: Path, agency: str = "") -> Path | None:
        """The printable receipt, once the portal has answered (None before)."""
        from ..outbox.queue import Outbox
        from ..outbox.receipts import write_receipt_pdf

        if self.outbox_item is None:
            return None
        with Outbox(self.home) as outbox:
            item = outbox.get(self.outbox_item)
        if item is None or item.state != "sent":
            return None
        return write_receipt_pdf(item, target, agency=agency)


HELPER_NICENESS = 5  # the officer waits for imports, but the window must keep drawing meanwhile
_WORKER_LOCK = threading.Lock()
_WORKER: Any = None


def _helper_init(app_pid: int) -> None:
    import contextlib
    import os

    from ..lifeline import die_with

    with contextlib.suppress(OSError):
        os.nice(HELPER_NICENESS)
    die_with(app_pid)


_OCR_POOL: Any = None


def _ocr_pool() -> Any:
    """The app's OCR workers, started once and kept (niceness 10: background work); like
    the helpers, they end the moment the app does, even after a kill -9."""
    from ..ocr.pipeline import make_ocr_pool

    global _OCR_POOL
    with _WORKER_LOCK:
        if _OCR_POOL is None:
            _OCR_POOL = make_ocr_pool(niceness=BACKGROUND_NICENESS, die_with_pid=os.getpid())
        return _OCR_POOL


def _drop_ocr_pool() -> None:
    global _OCR_POOL
    with _WORKER_LOCK:
        _OCR_POOL = None


def in_process_worker(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a core function (picklable arguments and result) in the app's helper processes and
    wait for it; the calling thread waits without the GIL. Two helper processes, started on
    first use and reused; if one dies (killed, out of memory) the next call starts afresh."""
    from concurrent.futures.process import BrokenProcessPool

    global _WORKER
    with _WORKER_LOCK:
        if _WORKER is None:
            import multiprocessing
            import os
            from concurrent.futures import ProcessPoolExecutor

            ctx = multiprocessing.get_context("forkserver")
            # the one forkserver of this process: preload what helpers and OCR workers run, so
            # each new worker starts without importing numpy, OpenCV, Tesseract again
            ctx.set_forkserver_preload(["scanstation.ocr.pipeline", "scanstation.stages.pipeline",
                                        "scanstation.ocr.recognize", "scanstation.pdf.pdfa",
                                        "scanstation.dossier.service", "scanstation.importer"])
            _WORKER = ProcessPoolExecutor(max_workers=2, mp_context=ctx,
                                          initializer=_helper_init, initargs=(os.getpid(),))
        pool = _WORKER
    try:
        return pool.submit(fn, *args, **kwargs).result()
    except BrokenProcessPool:
        with _WORKER_LOCK:
            if _WORKER is pool:
                _WORKER = None
        raise


class _FileFlag:
    """A cancel flag a helper process can see: set when its file exists."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def is_set(self) -> bool:
        return self.path.exists()


class _BuildRelay:
    """Carries cancel into a helper's build (a flag file) and its progress back (a small file
    the helper rewrites, polled here), without holding the app's GIL."""

    def __init__(self, folder: Path, cancel: threading.Event | None,
                 progress: ProgressFn | None) -> None:
        self.folder, self.cancel, self.progress = folder, cancel, progress
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="build-relay", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join(timeout=2)

    def _run(self) -> None:
        last = ""
        while not self.done.wait(0.1):
            if self.cancel is not None and self.cancel.is_set():
                (self.folder / "cancel").touch()
            try:
                text = (self.folder / "progress").read_text(encoding="utf-8")
            except OSError:
                continue
            if text != last and self.progress is not None and text.count("\t") == 2:
                last = text
                done, total, label = text.split("\t")
                self.progress(int(done), int(total), label)


def _build_in_helper(home: Path, dossier_id: str, out_dir: Path, credential: Any,
                     pin: str | None, ocr_done: dict[str, Any], signals: Path,
                     softhsm_conf: str | None) -> Any:
    """Run in a helper process: ``build_dossier`` with the app's PIN and OCR results."""
    from ..dossier.build import SignRequest, build_dossier
    from ..pdf.sign import SessionPin

    if softhsm_conf:  # the helper may have been started before the app chose its token
        os.environ["SOFTHSM2_CONF"] = softhsm_conf

    def report(done: int, total: int, *rest: Any) -> None:
        label = str(rest[0]) if rest else ""
        tmp = signals / "progress.tmp"
        tmp.write_text(f"{done}\t{total}\t{label.replace(chr(9), ' ')}", encoding="utf-8")
        tmp.replace(signals / "progress")

    sign = SignRequest(credential, SessionPin(pin)) if credential is not None else None
    return build_dossier(home, dossier_id, out_dir, sign=sign, progress=report,
                         cancel=_FileFlag(signals / "cancel"), ocr_done=ocr_done)


_THUMB_WORKSPACES: dict[str, Any] = {}


def render_pages(home: Path, page_ids: list[str]) -> list[tuple[str, str, float]]:
    """(render key, rendered PNG path, dpi) per page; run in a helper process."""
    from ..workspace import Workspace

    with Workspace(Path(home)) as ws:
        out = []
        for pid in page_ids:
            page = ws.page(pid)
            out.append((ws.render_key(page), str(ws.render_path(page)), float(page.dpi or 0.0)))
        return out


def thumbnail_png(home: Path, page: Page, size: int) -> bytes:
    """A page's thumbnail (rendered from original + transforms through the workspace cache),
    as PNG bytes no larger than ``size``; made in a helper process by ``in_process_worker``."""
    import io

    from PIL import Image

    from ..workspace import Workspace

    ws = _THUMB_WORKSPACES.get(str(home))
    if ws is None:
        ws = _THUMB_WORKSPACES[str(home)] = Workspace(Path(home))
    with Image.open(ws.render_path(page)) as image:
        image.draft("L" if image.mode == "L" else "RGB", (size, size))
        image.thumbnail((size, size), Image.Resampling.LANCZOS)
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def unassigned_pages(home: Path, dossier: Dossier) -> list[str]:
    """Pages in the dossier's workspace batch that no component holds (cut off by a crash)."""
    from ..workspace import Workspace

    assigned = {pid for doc in dossier.documents.values() for pid in doc.page_ids}
    with Workspace(home) as ws:
        return [p.id for p in ws.pages(dossier.id) if p.id not in assigned]


def recoverable_pages(home: Path, dossier: Dossier) -> int:
    """Every page the dossier would have back after recovery: assigned plus cut-off ones."""
    assigned = sum(len(doc.page_ids) for doc in dossier.documents.values())
    return assigned + len(unassigned_pages(home, dossier))


def unfinished_dossiers(home: Path) -> list[Dossier]:
    """Dossiers started but not built, newest first — what crash recovery offers back."""
    from ..dossier.store import DossierStore

    if not (Path(home) / "dossiers.sqlite").exists():
        return []
    with DossierStore(home) as store:
        dossiers = store.list()
    open_ones = [d for d in dossiers if d.status == "open"]
    return sorted(open_ones, key=lambda d: d.created, reverse=True)
