"""The hold-out set's harder categories and its diacritic measure (used by ``holdout.py``).

Written apart from ``scanstation.testing`` on purpose (none of its code or parameters): the
hold-out pages must stay out of every tuning loop. Categories (issue 14, item 1):

    seal      a red round seal with ring text and a pen signature over the signer block, a red
              rectangular stamp across body lines, dashed form leaders after short lines
    faint     a pale photocopy: ink lifted to grey, uneven toner bands, grey paper
    speckle   salt-and-pepper plus dust blobs, some pages with a dark binding gutter
    fax       bitonal, vertical resolution halved (fine mode fax), 200 dpi
    jpeglow   JPEG quality 20-50 at 150-200 dpi
    gutter    a book gutter shadow on one side plus a lid shadow band at the top
    copier    a worn copier's toner: clusters of grey blotches (some outlined darker) over paper
              and text, and toner dust (``--cats copier``; in no default list, so earlier
              seeds' sets stay as they were)
    uneven    a copy that faded across the sheet: the ink pales from black to grey along a
              diagonal (exponential profile), over greyed paper (``--cats uneven``; in no
              default list either)
"""

from __future__ import annotations

import io
import math
import random
import unicodedata

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFont

HARD_CATS = ["seal", "faint", "speckle", "fax", "jpeglow", "gutter"]
# every kind ``degrade_hard`` makes: the issue-14 list, and kinds asked for by name (``--cats``)
DEGRADE_HARD_KINDS = (*HARD_CATS, "copier", "uneven")
SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _ink_rows(img: Image.Image) -> list[tuple[int, int, int, int]]:
    a = np.asarray(img.convert("L")) < 100
    rows = a.any(axis=1)
    out, y, h = [], 0, len(rows)
    while y < h:
        if rows[y]:
            top = y
            while y < h and rows[y]:
                y += 1
            xs = np.nonzero(a[top:y].any(axis=0))[0]
            out.append((top, y, int(xs[0]), int(xs[-1])))
        y += 1
    return out


