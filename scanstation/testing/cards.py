"""Invented citizen-ID cards with known ground truth, for tests and the benchmark.

Payloads follow the two real layouts measured in ``shared/cccd_qr.md`` §3: the 2021 CCCD encodes
digit runs of 8+ in numeric mode and the rest as byte segments with no ECI, ECC M, versions 6–8;
the 2024 Căn cước uses ECI 26 (UTF-8) and one byte segment, ECC L. The symbol is drawn on a
card-like image (guilloche background, photo box, printed text in a Vietnamese-capable font), then
degraded the way capture degrades it (rotation, perspective, blur, JPEG, glare, low contrast, small
modules), alone or lying on an A4 form. Every person is invented.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from scanstation import fonts
from scanstation.idcard import idnumber
from scanstation.idcard.payload import CARD_2021, CARD_2024

FONT = fonts.find("DejaVuSans.ttf") or Path("DejaVuSans.ttf")  # a bare name: Pillow searches
FONT_BOLD = fonts.find("DejaVuSans-Bold.ttf") or Path("DejaVuSans-Bold.ttf")

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Phan", "Trịnh", "Đinh", "Lương", "Tạ"]  # fmt: skip
MIDDLE_M = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thành", "Công", "Xuân", "Ngọc", "Quang"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thị Thu", "Thị Hồng", "Phương", "Bảo", "Thị Ánh"]
GIVEN_M = ["Bình", "Hùng", "Dũng", "Phước", "Thắng", "Việt", "Lực", "Tuấn", "Khải", "Đạt",
           "Trường", "Nghĩa", "Hiếu", "Sơn", "Khoa", "Lộc", "Tùng", "Vượng"]  # fmt: skip
GIVEN_F = ["Hương", "Ánh", "Nhung", "Yến", "Quyên", "Ửng", "Hằng", "Ngọc", "Thủy", "Loan",
           "Trang", "Diệp", "Huyền", "Lệ", "Phượng", "Nguyệt", "Mỹ", "Xuân"]  # fmt: skip
# Old (pre-July-2025) three-level units, prefix-less as on cards: (ward, district, province).
OLD_UNITS = [
    ("Hào Nam", "Ô Chợ Dừa", "Đống Đa", "Hà Nội"),
    ("", "Hoàng Liệt", "Hoàng Mai", "Hà Nội"),
    ("Thôn Đông", "Phú Cát", "Quốc Oai", "Hà Nội"),
    ("", "Dịch Vọng", "Cầu Giấy", "Hà Nội"),
    ("", "Hàng Gai", "Hoàn Kiếm", "Hà Nội"),
    ("Xóm Chùa", "Phù Linh", "Sóc Sơn", "Hà Nội"),
    ("Ấp Long Hòa", "Hòa Bình", "Chợ Mới", "An Giang"),
    ("Tổ 3", "Trần Hưng Đạo", "TP. Quảng Ngãi", "Quảng Ngãi"),
    ("", "Phường 12", "Quận 10", "Hồ Chí Minh"),
    ("Thôn Trung", "Vũ Thư", "Vũ Thư", "Thái Bình"),
    ("Khối 5", "Hưng Dũng", "TP. Vinh", "Nghệ An"),
    ("", "Thạch Thang", "Hải Châu", "Đà Nẵng"),
]


@dataclass(frozen=True)
class Person:
    """Ground truth for one invented card."""

    id_number: str
    old_id_number: str
    full_name: str
    date_of_birth: dt.date
    sex: str
    address: str
    issue_date: dt.date
    card_type: str
    extra_fields: tuple[str, ...] = ()

    def payload(self) -> str:
        fields = [
            self.id_number,
            self.old_id_number,
            self.full_name,
            self.date_of_birth.strftime("%d%m%Y"),
            self.sex,
            self.address,
            self.issue_date.strftime("%d%m%Y"),
        ]
        if self.card_type == CARD_2024:
            fields += list(self.extra_fields) or ["", "", "", ""]
        return "|".join(fields)

    def expected(self) -> dict[str, str]:
        """What ``idcard --json`` must report in ``applicant`` (address conversion aside)."""
        return {
            "id_number": self.id_number,
            "old_id_number": self.old_id_number,
            "full_name": self.full_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "sex": self.sex,
            "address": self.address,
            "issue_date": self.issue_date.isoformat(),
            "card_type": self.card_type,
        }


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def invent_person(rng: random.Random, card_type: str | None = None) -> Person:
    """A consistent invented person (ID digits agree with DOB and sex)."""
    card_type = card_type or rng.choice([CARD_2021, CARD_2024])
    sex = rng.choice([idnumber.MALE, idnumber.FEMALE])
    middle = MIDDLE_F if sex == idnumber.FEMALE else MIDDLE_M
    given = GIVEN_F if sex == idnumber.FEMALE else GIVEN_M
    name = f"{rng.choice(SURNAMES)} {rng.choice(middle)} {rng.choice(given)}"
    dob = _random_date(rng, dt.date(1940, 1, 1), dt.date(2008, 12, 31))
    if card_type == CARD_2021:
        issue = _random_date(rng, dt.date(2021, 1, 15), dt.date(2024, 6, 30))
    else:
        issue = _random_date(rng, dt.date(2024, 7, 1), dt.date(2025, 11, 30))
    issue = max(issue, dob + dt.timedelta(days=14 * 366))
    province = rng.choice(sorted(idnumber.PROVINCE_CODES))
    id_number = idnumber.make_id_number(province, dob.year, sex, rng.randrange(1_000_000))
    old_id = "" if dob.year >= 2004 or rng.random() < 0.25 else f"{rng.randrange(10**9):09d}"
    hamlet, ward, district, prov = rng.choice(OLD_UNITS)
    street = rng.choice(
        [f"Số {rng.randint(1, 199)}, Ngõ {rng.randint(2, 300)}", f"Tổ {rng.randint(1, 30)}", ""]
    )
    parts = [p for p in (street, hamlet, ward, district, prov) if p]
    extra: tuple[str, ...] = ()
    if card_type == CARD_2024:
        extra = ("", "", "", "")
        if rng.random() < 0.4:
            father = f"{name.split()[0]} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}".upper()
            mother = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}".upper()
            extra = ("", father, mother, "")
    return Person(id_number, old_id, name, dob, sex, ", ".join(parts), issue, card_type, extra)


# --- the QR symbol ----------------------------------------------------------------------------


def segments_2021(text: str) -> list[tuple[Any, ...]]:
    """Digit runs of 8+ in numeric mode, everything else as UTF-8 byte segments (no ECI)."""
    import segno.consts as consts

    out: list[tuple[Any, ...]] = []
    for match in re.finditer(r"\d{8,}|(?:(?!\d{8,}).)+", text, re.S):
        chunk = match.group(0)
        if chunk.isdigit():
            out.append((chunk, consts.MODE_NUMERIC))
        else:
            out.append((chunk, consts.MODE_BYTE, "utf-8"))
    return out


def make_symbol(payload: str, card_type: str) -> Any:
    """A segno QR code in the card's real layout (smallest version from 6 up that fits)."""
    import segno
    from segno.encoder import DataOverflowError

    for version in range(6, 41):
        try:
            if card_type == CARD_2021:
                return segno.make(
                    segments_2021(payload),  # type: ignore[arg-type]  # segno takes a segment list; its stub says str
                    error="m", version=version, boost_error=False,
                    micro=False,
                )  # fmt: skip
            return segno.make(
                payload, error="l", version=version, boost_error=False, encoding="utf-8",
                eci=True, micro=False,
            )  # fmt: skip
        except DataOverflowError:
            continue
    raise ValueError("payload too long for a QR code")


