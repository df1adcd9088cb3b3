"""Synthetic Vietnamese administrative pages with known ground truth.

Tests, benchmarks and the bundled samples (``resources/make_samples.py``) all draw their
pages from here: forms, letters with a two-column header, tables, sparse and blank pages, rendered
with fonts that hold every Vietnamese glyph, then degraded the way real capture degrades them
(quarter turns, skew, blur, JPEG, shadow, punch holes, yellow paper, scanner borders, phone-photo
perspective). Every degradation is recorded, so quality can be asserted against the truth.
"""

from __future__ import annotations

import io
import math
import random
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from scanstation import fonts

# Test pages prefer Liberation (then DejaVu, Noto); files are found through scanstation.fonts.
FONT_FAMILIES = {
    "serif": ("liberation-serif", "dejavu-serif", "noto-serif"),
    "sans": ("liberation-sans", "dejavu-sans", "noto-sans"),
}

A4_INCHES = (8.27, 11.69)


@cache
def font_path(style: str) -> Path:
    family, _, weight = style.partition("-")
    found = fonts.first(FONT_FAMILIES[family], weight or "regular")
    if found is not None:
        return found
    raise FileNotFoundError(f"no font for {style}: install fonts-liberation2 or fonts-dejavu-core")


@cache
def font(style: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(style)), size_px)


AGENCIES = [
    ("ỦY BAN NHÂN DÂN", "PHƯỜNG HOÀN KIẾM"),
    ("ỦY BAN NHÂN DÂN", "XÃ SÓC SƠN"),
    ("ỦY BAN NHÂN DÂN", "PHƯỜNG BA ĐÌNH"),
    ("CÔNG AN THÀNH PHỐ HÀ NỘI", "CÔNG AN PHƯỜNG CẦU GIẤY"),
    ("ỦY BAN NHÂN DÂN", "XÃ THƯ LÂM"),
    ("SỞ TƯ PHÁP", "THÀNH PHỐ HÀ NỘI"),
]
TITLES = [
    "TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "ĐƠN ĐỀ NGHỊ CẤP BẢN SAO TRÍCH LỤC",
    "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
    "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
    "QUYẾT ĐỊNH VỀ VIỆC GIAO ĐẤT Ở",
    "PHIẾU YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
]
NAMES = [
    "Nguyễn Thị Thu Hương", "Trần Văn Bình", "Lê Minh Phước", "Phạm Thị Ngọc Ánh",
    "Hoàng Đức Thắng", "Vũ Thị Hồng Nhung", "Đặng Quốc Việt", "Bùi Thị Yến",
    "Đỗ Mạnh Hùng", "Ngô Thị Lệ Quyên", "Dương Văn Lực", "Lý Thị Ửng",
]
FIELDS = [
    "Họ, chữ đệm, tên người yêu cầu",
    "Nơi cư trú",
    "Giấy tờ tùy thân",
    "Quan hệ với người được khai sinh",
    "Ngày, tháng, năm sinh",
    "Giới tính",
    "Dân tộc",
    "Quốc tịch",
    "Nơi sinh",
    "Quê quán",
    "Số định danh cá nhân",
    "Nghề nghiệp",
]
SENTENCES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025.",
    "Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014 và các văn bản hướng dẫn thi hành.",
    "Xét đề nghị của công chức tư pháp - hộ tịch về việc giải quyết hồ sơ của công dân.",
    "Người yêu cầu chịu trách nhiệm trước pháp luật về tính chính xác của thông tin đã khai.",
    "Hồ sơ được tiếp nhận tại bộ phận một cửa và trả kết quả trong thời hạn quy định.",
    "Đề nghị cơ quan có thẩm quyền xem xét, giải quyết theo đúng quy định của pháp luật.",
    "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và xin chịu trách nhiệm.",
    "Thời hạn giải quyết không quá ba ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "Lệ phí được thu theo quy định của Hội đồng nhân dân thành phố về phí và lệ phí.",
    "Trường hợp hồ sơ chưa đầy đủ, công chức hướng dẫn người nộp bổ sung, hoàn thiện.",
    "Quyết định này có hiệu lực kể từ ngày ký; các cơ quan, đơn vị liên quan thi hành.",
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường chịu trách nhiệm tổ chức thực hiện.",
    "Người được cấp giấy có nghĩa vụ sử dụng đất đúng mục đích, ranh giới và thời hạn.",
    "Ông (bà) có tên trên được phép đăng ký thường trú tại địa chỉ nêu trong tờ khai.",
]
PLACES = [
    "Số 12, Ngõ 45, phố Hào Nam, phường Ô Chợ Dừa, Hà Nội",
    "Thôn Đông, xã Phú Cát, Hà Nội",
    "Tổ 3, phường Hoàng Liệt, Hà Nội",
    "Số 27, Ngõ 121, đường Trần Duy Hưng, phường Yên Hòa, Hà Nội",
    "Xóm Mới, xã Sóc Sơn, Hà Nội",
]


