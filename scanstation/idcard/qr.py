"""Find and decode the QR on a citizen-ID card image, returning exact text or nothing.

Decoding is zxing-cpp's (it reads both real layouts: the 2021 card's numeric + byte segments with no
ECI, and the 2024 card's ECI 26 byte segment). We never let a library guess a charset: zxing-cpp
gives the raw segment bytes and ECI designators (``TextMode.HexECI``) and :func:`decode_content`
turns them into text itself — strict UTF-8 where no ECI says otherwise, the ECI's charset where one
does. zbar's charset guessing is what turns ``Trần Văn Bình`` into ``Tr蘯ｧn Vﾄハ Bﾃｬnh`` in public
readers (``shared/cccd_qr.md`` §4); OpenCV's decoder returns "" for the 2021 layout, so OpenCV is
used here only to *find* and straighten the symbol, never to decode it.

Stages, cheapest first; the caller stops at the first stage that yields a citizen-ID payload:

1. ``direct``: zxing-cpp on the image as given (most cards: a few ms); > 8 MP photos are tried
   at half size first (``direct-half``); then zxing-cpp's full search (``direct-full``);
2. ``upscale2x``: one 2× cubic upscale (small modules, 150–200 dpi scans);
3. hard cases (``_qrhard.py``): symbols zxing-cpp located but could not decode, OpenCV's
   finder-pattern corners, texture blobs — each perspective-rectified to ~8 px/module and tried
   with unsharp masking, CLAHE, glare flattening and two binarisers; a region where zxing-cpp
   locates the symbol in one of those views without decoding it is warped again from the
   symbol's own corners (``refined``) and deblurred with a wider bank; then 2× tiles. Every
   symbol located but not decoded (exact corners) is also read module by module with
   glare-wiped modules as Reed–Solomon erasures (``grid``, ``_qrgrid.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy/cv2/zxingcpp are imported lazily: the CLI's start-up time counts
    import numpy as np

# ECI assignment number → Python codec (ISO/IEC 18004 + AIM ECI register).
ECI_CODECS: dict[int, str] = {
    0: "cp437", 1: "latin-1", 2: "cp437", 3: "latin-1", 4: "iso8859-2", 5: "iso8859-3",
    6: "iso8859-4", 7: "iso8859-5", 8: "iso8859-6", 9: "iso8859-7", 10: "iso8859-8",
    11: "iso8859-9", 12: "iso8859-10", 13: "iso8859-11", 15: "iso8859-13", 16: "iso8859-14",
    17: "iso8859-15", 18: "iso8859-16", 20: "shift_jis", 21: "cp1250", 22: "cp1251",
    23: "cp1252", 24: "cp1256", 25: "utf-16-be", 26: "utf-8", 27: "ascii", 28: "big5",
    29: "gb18030", 30: "euc_kr", 170: "ascii",
}  # fmt: skip

_ECI_MARK = re.compile(rb"\\(\d{6})")


@dataclass(frozen=True)
class QrRead:
    """One decoded QR symbol: exact ``text`` or ``None`` with the ``problem``."""

    text: str | None
    raw: bytes
    eci: tuple[int, ...]
    stage: str
    problem: str | None = None
    # Corners (TL, TR, BR, BL) in the input image and rotation in degrees, when the symbol was
    # read on the whole image (not on a rectified view); used to find the MRZ.
    quad: tuple[tuple[float, float], ...] | None = None
    orientation: float = 0.0


def decode_content(hex_eci: str) -> tuple[str | None, bytes, tuple[int, ...], str | None]:
    """Decode zxing-cpp's ``TextMode.HexECI`` output (``]Q1`` + bytes, ``]Q2`` + ECI-marked bytes).

    Returns (text or None, raw bytes without markers, ECI numbers, problem code or None).
    """
    try:
        data = bytes.fromhex(hex_eci)
    except ValueError:
        return None, b"", (), "not_utf8"
    if data.startswith(b"]"):
        prefix, body = data[:3], data[3:]
    else:
        prefix, body = b"", data
    # Symbology-identifier modifiers 2, 4 and 6 mean "ECI designators follow" (ISO/IEC 18004 F).
    if prefix[-1:] not in (b"2", b"4", b"6"):
        # No ECI: the citizen-ID QR is UTF-8; any other byte sequence is refused, never guessed.
        try:
            return body.decode("utf-8", errors="strict"), body, (), None
        except UnicodeDecodeError:
            return None, body, (), "not_utf8"
    # ECI-marked: backslash + 6 digits switches charset; a doubled backslash is a literal one.
    parts: list[tuple[int, bytearray]] = [(-1, bytearray())]
    ecis: list[int] = []
    i = 0
    while i < len(body):
        if body[i : i + 2] == b"\\\\":
            parts[-1][1].extend(b"\\")
            i += 2
            continue
        mark = _ECI_MARK.match(body, i)
        if mark:
            eci = int(mark.group(1))
            ecis.append(eci)
            parts.append((eci, bytearray()))
            i = mark.end()
            continue
        parts[-1][1].append(body[i])
        i += 1
    raw = b"".join(bytes(p) for _, p in parts)
    pieces: list[str] = []
    for eci, chunk in parts:
        codec = "utf-8" if eci == -1 else ECI_CODECS.get(eci)
        if codec is None:
            return None, raw, tuple(ecis), "unknown_eci"
        try:
            pieces.append(bytes(chunk).decode(codec, errors="strict"))
        except UnicodeDecodeError:
            return None, raw, tuple(ecis), "not_utf8"
    return "".join(pieces), raw, tuple(ecis), None


def _zxing_reads(
    image: np.ndarray,
    stage: str,
    scale: float | None = None,
    failed: list[tuple[tuple[float, float], ...]] | None = None,
    **options: Any,
) -> list[QrRead]:
    """zxing-cpp on ``image``; ``scale`` (view = input × scale) maps corners back to the input.

    With ``failed`` given, symbols zxing-cpp located but could not decode (checksum errors) are
    appended to it as corner quads: the hard-case stage straightens and cleans exactly there.
    """
    import zxingcpp

    results = zxingcpp.read_barcodes(
        image,
        formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
        text_mode=zxingcpp.TextMode.HexECI,
        return_errors=failed is not None,
        **options,
    )
    reads = []
    for barcode in results:
        quad = None
        if scale:
            pos = barcode.position
            corners = (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)
            quad = tuple((p.x / scale, p.y / scale) for p in corners)
        if not barcode.valid:
            if failed is not None and quad is not None:
                failed.append(quad)
            continue
        text, raw, ecis, problem = decode_content(barcode.text)
        reads.append(QrRead(text, raw, ecis, stage, problem, quad, float(barcode.orientation)))
    return reads


_warm = False


def warm_up() -> None:
    """Initialise zxing-cpp's static tables once per process (the first decode otherwise pays a
    few ms of one-off set-up that is start-up cost, not decoding cost)."""
    global _warm
    if _warm:
        return
    import numpy as np
    import zxingcpp

    zxingcpp.read_barcodes(np.zeros((64, 64), np.uint8), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    _warm = True


def to_gray(image: np.ndarray) -> np.ndarray:
    import numpy as np

    if image.ndim == 2:
        return np.ascontiguousarray(image)
    import cv2

    code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_RGB2GRAY
    return cv2.cvtColor(image, code)


# The hard-case stage stops after this long (seconds since the read began): an image with no
# readable QR must not hold a counter or a batch for long. Every success measured on the generated
# hard kinds came in under 2.2 s on a loaded 2-core machine; the cap only cuts hopeless searches.
HARD_CASE_BUDGET_S = 4.0
# Module-by-module reads (``_qrgrid``, ~10–50 ms each) per image, of located and of fitted outlines.
_MAX_GRID_READS = 6


# Stages that look at the whole image; the rest are the hard-case views of ``_qrhard``, announced
# by an empty batch of stage HARD_CASES.
CHEAP_STAGES = frozenset({"direct-half", "direct", "direct-full", "upscale2x"})
HARD_CASES = "hard-cases"


def iter_reads(
    gray: np.ndarray,
    located: list[tuple[tuple[float, float], ...]] | None = None,
    budget_s: float = HARD_CASE_BUDGET_S,
) -> Iterator[QrRead]:
    """Every QR symbol found, stage by stage (cheap first). Consumers stop when satisfied."""
    for _stage, batch in iter_batches(gray, located, budget_s):
        yield from batch


def iter_batches(
    gray: np.ndarray,
    located: list[tuple[tuple[float, float], ...]] | None = None,
    budget_s: float = HARD_CASE_BUDGET_S,
) -> Iterator[tuple[str, list[QrRead]]]:
    """(stage, new symbols) of each attempt (one zxing-cpp call), cheap attempts first, also when
    it found nothing new (so the caller can stop between attempts); a symbol already returned is
    not returned again. One attempt's symbols come together, so the caller can see
    two different payloads in one view before choosing (it must refuse, not guess).

    ``located`` (optional, filled in place): corner quads of symbols that were found but could not
    be decoded — lets the caller tell "no QR in the picture" from "QR too damaged to read".
    ``budget_s``: the hard-case views stop being tried once this much time has passed.
    """
    import time

    start = time.perf_counter()
    gray = to_gray(gray)
    seen: set[bytes] = set()

    def fresh(reads: list[QrRead], stage: str) -> Iterator[tuple[str, list[QrRead]]]:
        new = [read for read in reads if read.raw not in seen]
        seen.update(read.raw for read in new)
        yield stage, new

    h, w = gray.shape[:2]
    if located is None:
        located = []
    # Fast path; cv2 is imported only when needed (~0.1 s the fast path should not pay).
    # try_rotate only matters for linear codes, try_invert for light-on-dark symbols and
    # try_downscale for symbols with very large modules: none applies to a card QR seen whole,
    # and skipping them halves zxing-cpp's time on a 5–12 MP image.
    fast = {"try_rotate": False, "try_invert": False, "try_downscale": False}
    if h * w > 8_000_000:
        # 12-MP phone photos: the card fills much of the frame, modules are ≥ 4 px, so a half-size
        # image still has ≥ 2 px modules and decodes in a fraction of the time.
        import cv2

        half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        yield from fresh(_zxing_reads(half, "direct-half", 0.5, located, **fast), "direct-half")
        del half
    yield from fresh(_zxing_reads(gray, "direct", 1.0, located, **fast), "direct")
    # zxing-cpp's full search (image pyramid, inverted, rotated): close-ups with huge modules.
    yield from fresh(_zxing_reads(gray, "direct-full", 1.0, located), "direct-full")

    import cv2

    if max(h, w) <= 3000:
        big = cv2.resize(gray, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)
        yield from fresh(_zxing_reads(big, "upscale2x", 2.0, located), "upscale2x")
        del big

    from ._qrhard import hard_case_views

    yield HARD_CASES, []  # the whole-image stages are done: a caller may stop before paying more
    # Symbols located but not decoded have exact corners: read them module by module, with glare
    # as erasures (``_qrgrid``), before and while the views are tried.
    gridded: dict[bool, list[tuple[tuple[float, float], ...]]] = {False: [], True: []}

    def same_outline(a: tuple[tuple[float, float], ...], b: tuple[tuple[float, float], ...],
                     share: float) -> bool:  # fmt: skip
        size = abs(a[0][0] - a[2][0]) + abs(a[0][1] - a[2][1])  # corner order may differ
        return all(min(abs(x - u) + abs(y - v) for u, v in b) < size * share for x, y in a)

    def grid_reads(
        quads: list[tuple[tuple[float, float], ...]], fits: bool = False
    ) -> Iterator[tuple[str, list[QrRead]]]:
        """Symbols zxing-cpp located jitter by a module or two from attempt to attempt (one read
        each); fitted corners are exact, so two fits a module apart are two attempts."""
        from ._qrgrid import decode_grid

        done = gridded[fits]
        share = 1 / 150 if fits else 1 / 25
        for corners in quads:
            if len(done) >= _MAX_GRID_READS or any(same_outline(corners, o, share) for o in done):
                continue
            done.append(corners)
            hex_eci = decode_grid(gray, corners)
            reads = []
            if hex_eci is not None:
                text, raw, ecis, problem = decode_content(hex_eci)
                reads.append(QrRead(text, raw, ecis, "grid", problem))
            yield from fresh(reads, "grid")

    yield from grid_reads(located)
    # Symbols zxing-cpp locates in a view but cannot decode, in image coordinates: the hard-case
    # views warp such a region again from those exact corners.
    found_in_views: list[tuple[tuple[float, float], ...]] = []
    fitted: list[tuple[tuple[float, float], ...]] = []  # corners fitted by the views' maker
    graded = graded_fits = 0  # how many of each went through grid_reads
    for stage, view, options, back in hard_case_views(gray, located, found_in_views, fitted):
        failed: list[tuple[tuple[float, float], ...]] | None = None if back is None else []
        reads = _zxing_reads(view, stage, 1.0, failed, **{"try_downscale": False, **options})
        # Corners of a read in a view are not the input's: the MRZ finder must not use them.
        yield from fresh([replace(read, quad=None) for read in reads], stage)
        if failed and back is not None:
            import numpy as np

            for quad in failed:
                mapped = cv2.perspectiveTransform(np.array([quad], dtype=np.float64), back)[0]
                found_in_views.append(tuple((float(x), float(y)) for x, y in mapped))
        fresh_corners, graded = found_in_views[graded:], len(found_in_views)
        yield from grid_reads(fresh_corners)
        fresh_fits, graded_fits = fitted[graded_fits:], len(fitted)
        yield from grid_reads(fresh_fits, fits=True)
        if time.perf_counter() - start > budget_s:
            return
