"""A printer short of ink (issue 14, item 1; ``prepare._hollow_strokes_filled`` and
``rules._dashed_rules``): hollow strokes filled before Tesseract reads them, and a table's
rules broken into dashes found whole and erased — never on a page of plain text or noise."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import ocr_helpers as H
import pytest
from PIL import Image, ImageDraw

from scanstation.ocr import prepare, rules
from scanstation.ocr.cells import rule_boxes
from scanstation.ocr.pipeline import PageSource, process_page
from scanstation.stages import texture
from scanstation.testing.hard_pages import hard_page
from scanstation.testing.pages import font, render_page

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ocr_low_ink"
LOW_INK_PAGES = (0, 1, 3)  # a 300-dpi form, a 200-dpi letter, a 300-dpi sparse page


def _read(img: Image.Image) -> str:
    return process_page(PageSource(0, "page.png", image=img)).ocr.text


def _gray(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("L"))


@pytest.mark.parametrize("index", LOW_INK_PAGES)
def test_hollow_print_reads_as_well_as_print(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    page = hard_page("lowink", index)
    filled = H.cer(_read(page.image), page.text)
    assert filled <= 0.03, filled
    monkeypatch.setattr(texture, "HOLLOW_CRACKS", float("inf"))  # as before the fill
    assert H.cer(_read(page.image), page.text) > filled


def test_hollow_strokes_are_filled_and_printed_ones_left_as_they_are() -> None:
    hollow = _gray(hard_page("lowink", 3).image)
    assert prepare._hollow_strokes_filled(hollow, 300.0) is not hollow
    for kind in ("letter", "table", "form"):
        printed = _gray(render_page(kind, seed=7, dpi=300).image)
        assert prepare._hollow_strokes_filled(printed, 300.0) is printed, kind


def _dashed_table(gap: int, noise: bool = False) -> tuple[np.ndarray, list[int], list[int]]:
    """A 300-dpi table whose rules are dashes ``gap`` pixels apart, with text in its cells."""
    img = Image.new("L", (2400, 1400), 255)
    draw = ImageDraw.Draw(img)
    rows, columns = [200, 330, 460, 590, 720, 850], [150, 400, 1300, 1800, 2250]
    rng = np.random.default_rng(gap)

    def dashed(a: tuple[int, int], b: tuple[int, int]) -> None:
        length = max(b[0] - a[0], b[1] - a[1])
        at = 0
        while at < length:
            dash = int(rng.integers(20, 90))
            end = min(length, at + dash)
            if a[1] == b[1]:
                draw.line([(a[0] + at, a[1]), (a[0] + end, a[1])], fill=60, width=3)
            else:
                draw.line([(a[0], a[1] + at), (a[0], a[1] + end)], fill=60, width=3)
            at = end + int(rng.integers(1, gap + 1))

    for y in rows:
        dashed((columns[0], y), (columns[-1], y))
    for x in columns:
        dashed((x, rows[0]), (x, rows[-1]))
    face = font("serif", 42)
    for i, y in enumerate(rows[:-1]):
        for j, text in enumerate([str(i + 1), "Nguyễn Thị Hương", "12/03/1985", "Bổ sung"]):
            draw.text((columns[j] + 30, y + 35), text, font=face, fill=30)
    draw.text((150, 1000), "Tổng hợp hồ sơ đã tiếp nhận trong tháng, không kể hồ sơ trả lại.",
              font=face, fill=30)
    gray = np.asarray(img)
    if noise:  # a scanner's grain, salt and pepper: closing gaps among specks finds nothing true
        noisy = gray.astype(np.float32) + rng.normal(0, 30, gray.shape)
        speck = rng.random(gray.shape)
        noisy[speck < 0.003] = 0
        noisy[speck > 0.997] = 255
        gray = noisy.clip(0, 255).astype(np.uint8)
    return gray, rows, columns


def test_a_tables_dashed_rules_are_found_whole_and_erased() -> None:
    gray, rows, columns = _dashed_table(gap=5)
    out, found, _ = rules.without_rules(gray, 300.0, dashed=True)
    assert found is not None
    whole = rule_boxes(found, 150.0, 2.0)
    across = [r for r in whole if r[2] - r[0] > r[3] - r[1]]
    down = [r for r in whole if r[2] - r[0] <= r[3] - r[1]]
    width, height = columns[-1] - columns[0], rows[-1] - rows[0]
    assert len([r for r in across if r[2] - r[0] >= 0.95 * width]) == len(rows), across
    assert len([r for r in down if r[3] - r[1] >= 0.95 * height]) == len(columns), down
    for y in rows:  # no dash left to be read as "-" or "|" beside the cells
        assert out[y - 3:y + 4, columns[0] + 5:columns[-1] - 5].min() >= 200
    # the words in the cells are kept
    cell = (slice(rows[1] + 20, rows[2] - 20), slice(columns[1] + 10, columns[2] - 10))
    assert np.array_equal(out[cell], gray[cell])
    # without closing the gaps (as before) most of each rule is left
    before = rules.BRIDGE_MM
    try:
        rules.BRIDGE_MM = 0.0
        kept = rules.without_rules(gray, 300.0, dashed=True)[0]
    finally:
        rules.BRIDGE_MM = before
    assert min(kept[y - 3:y + 4, columns[0] + 5:columns[-1] - 5].min() for y in rows) < 128


def _grid(gray: np.ndarray, bridge_mm: float) -> tuple:
    before = rules.BRIDGE_MM
    try:
        rules.BRIDGE_MM = bridge_mm
        found = rules.without_rules(gray, 300.0, dashed=True)[1]
    finally:
        rules.BRIDGE_MM = before
    return rule_boxes(found, 150.0, 2.0) if found is not None else ()


@pytest.mark.parametrize("kind", ["letter", "form", "table"])
def test_text_gives_no_dashed_rules(kind: str) -> None:
    """Closing gaps is kept to a table's grid: the serifs along a line of text, closed, made one
    long baseline, and erasing it took the line's lower half."""
    gray = _gray(render_page(kind, seed=3, dpi=300).image)
    assert _grid(gray, rules.BRIDGE_MM) == _grid(gray, 0.0)


