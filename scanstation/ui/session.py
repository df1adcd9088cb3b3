"""One dossier at the counter, as the UI drives it: every step is a call into the core (the same
functions the CLI calls). Qt-free, so a test can drive a whole dossier without a window, and the
Counter and Guided modes share it.

The signing PIN lives in a ``SessionPin`` for the app's session only (never written, never logged).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dossier.checklist import Checklist
from ..dossier.model import Applicant, Dossier, Procedure
from ..model import Page
from ..pdf.sign import SessionPin

log = logging.getLogger("scanstation.ui.session")

ProgressFn = Callable[[int, int, str], None]


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
        self.last_build = None
        self.outbox_item = None
        log.info("dossier %s started (procedure %s)", self.dossier.id, procedure_code)
        return self.dossier

    def resume(self, dossier_id: str) -> Dossier:
        from ..dossier.store import DossierStore

        with DossierStore(self.home) as store:
            self.dossier = store.get(dossier_id)
        return self.dossier

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
        from ..dossier.service import add_documents

        assert self.dossier is not None
        result = add_documents(self.home, self.dossier.id, code, list(paths), clean=clean)
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
        from ..ocr_pipeline import PageSource, run_pages
        from ..workspace import Workspace

        todo = [pid for pid in page_ids if pid not in self.ocr]
        if not todo:
            return {}
        with Workspace(self.home) as ws:
            sources = []
            for i, pid in enumerate(todo):
                page = ws.page(pid)
                sources.append(PageSource(index=i, name=f"{i + 1}.png",
                                          path=str(ws.render_path(page)),
                                          media_type="image/png", dpi=page.dpi or 0.0))

        def report(done: int, total: int) -> None:
            if progress:
                progress(done, total, "")

        results = run_pages(sources, progress=report, cancel=cancel)
        found: dict[str, PageText] = {}
        for pid, result in zip(todo, results, strict=True):
            words = [(w.text, tuple(w.box), float(w.conf)) for w in result.ocr.words]
            found[pid] = PageText(result.ocr.text, words,  # type: ignore[arg-type]
                                  float(result.ocr.mean_confidence))
        self.ocr.update(found)
        return found

    # --- build, sign, queue, receipt ------------------------------------------------------------

    def build_and_sign(self, out_dir: Path, credential: Any | None, *,
                       cancel: threading.Event | None = None,
                       progress: ProgressFn | None = None) -> Any:
        from ..dossier.build import SignRequest, build_dossier

        assert self.dossier is not None
        sign = SignRequest(credential, self.pin) if credential is not None else None

        def report(done: int, total: int, *rest: Any) -> None:
            if progress:
                progress(done, total, str(rest[0]) if rest else "")

        self.last_build = build_dossier(self.home, self.dossier.id, Path(out_dir), sign=sign,
                                        progress=report, cancel=cancel)
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


def unfinished_dossiers(home: Path) -> list[Dossier]:
    """Dossiers started but not built, newest first — what crash recovery offers back."""
    from ..dossier.store import DossierStore

    if not (Path(home) / "dossiers.sqlite").exists():
        return []
    with DossierStore(home) as store:
        dossiers = store.list()
    open_ones = [d for d in dossiers if d.status == "open"]
    return sorted(open_ones, key=lambda d: d.created, reverse=True)