def symbol_image(qr: Any, module_px: float, quiet: int = 2) -> Image.Image:
    """The symbol as a greyscale image with fractional module size (anti-aliased like a scan)."""
    matrix = np.array([list(row) for row in qr.matrix], dtype=np.uint8)
    n = matrix.shape[0] + 2 * quiet
    big = np.full((n, n), 255, np.uint8)
    big[quiet : quiet + matrix.shape[0], quiet : quiet + matrix.shape[0]] = (1 - matrix) * 255
    hi = 12
    hires = Image.fromarray(big).resize((n * hi, n * hi), Image.Resampling.NEAREST)
    size = max(8, round(n * module_px))
    return hires.resize((size, size), Image.Resampling.BOX)


# --- the card ----------------------------------------------------------------------------------


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_BOLD if bold else FONT), size)


def _guilloche(w: int, h: int, rng: random.Random) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    f1, f2 = rng.uniform(0.02, 0.05), rng.uniform(0.01, 0.03)
    wave = np.sin(xx * f1 + 6 * np.sin(yy * f2)) * np.cos(yy * f1 * 0.7 + 4 * np.sin(xx * f2))
    lines = (np.abs(wave) < 0.12).astype(np.float32)
    base = np.zeros((h, w, 3), np.float32)
    tint = np.array([rng.uniform(225, 245), rng.uniform(225, 240), rng.uniform(200, 235)])
    ink = np.array([rng.uniform(150, 200), rng.uniform(170, 210), rng.uniform(150, 200)])
    base[:] = tint
    base = base * (1 - lines[..., None] * 0.6) + ink * lines[..., None] * 0.6
    return base.clip(0, 255).astype(np.uint8)


