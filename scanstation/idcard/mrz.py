"""The back-side machine-readable zone (ICAO 9303 TD1, 3 × 30 characters) and its cross-check.

Vietnamese cards (``shared/cccd_qr.md`` §6)::

    IDVNM<last 9 ID digits><check><full 12-digit ID><<<check of the 12 digits>
    <YYMMDD birth><check><M/F><YYMMDD expiry><check>VNM<11 fillers><composite check>
    SURNAME<<MIDDLE<GIVEN            (diacritics dropped, Đ → D)

The MRZ has no Vietnamese name (no diacritics) but gives an offline check of the QR's ID, date of
birth and sex when both sides of the card are captured.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .payload import Applicant

_WEIGHTS = (7, 3, 1)
_LINE = re.compile(r"[A-Z0-9<]{30}")


def char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError(f"not an MRZ character: {ch!r}")


def check_digit(field: str) -> str:
    """ICAO 9303 check digit (weights 7, 3, 1)."""
    return str(sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(field)) % 10)


def mrz_name(full_name: str) -> str:
    """``Nguyễn Thị Hồng`` → ``NGUYEN<<THI<HONG`` (Đ → D, diacritics dropped)."""
    text = unicodedata.normalize("NFD", full_name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").upper()
    words = re.sub(r"[^A-Z ]", " ", text).split()
    if not words:
        return ""
    return words[0] + "<<" + "<".join(words[1:])


def make_td1(
    id_number: str, full_name: str, birth: dt.date, sex: str, expiry: dt.date
) -> list[str]:
    """Build the three MRZ lines for a card (used by test-data generators)."""
    number = id_number[-9:]
    line1 = f"IDVNM{number}{check_digit(number)}{id_number}<<{check_digit(id_number)}"
    b = birth.strftime("%y%m%d")
    e = expiry.strftime("%y%m%d")
    mf = "M" if sex == "Nam" else "F"
    line2 = f"{b}{check_digit(b)}{mf}{e}{check_digit(e)}VNM" + "<" * 11
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    line2 += check_digit(composite)
    line3 = mrz_name(full_name)[:30].ljust(30, "<")
    return [line1, line2, line3]


@dataclass(frozen=True)
class Td1:
    """Parsed TD1 fields; ``problems`` lists failed check digits and format errors."""

    document_number: str
    id_number: str
    birth_yymmdd: str
    sex: str  # "Nam" / "Nữ" / ""
    expiry_yymmdd: str
    nationality: str
    name: str
    problems: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.problems


def find_td1(text: str) -> list[str] | None:
    """The three MRZ lines inside OCR text (spaces removed, 'O' in digit fields not repaired)."""
    lines = [re.sub(r"\s+", "", line).upper() for line in text.splitlines()]
    lines = [line for line in lines if line]
    for i in range(len(lines) - 2):
        trio = lines[i : i + 3]
        if all(_LINE.fullmatch(line) for line in trio) and trio[0].startswith("I"):
            return trio
    return None


def parse_td1(lines: list[str]) -> Td1:
    """Parse and check a TD1 MRZ; never raises on malformed input (problems are reported)."""
    problems: list[str] = []
    if len(lines) != 3 or not all(_LINE.fullmatch(line or "") for line in lines):
        return Td1("", "", "", "", "", "", "", ("mrz_format",))
    l1, l2, l3 = lines
    if l1[:2] != "ID" and l1[0] != "I":
        problems.append("mrz_document_code")
    number, number_check = l1[5:14], l1[14]
    if check_digit(number) != number_check:
        problems.append("mrz_document_number_check")
    optional = l1[15:30]
    id_number = optional[:12]
    if re.fullmatch(r"[0-9]{12}", id_number):
        if optional[14] != "<" and optional[14] != check_digit(id_number):
            problems.append("mrz_id_check")
        if id_number[-9:] != number:
            problems.append("mrz_id_number_mismatch")
    else:
        problems.append("mrz_id_format")
    birth, birth_check = l2[0:6], l2[6]
    if check_digit(birth) != birth_check:
        problems.append("mrz_birth_check")
    sex = {"M": "Nam", "F": "Nữ"}.get(l2[7], "")
    expiry, expiry_check = l2[8:14], l2[14]
    if check_digit(expiry) != expiry_check:
        problems.append("mrz_expiry_check")
    composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    if check_digit(composite) != l2[29]:
        problems.append("mrz_composite_check")
    name = " ".join(part.replace("<", " ").strip() for part in l3.split("<<", 1)).strip()
    name = re.sub(r"\s+", " ", name)
    return Td1(number, id_number, birth, sex, expiry, l2[15:18], name, tuple(problems))


def cross_check(mrz: Td1, applicant: Applicant) -> list[str]:
    """Disagreements between the back-side MRZ and the QR (warning codes; empty = consistent)."""
    out = [f"{p}" for p in mrz.problems]
    if mrz.id_number and mrz.id_number != applicant.id_number:
        out.append("mrz_qr_id_mismatch")
    dob = applicant.date_of_birth  # YYYY-MM-DD
    if mrz.birth_yymmdd and dob[2:4] + dob[5:7] + dob[8:10] != mrz.birth_yymmdd:
        out.append("mrz_qr_birth_mismatch")
    if mrz.sex and mrz.sex != applicant.sex:
        out.append("mrz_qr_sex_mismatch")
    if mrz.name and mrz.name != mrz_name(applicant.full_name).replace("<<", " ").replace("<", " "):
        out.append("mrz_qr_name_mismatch")
    return out


_MRZ_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
_TESSDATA = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
             "/usr/share/tessdata")  # fmt: skip


def _tessdata_dir() -> str:
    """Where Tesseract's ``eng`` model is (Debian's tesseract-ocr-eng, a dependency of
    tesseract-ocr); idcard stays independent of the OCR stages' module."""
    import os
    from pathlib import Path

    from ..errors import MissingToolError

    for candidate in (os.environ.get("TESSDATA_PREFIX", ""), *_TESSDATA):
        if candidate and (Path(candidate) / "eng.traineddata").exists():
            return candidate
    raise MissingToolError(tool="tesseract eng", package="tesseract-ocr-eng")


