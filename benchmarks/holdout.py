"""Hold-out evaluation through the CLI contracts, on pages from an independent generator.

    .venv/bin/python benchmarks/holdout.py generate OUTDIR [--ocr 40] [--inspect 80] [--seed 11]
                                                         [--hard] [--hard-cats] [--cats C,..]
    .venv/bin/python benchmarks/holdout.py run OUTDIR [--tag NAME] [--skip-ocr] [--skip-inspect]

``generate`` renders Vietnamese administrative pages (quyết định, tờ trình, đơn đề nghị, giấy
xác nhận, STT tables; two-column national header; codes, dates, names, addresses) with its own
wording and layout and with fonts other than the test generator's Liberation Serif (DejaVu Serif
and Sans, Noto Serif and Sans, Liberation Sans), 11-14 pt, 200-300 dpi, varied margins, bold and
italic; then degrades them with known truth: quarter turns, skew, blur, JPEG q30-70, noise,
low resolution (150-200 dpi), phone photo (keystone, shading, background), yellowed paper,
scanner border. It does not use ``scanstation.testing.pages``. ``--hard``: stronger blur, 150-160
dpi, photos turned any quarter and with corner jitter.

``run`` calls ``scanstation inspect IMG --json`` and ``scanstation ocr IMG -o X.pdf --sidecar
X.txt`` once per input, as a judge would (two at a time), and prints orientation accuracy, skew
absolute error (mean, max, share within 0.3 and 0.5 degrees) and CER per category (NFC,
whitespace runs collapsed, Levenshtein), diacritic error per category (``holdout_hard``) and
the worst page. ``--hard-cats`` generates the issue-14 kinds instead (``holdout_hard.py``).
``SS_CMD`` overrides the command (e.g. to run another
checkout: ``PYTHONPATH=/other SS_CMD="python -m scanstation"``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).parent))
from holdout_hard import DEGRADE_HARD_KINDS, HARD_CATS, degrade_hard, diacritic_errors

from scanstation import fonts
from scanstation.fonts import FAMILIES

CLI_CMD = shlex.split(os.environ.get("SS_CMD", str(Path(sys.executable).parent / "scanstation")))

# (regular, bold, italic) per family, found through scanstation.fonts; the order is the draw order
FONTS = {name: tuple(str(fonts.find(FAMILIES[name][style]) or FAMILIES[name][style])
                     for style in ("regular", "bold", "italic"))
         for name in ("dejavu-serif", "dejavu-sans", "noto-serif", "noto-sans", "liberation-sans")}

_font_cache: dict = {}


def font(path: str, px: int) -> ImageFont.FreeTypeFont:
    key = (path, px)
    if key not in _font_cache:
        _font_cache[key] = ImageFont.truetype(path, px)
    return _font_cache[key]


# ---------------------------------------------------------------- text material (own wording)

PROVINCES = ["TỈNH NGHỆ AN", "TỈNH QUẢNG NINH", "THÀNH PHỐ ĐÀ NẴNG", "TỈNH ĐỒNG THÁP",
             "TỈNH LÂM ĐỒNG", "THÀNH PHỐ HẢI PHÒNG", "TỈNH THỪA THIÊN HUẾ", "TỈNH BẮC GIANG"]
DISTRICTS = ["HUYỆN DIỄN CHÂU", "THỊ XÃ QUẢNG YÊN", "QUẬN LIÊN CHIỂU", "HUYỆN CAO LÃNH",
             "THÀNH PHỐ BẢO LỘC", "HUYỆN THỦY NGUYÊN", "THỊ XÃ HƯƠNG THỦY", "HUYỆN LỤC NGẠN"]
WARDS = ["XÃ DIỄN HỒNG", "PHƯỜNG PHONG HẢI", "PHƯỜNG HÒA MINH", "XÃ MỸ XƯƠNG",
         "PHƯỜNG LỘC TIẾN", "XÃ LƯU KIẾM", "PHƯỜNG THỦY DƯƠNG", "XÃ NGHĨA HỒ"]
PLACES = ["Diễn Châu", "Quảng Yên", "Đà Nẵng", "Cao Lãnh", "Bảo Lộc", "Thủy Nguyên",
          "Hương Thủy", "Lục Ngạn"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Huỳnh", "Phan", "Võ", "Trịnh", "Đoàn"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Quốc", "Thu", "Xuân", "Bảo",
          "Khánh", "Phương", "Thùy"]
GIVEN = ["Hùng", "Lan", "Tuấn", "Hương", "Dũng", "Nga", "Thắng", "Yến", "Phúc", "Hạnh", "Cường",
         "Loan", "Quý", "Trang", "Sơn", "Huệ", "Khoa", "Thảo", "Nghĩa", "Vượng", "Ước", "Ửng"]
STREETS = ["đường Lê Duẩn", "phố Trần Hưng Đạo", "đường Nguyễn Trãi", "ngõ 45 phố Hàng Bột",
           "đường Hùng Vương", "đường Phạm Văn Đồng", "tổ dân phố số 7", "thôn Đông Xuyên"]
CODES = ["QĐ-UBND", "TTr-UBND", "GXN-CAX", "QĐ-STP", "TB-UBND", "CV-PGDĐT", "BC-UBND",
         "KH-UBND", "QĐ-CT"]
JOBS = ["nông dân", "giáo viên", "công nhân", "kỹ sư xây dựng", "buôn bán nhỏ", "hưu trí",
        "nhân viên văn phòng", "thợ may", "lái xe", "y tá"]

BODY = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 "
    "của Chính phủ về kiểm soát thủ tục hành chính;",
    "Xét đề nghị của Trưởng phòng Tài nguyên và Môi trường tại Tờ trình số {n}/TTr-TNMT;",
    "Ủy ban nhân dân kính trình Hội đồng nhân dân xem xét, cho ý kiến "
    "về việc điều chỉnh kế hoạch đầu tư công năm {y}.",
    "Hộ gia đình ông {name} đã sử dụng ổn định thửa đất số {n}, tờ bản đồ "
    "số {m}, diện tích {a} mét vuông, không có tranh chấp.",
    "Đề nghị các cơ quan, đơn vị có liên quan phối hợp thực hiện nghiêm "
    "túc, báo cáo kết quả trước ngày {d} tháng {mo} năm {y}.",
    "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị phản ánh kịp thời "
    "về Văn phòng để tổng hợp, báo cáo lãnh đạo xem xét.",
    "Người được cấp giấy có trách nhiệm xuất trình bản chính "
    "khi cơ quan có thẩm quyền yêu cầu kiểm tra.",
    "Tôi xin cam đoan những nội dung khai trên là đúng sự thật và xin "
    "chịu trách nhiệm trước pháp luật về lời khai của mình.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách địa phương và "
    "các nguồn huy động hợp pháp khác theo quy định.",
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng "
    "các phòng ban chuyên môn chịu trách nhiệm thi hành.",
    "Xác nhận bà {name}, sinh năm {by}, hiện thường trú tại {addr}, có hoàn "
    "cảnh gia đình khó khăn, thuộc diện hộ cận nghèo năm {y}.",
    "Sau khi kiểm tra hồ sơ, đoàn công tác nhận thấy việc xây dựng nhà ở "
    "phù hợp với quy hoạch chi tiết đã được phê duyệt.",
    "Số tiền hỗ trợ là {money} đồng (bằng chữ: mười lăm triệu đồng "
    "chẵn), được chuyển vào tài khoản của người thụ hưởng.",
    "Tiếp tục đẩy mạnh cải cách thủ tục hành chính, ứng dụng công nghệ "
    "thông tin trong tiếp nhận và trả kết quả hồ sơ.",
    "Ông {name} được giao nhiệm vụ phụ trách công tác văn thư, lưu trữ và "
    "quản lý con dấu của cơ quan kể từ ngày {d}/{mo}/{y}.",
    "Những trường hợp vi phạm sẽ bị xử lý theo quy định của pháp luật hiện "
    "hành; khuyến khích người dân tố giác hành vi sai trái.",
    "Đơn vị chủ trì có trách nhiệm hướng dẫn, đôn đốc, kiểm tra việc "
    "thực hiện và tổng hợp khó khăn, vướng mắc phát sinh.",
    "Giấy xác nhận này có giá trị trong thời hạn sáu tháng kể từ ngày "
    "ký và chỉ dùng để bổ sung hồ sơ vay vốn ưu đãi.",
    "Đề nghị Ủy ban nhân dân huyện xem xét, phê duyệt để đơn vị kịp "
    "thời triển khai các bước tiếp theo đúng tiến độ.",
]

TITLES = {
    "quyetdinh": ("QUYẾT ĐỊNH", ["Về việc thành lập Tổ công tác rà soát hồ sơ đất đai",
                                 "Về việc phê duyệt danh sách hộ nghèo, hộ cận nghèo",
                                 "Về việc giao nhiệm vụ quản lý văn thư, lưu trữ"]),
    "totrinh": ("TỜ TRÌNH", ["Về việc đề nghị phê duyệt kế hoạch sửa chữa trường học",
                             "Về việc điều chỉnh dự toán kinh phí năm tài chính"]),
    "don": ("ĐƠN ĐỀ NGHỊ", ["Về việc cấp lại giấy chứng nhận quyền sử dụng đất",
                            "Về việc hỗ trợ sửa chữa nhà ở"]),
    "xacnhan": ("GIẤY XÁC NHẬN", ["Về hoàn cảnh gia đình và nơi cư trú",
                                  "Về quá trình công tác tại địa phương"]),
    "bang": ("DANH SÁCH", ["Các hộ gia đình được nhận hỗ trợ đợt 2",
                           "Cán bộ tham gia tập huấn nghiệp vụ"]),
}


def rname(r: random.Random) -> str:
    return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"


def raddr(r: random.Random) -> str:
    number, street = r.randint(2, 298), r.choice(STREETS)
    ward = r.choice(WARDS).title().replace("Xã", "xã").replace("Phường", "phường")
    return f"số {number} {street}, {ward}"


def fill(s: str, r: random.Random) -> str:
    return s.format(n=r.randint(12, 987), m=r.randint(1, 60), a=f"{r.randint(45, 980)},{r.randint(1, 9)}",
                    y=r.randint(2019, 2025), d=r.randint(1, 28), mo=r.randint(1, 12),
                    name=rname(r), by=r.randint(1948, 1999), addr=raddr(r),
                    money=f"{r.randint(2, 90)}.{r.randint(100, 999)}.000")


# ---------------------------------------------------------------- layout

class Page:
    def __init__(self, r: random.Random, dpi: int, family: str, size_pt: float):
        self.r = r
        self.dpi = dpi
        self.w = int(8.27 * dpi)
        self.h = int(11.69 * dpi)
        self.img = Image.new("L", (self.w, self.h), 255)
        self.d = ImageDraw.Draw(self.img)
        self.reg, self.bold, self.ital = FONTS[family]
        self.size = size_pt
        self.ml = int(r.uniform(0.7, 1.2) * dpi)
        self.mr = int(r.uniform(0.5, 0.9) * dpi)
        self.y = int(r.uniform(0.5, 0.9) * dpi)
        self.bottom = self.h - int(0.7 * dpi)
        self.truth: list[str] = []

    def px(self, pt: float) -> int:
        return round(pt * self.dpi / 72)

    def f(self, kind: str = "reg", pt: float | None = None):
        path = {"reg": self.reg, "bold": self.bold, "ital": self.ital}[kind]
        return font(path, self.px(pt or self.size))

    def text(self, x: int, y: int, s: str, fnt) -> None:
        self.d.text((x, y), s, font=fnt, fill=0)

    def width(self, s: str, fnt) -> int:
        return int(self.d.textlength(s, font=fnt))

    def lh(self, pt: float | None = None) -> int:
        return int(self.px(pt or self.size) * 1.45)

    def fits(self, lines: int = 1) -> bool:
        return self.y + lines * self.lh() < self.bottom

    def centered(self, s: str, kind: str = "reg", pt: float | None = None,
                 x0: int | None = None, x1: int | None = None) -> None:
        fnt = self.f(kind, pt)
        x0 = self.ml if x0 is None else x0
        x1 = self.w - self.mr if x1 is None else x1
        self.text(x0 + (x1 - x0 - self.width(s, fnt)) // 2, self.y, s, fnt)
        self.y += self.lh(pt)
        self.truth.append(s)

    def paragraph(self, s: str, kind: str = "reg", indent: bool = True) -> None:
        fnt = self.f(kind)
        words = s.split()
        maxw = self.w - self.ml - self.mr
        line = []
        first = True
        out = []
        for wd in words:
            trial = " ".join([*line, wd])
            lim = maxw - (self.px(self.size * 2) if first and indent else 0)
            if self.width(trial, fnt) > lim and line:
                out.append((" ".join(line), first))
                line = [wd]
                first = False
            else:
                line.append(wd)
        if line:
            out.append((" ".join(line), first))
        for ln, isfirst in out:
            if not self.fits():
                return
            x = self.ml + (self.px(self.size * 2) if isfirst and indent else 0)
            self.text(x, self.y, ln, fnt)
            self.y += self.lh()
            self.truth.append(ln)


def header(p: Page) -> None:
    r = p.r
    left = [r.choice(DISTRICTS), r.choice(WARDS)] if r.random() < 0.5 else [
        r.choice(["ỦY BAN NHÂN DÂN", "CÔNG AN"]), r.choice(DISTRICTS)]
    code = f"Số: {r.randint(3, 999)}/{r.choice(CODES)}"
    left.append(code)
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    date = (f"{r.choice(PLACES)}, ngày {r.randint(1, 28):02d} tháng {r.randint(1, 12):02d} "
            f"năm {r.randint(2019, 2025)}")
    pt = p.size - 1
    split = p.ml + int((p.w - p.ml - p.mr) * 0.40)
    y0 = p.y
    lh = p.lh(pt)
    for i, s in enumerate(left):
        fnt = p.f("bold" if i < len(left) - 1 else "reg", pt)
        x = p.ml + (split - p.ml - p.width(s, fnt)) // 2
        p.text(max(p.ml - p.px(20), x), y0 + i * lh, s, fnt)
    for i, s in enumerate(right):
        fnt = p.f("bold", pt)
        x = split + (p.w - p.mr - split - p.width(s, fnt)) // 2
        p.text(x, y0 + i * lh, s, fnt)
    fnt = p.f("ital", pt)
    x = split + (p.w - p.mr - split - p.width(date, fnt)) // 2
    p.text(x, y0 + 3 * lh, date, fnt)
    p.truth += left + right + [date]
    p.y = y0 + 4 * lh + p.px(p.size)


def table(p: Page) -> None:
    r = p.r
    pt = p.size - 1
    fnt = p.f("reg", pt)
    fb = p.f("bold", pt)
    cols = ["STT", "Họ và tên", "Năm sinh", "Địa chỉ", "Số tiền (đồng)"]
    total = p.w - p.ml - p.mr
    fr = [0.07, 0.27, 0.13, 0.31, 0.22]
    xs = [p.ml]
    for f_ in fr:
        xs.append(xs[-1] + int(total * f_))
    rows = [cols]
    for i in range(r.randint(5, 9)):
        rows.append([str(i + 1), rname(r), str(r.randint(1940, 2002)),
                     f"{r.choice(['Thôn', 'Tổ', 'Xóm'])} {r.randint(1, 12)}, {r.choice(PLACES)}",
                     f"{r.randint(1, 20)}.{r.randint(0, 9)}00.000"])
    rh = int(p.lh(pt) * 1.3)
    top = p.y
    for ri, row in enumerate(rows):
        if p.y + rh > p.bottom:
            break
        for ci, cell in enumerate(row):
            ff = fb if ri == 0 else fnt
            w = p.width(cell, ff)
            if ri == 0 or ci in (0, 2):
                x = xs[ci] + (xs[ci + 1] - xs[ci] - w) // 2
            else:
                x = xs[ci] + p.px(4)
            p.text(x, p.y + (rh - p.px(pt)) // 2 - p.px(1), cell, ff)
        p.truth.append(" ".join(row))
        p.y += rh
    lw = max(1, p.dpi // 150)
    for yy in range(top, p.y + 1, rh):
        p.d.line([(xs[0], yy), (xs[-1], yy)], fill=0, width=lw)
    for x in xs:
        p.d.line([(x, top), (x, p.y)], fill=0, width=lw)
    p.y += p.px(p.size)


def signature(p: Page) -> None:
    if not p.fits(4):
        return
    x0 = p.ml + int((p.w - p.ml - p.mr) * 0.5)
    role = p.r.choice(["CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "NGƯỜI LÀM ĐƠN", "TRƯỞNG CÔNG AN"])
    p.centered(role, "bold", x0=x0)
    p.centered("(Ký, ghi rõ họ tên)", "ital", x0=x0)
    p.y += p.lh() * 2
    p.centered(rname(p.r), "bold", x0=x0)


def make_page(seed: int, dpi: int | None = None) -> tuple[Image.Image, str, dict]:
    r = random.Random(seed)
    fam = r.choice(list(FONTS))
    size = r.choice([11, 12, 12.5, 13, 13, 14])
    dpi = dpi or r.choice([200, 240, 300])
    kind = r.choice(list(TITLES))
    p = Page(r, dpi, fam, size)
    header(p)
    title, subs = TITLES[kind]
    p.centered(title, "bold", pt=size + 1)
    p.centered(r.choice(subs), "bold" if r.random() < 0.5 else "ital")
    p.y += p.lh() // 2
    if kind == "don":
        p.centered("Kính gửi: Ủy ban nhân dân " + r.choice(PLACES), "reg")
        for lab, val in [("Họ và tên", rname(r)),
                         ("Ngày sinh",
                          f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.randint(1950, 2000)}"),
                         ("Số CCCD", f"0{r.randint(10, 99)}{r.randint(100000000, 999999999)}"),
                         ("Nghề nghiệp", r.choice(JOBS)), ("Địa chỉ", raddr(r))]:
            p.paragraph(f"{lab}: {val}", indent=False)
    if kind == "bang":
        p.paragraph(fill(r.choice(BODY), r))
        table(p)
    bodies = r.sample(BODY, len(BODY))
    for b in bodies:
        if not p.fits(3):
            break
        if p.y > p.h * (0.55 if kind != "bang" else 0.7):
            break
        p.paragraph(fill(b, r), "ital" if r.random() < 0.1 else "reg")
    signature(p)
    text = unicodedata.normalize("NFC", "\n".join(p.truth))
    return p.img, text, {"font": fam, "size": size, "dpi": dpi, "kind": kind}


# ---------------------------------------------------------------- degradations

def to_rgb(img: Image.Image) -> Image.Image:
    return img.convert("RGB")


def rotate_skew(img: Image.Image, skew: float, qt: int, fill=(255, 255, 255)) -> Image.Image:
    if skew:
        img = img.rotate(skew, resample=Image.BICUBIC, expand=True, fillcolor=fill)
    if qt:
        img = img.rotate(qt, expand=True)
    return img


def yellow(img: Image.Image, r: random.Random) -> Image.Image:
    a = np.asarray(img.convert("RGB")).astype(np.float32) / 255
    tint = np.array([r.uniform(0.93, 0.99), r.uniform(0.86, 0.93), r.uniform(0.62, 0.78)])
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    vign = 1 - 0.10 * (((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * 2)
    out = a * tint * vign[..., None]
    return Image.fromarray(np.clip(out * 255, 0, 255).astype(np.uint8))


HARD = False


def blur(img: Image.Image, r: random.Random) -> Image.Image:
    return img.filter(ImageFilter.GaussianBlur(r.uniform(1.4, 2.2) if HARD else r.uniform(0.9, 1.6)))


def jpeg(img: Image.Image, r: random.Random) -> Image.Image:
    b = io.BytesIO()
    img.convert("RGB").save(b, "JPEG", quality=r.randint(30, 70))
    return Image.open(io.BytesIO(b.getvalue())).convert("RGB")


def noise(img: Image.Image, r: random.Random) -> Image.Image:
    a = np.asarray(img.convert("L")).astype(np.float32)
    rng = np.random.default_rng(r.randint(0, 1 << 30))
    a = a + rng.normal(0, r.uniform(12, 25), a.shape)
    sp = rng.random(a.shape)
    a[sp < 0.002] = 0
    a[sp > 0.998] = 255
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def lowres(img: Image.Image, dpi: int, r: random.Random) -> tuple[Image.Image, int]:
    target = r.choice([150, 160] if HARD else [150, 170, 200])
    if target >= dpi:
        target = 150
    s = target / dpi
    return img.resize((int(img.width * s), int(img.height * s)), Image.LANCZOS), target


def border(img: Image.Image, r: random.Random) -> Image.Image:
    img = img.convert("L")
    w, h = img.size
    bl, bt, br, bb = (int(w * r.uniform(0.01, 0.05)) for _ in range(2)), 0, 0, 0
    bl = int(w * r.uniform(0.015, 0.05))
    bt = int(h * r.uniform(0.01, 0.04))
    br = int(w * r.uniform(0.0, 0.04))
    bb = int(h * r.uniform(0.0, 0.03))
    canvas = Image.new("L", (w + bl + br, h + bt + bb), r.randint(0, 40))
    canvas.paste(img, (bl, bt))
    # lid shadow gradient on the left edge of the sheet
    a = np.asarray(canvas).astype(np.float32)
    sw = int(w * 0.02)
    for i in range(sw):
        a[bt:bt + h, bl + i] *= 0.55 + 0.45 * i / sw
    return Image.fromarray(a.astype(np.uint8))


def shadow(img: Image.Image, r: random.Random) -> Image.Image:
    """A soft shadow over part of the text (a hand, a phone, a lamp's edge over a page on the
    counter): from a random corner, 30-60 % of the paper's brightness left at its darkest,
    its soft edge 15-50 % of the width into the page. Not a scanner's border: there is text
    under it (``--cats shadow``; in no default list, so earlier seeds' sets stay as they were)."""
    a = np.asarray(img.convert("RGB")).astype(np.float32)
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if r.random() < 0.5:
        xx = w - 1 - xx
    if r.random() < 0.5:
        yy = h - 1 - yy
    slope = r.uniform(0.0, 0.6)
    reach, soft, depth = r.uniform(0.15, 0.5), r.uniform(0.02, 0.06), r.uniform(0.3, 0.6)
    inside = 1.0 / (1.0 + np.exp(((xx + slope * yy) / w - reach) / soft))
    a *= (1.0 - (1.0 - depth) * inside)[..., None]
    return Image.fromarray(a.clip(0, 255).astype(np.uint8))


def photo(img: Image.Image, r: random.Random, jitter: float = 0.004) -> Image.Image:
    """Sheet on a table: symmetric keystone (keeps horizontal lines horizontal), small jitter,
    shading, background texture, camera noise and blur."""
    src = np.asarray(img.convert("RGB"))
    h, w = src.shape[:2]
    pad = int(0.08 * max(w, h))
    W, H = w + 2 * pad, h + 2 * pad
    k = r.uniform(0.02, 0.06) * w
    j = lambda: r.uniform(-jitter, jitter) * w  # noqa: E731
    dst = np.float32([[pad + k + j(), pad + j()], [pad + w - k + j(), pad + j()],
                      [pad + w + j(), pad + h + j()], [pad + j(), pad + h + j()]])
    srcq = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    M = cv2.getPerspectiveTransform(srcq, dst)
    rng = np.random.default_rng(r.randint(0, 1 << 30))
    bgc = np.array([r.randint(60, 140), r.randint(50, 110), r.randint(30, 90)], np.float32)
    bg = np.ones((H, W, 3), np.float32) * bgc + rng.normal(0, 10, (H, W, 1))
    warped = cv2.warpPerspective(src, M, (W, H), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), M, (W, H))
    out = warped.astype(np.float32) * mask[..., None] + bg * (1 - mask[..., None])
    yy, xx = np.mgrid[0:H, 0:W]
    gx, gy = r.uniform(-1, 1), r.uniform(-1, 1)
    shade = 1 - 0.28 * (0.5 + 0.5 * (gx * (xx / W - 0.5) + gy * (yy / H - 0.5)) * 2).clip(0, 1)
    out *= shade[..., None]
    out *= np.array([1.0, 0.97, 0.90])  # warm light
    out += rng.normal(0, 4, out.shape)
    res = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
    res = res.filter(ImageFilter.GaussianBlur(0.7))
    return jpeg(res, random.Random(r.random())) if r.random() < 0.7 else res


