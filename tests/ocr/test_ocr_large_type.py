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


BODY = ("Về việc cấp giấy phép xây dựng nhà ở riêng lẻ", "Từ ngày 01/3/2019 đến ngày 30/12/2019",
        "Gồm 25 tờ", "Thời hạn bảo quản: Vĩnh viễn")


def _titled_page(title: str, title_pt: int, style: str, dpi: int = 300,
                 gap: int = 150) -> Image.Image:
    """An archive cover or a certificate: an issuer's line, a title in large type, then body
    text at 13 pt, every line centred."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = height // 8

    def put(text: str, pt: int, face: str, space: int) -> None:
        nonlocal y
        font = pages.font(face, round(pt * dpi / 72))
        draw.text(((width - draw.textlength(text, font=font)) / 2, y + space), text, font=font,
                  fill=0)
        y += space + round(pt * dpi / 72 * 1.7)

    put("ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH", 14, "serif-bold", 0)
    put(title, title_pt, style, gap)
    for line in BODY:
        put(line, 13, "serif", 20)
    page.info["dpi"] = (dpi, dpi)
    return page


@pytest.mark.parametrize(("title", "title_pt", "style", "turn"), [
    ("BẰNG KHEN", 48, "serif", 90),  # read at full size "BĂNG", "KHEN" lost
    ("HỒ SƠ", 60, "sans-bold", 0),  # read at full size "SƠ"
    ("QUYẾT ĐỊNH", 72, "serif-bold", 0),  # read at full size: nothing
    ("GIẤY MỜI", 96, "sans-bold", 270),  # marks read apart as "x" and "`"
    ("THÔNG BÁO", 84, "serif", 180),  # the acute read apart as "⁄⁄"
])
def test_a_large_title_above_body_text_is_read(title: str, title_pt: int, style: str,
                                               turn: int) -> None:
    """A page with body text is read at the body's size, and there Tesseract's page layout took
    a title several times taller for a picture: the title of a file cover or a certificate —
    what the officer searches for — came out missing, cut short or without its marks."""
    page = _titled_page(title, title_pt, style)
    shown = page.rotate(turn, expand=True) if turn else page
    shown.info["dpi"] = page.info["dpi"]
    read = recognize(clean_image(shown).image)
    assert [line.text for line in read.lines] == ["ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH", title, *BODY]


def test_a_heading_over_a_large_subheading_keeps_both_lines() -> None:
    """Two lines of large type one right under the other (a leaflet's "The LinnSequencer" over
    "32 Track MIDI Sequence Recorder", OCRmyPDF's ``linn.png``): what is cut out to read the
    lower line reaches into the upper one, and the upper line's words, read right at full size,
    were taken for the lower line's and lost; and the upper line, its "inn" smaller than its
    capitals, was found as two lines with its one word, read whole, between them."""
    dpi = 300
    page = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    y = 300
    for text, pt, face in (("The LinnSequencer", 36, "sans-bold"),
                           ("32 Track MIDI Sequence Recorder", 28, "sans-bold"), *(
                               (line, 11, "serif") for line in BODY)):
        size = round(pt * dpi / 72)
        font = pages.font(face, size)
        draw.text(((page.width - draw.textlength(text, font=font)) / 2, y), text, font=font, fill=0)
        y += round(size * 1.2)
    page.info["dpi"] = (dpi, dpi)
    read = recognize(clean_image(page).image)
    assert [line.text for line in read.lines] == [
        "The LinnSequencer", "32 Track MIDI Sequence Recorder", *BODY]


@pytest.mark.parametrize(("gap", "turn"), [(86, 0), (90, 180)])
def test_a_large_title_close_under_the_issuer_is_read_and_the_issuer_kept(gap: int,
                                                                          turn: int) -> None:
    """The issuer's line stands inside what is cut out to read the title with its marks: its
    "BA" (two letters, like a mark Tesseract reads as a word of its own) was read with the title,
    whose box then reached up to it, and the second look for two lines in one box read the
    title again at full size and lost it."""
    page = _titled_page("BẰNG KHEN", 84, "sans", gap=gap)
    shown = page.rotate(turn, expand=True) if turn else page
    shown.info["dpi"] = page.info["dpi"]
    read = recognize(clean_image(shown).image)
    assert [line.text for line in read.lines] == ["ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH", "BẰNG KHEN",
                                                  *BODY]


@pytest.mark.parametrize("seed", [3, 4])
def test_a_black_signature_below_body_text_is_not_read_as_a_title(seed: int) -> None:
    """Large ink that is no type — a signature in black ink in the signer's place — is taken
    for a line of large letters and read, and nothing sure comes of it: no word is made up."""
    page = _titled_page("", 13, "serif")
    draw = ImageDraw.Draw(page)
    rng = np.random.default_rng(seed)
    for _ in range(6):  # loops and strokes 10-30 mm high, as a hand signs
        x, y = 1300 + int(rng.integers(0, 300)), 1500 + int(rng.integers(0, 100))
        points = [(x + int(dx), y + int(dy)) for dx, dy in
                  zip(np.cumsum(rng.integers(-60, 90, 12)), rng.integers(-150, 150, 12),
                      strict=True)]
        draw.line(points, fill=0, width=9, joint="curve")
    read = recognize(clean_image(page).image)
    assert [line.text for line in read.lines] == ["ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH", *BODY]
