"""The 12-digit personal ID number (số định danh cá nhân): ``PPP G YY RRRRRR``.

``PPP`` is the province where the birth was registered (the pre-2025 63-unit code; the number is
permanent, so the 2025 merger does not change it and it says nothing about where the person lives
now), ``G`` encodes century and sex (0/1 = 1900s male/female, 2/3 = 2000s, … 8/9 = 2300s), ``YY``
the last two digits of the birth year, then 6 random digits. There is no check digit (some public
"validators" invent one). Source: Decree 137/2015/NĐ-CP Art. 13, Circular 07/2016/TT-BCA Art. 7,
as summarised in ``shared/cccd_qr.md`` §5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The 63 pre-2025 province codes (old GSO codes with a leading 0).
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hoà Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

_ID_RE = re.compile(r"[0-9]{12}")  # ASCII only: \d also takes full-width digits

MALE = "Nam"
FEMALE = "Nữ"


@dataclass(frozen=True)
class IdNumberInfo:
    """What the number itself says; ``problems`` lists warning codes (empty when consistent)."""

    province_code: str
    province_name: str | None
    birth_year: int | None
    sex: str | None
    problems: tuple[str, ...]


def century_digit(birth_year: int, sex: str) -> int:
    """The ``G`` digit for a birth year and sex (``Nam``/``Nữ``)."""
    return 2 * ((birth_year - 1900) // 100) + (1 if sex == FEMALE else 0)


def make_id_number(province_code: str, birth_year: int, sex: str, serial: int) -> str:
    """Build a structurally valid ID (used by test-data generators and the benchmark)."""
    g = century_digit(birth_year, sex)
    return f"{province_code}{g}{birth_year % 100:02d}{serial % 1_000_000:06d}"


def analyse(id_number: str, birth_year: int | None = None, sex: str | None = None) -> IdNumberInfo:
    """Check the structure of ``id_number`` and, when given, its agreement with DOB year and sex."""
    problems: list[str] = []
    if not _ID_RE.fullmatch(id_number):
        return IdNumberInfo("", None, None, None, ("id_not_12_digits",))
    province = id_number[:3]
    if province not in PROVINCE_CODES:
        problems.append("id_unknown_province_code")
    g = int(id_number[3])
    encoded_year = 1900 + 100 * (g // 2) + int(id_number[4:6])
    encoded_sex = FEMALE if g % 2 else MALE
    if birth_year is not None and birth_year != encoded_year:
        problems.append("id_birth_year_mismatch")
    if sex in (MALE, FEMALE) and sex != encoded_sex:
        problems.append("id_sex_mismatch")
    return IdNumberInfo(
        province, PROVINCE_CODES.get(province), encoded_year, encoded_sex, tuple(problems)
    )
