"""Large type and large pages (issue 14, OCRmyPDF's own test files): a file cover's title, a
certificate's heading, a page too long for Tesseract. Real Tesseract throughout."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanstation.ocr.prepare import TESSERACT_MAX_SIDE, prepare
from scanstation.ocr.recognize import recognize
from scanstation.ocr.results import OcrParams
from scanstation.stages.pipeline import clean_image
from scanstation.testing import pages

COVER = ("HỒ SƠ", "Năm 2019")


def _cover(title_pt: int, style: str, dpi: int = 300) -> Image.Image:
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    size = round(title_pt * dpi / 72)
    y = height // 4
    for line in COVER:
        draw.text((dpi, y), line, font=pages.font(style, size), fill=0)
        y += round(size * 1.6)
    page.info["dpi"] = (dpi, dpi)
    return page


@pytest.mark.parametrize(("title_pt", "style"), [(48, "serif"), (72, "serif-bold"),
                                                 (96, "sans-bold"), (96, "serif")])
def test_a_cover_page_of_large_letters_is_read(title_pt: int, style: str) -> None:
    # from 40 pt up a capital's stem is as long as the shortest ruling line (10 mm), and the
    # rule eraser took every stem and bar: a 96-pt cover came out with no text at all
    page = recognize(clean_image(_cover(title_pt, style)).image)
    assert [line.text for line in page.lines] == list(COVER)


def test_a_table_rule_beside_large_letters_is_still_erased() -> None:
    """The stems are kept, the rules are not: a 0.4-mm rule under the title and a box around
    the year are painted out before Tesseract reads the page."""
    page = _cover(72, "serif-bold")
    draw = ImageDraw.Draw(page)
    draw.rectangle((250, 1500, 2200, 1505), fill=0)  # a rule under the title, 165 mm
    draw.rectangle((250, 1300, 2200, 2300), outline=0, width=5)  # a frame around both lines
    prepared = np.asarray(prepare(page).image)
    pad = OcrParams().pad_px
    assert prepared[1500 + pad:1506 + pad, 260 + pad:2190 + pad].min() == 255
    assert prepared[1310 + pad:2290 + pad, 250 + pad:256 + pad].min() == 255
    # and the letters' stems are ink still
    assert (prepared[pad:, pad:] < 100).sum() > 50_000


def test_a_page_longer_than_tesseract_takes_is_read() -> None:
    """Tesseract refuses a side over 32,767 pixels and reads nothing. A 100-dpi render of a
    large-format page (OCRmyPDF's ``hugemono.pdf``, 117 inches square) was upscaled to 35,081;
    a long strip at 300 dpi is longer than that as it is."""
    for width, dpi in ((11_000, 100), (34_000, 300)):
        strip = Image.new("L", (width, dpi * 2), 255)
        size = round(28 * dpi / 72)
        ImageDraw.Draw(strip).text((dpi, dpi // 2), "Số hồ sơ 2019", fill=0,
                                   font=pages.font("serif", size))
        strip.info["dpi"] = (dpi, dpi)
        prepared = prepare(strip)
        assert max(prepared.image.size) <= TESSERACT_MAX_SIDE
        assert recognize(strip).text == "Số hồ sơ 2019", (width, dpi)