def degrade(img: Image.Image, cat: str, r: random.Random, dpi: int):
    """Returns (image, quarter_turn, skew, dpi, details)."""
    qt, skew = 0, 0.0
    det = {}

    def rs(lo=0.5, hi=10.0):
        return round(r.choice([-1, 1]) * r.uniform(lo, hi), 2)

    if cat == "clean":
        out = img
    elif cat == "skewed":
        skew = rs()
        out = rotate_skew(img.convert("RGB"), skew, 0)
    elif cat == "rotated":
        qt = r.choice([90, 180, 270])
        skew = rs(0.0, 2.0) if r.random() < 0.5 else 0.0
        out = rotate_skew(img.convert("RGB"), skew, qt)
    elif cat == "blur":
        skew = rs(0.0, 3.0) if r.random() < 0.5 else 0.0
        out = blur(rotate_skew(img.convert("RGB"), skew, 0), r)
    elif cat == "jpeg":
        skew = rs(0.0, 3.0) if r.random() < 0.5 else 0.0
        out = jpeg(rotate_skew(yellow(img, r) if r.random() < 0.5 else img.convert("RGB"), skew, 0), r)
    elif cat == "noise":
        skew = rs(0.0, 3.0) if r.random() < 0.5 else 0.0
        out = noise(rotate_skew(img.convert("RGB"), skew, 0), r)
    elif cat == "lowres":
        skew = rs(0.0, 4.0) if r.random() < 0.6 else 0.0
        out, dpi = lowres(rotate_skew(img.convert("RGB"), skew, 0), dpi, r)
        if r.random() < 0.5:
            out = jpeg(out, r)
    elif cat == "photo":
        skew = rs(0.0, 8.0 if HARD else 5.0)
        qt = r.choice([0, 90, 180, 270] if HARD else [0, 0, 0, 90, 270])
        out = photo(rotate_skew(img.convert("RGB"), skew, qt), r, jitter=0.01 if HARD else 0.004)
    elif cat == "yellowed":
        skew = rs(0.0, 4.0) if r.random() < 0.6 else 0.0
        out = yellow(rotate_skew(img.convert("RGB"), skew, 0), r)
        if r.random() < 0.5:
            out = jpeg(out, r)
    elif cat == "shadow":
        skew = rs(0.0, 3.0) if r.random() < 0.5 else 0.0
        out = shadow(rotate_skew(img.convert("RGB"), skew, 0), r)
        if r.random() < 0.5:
            out = jpeg(out, r)
    elif cat == "border":
        skew = rs(0.0, 3.0) if r.random() < 0.6 else 0.0
        qt = r.choice([0, 0, 180])
        out = border(rotate_skew(img.convert("RGB"), skew, qt), r)
    elif cat in DEGRADE_HARD_KINDS:
        out, dpi = degrade_hard(img, cat, r, dpi)
    elif cat == "mixed":  # rotation + skew + one of the others
        qt = r.choice([0, 90, 180, 270])
        skew = rs(0.3, 8.0)
        base = rotate_skew(img.convert("RGB"), skew, qt)
        op = r.choice(["blur", "jpeg", "noise", "yellowed", "border"])
        det["op"] = op
        out = {"blur": lambda: blur(base, r), "jpeg": lambda: jpeg(base, r),
               "noise": lambda: noise(base, r), "yellowed": lambda: yellow(base, r),
               "border": lambda: border(base, r)}[op]()
    else:
        raise ValueError(cat)
    return out, qt, skew, dpi, det