def render_card(
    person: Person, module_px: float, rng: random.Random, mrz_person: Person | None = None
) -> Image.Image:
    """Front (2021) or back (2024) of a card with the QR, at the dpi implied by ``module_px``."""
    qr = make_symbol(person.payload(), person.card_type)
    # ~0.3 mm per module on real cards (45 modules ≈ 14 mm): module_px fixes the dpi.
    dpi = module_px * 25.4 / 0.3
    w, h = round(85.6 / 25.4 * dpi), round(53.98 / 25.4 * dpi)
    card = Image.fromarray(_guilloche(w, h, rng))
    draw = ImageDraw.Draw(card)
    sym = symbol_image(qr, module_px, quiet=rng.choice([1, 2, 3]))
    margin = round(0.04 * w)
    qx = w - margin - sym.width if person.card_type == CARD_2021 else margin
    qy = margin
    # Dark modules print over the guilloche; light modules let a faint background through.
    region = card.crop((qx, qy, qx + sym.width, qy + sym.height)).convert("L")
    sym_arr = np.asarray(sym, dtype=np.float32) / 255.0
    bg = np.asarray(region, dtype=np.float32) * 0.25 + 255 * 0.75
    mixed = (bg * sym_arr + 20 * (1 - sym_arr)).clip(0, 255).astype(np.uint8)
    card.paste(Image.fromarray(mixed).convert("RGB"), (qx, qy))
    size = max(8, round(h * 0.045))
    if person.card_type == CARD_2021:
        px0, py0 = margin, round(h * 0.32)
        box = (px0, py0, px0 + round(w * 0.22), py0 + round(h * 0.5))
        draw.rectangle(box, fill=(170, 180, 190))
        face = (px0 + round(w * 0.05), py0 + round(h * 0.08),
                px0 + round(w * 0.17), py0 + round(h * 0.32))  # fmt: skip
        draw.ellipse(face, fill=(120, 110, 100))
        tx = px0 + round(w * 0.26)
        lines = [
            ("CĂN CƯỚC CÔNG DÂN", True),
            (f"Số / No.: {person.id_number}", True),
            (f"Họ và tên: {person.full_name.upper()}", False),
            (f"Ngày sinh: {person.date_of_birth:%d/%m/%Y}   Giới tính: {person.sex}", False),
            ("Quốc tịch: Việt Nam", False),
            (f"Nơi thường trú: {person.address}", False),
        ]
        y = round(h * 0.08) + sym.height // 2
    else:
        tx = margin + sym.width + round(w * 0.04)
        lines = [
            (f"Nơi cư trú: {person.address}", False),
            ("Nơi đăng ký khai sinh: …", False),
            (f"Ngày cấp: {person.issue_date:%d/%m/%Y}", False),
            ("BỘ CÔNG AN", True),
        ]
        y = margin
    for text, bold in lines:
        draw.text((tx, y), text, font=_font(size, bold), fill=(30, 30, 40))
        y += round(size * 1.5)
    if person.card_type == CARD_2024:
        mrz_y = round(h * 0.68)
        for line in mrz_lines_for(mrz_person or person):
            draw.text((margin, mrz_y), line, font=_font(size), fill=(20, 20, 20))
            mrz_y += round(size * 1.4)
    card.info["dpi"] = (dpi, dpi)
    # Where the symbol is (left, top, right, bottom): the hard capture kinds aim glare at it.
    card.info["qr_box"] = (qx, qy, qx + sym.width, qy + sym.height)
    return card


