"""What the window shows: dates as dd/mm/yyyy, and a procedure search that ignores accents."""

from __future__ import annotations

import datetime as dt

from scanstation.ui.formats import fold, format_date_vi, matches


def test_dates_read_day_month_year():
    assert format_date_vi("1946-07-01") == "01/07/1946"
    assert format_date_vi(dt.date(2000, 9, 14)) == "14/09/2000"
    assert format_date_vi(dt.datetime(2025, 12, 5, 9, 30)) == "05/12/2025"
    assert format_date_vi("2025-12-05T09:30:00+07:00") == "05/12/2025"
    # not a whole date: shown as it came, never dropped or guessed
    for kept in ("1946", "", "không rõ", "2025-02-30"):
        assert format_date_vi(kept) == kept
    assert format_date_vi(None) == ""


def test_search_ignores_accents_case_and_d():
    assert fold("Thủ tục Đăng ký KẾT HÔN") == "thu tuc dang ky ket hon"
    assert matches("ket hon", "Thủ tục đăng ký kết hôn")
    assert matches("dang ky khai sinh", "Thủ tục đăng ký khai sinh")
    assert matches("thuong tru", "Đăng ký thường trú")
    assert matches("1.000894", "Thủ tục đăng ký kết hôn", "1.000894")
    assert not matches("ket hon", "Cấp Giấy xác nhận tình trạng hôn nhân")
    # the phrase as typed ranks above the same words scattered
    assert matches("hon nhan", "Xác nhận tình trạng hôn nhân") > matches(
        "hon nhan", "Nhân thân khi kết hôn")
