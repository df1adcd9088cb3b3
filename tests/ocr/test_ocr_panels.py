"""Light letters on a dark panel (issue 14): a banner, a dark header row, a grey note box are
turned dark on light before Tesseract reads. Real Tesseract for the reading; the panel finder
on drawn pages."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanstation.ocr.panels import DARK as DARK_PANEL
from scanstation.ocr.panels import invert_panels
from scanstation.ocr.pipeline import PageSource, process_page
from scanstation.ocr.recognize import recognize
from scanstation.testing import pages

DPI = 300
BANNER = "THÔNG BÁO KHẨN VỀ LỊCH TIẾP CÔNG DÂN"
NOTE = "Ghi chú quan trọng"
BODY = [f"Dòng số {n}: Ủy ban nhân dân phường thông báo lịch làm việc tháng mười."
        for n in range(1, 7)]


def _page() -> Image.Image:
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((200, 300, 2280, 460), fill=0)
    draw.text((260, 330), BANNER, font=pages.font("serif-bold", 70), fill=255)
    y = 600
    for line in BODY:
        draw.text((200, y), line, font=pages.font("serif", 54), fill=0)
        y += 90
    draw.rectangle((200, y + 40, 1400, y + 140), fill=40)  # dark grey, light grey letters
    draw.text((230, y + 60), NOTE, font=pages.font("serif", 54), fill=230)
    page.info["dpi"] = (DPI, DPI)
    return page


def test_light_letters_on_dark_panels_are_read() -> None:
    # before, Tesseract's own inverted second reading read the banner, but the grey note
    # came out "Chỉ Chủ quản trong)"
    lines = [line.text for line in recognize(_page()).lines]
    assert lines == [BANNER, *BODY, NOTE]


TITLE = "DANH SÁCH NGƯỜI NỘP HỒ SƠ THÁNG MƯỜI"
HEAD = ["STT", "Họ và tên", "Ngày sinh", "Ghi chú"]
ROWS = [["1", "Nguyễn Văn An", "12/03/1985", "Đã nộp"],
        ["2", "Trần Thị Bích", "05/11/1990", "Chưa nộp"]]


def _table(fill: tuple[int, int, int]) -> Image.Image:
    """A ruled table whose header row is printed in white on ``fill``."""
    page = Image.new("RGB", (2480, 3508), "white")
    draw = ImageDraw.Draw(page)
    draw.text((200, 150), TITLE, font=pages.font("serif-bold", 54), fill="black")
    xs = [200, 400, 1100, 1600, 2280]
    y = 300
    draw.rectangle((xs[0], y, xs[-1], y + 100), fill=fill)
    for x, text in zip(xs, HEAD, strict=False):
        draw.text((x + 20, y + 20), text, font=pages.font("serif-bold", 54), fill="white")
    for row in ROWS:
        y += 100
        for x, text in zip(xs, row, strict=False):
            draw.text((x + 20, y + 20), text, font=pages.font("serif", 54), fill="black")
    for rule in range(300, y + 101, 100):
        draw.line((xs[0], rule, xs[-1], rule), fill="black", width=3)
    for x in xs:
        draw.line((x, 300, x, y + 100), fill="black", width=3)
    page.info["dpi"] = (DPI, DPI)
    return page


@pytest.mark.parametrize("fill", [(0, 0, 0), (30, 60, 120), (90, 90, 90)],
                         ids=["black", "navy", "grey"])
def test_a_table_header_row_in_white_on_dark_is_read(fill: tuple[int, int, int]) -> None:
    # before: "RSSM m1" (black), "¬3-S= II Hợ va ten Ngày sinh Ghi Chủ 1" (navy), "re: Ngày
    # sinh Chỉ Chủ" (grey): Tesseract's own inverted second reading did not save them
    read = process_page(PageSource(0, "p", image=_table(fill)))
    assert [line.text for line in read.ocr.lines] == [TITLE, " ".join(HEAD),
                                                       *(" ".join(row) for row in ROWS)]


def test_a_panel_turns_dark_on_light_with_no_dark_rim() -> None:
    gray = np.asarray(_page())
    out = invert_panels(gray, DPI)
    banner = out[290:471, 190:2291]
    assert (banner < 100).mean() < 0.12  # its letters only; was all but the letters
    assert (banner > 200).mean() > 0.85
    # its edge: no dark frame left where the fill met the paper
    for edge in (out[296:304, 190:2291], out[456:465, 190:2291], out[290:471, 196:204]):
        assert edge.min() > 200
    # the body text and the paper around the panels are untouched
    assert np.array_equal(out[560:1160], gray[560:1160])
    assert np.array_equal(out[:280], gray[:280])


@pytest.mark.parametrize("kind", ["bar", "shadow", "photo", "frame"])
def test_dark_areas_that_hold_no_letters_are_left(kind: str) -> None:
    """A black bar, dark text in a shadow, a photograph's light face, a drawn frame."""
    page = Image.new("L", (1200, 800), 255)
    draw = ImageDraw.Draw(page)
    if kind == "bar":
        draw.rectangle((100, 100, 1000, 180), fill=0)
    elif kind == "shadow":
        draw.rectangle((100, 100, 1100, 400), fill=70)
        draw.text((150, 200), "Bóng của nắp máy quét", font=pages.font("serif", 54), fill=0)
    elif kind == "photo":
        draw.rectangle((100, 100, 500, 600), fill=30)
        draw.ellipse((180, 160, 420, 460), fill=200)
    else:
        draw.rectangle((100, 100, 1100, 700), outline=0, width=12)
        draw.text((150, 300), "Trong khung", font=pages.font("serif", 54), fill=0)
    gray = np.asarray(page)
    assert invert_panels(gray, DPI) is gray


