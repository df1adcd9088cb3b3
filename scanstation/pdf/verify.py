"""Verify the signatures of a PDF: who signed, when, whether the bytes are intact, PDF/A status.

pyHanko validates each embedded signature: the CMS signature itself, the hash of the signed byte
range (a flipped byte anywhere in the signed revision makes it fail), the chain to the configured
trust roots, and a difference analysis of every incremental update appended after the signature
(extra signatures and timestamps are allowed; changed page content is a modification).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FileNotFoundInputError, InputFileError

log = logging.getLogger("scanstation.pdf.verify")

INTACT = "intact"
MODIFIED = "modified"


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


@dataclass
class VerifyReport:
    file: str
    signed: bool
    integrity: str  # overall: "intact" if every signature is, else "modified"; "unsigned"
    signatures: list[SignatureReport]
    pdfa: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def ok(self) -> bool:
        return self.signed and self.integrity == INTACT


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
    with open(path, "rb") as handle:
        try:
            reader = PdfFileReader(handle, strict=False)
            embedded = list(reader.embedded_signatures)
        except (PdfReadError, ValueError, KeyError) as exc:
            raise UnreadableSignedPdfError(name=path.name, detail=str(exc)[:200]) from None
        for sig in embedded:
            vc = ValidationContext(trust_roots=roots, allow_fetching=False)
            problems: list[str] = []
            try:
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
                indic = status.trust_problem_indic
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
            ))
    if not reports:
        integrity = "unsigned"
    else:
        integrity = INTACT if all(r.integrity == INTACT for r in reports) else MODIFIED
    pdfa = _pdfa_status(path) if check_pdfa else {"checked": False, "ok": None}
    return VerifyReport(file=path.name, signed=bool(reports), integrity=integrity,
                        signatures=reports, pdfa=pdfa)
