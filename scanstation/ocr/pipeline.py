"""Images or PDFs in, one searchable PDF/A-2b (and a text sidecar) out.

    decode (imaging) → clean_image (stages.pipeline) → OCR (ocr.recognize) → textfix → encode image
    … pages in parallel, one Tesseract per core …
    → PDF/A-2b (pdf.pdfa) → checks (pdf.check) → rename into place

A page task runs in a worker process and returns a small, picklable result (the encoded page
image and the words), so the parent only assembles the document: it never holds every page's
pixels at once. Workers come from a ``forkserver`` that has already imported the heavy modules
(``spawn`` where there is none, e.g. Windows: see ``scanstation.platform``):
forking a process that runs Qt threads (the UI calls this from a worker thread) is unsafe, and
spawning a fresh interpreter per worker would re-import OpenCV and Tesseract each time.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image

from .. import fsio, vault
from ..errors import Cancelled, FileNotFoundInputError, InputFileError, OcrError, ScanStationError
from ..platform import lower_priority
from .results import PageOcr

if TYPE_CHECKING:  # multiprocessing loads only for a pool: 0.027 s of a one-page call
    from concurrent.futures import ProcessPoolExecutor

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # before tesserocr loads anywhere (DESIGN §4)

log = logging.getLogger("scanstation.ocr")


class OcrWorkerError(OcrError):
    vi = "Tiến trình nhận dạng chữ bị dừng đột ngột (thiếu bộ nhớ?). Hãy thử lại với ít trang hơn."
    en = "An OCR worker process stopped unexpectedly (out of memory?). Try again with fewer pages."


@dataclass(frozen=True)
class PageSource:
    """One page to read: a frame of a file (read again in the worker) or an in-memory image."""

    index: int
    name: str
    path: str | None = None
    media_type: str = ""
    frame: int = 0
    dpi: float = 0.0
    image: Image.Image | None = None
    # a person's quarter turns (clockwise) on top of the cleaner's: a reviewer who says the page
    # is upside down has the last word, even where the cleaner's orientation check disagrees
    turn: int = 0


@dataclass(frozen=True)
class PageResult:
    index: int
    image: Any  # pdf.pdfa.EncodedImage
    dpi: float
    ocr: PageOcr
    quarter_turn: int
    skew_deg: float
    blank: bool
    seconds: float
    raw_text: str = ""  # before textfix: lets the benchmark measure what textfix wins
    cpu_seconds: float = 0.0  # CPU time of the page task in its worker


@dataclass
class OcrReport:
    """What ``ocr_to_pdfa`` made: per-page text and mean word confidence, and the checks."""

    pages: int
    confidences: list[float]
    texts: list[str]
    elapsed: float
    out_pdf: Path
    sidecar: Path | None = None
    blank_pages: list[int] = field(default_factory=list)
    check: Any = None  # pdf.check.PdfaReport
    page_cpu_seconds: list[float] = field(default_factory=list)

    @property
    def mean_confidence(self) -> float:
        return sum(self.confidences) / len(self.confidences) if self.confidences else 0.0

    @property
    def flagged(self) -> list[str]:
        """The self-check clauses the written document failed ("id: detail"); empty when it
        passed. A flagged document is kept: the user decides, the tool never deletes it."""
        if self.check is None:
            return []
        return [f"{c.clause_id}: {c.detail}" for c in self.check.failures]

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages, "out_pdf": str(self.out_pdf),
            "sidecar": str(self.sidecar) if self.sidecar else None,
            "elapsed_s": round(self.elapsed, 3),
            "mean_confidence": round(self.mean_confidence, 1),
            "page_confidences": [round(c, 1) for c in self.confidences],
            "blank_pages": self.blank_pages,
            "page_cpu_s": round(sum(self.page_cpu_seconds), 3),
            "pdfa_ok": bool(self.check.ok) if self.check is not None else None,
            "pdfa_flagged": self.flagged,
        }


def expand_inputs(inputs: Sequence[Path | str | Image.Image]) -> list[PageSource]:
    """Every page of every input, in order. Files are probed here: missing, unsupported,
    encrypted or unreadable files fail before any work starts, with a bilingual error."""
    sources: list[PageSource] = []
    for item in inputs:
        if isinstance(item, Image.Image):
            sources.append(PageSource(len(sources), f"image {len(sources) + 1}", image=item))
            continue
        path = Path(item)
        if not path.is_file():
            raise FileNotFoundInputError(name=path.name)
        try:
            data = vault.read_personal(path)  # a workspace render may be sealed (vault.py)
        except OSError as exc:
            raise InputFileError(name=path.name) from exc
        media_type, dpis = _probe(data, path.name)
        for frame_index, dpi in enumerate(dpis):
            sources.append(PageSource(len(sources), path.name, str(path), media_type,
                                      frame_index, dpi))
    return sources


def _probe(data: bytes, name: str) -> tuple[str, list[float]]:
    """Media type and each frame's dpi, through ``imaging.probe`` (the one input guard: type,
    size, page and pixel caps, decoder failures). Image pixels are decoded once, in the page
    task, where a truncated file still fails with ``CorruptFileError``."""
    from .. import imaging

    media_type, frames = imaging.probe(data, name, decode_first=False)
    return media_type, [f.dpi for f in frames]


def _decode(source: PageSource) -> Image.Image:
    from .. import imaging

    if source.image is not None:
        return source.image
    assert source.path is not None
    data = vault.read_personal(source.path)
    return imaging.decode_frame(data, source.media_type, source.frame, source.dpi, source.name)


@dataclass(frozen=True)
class _Uncleaned:
    image: Image.Image
    quarter_turn: int = 0
    skew_deg: float = 0.0
    blank: bool = False


def _clean(img: Image.Image, name: str) -> Any:
    from ..stages.pipeline import clean_image

    try:
        return clean_image(img)
    except ScanStationError:
        raise
    except Exception:  # a cleanup bug on one odd page must not cost the officer the document
        log.warning("cleanup failed on a page of %s; reading it as captured", name, exc_info=True)
        return _Uncleaned(img)


def process_page(source: PageSource, spare_core: bool = False) -> PageResult:
    """The page task: decode → clean → OCR → textfix → encode. Pure apart from reading the input.

    ``spare_core``: no other page task runs beside this one, so the page's lower band is read
    on another core while this thread reads the upper (``ocr.bands``)."""
    from .. import imaging
    from ..pdf.pdfa import encode_page_image
    from ..stages.analysis import estimate_dpi
    from . import context, placefix, quotes, textfix, titles
    from .engine import preload_api
    from .recognize import recognize
    from .results import OcrParams

    start = time.perf_counter()
    cpu_start = time.process_time()
    params = OcrParams()
    preload_api(params.lang, params.psm)  # loads while the page is decoded and cleaned
    beside = None
    if spare_core:
        from .engine import beside_executor, preload_beside

        preload_beside(params.lang, params.psm)
        beside = beside_executor()
    img = _decode(source)
    if img.mode not in ("RGB", "L", "1"):
        img = img.convert("RGB")
    img = imaging.grey_if_plain(img)  # a grey page in RGB: one channel from here on
    cleaned = _clean(img, source.name)
    page_img = cleaned.image
    if source.turn % 4:
        page_img = page_img.rotate(-90 * (source.turn % 4), expand=True)
    dpi = float(estimate_dpi(page_img))
    page_img.info["dpi"] = (dpi, dpi)
    # the page image is compressed while Tesseract reads it: both are C code that releases the
    # GIL, so a one-page call uses the second core instead of doing them one after the other
    encoding = _Background(encode_page_image, page_img)
    try:
        # blank pages are read too: a blank flag is advice to the officer, and a page with one
        # faint line must not lose it
        result = recognize(page_img, params, beside,
                           _load_text_models if "vie" in params.lang else None)
    except ScanStationError:
        raise
    except Exception as exc:  # Tesseract failing on one page is reported with its number
        raise OcrError(page=source.index + 1) from exc
    finally:
        encoded = encoding.result()
    raw_text = result.text
    result = titles.fix_page_titles(placefix.fix_page_places(textfix.fix_page(result)))
    result = quotes.fix_page_quotes(result)
    if "vie" in params.lang:  # the compounds are Vietnamese ones
        result = context.fix_page(result)
    return PageResult(source.index, encoded, dpi, result, cleaned.quarter_turn,
                      float(cleaned.skew_deg), bool(cleaned.blank), time.perf_counter() - start,
                      raw_text, time.process_time() - cpu_start)


class _Background(threading.Thread):
    """``fn(*args)`` in a thread; ``result()`` waits and returns it or raises its error."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__(name=f"ocr-{getattr(fn, '__name__', 'task')}", daemon=True)
        self._fn, self._args = fn, args
        self._value: Any = None
        self._error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self._value = self._fn(*self._args)
        except BaseException as exc:  # raised in the thread that waits for the result
            self._error = exc

    def result(self) -> Any:
        self.join()
        if self._error is not None:
            raise self._error
        return self._value


