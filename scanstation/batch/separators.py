"""Separator sheets: reading them on a page, and printing them.

Kinds a page can be:
* Patch-T — the Kodak patch code T (four bars, narrow-wide-narrow-wide), read here from bar runs
  along rows of the page; a barcode whose value is ``PATCHT`` counts too (Paperless-ngx, NAPS2).
* a QR / Code 128 / Code 39 sheet whose value is a file code (``HS-1975-012``) or ``SEP``.

A page where a separator is *seen but not read* — a barcode zxing-cpp located but could not
decode, bars that look like a patch code but not clearly T, or the printed caption without a code
— is ``unsure``: the splitter never guesses on it; review decides.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

PATCH_T_VALUE = "PATCHT"
PLAIN_VALUE = "SEP"
# a file code (mã hồ sơ): letters, then numbers joined by - . or / (HS-1975-012, 01.2024.15)
FILE_CODE = re.compile(r"^[A-ZĐ0-9]{1,8}([-./][A-ZĐ0-9]{1,8}){1,4}$")
CAPTION = "TỜ TÁCH HỒ SƠ"
CAPTION_EN = "SEPARATOR SHEET"

# Kodak patch codes: four bars, True = wide; spaces are all narrow
PATCH_PATTERNS: dict[tuple[bool, ...], str] = {
    (True, False, False, True): "1", (True, False, True, False): "2", (True, True, False, False): "3",
    (False, True, True, False): "4", (False, False, True, True): "6", (False, True, False, True): "T",
}


@dataclass(frozen=True)
class SeparatorRead:
    kind: str  # "patcht" | "qr" | "code128" | "code39" | "" (none)
    value: str = ""
    unsure: str = ""  # why a separator was seen but not read; "" when sure or none

    @property
    def is_separator(self) -> bool:
        return bool(self.kind) and not self.unsure

    @property
    def file_code(self) -> str:
        return self.value if self.value not in ("", PATCH_T_VALUE, PLAIN_VALUE) else ""


NONE = SeparatorRead("")


def is_separator_value(value: str) -> bool:
    value = value.strip().upper()
    return value in (PATCH_T_VALUE, PLAIN_VALUE) or bool(FILE_CODE.match(value))


def _gray(img: Image.Image, max_side: int) -> np.ndarray:
    # one conversion per page: the patch and barcode reads pass the grey image on
    gray = img if img.mode == "L" else img.convert("L")
    scale = max_side / max(gray.size)
    if scale < 1:
        gray = gray.resize((max(1, round(gray.width * scale)), max(1, round(gray.height * scale))),
                           Image.Resampling.BOX)
    return np.asarray(gray)


def read_patch(img: Image.Image) -> tuple[str, int, int]:
    """The patch code most rows agree on, its votes, and the rows that saw any patch code."""
    arr = _gray(img, 1100)
    h, w = arr.shape
    dark = arr < 128
    min_bar = max(3, round(w / 200))  # ≈ 1 mm on A4: thicker than any text stroke
    votes: dict[str, int] = {}
    rows = range(int(h * 0.08), int(h * 0.92), max(1, h // 120))
    for y in rows:
        line = dark[y]
        edges = np.flatnonzero(np.diff(line.astype(np.int8))) + 1
        bounds = np.concatenate(([0], edges, [w]))
        runs = np.diff(bounds)
        is_dark = line[bounds[:-1]]
        for i in range(len(runs) - 6):
            if not is_dark[i] or i == 0:
                continue
            seq = runs[i:i + 7]
            bars, gaps = seq[0::2], seq[1::2]
            if bars.min() < min_bar:
                continue
            narrow, wide = bars.min(), bars.max()
            if wide < 2 * narrow or gaps.max() > 1.6 * narrow or gaps.min() < 0.5 * narrow:
                continue
            quiet = 2 * wide
            if runs[i - 1] < quiet or (i + 7 < len(runs) and runs[i + 7] < quiet):
                continue
            key = tuple(bool(b > (narrow + wide) / 2) for b in bars)
            symbol = PATCH_PATTERNS.get(key)
            if symbol:
                votes[symbol] = votes.get(symbol, 0) + 1
            break
    if not votes:
        return "", 0, 0
    best = max(votes, key=lambda k: votes[k])
    return best, votes[best], sum(votes.values())


def read_separator(img: Image.Image, *, patch: bool = True, barcodes: bool = True) -> SeparatorRead:
    """What separator, if any, ``img`` is (before any cleanup: a bar sheet is not text)."""
    if img.mode != "L" and (barcodes or patch):
        img = img.convert("L")
    if barcodes:
        found = _read_barcodes(img)
        if found is not None:
            return found
    if patch:
        symbol, best, seen = read_patch(img)
        if seen >= 3:
            rows_scanned = 100
            if symbol == "T" and best >= 0.25 * rows_scanned and best >= 0.8 * seen:
                return SeparatorRead("patcht", PATCH_T_VALUE)
            return SeparatorRead("patcht", "", unsure=f"patch code {symbol}? ({best}/{seen} rows)")
    return NONE


_FORMATS = {"QRCode": "qr", "Code128": "code128", "Code39": "code39"}


def _read_barcodes(img: Image.Image) -> SeparatorRead | None:
    import zxingcpp

    arr = _gray(img, 2400)
    formats = (zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.Code128,
               zxingcpp.BarcodeFormat.Code39)
    results = zxingcpp.read_barcodes(arr, formats=zxingcpp.BarcodeFormats(formats), return_errors=True)
    unsure = None
    for barcode in results:
        kind = _FORMATS.get(barcode.format.name, barcode.format.name.lower())
        if not barcode.valid:
            unsure = SeparatorRead(kind, "", unsure="barcode seen, not decoded")
            continue
        value = unicodedata.normalize("NFC", barcode.text.strip())
        if is_separator_value(value):
            value = value.upper()
            return SeparatorRead("patcht" if value == PATCH_T_VALUE else kind, value)
    return unsure


def caption_seen(text: str) -> bool:
    """The sheet's printed caption in a page's OCR text: a separator whose code was not read."""
    folded = unicodedata.normalize("NFC", text).upper()
    return CAPTION in folded or CAPTION_EN in folded


# --- printing ---------------------------------------------------------------------------------


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from ..pdf.fonts import FontUnavailableError, font_path

    try:
        return ImageFont.truetype(str(font_path()), size)
    except (OSError, FontUnavailableError):
        return ImageFont.load_default(size)


def sheet_image(kind: str, value: str = "", dpi: int = 200) -> Image.Image:
    """An A4 separator sheet at ``dpi``: the code big and centred, the caption, the value in
    clear so a person can check what the reader should have read."""
    import zxingcpp

    mm = dpi / 25.4
    page = Image.new("L", (round(210 * mm), round(297 * mm)), 255)
    draw = ImageDraw.Draw(page)
    title = _font(round(9 * mm))
    small = _font(round(5 * mm))
    draw.text((page.width / 2, 22 * mm), CAPTION, font=title, fill=0, anchor="mm")
    draw.text((page.width / 2, 34 * mm), CAPTION_EN, font=small, fill=0, anchor="mm")
    if kind == "patcht":
        narrow, wide = round(4 * mm), round(10 * mm)
        widths = [wide if w else narrow for w in (False, True, False, True)]
        total = sum(widths) + 3 * narrow
        x = (page.width - total) // 2
        for width in widths:
            draw.rectangle([x, round(60 * mm), x + width - 1, round(250 * mm)], fill=0)
            x += width + narrow
        label = "PATCH T"
    else:
        fmt = {"qr": zxingcpp.BarcodeFormat.QRCode, "code128": zxingcpp.BarcodeFormat.Code128,
               "code39": zxingcpp.BarcodeFormat.Code39}[kind]
        # QR at error-correction level H: a sheet reused for years gets stamped, torn, written on
        options = {"ec_level": "H"} if kind == "qr" else {}
        code = zxingcpp.create_barcode(value or PLAIN_VALUE, fmt, **options)
        module = max(2, round((1.2 if kind == "qr" else 0.5) * mm))
        symbol = Image.fromarray(np.asarray(code.to_image(scale=module, add_quiet_zones=True)))
        if kind != "qr":
            symbol = symbol.resize((symbol.width, round(60 * mm)), Image.Resampling.NEAREST)
        page.paste(symbol, ((page.width - symbol.width) // 2, round(80 * mm)))
        label = value or PLAIN_VALUE
    draw.text((page.width / 2, 270 * mm), label, font=title, fill=0, anchor="mm")
    page.info["dpi"] = (dpi, dpi)
    return page


def write_sheets(specs: list[tuple[str, str]], out: Path, dpi: int = 200) -> Path:
    """A printable PDF, one sheet per ``(kind, value)``, written atomically."""
    from .. import fsio

    images = [sheet_image(kind, value, dpi).convert("RGB") for kind, value in specs]

    def writer(tmp: Path) -> None:
        images[0].save(tmp, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])

    return fsio.atomic_write_with(out, writer)
