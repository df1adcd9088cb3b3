"""PDF/A-2b writer, written directly with pikepdf (no Ghostscript round trip).

Each page is the cleaned image at its own resolution — bitonal pages as CCITT G4, grey or colour
pages as JPEG at a quality that keeps strokes sharp — with the invisible OCR text layer over it
(``textlayer.py``) in an embedded Type0 font with ToUnicode (``fonts.py``). The document carries
XMP metadata (dc:title, dc:identifier = dossier id, pdfaid part 2 conformance B) consistent with
the Info dictionary, an sRGB OutputIntent, a trailer /ID, and nothing PDF/A forbids (no
transparency, no JavaScript, no LZW, no encryption).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from PIL import Image

from .. import fsio
from ..ocr.results import PageOcr
from .fonts import TextLayerFont, glyphless_font
from .textlayer import FONT_RESOURCE, document_chars, text_operators

if TYPE_CHECKING:
    from PIL import TiffImagePlugin

PRODUCER = "ScanStation"
JPEG_QUALITY = 80


@dataclass(frozen=True)
class EncodedImage:
    """A page image ready to be an image XObject."""

    data: bytes
    width: int
    height: int
    color_space: str  # "/DeviceGray" or "/DeviceRGB"
    bits: int
    filter: str  # "/DCTDecode" or "/CCITTFaxDecode"
    decode_parms: dict[str, Any] | None = None


@dataclass(frozen=True)
class PdfPage:
    image: EncodedImage
    dpi: float
    ocr: PageOcr


def _is_grey(img: Image.Image) -> bool:
    if img.mode in ("L", "1"):
        return True
    rgb = img if img.mode == "RGB" else img.convert("RGB")
    # an 8× box reduction: enough to see a stamp, and far cheaper than a resampling filter
    arr = np.asarray(rgb.reduce(8) if min(rgb.size) >= 8 else rgb)
    arr = arr.astype(np.int16)
    chroma = np.maximum(np.abs(arr[..., 0] - arr[..., 1]), np.abs(arr[..., 1] - arr[..., 2]))
    # a colour page has stamps, signatures or coloured paper: keep colour if any of it shows
    return float(np.percentile(chroma, 99.5)) < 12.0


def _is_bitonal(img: Image.Image) -> bool:
    if img.mode == "1":
        return True
    if img.mode != "L":
        return False
    hist = img.histogram()
    return sum(1 for count in hist if count) <= 2 and hist[0] + hist[255] == img.width * img.height


def _encode_g4(img: Image.Image) -> EncodedImage:
    bilevel = img.convert("1")
    buf = io.BytesIO()
    bilevel.save(buf, format="TIFF", compression="group4", strip_size=2**31 - 1)
    tiff = cast("TiffImagePlugin.TiffImageFile", Image.open(io.BytesIO(buf.getvalue())))
    offsets = tiff.tag_v2[273]
    counts = tiff.tag_v2[279]
    photometric = tiff.tag_v2.get(262, 0)
    if len(offsets) != 1:
        raise ValueError("G4 strip split")
    raw = buf.getvalue()[offsets[0]:offsets[0] + counts[0]]
    parms = {"/K": -1, "/Columns": img.width, "/Rows": img.height,
             "/BlackIs1": photometric != 0}
    return EncodedImage(raw, img.width, img.height, "/DeviceGray", 1, "/CCITTFaxDecode", parms)


def encode_page_image(img: Image.Image, jpeg_quality: int = JPEG_QUALITY) -> EncodedImage:
    """Bitonal → CCITT G4 (lossless); grey → 8-bit grey JPEG; colour → RGB JPEG (4:4:4 chroma,
    so red stamps and blue ink keep their edges)."""
    if _is_bitonal(img):
        return _encode_g4(img)
    grey = _is_grey(img)
    mode = "L" if grey else "RGB"
    src = img if img.mode == mode else img.convert(mode)  # no copy of what is right already
    buf = io.BytesIO()
    kwargs: dict[str, Any] = {"quality": jpeg_quality, "optimize": True}
    if not grey:
        kwargs["subsampling"] = 0
    src.save(buf, format="JPEG", **kwargs)
    return EncodedImage(buf.getvalue(), src.width, src.height,
                        "/DeviceGray" if grey else "/DeviceRGB", 8, "/DCTDecode")


@cache
def srgb_icc() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def _font_objects(pdf: Any, font: TextLayerFont) -> Any:
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    font_file = pikepdf.Stream(pdf, font.data)
    font_file["/Length1"] = len(font.data)
    base = "".join(c for c in font.name if c.isalnum())  # the whole font: no subset tag
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/" + base), Flags=32,
        FontBBox=Array(list(font.bbox)), ItalicAngle=font.italic_angle, Ascent=font.ascent,
        Descent=font.descent, CapHeight=font.cap_height, StemV=80, FontFile2=font_file,
    ))
    widths = Array()  # only the CIDs whose advance differs from DW
    for cid in sorted(font.widths):
        if font.widths[cid] != font.default_width:
            widths.append(cid)
            widths.append(Array([font.widths[cid]]))
    cid_font = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/" + base),
        CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"),
                                 Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=descriptor, DW=font.default_width, W=widths,
        CIDToGIDMap=pikepdf.Stream(pdf, font.cid_to_gid),
    ))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/" + base), Encoding=Name("/Identity-H"),
        DescendantFonts=Array([cid_font]), ToUnicode=pikepdf.Stream(pdf, font.to_unicode_cmap()),
    ))


def _image_object(pdf: Any, image: EncodedImage) -> Any:
    import pikepdf
    from pikepdf import Dictionary, Name

    stream = pikepdf.Stream(pdf, image.data)
    stream["/Type"] = Name.XObject
    stream["/Subtype"] = Name.Image
    stream["/Width"] = image.width
    stream["/Height"] = image.height
    stream["/ColorSpace"] = Name(image.color_space)
    stream["/BitsPerComponent"] = image.bits
    stream["/Filter"] = Name(image.filter)
    if image.decode_parms:
        stream["/DecodeParms"] = Dictionary(image.decode_parms)
    return stream


@dataclass
class PdfaOptions:
    title: str = ""
    dossier_id: str = ""
    lang: str = "vi-VN"
    created: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))


def build_pdfa(pages: Sequence[PdfPage], options: PdfaOptions | None = None) -> Any:
    """A pikepdf.Pdf holding ``pages`` as PDF/A-2b (not yet saved). OCR boxes are in pixels of
    the page image, which fills the page."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    options = options or PdfaOptions()
    pdf = pikepdf.new()
    font = glyphless_font(document_chars([p.ocr for p in pages]))
    pdf_font = _font_objects(pdf, font)
    for page in pages:
        img = page.image
        pt_per_px = 72.0 / page.dpi
        width_pt, height_pt = img.width * pt_per_px, img.height * pt_per_px
        content = (f"q {_n(width_pt)} 0 0 {_n(height_pt)} 0 0 cm /Im0 Do Q\n".encode()
                   + text_operators(page.ocr, font, pt_per_px, height_pt))
        resources = Dictionary(XObject=Dictionary(Im0=_image_object(pdf, img)),
                               Font=Dictionary({FONT_RESOURCE: pdf_font}))
        pdf.pages.append(pikepdf.Page(Dictionary(
            Type=Name.Page, MediaBox=Array([0, 0, _dec(width_pt), _dec(height_pt)]),
            Resources=resources, Contents=pikepdf.Stream(pdf, content),
        )))
    _document_metadata(pdf, options)
    return pdf