OCR_CATS = ["clean"] * 10 + ["skewed"] * 4 + ["rotated"] * 4 + ["blur"] * 3 + ["jpeg"] * 3 + \
    ["noise"] * 3 + ["lowres"] * 3 + ["photo"] * 4 + ["yellowed"] * 3 + ["border"] * 3
# --hard-cats: the issue-14 kinds (seals and stamps, faint copies, speckle, fax, JPEG q20-50 at
# 150-200 dpi, gutters) interleaved with clean pages
OCR_CATS_HARD = [c for cat in HARD_CATS for c in ("clean", cat)]
INSPECT_CATS = ["clean", "skewed", "rotated", "blur", "jpeg", "noise", "lowres", "photo",
                "yellowed", "border", "mixed"]


def save(img: Image.Image, path: Path, dpi: int) -> None:
    if path.suffix == ".jpg":
        img.convert("RGB").save(path, "JPEG", quality=88, dpi=(dpi, dpi))
    else:
        img.save(path, dpi=(dpi, dpi))




def generate(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(prog="holdout.py generate")
    ap.add_argument("out", type=Path)
    ap.add_argument("--ocr", type=int, default=40)
    ap.add_argument("--inspect", type=int, default=80)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--hard", action="store_true")
    ap.add_argument("--hard-cats", action="store_true", help="the issue-14 categories")
    ap.add_argument("--cats", help="only these OCR categories, in turn (e.g. shadow, copier)")
    a = ap.parse_args(argv)
    ocr_cats = OCR_CATS_HARD if a.hard_cats else OCR_CATS
    if a.cats:
        ocr_cats = a.cats.split(",")
    global HARD
    HARD = a.hard
    a.out.mkdir(parents=True, exist_ok=True)
    truth = {"ocr": [], "inspect": []}
    for i in range(a.ocr):
        cat = ocr_cats[i % len(ocr_cats)]
        r = random.Random(a.seed * 100003 + i)
        img, text, meta = make_page(a.seed * 1000 + i)
        out, qt, skew, dpi, det = degrade(img, cat, r, meta["dpi"])
        ext = "jpg" if cat in ("jpeg", "photo", "jpeglow") else "png"
        name = f"ocr_{i:03d}_{cat}.{ext}"
        save(out, a.out / name, dpi)
        truth["ocr"].append({"file": name, "cat": cat, "text": text, "quarter_turn": qt,
                             "skew": skew, **meta, **det})
    for i in range(a.inspect):
        cat = INSPECT_CATS[i % len(INSPECT_CATS)]
        r = random.Random(a.seed * 7919 + 50000 + i)
        img, text, meta = make_page(a.seed * 1000 + 5000 + i)
        if cat == "clean":  # inspect: clean pages still carry a quarter turn / skew
            cat_eff = r.choice(["rotated", "skewed"])
        else:
            cat_eff = cat
        out, qt, skew, dpi, det = degrade(img, cat_eff, r, meta["dpi"])
        if cat in ("blur", "jpeg", "noise", "yellowed", "lowres") and r.random() < 0.5:
            q2 = r.choice([90, 180, 270])
            out = out.rotate(q2, expand=True)
            qt = q2
        name = f"insp_{i:03d}_{cat}.png" if cat not in ("jpeg", "photo") else f"insp_{i:03d}_{cat}.jpg"
        save(out, a.out / name, dpi)
        truth["inspect"].append({"file": name, "cat": cat, "quarter_turn": qt, "skew": skew,
                                 **meta, **det})
    (a.out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))