def seal(img: Image.Image, r: random.Random, dpi: int) -> Image.Image:
    img = img.convert("RGB")
    d = ImageDraw.Draw(img)
    rows = _ink_rows(img)
    if not rows:
        return img
    colour = (r.randint(180, 230), r.randint(10, 60), r.randint(20, 70))
    # dashes after short lines (a form's leaders), never in the header block
    for _top, bottom, _left, right in rows[5:]:
        if r.random() < 0.5 and right < img.width * 0.7:
            for x in range(right + dpi // 10, int(img.width * 0.88), max(4, dpi // 40)):
                d.line([(x, bottom), (x + max(2, dpi // 100), bottom)], fill=(60, 60, 60),
                       width=1)
    top, _bottom, left, right = rows[-1]
    cx, cy = (left + right) / 2 + r.uniform(-0.2, 0.2) * dpi, top - r.uniform(0.1, 0.4) * dpi
    rad = r.uniform(0.6, 0.8) * dpi
    d.ellipse([cx - rad, cy - rad, cx + rad, cy + rad], outline=colour, width=max(2, dpi // 60))
    f = ImageFont.truetype(SANS_BOLD, max(8, int(dpi * 0.08)))
    ring = "CÔNG AN XÃ - ỦY BAN NHÂN DÂN - "
    for i, ch in enumerate(ring):
        a = 2 * math.pi * i / len(ring) - math.pi / 2
        d.text((cx + 0.8 * rad * math.cos(a), cy + 0.8 * rad * math.sin(a)), ch, font=f,
               fill=colour, anchor="mm")
    d.regular_polygon((cx, cy, rad * 0.25), 5, fill=colour)
    pen = (r.randint(10, 40), r.randint(20, 60), r.randint(90, 170))
    pts = [(cx - 0.7 * dpi + 1.4 * dpi * t / 30, cy + 0.3 * dpi * math.sin(t * 0.7) + 0.01 * dpi * t)
           for t in range(31)]
    d.line(pts, fill=pen, width=max(2, dpi // 120))
    if len(rows) > 8:
        top, _b, left, _r = rows[r.randint(6, len(rows) - 3)]
        x0, y0 = left + r.uniform(0.4, 0.6) * img.width, top - 0.05 * dpi
        d.rectangle([x0, y0, x0 + 1.3 * dpi, y0 + 0.45 * dpi], outline=colour, width=dpi // 80)
        d.text((x0 + 0.65 * dpi, y0 + 0.22 * dpi), "ĐÃ TIẾP NHẬN", font=f, fill=colour,
               anchor="mm")
    return img


def faint(img: Image.Image, r: random.Random) -> Image.Image:
    a = np.asarray(img.convert("L")).astype(np.float32)
    a = 255 - (255 - a) * r.uniform(0.4, 0.6)
    bands = 1 + 0.06 * np.sin(np.arange(a.shape[0]) / a.shape[0] * r.uniform(4, 12))[:, None]
    return Image.fromarray(np.clip(a * bands * r.uniform(0.9, 0.95), 0, 255).astype(np.uint8))


def speckle(img: Image.Image, r: random.Random, dpi: int) -> Image.Image:
    a = np.asarray(img.convert("L")).astype(np.float32)
    g = np.random.default_rng(r.randint(0, 1 << 30))
    s = g.random(a.shape)
    amount = r.uniform(0.003, 0.008)
    a[s < amount / 2] = 0
    a[s > 1 - amount / 2] = 255
    for _ in range(int(300 * a.size / 8.7e6)):
        y, x = g.integers(0, a.shape[0] - 4), g.integers(0, a.shape[1] - 4)
        k = g.integers(1, max(2, dpi // 100) + 1)
        a[y:y + k, x:x + k] = g.integers(0, 100)
    if r.random() < 0.5:
        a = _gutter(a, r)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def _gutter(a: np.ndarray, r: random.Random) -> np.ndarray:
    w = a.shape[1]
    band = int(w * r.uniform(0.04, 0.09))
    ramp = np.ones(w, np.float32)
    ramp[:band] = np.linspace(r.uniform(0.2, 0.4), 1, band) ** 0.6
    return a * (ramp if r.random() < 0.5 else ramp[::-1])[None, :]


def gutter(img: Image.Image, r: random.Random) -> Image.Image:
    a = _gutter(np.asarray(img.convert("L")).astype(np.float32), r)
    top = int(a.shape[0] * r.uniform(0.02, 0.05))
    a[:top] *= np.linspace(0.5, 1, top)[:, None]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def fax(img: Image.Image, r: random.Random, dpi: int) -> tuple[Image.Image, int]:
    s = 200 / dpi
    g = img.convert("L").resize((int(img.width * s), int(img.height * s / 2)), Image.BILINEAR)
    g = g.resize((g.width, g.height * 2), Image.NEAREST)
    t = r.randint(110, 150)
    return g.point(lambda v: 255 if v > t else 0).convert("1"), 200


def jpeglow(img: Image.Image, r: random.Random, dpi: int) -> tuple[Image.Image, int]:
    target = r.choice([150, 175, 200])
    s = target / dpi
    small = img.convert("RGB").resize((int(img.width * s), int(img.height * s)), Image.LANCZOS)
    b = io.BytesIO()
    small.save(b, "JPEG", quality=r.randint(20, 50))
    return Image.open(io.BytesIO(b.getvalue())).convert("RGB"), target


def copier(img: Image.Image, r: random.Random, dpi: int) -> Image.Image:
    """Toner blotches drawn as ellipses of 0.3-3 mm (grey 135-215, half of them outlined at
    95-150) in 6-20 clusters over the sheet, dust of single grey to black dots, and for half
    the pages JPEG; toner only darkens (the darker of page and toner)."""
    page = img.convert("L")
    w, h = page.size
    toner = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(toner)
    mm = dpi / 25.4
    for _ in range(r.randint(6, 20)):
        cx, cy, spread = r.uniform(0, w), r.uniform(0, h), r.uniform(15, 60) * mm
        for _ in range(r.randint(80, 400)):
            x, y = r.gauss(cx, spread / 2), r.gauss(cy, spread / 2)
            rx = r.uniform(0.3, 3.0) * mm / 2
            ry = rx * r.uniform(0.4, 1.6)
            outline = r.randint(95, 150) if r.random() < 0.5 else None
            draw.ellipse([x - rx, y - ry, x + rx, y + ry], fill=r.randint(135, 215),
                         outline=outline, width=max(1, round(0.1 * mm)))
    for _ in range(int(w * h * r.uniform(2e-4, 8e-4))):
        draw.point((r.uniform(0, w), r.uniform(0, h)), fill=r.randint(60, 160))
    out = ImageChops.darker(page, toner).convert("RGB")
    if r.random() < 0.5:
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=r.randint(60, 85))
        out = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return out


def uneven(img: Image.Image, r: random.Random) -> Image.Image:
    """Ink kept black at one corner and lifted toward paper (to 50-80 %) at the opposite one,
    along an exponential ramp; paper greyed 3-8 %."""
    a = np.asarray(img.convert("L")).astype(np.float32)
    h, w = a.shape
    angle = r.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = (xx / w - 0.5) * math.cos(angle) + (yy / h - 0.5) * math.sin(angle)
    t = (t - t.min()) / max(1e-6, float(t.max() - t.min()))
    k = r.uniform(1.0, 3.0)
    ramp = (np.exp(k * t) - 1) / (np.exp(k) - 1)
    lift = np.clip(ramp, 0, 1) * r.uniform(0.5, 0.8)
    a = (255 - (255 - a) * (1 - lift)) * r.uniform(0.92, 0.97)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def degrade_hard(img: Image.Image, cat: str, r: random.Random, dpi: int
                 ) -> tuple[Image.Image, int]:
    if cat == "seal":
        return seal(img, r, dpi), dpi
    if cat == "faint":
        return faint(img, r), dpi
    if cat == "speckle":
        return speckle(img, r, dpi), dpi
    if cat == "fax":
        return fax(img, r, dpi)
    if cat == "jpeglow":
        return jpeglow(img, r, dpi)
    if cat == "gutter":
        return gutter(img, r), dpi
    if cat == "copier":
        return copier(img, r, dpi), dpi
    if cat == "uneven":
        return uneven(img, r), dpi
    raise ValueError(cat)


# ---------------------------------------------------------------- diacritic error

_MARKS = {0x0300, 0x0301, 0x0303, 0x0309, 0x0323, 0x0302, 0x0306, 0x031B}


def _base(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", ch.lower())
                   if ord(c) not in _MARKS).replace("đ", "d")


def diacritic_errors(ref: str, hyp: str) -> tuple[int, int]:
    """(errors, marked letters of ``ref``): a marked letter of the truth (a tone, a breve,
    circumflex or horn, or đ) counts as an error when it is read as the same base letter with
    other marks; a plain letter read with a mark counts too. Letters lost or replaced by another
    letter are character errors, not diacritic errors. Both strings whitespace-normalised."""
    from rapidfuzz.distance import Levenshtein

    marked = sum(1 for ch in ref if ch.isalpha() and _base(ch) != ch.lower())
    errors = 0
    for op in Levenshtein.editops(ref, hyp):
        if op.tag == "replace":
            a, b = ref[op.src_pos], hyp[op.dest_pos]
            if a.isalpha() and b.isalpha() and _base(a) == _base(b) and a.lower() != b.lower():
                errors += 1
    return errors, marked
