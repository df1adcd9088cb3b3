"""Decoding originals safely and rendering a page from original + transforms.

Decoding refuses decompression bombs before pixels are allocated (Pillow reads only the header in
``Image.open``), honours EXIF orientation (a phone photo's "rotate me" flag is part of what the
camera captured, so it is applied when decoding, not stored as an edit), and turns every decoder
failure into a bilingual ``InputFileError``. Rendering applies transforms in order; it is pure.

``probe`` and ``decode_frame`` are the one guard every input path goes through (import, inspect,
clean, ocr, idcard): whatever a decoder raises on a hostile file (a PDF whose page tree loops
makes PDFium fail, a TIFF with a broken IFD makes Pillow raise ``struct.error`` …) becomes
``CorruptFileError`` so the batch goes on; pages and total pixels per file are capped
(:class:`InputLimits`, configurable through the environment) with their own messages.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from .errors import (
    CorruptFileError,
    EmptyDocumentError,
    EncryptedPdfError,
    FileTooManyPixelsError,
    ImageTooLargeError,
    ScanStationError,
    TooManyPagesError,
    UnsupportedFileTypeError,
)
from .model import Crop, Deskew, Perspective, Rotate, Transform

# 150 megapixels: an A3 page at 600 dpi is 70 MP; anything much larger is a bomb or a mistake.
MAX_PIXELS = 150_000_000
# Per file: 1,000 pages (a thick archive folder; larger files are split at the scanner) and
# 12,000 megapixels in all (≈ 1,400 A4 pages at 300 dpi). A 2,000-page TIFF took 88 s to accept.
MAX_PAGES = 1000
MAX_FILE_PIXELS = 12_000_000_000
MAX_PDF_PAGES = MAX_PAGES  # kept for callers of the old name
PAGES_ENV = "SCANSTATION_MAX_PAGES"
FILE_MEGAPIXELS_ENV = "SCANSTATION_MAX_FILE_MEGAPIXELS"
DEFAULT_PDF_DPI = 300.0
MAX_PDF_DPI = 600.0
MIN_PDF_DPI = 100.0
# A PDF page is rendered at its scan's resolution (300 dpi for a page without one) lowered to fit
# this budget, but not below MIN_PDF_DPI: an A4 scan at 600 dpi (35 MP) keeps its resolution, an
# A0 drawing renders at 150 dpi (it rendered at 300: 140 MP, ~1.7 GB of page copies, and a
# 36 × 48 in drawing was refused with advice to rescan it)
PDF_RENDER_PIXELS = 36_000_000
# set on a PDF page's render: its dpi is exact (the page's size in points is known), so it is
# trusted whatever size it makes the page (stages.analysis.estimate_dpi)
EXACT_DPI = "scanstation.exact_dpi"

Image.MAX_IMAGE_PIXELS = None  # we check the size ourselves, with a clear message

MEDIA_PNG = "image/png"
MEDIA_JPEG = "image/jpeg"
MEDIA_TIFF = "image/tiff"
MEDIA_PDF = "application/pdf"
MEDIA_BMP = "image/bmp"
MEDIA_WEBP = "image/webp"
IMAGE_TYPES = {MEDIA_PNG, MEDIA_JPEG, MEDIA_TIFF, MEDIA_BMP, MEDIA_WEBP}


def sniff_media_type(head: bytes) -> str | None:
    """Media type from magic bytes (never trust the extension)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MEDIA_PNG
    if head.startswith(b"\xff\xd8\xff"):
        return MEDIA_JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return MEDIA_TIFF
    if b"%PDF-" in head[:1024]:
        return MEDIA_PDF
    if head.startswith(b"BM"):
        return MEDIA_BMP
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return MEDIA_WEBP
    return None


_KNOWN_SUFFIXES = {"png", "jpg", "jpeg", "tif", "tiff", "pdf", "bmp", "webp"}