def mrz_lines_for(person: Person) -> list[str]:
    from scanstation.idcard.mrz import make_td1

    expiry = dt.date(person.date_of_birth.year + 60, person.date_of_birth.month, 1)
    return make_td1(person.id_number, person.full_name, person.date_of_birth, person.sex, expiry)


# --- degradations --------------------------------------------------------------------------------


@dataclass
class Degradation:
    """What was done to a clean card image (recorded for diagnostics)."""

    rotate: float = 0.0
    perspective: float = 0.0
    blur: float = 0.0
    jpeg: int = 0
    glare: float = 0.0
    contrast: float = 1.0
    on_a4: bool = False
    steps: list[str] = field(default_factory=list)


def _perspective(img: Image.Image, strength: float, rng: random.Random) -> Image.Image:
    import cv2

    arr = np.asarray(img.convert("RGB"))
    h, w = arr.shape[:2]
    pad = round(max(w, h) * 0.15)
    arr = cv2.copyMakeBorder(arr, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(96, 92, 88))
    h2, w2 = arr.shape[:2]
    src = np.array([[pad, pad], [pad + w, pad], [pad + w, pad + h], [pad, pad + h]], dtype=np.float32)
    jitter = strength * min(w, h)
    dst = src + np.array([[rng.uniform(-jitter, jitter) for _ in range(2)] for _ in range(4)], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    out = cv2.warpPerspective(arr, matrix, (w2, h2), flags=cv2.INTER_LINEAR,
                              borderValue=(96, 92, 88))  # fmt: skip
    return Image.fromarray(out)


def degrade(img: Image.Image, rng: random.Random, spec: Degradation) -> Image.Image:
    out = img.convert("RGB")
    if spec.on_a4:
        out = place_on_a4(out, rng)
        spec.steps.append("a4")
    if spec.perspective:
        out = _perspective(out, spec.perspective, rng)
        spec.steps.append(f"persp{spec.perspective:.2f}")
    if spec.rotate:
        out = out.rotate(spec.rotate, resample=Image.Resampling.BICUBIC, expand=True,
                         fillcolor=(250, 250, 248) if spec.on_a4 else (90, 90, 90))  # fmt: skip
        spec.steps.append(f"rot{spec.rotate:.0f}")
    if spec.glare:
        arr = np.asarray(out, dtype=np.float32)
        h, w = arr.shape[:2]
        cy, cx = rng.uniform(0.1, 0.5) * h, rng.uniform(0.4, 0.95) * w
        yy, xx = np.mgrid[0:h, 0:w]
        r2 = ((yy - cy) / (0.35 * h)) ** 2 + ((xx - cx) / (0.3 * w)) ** 2
        arr = arr + spec.glare * 255 * np.exp(-r2)[..., None]
        out = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
        spec.steps.append(f"glare{spec.glare:.2f}")
    if spec.contrast != 1.0:
        arr = np.asarray(out, dtype=np.float32)
        arr = 128 + (arr - 128) * spec.contrast + rng.uniform(-15, 25)
        out = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
        spec.steps.append(f"contrast{spec.contrast:.2f}")
    if spec.blur:
        out = out.filter(ImageFilter.GaussianBlur(spec.blur))
        spec.steps.append(f"blur{spec.blur:.1f}")
    if spec.jpeg:
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=spec.jpeg)
        out = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
        spec.steps.append(f"jpeg{spec.jpeg}")
    return out


