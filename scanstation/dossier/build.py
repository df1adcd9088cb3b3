"""Build a dossier: one PDF/A-2b per component document, optional PAdES signature on each, a
``manifest.json`` (validated by its JSON Schema) and an optional ZIP.

The PDF/A files come from the OCR stage (``scanstation.ocr.pipeline.ocr_to_pdfa``) — this module
never writes PDF/A itself. The whole folder is assembled in a temporary sibling directory and
renamed into place at the end, so a receiver (the outbox) never sees half a dossier; a previous
build of the same folder is replaced only once the new one is complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import shutil
import tempfile
import threading
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__, fsio, vault
from ..errors import Cancelled, DossierError, StorageError
from . import station
from .catalogue import get_procedure
from .checklist import Checklist, checklist
from .manifest import MANIFEST_NAME, pdf_page_count, sha256_file, validate_manifest
from .model import Dossier, Procedure
from .names import document_file_name
from .store import DossierStore, now_vn

log = logging.getLogger("scanstation.dossier.build")

Progress = Callable[[int, int, str], None]


class DossierIncompleteError(DossierError):
    vi = (
        "Hồ sơ {key} còn thiếu giấy tờ bắt buộc: {missing}. Hãy bổ sung; nếu vẫn phải tạo hồ sơ, "
        "ghi rõ lý do (--allow-incomplete --reason \"…\")."
    )
    en = (
        "Dossier {key} lacks required documents: {missing_en}. Add them; to build anyway, give "
        "the reason (--allow-incomplete --reason \"…\")."
    )


class IncompleteReasonMissingError(DossierError):
    vi = (
        "Hồ sơ {key} còn thiếu: {missing}. Muốn vẫn tạo hồ sơ thì phải ghi lý do "
        "(--reason \"…\"); lý do được lưu trong manifest."
    )
    en = (
        "Dossier {key} lacks: {missing_en}. Building it anyway needs a reason "
        "(--reason \"…\"); the reason is kept in the manifest."
    )


class DossierEmptyError(DossierError):
    vi = "Hồ sơ {key} chưa có trang nào để tạo tệp."
    en = "Dossier {key} has no pages to build."


class OutputFolderNotEmptyError(DossierError):
    vi = "Thư mục {path} đã có dữ liệu khác (không phải hồ sơ đã tạo). Hãy chọn thư mục trống."
    en = "Folder {path} holds other data (not a built dossier). Choose an empty folder."


class OcrStageMissingError(DossierError):
    exit_code = DossierError.exit_code
    vi = "Chưa có khâu tạo PDF/A (scanstation.ocr.pipeline). Hãy cập nhật ScanStation."
    en = "The PDF/A stage (scanstation.ocr.pipeline) is not available. Update ScanStation."


REASON_MAX = 500


def preflight(
    home: Path, dossier_id: str, *, allow_incomplete: bool = False, incomplete_reason: str = ""
) -> tuple[Dossier, Procedure, Checklist, str]:
    """Everything a build checks before any work (OCR, PIN): the dossier, its procedure, the
    checklist and the normalised reason. Missing required documents are named as the catalogue
    names them; building anyway needs ``allow_incomplete`` *and* a reason."""
    with DossierStore(home) as store:
        dossier: Dossier = store.get(dossier_id)
    from .service import LOCKED_STATES, DossierFrozenError

    if dossier.status in LOCKED_STATES:  # a queued dossier is rebuilt only as a new version
        raise DossierFrozenError(key=dossier.id)
    procedure = get_procedure(dossier.procedure_code, home)
    check = checklist(dossier, procedure)
    reason = " ".join(unicodedata.normalize("NFC", incomplete_reason or "").split())[:REASON_MAX]
    if not check.complete:
        params = {"key": dossier.id, "missing": check.missing_text("vi"),
                  "missing_en": check.missing_text("en")}
        if not allow_incomplete:
            raise DossierIncompleteError(**params)
        if not reason:
            raise IncompleteReasonMissingError(**params)
    else:
        reason = ""  # nothing to excuse: a stale reason must not reach the manifest
    if not any(dossier.page_count(s.code) for s in procedure.components):
        raise DossierEmptyError(key=dossier.id)
    return dossier, procedure, check, reason


@dataclass
class SignRequest:
    """Sign every built file with this credential (PIN held in memory only)."""

    credential: Any  # scanstation.pdf.sign.Credential
    pin: Any  # SessionPin | str | None
    options: Any = None  # scanstation.pdf.sign.SignOptions
    allow_final_try: bool = False  # the officer confirmed trying a token at its final try


@dataclass
class BuildResult:
    dossier_id: str
    folder: Path
    manifest: dict[str, Any]
    zip_path: Path | None = None
    sign_seconds: list[float] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        return [self.folder / d["file"] for d in self.manifest["documents"]]


def _confidences(report: Any, n_pages: int) -> tuple[float | None, list[float | None]]:
    """Per-page mean OCR confidence from the OCR stage's report, whatever its exact shape."""
    per_page: list[float | None] = []
    pages = getattr(report, "pages", None)
    if isinstance(pages, list | tuple):
        for p in pages:
            value = None
            for attr in ("mean_confidence", "confidence", "mean_conf"):
                v = p.get(attr) if isinstance(p, dict) else getattr(p, attr, None)
                if isinstance(v, int | float):
                    value = float(v)
                    break
            per_page.append(value)
    if not per_page:
        for attr in ("page_confidences", "page_confidence", "confidences"):
            values = getattr(report, attr, None)
            if isinstance(values, list | tuple):
                per_page = [float(v) if isinstance(v, int | float) else None for v in values]
                break
    if not per_page:
        per_page = [None] * n_pages
    known = [v for v in per_page if v is not None]
    mean = getattr(report, "mean_confidence", None)
    if not isinstance(mean, int | float):
        mean = sum(known) / len(known) if known else None
    return (round(float(mean), 2) if mean is not None else None,
            [round(v, 2) if v is not None else None for v in per_page])


