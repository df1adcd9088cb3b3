"""Archive metadata read from a document's OCR text (TT 02/2019, TT 05/2025: the văn bản's number
and symbol, date, author, type and summary) and rolled up per file (hồ sơ: dates, page count).

A Vietnamese administrative document (NĐ 30/2020 layout) opens with a two-column header: the
issuing body and "Số: 12/QĐ-UBND" on the left, the national motto and "Hà Nội, ngày 12 tháng 3
năm 1975" on the right; then the document type in capitals ("QUYẾT ĐỊNH") and its summary
("Về việc …"). The OCR gives lines with boxes, so the header's columns are told apart by where
the line sits, not by the order Tesseract happened to read them in.

Only the header counts for the date: a body quotes other dates ("Căn cứ Luật … ngày 16 tháng 6
năm 2025"). A field the text does not show stays empty — never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

HEADER_LINES = 14  # the header and title fit in the first lines of page 1
MOTTOS = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "VIỆT NAM DÂN CHỦ CỘNG HÒA",
          "ĐỘC LẬP - TỰ DO - HẠNH PHÚC")
DOC_TYPES = ("QUYẾT ĐỊNH", "NGHỊ QUYẾT", "CHỈ THỊ", "TỜ TRÌNH", "BÁO CÁO", "THÔNG BÁO",
             "KẾ HOẠCH", "BIÊN BẢN", "CÔNG VĂN", "THÔNG TƯ", "NGHỊ ĐỊNH", "HƯỚNG DẪN",
             "CHƯƠNG TRÌNH", "PHƯƠNG ÁN", "ĐỀ ÁN", "GIẤY MỜI", "GIẤY CHỨNG NHẬN", "HỢP ĐỒNG",
             "ĐƠN", "TỜ KHAI", "GIẤY XÁC NHẬN", "QUY CHẾ", "QUY ĐỊNH")
# a second header line that names a place belongs to the first: "ỦY BAN NHÂN DÂN" / "XÃ SÓC SƠN"
TERRITORIAL = ("XÃ ", "PHƯỜNG ", "THỊ TRẤN ", "THỊ XÃ ", "HUYỆN ", "QUẬN ", "TỈNH ",
               "THÀNH PHỐ ", "TP ", "TP. ")

_FOLD = str.maketrans("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ",
                      "AAAAAAAAAAAAAAAAADEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYY")

DATE_WORDS = re.compile(
    r"ng[àa]y\s*(\d{1,2})\s*th[áa]ng\s*(\d{1,2})\s*n[ăa]m\s*(\d{4})", re.IGNORECASE)
DATE_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?![\d/])")
# the slash before the symbol is optional: OCR drops it on a faint scan ("Số: 6BC-UBND")
NUMBER_SYMBOL = re.compile(
    r"S[ỐốÔôOo0]\s*[:;.]?\s*(\d{1,5}(?:\s*/\s*\d{4})?)\s*/?\s*"
    r"([A-ZĐ][\wĐđ]*(?:\s*-\s*[\wĐđ]+)*)")


@dataclass(frozen=True)
class TextLine:
    text: str
    box: tuple[int, int, int, int]  # (left, top, right, bottom), pixels


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold(text: str) -> str:
    """Upper case without diacritics: OCR often drops or swaps a tone mark in a header."""
    return _nfc(text).upper().translate(_FOLD)


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _valid(day: int, month: int, year: int) -> str | None:
    try:
        return date(year, month, day).isoformat() if 1800 <= year <= 2100 else None
    except ValueError:
        return None


def find_dates(text: str) -> list[str]:
    """Every date in ``text`` (ISO 8601), in reading order: "ngày 12 tháng 3 năm 1975" and
    "12/3/1975" (also with dots or dashes)."""
    found: list[tuple[int, str]] = []
    for pattern in (DATE_WORDS, DATE_NUMERIC):
        for match in pattern.finditer(_nfc(text)):
            day, month, year = (int(g) for g in match.groups())
            iso = _valid(day, month, year)
            if iso:
                found.append((match.start(), iso))
    return [iso for _, iso in sorted(found)]


def number_symbol(text: str) -> str:
    """"Số: 12/QĐ-UBND" → "12/QĐ-UBND" (spaces OCR put around the slashes and dashes removed)."""
    match = NUMBER_SYMBOL.search(_nfc(text))
    if not match:
        return ""
    number, symbol = (re.sub(r"\s+", "", g) for g in match.groups())
    return f"{number}/{symbol.strip('-')}"


def _doc_type(text: str) -> str:
    folded = _fold(text).strip(" .:")
    for kind in DOC_TYPES:
        if folded == _fold(kind):
            return kind
    return ""


def _strip_mottos(text: str) -> str:
    """Remove the motto where OCR read it on the same line as the issuing body."""
    folded = _fold(text)
    for motto in MOTTOS:
        at = folded.find(_fold(motto))
        if at >= 0:
            text, folded = text[:at] + text[at + len(motto):], folded[:at] + folded[at + len(motto):]
    return re.sub(r"\s+", " ", text).strip(" -")


def _author(left: list[str]) -> str:
    """The issuing body from the header's left column, above the number line."""
    names = [_strip_mottos(t) for t in left]
    names = [n for n in names if _is_upper(n)]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    first, second = names[0], names[1]
    if _fold(second).startswith(tuple(_fold(t) for t in TERRITORIAL)):
        return f"{first} {second}"
    return second


