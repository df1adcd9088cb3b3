"""The application service: one dossier being worked on, from paper to the outbox.

Every change to a dossier made by the counter, the guided mode, the workspace window, the local
API or a script goes through a ``DossierSession`` (or the functions of :mod:`.service` it calls,
which the CLI calls directly) — one source of truth. In particular the dossier's ``documents``
hold the order, membership and component of every page: the thumbnails show that order, a move
changes it, the build reads it.

Qt-free: a test can drive a whole dossier without a window. Heavy work (imports, cleanup,
rendering, the build) runs in the app's helper processes (:mod:`scanstation.workers`); OCR in
the OCR pool. The signing PIN lives in a ``SessionPin`` (memory only) and is forgotten after
any failed build, so a wrong PIN is never tried twice.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Cancelled
from ..model import Page, Rotate
from ..pdf.sign import SessionPin
from ..workers import drop_ocr_pool, ocr_pool, run_in_helper
from .checklist import Checklist
from .model import Applicant, Dossier, Procedure

log = logging.getLogger("scanstation.dossier.session")

CAMERA_BURST = 5  # frames of a resting card a document camera hands over to be read together

ProgressFn = Callable[[int, int, str], None]


@dataclass
class PageText:
    """OCR of one page for the review screen: words with boxes and confidence."""

    text: str
    words: list[tuple[str, tuple[int, int, int, int], float]]
    mean_confidence: float


@dataclass
class DossierSession:
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
        from .catalogue import load_catalogue

        return load_catalogue(self.home)

    def procedure(self) -> Procedure:
        from .catalogue import get_procedure

        return get_procedure(self._dossier().procedure_code, self.home)

    def _dossier(self) -> Dossier:
        if self.dossier is None:
            raise RuntimeError("no dossier open")  # a programming error, not a user's
        return self.dossier

    def _forget_work(self) -> None:
        self.ocr.clear()
        self.ocr_results.clear()
        self.last_build = None
        self.outbox_item = None

    def new(self, procedure_code: str) -> Dossier:
        from .service import new_dossier

        self.dossier = new_dossier(self.home, procedure_code,
                                   warn=lambda text: log.warning("%s", text))
        self._forget_work()
        log.info("dossier %s started (procedure %s)", self.dossier.id, procedure_code)
        return self.dossier

    def resume(self, dossier_id: str) -> Dossier:
        from .store import DossierStore

        with DossierStore(self.home) as store:
            dossier = store.get(dossier_id)
        if self.dossier is None or self.dossier.id != dossier.id:
            self._forget_work()
        self.dossier = dossier
        return dossier

    def recover(self, dossier_id: str) -> tuple[Dossier, list[str], str]:
        """Resume a dossier after a crash. Pages captured into its batch whose assignment the
        crash cut off (a scan or import killed before it saved the dossier) are assigned to
        the component worked on last, for the officer to check; returns them and that code."""
        from .recovery import unassigned_pages
        from .service import assign_pages

        dossier = self.resume(dossier_id)
        orphans = unassigned_pages(self.home, dossier)
        code = ""
        if orphans:
            used = [c for c, doc in dossier.documents.items() if doc.page_ids]
            code = used[-1] if used else self.procedure().components[0].code
            self.dossier = assign_pages(self.home, dossier.id, code, orphans)
            log.warning("dossier %s: %d recovered page(s) assigned to %s", dossier.id,
                        len(orphans), code)
        return self._dossier(), orphans, code

    def reload(self) -> Dossier:
        return self.resume(self._dossier().id)

    def checklist(self) -> Checklist:
        from .service import dossier_checklist

        self.dossier, check = dossier_checklist(self.home, self._dossier().id)
        return check

    def missing_required(self) -> list[str]:
        """The required component documents still missing, by their plain names (an
        alternative group reads "A hoặc B"), for the officer before the build."""
        check = self.checklist()
        names = {item.code: item.name for item in check.items}
        return [" hoặc ".join(names.get(code, code) for code in entry.split("|"))
                for entry in check.missing]

    @property
    def locked(self) -> bool:
        from .service import LOCKED_STATES

        return self.dossier is not None and self.dossier.status in LOCKED_STATES

    def next_applicant(self) -> None:
        """Close the screen's dossier (it stays in the store) and forget its PIN-free state,
        ready for the next applicant."""
        self.dossier = None
        self._forget_work()

    def reopen(self) -> Dossier:
        """A new version of a queued dossier: editable again, to be built and queued again."""
        from .service import reopen

        self.dossier = reopen(self.home, self._dossier().id)
        self.last_build = None
        self.outbox_item = None
        return self.dossier

    # --- ID card ---------------------------------------------------------------------------------

    @staticmethod
    def read_card(path: Path, burst: Sequence[Path] = ()) -> dict[str, Any]:
        """The ``idcard --json`` record (``--burst`` with more frames of the same card)."""
        from ..idcard.burst import burst_record
        from ..idcard.reader import card_record
        from ..privacy import register_personal_data

        record = burst_record([Path(path), *map(Path, burst)]) if burst else card_record(Path(path))
        applicant = record.get("applicant") or {}
        register_personal_data(*(str(applicant.get(k) or "") for k in
                                 ("full_name", "address", "address_new", "id_number",
                                  "old_id_number") if isinstance(applicant.get(k), str)))
        return record

    def read_card_from_scanner(self, device: str, *, resolution: int = 300,
                               cancel: threading.Event | None = None) -> dict[str, Any]:
        """Scan the card on the glass (the whole bed, colour), or take it from a document camera
        (``camera:N``) when it rests, and read its QR. The image is
        sensitive personal data: it lives in a private temporary file only while it is read,
        and never becomes a page of the dossier."""
        from ..capture.base import ScanOptions
        from ..capture.discovery import source_for

        source = source_for(device, self.home)
        # a document camera also hands over the frames of the resting card (idcard/burst.py)
        options = ScanOptions(device=device, source="flatbed", resolution=resolution,
                              mode="color", pages=1, extra={"burst": CAMERA_BURST})
        private = Path(self.home) / "tmp"
        private.mkdir(parents=True, exist_ok=True)
        private.chmod(0o700)
        with tempfile.TemporaryDirectory(dir=private) as folder:
            path = Path(folder) / "the-card.png"
            burst: list[Path] = []

            def keep(name: str, data: bytes) -> Path:
                target = Path(folder) / name
                with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600),
                               "wb") as handle:
                    handle.write(data)
                return target

            for page in source.scan(options, cancel):
                suffix = Path(page.name).suffix or ".png"
                path = keep(f"the-card{suffix}", page.data)
                burst = [keep(f"the-card-{n}{suffix}", data) for n, data in enumerate(page.burst)]
                break
            if not path.exists():
                from ..errors import DeviceError

                raise DeviceError(reason="no page")
            return self.read_card(path, burst)

    def set_applicant(self, values: dict[str, str], source: str = "qr") -> Dossier:
        from .service import set_applicant

        applicant = Applicant.from_dict({**values, "source": source})
        self.dossier = set_applicant(self.home, self._dossier().id, applicant)
        return self.dossier

    # --- capture ---------------------------------------------------------------------------------

    def add_files(self, code: str, paths: Sequence[Path], *, clean: bool = True) -> list[str]:
        """Import and clean ``paths`` into the component ``code`` (in a helper process)."""
        from .service import add_documents

        result = run_in_helper(add_documents, self.home, self._dossier().id, code,
                               [Path(p) for p in paths], clean=clean)
        self.dossier = result.dossier
        return list(result.page_ids)

    def scan(self, code: str, device: str, *, resolution: int = 300, mode: str = "color",
             pages: int = 1, source: str = "flatbed", width_mm: float = 0.0,
             height_mm: float = 0.0, cancel: threading.Event | None = None,
             progress: ProgressFn | None = None) -> list[str]:
        """Scan with the capture layer (SANE in its worker process, eSCL, camera); each page is
        committed as it arrives, cleaned, then assigned to the component document. ``pages``
        0 with a feeder: until the feeder is empty. Pages already committed stay in the
        dossier when the scan is cancelled or the scanner fails half-way."""
        from ..capture.base import ScanOptions, commit_pages
        from ..capture.discovery import source_for
        from ..workspace import Workspace
        from .service import assign_pages

        dossier = self._dossier()
        device_source = source_for(device, self.home)
        options = ScanOptions(device=device, resolution=resolution, mode=mode,  # type: ignore[arg-type]
                              pages=pages, source=source,  # type: ignore[arg-type]
                              width_mm=width_mm, height_mm=height_mm)
        page_ids: list[str] = []
        try:
            with Workspace(self.home) as ws:
                def committed(item: Any) -> None:
                    # cleanup (orientation, deskew, blank) is CPU-bound Python: in a helper
                    # process, so this thread waits without the GIL and the window keeps drawing
                    run_in_helper(clean_committed_page, self.home, item.page.id)
                    page_ids.append(item.page.id)
                    if progress:
                        progress(len(page_ids), pages or 0, item.captured.name)

                commit_pages(ws, device_source.scan(options, cancel), batch=dossier.id,
                             on_commit=committed)
        finally:
            if page_ids:
                self.dossier = assign_pages(self.home, dossier.id, code, page_ids)
        return page_ids

    # --- pages: order, membership, edits ------------------------------------------------------

    def ordered_pages(self) -> list[tuple[str, Page]]:
        """(component code, page) for every page, in the dossier's order: components in the
        procedure's order, pages in their component's order. What the build will write."""
        from ..workspace import Workspace

        dossier = self._dossier()
        order = [c.code for c in self.procedure().components]
        codes = order + [c for c in dossier.documents if c not in order]
        with Workspace(self.home) as ws:
            return [(code, ws.page(pid)) for code in codes
                    for pid in (dossier.documents[code].page_ids if code in dossier.documents
                                else [])]

    def move_page(self, page_id: str, step: int) -> Dossier:
        """Move a page one place earlier (-1) or later (+1). Past the first or last page of its
        component it moves into the previous or next component document."""
        from .service import move_page

        dossier = self._dossier()
        codes = [c.code for c in self.procedure().components]
        code = next((c for c, d in dossier.documents.items() if page_id in d.page_ids), None)
        if code is None:
            from ..errors import NotFoundError

            raise NotFoundError(what="page", key=page_id)
        ids = dossier.documents[code].page_ids
        index = ids.index(page_id) + step
        if 0 <= index < len(ids) or code not in codes:
            target_code, target_index = code, max(0, min(index, len(ids) - 1))
        else:
            where = codes.index(code) + (1 if step > 0 else -1)
            if not 0 <= where < len(codes):
                return dossier  # already the first (last) page of the dossier
            target_code = codes[where]
            target = dossier.documents.get(target_code)
            target_index = 0 if step > 0 else (len(target.page_ids) if target else 0)
        self.dossier = move_page(self.home, dossier.id, page_id, target_code, target_index)
        return self.dossier

    def move_to_component(self, page_id: str, code: str) -> Dossier:
        """Move a page to the end of another component document."""
        from .service import move_page

        self.dossier = move_page(self.home, self._dossier().id, page_id, code, 1 << 30)
        return self.dossier

    def remove_page(self, page_id: str) -> Dossier:
        """Take a page out of the dossier and off the workspace (its original is kept)."""
        from ..workspace import Workspace
        from .service import remove_page

        self.dossier = remove_page(self.home, self._dossier().id, page_id)
        with Workspace(self.home) as ws:
            ws.delete_page(page_id)
        self.ocr.pop(page_id, None)
        return self.dossier

    def edit_page(self, page_id: str, what: str) -> Page:
        """Rotate left/right or undo the last edit: a transform on the page, never a change to
        its original; the page's text is read again after the edit."""
        from ..workspace import Workspace
        from .service import LOCKED_STATES, DossierFrozenError

        if self._dossier().status in LOCKED_STATES:
            raise DossierFrozenError(key=self._dossier().id)
        with Workspace(self.home) as ws:
            page = ws.page(page_id)
            if what == "undo":
                page = page.undo()
            else:
                page = page.with_transform(Rotate(1 if what == "left" else 3))
            ws.update_page(page)
        self.ocr.pop(page_id, None)
        self.ocr_results.pop(page_id, None)
        return page

    def all_page_ids(self) -> list[str]:
        return [pid for doc in self._dossier().documents.values() for pid in doc.page_ids]

    # --- OCR for review (in the background while scanning continues) ---------------------------

    def ocr_pages(self, page_ids: Sequence[str], *, cancel: threading.Event | None = None,
                  progress: ProgressFn | None = None) -> dict[str, PageText]:
        """OCR the cleaned rasters in the OCR pool (no GIL held by this thread).

        Several calls may run at once (a page arrives while the last one is being read): each
        reads the pages nobody is reading yet, then waits for the ones another call is
        reading, so a page is read once and the build finds every page done."""
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
        from ..rendering import render_pages

        rendered = run_in_helper(render_pages, self.home, list(todo))
        keys = [key for key, _path, _dpi in rendered]
        sources = [PageSource(index=i, name=f"{i + 1}.png", path=path, media_type="image/png",
                              dpi=dpi) for i, (_key, path, dpi) in enumerate(rendered)]

        def report(done: int, total: int) -> None:
            if progress:
                progress(done, total, "")

        try:
            results = run_pages(sources, progress=report, cancel=cancel, executor=ocr_pool())
        except BrokenProcessPool:
            drop_ocr_pool()
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

    # --- build, sign, queue, receipts ----------------------------------------------------------

    def build_and_sign(self, out_dir: Path, credential: Any | None, *,
                       cancel: threading.Event | None = None,
                       progress: ProgressFn | None = None,
                       incomplete_reason: str | None = None,
                       allow_final_try: bool = False) -> Any:
        """Build (PDF/A per component document, manifest) and sign, in a helper process.
        ``incomplete_reason``: build although required documents are missing (the officer's
        reason goes into the manifest). Any failure forgets the PIN: the next attempt asks
        again, so a wrong PIN is never replayed against the token's retry counter."""
        from .build_helper import BuildRelay, build_in_helper

        dossier = self._dossier()
        try:
            # pages the background OCR has not reached yet are read now, once; the build then
            # reuses every page's result (a page edited since is read again by the build)
            self.ocr_pages(self.all_page_ids(), cancel=cancel)
            with tempfile.TemporaryDirectory(prefix="scanstation-build-") as signals:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                relay = BuildRelay(Path(signals), cancel, progress)
                relay.start()
                try:
                    self.last_build = run_in_helper(
                        build_in_helper, self.home, dossier.id, Path(out_dir), credential,
                        # the PIN crosses to our own helper over its pipe, in memory only
                        self.pin.get() if credential is not None else None,
                        dict(self.ocr_results), Path(signals), os.environ.get("SOFTHSM2_CONF"),
                        incomplete_reason, allow_final_try)
                finally:
                    relay.stop()
        except BaseException:
            self.pin.forget()
            raise
        self.reload()
        return self.last_build

    def enqueue(self) -> str:
        """Put the built dossier into the outbox; the dossier is locked from then on."""
        from ..outbox.queue import Outbox
        from .service import mark_queued

        if self.last_build is None:
            raise RuntimeError("nothing built")
        with Outbox(self.home) as outbox:
            result = outbox.add_path(self.last_build.folder)
        self.outbox_item = result.item.id
        self.dossier = mark_queued(self.home, self._dossier().id, result.item.id)
        return result.item.id

    @staticmethod
    def token_state(credential: Any) -> Any:
        """The signing token's PIN flags (count low, final try, locked), read without logging
        in, so the PIN dialog can say how close the token is to locking; None for a PKCS#12
        file, which has no retry counter."""
        from ..pdf.sign import Pkcs11Credential
        from ..pdf.token import read_token_state

        if not isinstance(credential, Pkcs11Credential):
            return None
        return read_token_state(credential)

    def intake_receipt(self, target: Path, officer: str = "") -> Path:
        """The intake receipt ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả") for the citizen, at
        once and offline; it carries the portal's receipt number once the portal has answered."""
        from .intake_receipt import write_intake_receipt

        path, _receipt = write_intake_receipt(self.home, self._dossier().id, target,
                                              officer=officer)
        return path

    def receipt_pdf(self, target: Path, agency: str = "") -> Path | None:
        """The portal's receipt, once the portal has answered (None before)."""
        from ..outbox.queue import Outbox
        from ..outbox.receipts import write_receipt_pdf

        if self.outbox_item is None:
            return None
        with Outbox(self.home) as outbox:
            item = outbox.get(self.outbox_item)
        if item is None or item.state != "sent":
            return None
        return write_receipt_pdf(item, target, agency=agency)


def clean_committed_page(home: Path, page_id: str) -> str:
    """Run in a helper process: the cleanup stages on a page just captured."""
    from ..importer import cleanup_page
    from ..workspace import Workspace

    with Workspace(Path(home)) as ws:
        return cleanup_page(ws, ws.page(page_id)).id
