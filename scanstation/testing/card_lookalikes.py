"""QRs an officer may scan by mistake instead of the citizen-ID QR (payment, health insurance,
URLs, other ``|``-separated codes, non-UTF-8 bytes) — each must be refused, never read as a card."""

from __future__ import annotations

import random

from PIL import Image

from scanstation.idcard import idnumber
from scanstation.testing.cards import (
    CardSample,
    Degradation,
    _guilloche,
    degrade,
    invent_person,
    symbol_image,
)


def _crc16_ccitt(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def vietqr_payload(rng: random.Random) -> str:
    """An EMVCo merchant-presented payload as VietQR prints it (with its CRC)."""

    def tlv(tag: str, value: str) -> str:
        return f"{tag}{len(value):02d}{value}"

    account = f"{rng.randrange(10**10):010d}"
    beneficiary = tlv("00", "970436") + tlv("01", account)
    merchant = tlv("00", "A000000727") + tlv("01", beneficiary) + tlv("02", "QRIBFTTA")
    body = (tlv("00", "01") + tlv("01", "12") + tlv("38", merchant) + tlv("53", "704")
            + tlv("54", str(rng.randint(10, 500) * 1000)) + tlv("58", "VN")
            + tlv("62", tlv("08", "Nop le phi ho so")) + "6304")  # fmt: skip
    return body + f"{_crc16_ccitt(body.encode()):04X}"


def bhyt_payload(rng: random.Random) -> str:
    """A health-insurance card QR: '|'-separated, name and address hex-encoded UTF-8."""
    person = invent_person(rng)
    card_no = f"DN4{rng.randrange(10**12):012d}"
    return "|".join([
        card_no, person.full_name.encode().hex(), person.date_of_birth.strftime("%d/%m/%Y"),
        "1" if person.sex == idnumber.MALE else "2", person.address.encode().hex(),
        "01 - 123", "01/01/2025", f"{rng.randrange(10**10):010d}", "01/01/2025",
        "79123456789", "Bệnh viện".encode().hex(), "4", "$",
    ])  # fmt: skip


def lookalike_payloads(rng: random.Random) -> list[tuple[str, str]]:
    """(payload, expected reason) for QRs an officer may scan by mistake."""
    person = invent_person(rng)
    return [
        (vietqr_payload(rng), "vietqr_payment"),
        (bhyt_payload(rng), "bhyt_health_insurance"),
        ("https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma=H01.23", "url"),
        ("Hồ sơ số 000.00.12.H26-250101-0001", "wrong_field_count"),
        ("|".join(["SP", person.full_name, "2", "x", "y", "z", "w"]), "not_citizen_id"),
    ]


def lookalike_set(seed: int, module_px: float = 2.6) -> list[CardSample]:
    """Card-like images carrying lookalike QRs (byte mode, UTF-8, ECC M)."""
    import segno

    rng = random.Random(seed)
    out = []
    for i, (payload, reason) in enumerate(lookalike_payloads(rng)):
        qr = segno.make(payload, error="m", encoding="utf-8", micro=False)
        sym = symbol_image(qr, module_px, quiet=4).convert("RGB")
        canvas = Image.fromarray(_guilloche(sym.width * 3, sym.height * 2, rng))
        canvas.paste(sym, (sym.width * 2 - 10, sym.height // 3))
        img = degrade(canvas, rng, Degradation(rotate=rng.uniform(-10, 10), jpeg=80))
        out.append(CardSample(f"lookalike{i}", img, None, reason))
    # A symbol whose bytes are not UTF-8 (Latin-1, no ECI): a public reader would guess a charset.
    qr = segno.make("Trần Văn Bình".encode("cp1258", errors="replace") + b"|x", micro=False)
    sym = symbol_image(qr, module_px, quiet=4).convert("RGB")
    out.append(CardSample("lookalike_latin", sym, None, "not_utf8"))
    return out
