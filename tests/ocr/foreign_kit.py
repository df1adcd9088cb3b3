"""Test kit for the real-world robustness test: PDFs the way other tools write them.

Debian has no JBIG2 encoder (jbig2enc is not packaged), so :func:`jbig2_pdf` builds a JBIG2 page
by hand: a JBIG2 generic region may be coded with MMR, which is CCITT T.6 (Group 4) — the very
bitstream Pillow/libtiff writes into a G4 TIFF. Wrapped in the three segments of an embedded
JBIG2 stream (page information, immediate generic region with MMR=1, end of page) it is a
``/JBIG2Decode`` image as a JBIG2 scanner driver writes it (ISO 14492 §7.2–7.4; PDF 32000 §7.4.7).
"""

from __future__ import annotations

import io
import struct
import subprocess
from pathlib import Path

import pikepdf
from PIL import Image

PAGE_INFORMATION, IMMEDIATE_GENERIC_REGION, END_OF_PAGE = 48, 38, 49


def _segment(number: int, kind: int, data: bytes) -> bytes:
    """A segment header (§7.2): number, type (1-byte page association), no referred-to
    segments, page 1, data length — then the data."""
    return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data


def g4_bitstream(bitonal: Image.Image) -> bytes:
    """The CCITT G4 (T.6) coding of a 1-bit image, one strip, 0 = white as T.6 counts runs."""
    out = io.BytesIO()
    # libtiff codes the samples as they are: store white as 0 (WhiteIsZero) so that the runs
    # T.6 calls white are the paper, as JBIG2's MMR decoder expects
    inverted = bitonal
    inverted.save(out, "TIFF", compression="group4", strip_size=1 << 30,
                  tiffinfo={262: 0})  # PhotometricInterpretation = WhiteIsZero
    out.seek(0)
    with Image.open(out) as tif:
        offsets, counts = tif.tag_v2[273], tif.tag_v2[279]
    assert len(offsets) == 1, "one strip: G4 codes each strip from a white reference line"
    return out.getvalue()[offsets[0]: offsets[0] + counts[0]]


def jbig2_stream(bitonal: Image.Image, dpi: int) -> bytes:
    """An embedded JBIG2 stream (no file header) holding ``bitonal`` as one MMR generic region."""
    width, height = bitonal.size
    ppm = round(dpi / 0.0254)
    page_info = struct.pack(">IIIIBH", width, height, ppm, ppm, 0, 0)  # default pixel 0 (white)
    region_info = struct.pack(">IIIIB", width, height, 0, 0, 0)  # at (0, 0), OR onto the page
    generic = region_info + bytes([0b0000_0001]) + g4_bitstream(bitonal)  # MMR=1, no AT pixels
    return (_segment(0, PAGE_INFORMATION, page_info)
            + _segment(1, IMMEDIATE_GENERIC_REGION, generic)
            + _segment(2, END_OF_PAGE, b""))


def jbig2_pdf(bitonal: Image.Image, path: Path, dpi: int) -> None:
    """A one-page PDF whose page is ``bitonal`` as a ``/JBIG2Decode`` image, as scanners write."""
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, jbig2_stream(bitonal, dpi))
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = bitonal.width, bitonal.height
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 1
    image.Filter = pikepdf.Name.JBIG2Decode
    save_image_page(pdf, image, bitonal.size, dpi, path)


def save_image_page(pdf: pikepdf.Pdf, image: pikepdf.Stream, size: tuple[int, int], dpi: int,
                    path: Path, paint: str = "") -> None:
    """Save ``pdf`` with one page the size of ``size`` pixels at ``dpi``, filled by ``image``
    (``paint``: operators before it, e.g. the fill colour of a stencil mask)."""
    pw, ph = size[0] * 72 / dpi, size[1] * 72 / dpi
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, pw, ph],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
        Contents=pikepdf.Stream(pdf, f"q {paint}{pw:.3f} 0 0 {ph:.3f} 0 0 cm /Im0 Do Q".encode()))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)


# --- ImageMagick ---------------------------------------------------------------------------------

# the real ImageMagick 6 (Debian ``imagemagick``), not a wrapper earlier on PATH
IMAGEMAGICK = Path("/usr/bin/convert")


def imagemagick(*args: str | Path) -> None:
    """Run ImageMagick's ``convert`` as a user types it.

    Debian's policy.xml denies the ``PDF`` coder, and a policy of one's own cannot lift a denial
    (ImageMagick 6 refuses when any matching rule says none). Its ``PDFA:`` coder — the same PDF
    writer, with a PDF/A flavour — is not denied, and is what a user who hits the policy error
    ends up typing."""
    subprocess.run([str(IMAGEMAGICK), *map(str, args)], check=True, timeout=60,
                   capture_output=True)


# --- page surgery --------------------------------------------------------------------------------


def rewrite_pdf(source: Path, target: Path, **page_keys: object) -> None:
    """``source`` with keys set on every page (``Rotate=270``, ``CropBox=[…]``, ``MediaBox=[…]``)."""
    with pikepdf.open(source, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            for key, value in page_keys.items():
                setattr(page.obj, key, value)
        pdf.save(target)


def merge_pdfs(sources: list[Path], target: Path) -> None:
    """One PDF with the pages of ``sources`` in order (a text-born page beside a scanned one)."""
    parts = [pikepdf.open(source) for source in sources]  # open until the copy is saved
    with pikepdf.new() as pdf:
        for part in parts:
            pdf.pages.extend(part.pages)
        pdf.save(target)
    for part in parts:
        part.close()


def owner_locked(source: Path, target: Path, *, user: str = "") -> None:
    """``source`` encrypted (AES-256) with an owner password and, if given, a user password."""
    with pikepdf.open(source) as pdf:
        pdf.save(target, encryption=pikepdf.Encryption(
            owner="chu-so-huu", user=user, allow=pikepdf.Permissions(extract=False)))