def _pdfa_check(path: Path, written: Any = None) -> tuple[dict[str, Any], dict[int, list[str]]]:
    """The PDF/A self-check of the finished (signed) file, with the failures of the check the
    OCR stage ran when it wrote the file (``written``: it alone compares each page's text
    layer with its OCR text): the document's verdict, and page number → flagged clauses."""
    try:
        from ..pdf.check import check_pdfa
    except ImportError:
        return {"profile": "PDF/A-2b", "ok": None, "clauses": ["check not available"]}, {}
    reports = [r for r in (written, check_pdfa(path)) if r is not None]
    failed: list[str] = []
    pages: dict[int, list[str]] = {}
    for report in reports:
        failed.extend(str(c) for c in report.failures if str(c) not in failed)
        for page, clauses in getattr(report, "page_flags", {}).items():
            pages.setdefault(page, []).extend(c for c in clauses if c not in pages[page])
    return ({"profile": "PDF/A-2b", "ok": all(bool(r.ok) for r in reports), "clauses": failed},
            pages)


def _page_record(ws: Any, page_id: str) -> dict[str, Any]:
    page = ws.page(page_id)
    original = ws.original(page.original_sha256)
    record: dict[str, Any] = {
        "page_id": page.id,
        "original_sha256": original.sha256,
        "original_name": original.name,
        "media_type": original.media_type,
        "frame": page.frame,
        "dpi": float(page.dpi or 0.0),
        "blank": bool(page.blank),
        "transforms": [t.to_json() for t in page.transforms],
    }
    if page.flags:
        record["capture"] = json.loads(json.dumps(page.flags, default=str))
    return record