def read_mrz(gray: Any, qr_quad: list[tuple[float, float]] | None = None,
             orientation: float = 0.0) -> Td1 | None:  # fmt: skip
    """OCR the TD1 zone of a card image (Tesseract ``eng``, MRZ characters only).

    ``qr_quad``/``orientation`` come from the QR read: the image is turned so the QR is upright
    (the MRZ then runs left to right) and scaled so the QR is ~200 px wide, which puts the MRZ
    characters at a height Tesseract reads well. Returns None when no 3 × 30 zone is found.
    """
    import cv2
    import numpy as np
    import tesserocr
    from PIL import Image

    image = np.asarray(gray)
    h, w = image.shape[:2]
    scale = 1.0
    if qr_quad:
        pts = np.array(qr_quad, dtype=np.float32)
        side = float(np.linalg.norm(pts[0] - pts[1]))
        scale = min(3.0, max(0.5, 200.0 / max(side, 1.0)))
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), orientation, scale)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    upright = cv2.warpAffine(image, matrix, (nw, nh), flags=cv2.INTER_CUBIC,
                             borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
    # Guilloche and photo tints fade under a large-window normalisation; the ink stays dark.
    background = cv2.GaussianBlur(upright, (0, 0), 15)
    flat = cv2.divide(upright, background, scale=255)
    with tesserocr.PyTessBaseAPI(path=_tessdata_dir(), lang="eng",
                                 psm=tesserocr.PSM.SINGLE_BLOCK) as api:  # fmt: skip
        api.SetVariable("tessedit_char_whitelist", _MRZ_CHARS)
        api.SetVariable("load_system_dawg", "0")
        api.SetVariable("load_freq_dawg", "0")
        for candidate in (flat, upright):
            api.SetImage(Image.fromarray(candidate))
            lines = find_td1(api.GetUTF8Text())
            if lines:
                return parse_td1(lines)
    return None