@dataclass
class RenderedPage:
    """A page as rendered, before any degradation."""

    image: Image.Image
    lines: list[str]
    kind: str
    dpi: int


@dataclass
class SyntheticPage:
    """A degraded page plus the truth about it."""

    image: Image.Image
    lines: list[str]
    kind: str
    dpi: int
    quarter_turn: int = 0
    skew_deg: float = 0.0
    blank: bool = False
    degradations: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return unicodedata.normalize("NFC", "\n".join(self.lines))


class _Writer:
    """Draws text top-down on a page and records each line of truth in reading order."""

    def __init__(self, dpi: int, rng: random.Random) -> None:
        self.dpi = dpi
        self.rng = rng
        self.width = round(A4_INCHES[0] * dpi)
        self.height = round(A4_INCHES[1] * dpi)
        self.image = Image.new("L", (self.width, self.height), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.margin_left = round(1.2 * dpi)  # ~30 mm binding margin
        self.margin_right = round(0.8 * dpi)
        self.y = round(0.8 * dpi)
        self.lines: list[str] = []

    def pt(self, points: float) -> int:
        return max(6, round(points / 72 * self.dpi))

    @property
    def text_width(self) -> int:
        return self.width - self.margin_left - self.margin_right

    def line(self, text: str, *, style: str = "serif", size: float = 13, align: str = "left",
             x0: int | None = None, x1: int | None = None, record: bool = True) -> int:
        f = font(style, self.pt(size))
        left = self.margin_left if x0 is None else x0
        right = self.width - self.margin_right if x1 is None else x1
        w = self.draw.textlength(text, font=f)
        if align == "center":
            x = left + (right - left - w) / 2
        elif align == "right":
            x = right - w
        else:
            x = left
        self.draw.text((x, self.y), text, font=f, fill=0)
        if record:
            self.lines.append(text)
        step = round(self.pt(size) * 1.45)
        self.y += step
        return step

    def paragraph(self, text: str, *, size: float = 13, indent: float = 0.4) -> None:
        f = font("serif", self.pt(size))
        words = text.split()
        current = ""
        first = True
        for word in words:
            trial = f"{current} {word}".strip()
            avail = self.text_width - (round(indent * self.dpi) if first else 0)
            if self.draw.textlength(trial, font=f) > avail and current:
                x0 = self.margin_left + (round(indent * self.dpi) if first else 0)
                self.line(current, size=size, x0=x0)
                current = word
                first = False
            else:
                current = trial
        if current:
            x0 = self.margin_left + (round(indent * self.dpi) if first else 0)
            self.line(current, size=size, x0=x0)

    def gap(self, points: float) -> None:
        self.y += self.pt(points)

    def full(self) -> bool:
        return self.y > self.height - round(1.0 * self.dpi)


def _header(w: _Writer) -> None:
    agency = w.rng.choice(AGENCIES)
    mid = w.margin_left + round(w.text_width * 0.42)
    y0 = w.y
    # left block: agency (two lines) and the document number
    w.line(agency[0], size=12, align="center", x1=mid, record=True)
    w.line(agency[1], style="serif-bold", size=12, align="center", x1=mid)
    w.gap(4)
    number = f"Số: {w.rng.randint(1, 999)}/{w.rng.choice(['QĐ-UBND', 'GXN-UBND', 'TB-CAP'])}"
    w.line(number, size=12, align="center", x1=mid)
    y_left = w.y
    # right block: national motto and the place/date
    w.y = y0
    w.line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style="serif-bold", size=12, align="center",
           x0=mid)
    w.line("Độc lập - Tự do - Hạnh phúc", style="serif-bold", size=13, align="center", x0=mid)
    w.gap(4)
    date = (f"Hà Nội, ngày {w.rng.randint(1, 28):02d} tháng {w.rng.randint(1, 12)} "
            f"năm {w.rng.randint(2022, 2026)}")
    w.line(date, style="serif-italic", size=12, align="center", x0=mid)
    w.y = max(w.y, y_left)
    w.gap(18)


