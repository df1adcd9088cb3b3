"""``scanstation privacy …``: a data subject's requests and the retention purge.

Every command prints one JSON object; the ID number is never printed or logged in clear (only
masked, ``001*******45``). Heavy modules are imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import emit_json, guarded

privacy_app = typer.Typer(
    name="privacy",
    help="Dữ liệu cá nhân / personal data: export, erase, retention purge.",
    no_args_is_help=True,
)

ID_HELP = "Số định danh (12 chữ số) / the data subject's ID number (12 digits)"


def register(app: typer.Typer) -> None:
    """Add ``scanstation privacy …`` to ``app``."""
    app.add_typer(privacy_app, name="privacy")


def _home() -> Path:
    from ..paths import workspace_home

    return workspace_home()


@privacy_app.command("export")
@guarded
def export(
    id_number: str = typer.Option(..., "--id", help=ID_HELP),
    out: Path = typer.Option(..., "-o", "--out", help="Thư mục xuất / output folder (0700)"),
) -> None:
    """Xuất mọi dữ liệu về một người / export everything held on one data subject."""
    from ..privacy import mask_id
    from ..retention import export_subject

    summary = export_subject(_home(), id_number, out)
    emit_json({"id_number": mask_id(id_number.strip()), **summary})


@privacy_app.command("erase")
@guarded
def erase(id_number: str = typer.Option(..., "--id", help=ID_HELP)) -> None:
    """Xóa dữ liệu cá nhân của một người / erase one data subject's personal data now
    (keeps each dossier's id, procedure, hashes and portal receipt)."""
    from ..privacy import mask_id
    from ..retention import erase_subject

    report = erase_subject(_home(), id_number)
    emit_json({"id_number": mask_id(id_number.strip()), **report.to_json()})


@privacy_app.command("purge")
@guarded
def purge(
    days: float = typer.Option(None, "--days", min=0.0,
                               help="Số ngày giữ sau biên nhận (mặc định SCANSTATION_RETENTION_DAYS"
                                    " hoặc 30) / days kept after the receipt (default 30)"),
) -> None:
    """Xóa dữ liệu cá nhân của hồ sơ đã quá hạn lưu giữ / purge dossiers past retention."""
    from ..retention import purge_expired, retention_days

    chosen = retention_days() if days is None else days
    report = purge_expired(_home(), chosen)
    emit_json({"days": chosen, **report.to_json()})


@privacy_app.command("encrypt")
@guarded
def encrypt() -> None:
    """Bật mã hóa lưu trữ và mã hóa dữ liệu đã có / turn encryption at rest on and seal the
    data already in the workspace (key: SCANSTATION_KEY_SOURCE, docs/privacy.md)."""
    from ..vault_seal import seal_existing

    box, report = seal_existing(_home())
    emit_json({"encrypted": True, "key_source": box.source, "key": box.where,
               **report.to_json()})