# ---------------------------------------------------------------- evaluation

def norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    return re.sub(r"\s+", " ", s).strip()


def cer(ref: str, hyp: str) -> tuple[int, int]:
    r, h = norm(ref), norm(hyp)
    return Levenshtein.distance(r, h), len(r)


def angdiff(a: float, b: float) -> float:
    return abs(a - b)


def run_inspect(d: Path, item: dict) -> dict:
    t = time.perf_counter()
    p = subprocess.run([*CLI_CMD, "inspect", str(d / item["file"]), "--json"], capture_output=True,
                       text=True)
    wall = time.perf_counter() - t
    try:
        rec = json.loads(p.stdout.strip().splitlines()[0])
    except Exception:
        rec = {"quarter_turn": None, "skew_deg": None, "error": p.stderr[-300:]}
    rec["wall"] = wall
    return rec


def run_ocr(d: Path, item: dict, tmp: Path) -> dict:
    stem = Path(item["file"]).stem
    t = time.perf_counter()
    p = subprocess.run([*CLI_CMD, "ocr", str(d / item["file"]), "-o", str(tmp / f"{stem}.pdf"),
                        "--sidecar", str(tmp / f"{stem}.txt")], capture_output=True, text=True)
    wall = time.perf_counter() - t
    txt = ""
    if (tmp / f"{stem}.txt").exists():
        txt = (tmp / f"{stem}.txt").read_text("utf-8")
    return {"text": txt, "wall": wall, "rc": p.returncode, "err": p.stderr[-300:]}


