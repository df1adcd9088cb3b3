"""Dossier operations shared by the CLI and the UI: create, add documents, checklist."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DossierError
from .catalogue import get_procedure
from .checklist import Checklist, checklist
from .model import Applicant, DocumentPages, Dossier
from .store import DossierStore, configured_agency_code

log = logging.getLogger("scanstation.dossier")


class UnknownComponentError(DossierError):
    vi = "Thủ tục {procedure} không có thành phần hồ sơ '{code}'. Các mã hợp lệ: {codes}."
    en = "Procedure {procedure} has no component document '{code}'. Valid codes: {codes}."


class DossierFrozenError(DossierError):
    vi = ("Hồ sơ {key} đã ký và đưa vào hàng đợi gửi, không sửa được nữa. Muốn sửa, hãy mở "
          "phiên bản mới của hồ sơ.")
    en = ("Dossier {key} has been signed and queued for upload and can no longer be changed. "
          "To change it, open a new version of the dossier.")


# queued for upload or sent: what was signed is what the portal gets
LOCKED_STATES = frozenset({"queued", "sent"})


@dataclass
class AddResult:
    dossier: Dossier
    code: str
    page_ids: list[str]
    files: list[str]


def _editable(store: DossierStore, dossier_id: str) -> Dossier:
    """The dossier, if it may still change: a sent dossier is frozen."""
    dossier = store.get(dossier_id)
    if dossier.status in LOCKED_STATES:
        raise DossierFrozenError(key=dossier.id)
    return dossier


def _check_component(home: Path, dossier: Dossier, code: str) -> None:
    """Refuse a component code the dossier's procedure does not have, naming the valid ones."""
    procedure = get_procedure(dossier.procedure_code, home)
    if procedure.component(code) is None:
        raise UnknownComponentError(
            procedure=procedure.code, code=code,
            codes=", ".join(c.code for c in procedure.components),
        )


def new_dossier(
    home: Path,
    procedure_code: str,
    applicant: Applicant | None = None,
    agency_code: str | None = None,
    *,
    warn: Callable[[str], None] | None = None,
) -> Dossier:
    """Create a dossier; the code comes from the configured agency code (or ``agency_code``)."""
    procedure = get_procedure(procedure_code, home)
    if agency_code:
        code = agency_code.strip()
    else:
        code, where = configured_agency_code(home)
        if not where and warn is not None:
            warn(
                "Chưa cấu hình mã định danh cơ quan (SCANSTATION_AGENCY_CODE hoặc station.json); "
                "tạm dùng 'LOCAL'. — No agency code configured (SCANSTATION_AGENCY_CODE or "
                "station.json); using 'LOCAL' for now."
            )
    with DossierStore(home) as store:
        return store.create(procedure.code, code, applicant)


def add_documents(
    home: Path,
    dossier_id: str,
    code: str,
    files: Sequence[Path],
    *,
    clean: bool = True,
) -> AddResult:
    """Import ``files`` into the workspace (batch = dossier id) and assign their pages to the
    component ``code``. Every file is checked first: one bad file means nothing is added."""
    from .. import imaging
    from ..importer import import_bytes, read_input
    from ..workspace import Workspace

    with DossierStore(home) as store:
        dossier = _editable(store, dossier_id)
        _check_component(home, dossier, code)
        payloads = []
        for path in files:
            data = read_input(Path(path))
            imaging.probe(data, Path(path).name)  # refuse bad files before storing anything
            payloads.append((Path(path).name, data))
        page_ids: list[str] = []
        with Workspace(home) as ws:
            for name, data in payloads:
                pages = import_bytes(ws, data, name, batch=dossier.id, clean=clean)
                page_ids.extend(p.id for p in pages)
        dossier.add_pages(code, page_ids)
        dossier.status = "open"  # a change after a build needs a new build
        store.save(dossier)
    log.info("dossier %s: %d page(s) added to %s", dossier.id, len(page_ids), code)
    return AddResult(dossier, code, page_ids, [n for n, _ in payloads])


def assign_pages(home: Path, dossier_id: str, code: str, page_ids: Sequence[str]) -> Dossier:
    """Assign pages already in the workspace (scanned, imported) to the component ``code``; a
    page moves if it was assigned elsewhere in this dossier."""
    from ..workspace import Workspace

    with DossierStore(home) as store:
        dossier = _editable(store, dossier_id)
        _check_component(home, dossier, code)
        with Workspace(home) as ws:
            for page_id in page_ids:
                ws.page(page_id)  # NotFoundError for an unknown or deleted page
        for page_id in page_ids:
            dossier.remove_page(page_id)
        dossier.add_pages(code, list(page_ids))
        dossier.status = "open"
        return store.save(dossier)


def remove_page(home: Path, dossier_id: str, page_id: str) -> Dossier:
    """Take a page out of the dossier (it stays in the workspace)."""
    from ..errors import NotFoundError

    with DossierStore(home) as store:
        dossier = _editable(store, dossier_id)
        if not dossier.remove_page(page_id):
            raise NotFoundError(what="page", key=page_id)
        dossier.status = "open"
        return store.save(dossier)


def set_applicant(home: Path, dossier_id: str, applicant: Applicant) -> Dossier:
    with DossierStore(home) as store:
        dossier = _editable(store, dossier_id)
        dossier.applicant = applicant
        return store.save(dossier)


def dossier_checklist(home: Path, dossier_id: str) -> tuple[Dossier, Checklist]:
    with DossierStore(home) as store:
        dossier = store.get(dossier_id)
    return dossier, checklist(dossier, get_procedure(dossier.procedure_code, home))


def move_page(home: Path, dossier_id: str, page_id: str, code: str, index: int) -> Dossier:
    """Put a page of the dossier at position ``index`` of component ``code`` (the same or
    another component). The dossier's ``documents`` are the one source of page order: the
    window, the CLI and the build all read them."""
    from ..errors import NotFoundError

    with DossierStore(home) as store:
        dossier = _editable(store, dossier_id)
        _check_component(home, dossier, code)
        if not dossier.remove_page(page_id):
            raise NotFoundError(what="page", key=page_id)
        doc = dossier.documents.setdefault(code, DocumentPages(code))
        doc.page_ids.insert(max(0, min(index, len(doc.page_ids))), page_id)
        dossier.status = "open"
        return store.save(dossier)


def mark_queued(home: Path, dossier_id: str, outbox_item: str) -> Dossier:
    """The dossier went into the outbox: from now on it is read-only (what was signed and
    queued is what the portal gets); a change needs a deliberate new version."""
    with DossierStore(home) as store:
        dossier = _editable(store, dossier_id)
        dossier.status = "queued"
        dossier.builds = [*dossier.builds[:-1], {**(dossier.builds[-1] if dossier.builds else {}),
                                                 "outbox_item": outbox_item}]
        return store.save(dossier)


def reopen(home: Path, dossier_id: str) -> Dossier:
    """Start a new version of a queued or sent dossier (a deliberate action by the officer):
    it can change again and must be built, signed and queued again."""
    with DossierStore(home) as store:
        dossier = store.get(dossier_id)
        dossier.status = "open"
        return store.save(dossier)
