"""Separator sheets: printed by our generator, read back — clean and degraded — and never
guessed when the reader is unsure."""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
import pytest
from batch_helpers import cli, content_page
from PIL import Image, ImageFilter

from scanstation.batch.separators import read_separator, sheet_image

SHEETS = [("patcht", "", "PATCHT"), ("qr", "HS-1975-012", "HS-1975-012"),
          ("code128", "HS-1975-013", "HS-1975-013"), ("code39", "HS-2001-7", "HS-2001-7")]


def _degrade(img: Image.Image, seed: int) -> Image.Image:
    """A scanner's worst day: a few degrees of skew, blur, speckle noise, a low JPEG, 100 dpi."""
    rng = random.Random(seed)
    out = img.convert("L").rotate(rng.uniform(-3, 3), expand=True, fillcolor=255,
                                  resample=Image.Resampling.BILINEAR)
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.0)))
    arr = np.asarray(out).astype(np.int16)
    noise = np.random.default_rng(seed).normal(0, 12, arr.shape)
    out = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=35)
    out = Image.open(io.BytesIO(buffer.getvalue()))
    return out.resize((out.width // 2, out.height // 2), Image.Resampling.BOX)


@pytest.mark.parametrize(("kind", "value", "expected"), SHEETS)
def test_each_sheet_kind_reads_back_clean_and_degraded(kind: str, value: str, expected: str) -> None:
    clean = sheet_image(kind, value, dpi=200)
    read = read_separator(clean)
    assert (read.kind, read.value, read.is_separator) == (kind, expected, True)
    for seed in range(3):
        degraded = read_separator(_degrade(clean, seed))
        assert degraded.is_separator and degraded.value == expected, (seed, degraded)


def test_an_upside_down_patch_sheet_is_unsure_never_guessed() -> None:
    # Patch T read backwards is the bar pattern of Patch 2: the reader must not call it either
    read = read_separator(sheet_image("patcht", dpi=150).rotate(180))
    assert read.kind == "patcht" and read.unsure and not read.is_separator


def _qr_box(arr: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(arr[: arr.shape[0] * 2 // 3] < 128)
    top = int(ys[ys > arr.shape[0] // 5].min())  # below the caption
    ys, xs = np.nonzero(arr[top: arr.shape[0] * 2 // 3] < 128)
    return top, top + int(ys.max()), int(xs.min()), int(xs.max())


def test_a_stained_qr_sheet_still_reads_and_a_ruined_one_is_unsure() -> None:
    arr = np.asarray(sheet_image("qr", "HS-1975-012", dpi=200)).copy()
    y0, y1, x0, x1 = _qr_box(arr)
    cy, h = (y0 + y1) // 2, (y1 - y0)
    stained = arr.copy()
    stained[cy - h // 10: cy + h // 10, x0 + (x1 - x0) // 4: x1 - (x1 - x0) // 4] = 255
    assert read_separator(Image.fromarray(stained)).value == "HS-1975-012"  # level H copes
    ruined = arr.copy()
    ruined[cy - h // 4: cy + h // 4, x0 + (x1 - x0) // 4: x1 - (x1 - x0) // 4] = 255
    read = read_separator(Image.fromarray(ruined))
    assert read.unsure and not read.is_separator


@pytest.mark.parametrize("seed", range(6))
def test_document_pages_are_not_separators(seed: int) -> None:
    read = read_separator(content_page(seed))
    assert read.kind == "" and not read.is_separator


def test_a_barcode_that_is_not_a_file_code_does_not_split() -> None:
    sheet = sheet_image("qr", "HS-1975-012", dpi=150)
    page = content_page(3).convert("L").copy()
    # a QR carrying anything else (a URL, a citizen-ID payload) is part of the document
    import zxingcpp

    code = zxingcpp.create_barcode("https://dichvucong.gov.vn/p/123|x|y", zxingcpp.BarcodeFormat.QRCode)
    page.paste(Image.fromarray(np.asarray(code.to_image(scale=4))), (50, 50))
    assert not read_separator(page).is_separator
    assert read_separator(sheet).is_separator


def test_sheets_command_prints_a_pdf_that_reads_back(tmp_path: Path) -> None:
    import pypdfium2

    out = tmp_path / "sheets.pdf"
    proc = cli("batch", "sheets", "-o", str(out), "--kind", "code39", "--value", "HS-1975-012",
               "--value", "hs-1975-013", home=tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    pdf = pypdfium2.PdfDocument(out)
    values = []
    for page in pdf:
        img = page.render(scale=150 / 72).to_pil()
        values.append(read_separator(img).value)
    assert values == ["HS-1975-012", "HS-1975-013"]
    bad = cli("batch", "sheets", "-o", str(tmp_path / "x.pdf"), "--kind", "qr", "--value",
              "không phải mã", home=tmp_path / "home")
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and "mã hồ sơ" in bad.stderr
