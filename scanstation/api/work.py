"""Scans, card scans and dossiers over the API: the same core calls as ``scanstation scan``,
``scanstation idcard`` and the dossier commands, run as jobs with progress events.

A scan commits each page to the workspace as it arrives (``capture.base.commit_pages``), cleans
it (``importer.cleanup_page``), announces it, and at the end makes one OCR'd PDF/A-2b of the
cleaned pages (``ocr.pipeline.ocr_to_pdfa``). A build signs only with a PIN the officer typed in
the station window (``StationHooks.sign_request``); a headless server refuses to sign.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import vault
from . import errors as api_errors
from .jobs import Job
from .messages import SUFFIX, Request, Response

if TYPE_CHECKING:
    from ..capture.base import ScanOptions

MAX_PAGES = 500


class _JobEvents:
    """``capture.base.ScanEvents`` → job events, progress at most every 5 %."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last: tuple[int, float] = (-1, -1.0)

    def page_start(self, index: int) -> None:
        self.job.emit({"type": "progress", "stage": "scan", "page": index + 1, "fraction": 0.0})

    def page_progress(self, index: int, fraction: float) -> None:
        last_index, last_fraction = self._last
        if index == last_index and fraction < 1.0 and fraction - last_fraction < 0.05:
            return
        self._last = (index, fraction)
        self.job.emit({"type": "progress", "stage": "scan", "page": index + 1,
                       "fraction": round(fraction, 3)})

    def notice(self, message: str) -> None:
        self.job.emit({"type": "notice", "message": message})


def scan_options(home: Path, body: dict[str, Any]) -> ScanOptions:
    """Options from the request, defaults from the device's profile (what was used last on it),
    as ``scanstation scan`` takes them."""
    from ..capture.base import MODES, SOURCES, ScanOptions
    from ..capture.profiles import ProfileStore

    device = str(body.get("device") or "")
    if not device:
        raise api_errors.ApiError(reason="'device' is required (see GET /v1/devices)")
    remembered = (ProfileStore(home).get(device) or {}).get("options", {})
    source = str(body.get("source") or remembered.get("source") or "flatbed")
    mode = str(body.get("mode") or remembered.get("mode") or "gray")
    try:
        resolution = int(body.get("resolution") or remembered.get("resolution") or 300)
        pages = int(body.get("pages") or 0)
    except (TypeError, ValueError):
        raise api_errors.ApiError(reason="'resolution' and 'pages' are numbers") from None
    if source not in SOURCES or mode not in MODES:
        raise api_errors.ApiError(reason=f"source: {'|'.join(SOURCES)}; mode: {'|'.join(MODES)}")
    if not 50 <= resolution <= 1200 or not 0 <= pages <= MAX_PAGES:
        raise api_errors.ApiError(reason=f"resolution 50–1200, pages 0–{MAX_PAGES}")
    return ScanOptions(device=device, source=source, resolution=resolution,
                       mode=mode, pages=pages, extra=_driver_options(body.get("options")))