def _load_text_models() -> None:
    """Load the word lists and tables the text passes use (``textfix``, ``lattice``,
    ``placefix``, ``bigrams``) on whichever thread ends its band of the page first, while the
    other still reads (``bands.read_in_bands``): read after the page's recognition, they held
    a one-page call ~0.05 s on one core while the other idled (issue 14). Loaded beside the
    page's decoding and cleanup instead, they competed with the cleanup's own Python and gained
    nothing measurable (stop 33). A failure here is the text pass's to meet and report when it
    loads the same table itself."""
    from . import bigrams, lattice, placefix, textfix

    try:
        textfix.models()
        lattice.lexicon()
        placefix.place_names()
        bigrams.bigrams()
        bigrams.places()
    except Exception:  # a missing or broken table: the text pass that needs it says so
        log.debug("loading the text passes' tables early failed", exc_info=True)


def _import_ahead() -> None:
    """Import what a call needs later — what NumPy imports on first use, what writes and checks
    the PDF (pikepdf, PDFium, the colour profile) — in a thread beside the page task: decoding
    and Tesseract release the GIL, so this takes the other core of a one-page call instead of
    adding to its time. Only third-party modules are imported here (the caller has imported
    ours): two threads importing modules that import each other could deadlock."""
    # first what the page's cleanup needs soonest: NumPy loads these on first use (a
    # percentile's ``np.unique`` asks for ``numpy.ma``, the ink sample for ``numpy.random``),
    # 0.075 s of imports that would otherwise stop the cleanup of a one-page call
    import numpy.ma
    import numpy.random  # noqa: F401
    import pikepdf  # noqa: F401
    import pypdfium2  # noqa: F401  (the self-check's text extraction)

    from ..pdf.pdfa import srgb_icc

    srgb_icc()


