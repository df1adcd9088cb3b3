"""Parse and check the text of a citizen-ID QR (CCCD 2021 / Căn cước 2024) into an applicant.

The payload is ``|``-separated UTF-8 with no labels and no checksum (``shared/cccd_qr.md`` §2):

    ID(12)|old CMND(9, may be empty)|Full name|DOB ddmmyyyy|Nam/Nữ|Address|Issue date ddmmyyyy

plus four more fields (usually empty) on the 2024 Căn cước card. Empty fields are kept when
splitting: parsers that drop them shift every later field on cards without an old CMND.

Three outcomes, never a silent guess:

* a lookalike (VietQR/EMVCo payment code, health-insurance BHYT code, URL, anything that is not a
  citizen-ID payload) is refused with a ``reason`` code;
* a citizen-ID payload that passes every check gives an :class:`Applicant` with no warnings;
* one that decodes but fails a check still gives the applicant, with warning codes the officer
  must see before the prefill is accepted (:data:`WARNING_TEXT` has the vi/en wording).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from . import idnumber

CARD_2021 = "cccd_2021"
CARD_2024 = "can_cuoc_2024"
# Căn cước cards are issued under the Law on Identification from this date.
CAN_CUOC_START = dt.date(2024, 7, 1)

# Refusal reasons (applicant is null).
REASON_TEXT: dict[str, tuple[str, str]] = {
    "no_qr_found": (
        "Không tìm thấy mã QR. Hãy quét lại mặt có mã QR ở 300 dpi.",
        "No QR code found. Rescan the side with the QR at 300 dpi.",
    ),
    "qr_unreadable": (
        "Có mã QR nhưng không đọc được (lóa, mờ hoặc quá nhỏ). Hãy chụp/quét lại, tránh ánh sáng "
        "phản chiếu lên mã.",
        "A QR code is there but cannot be read (glare, blur or too small). Capture it again "
        "without reflections on the code.",
    ),
    "several_citizen_qr": (
        "Ảnh có nhiều mã QR căn cước khác nhau. Hãy chụp/quét từng thẻ một.",
        "The image holds several different citizen-ID QRs. Capture one card at a time.",
    ),
    "not_utf8": (
        "Mã QR không phải văn bản UTF-8 nên không phải mã QR căn cước.",
        "The QR is not UTF-8 text, so it is not a citizen-ID QR.",
    ),
    "vietqr_payment": (
        "Đây là mã QR thanh toán (VietQR/EMVCo), không phải mã QR căn cước.",
        "This is a payment QR (VietQR/EMVCo), not a citizen-ID QR.",
    ),
    "bhyt_health_insurance": (
        "Đây là mã QR thẻ bảo hiểm y tế, không phải mã QR căn cước.",
        "This is a health-insurance card QR, not a citizen-ID QR.",
    ),
    "url": (
        "Mã QR chứa địa chỉ web, không phải mã QR căn cước.",
        "The QR holds a web address, not a citizen-ID QR.",
    ),
    "wrong_field_count": (
        "Mã QR có số trường khác 7 hoặc 11 nên không phải mã QR căn cước.",
        "The QR does not have 7 or 11 fields, so it is not a citizen-ID QR.",
    ),
    "not_citizen_id": (
        "Nội dung mã QR không giống mã QR căn cước.",
        "The QR content does not look like a citizen-ID QR.",
    ),
    "unreadable_image": (
        "Không đọc được tệp ảnh.",
        "The image file cannot be read.",
    ),
    "payload_too_long": (
        "Mã QR dài hơn mọi mã QR căn cước nên không phải mã QR căn cước.",
        "The QR is longer than any citizen-ID QR, so it is not one.",
    ),
    "field_too_long": (
        "Một trường trong mã QR dài quá mức cho phép của thẻ căn cước.",
        "A field of the QR is longer than a citizen-ID card allows.",
    ),
    "control_characters": (
        "Mã QR chứa ký tự điều khiển hoặc ký tự ẩn (không có trên thẻ thật) nên bị từ chối.",
        "The QR holds control or invisible characters (never on a real card), so it is refused.",
    ),
    "non_ascii_digits": (
        "Mã QR chứa chữ số không phải 0–9 (chữ số toàn khổ hoặc của chữ viết khác) nên bị từ chối.",
        "The QR holds digits other than 0–9 (full-width or another script's), so it is refused.",
    ),
}

# Warnings (applicant kept, officer must check).
WARNING_TEXT: dict[str, tuple[str, str]] = {
    "id_not_12_digits": ("Số định danh không đủ 12 chữ số.", "The ID number is not 12 digits."),
    "id_unknown_province_code": (
        "Mã tỉnh trong số định danh không thuộc 63 mã tỉnh.",
        "The ID's province code is not one of the 63 codes.",
    ),
    "id_birth_year_mismatch": (
        "Năm sinh trong số định danh không khớp ngày sinh.",
        "The birth year encoded in the ID does not match the date of birth.",
    ),
    "id_sex_mismatch": (
        "Giới tính trong số định danh không khớp giới tính.",
        "The sex encoded in the ID does not match the sex field.",
    ),
    "old_id_malformed": (
        "Số CMND cũ không phải 9 hoặc 12 chữ số.",
        "The old ID (CMND) is not 9 or 12 digits.",
    ),
    "name_missing": ("Thiếu họ tên.", "The full name is missing."),
    "name_suspicious": (
        "Họ tên có ký tự lạ (có thể lỗi mã hóa).",
        "The full name has unexpected characters (possible encoding damage).",
    ),
    "dob_invalid": ("Ngày sinh không hợp lệ.", "The date of birth is not a real date."),
    "dob_partial": (
        "Ngày sinh chỉ có một phần (ngày/tháng 00).",
        "The date of birth is partial (day/month 00).",
    ),
    "dob_in_future": ("Ngày sinh ở tương lai.", "The date of birth is in the future."),
    "sex_invalid": ("Giới tính không phải Nam/Nữ.", "The sex field is not Nam/Nữ."),
    "address_missing": ("Thiếu nơi thường trú/cư trú.", "The address is missing."),
    "issue_date_invalid": ("Ngày cấp không hợp lệ.", "The issue date is not a real date."),
    "issue_before_birth": ("Ngày cấp trước ngày sinh.", "The issue date is before the birth date."),
    "issue_in_future": ("Ngày cấp ở tương lai.", "The issue date is in the future."),
    "card_type_issue_date_mismatch": (
        "Loại thẻ (số trường) không khớp ngày cấp.",
        "The card type (field count) does not match the issue date.",
    ),
    "mrz_qr_id_mismatch": (
        "Số định danh ở vùng MRZ khác mã QR.", "The MRZ's ID number differs from the QR's."
    ),
    "mrz_qr_birth_mismatch": (
        "Ngày sinh ở vùng MRZ khác mã QR.", "The MRZ's date of birth differs from the QR's."
    ),
    "mrz_qr_sex_mismatch": (
        "Giới tính ở vùng MRZ khác mã QR.", "The MRZ's sex differs from the QR's."
    ),
    "mrz_qr_name_mismatch": (
        "Họ tên ở vùng MRZ khác mã QR (không dấu).",
        "The MRZ's name differs from the QR's (without diacritics).",
    ),
    "address_suspicious": (
        "Địa chỉ có ký tự lạ (không có trong địa chỉ thật).",
        "The address has characters no real address has.",
    ),
    "extra_field_suspicious": (
        "Trường bổ sung (8–11) của thẻ có ký tự lạ.",
        "An extra field (8–11) of the card has unexpected characters.",
    ),
    "not_nfc": (
        "Văn bản chưa chuẩn hóa Unicode NFC (đã chuẩn hóa).",
        "The text was not Unicode NFC (normalised).",
    ),
}

# ASCII only: ``\d`` also matches full-width, Arabic-Indic and Devanagari digits, which a card
# never carries and ``int()`` would silently accept.
_DIGITS = re.compile(r"[0-9]+")
_DATE8 = re.compile(r"[0-9]{8}")
_ID12 = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"[0-9]{9}|[0-9]{12}")
# Upper bounds per field, generous against real cards (a long rural address is ~120 characters;
# the longest names ~40) but small enough that a payload cannot bloat the stores.
MAX_PAYLOAD_CHARS = 1200
FIELD_LIMITS = (12, 12, 100, 8, 3, 300, 8, 100, 100, 100, 100)
_ADDRESS_PUNCT = set(" ,./-()'&#:;")
_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*://|www\.|mailto:|tel:|smsto?:|wifi:)", re.I)
_BHYT_CARD = re.compile(r"^[A-Z]{2}\d{13}$")  # e.g. DN4010123456789: 2 letters + 13 digits
_HEX = re.compile(r"^(?:[0-9a-fA-F]{2})+$")
_NAME_PUNCT = set(" -.'")


@dataclass(frozen=True)
class Applicant:
    """The applicant as the QR states it (dates ISO ``YYYY-MM-DD``, text NFC)."""

    id_number: str
    old_id_number: str
    full_name: str
    date_of_birth: str
    sex: str
    address: str
    issue_date: str
    card_type: str
    extra_fields: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The fields of the ``idcard --json`` contract (``extra_fields`` kept for the UI)."""
        data = asdict(self)
        data["extra_fields"] = list(self.extra_fields)
        return data


