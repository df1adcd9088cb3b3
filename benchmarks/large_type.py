"""Large type: file covers, certificates' headings, notices — a page of a few lines at 40–110 pt,
turned any quarter, through cleanup and OCR (real Tesseract), CER against the known text.

    .venv/bin/python benchmarks/large_type.py [--pages 30] [--seed 1]

Before stop 32 such a page was often turned sideways or upside down (the text ink stopped at
12-mm letters; the line-shape vote is weighed on body text) and its stems were erased as rules;
what was left, Tesseract read badly or not at all at that size.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "ocr"))

from ocr_helpers import cer

from scanstation.ocr.recognize import recognize
from scanstation.stages.pipeline import clean_image
from scanstation.testing import pages

TITLES = (("GIẤY KHEN",), ("HỒ SƠ", "Năm 2019"), ("BẰNG KHEN",), ("THÔNG BÁO", "Lịch tiếp dân"),
          ("ỦY BAN", "NHÂN DÂN"), ("GIẤY MỜI",), ("TỜ TRÌNH",), ("Hộp số 12", "Phông UBND"),
          ("QUYẾT ĐỊNH",), ("Mục lục", "hồ sơ"))
SIZES_PT = (40, 48, 60, 72, 84, 96, 110)
STYLES = ("serif", "serif-bold", "sans", "sans-bold")


def cover(lines: tuple[str, ...], size_pt: int, style: str, dpi: int = 300) -> Image.Image | None:
    """An A4 page with ``lines`` centred, or None when a line does not fit the page."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    size = round(size_pt * dpi / 72)
    font = pages.font(style, size)
    y = height // 4
    for line in lines:
        length = draw.textlength(line, font=font)
        if length > width - dpi:
            return None
        draw.text(((width - length) / 2, y), line, font=font, fill=0)
        y += round(size * 1.6)
    page.info["dpi"] = (dpi, dpi)
    return page


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    total = wrong = count = 0
    seconds = 0.0
    print(f"{'pt':>3s} {'style':10s} {'turn':>4s}  {'CER %':>6s}  read")
    for _ in range(args.pages):
        lines, size, style = rng.choice(TITLES), rng.choice(SIZES_PT), rng.choice(STYLES)
        turn = rng.choice((0, 90, 180, 270))
        page = cover(lines, size, style)
        if page is None:
            continue
        shown = page.rotate(turn, expand=True) if turn else page
        shown.info["dpi"] = page.info["dpi"]
        started = time.perf_counter()
        text = recognize(clean_image(shown).image).text
        seconds += time.perf_counter() - started
        error = cer(text, "\n".join(lines))
        total, count, wrong = total + error, count + 1, wrong + (error > 0)
        print(f"{size:3d} {style:10s} {turn:4d}  {100 * error:6.2f}  {text!r}")
    print(f"\n{count} pages: mean CER {100 * total / max(count, 1):.2f} %, {wrong} not exact, "
          f"{seconds / max(count, 1):.2f} s a page (cleanup + OCR, in-process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