def _title(w: _Writer) -> None:
    w.line(w.rng.choice(TITLES), style="serif-bold", size=14, align="center")
    w.gap(10)


def _form_body(w: _Writer) -> None:
    fields = w.rng.sample(FIELDS, k=min(len(FIELDS), w.rng.randint(7, 11)))
    for label in fields:
        if w.full():
            break
        if "Họ" in label:
            value = w.rng.choice(NAMES)
        elif "trú" in label or label[-4:] == "sinh" or "Quê" in label:
            value = w.rng.choice(PLACES)
        elif "Ngày" in label:
            value = f"{w.rng.randint(1, 28):02d}/{w.rng.randint(1, 12):02d}/{w.rng.randint(1950, 2024)}"
        elif "định danh" in label or "tùy thân" in label:
            value = f"CCCD số 0{w.rng.randint(10, 96):02d}{w.rng.randint(0, 3)}{w.rng.randint(10**7, 10**8 - 1)}"
        else:
            value = w.rng.choice(["Nam", "Nữ", "Kinh", "Việt Nam", "Cha", "Mẹ", "Giáo viên",
                                  "Kỹ sư xây dựng", "Hưu trí"])
        w.line(f"{label}: {value}", size=13)
        w.gap(3)
    w.gap(8)
    for sentence in w.rng.sample(SENTENCES, k=2):
        if not w.full():
            w.paragraph(sentence)


def _letter_body(w: _Writer) -> None:
    for sentence in w.rng.sample(SENTENCES, k=len(SENTENCES)):
        if w.full():
            break
        w.paragraph(sentence + " " + w.rng.choice(SENTENCES))
        w.gap(4)


