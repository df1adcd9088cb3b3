"""``scanstation dossier new|add|status|build|list|procedures|check|intake-receipt|
station-number`` (``sign`` and ``verify`` are in ``cli/signing.py``).

The PIN of a token or PKCS#12 file comes from ``--pin-env VAR`` (the variable's value) or is asked
for on the terminal without echo; it is never an option value (it would land in the shell history
and the process list), never written and never printed. pyHanko and the other heavy modules are
imported inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from ..errors import ExitCode, ScanStationError
from . import signing
from ._common import emit_json, fail, guarded
from .procedures import FLAGS
from .signing import credential_from_options, read_pin, sign_options, token_gate


def _home() -> Path:
    from ..paths import workspace_home

    return workspace_home()


def _load_applicant(source: str) -> Any:
    """An applicant from a JSON file or stdin (``-``): our JSON or ``idcard --json`` output."""
    import json

    from ..dossier.model import Applicant
    from ..errors import InputFileError

    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            # JSON lines (``idcard --json`` with several cards): take the first
            data = json.loads(text.strip().splitlines()[0])
    except FileNotFoundError:
        raise InputFileError(name=source) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, IndexError) as exc:
        raise InputFileError(name=source, detail=type(exc).__name__) from None
    if not isinstance(data, dict):
        raise InputFileError(name=source, detail="not a JSON object")
    return Applicant.from_dict(data)


class ReasonRequiredError(ScanStationError):
    exit_code = ExitCode.USAGE
    vi = "--allow-incomplete cần kèm lý do: --reason \"…\" (lý do được lưu trong manifest)."
    en = "--allow-incomplete needs a reason: --reason \"…\" (kept in the manifest)."


def _print_checklist(data: dict[str, Any]) -> None:
    proc = data["procedure"]
    typer.echo(f"Hồ sơ / dossier {data['dossier_id']} — {proc['code']} {proc['name']}")
    marks = {"present": "✔", "missing": "✘", "optional": "·", "alternative": "≈"}
    for item in data["items"]:
        req = "bắt buộc/required" if item["required"] else "tùy chọn/optional"
        typer.echo(f"  {marks.get(item['status'], '?')} {item['code']:<24} {item['pages']:>3} "
                   f"trang/pages  {req:<18} {item['name']}")
    if data["complete"]:
        typer.echo("Đủ thành phần / complete")
    else:
        typer.echo("Còn thiếu: " + "; ".join(data["missing_names"]))
        typer.echo("Missing: " + "; ".join(data["missing_names_en"]))


def register(app: typer.Typer) -> None:
    """Add ``dossier …`` to ``app``."""
    dossier_app = typer.Typer(
        help="Hồ sơ theo thủ tục / dossiers for a procedure.", no_args_is_help=True
    )
    app.add_typer(dossier_app, name="dossier")

    @dossier_app.command("procedures")
    def procedures(as_json: bool = typer.Option(False, "--json", help="JSON output")) -> None:
        """Danh mục thủ tục / list the procedure catalogue."""
        from ..dossier.catalogue import load_catalogue

        @guarded
        def run() -> None:
            catalogue = load_catalogue(_home())
            for proc in sorted(catalogue.values(), key=lambda p: p.code):
                if as_json:
                    emit_json(proc.summary() | {"components": [c.to_json()
                                                               for c in proc.components]})
                else:
                    typer.echo(f"{proc.code}  {proc.name}{FLAGS.get(proc.code_status, '')}")

        run()

    @dossier_app.command("new")
    def new(
        procedure: str = typer.Option(
            ..., "--procedure", "-p",
            help="Mã thủ tục / procedure code, e.g. 1.001193",
        ),
        applicant_json: str | None = typer.Option(
            None, "--applicant-json",
            help="Người nộp (JSON, '-' = stdin; idcard --json) / applicant JSON file",
        ),
        agency: str | None = typer.Option(
            None, "--agency",
            help="Mã định danh cơ quan (mặc định: cấu hình) / agency code (default: configuration)",
        ),
        as_json: bool = typer.Option(False, "--json", help="JSON output"),
    ) -> None:
        """Tạo hồ sơ mới, in mã hồ sơ / create a dossier and print its code."""
        from ..dossier.service import new_dossier

        @guarded
        def run() -> None:
            applicant = _load_applicant(applicant_json) if applicant_json else None
            dossier = new_dossier(_home(), procedure, applicant, agency,
                                  warn=lambda m: typer.echo(m, err=True))
            if as_json:
                emit_json({"dossier_id": dossier.id, "procedure": dossier.procedure_code,
                           "agency_code": dossier.agency_code, "created": dossier.created})
            else:
                typer.echo(dossier.id)

        run()

    @dossier_app.command("add")
    def add(
        dossier_id: str = typer.Argument(..., help="Mã hồ sơ / dossier code"),
        files: list[Path] = typer.Argument(None, help="Ảnh hoặc PDF / images or PDFs"),
        document: str = typer.Option(
            ..., "--document", "-d", help="Mã thành phần hồ sơ / component document code"
        ),
        pages: list[str] = typer.Option(
            [], "--page", help="Trang đã có trong kho (mã trang) / workspace page id, repeatable"
        ),
        no_clean: bool = typer.Option(False, "--no-clean", help="Không tự làm sạch / skip cleanup"),
        as_json: bool = typer.Option(False, "--json", help="JSON output"),
    ) -> None:
        """Thêm tệp (hoặc trang có sẵn) vào một thành phần hồ sơ / add files (or workspace
        pages) to a component document."""
        from ..dossier.service import add_documents, assign_pages
        from ..errors import ScanStationError

        @guarded
        def run() -> None:
            if not files and not pages:
                fail(ScanStationError(detail="FILE... | --page ID"))
            page_ids: list[str] = []
            names: list[str] = []
            dossier_code = dossier_id
            if files:
                result = add_documents(_home(), dossier_id, document, files, clean=not no_clean)
                page_ids.extend(result.page_ids)
                names = result.files
                dossier_code = result.dossier.id
            if pages:
                assign_pages(_home(), dossier_id, document, pages)
                page_ids.extend(pages)
            if as_json:
                emit_json({"dossier_id": dossier_code, "document": document, "files": names,
                           "page_ids": page_ids, "pages": len(page_ids)})
            else:
                typer.echo(f"{dossier_code}: +{len(page_ids)} trang/pages → {document}")

        run()

    @dossier_app.command("remove")
    def remove(
        dossier_id: str = typer.Argument(..., help="Mã hồ sơ / dossier code"),
        page_id: str = typer.Argument(..., help="Mã trang / page id"),
    ) -> None:
        """Bỏ một trang khỏi hồ sơ (trang vẫn trong kho) / take a page out of the dossier."""
        from ..dossier.service import remove_page

        guarded(lambda: remove_page(_home(), dossier_id, page_id))()
        typer.echo(f"{dossier_id}: -1 trang/page")

    @dossier_app.command("applicant")
    def applicant(
        dossier_id: str = typer.Argument(..., help="Mã hồ sơ / dossier code"),
        applicant_json: str = typer.Option(
            ..., "--applicant-json",
            help="Người nộp (JSON, '-' = stdin; idcard --json) / applicant JSON file",
        ),
    ) -> None:
        """Đặt người nộp hồ sơ / set the dossier's applicant."""
        from ..dossier.service import set_applicant

        @guarded
        def run() -> None:
            set_applicant(_home(), dossier_id, _load_applicant(applicant_json))
            typer.echo(dossier_id)

        run()

    @dossier_app.command("status")
    def status(
        dossier_id: str = typer.Argument(..., help="Mã hồ sơ / dossier code"),
        as_json: bool = typer.Option(False, "--json", help="JSON output"),
    ) -> None:
        """Danh mục kiểm tra: còn thiếu gì / checklist: what is still missing."""
        from ..dossier.service import dossier_checklist

        @guarded
        def run() -> None:
            dossier, check = dossier_checklist(_home(), dossier_id)
            data = check.to_json() | {"status": dossier.status, "version": dossier.version,
                                      "agency_code": dossier.agency_code}
            if as_json:
                emit_json(data)
            else:
                _print_checklist(data)

        run()

    @dossier_app.command("list")
    def list_(as_json: bool = typer.Option(False, "--json", help="JSON output")) -> None:
        """Các hồ sơ trong kho / dossiers in the workspace."""
        from ..dossier.store import DossierStore

        @guarded
        def run() -> None:
            with DossierStore(_home()) as store:
                for d in store.list():
                    pages = sum(len(x.page_ids) for x in d.documents.values())
                    if as_json:
                        emit_json({"dossier_id": d.id, "procedure": d.procedure_code,
                                   "created": d.created, "status": d.status, "pages": pages})
                    else:
                        typer.echo(f"{d.id}  {d.procedure_code}  {d.status:<6} {pages} trang/pages")

        run()

    @dossier_app.command("build")
    def build(
        dossier_id: str = typer.Argument(..., help="Mã hồ sơ / dossier code"),
        out: Path = typer.Option(..., "-o", "--out", help="Thư mục kết quả / output folder"),
        make_zip: bool = typer.Option(
            False, "--zip",
            help="Thêm tệp ZIP cạnh thư mục / also write OUT.zip",
        ),
        allow_incomplete: bool = typer.Option(
            False, "--allow-incomplete",
            help="Vẫn tạo khi thiếu giấy tờ (cần --reason) / build even if incomplete "
            "(needs --reason)",
        ),
        incomplete_reason: str | None = typer.Option(
            None, "--reason",
            help="Lý do vẫn tạo hồ sơ thiếu, lưu trong manifest / why an incomplete dossier is "
            "built anyway, kept in the manifest",
        ),
        jobs: int | None = typer.Option(
            None, "--jobs", "-j",
            help="Số tiến trình OCR / OCR processes",
        ),
        pkcs12: Path | None = signing.PKCS12,
        pkcs11_module: Path | None = signing.PKCS11_MODULE,
        token_label: str | None = signing.TOKEN_LABEL,
        key_label: str | None = signing.KEY_LABEL,
        pin_env: str | None = signing.PIN_ENV,
        tsa_url: str | None = signing.TSA_URL,
        invisible: bool = signing.INVISIBLE,
        signer_name: str = signing.SIGNER_NAME,
        as_json: bool = typer.Option(False, "--json", help="JSON output"),
    ) -> None:
        """Tạo PDF/A cho từng thành phần + manifest.json (ký số nếu chọn) / build one PDF/A per
        component document plus manifest.json, optionally signed."""
        from ..dossier.build import SignRequest, build_dossier, preflight
        from ..pdf.sign import SessionPin

        @guarded
        def run() -> None:
            if allow_incomplete and not (incomplete_reason or "").strip():
                fail(ReasonRequiredError())
            # missing documents are reported before any PIN is asked for or page is read
            preflight(_home(), dossier_id, allow_incomplete=allow_incomplete,
                      incomplete_reason=incomplete_reason or "")
            sign_request = None
            if pkcs12 is not None or pkcs11_module is not None:
                cred = credential_from_options(pkcs12, pkcs11_module, token_label, key_label)
                final_try_ok = token_gate(cred)
                pin = SessionPin(read_pin(pin_env, cred.describe()))
                options = sign_options(invisible, "top-left", signer_name,
                                        "Số hóa bản sao / Digitized copy", tsa_url)
                sign_request = SignRequest(cred, pin, options, allow_final_try=final_try_ok)
            try:
                result = build_dossier(_home(), dossier_id, out, make_zip=make_zip,
                                       sign=sign_request, allow_incomplete=allow_incomplete,
                                       incomplete_reason=incomplete_reason or "",
                                       jobs=jobs)
            finally:
                if sign_request is not None:
                    sign_request.pin.forget()
            for warning in result.warnings:
                typer.echo(f"! {warning}", err=True)
            if as_json:
                emit_json({"dossier_id": result.dossier_id, "folder": str(result.folder),
                           "zip": str(result.zip_path) if result.zip_path else None,
                           "files": [p.name for p in result.files],
                           "signed": sign_request is not None,
                           "sign_seconds": [round(s, 3) for s in result.sign_seconds],
                           "warnings": result.warnings})
            else:
                typer.echo(str(result.folder))
                for path in result.files:
                    typer.echo(f"  {path.name}")
                if result.zip_path:
                    typer.echo(str(result.zip_path))

        run()

    @dossier_app.command("intake-receipt")
    def intake_receipt(
        dossier_id: str = typer.Argument(..., help="Mã hồ sơ / dossier code"),
        out: Path = typer.Option(..., "-o", "--out", help="Tệp PDF / output PDF"),
        officer: str = typer.Option(
            "", "--officer",
            help="Cán bộ tiếp nhận (mặc định: SCANSTATION_OFFICER hoặc station.json) / "
            "receiving officer",
        ),
        as_json: bool = typer.Option(False, "--json", help="JSON output"),
    ) -> None:
        """Giấy tiếp nhận hồ sơ và hẹn trả kết quả (không cần mạng) / print the intake receipt
        with the appointment date, offline."""
        from ..dossier.intake_receipt import write_intake_receipt
        from ..errors import StorageError

        @guarded
        def run() -> None:
            try:
                path, receipt = write_intake_receipt(_home(), dossier_id, out, officer=officer)
            except OSError as exc:  # e.g. a folder that cannot be created
                raise StorageError(path=str(out), detail=exc.strerror) from None
            if as_json:
                emit_json({"dossier_id": receipt.dossier_id, "output": str(path),
                           "procedure": receipt.procedure_code,
                           "received": receipt.received_at.isoformat(),
                           "appointment": receipt.appointment.isoformat(),
                           "documents": [{"code": d.code, "name": d.name, "pages": d.pages}
                                         for d in receipt.documents],
                           "portal_receipt_id": receipt.portal_receipt_id or None})
            else:
                typer.echo(str(path))

        run()

    @dossier_app.command("station-number")
    def station_number_cmd(
        number: str | None = typer.Argument(
            None, help="Số trạm trong phường, 0–99 (bỏ trống: xem) / this station's number in "
            "the ward, 0-99 (omit to show)",
        ),
        as_json: bool = typer.Option(False, "--json", help="JSON output"),
    ) -> None:
        """Số trạm: mỗi quầy cấp mã hồ sơ trong khối riêng (trạm N: N001–N999 mỗi ngày) /
        station number: each counter numbers its dossiers in its own daily block."""
        from ..dossier import station

        @guarded
        def run() -> None:
            home = _home()
            value = (station.set_station_number(home, number) if number is not None
                     else station.station_number(home))
            first, last = station.block_range(value)
            if as_json:
                emit_json({"station_number": value, "first": first, "last": last,
                           "station_id": station.station_id(home)})
            else:
                typer.echo(f"{value}  ({first:04d}–{last:04d})")

        run()

    @dossier_app.command("check")
    def check(
        folder: Path = typer.Argument(..., help="Thư mục hồ sơ đã tạo / built dossier folder"),
        as_json: bool = typer.Option(False, "--json", help="JSON output"),
    ) -> None:
        """Kiểm tra thư mục hồ sơ với manifest (sha256, số trang) / re-check files against
        manifest.json."""
        from ..dossier.manifest import verify_folder

        @guarded
        def run() -> None:
            problems = verify_folder(folder)
            if as_json:
                emit_json({"folder": str(folder), "ok": not problems, "problems": problems})
            else:
                for p in problems:
                    typer.echo(p)
                typer.echo("OK" if not problems else f"{len(problems)} vấn đề / problems")
            if problems:
                raise typer.Exit(6)

        run()