def _worker_init(niceness: int = 0, die_with_pid: int | None = None) -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if die_with_pid is not None:
        from ..lifeline import die_with

        die_with(die_with_pid)
    # one worker per core: OpenCV's own thread pool would only make the workers fight
    import cv2

    cv2.setNumThreads(1)
    if niceness:
        lower_priority(niceness)  # background OCR yields the CPU to the app's own drawing


_POOL_LOCK = threading.Lock()


def make_ocr_pool(workers: int | None = None, niceness: int = 0,
                  die_with_pid: int | None = None) -> ProcessPoolExecutor:
    """A pool of page-task workers for ``run_pages(executor=…)``; with ``die_with_pid`` each
    worker exits as soon as that process is gone (a long-lived pool of a process that may be
    killed)."""
    return _make_pool(workers or os.cpu_count() or 1, niceness, die_with_pid)


def _make_pool(workers: int, niceness: int = 0,
               die_with_pid: int | None = None) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor

    from ..processes import process_context

    return ProcessPoolExecutor(max_workers=workers, mp_context=process_context(),
                               initializer=_worker_init,
                               initargs=(niceness, die_with_pid))


def run_pages(
    sources: Sequence[PageSource],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    niceness: int = 0,
    isolate: bool = False,
    executor: ProcessPoolExecutor | None = None,
) -> list[PageResult]:
    """Run the page task over ``sources``, in parallel when there is more than one page.

    ``niceness`` > 0 lowers the worker processes' CPU priority: OCR running in the background
    of an interactive app must never take the CPU from the window's event loop.
    ``isolate`` runs even a single page in a worker process: an interactive app
    must not run the page task (Python that holds the GIL) in one of its own threads.
    ``executor``: a long-lived pool from ``make_ocr_pool`` (the caller keeps and shuts it), so
    pages that arrive one at a time do not each pay for starting worker processes.
    """
    total = len(sources)
    workers = max(1, min(jobs or os.cpu_count() or 1, total))
    results: dict[int, PageResult] = {}
    if progress:
        progress(0, total)
    if workers == 1 and not isolate and executor is None:
        # one page read here, and the caller let it have more than one core
        from .engine import spare_core as has_spare_core

        spare_core = has_spare_core(total, jobs)
        with _POOL_LOCK:  # tesserocr's loaded API is per process and not thread-safe
            for source in sources:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                results[source.index] = process_page(source, spare_core)
                if progress:
                    progress(len(results), total)
    else:
        from concurrent.futures.process import BrokenProcessPool

        pool = executor or _make_pool(workers, niceness)
        pending: set[Future[PageResult]] = set()
        try:
            pending = {pool.submit(process_page, s) for s in sources}
            while pending:
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    try:
                        result = future.result()
                    except BrokenProcessPool as exc:  # a worker died (out of memory, killed)
                        raise OcrWorkerError() from exc
                    results[result.index] = result
                    if progress:
                        progress(len(results), total)
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
        finally:
            if executor is None:
                pool.shutdown(wait=True, cancel_futures=True)
            else:
                for future in pending:
                    future.cancel()
    return [results[s.index] for s in sources]


