"""Harder generated pages: what counters really capture beyond ``pages.degrade`` (issue 14).

Marks over the page (the truth is unchanged: they are not text to read):
- ``leaders``: dotted-leader form lines ("Họ và tên: ……") under and after the filled values;
- ``seal``: a red round seal and a blue signature stroke over the signer's block and body text;
- ``stamp``: a rectangular red "ĐÃ NHẬN" box stamped across the margin of the text.
Degradations (``harden``): a faint photocopy, speckle and salt noise, a book gutter shadow,
fax-like bitonal pages (halved vertical resolution, threshold), a printer short of ink (hollow
strokes, toner broken in patches, pale bands), a worn photocopier's toner texture (grey
blotches with darker rims over paper and text), a copy faded across the sheet (the toner
running thin toward one edge: black letters on one side, grey ones on the other), JPEG at
quality 20–50, 150–200 dpi.
``HARD_CATEGORIES`` names the mixes ``tests/ocr/test_ocr_hard.py`` reads.

Kept apart from ``pages.py`` so that module stays readable; the held-out generator,
``benchmarks/holdout.py``, shares none of this code.
"""

from __future__ import annotations

import io
import math
import random
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .pages import RenderedPage, SyntheticPage, font, render_page

RED = (200, 30, 40)
BLUE = (30, 50, 160)


def _line_boxes(page: RenderedPage) -> list[tuple[int, int, int, int]]:
    """Boxes of the rendered ink rows (top, bottom, left, right), from the clean image."""
    ink = np.asarray(page.image.convert("L")) < 128
    rows = np.asarray(ink.any(axis=1))
    boxes = []
    y = 0
    h = len(rows)
    while y < h:
        if rows[y]:
            top = y
            while y < h and rows[y]:
                y += 1
            cols = np.nonzero(ink[top:y].any(axis=0))[0]
            boxes.append((top, y, int(cols[0]), int(cols[-1])))
        y += 1
    return boxes


def _leaders(img: Image.Image, page: RenderedPage, rng: random.Random) -> None:
    """Dotted leaders: a row of dots under each form value and running on to the margin."""
    draw = ImageDraw.Draw(img)
    dpi = page.dpi
    step = max(3, round(dpi / 60))
    r = max(1, round(dpi / 300))
    right = img.width - round(0.8 * dpi)
    # body lines only: the national header and the title carry no form lines
    for top, bottom, left, line_right in _line_boxes(page)[4:]:
        if bottom - top > dpi * 0.3 or rng.random() < 0.4:
            continue
        base = bottom + max(1, round(dpi / 150))
        start = left + (line_right - left) // 3
        for x in range(start, right, step):
            draw.ellipse([x - r, base - r, x + r, base + r], fill=(70, 70, 70))


def _seal(img: Image.Image, page: RenderedPage, rng: random.Random) -> None:
    """A red round seal (two rings, a star, ring text) and a signature over the last lines."""
    draw = ImageDraw.Draw(img)
    dpi = page.dpi
    boxes = _line_boxes(page)
    if not boxes:
        return
    top, _bottom, left, right = boxes[-1]
    cx = (left + right) / 2 + rng.uniform(-0.3, 0.3) * dpi
    cy = top - rng.uniform(0.2, 0.5) * dpi
    radius = rng.uniform(0.7, 0.85) * dpi
    width = max(2, round(dpi / 75))
    for rr in (radius, radius * 0.72):
        draw.ellipse([cx - rr, cy - rr, cx + rr, cy + rr], outline=RED, width=width)
    f = font("sans-bold", max(8, round(dpi * 0.09)))
    text = "ỦY BAN NHÂN DÂN PHƯỜNG * "
    for i, ch in enumerate(text * 2):
        angle = 2 * math.pi * i / (2 * len(text))
        x = cx + radius * 0.86 * math.cos(angle)
        y = cy + radius * 0.86 * math.sin(angle)
        draw.text((x, y), ch, font=f, fill=RED, anchor="mm")
    star = [(cx + radius * 0.3 * math.cos(a), cy + radius * 0.3 * math.sin(a))
            for a in (math.pi / 2 + k * 4 * math.pi / 5 for k in range(5))]
    draw.polygon(star, fill=RED)
    # a signature: a looping stroke crossing the seal and the name under it
    pts = []
    for k in range(40):
        t = k / 39
        pts.append((cx - 0.8 * dpi + 1.6 * dpi * t,
                    cy + 0.35 * dpi * math.sin(9 * t + rng.uniform(0, 0.3)) + 0.4 * dpi * t))
    draw.line(pts, fill=BLUE, width=max(2, round(dpi / 100)))


