"""What the window shows: dates as dd/mm/yyyy, and a procedure search that ignores accents."""

from __future__ import annotations

import datetime as dt

from scanstation.ui.formats import format_date_vi, parse_date_vi


def test_dates_read_day_month_year():
    assert format_date_vi("1946-07-01") == "01/07/1946"
    assert format_date_vi(dt.date(2000, 9, 14)) == "14/09/2000"
    assert format_date_vi(dt.datetime(2025, 12, 5, 9, 30)) == "05/12/2025"
    assert format_date_vi("2025-12-05T09:30:00+07:00") == "05/12/2025"
    # not a whole date: shown as it came, never dropped or guessed
    for kept in ("1946", "", "không rõ", "2025-02-30"):
        assert format_date_vi(kept) == kept
    assert format_date_vi(None) == ""


def test_typed_dates_are_kept_as_iso():
    assert parse_date_vi("1/7/1946") == "1946-07-01"
    assert parse_date_vi("01-07-1946") == "1946-07-01"
    assert parse_date_vi("không rõ") == "không rõ"


def test_search_ignores_accents_case_and_d():
    """The window's search is the core's: ``catalogue.search``."""
    from scanstation.dossier.catalogue import search

    def best(query: str) -> str:
        found = search(query)
        return found[0].name if found else ""

    assert "kết hôn" in best("ket hon")
    assert "khai sinh" in best("dang ky khai sinh")
    assert "thường trú" in best("THUONG TRU")
    assert search("1.000894")[0].code == "1.000894"
    assert "kết hôn" not in best("tinh trang hon nhan")