def sidecar_text(texts: Sequence[str]) -> str:
    """Pages in order, each in reading order, NFC, a form feed between pages."""
    return unicodedata.normalize("NFC", "\f".join(texts)) + "\n"


def ocr_to_pdfa(
    inputs: Sequence[Path | Image.Image],
    out_pdf: Path,
    *,
    sidecar: Path | None = None,
    jobs: int | None = None,
    title: str = "",
    dossier_id: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    done: Sequence[PageResult | None] | None = None,
    strict: bool = False,
) -> OcrReport:
    """OCR ``inputs`` (images, PDFs or in-memory pages) into one PDF/A-2b at ``out_pdf``.

    ``done`` may hold, per page, a ``PageResult`` already made by ``run_pages`` on the same
    input (the app OCRs pages in the background while the officer scans); those pages are not
    read again, the others are.

    The PDF is checked (``pdf.check``) before it is renamed into place. A file that fails a
    clause is still written — a verification that disagrees must never cost the user the
    document — and the failures are in ``report.flagged`` (the CLI warns and exits
    ``ExitCode.PDF_FLAGGED``); with ``strict`` it is not written and ``PdfInvalidError`` is
    raised instead. Raises a ScanStationError on bad input, Cancelled when ``cancel`` is set.
    """
    from ..errors import EmptyDocumentError
    from ..pdf.check import check_pdfa
    from ..pdf.pdfa import PdfaOptions, PdfPage, build_pdfa, save_to

    start = time.perf_counter()
    out_pdf = Path(out_pdf)
    sources = expand_inputs(inputs)
    if not sources:
        raise EmptyDocumentError(name=out_pdf.name)
    from ..pdf import pdfa  # noqa: F401  (ours imported here, see _import_ahead)

    warming = _Background(_import_ahead)
    try:
        if done is not None and len(done) == len(sources):
            todo = [src for src, res in zip(sources, done, strict=True) if res is None]
            fresh = iter(run_pages(todo, jobs=jobs, progress=progress, cancel=cancel)
                          if todo else [])
            results = [res if res is not None else next(fresh) for res in done]
        else:
            results = run_pages(sources, jobs=jobs, progress=progress, cancel=cancel)
    finally:
        warming.join()  # never two threads importing the same modules past this point
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    texts = [r.ocr.text for r in results]
    pages = [PdfPage(r.image, r.dpi, r.ocr) for r in results]
    pdf = build_pdfa(pages, PdfaOptions(title=title, dossier_id=dossier_id))
    holder: dict[str, Any] = {}

    def write_and_check(tmp: Path) -> None:
        save_to(pdf, tmp)
        report = check_pdfa(tmp, expected_text=texts, qpdf="library")
        report.path = str(out_pdf)
        holder["check"] = report
        if strict:
            report.raise_if_invalid()
        elif not report.ok:
            log.warning("self-check failed on %s, file kept and flagged: %s", out_pdf.name,
                        "; ".join(str(c) for c in report.failures)[:300])

    fsio.atomic_write_with(out_pdf, write_and_check)
    if sidecar is not None:
        fsio.atomic_write_text(sidecar, sidecar_text(texts))
    report = OcrReport(
        pages=len(results),
        confidences=[r.ocr.mean_confidence for r in results],
        texts=texts,
        elapsed=time.perf_counter() - start,
        out_pdf=out_pdf,
        sidecar=sidecar,
        blank_pages=[r.index + 1 for r in results if r.blank],
        check=holder.get("check"),
        page_cpu_seconds=[r.cpu_seconds for r in results],
    )
    log.info("OCR %d pages in %.1f s", report.pages, report.elapsed)
    return report