def place_on_a4(card: Image.Image, rng: random.Random) -> Image.Image:
    """The card lying on a printed A4 form, scanned at the card's dpi."""
    dpi = float(card.info.get("dpi", (200, 200))[0])
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("RGB", (w, h), (250, 250, 248))
    draw = ImageDraw.Draw(page)
    size = max(10, round(dpi * 0.13))
    y = round(dpi * 0.8)
    draw.text((w // 2, y), "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", font=_font(size, True),
              fill=(0, 0, 0), anchor="mt")  # fmt: skip
    y += size * 3
    for label in ("Họ, chữ đệm và tên:", "Ngày, tháng, năm sinh:", "Số định danh cá nhân:",
                  "Nơi cư trú:", "Nội dung đề nghị:"):  # fmt: skip
        draw.text((round(dpi * 0.8), y), label, font=_font(size), fill=(0, 0, 0))
        draw.line((round(dpi * 3.2), y + size, w - round(dpi * 0.8), y + size), fill=(60, 60, 60))
        y += size * 2
    angle = rng.uniform(-8, 8)
    rotated = card.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True,
                          fillcolor=(250, 250, 248))  # fmt: skip
    left = round(dpi * 0.6)
    x0 = rng.randint(left, max(left + 1, w - rotated.width - left))
    y0 = rng.randint(y + size, max(y + size + 1, h - rotated.height - round(dpi * 0.8)))
    page.paste(rotated, (x0, y0))
    page.info["dpi"] = (dpi, dpi)
    return page


def random_degradation(rng: random.Random, kind: str) -> Degradation:
    """``scan`` (flatbed: straight-ish, maybe quarter turns, on A4 sometimes) or ``photo``."""
    if kind == "scan":
        return Degradation(
            rotate=rng.choice([0, 90, 180, 270]) + rng.uniform(-4, 4),
            blur=rng.choice([0, 0, 0.6, 0.9]),
            jpeg=rng.choice([0, 0, 60, 85]),
            contrast=rng.choice([1.0, 1.0, 0.6]),
            on_a4=rng.random() < 0.3,
        )
    return Degradation(
        rotate=rng.uniform(0, 360),
        perspective=rng.uniform(0.03, 0.12),
        blur=rng.choice([0, 0.5, 0.8, 1.1]),
        jpeg=rng.choice([55, 70, 85]),
        glare=rng.choice([0, 0, 0.35, 0.55]),
        contrast=rng.choice([1.0, 0.75, 0.55]),
    )


@dataclass(frozen=True)
class CardSample:
    name: str
    image: Image.Image
    person: Person | None  # None for a negative (lookalike QR)
    note: str


def card_set(seed: int, count: int) -> list[CardSample]:
    """``count`` degraded cards of both layouts with modules of 1.8–3 px (scans and photos)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        card_type = CARD_2021 if i % 2 == 0 else CARD_2024
        person = invent_person(rng, card_type)
        module_px = rng.uniform(1.8, 3.0)
        card = render_card(person, module_px, rng)
        kind = "scan" if i % 3 else "photo"
        spec = random_degradation(rng, kind)
        img = degrade(card, rng, spec)
        note = f"{card_type} {kind} m{module_px:.2f} {' '.join(spec.steps)}"
        out.append(CardSample(f"card{i:03d}", img, person, note))
    return out


# Phone photos, lookalike QRs and the hard capture kinds live in sibling modules (this one would
# pass 500 lines otherwise); the old names stay importable from here for existing callers.
_MOVED = {
    "phone_photo": "card_photos", "phone_set": "card_photos",
    "vietqr_payload": "card_lookalikes", "bhyt_payload": "card_lookalikes",
    "lookalike_payloads": "card_lookalikes", "lookalike_set": "card_lookalikes",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__package__}.{module}"), name)
