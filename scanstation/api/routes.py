"""The ``/v1/…`` endpoints: each one a thin call into the core the window and the CLI use.

Pairing and status live here; the long work (scan, build) is in ``work.py``. Uploaded files are
written 0600 under ``<home>/api/tmp`` only for as long as the core function reads them.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import fsio, vault
from ..errors import NotFoundError
from . import errors as api_errors
from .jobs import Jobs
from .messages import MEDIA, SUFFIX, Request, Response, Route

ID = r"[A-Za-z0-9_-]{1,64}"


def _purge_stale(root: Path, max_age: float = 86400.0) -> None:
    """Job folders a server left behind when it was killed, a day on."""
    now = time.time()
    for folder in root.iterdir():
        with contextlib.suppress(OSError):
            if now - folder.stat().st_mtime > max_age:
                shutil.rmtree(folder, ignore_errors=True)


def _flag(request: Request, name: str) -> bool:
    return (request.query.get(name) or [""])[0].lower() in ("1", "true", "yes")


class Endpoints:
    def __init__(self, server: Any) -> None:  # the ApiServer that routes to us
        self.server = server
        self.home = server.home
        self.api_dir = self.home / "api"
        self.tmp = self.api_dir / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True, mode=0o700)
        jobs_root = self.api_dir / "jobs"
        jobs_root.mkdir(parents=True, exist_ok=True, mode=0o700)
        _purge_stale(jobs_root)
        # this server's scans and builds (personal data): removed when it stops
        self.jobs = Jobs(jobs_root / secrets.token_hex(6))
        self.jobs.folder.mkdir(mode=0o700)
        self._sessions: dict[str, Any] = {}
        self._build_locks: dict[int, threading.Lock] = {}
        self._sessions_lock = threading.Lock()

    def close(self) -> None:
        self.jobs.cancel_all()
        shutil.rmtree(self.jobs.folder, ignore_errors=True)

    # --- dossiers: one application-service session per dossier the pages work on -----------------

    def new_session(self) -> Any:
        from ..dossier.session import DossierSession

        return DossierSession(self.home)

    def session(self, dossier_id: str) -> Any:
        """The ``DossierSession`` of a dossier (kept, so the build reuses its OCR results)."""
        with self._sessions_lock:
            session = self._sessions.get(dossier_id)
        if session is None:
            session = self.new_session()
            session.resume(dossier_id)  # NotFoundError for an unknown dossier
            with self._sessions_lock:
                session = self._sessions.setdefault(session.dossier.id, session)
        return session

    def remember(self, session: Any) -> None:
        with self._sessions_lock:
            self._sessions[session.dossier.id] = session

    @contextlib.contextmanager
    def session_lock(self, session: Any) -> Iterator[None]:
        """One build at a time per dossier."""
        with self._sessions_lock:
            lock = self._build_locks.setdefault(id(session), threading.Lock())
        with lock:
            yield

    def routes(self) -> list[Route]:
        from . import work

        def r(method: str, path: str, handler: Any, auth: str = "token", body: str | None = None,
              action: str = "") -> Route:
            pattern = re.compile(path.replace("{id}", f"(?P<id>{ID})")
                                 .replace("{n}", r"(?P<n>[0-9]{1,5})")
                                 .replace("{code}", r"(?P<code>[A-Za-z0-9_.-]{1,64})")
                                 .replace("{name}", r"(?P<name>[A-Za-z0-9_.-]{1,120})"))
            return Route(method, pattern, handler, auth, body, action)

        return [
            r("GET", "/v1/openapi.json", self.openapi, auth="public"),
            r("POST", "/v1/pair", self.pair, auth="pairing", body="json", action="pair"),
            r("GET", "/v1/pair/{id}", self.pair_poll, auth="pairing"),
            r("GET", "/v1/status", self.status),
            r("GET", "/v1/devices", self.devices, action="devices"),
            r("POST", "/v1/idcard", self.idcard, body="json-or-upload", action="idcard"),
            r("POST", "/v1/scans", lambda q: work.start_scan(self, q), body="json", action="scan"),
            r("GET", "/v1/jobs/{id}", self.job),
            r("GET", "/v1/jobs/{id}/events", self.job_events),
            r("GET", "/v1/jobs/{id}/pages/{n}", self.job_page, action="download-page"),
            r("GET", "/v1/jobs/{id}/pages/{n}/original", self.job_page, action="download-page"),
            r("GET", "/v1/jobs/{id}/files/{name}", self.job_file, action="download-file"),
            r("POST", "/v1/jobs/{id}/cancel", self.job_cancel, body="json", action="cancel"),
            r("POST", "/v1/dossiers", lambda q: work.create_dossier(self, q), body="json",
              action="dossier-create"),
            r("GET", "/v1/dossiers/{id}", lambda q: work.get_dossier(self, q)),
            r("POST", "/v1/dossiers/{id}/components/{code}/pages",
              lambda q: work.add_pages(self, q), body="json-or-upload", action="dossier-add"),
            r("POST", "/v1/dossiers/{id}/build", lambda q: work.start_build(self, q),
              body="json", action="dossier-build"),
        ]

    # --- public and pairing ----------------------------------------------------------------------

    def openapi(self, request: Request) -> Response:
        from .openapi import document

        return Response.json(document(self.server.url))

    def pair(self, request: Request) -> Response:
        request.json()  # nothing is needed from the body, but it must be JSON if present
        assert request.origin is not None
        pairing = self.server.pairings.request(request.origin)
        if pairing.state == "pending":
            self.server.hooks.pairing_requested(pairing)
        return Response.json({"pairing_id": pairing.id, "code": pairing.code}, 202)

    def pair_poll(self, request: Request) -> Response:
        pairings = self.server.pairings
        pairing = pairings.pairing(request.params["id"])
        if pairing is None or pairing.origin != request.origin:
            raise api_errors.PairingNotFoundError()
        if pairing.state == "pending":
            return Response.json({"state": "pending", "code": pairing.code}, 202)
        if pairing.state == "refused":
            raise api_errors.PairingRefusedError(origin=pairing.origin)
        token = pairings.collect(pairing) if pairing.state == "approved" else None
        if token is None:
            raise api_errors.PairingNotFoundError()
        pairings.log(pairing.origin, "paired", 200)
        return Response.json({"token": token, "origin": pairing.origin}, 200)

    # --- status and devices ----------------------------------------------------------------------

    def status(self, request: Request) -> Response:
        from .. import __version__

        running = sum(1 for j in self.jobs._jobs.values() if j.state == "running")
        return Response.json({"station": "ScanStation", "version": __version__, "api": "v1",
                              "origin": request.origin, "jobs_running": running,
                              "window": self.server.hooks.window})

    def devices(self, request: Request) -> Response:
        """SANE (incl. the ``test`` device) and configured eSCL scanners, each with the options
        remembered for it (its profile) — what ``scanstation devices`` lists."""
        from ..capture.escl import EsclSource
        from ..capture.profiles import ProfileStore
        from ..capture.sane import SaneSource
        from ..errors import ScanStationError

        test_only = _flag(request, "test_only")
        sane = SaneSource(self.home)
        warnings: list[dict[str, str]] = []
        try:
            listed = sane.list_devices(like="test:0" if test_only else None)
        except ScanStationError as error:
            warnings.append(api_errors.error_json(error))
            listed = [] if test_only else sane.list_devices(like="test:0")
        if not test_only:
            listed += EsclSource(self.home).list_devices()
        profiles = ProfileStore(self.home).all()
        devices = [{**d.to_json(), "profile": (profiles.get(d.name) or {}).get("options", {})}
                   for d in listed]
        return Response.json({"devices": devices, "warnings": warnings})

    # --- ID card ---------------------------------------------------------------------------------

    def idcard(self, request: Request) -> Response:
        """An uploaded image (raw body) or ``{"device": …}`` (scan the card now) → the record
        ``scanstation idcard --json`` prints for the same image."""
        from ..idcard.reader import card_record
        from ..privacy import register_personal_data

        convert, mrz = not _flag(request, "no_address"), _flag(request, "mrz")
        if request._media_type() == "application/json" or not request.headers.get("Content-Type"):
            options = request.json()
            device = str(options.get("device") or "")
            if not device:
                raise api_errors.ApiError(reason="send the card image, or {\"device\": …}")
            from .work import scan_one_image

            media, data = scan_one_image(self, device, options)
        else:
            media, data = request.upload()
        with self.private_file(data, SUFFIX.get(media, ".bin")) as path:
            record = card_record(path, convert_address=convert, with_mrz=mrz)
        record["file"] = "upload"
        applicant = record.get("applicant") or {}
        register_personal_data(*(str(applicant.get(k)) for k in
                                 ("full_name", "address", "id_number", "old_id_number")
                                 if applicant.get(k)))
        return Response.json(record)

    @contextlib.contextmanager
    def private_file(self, data: bytes, suffix: str, name: str = "") -> Iterator[Path]:
        """``data`` in a 0600 file for the core to read, removed right after."""
        folder = self.tmp / secrets.token_hex(8)
        folder.mkdir(mode=0o700)
        path = folder / (name or f"upload{suffix}")
        try:
            fsio.atomic_write_bytes(path, data)
            path.chmod(0o600)
            yield path
        finally:
            with contextlib.suppress(OSError):
                path.unlink()
            with contextlib.suppress(OSError):
                folder.rmdir()

    # --- jobs ------------------------------------------------------------------------------------

    def job(self, request: Request) -> Response:
        return Response.json(self.jobs.get(request.params["id"], request.origin).to_json())

    def job_events(self, request: Request) -> Response:
        job = self.jobs.get(request.params["id"], request.origin)
        after = request.headers.get("Last-Event-ID") or (request.query.get("after") or ["0"])[0]
        try:
            start = max(0, int(after))
        except ValueError:
            start = 0
        return Response(200, b"", "text/event-stream; charset=utf-8", {}, job.stream(start))

    def job_page(self, request: Request) -> Response:
        job = self.jobs.get(request.params["id"], request.origin)
        index = int(request.params["n"]) - 1
        if not 0 <= index < len(job.pages):
            raise NotFoundError(what="page", key=request.params["n"])
        page = job.pages[index]
        if request.path.endswith("/original"):  # as the scanner gave it, never changed
            return Response(200, vault.read_personal(page["original"]), page["media_type"])
        if not page["path"]:
            raise api_errors.JobNotFinishedError(job=job.id, state="cleaning")
        return Response(200, vault.read_personal(page["path"]), "image/png")

    def job_file(self, request: Request) -> Response:
        job = self.jobs.get(request.params["id"], request.origin)
        name = request.params["name"]
        path = job.files.get(name)
        if path is None:
            if job.state == "running":
                raise api_errors.JobNotFinishedError(job=job.id, state=job.state)
            raise NotFoundError(what="file", key=name)
        media = MEDIA.get(path.suffix.lower(), "application/octet-stream")
        return Response(200, vault.read_personal(path), media,
                        {"Content-Disposition": f'attachment; filename="{path.name}"'})

    def job_cancel(self, request: Request) -> Response:
        job = self.jobs.get(request.params["id"], request.origin)
        request.json()
        job.cancel.set()
        return Response.json({"job_id": job.id, "state": job.state, "cancel": True}, 202)
