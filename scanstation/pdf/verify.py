"""Verify the signatures of a PDF: who signed, when, whether the bytes are intact, PDF/A status.

pyHanko validates each embedded signature: the CMS signature itself, the hash of the signed byte
range (a flipped byte anywhere in the signed revision makes it fail), the chain to the configured
trust roots, and a difference analysis of every incremental update appended after the signature
(extra signatures and timestamps are allowed; changed page content is a modification).

The outcome is one :attr:`VerifyReport.status` with its own exit code, so scripts can act on it:
``intact`` (0: intact and the signer chains to a trusted root), ``modified`` (7), ``untrusted``
(10), ``appended`` (11: bytes after the signed revision that no later revision accounts for —
content a reader may show that nobody signed) and ``unsigned`` (12); a file that cannot be read
is an input error (3). pyHanko's own log records (tracebacks of its difference analysis) are
kept off the terminal and summed up in ``problems``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, cast

from ..errors import FileNotFoundInputError, InputFileError

log = logging.getLogger("scanstation.pdf.verify")

INTACT = "intact"
MODIFIED = "modified"
UNTRUSTED = "untrusted"
APPENDED = "appended"
UNSIGNED = "unsigned"

# Exit codes of ``scanstation verify`` (stable: scripts depend on them).
EXIT_CODES = {INTACT: 0, MODIFIED: 7, UNTRUSTED: 10, APPENDED: 11, UNSIGNED: 12}
STATUS_TEXT = {
    INTACT: ("nguyên vẹn, người ký tin cậy", "intact, trusted signer"),
    MODIFIED: ("đã bị sửa sau khi ký", "modified after signing"),
    UNTRUSTED: ("nguyên vẹn nhưng người ký chưa được tin cậy",
                "intact, but the signer is not trusted"),
    APPENDED: ("có dữ liệu được thêm vào sau phần đã ký (không ai ký phần này)",
               "bytes were appended after the signed revision (nobody signed them)"),
    UNSIGNED: ("không có chữ ký", "no signature"),
}


@dataclass
class SignatureReport:
    field_name: str
    signer: str
    signer_certificate_sha256: str
    issuer: str
    signing_time: str | None  # as claimed by the signer (ISO 8601)
    timestamp_time: str | None  # from a trusted timestamp token (PAdES B-T)
    integrity: str  # "intact" | "modified"
    intact: bool  # hash of the signed bytes matches
    valid: bool  # the CMS signature is cryptographically valid
    trusted: bool  # the chain reaches one of the trust roots
    coverage: str  # ENTIRE_FILE | ENTIRE_REVISION | …
    modification_level: str | None  # NONE | LTA_UPDATES | FORM_FILLING | OTHER
    subfilter: str
    level: str  # PAdES-B-B / PAdES-B-T / CMS
    problems: list[str] = field(default_factory=list)
    appended_bytes: int = 0  # unsigned bytes after this signature's revision, not a revision


@dataclass
class VerifyReport:
    file: str
    signed: bool
    integrity: str  # overall: "intact" if every signature is, else "modified"; "unsigned"
    signatures: list[SignatureReport]
    pdfa: dict[str, Any]
    status: str = UNSIGNED  # intact | modified | untrusted | appended | unsigned
    exit_code: int = EXIT_CODES[UNSIGNED]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def ok(self) -> bool:
        """Signed and intact (trust is separate: see ``status``)."""
        return self.signed and self.integrity == INTACT

    def status_message(self, lang: str = "vi") -> str:
        return STATUS_TEXT[self.status][0 if lang.startswith("vi") else 1]


def overall_status(reports: list[SignatureReport]) -> str:
    """The worst outcome over every signature: modified > appended > untrusted > intact."""
    if not reports:
        return UNSIGNED
    if any(r.integrity == MODIFIED for r in reports):
        return MODIFIED
    if any(r.appended_bytes for r in reports):
        return APPENDED
    if not all(r.trusted for r in reports):
        return UNTRUSTED
    return INTACT


@contextmanager
def _quiet_pyhanko(problems: list[str]) -> Iterator[None]:
    """pyHanko logs tracebacks (e.g. "Error in diff operation") on its own loggers: collect their
    first lines as problems instead of letting them reach stderr."""

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                problems.append(record.getMessage()[:300])
            except Exception:  # a broken record must not break verification
                problems.append(str(record.msg)[:300])

    handler = Collect(level=logging.WARNING)
    saved = []
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate))
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, propagate in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate


def _appended_bytes(sig: Any, total_revisions: int, data: bytes) -> int:
    """Non-blank bytes after the signed byte range when no later revision explains them."""
    try:
        start, length = sig.byte_range[2], sig.byte_range[3]
        if sig.signed_revision < total_revisions - 1:
            return 0  # later revisions exist: pyHanko's difference analysis judges them
    except (AttributeError, IndexError, TypeError):
        return 0
    tail = data[start + length:]
    return len(tail) if tail.strip(b" \t\r\n\x00") else 0


class UnreadableSignedPdfError(InputFileError):
    vi = "Tệp {name} không đọc được như một PDF (có thể đã bị sửa hoặc hỏng)."
    en = "File {name} cannot be read as a PDF (it may have been altered or damaged)."


def load_trust_roots(paths: list[Path]) -> list[Any]:
    """Read PEM or DER certificates (one or several per file) as asn1crypto certificates."""
    from asn1crypto import pem, x509

    roots = []
    for path in paths:
        if not path.is_file():
            raise FileNotFoundInputError(name=path.name)
        data = path.read_bytes()
        try:
            if pem.detect(data):
                for _type, _headers, der in pem.unarmor(data, multiple=True):
                    roots.append(x509.Certificate.load(der))
            else:
                roots.append(x509.Certificate.load(data))
        except (ValueError, TypeError) as exc:
            raise InputFileError(name=path.name, detail="certificate") from exc
    return roots


def _name(cert: Any) -> str:
    try:
        native = cert.subject.native
        cn = native.get("common_name") or cert.subject.human_friendly
    except Exception:  # unusual encodings: fall back to the RFC 4514 string
        return str(cert.subject.human_friendly)
    return cn[0] if isinstance(cn, list) else str(cn)


def _pdfa_status(path: Path) -> dict[str, Any]:
    try:
        from .check import check_pdfa  # owned by the OCR/PDF stage
    except ImportError:
        return {"checked": False, "ok": None, "reason": "scanstation.pdf.check not available"}
    try:
        report = check_pdfa(path)
    except Exception as exc:  # a broken file is reported, not raised: verify must still answer
        return {"checked": True, "ok": False,
                "failed_clauses": [f"{type(exc).__name__}: {exc}"[:300]]}
    failed = getattr(report, "failures", None)
    if failed is None:
        failed = [c for c in getattr(report, "clauses", []) if not getattr(c, "passed", False)]
    return {"checked": True, "ok": bool(report.ok), "failed_clauses": [str(c) for c in failed]}


def verify_pdf(
    path: Path | str, trust: list[Path] | None = None, *, check_pdfa: bool = True
) -> VerifyReport:
    """Validate every signature in ``path``; ``trust`` are the CA certificates to trust."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundInputError(name=path.name)
    roots = load_trust_roots(trust or [])
    reports: list[SignatureReport] = []
    data = path.read_bytes()
    with open(path, "rb") as handle:
        try:
            with _quiet_pyhanko([]):
                reader = PdfFileReader(handle, strict=False)
                embedded = list(reader.embedded_signatures)
                total_revisions = reader.xrefs.total_revisions
        except (PdfReadError, Exception) as exc:  # hostile bytes: pyHanko may raise anything
            raise UnreadableSignedPdfError(name=path.name, detail=str(exc)[:200]) from None
        for sig in embedded:
            vc = ValidationContext(trust_roots=roots, allow_fetching=False)
            problems: list[str] = []
            try:
                with _quiet_pyhanko(problems):
                    status = validate_pdf_signature(sig, vc)
            except Exception as exc:  # a mangled CMS blob is a modified signature, not a crash
                cert_sha = ""
                reports.append(SignatureReport(
                    field_name=str(sig.field_name), signer="", signer_certificate_sha256=cert_sha,
                    issuer="", signing_time=None, timestamp_time=None, integrity=MODIFIED,
                    intact=False, valid=False, trusted=False, coverage="UNCLEAR",
                    modification_level=None, subfilter="", level="?",
                    problems=[f"{type(exc).__name__}: {exc}"[:300]],
                ))
                continue
            cert = status.signing_cert
            mod = status.modification_level
            trusted = status.trust_problem_indic is None and status.validation_path is not None
            if not status.intact:
                problems.append("signed bytes changed (hash mismatch)")
            if not status.valid:
                problems.append("cryptographic signature invalid")
            if not trusted:
                # Every concrete AdES sub-indication is an enum; the base class pyHanko types it as is not.
                indic = cast("Enum | None", status.trust_problem_indic)
                problems.append("signer not trusted" + (f" ({indic.name})" if indic else ""))
            modified = (
                not status.intact
                or not status.valid
                or (mod is not None and mod.name in ("ANNOTATIONS", "OTHER"))
                or status.docmdp_ok is False
                or status.coverage is None
                or status.coverage.name not in ("ENTIRE_FILE", "ENTIRE_REVISION")
            )
            if mod is not None and mod.name in ("ANNOTATIONS", "OTHER"):
                problems.append("document changed after signing")
            appended = _appended_bytes(sig, total_revisions, data)
            if appended:
                problems.append(f"{appended} bytes appended after the signed revision")
            ts = status.timestamp_validity
            subfilter = str(sig.sig_object.get("/SubFilter", ""))
            if ts is not None:
                level = "PAdES-B-T" if "CAdES" in subfilter else "CMS+TS"
            else:
                level = "PAdES-B-B" if "CAdES" in subfilter else "CMS"
            reports.append(SignatureReport(
                field_name=str(sig.field_name),
                signer=_name(cert),
                signer_certificate_sha256=cert.sha256.hex(),
                issuer=str(cert.issuer.human_friendly),
                signing_time=status.signer_reported_dt.isoformat() if status.signer_reported_dt
                else None,
                timestamp_time=ts.timestamp.isoformat() if ts is not None else None,
                integrity=MODIFIED if modified else INTACT,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=trusted,
                coverage=status.coverage.name if status.coverage is not None else "UNCLEAR",
                modification_level=mod.name if mod is not None else None,
                subfilter=subfilter,
                level=level,
                problems=problems,
                appended_bytes=appended,
            ))
    if not reports:
        integrity = UNSIGNED
    else:
        integrity = INTACT if all(r.integrity == INTACT for r in reports) else MODIFIED
    pdfa = _pdfa_status(path) if check_pdfa else {"checked": False, "ok": None}
    status_name = overall_status(reports)
    return VerifyReport(file=path.name, signed=bool(reports), integrity=integrity,
                        signatures=reports, pdfa=pdfa, status=status_name,
                        exit_code=EXIT_CODES[status_name])
