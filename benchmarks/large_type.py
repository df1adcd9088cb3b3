"""Large type: file covers, certificates' headings, notices — a page of a few lines at 40–110 pt,
turned any quarter, through cleanup and OCR (real Tesseract), CER against the known text.

    .venv/bin/python benchmarks/large_type.py [--pages 30] [--seed 1] [--with-body]

``--with-body``: the title in large type stands between an issuer's line and 3–6 lines of body
text at 12–14 pt (an archive cover, a certificate, an invitation), so the page is read at the
body's size; the table then also says whether the title came out exactly as its own line.

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


ISSUERS = ("ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH", "ỦY BAN NHÂN DÂN XÃ SÓC SƠN", "CÔNG AN PHƯỜNG HÒA BÌNH",
           "TRƯỜNG TRUNG HỌC CƠ SỞ LÊ LỢI")
BODY = ("Về việc cấp giấy phép xây dựng nhà ở riêng lẻ", "Từ ngày 01/3/2019 đến ngày 30/12/2019",
        "Gồm 25 tờ", "Phông số: 12, mục lục số: 3, hộp số: 7", "Thời hạn bảo quản: Vĩnh viễn",
        "Tặng ông Nguyễn Văn Bình", "Đã có thành tích xuất sắc trong công tác năm 2024",
        "Kính mời bà Trần Thị Hoa đến dự hội nghị tổng kết", "Thời gian: 8 giờ 00, ngày 15/01/2025",
        "Địa điểm: Hội trường Ủy ban nhân dân phường", "Lịch tiếp công dân của Chủ tịch")


def titled(rng: random.Random, title: tuple[str, ...], size_pt: int, style: str,
           dpi: int = 300) -> tuple[Image.Image, list[str]] | None:
    """An A4 page: an issuer's line, ``title`` in large type, then body text at 12–14 pt; each
    line centred or (body) from a left margin. None when a line does not fit the page."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y, lines = rng.randint(height // 12, height // 6), []
    body_pt, centred = rng.choice((12, 13, 14)), rng.random() < 0.5
    body = rng.sample(BODY, rng.randint(3, 6))
    for text, pt, face, space, centre in (
            (rng.choice(ISSUERS), body_pt + 1, "serif-bold", 0, True),
            *((line, size_pt, style, rng.randint(60, 250), True) for line in title),
            *((line, body_pt, "serif", rng.randint(10, 40), centred) for line in body)):
        font = pages.font(face, round(pt * dpi / 72))
        length = draw.textlength(text, font=font)
        if length > width - dpi:
            return None
        draw.text(((width - length) / 2 if centre else dpi, y + space), text, font=font, fill=0)
        y += space + round(pt * dpi / 72 * 1.6)
        lines.append(text)
    page.info["dpi"] = (dpi, dpi)
    return page, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--with-body", action="store_true", help="title between an issuer and body text")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    total = wrong = count = titles_exact = 0
    seconds = 0.0
    print(f"{'pt':>3s} {'style':10s} {'turn':>4s}  {'CER %':>6s}  read")
    for _ in range(args.pages):
        title, size, style = rng.choice(TITLES), rng.choice(SIZES_PT), rng.choice(STYLES)
        turn = rng.choice((0, 90, 180, 270))
        if args.with_body:
            made = titled(rng, title, size, style)
            if made is None:
                continue
            page, lines = made
        else:
            cover_page = cover(title, size, style)
            if cover_page is None:
                continue
            page, lines = cover_page, list(title)
        shown = page.rotate(turn, expand=True) if turn else page
        shown.info["dpi"] = page.info["dpi"]
        started = time.perf_counter()
        text = recognize(clean_image(shown).image).text
        seconds += time.perf_counter() - started
        error = cer(text, "\n".join(lines))
        total, count, wrong = total + error, count + 1, wrong + (error > 0)
        shown_text = text
        if args.with_body:
            read = text.split("\n")
            exact = all(line in read for line in title)
            titles_exact += exact
            shown_text = f"title {'exact' if exact else 'WRONG'}: " + repr(
                [line for line in read if line not in lines])
        print(f"{size:3d} {style:10s} {turn:4d}  {100 * error:6.2f}  {shown_text!r}")
    print(f"\n{count} pages: mean CER {100 * total / max(count, 1):.2f} %, {wrong} not exact, "
          f"{seconds / max(count, 1):.2f} s a page (cleanup + OCR, in-process)")
    if args.with_body:
        print(f"titles read exactly, each as its own line: {titles_exact} of {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