@dataclass(frozen=True)
class ParseResult:
    """Either an applicant (maybe with warnings) or a refusal ``reason``."""

    applicant: Applicant | None
    warnings: tuple[str, ...] = ()
    reason: str | None = None
    field_count: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the prefill can be offered without any warning."""
        return self.applicant is not None and not self.warnings


def refuse(reason: str, field_count: int = 0) -> ParseResult:
    return ParseResult(None, (), reason, field_count)


def _parse_date(value: str) -> tuple[str, dt.date | None, str | None]:
    """``ddmmyyyy`` → (ISO text, date or None, problem or None)."""
    if not _DATE8.fullmatch(value):
        return value, None, "invalid"
    day, month, year = int(value[:2]), int(value[2:4]), int(value[4:])
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    if (day == 0 or month == 0) and year >= 1 and month <= 12 and day <= 31:
        return iso, None, "partial"
    try:
        return iso, dt.date(year, month, day), None
    except ValueError:
        return iso, None, "invalid"


def _looks_like_name(name: str) -> bool:
    """Vietnamese names are Latin letters (with diacritics), spaces and rare punctuation."""
    for ch in name:
        if ch in _NAME_PUNCT:
            continue
        if not ch.isalpha():
            return False
        try:
            if not unicodedata.name(ch).startswith("LATIN"):
                return False
        except ValueError:
            return False
    return any(ch.isalpha() for ch in name)


def _looks_like_address(address: str) -> bool:
    """Latin letters (with diacritics), ASCII digits and the punctuation real addresses use."""
    for ch in address:
        if ch in _ADDRESS_PUNCT or "0" <= ch <= "9":
            continue
        if not ch.isalpha():
            return False
        try:
            if not unicodedata.name(ch).startswith("LATIN"):
                return False
        except ValueError:
            return False
    return True


def unsafe_reason(text: str) -> str | None:
    """Why ``text`` cannot come from a real card, or None.

    ``str.isprintable`` is False for controls (C0/C1, tab, NUL, ESC, BEL), format characters
    (bidi overrides such as U+202E, zero-width joiners), unassigned and private-use code points,
    surrogates and every separator but the ASCII space — none of which a card prints.
    """
    if not text.isprintable():
        return "control_characters"
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in text):
        return "non_ascii_digits"
    return None


def classify_lookalike(text: str, fields: list[str]) -> str | None:
    """Name the kind of non-citizen-ID QR ``text`` is, or None if it may be a citizen-ID QR."""
    stripped = text.strip()
    if stripped.startswith("000201") and re.search(r"6304[0-9A-Fa-f]{4}\s*$", stripped):
        return "vietqr_payment"
    if stripped.startswith("000201"):
        return "vietqr_payment"
    if _URL.match(stripped):
        return "url"
    first = fields[0].strip() if fields else ""
    if _BHYT_CARD.fullmatch(first):
        return "bhyt_health_insurance"
    if len(fields) >= 5 and any(
        len(f) >= 4 and _HEX.fullmatch(f) and not f.isdigit() for f in fields[1:5]
    ):
        # BHYT codes carry the name and address as hex-encoded UTF-8 in a '|' list.
        return "bhyt_health_insurance"
    return None


def parse_payload(text: str, *, today: dt.date | None = None) -> ParseResult:
    """Turn the decoded QR text into an applicant, a warned applicant, or a refusal."""
    today = today or dt.date.today()
    if not isinstance(text, str):
        return refuse("not_citizen_id")
    nfc = unicodedata.normalize("NFC", text)
    warnings: list[str] = []
    if nfc != text:
        warnings.append("not_nfc")
    # Keyboard-wedge scanners append CR/LF; some encoders a NUL. Nothing else is stripped.
    body = nfc.rstrip("\r\n\x00")
    # Checked before anything else: a 1 MB "name" must be refused for its size, not taken for a
    # hex-encoded health-insurance code.
    if len(body) > MAX_PAYLOAD_CHARS:
        return refuse("payload_too_long", body.count("|") + 1)
    fields = body.split("|")
    unsafe = unsafe_reason(body)
    if unsafe:
        return refuse(unsafe, len(fields))
    lookalike = classify_lookalike(body, fields)
    if lookalike:
        return refuse(lookalike, len(fields))
    if len(fields) not in (7, 11):
        return refuse("wrong_field_count", len(fields))

    id_number, old_id, name, dob_raw, sex, address, issue_raw = (f.strip() for f in fields[:7])
    # A citizen-ID payload is recognised by its shape; a random 7-field '|' list is refused,
    # while a real card's payload with one damaged field is kept with warnings.
    shape = [
        bool(_ID12.fullmatch(id_number)),
        bool(_DATE8.fullmatch(dob_raw)),
        bool(_DATE8.fullmatch(issue_raw)),
        sex in (idnumber.MALE, idnumber.FEMALE),
        bool(old_id == "" or _DIGITS.fullmatch(old_id)),
    ]
    if sum(shape) < 4:
        return refuse("not_citizen_id", len(fields))
    if any(len(f) > limit for f, limit in zip(fields, FIELD_LIMITS, strict=False)):
        return refuse("field_too_long", len(fields))

    if old_id and not _OLD_ID.fullmatch(old_id):
        warnings.append("old_id_malformed")
    if not name:
        warnings.append("name_missing")
    elif not _looks_like_name(name):
        warnings.append("name_suspicious")

    dob_iso, dob, dob_problem = _parse_date(dob_raw)
    if dob_problem:
        warnings.append(f"dob_{dob_problem}")
    elif dob and dob > today:
        warnings.append("dob_in_future")

    if sex not in (idnumber.MALE, idnumber.FEMALE):
        warnings.append("sex_invalid")

    if not address:
        warnings.append("address_missing")
    elif not _looks_like_address(address):
        warnings.append("address_suspicious")
    if any(f.strip() and not _looks_like_name(f.strip()) for f in fields[7:]):
        warnings.append("extra_field_suspicious")

    issue_iso, issue, issue_problem = _parse_date(issue_raw)
    if issue_problem:
        warnings.append("issue_date_invalid")
    else:
        if issue and issue > today:
            warnings.append("issue_in_future")
        if issue and dob and issue < dob:
            warnings.append("issue_before_birth")

    birth_year = dob.year if dob else (int(dob_raw[4:]) if dob_problem == "partial" else None)
    info = idnumber.analyse(id_number, birth_year, sex)
    warnings.extend(info.problems)

    card_type = CARD_2021 if len(fields) == 7 else CARD_2024
    if issue is not None and (
        (card_type == CARD_2024 and issue < CAN_CUOC_START)
        or (card_type == CARD_2021 and issue >= CAN_CUOC_START)
    ):
        warnings.append("card_type_issue_date_mismatch")

    applicant = Applicant(
        id_number=id_number,
        old_id_number=old_id,
        full_name=name,
        date_of_birth=dob_iso,
        sex=sex,
        address=fields[5],  # verbatim (NFC); only the parsed copies above are stripped
        issue_date=issue_iso,
        card_type=card_type,
        extra_fields=tuple(fields[7:]),
    )
    return ParseResult(applicant, tuple(dict.fromkeys(warnings)), None, len(fields))


def warning_messages(codes: tuple[str, ...] | list[str], lang: str = "vi") -> list[str]:
    """The officer-facing sentences for warning codes (unknown codes are shown as they are)."""
    index = 0 if lang.startswith("vi") else 1
    return [WARNING_TEXT.get(c, (c, c))[index] for c in codes]


def reason_message(reason: str, lang: str = "vi") -> str:
    index = 0 if lang.startswith("vi") else 1
    return REASON_TEXT.get(reason, (reason, reason))[index]