def _n(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _dec(value: float) -> Any:
    from decimal import Decimal

    return Decimal(_n(value))


def _document_metadata(pdf: Any, options: PdfaOptions) -> None:
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    icc = pikepdf.Stream(pdf, srgb_icc())
    icc["/N"] = 3
    pdf.Root.OutputIntents = Array([pdf.make_indirect(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
        Info=pikepdf.String("sRGB IEC61966-2.1"), DestOutputProfile=icc,
    ))])
    pdf.Root.Lang = pikepdf.String(options.lang)
    title = unicodedata.normalize("NFC", options.title)
    stamp = options.created.isoformat()
    # the XMP and the Info dictionary must agree (PDF/A-2 6.6.2.3); pikepdf keeps them in step
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        if title:
            meta["dc:title"] = title
        if options.dossier_id:
            meta["dc:identifier"] = options.dossier_id
        meta["pdf:Producer"] = PRODUCER
        meta["xmp:CreatorTool"] = PRODUCER
        meta["xmp:CreateDate"] = stamp
        meta["xmp:ModifyDate"] = stamp
        meta["xmp:MetadataDate"] = stamp
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"


def save_to(pdf: Any, path: Path) -> None:
    """Write ``pdf`` to ``path`` as is (PDF 1.7 header, binary comment, fresh trailer /ID)."""
    import pikepdf

    pdf.save(path, fix_metadata_version=True, min_version="1.7",
             object_stream_mode=pikepdf.ObjectStreamMode.preserve, compress_streams=True,
             linearize=False)


def write_pdfa(pages: Sequence[PdfPage], out: Path, options: PdfaOptions | None = None) -> Path:
    """Build and save atomically (temp → fsync → rename)."""
    pdf = build_pdfa(pages, options)
    return fsio.atomic_write_with(out, lambda tmp: save_to(pdf, tmp))
