"""PAdES signing of ScanStation PDFs with a PKCS#12 file or a PKCS#11 token (USB token).

pyHanko does the work: the signature is a CMS (PAdES, ``ETSI.CAdES.detached``) appended as an
incremental update, so the original PDF/A bytes stay untouched and the file remains PDF/A. The
level is PAdES B-B, or B-T when a timestamp server (RFC 3161) is configured.

The officer who digitizes signs each copy with a visible signature at the top left of page 1 with
their name and the time (TT 01/2023/TT-VPCP Điều 8); an agency "sao y" copy goes top right. The
appearance text is rendered with a TrueType font that holds every Vietnamese glyph.

The PIN lives only in memory (``SessionPin``); it is never written to disk, logged or put in an
error message. A wrong PIN is reported once and never retried automatically: a token locks itself
after a few wrong PINs.
"""

from __future__ import annotations

import hashlib
import logging
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import fsio
from ..errors import (
    FileNotFoundInputError,
    InputFileError,
    ScanStationError,
    SigningError,
)
from ..errors import TokenNotFoundError as TokenNotFoundError
from ..errors import WrongPinError as WrongPinError
from ..fonts import SIGNATURE, candidates
from ..paths import VN_TZ, cache_dir

# re-exported: callers take credentials, the PIN and its errors from here
from .signer import Credential, SessionPin, _pkcs11_errors, open_signer
from .signer import PinLockedError as PinLockedError
from .signer import Pkcs11Credential as Pkcs11Credential
from .signer import Pkcs12Credential as Pkcs12Credential
from .token import SigningModuleError as SigningModuleError

if TYPE_CHECKING:
    from asn1crypto import tsp
    from pyhanko.sign.signers import Signer

log = logging.getLogger("scanstation.pdf.sign")



# Fonts with every Vietnamese precomposed vowel and 1000 units per em (pyHanko does not rescale
# glyph widths): Noto only, see ``scanstation.fonts.SIGNATURE``; ``find_font`` checks this.
FONT_CANDIDATES = candidates(SIGNATURE)
VIETNAMESE_SAMPLE = "ẠạẮắẰằẲẳẴẵẶặẾếỀềỄễỆệỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹĐđƠơƯư"

FIELD_PREFIX = "ScanStationSig"


class TimestampServerError(SigningError):
    vi = (
        "Không lấy được dấu thời gian từ máy chủ {url}. "
        "Hãy kiểm tra mạng hoặc bỏ cấu hình dấu thời gian."
    )
    en = "Cannot get a timestamp from {url}. Check the network or remove the timestamp setting."


class NotAPdfError(InputFileError):
    vi = "Tệp {name} không phải là PDF. Chỉ ký được tệp PDF (ví dụ kết quả 'scanstation ocr')."
    en = "File {name} is not a PDF. Only PDF files can be signed (e.g. from 'scanstation ocr')."


class NoFontError(SigningError):
    vi = "Không tìm thấy phông chữ tiếng Việt để vẽ chữ ký. Hãy cài gói fonts-noto-core."
    en = "No font with Vietnamese glyphs for the signature appearance. Install fonts-noto-core."


# --- options and results ---------------------------------------------------------------------


@dataclass(frozen=True)
class SignOptions:
    """How to sign. ``placement`` is ``top-left`` (officer, TT 01/2023) or ``top-right`` (agency
    "sao y" copy, NĐ 30/2020); ``visible=False`` gives an invisible signature."""

    visible: bool = True
    placement: str = "top-left"
    signer_name: str = ""  # default: the certificate's common name
    reason: str = "Số hóa bản sao / Digitized copy"
    location: str = ""
    timestamp_url: str | None = None
    timestamp_timeout: float = 10.0
    font_path: Path | None = None
    label: str = "Người số hóa"  # the line above the name ("SAO Y" for an agency copy)