def _stamp(img: Image.Image, page: RenderedPage, rng: random.Random) -> None:
    draw = ImageDraw.Draw(img)
    dpi = page.dpi
    boxes = _line_boxes(page)
    if len(boxes) < 6:
        return
    top, _bottom, left, _right = boxes[rng.randint(3, len(boxes) - 2)]
    x0 = left + rng.uniform(2.5, 4.5) * dpi
    y0 = top - 0.1 * dpi
    x1, y1 = x0 + 1.6 * dpi, y0 + 0.55 * dpi
    draw.rectangle([x0, y0, x1, y1], outline=RED, width=max(2, round(dpi / 100)))
    f = font("sans-bold", max(8, round(dpi * 0.14)))
    draw.text(((x0 + x1) / 2, (y0 + y1) / 2), "ĐÃ NHẬN", font=f, fill=RED, anchor="mm")


def _faint(arr: np.ndarray, rng: random.Random) -> np.ndarray:
    """A faint photocopy: ink lifted to grey, paper slightly grey, toner unevenly thin."""
    lift = rng.uniform(0.35, 0.55)
    out = 255 - (255 - arr) * (1 - lift)
    h = arr.shape[0]
    streak = 1.0 + 0.08 * np.sin(np.linspace(0, rng.uniform(3, 8), h))[:, None, None]
    return out * streak * rng.uniform(0.9, 0.96)


def _speckle(arr: np.ndarray, rng: random.Random, dpi: int) -> np.ndarray:
    """Salt and pepper (single pixels) and speckle (dust blobs of a few pixels)."""
    g = np.random.default_rng(rng.randint(0, 2**31))
    h, w = arr.shape[:2]
    salt = g.random((h, w))
    amount = rng.uniform(0.002, 0.006)
    arr[salt < amount / 2] = 0
    arr[salt > 1 - amount / 2] = 255
    blobs = int(rng.uniform(150, 400) * h * w / 8.7e6)
    size = max(1, round(dpi / 150))
    ys, xs = g.integers(0, h - size, blobs), g.integers(0, w - size, blobs)
    for y, x in zip(ys.tolist(), xs.tolist(), strict=True):
        arr[y:y + size + g.integers(0, 2), x:x + size + g.integers(0, 2)] = g.integers(0, 90)
    return arr


