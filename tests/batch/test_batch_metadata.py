"""Archive metadata read from OCR: the text rules on their own, then the whole reader on generated
documents with known truth (a held-out set: seeds never used while the rules were written)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from scanstation.batch.metadata import (
    TextLine,
    document_metadata,
    file_metadata,
    find_dates,
    load_settings,
    number_symbol,
)

# the rules were written looking at seeds 0–23 (benchmarks/archive_metadata.py, "dev");
# these were never looked at
HELD_OUT = range(9000, 9008)


def test_dates_in_both_forms_and_nonsense_refused() -> None:
    assert find_dates("Sóc Sơn, ngày 12 tháng 3 năm 1975") == ["1975-03-12"]
    assert find_dates("Hà Nội, ngày 05 tháng 03 năm 1987") == ["1987-03-05"]
    assert find_dates("Gia Lâm, 8/12/1990 và 1.2.1991") == ["1990-12-08", "1991-02-01"]
    assert find_dates("NGÀY 1 THÁNG 2 NĂM 2001") == ["2001-02-01"]
    assert find_dates("ngày 31 tháng 2 năm 1975, 45/12/1990, số 12/QĐ-UBND") == []


def test_number_and_symbol() -> None:
    assert number_symbol("Số: 12/QĐ-UBND") == "12/QĐ-UBND"
    assert number_symbol("Số : 372 / 1990 / BB-STP") == "372/1990/BB-STP"
    assert number_symbol("Số: 45/TTr-UBND Hà Nội, ngày 2 tháng 3 năm 1980") == "45/TTr-UBND"
    assert number_symbol("Số: 6BC-UBND") == "6/BC-UBND"  # OCR lost the slash
    assert number_symbol("Căn cứ Luật số 2014") == ""
    assert number_symbol("số 12 tháng 3") == ""


def _lines(*rows: tuple[str, int, int]) -> list[TextLine]:
    """(text, left, right) in reading order, one row height apart."""
    return [TextLine(text, (left, 100 + 30 * i, right, 120 + 30 * i))
            for i, (text, left, right) in enumerate(rows)]


def test_header_columns_author_type_and_summary() -> None:
    page = _lines(("ỦY BAN NHÂN DÂN", 260, 490), ("XÃ SÓC SƠN", 300, 450),
                  ("Số: 7/QĐ-UBND", 280, 470), ("VIỆT NAM DÂN CHỦ CỘNG HÒA", 600, 1100),
                  ("Độc lập - Tự do - Hạnh phúc", 680, 1010),
                  ("Sóc Sơn, ngày 2 tháng 9 năm 1970", 650, 1040), ("QUYẾT ĐỊNH", 560, 740),
                  ("Về việc khen thưởng các tập thể, cá nhân có thành", 360, 940),
                  ("tích xuất sắc trong phong trào thi đua", 376, 923),
                  ("Căn cứ Luật Tổ chức ngày 16 tháng 6 năm 2025.", 240, 1100))
    meta = document_metadata([page, page], [1240])
    assert meta == {"number_symbol": "7/QĐ-UBND", "date": "1970-09-02",
                    "author": "ỦY BAN NHÂN DÂN XÃ SÓC SƠN", "type": "QUYẾT ĐỊNH",
                    "summary": "Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc "
                               "trong phong trào thi đua", "page_count": 2}


def test_header_read_across_both_columns_and_a_parent_body() -> None:
    """OCR may read a header row across the columns: the motto is cut out of the body's name;
    a second line that is not a place is the issuing body itself (the first is its parent)."""
    page = _lines(("UBND HUYỆN GIA LÂM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 240, 1100),
                  ("PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG Độc lập - Tự do - Hạnh phúc", 140, 1010),
                  ("Số: 194/BC-TNMT Gia Lâm, 16/11/1997", 280, 950), ("BÁO CÁO", 580, 716),
                  ("Tình hình quản lý đất đai", 240, 900))
    meta = document_metadata([page], [1240])
    assert meta["author"] == "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG"
    assert (meta["number_symbol"], meta["date"], meta["type"]) == ("194/BC-TNMT", "1997-11-16",
                                                                   "BÁO CÁO")
    assert meta["summary"] == ""  # no "Về việc" line: nothing guessed


def test_a_page_without_a_header_gives_empty_fields() -> None:
    meta = document_metadata([_lines(("Trang này để trống", 300, 700))], [1240])
    assert meta == {"number_symbol": "", "date": None, "author": "", "type": "", "summary": "",
                    "page_count": 1}


def test_file_rolls_up_its_documents_and_settings() -> None:
    docs = [{"date": "1975-03-12", "page_count": 2, "type": "QUYẾT ĐỊNH",
             "summary": "Về việc giao đất"}, {"date": None, "page_count": 1},
            {"date": "1974-12-30", "page_count": 3}]
    settings = {"retention": "Vĩnh viễn", "access_level": "Hạn chế",
                "files": {"HS-1": {"title": "Hồ sơ đất", "access_level": "Công khai"}}}
    one = file_metadata("HS-1", docs, settings)
    assert {k: one[k] for k in ("title", "start_date", "end_date", "retention", "access_level",
                                "page_count")} == {
        "title": "Hồ sơ đất", "start_date": "1974-12-30", "end_date": "1975-03-12",
        "retention": "Vĩnh viễn", "access_level": "Công khai", "page_count": 6}
    assert file_metadata("HS-2", docs, settings)["title"] == "Quyết định Về việc giao đất"


def test_bad_settings_file_is_a_bilingual_error(tmp_path: Path) -> None:
    from scanstation.batch.errors import ArchiveSettingsError

    bad = tmp_path / "phong.toml"
    bad.write_text('fonds_code = "P1"\nretension = "10 năm"\n', "utf-8")
    with pytest.raises(ArchiveSettingsError) as caught:
        load_settings(bad)
    assert "không hợp lệ" in str(caught.value) and "retension" in str(caught.value)
    bad.write_text("fonds_code = ", "utf-8")
    with pytest.raises(ArchiveSettingsError):
        load_settings(bad)
    good = tmp_path / "phong.json"
    good.write_text('{"fonds_code": "P1", "files": {"hs-1": {"title": "Hồ sơ"}}}', "utf-8")
    assert load_settings(good) == {"fonds_code": "P1", "files": {"HS-1": {"title": "Hồ sơ"}}}


def test_held_out_documents_read_from_aged_scans() -> None:
    """Real cleaner + Tesseract on aged pages (skew, blur, noise, JPEG, yellow paper). The
    summary is scored by similarity: a dropped tone mark is an OCR error, not a reader error."""
    from scanstation.batch.ocr import read_page
    from scanstation.testing.archive_docs import aged, render_archive_document

    exact = {"number_symbol": 0, "date": 0, "author": 0, "type": 0}
    similarity = []
    for seed in HELD_OUT:
        doc = render_archive_document(seed, pages=1)
        result = read_page(aged(doc, seed)[0], f"{seed}.png")
        meta = document_metadata([result.ocr.lines], [result.ocr.width])
        for key in exact:
            exact[key] += meta[key] == doc.truth[key]
        similarity.append(difflib.SequenceMatcher(None, meta["summary"], doc.summary).ratio())
    n = len(HELD_OUT)
    assert all(hits >= n - 1 for hits in exact.values()), exact
    assert sum(similarity) / n >= 0.95, similarity