def test_a_speckled_page_gets_no_dashed_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a noisy page (the fixture: a cleaned browser page's header, salt and grain), closing
    the gaps among specks made 39 rules through the text (0.05 -> 2.6 % CER): on a speckled
    page the grid is what the rules' unbroken stretches give, nothing added."""
    img = Image.open(FIXTURES / "noisy_header.png")
    img.info["dpi"] = (300, 300)
    grid = prepare.prepare(img).grid
    assert len(grid) == 2  # the motto's and the title's rules
    monkeypatch.setattr(rules, "BRIDGE_MM", 0.0)
    assert prepare.prepare(img).grid == grid


def test_cracked_black_ink_is_left_and_cracked_pale_ink_filled() -> None:
    """Real scans of old books and typewritten pages crack at their ragged edges as much as
    hollow print (OCRmyPDF's test files: 0.008-0.02 a pixel of ink); filled, their black ink read
    no better. A printer short of ink prints pale: only pale cracked ink is filled."""
    page = _gray(render_page("letter", seed=11, dpi=300).image)
    rng = np.random.default_rng(11)
    cracked = page.copy()
    slits = rng.random(page.shape[1]) < 0.06  # one-pixel slits down one column in sixteen
    cracked[:, slits] = np.where(page[:, slits] < 128, 255, page[:, slits])
    ink = page < 128
    assert prepare._hollow_strokes_filled(cracked, 300.0) is cracked  # black ink: left
    pale = np.where(ink & (cracked < 128), 140, cracked).astype(np.uint8)
    assert prepare._hollow_strokes_filled(pale, 300.0) is not pale  # the same cracks in pale ink


def test_pale_letters_are_darkened_and_a_pale_area_left() -> None:
    """On a hollow page every grey below the paper is darkened — pale cores and pale bands are
    ink — but not a pale area (a map's fill, a shaded box): darkened, it swallowed the names
    printed on it."""
    page = _gray(render_page("letter", seed=12, dpi=300).image)
    rng = np.random.default_rng(12)
    hollow = page.copy()
    slits = rng.random(page.shape[1]) < 0.06
    hollow[:, slits] = np.where(page[:, slits] < 128, 255, page[:, slits])
    hollow = np.where(hollow < 128, 150, hollow).astype(np.uint8)  # pale, cracked ink
    hollow[2600:3000, 300:1500] = 215  # a pale box, 34 by 100 mm
    out = prepare._hollow_strokes_filled(hollow, 300.0)
    letters = (page < 60) & ~np.pad(np.ones((400, 1200), bool),
                                     ((2600, page.shape[0] - 3000), (300, page.shape[1] - 1500)))
    assert np.median(out[letters]) < 40  # 150 before
    assert np.median(out[2650:2950, 350:1450]) == 215  # the box as it was
