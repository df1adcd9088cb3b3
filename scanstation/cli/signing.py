"""``scanstation sign`` and ``scanstation verify``, and the signing options the dossier and batch
commands share (credential, PIN, token gate, appearance).

The PIN of a token or PKCS#12 file comes from ``--pin-env VAR`` (the variable's value) or is asked
for on the terminal without echo; it is never an option value (it would land in the shell history
and the process list), never written and never printed. pyHanko is imported inside the commands.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer

from ._common import emit_json, fail, guarded

TSA_ENV = "SCANSTATION_TSA_URL"

# The signing options ``sign``, ``dossier build`` and ``batch export`` share, declared once: the
# same words and the same help wherever an officer or an archivist signs.
PKCS12 = typer.Option(None, "--pkcs12",
                      help="Ký bằng tệp PKCS#12 (.p12/.pfx) / sign with a PKCS#12 file")
PKCS11_MODULE = typer.Option(None, "--pkcs11-module",
                             help="Thư viện PKCS#11 của token / the token's PKCS#11 library")
TOKEN_LABEL = typer.Option(None, "--token-label", help="Nhãn token / token label")
KEY_LABEL = typer.Option(None, "--key-label", help="Nhãn khóa / key label")
PIN_ENV = typer.Option(None, "--pin-env",
                       help="Lấy PIN từ biến môi trường / read the PIN from this environment "
                       "variable")
TSA_URL = typer.Option(None, "--tsa-url",
                       help=f"Máy chủ dấu thời gian RFC 3161 (hoặc {TSA_ENV}) / timestamp server")
INVISIBLE = typer.Option(False, "--invisible", help="Chữ ký ẩn / invisible signature")
SIGNER_NAME = typer.Option("", "--signer-name",
                           help="Tên hiển thị / displayed name (default: certificate CN)")


def read_pin(pin_env: str | None, what: str) -> str | None:
    from ..errors import SigningError

    if pin_env:
        value = os.environ.get(pin_env)
        if value is None:
            fail(SigningError(
                reason=f"biến môi trường {pin_env} chưa được đặt / "
                f"environment variable {pin_env} is not set"
            ))
        return value
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"PIN ({what}): ")
    if what.startswith("PKCS#12"):
        return None  # a PKCS#12 file may have no password
    fail(SigningError(reason="chưa có PIN: dùng --pin-env / no PIN: use --pin-env"))
    return None


def credential_from_options(
    pkcs12: Path | None, module: Path | None, token_label: str | None, key_label: str | None
) -> Any:
    from ..errors import ExitCode, ScanStationError
    from ..pdf.sign import Pkcs11Credential, Pkcs12Credential

    class UsageError(ScanStationError):
        exit_code = ExitCode.USAGE
        vi = "Hãy chọn một: --pkcs12 TỆP hoặc --pkcs11-module THƯ_VIỆN --token-label NHÃN."
        en = "Choose one: --pkcs12 FILE or --pkcs11-module LIB --token-label LABEL."

    if pkcs12 is not None and module is None:
        return Pkcs12Credential(pkcs12)
    if pkcs12 is None and module is not None and token_label:
        return Pkcs11Credential(module, token_label, key_label)
    fail(UsageError())
    return None


def token_gate(cred: Any) -> bool:
    """Before a PIN is asked for: say how close a token is to locking, refuse a locked one, and
    let only a person at the terminal confirm a final try (never a script). Returns whether the
    final try was confirmed."""
    from ..pdf.sign import PinLockedError, Pkcs11Credential
    from ..pdf.token import PinFinalTryError, read_token_state

    if not isinstance(cred, Pkcs11Credential):
        return False
    state = read_token_state(cred)
    if not state.can_try:
        fail(PinLockedError())
    if state.level != "ok":
        typer.echo(f"! {state.sentence_vi}\n! {state.sentence_en}", err=True)
    if state.must_confirm:
        if not sys.stdin.isatty() or not typer.confirm(
            "Vẫn thử PIN? / Try the PIN anyway?", default=False, err=True
        ):
            fail(PinFinalTryError())
        return True
    return False


def sign_options(
    invisible: bool, placement: str, signer_name: str, reason: str, tsa_url: str | None
) -> Any:
    from ..pdf.sign import SignOptions

    if placement not in ("top-left", "top-right"):
        from ..errors import ScanStationError

        fail(ScanStationError(detail=f"--placement {placement}: top-left | top-right"))
    label = "SAO Y" if placement == "top-right" else "Người số hóa"
    return SignOptions(
        visible=not invisible, placement=placement, signer_name=signer_name,
        reason=reason, timestamp_url=tsa_url or os.environ.get(TSA_ENV) or None, label=label,
    )


def register(app: typer.Typer) -> None:
    """Add ``sign`` and ``verify`` to ``app``."""

    @app.command("sign")
    def sign(
        in_file: Path = typer.Argument(..., metavar="IN", help="PDF cần ký / PDF to sign"),
        out: Path = typer.Option(..., "-o", "--out", help="Tệp kết quả / signed output"),
        pkcs12: Path | None = PKCS12,
        pkcs11_module: Path | None = PKCS11_MODULE,
        token_label: str | None = TOKEN_LABEL,
        key_label: str | None = KEY_LABEL,
        pin_env: str | None = PIN_ENV,
        tsa_url: str | None = TSA_URL,
        invisible: bool = INVISIBLE,
        placement: str = typer.Option(
            "top-left", "--placement",
            help="top-left (người số hóa / officer) | top-right (sao y / agency copy)",
        ),
        signer_name: str = SIGNER_NAME,
        reason: str = typer.Option(
            "Số hóa bản sao / Digitized copy", "--reason",
            help="Lý do ký / reason",
        ),
        as_json: bool = typer.Option(False, "--json", help="JSON output"),
    ) -> None:
        """Ký số PAdES (B-B, hoặc B-T khi có máy chủ dấu thời gian) / PAdES-sign a PDF."""
        from ..pdf.sign import SessionPin, check_signable, sign_file

        @guarded
        def run() -> None:
            cred = credential_from_options(pkcs12, pkcs11_module, token_label, key_label)
            options = sign_options(invisible, placement, signer_name, reason, tsa_url)
            check_signable(in_file)  # before asking for a PIN
            final_try_ok = token_gate(cred)
            pin = SessionPin(read_pin(pin_env, cred.describe()))
            try:
                result = sign_file(in_file, out, cred, pin, options, allow_final_try=final_try_ok)
            finally:
                pin.forget()
            if as_json:
                emit_json({"output": str(result.output), "signer": result.signer_name,
                           "signing_time": result.signing_time, "level": result.level,
                           "field_name": result.field_name, "visible": result.visible,
                           "seconds": round(result.seconds, 3)})
            else:
                typer.echo(f"{result.output}: {result.level}, {result.signer_name}, "
                           f"{result.signing_time}")

        run()

    @app.command("verify")
    def verify(
        file: Path = typer.Argument(..., help="PDF đã ký / signed PDF"),
        trust: list[Path] = typer.Option(
            [], "--trust",
            help="Chứng thư CA tin cậy (PEM/DER), lặp lại được / "
            "trusted CA certificate, repeatable",
        ),
        as_json: bool = typer.Option(False, "--json", help="JSON output"),
    ) -> None:
        """Kiểm tra chữ ký: người ký, thời gian, toàn vẹn, PDF/A / verify signatures: signer,
        time, integrity, PDF/A. Trust roots: --trust and <workspace>/trust/*.pem|crt|cer|der.
        Exit 0 intact and trusted, 7 modified, 10 untrusted signer, 11 bytes appended after the
        signed revision, 12 no signature, 3 unreadable file."""
        from ..paths import workspace_home
        from ..pdf.verify import verify_pdf
        from ..textsafe import escape_controls as safe

        @guarded
        def run() -> None:
            # the station's own trust roots (e.g. the Ban Cơ yếu CA) live in <workspace>/trust/
            folder = workspace_home() / "trust"
            station = sorted(
                p for p in (folder.iterdir() if folder.is_dir() else [])
                if p.suffix.lower() in (".pem", ".crt", ".cer", ".der")
            )
            report = verify_pdf(file, [*trust, *station])
            if as_json:
                emit_json(report.to_dict())
            else:
                typer.echo(f"{safe(report.file)}: {report.status} — {report.status_message('vi')}"
                           f" / {report.status_message('en')}")
                for s in report.signatures:
                    trusted = "tin cậy/trusted" if s.trusted else "chưa tin cậy/untrusted"
                    typer.echo(f"  {safe(s.field_name)}: {safe(s.signer)} — {s.signing_time} — "
                               f"{s.level} — {s.integrity} — {trusted}")
                    for p in s.problems:
                        typer.echo(f"    ! {safe(p)}")
                pdfa = report.pdfa
                typer.echo(f"  PDF/A: {'OK' if pdfa.get('ok') else pdfa.get('ok')}")
            if report.exit_code:
                raise typer.Exit(report.exit_code)

        run()