def _table_body(w: _Writer) -> None:
    w.paragraph(w.rng.choice(SENTENCES))
    w.gap(8)
    cols = [0.09, 0.38, 0.2, 0.33]
    xs = [w.margin_left]
    for c in cols:
        xs.append(xs[-1] + round(c * w.text_width))
    row_h = w.pt(13) * 2
    headers = ["STT", "Họ và tên", "Ngày sinh", "Ghi chú"]
    rows = [headers]
    for i in range(w.rng.randint(6, 12)):
        rows.append([str(i + 1), w.rng.choice(NAMES),
                     f"{w.rng.randint(1, 28):02d}/{w.rng.randint(1, 12):02d}/{w.rng.randint(1950, 2020)}",
                     w.rng.choice(["Đã nộp", "Bổ sung sau", "Thường trú", "Tạm trú", "Hợp lệ"])])
    top = w.y
    for r, row in enumerate(rows):
        y = top + r * row_h
        if y + row_h > w.height - w.dpi:
            break
        for c, cell in enumerate(row):
            style = "serif-bold" if r == 0 else "serif"
            f = font(style, w.pt(12))
            w.draw.text((xs[c] + w.pt(5), y + row_h * 0.25), cell, font=f, fill=0)
        w.lines.append(" ".join(row))
        w.draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=max(1, w.dpi // 150))
        last_y = y + row_h
    w.draw.line([(xs[0], last_y), (xs[-1], last_y)], fill=0, width=max(1, w.dpi // 150))
    for x in xs:
        w.draw.line([(x, top), (x, last_y)], fill=0, width=max(1, w.dpi // 150))
    w.y = last_y + w.pt(14)


def _signature(w: _Writer) -> None:
    if w.full():
        return
    mid = w.margin_left + w.text_width // 2
    w.gap(10)
    w.line("NGƯỜI YÊU CẦU", style="serif-bold", size=13, align="center", x0=mid)
    w.line("(Ký, ghi rõ họ tên)", style="serif-italic", size=12, align="center", x0=mid)
    w.gap(30)
    w.line(w.rng.choice(NAMES), style="serif-bold", size=13, align="center", x0=mid)


def render_page(kind: str = "form", *, seed: int = 0, dpi: int = 300) -> RenderedPage:
    """Render an upright, clean page. ``kind``: form, letter, table, sparse, single_line, blank."""
    rng = random.Random(f"{kind}-{seed}")
    w = _Writer(dpi, rng)
    if kind == "blank":
        pass
    elif kind == "single_line":
        w.y = round(rng.uniform(0.3, 0.6) * w.height)
        w.line(rng.choice(["Ghi chú: không có", "Trang này để trống", "Đã kiểm tra",
                           "Mặt sau không ghi"]), size=13, align=rng.choice(["left", "center"]))
    elif kind == "sparse":
        _header(w)
        _title(w)
        w.paragraph(rng.choice(SENTENCES))
    else:
        _header(w)
        _title(w)
        {"form": _form_body, "letter": _letter_body, "table": _table_body}[kind](w)
        _signature(w)
    lines = [unicodedata.normalize("NFC", line) for line in w.lines]
    img = w.image.convert("RGB")
    img.info["dpi"] = (dpi, dpi)
    return RenderedPage(img, lines, kind, dpi)


# --- degradations ---------------------------------------------------------------------------


def _paper_tint(img: Image.Image, rgb: tuple[int, int, int]) -> Image.Image:
    arr = np.asarray(img.convert("RGB")).astype(np.float32) / 255.0
    tint = np.array(rgb, dtype=np.float32) / 255.0
    return Image.fromarray((arr * tint * 255).clip(0, 255).astype(np.uint8))


def _shadow(img: Image.Image, rng: random.Random) -> Image.Image:
    arr = np.asarray(img.convert("RGB")).astype(np.float32)
    h, w = arr.shape[:2]
    side = rng.choice(["left", "right", "top", "bottom"])
    length = w if side in ("left", "right") else h
    band = max(1, int(length * rng.uniform(0.06, 0.15)))
    ramp = np.ones(length, dtype=np.float32)
    ramp[:band] = np.linspace(rng.uniform(0.35, 0.6), 1.0, band)
    if side in ("right", "bottom"):
        ramp = ramp[::-1]
    if side in ("left", "right"):
        arr *= ramp[None, :, None]
    else:
        arr *= ramp[:, None, None]
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def _punch_holes(img: Image.Image, rng: random.Random, dpi: int) -> Image.Image:
    img = img.copy()
    d = ImageDraw.Draw(img)
    r = round(3 / 25.4 * dpi)  # 6 mm holes
    x = round(rng.uniform(8, 12) / 25.4 * dpi)
    h = img.height
    for cy in (h / 2 - 40 / 25.4 * dpi, h / 2 + 40 / 25.4 * dpi):
        d.ellipse([x - r, cy - r, x + r, cy + r], fill=(35, 35, 35))
    return img


def _border(img: Image.Image, rng: random.Random) -> Image.Image:
    """Black scanner-lid border: the page lies a little off the scanner bed's edges.

    The page is scaled uniformly (a non-uniform scale would change its angles and so the truth).
    """
    w, h = img.size
    left, top, right, bottom = (rng.uniform(0.01, 0.04) for _ in range(4))
    f = 1.0 - max(left + right, top + bottom)
    page = img.resize((round(w * f), round(h * f)), Image.Resampling.BILINEAR)
    canvas = Image.new("RGB", (w, h), (18, 18, 18))
    canvas.paste(page, (round(left * w), round(top * h)))
    return canvas


def _photo(img: Image.Image, rng: random.Random, scale: float = 0.85
           ) -> tuple[Image.Image, list[tuple[float, float]]]:
    """Phone photo: the page on a darker desk, mild perspective, uneven light."""
    import cv2

    w, h = img.size
    out_w, out_h = round(w * 1.0), round(h * 1.0)
    cx, cy = out_w / 2, out_h / 2
    pw, ph = w * scale, h * scale
    # a camera tilted towards the page: the far edge shrinks (keystone), plus a little jitter
    keystone = rng.uniform(0.0, 0.04)
    far = rng.choice(["top", "bottom", "left", "right"])
    jitter = 0.0  # corner jitter would rotate the sheet and blur the truth
    quad = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        kx = 1 - keystone if (far == "top" and sy < 0) or (far == "bottom" and sy > 0) else 1
        ky = 1 - keystone if (far == "left" and sx < 0) or (far == "right" and sx > 0) else 1
        quad.append((cx + sx * kx * pw / 2 + rng.uniform(-jitter, jitter) * pw,
                     cy + sy * ky * ph / 2 + rng.uniform(-jitter, jitter) * ph))
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, np.array(quad, dtype=np.float32))
    desk = np.array([rng.randint(60, 110), rng.randint(50, 90), rng.randint(40, 80)], np.uint8)
    arr = cv2.warpPerspective(np.asarray(img.convert("RGB")), matrix, (out_w, out_h),
                              flags=cv2.INTER_AREA, borderMode=cv2.BORDER_CONSTANT,
                              borderValue=tuple(int(c) for c in desk))
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    gx, gy = rng.uniform(-0.25, 0.25), rng.uniform(-0.25, 0.25)
    light = 1.0 + gx * (xx / out_w - 0.5) + gy * (yy / out_h - 0.5)
    arr = (arr.astype(np.float32) * light[..., None] * rng.uniform(0.85, 0.95)).clip(0, 255)
    return Image.fromarray(arr.astype(np.uint8)), quad


def degrade(
    page: RenderedPage,
    *,
    quarter_turn: int = 0,
    skew_deg: float = 0.0,
    blur: float = 0.0,
    jpeg_quality: int | None = None,
    noise: float = 0.0,
    shadow: bool = False,
    punch: bool = False,
    yellow: bool = False,
    border: bool = False,
    photo: bool = False,
    rotate_sheet: bool = False,
    downscale: float = 1.0,
    seed: int = 0,
) -> SyntheticPage:
    """Degrade a rendered page. ``skew_deg``/``quarter_turn`` follow ``inspect``'s conventions:
    the page is rotated counter-clockwise by ``skew_deg`` (text rises to the right when > 0), then
    shown turned counter-clockwise by ``quarter_turn``. With ``photo`` the skew is of the text on
    the sheet, or with ``rotate_sheet`` of the whole photo (camera turned)."""
    rng = random.Random(f"degrade-{seed}")
    img = page.image.convert("RGB")
    if yellow:
        img = _paper_tint(img, (250, 238, 196))
    if punch:
        img = _punch_holes(img, rng, page.dpi)
    if skew_deg and not (photo and rotate_sheet):
        fill = img.getpixel((2, 2))
        img = img.rotate(skew_deg, resample=Image.Resampling.BICUBIC, expand=False,
                         fillcolor=fill)
    if border:
        img = _border(img, rng)
    quad = None
    if photo:
        # a turned camera still frames the whole sheet: leave room for the turn
        img, quad = _photo(img, rng, 0.72 if rotate_sheet else 0.85)
        if rotate_sheet and skew_deg:
            # the camera turned, not the text on the sheet: sheet and desk rotate together
            img = img.rotate(skew_deg, resample=Image.Resampling.BICUBIC, expand=False,
                             fillcolor=img.getpixel((2, 2)))
            quad = None
    if shadow:
        img = _shadow(img, rng)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if noise:
        arr = np.asarray(img).astype(np.float32)
        arr += np.random.default_rng(seed).normal(0, noise, arr.shape)
        img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if downscale != 1.0:
        img = img.resize((round(img.width * downscale), round(img.height * downscale)),
                         Image.Resampling.LANCZOS)
    if quarter_turn:
        img = img.rotate(quarter_turn, expand=True)
    if jpeg_quality:
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=jpeg_quality)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    dpi = round(page.dpi * downscale)
    img.info["dpi"] = (dpi, dpi)
    record: dict[str, object] = {
        "blur": blur, "jpeg_quality": jpeg_quality, "noise": noise, "shadow": shadow,
        "punch": punch, "yellow": yellow, "border": border, "photo": photo,
        "downscale": downscale, "rotate_sheet": rotate_sheet,
    }
    if quad:
        record["quad"] = quad
    return SyntheticPage(img, page.lines, page.kind, dpi, quarter_turn, float(skew_deg),
                         page.kind == "blank", record)


def near_blank(seed: int = 0, dpi: int = 200, *, page_number: bool = True, punch: bool = True,
               yellow: bool = True, specks: int = 25) -> SyntheticPage:
    """A page with no content but the things that fool blank detectors: a page number in the
    margin, punch holes, yellowish paper, scanner dust."""
    rng = random.Random(f"near-blank-{seed}")
    page = render_page("blank", seed=seed, dpi=dpi)
    img = page.image
    d = ImageDraw.Draw(img)
    if page_number:
        f = font("serif", round(11 / 72 * dpi))
        d.text((img.width / 2, img.height - 0.55 * dpi), str(rng.randint(2, 40)), font=f, fill=0)
    for _ in range(specks):
        x, y = rng.uniform(0, img.width), rng.uniform(0, img.height)
        r = rng.uniform(0.5, 1.6) * dpi / 300
        d.ellipse([x - r, y - r, x + r, y + r], fill=rng.randint(60, 160))
    result = degrade(page, punch=punch, yellow=yellow, seed=seed,
                     jpeg_quality=rng.choice([None, 85]))
    result.blank = True
    result.kind = "near_blank"
    return result


def skewed_text_lines_angle(angle_deg: float) -> float:
    """Slope (dy/dx in image coordinates) of text rotated ``angle_deg`` CCW: for documentation."""
    return -math.tan(math.radians(angle_deg))