@dataclass(frozen=True)
class SignResult:
    output: Path
    field_name: str
    signer_name: str
    signing_time: str  # ISO 8601, Vietnam time
    level: str  # "PAdES-B-B" or "PAdES-B-T"
    seconds: float
    visible: bool
    extra: dict[str, Any] = field(default_factory=dict)


def font_usable(path: Path) -> bool:
    """True if ``path`` has every Vietnamese letter and 1000 units per em (see above)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(path), lazy=True) as font:
            cmap = font.getBestCmap() or {}
            return font["head"].unitsPerEm == 1000 and all(
                ord(c) in cmap for c in VIETNAMESE_SAMPLE
            )
    except (OSError, TTLibError, KeyError):
        return False


# Latin, Latin-1/Extended-A/B (ơ ư đ), Vietnamese precomposed letters, combining tones, quotes.
_SUBSET_RANGES = ((0x20, 0x7F), (0xA0, 0x250), (0x300, 0x324), (0x1EA0, 0x1F00), (0x2010, 0x2027))


def _font_cache_dir() -> Path:
    return cache_dir("fonts")


def prepared_font(path: Path) -> Path:
    """A Latin + Vietnamese subset of ``path``, made once and cached.

    pyHanko subsets the font again for every signature; starting from a 100 KiB subset instead
    of the 500 KiB Noto Sans saves ~170 ms per signed document (``benchmarks/sign.py``).
    """
    try:
        stat = path.stat()
        key = hashlib.sha256(f"{path}|{stat.st_size}|{stat.st_mtime_ns}|1".encode()).hexdigest()
        target = _font_cache_dir() / f"{path.stem}-vi-{key[:16]}.ttf"
        if target.is_file():
            return target
        from fontTools import subset
        from fontTools.ttLib import TTFont

        font = TTFont(str(path))
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.glyph_names = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes={c for lo, hi in _SUBSET_RANGES for c in range(lo, hi)})
        subsetter.subset(font)
        fsio.atomic_write_with(target, lambda tmp: font.save(str(tmp)))
        return target if font_usable(target) else path
    except Exception as exc:  # a cache problem must never stop signing: use the full font
        log.debug("font subset cache unavailable (%s); using %s", type(exc).__name__, path.name)
        return path


def find_font(preferred: Path | None = None) -> Path:
    for candidate in (preferred, *FONT_CANDIDATES):
        if candidate is not None and candidate.is_file() and font_usable(candidate):
            return candidate
    raise NoFontError()


# --- timestamps ------------------------------------------------------------------------------


def make_timestamper(url: str, timeout: float = 10.0) -> Any:
    """An RFC 3161 client over httpx (pyHanko's own client needs ``requests``)."""
    from asn1crypto import tsp as _tsp
    from pyhanko.sign.timestamps.api import TimeStamper

    class HttpxTimeStamper(TimeStamper):
        def __init__(self) -> None:
            super().__init__()

        async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
            import httpx

            try:
                async with httpx.AsyncClient(timeout=timeout) as client:
                    resp = await client.post(
                        url,
                        content=req.dump(),
                        headers={"Content-Type": "application/timestamp-query"},
                    )
            except httpx.HTTPError as exc:
                raise TimestampServerError(url=url, detail=type(exc).__name__) from None
            if resp.status_code != 200 or not resp.headers.get("content-type", "").startswith(
                "application/timestamp-reply"
            ):
                raise TimestampServerError(url=url, detail=f"HTTP {resp.status_code}")
            return _tsp.TimeStampResp.load(resp.content)

    return HttpxTimeStamper()


# --- signing ---------------------------------------------------------------------------------


def certificate_name(signer: Signer) -> str:
    cert = signer.signing_cert
    if cert is None:
        return ""
    try:
        name = cert.subject.native.get("common_name", "")
    except Exception:  # exotic subject encodings
        name = ""
    if isinstance(name, list):
        name = name[0] if name else ""
    return unicodedata.normalize("NFC", str(name))


def _pdfa_writer_class() -> type:
    """An incremental writer that keeps the Info dictionary and the XMP metadata in agreement.

    pyHanko appends itself to Info /Producer ("ScanStation; pyHanko x") but writes only
    "pyHanko x" to XMP pdf:Producer, and stamps Info /ModDate and XMP ModifyDate with two separate
    ``now()`` calls: PDF/A-2 (6.6.2.3) requires the two to agree, so a signed PDF/A would stop
    being PDF/A. After pyHanko's own update, both get the same producer and the same date.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata import model, xmp_xml

    class PdfaIncrementalWriter(IncrementalPdfFileWriter):
        def _update_meta(self) -> None:
            super()._update_meta()
            if "/Metadata" not in self.root:
                return
            stream = self.root["/Metadata"]  # [] dereferences; .get() would not
            if not isinstance(stream, xmp_xml.MetadataStream):
                return
            moment = datetime.now(VN_TZ).replace(microsecond=0)
            if self._info is not None:
                info = self._info.get_object()
                info["/Producer"] = generic.TextStringObject(model.VENDOR)
                if "/ModDate" in info:
                    info["/ModDate"] = generic.pdf_date(moment)
                self.mark_update(self._info)
            # unmanaged: only ModifyDate and Producer (= model.VENDOR) are rewritten
            stream.update_xmp_with_meta(
                model.DocumentMetadata(last_modified=moment, xmp_unmanaged=True)
            )
            self.update_container(stream)

    return PdfaIncrementalWriter


@dataclass(frozen=True)
class _InputInfo:
    fields: set[str]
    mediabox: tuple[float, float, float, float]


def _inspect_input(path: Path) -> _InputInfo:
    """Signature field names and page 1's box; a file that is not a readable, unencrypted PDF
    is refused here with a bilingual input error (exit code 3), before the token is used."""
    import pikepdf

    from ..errors import CorruptFileError, EncryptedPdfError

    with open(path, "rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise NotAPdfError(name=path.name)
    try:
        with pikepdf.open(path) as pdf:
            acro = pdf.Root.get("/AcroForm")
            fields = {str(f.get("/T", "")) for f in acro.get("/Fields", [])} if acro else set()
            if len(pdf.pages) == 0:
                raise CorruptFileError(name=path.name)
            box = tuple(float(v) for v in pdf.pages[0].mediabox)
    except pikepdf.PasswordError:
        raise EncryptedPdfError(name=path.name) from None
    except pikepdf.PdfError as exc:
        raise CorruptFileError(name=path.name, detail=str(exc)[:120]) from None
    return _InputInfo(fields, (box[0], box[1], box[2], box[3]))


def check_signable(path: Path | str) -> None:
    """Raise a bilingual input error if ``path`` is not a readable, unencrypted PDF."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundInputError(name=path.name)
    _inspect_input(path)


def _stamp_box(
    mediabox: tuple[float, float, float, float], placement: str, width: int = 215,
    height: int = 32,
) -> tuple[int, int, int, int]:
    left, _bottom, right, top = mediabox
    margin = 12
    y1 = int(top - margin - height)
    if placement == "top-right":
        x1 = int(right - margin - width)
    else:
        x1 = int(left + margin)
    return (x1, y1, x1 + width, y1 + height)


def sign_pdf(
    in_path: Path | str,
    out_path: Path | str,
    signer: Signer,
    options: SignOptions | None = None,
) -> SignResult:
    """Sign ``in_path`` into ``out_path`` (temp → fsync → rename) as an incremental update."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter

    options = options or SignOptions()
    in_path, out_path = Path(in_path), Path(out_path)
    if not in_path.is_file():
        raise FileNotFoundInputError(name=in_path.name)
    start = time.perf_counter()

    info = _inspect_input(in_path)
    existing = info.fields
    n = 1
    while f"{FIELD_PREFIX}{n}" in existing:
        n += 1
    field_name = f"{FIELD_PREFIX}{n}"
    signer_name = unicodedata.normalize("NFC", options.signer_name or certificate_name(signer))
    now = datetime.now(VN_TZ).replace(microsecond=0)

    timestamper = None
    if options.timestamp_url:
        timestamper = make_timestamper(options.timestamp_url, options.timestamp_timeout)

    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=options.reason or None,
        location=options.location or None,
        name=signer_name or None,
        use_pades_lta=False,
    )
    stamp_style = None
    text_params = None
    if options.visible:
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
        from pyhanko.pdf_utils.text import TextBoxStyle
        from pyhanko.stamp import TextStampStyle

        font = prepared_font(find_font(options.font_path))
        # fontTools warns about tables it drops while subsetting (harmless, noisy on stderr)
        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
        stamp_style = TextStampStyle(
            stamp_text=unicodedata.normalize(
                "NFC", f"{options.label}: %(signer)s\nThời gian / Time: %(when)s"
            ),
            text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(font)), font_size=8),
            border_width=1,
            background=None,
        )
        text_params = {"signer": signer_name or "?", "when": now.isoformat()}
        box = _stamp_box(info.mediabox, options.placement)
        spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=0, box=box)
    else:
        spec = fields.SigFieldSpec(sig_field_name=field_name)

    pdf_signer = signers.PdfSigner(
        meta, signer=signer, timestamper=timestamper, stamp_style=stamp_style,
        new_field_spec=spec,
    )

    def write(tmp: Path) -> None:
        with open(in_path, "rb") as src, open(tmp, "wb") as dst:
            try:
                writer = _pdfa_writer_class()(src, strict=False)
            except PdfReadError as exc:
                from ..errors import CorruptFileError

                raise CorruptFileError(name=in_path.name, detail=str(exc)[:120]) from None
            pdf_signer.sign_pdf(writer, output=dst, appearance_text_params=text_params)

    try:
        fsio.atomic_write_with(out_path, write)
    except ScanStationError:  # already bilingual (wrong PIN, bad input, disk full …)
        raise
    except _pkcs11_errors() as exc:
        raise SigningError(
            reason=f"thiết bị ký báo lỗi / token error {type(exc).__name__}"
        ) from None
    except Exception as exc:
        # pyHanko wraps timestamp failures; keep the cause readable but never the PIN (not here).
        from pyhanko.sign.general import SigningError as PhSigningError
        from pyhanko.sign.timestamps.common_utils import TimestampRequestError

        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, TimestampServerError):
                raise cause from None
            cause = cause.__cause__ or cause.__context__
        if isinstance(exc, TimestampRequestError):
            raise TimestampServerError(url=options.timestamp_url or "?") from None
        if isinstance(exc, PhSigningError | ValueError):
            raise SigningError(reason=type(exc).__name__, detail=str(exc)[:200]) from None
        raise
    seconds = time.perf_counter() - start
    level = "PAdES-B-T" if timestamper is not None else "PAdES-B-B"
    log.info("signed %s (%s, %.2f s)", out_path.name, level, seconds)
    return SignResult(
        output=out_path,
        field_name=field_name,
        signer_name=signer_name,
        signing_time=now.isoformat(),
        level=level,
        seconds=seconds,
        visible=options.visible,
    )


def sign_file(
    in_path: Path | str,
    out_path: Path | str,
    credential: Credential,
    pin: SessionPin | str | None,
    options: SignOptions | None = None,
    *,
    allow_final_try: bool = False,
) -> SignResult:
    """Open the credential, sign one file, close the credential."""
    check_signable(in_path)  # refuse a bad input before a PIN is spent on the token
    with open_signer(credential, pin, allow_final_try=allow_final_try) as signer:
        return sign_pdf(in_path, out_path, signer, options)