def _driver_options(raw: Any) -> dict[str, Any]:
    """A SANE driver's own options (``scan --option NAME=VALUE``): ``{"brightness": 10}``."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or len(raw) > 20 or not all(
            isinstance(k, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,40}", k)
            and isinstance(v, str | int | float | bool) for k, v in raw.items()):
        raise api_errors.ApiError(reason="'options' is an object of driver option → value")
    return {k.replace("-", "_"): v for k, v in raw.items()}


def _target(endpoints: Any, body: dict[str, Any]) -> tuple[str, str]:
    """(dossier id, component code) the scanned pages go to, checked before the scan starts."""
    dossier_id, code = str(body.get("dossier_id") or ""), str(body.get("component") or "")
    if not dossier_id:
        return "", ""
    from ..dossier.catalogue import get_procedure
    from ..dossier.service import UnknownComponentError
    from ..dossier.store import DossierStore

    with DossierStore(endpoints.home) as store:
        dossier = store.get(dossier_id)
    procedure = get_procedure(dossier.procedure_code, endpoints.home)
    if procedure.component(code) is None:
        raise UnknownComponentError(procedure=procedure.code, code=code,
                                    codes=", ".join(c.code for c in procedure.components))
    return dossier.id, code


def start_scan(endpoints: Any, request: Request) -> Response:
    """``POST /v1/scans`` → 202 ``{"job_id", "events", "status"}``."""
    from ..capture.discovery import source_for

    body = request.json()
    home = endpoints.home
    options = scan_options(home, body)
    want_pdf = bool(body.get("pdf", True))
    dossier_id, code = _target(endpoints, body)
    source = source_for(options.device, home)  # an unknown device fails now, not in the job
    title = str(body.get("title") or "")[:200]

    def work(job: Job) -> None:
        from ..capture.base import commit_pages
        from ..importer import cleanup_page
        from ..workspace import Workspace

        with Workspace(home) as ws:
            def committed(item: Any) -> None:
                # the page as captured is announced at once (a page shows it while we clean)
                number = len(job.pages) + 1
                original = ws.original_path(item.original.sha256, item.original.media_type)
                job.pages.append({"page_id": item.page.id, "original": str(original),
                                  "media_type": item.original.media_type, "path": None})
                base = f"/v1/jobs/{job.id}/pages/{number}"
                job.emit({"type": "page", "index": number, "page_id": item.page.id,
                          "original_url": f"{base}/original", "url": base})
                page = cleanup_page(ws, item.page)
                job.pages[number - 1]["path"] = str(ws.render_path(page))
                job.emit({"type": "cleaned", "index": number, "page_id": page.id,
                          "blank": page.blank, "url": base})

            commit_pages(ws, source.scan(options, job.cancel, _JobEvents(job)),
                         batch=dossier_id or f"api-{job.id}", on_commit=committed)
        job.result["page_count"] = len(job.pages)
        if dossier_id and job.pages:
            from ..dossier.service import assign_pages

            assign_pages(home, dossier_id, code, [p["page_id"] for p in job.pages])
        if want_pdf and job.pages:
            from ..ocr.pipeline import ocr_to_pdfa

            def progress(done: int, total: int) -> None:
                job.emit({"type": "progress", "stage": "ocr", "done": done, "total": total})

            out = job.folder / "scan.pdf"
            report = ocr_to_pdfa([Path(p["path"]) for p in job.pages if p["path"]], out, title=title,
                                 dossier_id=dossier_id, progress=progress, cancel=job.cancel)
            # scanned pages with their text: sealed like the workspace they sit in (vault.py)
            vault.write_personal(out, out.read_bytes())
            job.files["scan.pdf"] = out
            job.result["pdfa_ok"] = bool(report.check.ok) if report.check is not None else None
            job.emit({"type": "pdf", "url": f"/v1/jobs/{job.id}/files/scan.pdf"})

    job = endpoints.jobs.start("scan", request.origin or "", work)
    return Response.json({"job_id": job.id, "status": f"/v1/jobs/{job.id}",
                          "events": f"/v1/jobs/{job.id}/events"}, 202)


def scan_one_image(endpoints: Any, device: str, body: dict[str, Any]) -> tuple[str, bytes]:
    """One page from ``device`` for the card reader, kept in memory only (a card image is
    personal data: it does not go into the workspace)."""
    from ..capture.base import ScanOptions
    from ..capture.discovery import source_for

    base = scan_options(endpoints.home, {"device": device, "resolution": 300, **body})
    options = ScanOptions(device=base.device, source="flatbed", resolution=base.resolution,
                          mode=base.mode, pages=1)
    for captured in source_for(device, endpoints.home).scan(options):
        return captured.media_type, captured.data
    raise api_errors.ApiError(reason="the scanner gave no page")


# --- dossiers: through the application service (``dossier.session.DossierSession``) --------------


def _dossier_json(home: Path, dossier_id: str) -> dict[str, Any]:
    from ..dossier.service import dossier_checklist

    dossier, check = dossier_checklist(home, dossier_id)
    return {"dossier": dossier.to_json(), "checklist": check.to_json()}


def create_dossier(endpoints: Any, request: Request) -> Response:
    """``POST /v1/dossiers {"procedure", "applicant"?}``: the applicant may be the ``idcard``
    record as returned by ``POST /v1/idcard``."""
    body = request.json()
    procedure = str(body.get("procedure") or "")
    if not procedure:
        raise api_errors.ApiError(reason="'procedure' is required")
    session = endpoints.new_session()
    dossier = session.new(procedure)
    endpoints.remember(session)
    raw = body.get("applicant")
    if isinstance(raw, dict) and raw:
        source = "qr" if isinstance(raw.get("applicant"), dict) else "typed"
        session.set_applicant(raw.get("applicant") if source == "qr" else raw, source)
    return Response.json(_dossier_json(endpoints.home, dossier.id), 201)


def get_dossier(endpoints: Any, request: Request) -> Response:
    return Response.json(_dossier_json(endpoints.home, request.params["id"]))


def add_pages(endpoints: Any, request: Request) -> Response:
    """Pages to a component: ``{"job_id"}`` (the pages of a scan), ``{"page_ids": […]}``, or
    an image/PDF as the raw body (imported and cleaned, as ``dossier add``)."""
    from ..dossier.service import assign_pages

    home, dossier_id, code = endpoints.home, request.params["id"], request.params["code"]
    session = endpoints.session(dossier_id)
    if request._media_type() in ("", "application/json"):
        body = request.json()
        if body.get("job_id"):
            job = endpoints.jobs.get(str(body["job_id"]), request.origin)
            page_ids = [p["page_id"] for p in job.pages]
        else:
            page_ids = [str(p) for p in body.get("page_ids") or []]
        if not page_ids:
            raise api_errors.ApiError(reason="'job_id' or 'page_ids' is required")
        assign_pages(home, dossier_id, code, page_ids)
        session.reload()
    else:

        media, data = request.upload()
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", (request.query.get("name") or [""])[0])[:80]
        name = name or f"upload-{int(time.time())}{SUFFIX.get(media, '.bin')}"
        with endpoints.private_file(data, "", name) as path:
            session.add_files(code, [path])
    return Response.json(_dossier_json(home, dossier_id))


def start_build(endpoints: Any, request: Request) -> Response:
    """``POST /v1/dossiers/{id}/build {"sign": true, "incomplete_reason"?}`` → 202 job; the
    files and the manifest are then under ``/v1/jobs/{job}/files/…``. Signing needs the PIN
    typed in the station window: a PIN in the request is never read."""
    from ..dossier.manifest import MANIFEST_NAME
    from ..pdf.sign import SessionPin

    body = request.json()
    session = endpoints.session(request.params["id"])
    hooks, origin = endpoints.server.hooks, request.origin or ""
    want_sign = bool(body.get("sign", True))
    if want_sign and not hooks.window:
        raise api_errors.PinOnlyAtStationError()
    reason = body.get("incomplete_reason")
    reason = str(reason)[:500] if reason else None

    def work(job: Job) -> None:
        def progress(step: int, total: int, label: str = "") -> None:
            job.emit({"type": "progress", "stage": "build", "done": step, "total": total,
                      "component": label})

        credential = None
        if want_sign:
            # the officer types the PIN in the window; the page only sees that we wait
            job.emit({"type": "waiting", "for": "pin"})
            sign = hooks.sign_request(origin, session._dossier().id)
            if sign is None:
                raise api_errors.PinNotGivenError()
            credential = sign.credential
            session.pin = sign.pin if isinstance(sign.pin, SessionPin) else SessionPin(sign.pin)
        with endpoints.session_lock(session):
            result = session.build_and_sign(job.folder / "dossier", credential,
                                            cancel=job.cancel, progress=progress,
                                            incomplete_reason=reason)
        for path in result.files:
            job.files[path.name] = path
        job.files[MANIFEST_NAME] = result.folder / MANIFEST_NAME
        job.result["signed"] = credential is not None

    job = endpoints.jobs.start("build", request.origin or "", work)
    return Response.json({"job_id": job.id, "status": f"/v1/jobs/{job.id}",
                          "events": f"/v1/jobs/{job.id}/events"}, 202)