def describe_kind(head: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    return suffix or "?"


@dataclass(frozen=True)
class InputLimits:
    """Caps per input file; the environment overrides the defaults (read at each call, so a
    station's administrator can change them without a code change)."""

    max_pages: int = MAX_PAGES
    max_file_pixels: int = MAX_FILE_PIXELS

    @classmethod
    def current(cls) -> InputLimits:
        pages, pixels = MAX_PAGES, MAX_FILE_PIXELS
        with suppress(ValueError):  # a mistyped setting keeps the default
            pages = max(1, int(os.environ.get(PAGES_ENV) or pages))
        with suppress(ValueError):
            pixels = max(1, int(float(os.environ.get(FILE_MEGAPIXELS_ENV) or pixels / 1e6) * 1e6))
        return cls(pages, pixels)

    def check_pages(self, name: str, count: int) -> None:
        if count > self.max_pages:
            raise TooManyPagesError(name=name, pages=count, limit=self.max_pages)

    def check_total(self, name: str, pixels: int) -> None:
        if pixels > self.max_file_pixels:
            raise FileTooManyPixelsError(name=name, megapixels=pixels / 1e6,
                                         limit=self.max_file_pixels / 1e6)


@contextmanager
def decoder_guard(name: str) -> Iterator[None]:
    """Any failure of a third-party decoder on the file ``name`` → ``CorruptFileError``.

    Decoders are C libraries fed hostile bytes; what they raise is not a contract (PdfiumError,
    struct.error, KeyError, RecursionError, MemoryError …). Our own errors pass through."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except ScanStationError:
        raise
    except (Exception, MemoryError) as exc:  # the point of the guard
        raise CorruptFileError(name=name) from exc


@dataclass(frozen=True)
class FrameInfo:
    """What the importer needs to know about each frame (page) of an original."""

    width: int
    height: int
    dpi: float


def _exif_turned(img: Image.Image) -> bool:
    """Whether the image's EXIF orientation asks for a turn or a mirror (tag 274 ≠ 1)."""
    try:
        return img.getexif().get(0x0112, 1) not in (1, None)
    except Exception:  # a broken EXIF block: let Pillow's own transpose decide, as before
        return True


def _check_pixels(name: str, width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise CorruptFileError(name=name)
    if width * height > MAX_PIXELS:
        raise ImageTooLargeError(
            name=name, megapixels=width * height / 1e6, limit=MAX_PIXELS / 1e6
        )


def _image_dpi(img: Image.Image) -> float:
    dpi = img.info.get("dpi")
    if isinstance(dpi, tuple) and dpi and dpi[0]:
        try:
            value = float(dpi[0])
        except (TypeError, ValueError):
            return 0.0
        return value if 30.0 <= value <= 2400.0 else 0.0
    return 0.0


def probe_image(data: bytes, name: str, *, decode_first: bool = True) -> list[FrameInfo]:
    """Frames of an image file, checked for size, page count and total pixels from the headers;
    with ``decode_first`` the first frame is decoded fully (a truncated file fails here)."""
    limits = InputLimits.current()
    with decoder_guard(name):
        img = Image.open(io.BytesIO(data))
        frames: list[FrameInfo] = []
        n = getattr(img, "n_frames", 1)
        limits.check_pages(name, n)
        total = 0
        for index in range(n):
            img.seek(index)
            width, height = img.size
            _check_pixels(name, width, height)
            total += width * height
            limits.check_total(name, total)
            frames.append(FrameInfo(width, height, _image_dpi(img)))
        if decode_first:
            img.seek(0)
            img.load()
    if not frames:
        raise EmptyDocumentError(name=name)
    return frames


def _open_pdf(data: bytes, name: str):  # -> pypdfium2.PdfDocument
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower() or "security" in str(exc).lower():
            raise EncryptedPdfError(name=name) from exc
        raise CorruptFileError(name=name) from exc


def _pdf_page_source_dpi(page) -> float:  # page: pypdfium2.PdfPage
    """The resolution of the largest image on the page, so a scan renders at its own dpi."""
    import pypdfium2.raw as pdfium_c

    width_pt, height_pt = page.get_size()
    best = 0.0
    best_area = 0.0
    try:
        for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
            left, bottom, right, top = obj.get_bounds()
            w_pt, h_pt = abs(right - left), abs(top - bottom)
            if w_pt < 1 or h_pt < 1:
                continue
            px_w, px_h = obj.get_px_size()
            area = w_pt * h_pt
            if area > best_area:
                best_area = area
                best = max(px_w / (w_pt / 72.0), px_h / (h_pt / 72.0))
    except Exception:
        return DEFAULT_PDF_DPI
    # only trust the image when it covers most of the page (a scan), not a logo
    if best <= 0 or best_area < 0.25 * width_pt * height_pt:
        return DEFAULT_PDF_DPI
    return float(min(max(best, MIN_PDF_DPI), MAX_PDF_DPI))


def render_dpi(source_dpi: float, width_pt: float, height_pt: float) -> float:
    """The dpi a PDF page of this size is rendered at: ``PDF_RENDER_PIXELS`` at most."""
    area = (width_pt / 72.0) * (height_pt / 72.0)
    if area <= 0:
        return source_dpi
    return float(max(MIN_PDF_DPI, min(source_dpi, math.sqrt(PDF_RENDER_PIXELS / area))))


def probe_pdf(data: bytes, name: str) -> list[FrameInfo]:
    limits = InputLimits.current()
    with decoder_guard(name):
        pdf = _open_pdf(data, name)
        try:
            count = len(pdf)
            if count == 0:
                raise EmptyDocumentError(name=name)
            limits.check_pages(name, count)
            frames = []
            total = 0
            for index in range(count):
                page = pdf[index]  # a looping page tree fails here (PdfiumError)
                w_pt, h_pt = page.get_size()
                dpi = render_dpi(_pdf_page_source_dpi(page), w_pt, h_pt)
                width, height = round(w_pt / 72 * dpi), round(h_pt / 72 * dpi)
                _check_pixels(name, width, height)
                total += width * height
                limits.check_total(name, total)
                frames.append(FrameInfo(width, height, dpi))
                page.close()
            return frames
        finally:
            pdf.close()


def probe(data: bytes, name: str, *, decode_first: bool = True) -> tuple[str, list[FrameInfo]]:
    media_type = sniff_media_type(data[:2048])
    if media_type is None:
        if not data:
            raise EmptyDocumentError(name=name)
        kind = describe_kind(data[:16], name)
        if kind in _KNOWN_SUFFIXES:
            # named like an image or PDF but not one inside: damaged or truncated
            raise CorruptFileError(name=name)
        raise UnsupportedFileTypeError(name=name, kind=kind)
    if media_type == MEDIA_PDF:
        return media_type, probe_pdf(data, name)
    return media_type, probe_image(data, name, decode_first=decode_first)


def decode_frame(
    data: bytes, media_type: str, frame: int = 0, dpi: float = 0.0, name: str = "?"
) -> Image.Image:
    """Decode one frame to an RGB or L image, EXIF orientation applied."""
    if media_type == MEDIA_PDF:
        with decoder_guard(name):
            pdf = _open_pdf(data, name)
            try:
                page = pdf[frame]
                scale = (dpi or DEFAULT_PDF_DPI) / 72.0
                w_pt, h_pt = page.get_size()
                _check_pixels(name, round(w_pt * scale), round(h_pt * scale))
                bitmap = page.render(scale=scale, may_draw_forms=True,
                                     fill_color=(255, 255, 255, 255))
                img = bitmap.to_pil().convert("RGB")
                img.info["dpi"] = (dpi or DEFAULT_PDF_DPI, dpi or DEFAULT_PDF_DPI)
                img.info[EXACT_DPI] = True
                return img
            finally:
                pdf.close()
    with decoder_guard(name):
        img = Image.open(io.BytesIO(data))
        _check_pixels(name, *img.size)
        img.seek(frame)
        _check_pixels(name, *img.size)
        src_dpi = _image_dpi(img)
        # a turned copy only when the EXIF asks for a turn: Pillow otherwise returns a plain
        # copy, and copying a 300-dpi page costs about a tenth of Tesseract's reading of it
        img = ImageOps.exif_transpose(img, in_place=False) if _exif_turned(img) else img
        if img.mode in ("L", "RGB"):
            img.load()  # decoded here, inside the guard; no converted copy of what is right
            out = img
        elif img.mode in ("1", "I;16", "I"):
            out = img.convert("L")
        elif img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
            rgba = img.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            out = Image.alpha_composite(white, rgba).convert("RGB")
        else:
            out = img.convert("RGB")
    if src_dpi or dpi:
        out.info["dpi"] = (src_dpi or dpi, src_dpi or dpi)
    return out


# --- transforms ------------------------------------------------------------------------------


def background_fill(img: Image.Image) -> int | tuple[int, ...]:
    """The page's paper colour: the median of a border-free central region's bright pixels."""
    arr = np.asarray(img)
    h, w = arr.shape[:2]
    center = arr[h // 8 : h - h // 8 : 4, w // 8 : w - w // 8 : 4]
    if center.size == 0:
        return 255 if img.mode == "L" else (255, 255, 255)
    if center.ndim == 2:
        return int(np.percentile(center, 90))
    return tuple(int(np.percentile(center[..., c], 90)) for c in range(center.shape[2]))


def _rotate_small_angle(img: Image.Image, angle_deg: float) -> Image.Image:
    """Counter-clockwise about the centre, same size, corners filled with the paper colour
    (Pillow's ``rotate`` convention). OpenCV's bicubic warp does it about 8× faster than Pillow's
    on a 300-dpi page, which matters: every page of every document is deskewed."""
    fill = background_fill(img)
    if img.mode not in ("L", "RGB"):
        return img.rotate(angle_deg, resample=Image.Resampling.BICUBIC, expand=False,
                          fillcolor=fill)
    import cv2

    w, h = img.size
    # Pillow's centre (w/2, h/2) is in pixel-edge coordinates; OpenCV's are pixel centres
    matrix = cv2.getRotationMatrix2D(((w - 1) / 2.0, (h - 1) / 2.0), angle_deg, 1.0)
    border = (fill,) * 3 if isinstance(fill, int) else tuple(fill)
    out = cv2.warpAffine(np.asarray(img), matrix, (w, h), flags=_resampling(img),
                         borderMode=cv2.BORDER_CONSTANT, borderValue=border)
    return Image.fromarray(out, img.mode)


# At or above this resolution a page is turned and rectified with bilinear resampling: the
# strokes span several pixels, OCR reads it the same (benchmarks/holdout.py), and bicubic cost
# six times as much (0.20 against 0.03 CPU s on a 300-dpi colour page). Below it, a stroke is a
# pixel or two wide and bicubic keeps it sharper for the upscaling that OCR does next.
LINEAR_FROM_DPI = 250.0


def _resampling(img: Image.Image) -> int:
    import cv2

    value = _image_dpi(img) or max(img.size) / 11.69  # no dpi: as if an A4 page
    return cv2.INTER_LINEAR if value >= LINEAR_FROM_DPI else cv2.INTER_CUBIC


def apply_transform(img: Image.Image, transform: Transform) -> Image.Image:
    if transform.is_null():
        return img
    if isinstance(transform, Rotate):
        op = {1: Image.Transpose.ROTATE_90, 2: Image.Transpose.ROTATE_180,
              3: Image.Transpose.ROTATE_270}[transform.quarter_turns]
        return img.transpose(op)
    if isinstance(transform, Deskew):
        return _rotate_small_angle(img, transform.angle_deg)
    if isinstance(transform, Crop):
        w, h = img.size
        box = (max(0, transform.left), max(0, transform.top),
               min(w, transform.right), min(h, transform.bottom))
        if box[2] <= box[0] or box[3] <= box[1]:
            return img
        return img.crop(box)
    if isinstance(transform, Perspective):
        import cv2

        src = np.array(transform.quad, dtype=np.float32)
        dst = np.array(
            [[0, 0], [transform.width - 1, 0], [transform.width - 1, transform.height - 1],
             [0, transform.height - 1]], dtype=np.float32,
        )
        matrix = cv2.getPerspectiveTransform(src, dst)
        arr = np.asarray(img)
        out = cv2.warpPerspective(arr, matrix, (transform.width, transform.height),
                                  flags=_resampling(img), borderMode=cv2.BORDER_REPLICATE)
        return Image.fromarray(out)
    raise TypeError(f"unknown transform {transform!r}")


def apply_transforms(img: Image.Image, transforms: tuple[Transform, ...]) -> Image.Image:
    dpi, exact = img.info.get("dpi"), img.info.get(EXACT_DPI)
    for transform in transforms:
        img = apply_transform(img, transform)
    if dpi:
        img.info["dpi"] = dpi
        if exact and not any(isinstance(t, Perspective) for t in transforms):
            img.info[EXACT_DPI] = exact  # a rectified photo has a new scale
    return img


def rotated_size(width: int, height: int, angle_deg: float) -> tuple[int, int]:
    a = math.radians(angle_deg)
    c, s = abs(math.cos(a)), abs(math.sin(a))
    return round(width * c + height * s), round(width * s + height * c)


def to_gray_array(img: Image.Image) -> np.ndarray:
    """uint8 greyscale array of ``img`` (luma)."""
    if img.mode != "L":
        img = img.convert("L")
    return np.asarray(img)


# Largest colour difference (between any two channels, on an 8× box reduction) that a page may
# show and still be stored and processed as greyscale. A stamp, a blue signature or tinted paper
# shows far more (a 3-px blue stroke averaged into an 8-px block still differs by ~35).
PLAIN_GREY_CHROMA = 12


def grey_if_plain(img: Image.Image) -> Image.Image:
    """``img`` as greyscale when it is an RGB picture of a grey page, else ``img`` itself.

    Scanners and generators often deliver a black-and-white page as RGB. Every later step
    (deskew, crop, OCR preparation, the PDF's JPEG) then moves three channels where one says
    everything, and converts to grey on its own several times over (issue 14: per-call cost).
    Only a page with no colour at all is converted, so a red seal or a blue signature keeps its
    colour for the seal-aware OCR preparation and the colour JPEG; dpi and other info are kept.
    """
    if img.mode != "RGB" or min(img.size) < 64:
        return img
    small = np.asarray(img.reduce(8)).astype(np.int16)
    r, g, b = small[..., 0], small[..., 1], small[..., 2]
    chroma = np.maximum(np.maximum(np.abs(r - g), np.abs(g - b)), np.abs(r - b))
    if int(chroma.max()) > PLAIN_GREY_CHROMA:
        return img
    return img.convert("L")  # Pillow copies ``info`` (dpi, the exact-dpi mark) to the result


def components(mask: np.ndarray, connectivity: int = 8) -> tuple[int, np.ndarray, np.ndarray]:
    """Connected components of a mask: (count, label image, stats), as OpenCV's
    ``connectedComponentsWithStats``.

    Labels are 16-bit while they fit: the 32-bit label image of a 300-dpi page cost three times
    as much (0.053 against 0.017 CPU s, issue 14), and a page has far fewer than 65,535 marks
    unless it is noise. A page with more (salt noise at full resolution) is labelled again in
    32 bits: OpenCV refuses to overflow rather than wrap.
    """
    import cv2

    mask = mask.view(np.uint8) if mask.dtype == np.bool_ else mask
    try:
        n, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
            mask, connectivity, cv2.CV_16U, cv2.CCL_DEFAULT)
    except cv2.error:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=connectivity)
    return int(n), labels, stats


def letter_heights(stats: np.ndarray, shortest: float, tallest: float,
                   inside: np.ndarray | None = None) -> np.ndarray:
    """Heights of the letter-like components of ``components``' stats (the background, row 0,
    left out): ``shortest`` to ``tallest`` high, at most twice as wide as high, and with
    ``inside``, only those it marks. Both the cleanup's text ink and OCR preparation's
    large-type measure take a page's letter size from these."""
    widths, heights = stats[:, 2], stats[:, 3]
    letters = (heights >= shortest) & (heights <= tallest) & (widths <= 2 * heights)
    if inside is not None:
        letters &= inside
    letters[0] = False
    return heights[letters]