def _software() -> dict[str, str]:
    from importlib import metadata

    info = {"name": "scanstation", "version": __version__}
    for dist in ("pikepdf", "pyHanko", "ocrmypdf"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            info[dist.lower()] = metadata.version(dist)
    try:
        from .. import tools

        if tools.TESSERACT.available():
            info["tesseract"] = tools.TESSERACT.version()
    except Exception:  # the version string is informative only
        pass
    return info


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def _install(tmp: Path, out: Path) -> None:
    """Move the finished build ``tmp`` to ``out``; replace a previous build there."""
    old: Path | None = None
    if out.exists():
        if not out.is_dir():
            raise OutputFolderNotEmptyError(path=str(out))
        entries = list(out.iterdir())
        if entries and not (out / MANIFEST_NAME).is_file():
            raise OutputFolderNotEmptyError(path=str(out))
        old = out.with_name(f"{fsio.TEMP_PREFIX}old-{out.name}-{uuid.uuid4().hex[:8]}")
        out.rename(old)
    tmp.rename(out)
    fsio.fsync_dir(out.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _seal_inside_workspace(folder: Path) -> None:
    """A build into an encrypted workspace (the app builds into ``<home>/built/``) is sealed
    like the rest of it (``vault.py``); the manifest's hashes are over the plain files, and the
    outbox decrypts when it freezes the folder. A folder outside the workspace (``-o``) is the
    officer's deliverable and stays plain."""
    from ..vault import sealing_vault

    if sealing_vault(folder / MANIFEST_NAME) is None:
        return
    for path in sorted(folder.iterdir()):
        if path.is_file():
            vault.write_personal(path, path.read_bytes())


def _write_zip(folder: Path, zip_path: Path) -> None:
    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.iterdir()):
                if path.is_file():
                    zf.write(path, arcname=f"{folder.name}/{path.name}")

    fsio.atomic_write_with(zip_path, write)


def build_dossier(
    home: Path,
    dossier_id: str,
    out_dir: Path,
    *,
    make_zip: bool = False,
    sign: SignRequest | None = None,
    allow_incomplete: bool = False,
    incomplete_reason: str = "",
    jobs: int | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    ocr_done: Mapping[str, tuple[str, Any]] | None = None,
) -> BuildResult:
    """Build the dossier's folder (one PDF/A per component, manifest), signed if asked.

    ``ocr_done`` maps page id → (render key, ``ocr.pipeline.PageResult``) for pages already
    read (the app's background OCR); a page whose render key still matches is not read again.
    An incomplete dossier is built only with ``allow_incomplete`` and an ``incomplete_reason``,
    which the manifest keeps.
    """
    from ..workspace import Workspace

    out_dir = Path(out_dir)
    dossier, procedure, check, reason = preflight(
        home, dossier_id, allow_incomplete=allow_incomplete, incomplete_reason=incomplete_reason)
    specs = [(i, s) for i, s in enumerate(procedure.components, start=1)
             if dossier.page_count(s.code)]
    try:
        from ..ocr.pipeline import ocr_to_pdfa
    except ImportError as exc:
        raise OcrStageMissingError(detail=str(exc)) from None
    total = len(specs) * (2 if sign else 1)
    step = 0
    warnings: list[str] = []
    sign_seconds: list[float] = []

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f"{fsio.TEMP_PREFIX}build-", dir=out_dir.parent))
    except OSError as exc:
        raise StorageError(path=str(out_dir.parent), detail=exc.strerror) from exc
    try:
        documents: list[dict[str, Any]] = []
        with Workspace(home) as ws:
            for index, spec in specs:
                if progress:
                    progress(step, total, spec.code)
                _check_cancel(cancel)
                page_ids = dossier.documents[spec.code].page_ids
                doc_pages = [ws.page(pid) for pid in page_ids]
                renders = [ws.render_path(page) for page in doc_pages]
                done = None
                if ocr_done:
                    done = [ocr_done[p.id][1] if p.id in ocr_done
                            and ocr_done[p.id][0] == ws.render_key(p) else None
                            for p in doc_pages]
                name = document_file_name(index, spec.name)
                report = ocr_to_pdfa(renders, tmp / name, jobs=jobs, title=spec.name,
                                     dossier_id=dossier.id, cancel=cancel, done=done)
                mean, per_page = _confidences(report, len(page_ids))
                documents.append({
                    "index": index, "code": spec.code, "name": spec.name,
                    "required": spec.required, "file": name,
                    "ocr": {"mean_confidence": mean, "page_confidence": per_page},
                    "pages": [_page_record(ws, pid) for pid in page_ids],
                    "signature": None,
                    "written_check": getattr(report, "check", None),
                })
                step += 1
        if sign is not None:
            from ..pdf.sign import open_signer, sign_pdf

            with open_signer(sign.credential, sign.pin,
                             allow_final_try=sign.allow_final_try) as signer:
                for doc in documents:
                    if progress:
                        progress(step, total, f"sign {doc['code']}")
                    _check_cancel(cancel)
                    path = tmp / doc["file"]
                    result = sign_pdf(path, path, signer, sign.options)
                    sign_seconds.append(result.seconds)
                    doc["signature"] = {
                        "signer": result.signer_name, "signing_time": result.signing_time,
                        "level": result.level, "field_name": result.field_name,
                        "visible": result.visible,
                    }
                    step += 1
        for doc in documents:
            path = tmp / doc["file"]
            doc["sha256"] = sha256_file(path)
            doc["size"] = path.stat().st_size
            doc["page_count"] = pdf_page_count(path)
            doc["pdfa"], flagged = _pdfa_check(path, doc.pop("written_check"))
            for number, clauses in flagged.items():  # the page is marked where it is listed
                if 1 <= number <= len(doc["pages"]):
                    doc["pages"][number - 1]["pdfa_flagged"] = clauses
                    warnings.append(f"{doc['file']}: page {number} flagged by the PDF/A "
                                    f"check: {', '.join(clauses)}")
            if doc["pdfa"]["ok"] is False:
                warnings.append(f"{doc['file']}: PDF/A check failed: "
                                + "; ".join(doc["pdfa"]["clauses"][:3]))
            if doc["page_count"] != len(doc["pages"]):
                warnings.append(f"{doc['file']}: {doc['page_count']} pages in the PDF, "
                                f"{len(doc['pages'])} assigned")
        manifest = {
            "manifest_version": 1,
            "dossier_id": dossier.id,
            "agency_code": dossier.agency_code,
            "station": {"number": station.station_number(home),
                        "id": station.station_id(home)},
            "procedure": {k: v for k, v in procedure.summary().items() if v != ""}
            | {"field": procedure.field},
            "applicant": dossier.applicant.to_json(),
            "created": dossier.created,
            "built_at": now_vn().isoformat(),
            "software": _software(),
            "checklist": {"complete": check.complete, "missing": list(check.missing),
                          "missing_names": list(check.missing_names)}
            | ({"incomplete_reason": reason} if reason else {}),
            "documents": [
                {k: doc[k] for k in ("index", "code", "name", "required", "file", "sha256",
                                     "size", "page_count", "pdfa", "ocr", "pages", "signature")}
                for doc in documents
            ],
        }
        validate_manifest(manifest)
        _check_cancel(cancel)
        fsio.atomic_write_text(
            tmp / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        )
        _seal_inside_workspace(tmp)
        fsio.fsync_dir(tmp)
        _install(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    zip_path = None
    if make_zip:
        zip_path = out_dir.with_name(out_dir.name + ".zip")
        _write_zip(out_dir, zip_path)
    with DossierStore(home) as store:
        current = store.get(dossier.id)
        current.status = "built"
        current.builds.append({
            "at": manifest["built_at"], "folder": str(out_dir.resolve()),
            "manifest_sha256": hashlib.sha256(
                vault.read_personal(out_dir / MANIFEST_NAME)).hexdigest(),
            "signed": sign is not None,
        } | ({"incomplete_reason": reason} if reason else {}))
        store.save(current)
    if progress:
        progress(total, total, "")
    log.info("dossier %s built: %d file(s)", dossier.id, len(documents))
    return BuildResult(dossier.id, out_dir, manifest, zip_path, sign_seconds, warnings)