def test_a_panel_whose_letters_run_near_its_edge_is_turned_whole() -> None:
    """A JPEG browser page's dark sub-header (set 36): the descenders of "ngày" came within a
    few pixels of the row's lower edge, the fill there went with the opening at a quarter
    size, and a strip under the letters stayed dark: "Từ ngày" was read "Từ"."""
    page = Image.new("L", (1600, 600), 255)
    draw = ImageDraw.Draw(page)
    face = pages.font("serif-bold", 46)
    bottom = draw.textbbox((120, 200), "Từ ngày", face)[3] + 3
    draw.rectangle((100, 180, 1300, bottom), fill=45)
    draw.line((700, 180, 700, bottom), fill=200, width=3)
    draw.text((120, 200), "Từ ngày", font=face, fill=235)
    draw.text((760, 200), "Đến ngày", font=face, fill=235)
    out = invert_panels(np.asarray(page), DPI)
    assert (out[180:bottom, 100:1300] < 100).mean() < 0.1  # its letters only
    turned = Image.fromarray(out)
    turned.info["dpi"] = (DPI, DPI)
    assert "Từ ngày Đến ngày" in recognize(turned).text


def test_a_tall_header_with_few_letters_is_a_panel() -> None:
    """A photographed page's two-row dark header (browser set 46): its light letters were 2.95
    % of the fill, under the 3 % a panel needed, and the header row came out "S1 tâm âm 4 ChỦ".
    A panel needs 1.5 %: a bar holds none."""
    page = Image.new("L", (2000, 700), 255)
    draw = ImageDraw.Draw(page)
    face = pages.font("serif-bold", 46)
    draw.rectangle((100, 150, 1900, 380), fill=44)
    for x, y, text in ((140, 235, "STT"), (420, 235, "Họ và tên"), (1060, 165, "Thời gian"),
                       (860, 290, "Từ ngày"), (1260, 290, "Đến ngày"), (1640, 235, "Ghi chú")):
        draw.text((x, y), text, font=face, fill=214)
    gray = np.asarray(page)
    panel = gray[150:381, 100:1901]
    assert 0.015 < (panel > 160).mean() < 0.03
    out = invert_panels(gray, DPI)
    assert (out[150:381, 100:1901] < 100).mean() < 0.05  # its letters only
    turned = Image.fromarray(out)
    turned.info["dpi"] = (DPI, DPI)
    text = recognize(turned).text
    assert "STT" in text and "Họ và tên" in text and "Ghi chú" in text, text


def _faint_header(blur: float = 0.0) -> Image.Image:
    """A faint copy's table header row: letters near the paper (232 on 238) on a grey fill (142)
    too light for a dark panel, as browser set 40's faint page printed it."""
    from PIL import ImageFilter

    page = Image.new("L", (2000, 600), 238)
    draw = ImageDraw.Draw(page)
    draw.rectangle((100, 150, 1900, 300), fill=142)
    face = pages.font("serif-bold", 46)
    for x, text in ((140, "STT"), (500, "Họ và tên"), (1100, "Thời gian"), (1560, "Ngày sinh")):
        draw.text((x, 195), text, font=face, fill=232)
    draw.text((140, 380), "1 Nguyễn Văn An 12/03/1985", font=pages.font("serif", 46), fill=90)
    if blur:
        page = page.filter(ImageFilter.GaussianBlur(blur))
    return page


def test_a_grey_header_on_a_faint_copy_is_a_panel() -> None:
    """Browser set 40's faint page read its header row "LhởI": the fill at 142 is no dark
    panel, and the paper normaliser whitened fill and letters alike. A flat fill cut sharp from
    the paper, this far below it, is one."""
    gray = np.asarray(_faint_header())
    out = invert_panels(gray, DPI)
    assert (out[150:301, 100:1901] > 200).mean() > 0.8  # the fill is paper now
    turned = Image.fromarray(out)
    turned.info["dpi"] = (DPI, DPI)
    text = recognize(turned).text
    assert "STT Họ và tên Thời gian Ngày sinh" in text, text


@pytest.mark.parametrize("kind", ["shading", "soft edge"])
def test_grey_shading_is_no_panel(kind: str) -> None:
    """A photographed page's shading (a gradient from paper to grey) and a grey area whose
    edge fades over millimetres hold light text too, but are not printed fills."""
    if kind == "shading":
        ramp = np.linspace(238, 120, 2000, dtype=np.float32)
        page = Image.fromarray(np.tile(ramp, (600, 1)).astype(np.uint8))
        draw = ImageDraw.Draw(page)
        draw.text((1500, 250), "Hạnh phúc", font=pages.font("serif-bold", 46), fill=235)
    else:
        page = _faint_header(blur=12.0)
    gray = np.asarray(page)
    assert invert_panels(gray, DPI) is gray


def test_a_header_row_half_under_a_shadow_is_read() -> None:
    """Shadow set 52 (a hand or a phone over the page on the counter): under the shadow the
    paper was darker than a panel's fill needs to be, the header row joined it in one dark
    piece that was no panel, and its shaded half, light letters dimmed to 110-130, was read as
    nothing. The fill is looked for, and the panel lit, against the paper around it."""
    table = np.asarray(_table((70, 70, 70)).convert("L")).astype(np.float32)
    light = np.clip(np.linspace(0.3, 1.4, table.shape[1], dtype=np.float32), None, 1.0)
    page = Image.fromarray((table * light).round().astype(np.uint8))
    page.info["dpi"] = (DPI, DPI)
    assert float(np.asarray(page)[1000:1100, 100:200].mean()) < DARK_PANEL  # the shaded paper
    read = process_page(PageSource(0, "p", image=page))
    assert [line.text for line in read.ocr.lines] == [TITLE, " ".join(HEAD),
                                                       *(" ".join(row) for row in ROWS)]