def evaluate(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(prog="holdout.py run")
    ap.add_argument("set", type=Path)
    ap.add_argument("--skip-ocr", action="store_true")
    ap.add_argument("--skip-inspect", action="store_true")
    ap.add_argument("--tag", default="run")
    ap.add_argument("--par", type=int, default=2)
    ap.add_argument("--only", default="")
    a = ap.parse_args(argv)
    truth = json.loads((a.set / "truth.json").read_text())
    out = {"inspect": [], "ocr": []}
    items = [x for x in truth["inspect"] if a.only in x["file"]]
    if not items and not a.skip_inspect:
        print("\nINSPECT: the set has no inspect images (generated with --inspect 0)")
    elif not a.skip_inspect:
        with ThreadPoolExecutor(a.par) as ex:
            recs = list(ex.map(lambda it: run_inspect(a.set, it), items))
        rows = defaultdict(list)
        for it, rec in zip(items, recs, strict=False):
            ok = rec["quarter_turn"] == it["quarter_turn"]
            err = angdiff(rec["skew_deg"], it["skew"]) if rec["skew_deg"] is not None else 99
            rows[it["cat"]].append((ok, err))
            rows["ALL"].append((ok, err))
            out["inspect"].append({**it, "got_qt": rec["quarter_turn"], "got_skew": rec["skew_deg"],
                                   "ok": ok, "err": err, "wall": rec["wall"],
                                   "conf": rec.get("confidence")})
        print(f"\nINSPECT ({a.tag})")
        print(f"{'category':10s} {'n':>3s} {'orient%':>8s} {'skewMAE':>8s} {'skewMax':>8s} "
              f"{'<=0.3':>6s} {'<=0.5':>6s}")
        for cat in [c for c in rows if c != "ALL"] + ["ALL"]:
            v = rows[cat]
            n = len(v)
            print(f"{cat:10s} {n:3d} {100 * sum(o for o, _ in v) / n:8.1f} "
                  f"{sum(e for _, e in v) / n:8.3f} {max(e for _, e in v):8.3f} "
                  f"{sum(e <= 0.3 for _, e in v) / n:6.2f} {sum(e <= 0.5 for _, e in v) / n:6.2f}")
        bad = [r for r in out["inspect"] if not r["ok"] or r["err"] > 0.3]
        for r in bad:
            print(f"  BAD {r['file']}: qt {r['quarter_turn']}->{r['got_qt']} skew {r['skew']}->"
                  f"{r['got_skew']} font={r['font']} dpi={r['dpi']}")
        walls = sorted(r["wall"] for r in out["inspect"])
        print(f"inspect wall/call: median {walls[len(walls) // 2]:.2f}s max {walls[-1]:.2f}s")
    if not a.skip_ocr:
        items = [x for x in truth["ocr"] if a.only in x["file"]]
        tmp = Path(tempfile.mkdtemp(prefix=f"ocr_{a.tag}_"))
        with ThreadPoolExecutor(a.par) as ex:
            recs = list(ex.map(lambda it: run_ocr(a.set, it, tmp), items))
        agg = defaultdict(lambda: [0, 0, 0, 0])
        per = []
        for it, rec in zip(items, recs, strict=False):
            e, n = cer(it["text"], rec["text"])
            de, dn = diacritic_errors(norm(it["text"]), norm(rec["text"]))
            for k in {it["cat"], "ALL", "clean" if it["cat"] == "clean" else "DEGRADED"}:
                agg[k][0] += e
                agg[k][1] += n
                agg[k][2] += de
                agg[k][3] += dn
            per.append((it["file"], 100 * e / max(n, 1), rec["wall"], rec["rc"], it["font"],
                        it["size"], it["dpi"], it["kind"]))
            out["ocr"].append({**it, "hyp": rec["text"], "cer": e / max(n, 1), "wall": rec["wall"],
                               "rc": rec["rc"], "err": rec["err"]})
        print(f"\nOCR ({a.tag})  sidecars in {tmp}")
        print(f"{'category':10s} {'chars':>6s} {'CER%':>6s} {'diacr%':>7s} {'worst page':>10s}")
        cats = [*sorted({it["cat"] for it in items}), "DEGRADED", "ALL"]
        worst: dict[str, float] = defaultdict(float)
        for f, c, *_ in per:
            cat = next(it["cat"] for it in items if it["file"] == f)
            for k in (cat, "ALL", "clean" if cat == "clean" else "DEGRADED"):
                worst[k] = max(worst[k], c)
        for c in cats:
            if c in agg:
                e, n, de, dn = agg[c]
                print(f"{c:10s} {n:6d} {100 * e / n:6.2f} {100 * de / max(dn, 1):7.2f} "
                      f"{worst[c]:9.2f}%")
        print("per page:")
        for f, c, w, rc, fam, size, dpi, kind in per:
            print(f"  {f:28s} CER {c:6.2f}%  {w:5.1f}s rc={rc} {fam} {size}pt {dpi}dpi {kind}")
    (a.set / f"result_{a.tag}.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=1))


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] not in ("generate", "run"):
        sys.exit(__doc__)
    (generate if sys.argv[1] == "generate" else evaluate)(sys.argv[2:])


if __name__ == "__main__":
    main()