def _low_ink(arr: np.ndarray, rng: random.Random, dpi: int) -> np.ndarray:
    """A printer short of ink: each stroke's core paler than its rim, toner broken in patches
    (a table's rules come out dashed), and pale bands across the page where the drum ran dry."""
    import cv2

    g = np.random.default_rng(rng.randint(0, 2**31))
    h, w = arr.shape[:2]
    ink = (arr.mean(axis=2) < 140).astype(np.uint8)
    core = cv2.erode(ink, np.ones((3, 3), np.uint8)).astype(bool)

    def patches(size_mm: float) -> np.ndarray:
        cell = max(2, round(dpi * size_mm / 25.4))
        small = g.random((h // cell + 2, w // cell + 2)).astype(np.float32)
        return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)

    lift = np.zeros((h, w), np.float32)
    lift[core] = (rng.uniform(0.55, 0.75) + 0.25 * patches(0.8))[core]  # hollow strokes
    broken = patches(0.5) > rng.uniform(0.65, 0.8)  # toner missing: the stroke broken across
    lift[broken & (ink > 0)] = np.maximum(lift, 0.8)[broken & (ink > 0)]
    rows = np.arange(h)[:, None]
    period = rng.uniform(0.12, 0.3) * h
    band = (rows % period) < rng.uniform(0.01, 0.03) * h  # the drum's dry stripe
    lift = np.maximum(lift, np.where(band, 0.5, 0.0).astype(np.float32))
    return arr + (255 - arr) * np.clip(lift, 0, 0.92)[:, :, None]


def _copy_texture(arr: np.ndarray, rng: random.Random, dpi: int) -> np.ndarray:
    """A worn photocopier's toner texture over the whole sheet, paper and text alike: grey
    blotches with darker rims, dense in places and sparse in others, and a fine toner dust."""
    import cv2

    g = np.random.default_rng(rng.randint(0, 2**31))
    h, w = arr.shape[:2]

    def field(size_mm: float) -> np.ndarray:
        cell = max(2, round(dpi * size_mm / 25.4))
        small = g.standard_normal((h // cell + 2, w // cell + 2)).astype(np.float32)
        return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)

    shape = field(rng.uniform(0.7, 1.5)) + 0.4 * field(0.3)
    patchy = shape + rng.uniform(0.5, 1.2) * field(rng.uniform(15, 40))
    blot = patchy > np.quantile(patchy[::7, ::7], 1 - rng.uniform(0.15, 0.45))
    grey = np.clip(rng.uniform(150, 210) + 15 * field(2.0), 120, 235)
    rim_px = max(1, round(dpi / 200))
    inner = cv2.erode(blot.view(np.uint8), np.ones((2 * rim_px + 1,) * 2, np.uint8))
    rim = blot & (inner == 0)
    toner = np.full((h, w), 255.0, np.float32)
    toner[blot] = grey[blot]
    toner[rim] = np.minimum(toner, rng.uniform(100, 160) + 20 * g.random((h, w)))[rim]
    dust = g.random((h, w)) < rng.uniform(0.001, 0.004)
    toner[dust] = np.minimum(toner, rng.uniform(90, 150))[dust]
    return np.minimum(arr, toner[:, :, None])


def _faded(arr: np.ndarray, rng: random.Random) -> np.ndarray:
    """A copy faded across the sheet: the toner runs thin toward one edge, so the ink is black
    on one side and lifted to grey (55-85 % toward paper) at the other, along a curved ramp."""
    h, w = arr.shape[:2]
    vertical = rng.random() < 0.35
    ramp = np.linspace(0.0, 1.0, h if vertical else w) ** rng.uniform(0.7, 1.5)
    if rng.random() < 0.5:
        ramp = ramp[::-1]
    lift = (ramp[:, None] if vertical else ramp[None, :]) * rng.uniform(0.55, 0.85)
    return (255 - (255 - arr) * (1 - lift[:, :, None])) * rng.uniform(0.92, 0.98)


def _gutter(arr: np.ndarray, rng: random.Random) -> np.ndarray:
    """A book or lid gutter: a dark band fading in from one side edge."""
    w = arr.shape[1]
    band = int(w * rng.uniform(0.05, 0.1))
    ramp = np.ones(w, dtype=np.float32)
    ramp[:band] = np.linspace(rng.uniform(0.15, 0.35), 1.0, band) ** 0.7
    if rng.random() < 0.5:
        ramp = ramp[::-1]
    return arr * ramp[None, :, None]


def _fax(img: Image.Image, rng: random.Random) -> Image.Image:
    """Fax-like: vertical resolution halved then stretched back, thresholded bitonal."""
    w, h = img.size
    small = img.convert("L").resize((w, h // 2), Image.Resampling.BOX)
    back = small.resize((w, h), Image.Resampling.NEAREST)
    threshold = rng.randint(120, 160)
    return back.point(lambda v: 255 if v > threshold else 0).convert("1")


def harden(page: RenderedPage, *, seed: int = 0, leaders: bool = False, seal: bool = False,
           stamp: bool = False, faint: bool = False, speckle: bool = False, gutter: bool = False,
           low_ink: bool = False, copy_texture: bool = False, faded: bool = False,
           fax: bool = False,
           jpeg_quality: int | None = None, dpi: int | None = None
           ) -> SyntheticPage:
    """``page`` with marks and degradations (see the module docstring); the truth is the page's."""
    rng = random.Random(f"harden-{seed}")
    img = page.image.convert("RGB")
    if leaders:
        _leaders(img, page, rng)
    if stamp:
        _stamp(img, page, rng)
    if seal:
        _seal(img, page, rng)
    arr = np.asarray(img).astype(np.float32)
    if faint:
        arr = _faint(arr, rng)
    if low_ink:
        arr = _low_ink(arr, rng, page.dpi)
    if copy_texture:
        arr = _copy_texture(arr, rng, page.dpi)
    if faded:
        arr = _faded(arr, rng)
    if gutter:
        arr = _gutter(arr, rng)
    if speckle:
        arr = _speckle(arr, rng, page.dpi)
    img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    out_dpi = page.dpi
    if dpi and dpi != page.dpi:
        scale = dpi / page.dpi
        img = img.resize((round(img.width * scale), round(img.height * scale)),
                         Image.Resampling.LANCZOS).filter(ImageFilter.GaussianBlur(0.3))
        out_dpi = dpi
    if fax:
        img = _fax(img, rng)
    if jpeg_quality:
        buf = io.BytesIO()
        img.convert("RGB").save(buf, format="JPEG", quality=jpeg_quality)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    img.info["dpi"] = (out_dpi, out_dpi)
    record: dict[str, object] = {"leaders": leaders, "seal": seal, "stamp": stamp,
                                 "faint": faint, "speckle": speckle, "gutter": gutter,
                                 "low_ink": low_ink, "copy_texture": copy_texture, "faded": faded,
                                 "fax": fax,
                                 "jpeg_quality": jpeg_quality, "dpi": out_dpi}
    return SyntheticPage(img, page.lines, page.kind, out_dpi, 0, 0.0, False, record)


def _hard_degradation(category: str, rng: random.Random) -> dict[str, Any]:
    if category == "seal":
        return {"seal": True, "stamp": rng.random() < 0.6, "leaders": True}
    if category == "faint":
        return {"faint": True, "jpeg_quality": rng.choice([None, 60])}
    if category == "speckle":
        return {"speckle": True, "gutter": rng.random() < 0.5}
    if category == "fax":
        return {"fax": True, "dpi": 200}
    if category == "jpeglow":
        return {"jpeg_quality": rng.randint(20, 50), "dpi": rng.choice([150, 200])}
    if category == "lowink":
        return {"low_ink": True, "dpi": rng.choice([200, 300])}
    if category == "copytexture":
        return {"copy_texture": True, "dpi": rng.choice([200, 300]),
                "jpeg_quality": rng.choice([None, 75])}
    if category == "fadedcopy":
        return {"faded": True, "jpeg_quality": rng.choice([None, 70])}
    if category == "gutter":
        return {"gutter": True, "leaders": True, "jpeg_quality": rng.randint(40, 70)}
    raise ValueError(category)


HARD_CATEGORIES = ("seal", "faint", "speckle", "fax", "jpeglow", "gutter", "lowink",
                   "copytexture", "fadedcopy")
KINDS = ("form", "letter", "table", "sparse")


def hard_page(category: str, index: int) -> SyntheticPage:
    """One page of ``category`` (reproducible from ``index``)."""
    rng = random.Random(f"hard-{category}-{index}")
    kind = KINDS[index % len(KINDS)]
    page = render_page(kind, seed=1000 + index * 17 + len(category), dpi=300)
    return harden(page, seed=index, **_hard_degradation(category, rng))