def _header_split(lines: Sequence[TextLine], width: int) -> tuple[list[TextLine], int]:
    """Lines of the header (before the document type) and the index of the type line."""
    for index, line in enumerate(lines[:HEADER_LINES]):
        if _doc_type(line.text):
            return list(lines[:index]), index
    return list(lines[:HEADER_LINES]), -1


def document_metadata(pages: Sequence[Sequence[TextLine]], widths: Sequence[int]) -> dict[str, Any]:
    """Metadata of one document from its pages' OCR lines (reading order) and page widths."""
    meta: dict[str, Any] = {"number_symbol": "", "date": None, "author": "", "type": "",
                            "summary": "", "page_count": len(pages)}
    if not pages or not pages[0]:
        return meta
    lines = [TextLine(_nfc(line.text).strip(), line.box) for line in pages[0] if line.text.strip()]
    width = widths[0] if widths else max(line.box[2] for line in lines)
    header, type_at = _header_split(lines, width)
    header_text = "\n".join(line.text for line in header)
    meta["number_symbol"] = number_symbol(header_text) or number_symbol(
        "\n".join(line.text for line in lines[:HEADER_LINES]))
    dates = find_dates(header_text)
    meta["date"] = dates[0] if dates else None
    middle = width * 0.5
    left_column: list[str] = []
    for line in header:
        if NUMBER_SYMBOL.search(line.text):
            break
        centre = (line.box[0] + line.box[2]) / 2
        if centre < middle or line.box[0] < width * 0.2:  # a line across both columns starts left
            left_column.append(line.text)
    meta["author"] = _author(left_column)
    if type_at >= 0:
        meta["type"] = _doc_type(lines[type_at].text)
        summary: list[str] = []
        for line in lines[type_at + 1:type_at + 4]:
            text = line.text.strip()
            if not summary and not _fold(text).startswith(("VE ", "V/V")):
                break  # no "Về việc …" line: a title without a summary
            if summary and (_fold(text).startswith(("CAN CU", "KINH GUI")) or len(text) < 3):
                break
            if summary and not _is_upper(text) and text[:1].isupper():
                break  # the body starts
            summary.append(text)
        meta["summary"] = _nfc(" ".join(summary))
    return meta


def file_metadata(code: str, documents: list[dict[str, Any]], settings: dict[str, Any]
                  ) -> dict[str, Any]:
    """A hồ sơ from its documents: dates from the earliest to the latest document, the page count;
    title, retention and access level from the job's settings (a per-file entry wins), else the
    title is the first document's type and summary."""
    own = (settings.get("files") or {}).get(code, {})
    dates = sorted(d["date"] for d in documents if d.get("date"))
    first = documents[0] if documents else {}
    derived = " ".join(p for p in (str(first.get("type", "")).capitalize(),
                                   first.get("summary", "")) if p)
    return {"code": code, "title": own.get("title") or derived,
            "start_date": dates[0] if dates else None, "end_date": dates[-1] if dates else None,
            "retention": own.get("retention", settings.get("retention", "")),
            "access_level": own.get("access_level", settings.get("access_level", "")),
            "page_count": sum(int(d.get("page_count", 0)) for d in documents),
            "documents": documents}


SETTING_KEYS = ("fonds_code", "fonds_name", "retention", "access_level")
FILE_KEYS = ("title", "retention", "access_level")


def load_settings(path: Any) -> dict[str, Any]:
    """The job file: JSON or TOML with ``fonds_code``, ``fonds_name``, ``retention``,
    ``access_level`` and ``[files."HS-1975-012"]`` tables (``title``, ``retention``,
    ``access_level``) for what differs per file."""
    import json
    import tomllib
    from pathlib import Path

    from .errors import ArchiveSettingsError

    path = Path(path)
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8")) if path.suffix.lower() == ".toml" else json.loads(raw)
    except FileNotFoundError:
        from ..errors import FileNotFoundInputError

        raise FileNotFoundInputError(name=path.name) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # JSON and TOML errors are ValueErrors
        raise ArchiveSettingsError(path=path.name, reason=type(exc).__name__) from None
    if not isinstance(data, dict):
        raise ArchiveSettingsError(path=path.name, reason="not an object")
    return check_settings(data, path.name)


def check_settings(data: dict[str, Any], where: str = "-") -> dict[str, Any]:
    from .errors import ArchiveSettingsError

    unknown = set(data) - {*SETTING_KEYS, "files"}
    if unknown:
        raise ArchiveSettingsError(path=where, reason=f"unknown key {sorted(unknown)[0]!r}")
    settings: dict[str, Any] = {k: _nfc(str(data[k])).strip() for k in SETTING_KEYS if k in data}
    files = data.get("files") or {}
    if not isinstance(files, dict):
        raise ArchiveSettingsError(path=where, reason="'files' must map file codes to tables")
    settings["files"] = {}
    for code, entry in files.items():
        if not isinstance(entry, dict) or set(entry) - set(FILE_KEYS):
            raise ArchiveSettingsError(path=where, reason=f"files.{code}: {', '.join(FILE_KEYS)}")
        settings["files"][str(code).strip().upper()] = {k: _nfc(str(v)).strip()
                                                       for k, v in entry.items()}
    return settings


def merge_settings(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override``'s non-empty values win; file entries merge per file."""
    merged = {**base, **{k: v for k, v in override.items() if k != "files" and v}}
    files = {code: dict(entry) for code, entry in (base.get("files") or {}).items()}
    for code, entry in (override.get("files") or {}).items():
        files[code] = {**files.get(code, {}), **entry}
    merged["files"] = files
    return merged
