"""Payload parsing: both layouts, empties kept, checks that warn, lookalikes refused, no crashes."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from scanstation.idcard import idnumber
from scanstation.idcard.payload import CARD_2021, CARD_2024, parse_payload
from scanstation.testing import cards as synthetic

# The research note's example has digit 4 = 0 (male) with "Nữ": fixed here to 1 (female).
P2021 = (
    "001189012345|012345678|Nguyễn Thị Thu Hương|12031989|Nữ|"
    "Số 12, Ngõ 45, Hào Nam, Ô Chợ Dừa, Đống Đa, Hà Nội|15062021"
)
P2024 = "036203012334||Lê Minh Phước|24092003|Nam|Tổ 3, Hoàng Liệt, Hoàng Mai, Hà Nội|12112024||||"


def test_2021_payload_gives_exact_applicant() -> None:
    result = parse_payload(P2021)
    assert result.ok, result.warnings
    a = result.applicant
    assert a is not None
    assert (a.id_number, a.old_id_number, a.full_name) == (
        "001189012345", "012345678", "Nguyễn Thị Thu Hương",
    )  # fmt: skip
    assert (a.date_of_birth, a.sex, a.issue_date) == ("1989-03-12", "Nữ", "2021-06-15")
    assert a.address == "Số 12, Ngõ 45, Hào Nam, Ô Chợ Dừa, Đống Đa, Hà Nội"
    assert a.card_type == CARD_2021


def test_2024_payload_keeps_empty_old_id_and_trailing_fields() -> None:
    result = parse_payload(P2024)
    assert result.ok, result.warnings
    a = result.applicant
    assert a is not None
    assert a.old_id_number == ""
    assert a.full_name == "Lê Minh Phước"  # not shifted by the empty CMND field
    assert a.card_type == CARD_2024
    assert a.extra_fields == ("", "", "", "")


def test_keyboard_wedge_cr_is_stripped() -> None:
    assert parse_payload(P2021 + "\r\n").ok


def test_nfd_input_is_normalised_and_flagged() -> None:
    result = parse_payload(unicodedata.normalize("NFD", P2021))
    assert result.applicant is not None
    assert result.applicant.full_name == "Nguyễn Thị Thu Hương"
    assert unicodedata.is_normalized("NFC", result.applicant.address)
    assert "not_nfc" in result.warnings


def test_inconsistent_id_digits_give_warnings_not_silence() -> None:
    # digit 4 = 1 (female, 1900s) and year 89, but the fields say Nam and 1990
    wrong = P2021.replace("12031989", "12031990").replace("|Nữ|", "|Nam|")
    result = parse_payload(wrong)
    assert result.applicant is not None and not result.ok
    assert "id_birth_year_mismatch" in result.warnings
    assert "id_sex_mismatch" in result.warnings


def test_unknown_province_code_and_bad_dates_warn() -> None:
    bad = P2021.replace("001189012345", "003189012345").replace("15062021", "31022021")
    result = parse_payload(bad)
    assert result.applicant is not None
    assert {"id_unknown_province_code", "issue_date_invalid"} <= set(result.warnings)
    before_birth = P2021.replace("15062021", "15061988")
    assert "issue_before_birth" in parse_payload(before_birth).warnings


def test_card_type_must_agree_with_issue_date() -> None:
    early_2024_card = P2024.replace("12112024", "12112022")
    assert "card_type_issue_date_mismatch" in parse_payload(early_2024_card).warnings


def test_mojibake_name_is_flagged() -> None:
    mojibake = P2021.replace("Nguyễn Thị Thu Hương", "Tr蘯ｧn Vﾄハ Bﾃｬnh")
    result = parse_payload(mojibake)
    assert result.applicant is not None
    assert "name_suspicious" in result.warnings


def test_field_counts_other_than_7_or_11_are_refused() -> None:
    for fields in (6, 8, 10, 12):
        text = "|".join((P2024.split("|") + [""] * 12)[:fields])
        assert parse_payload(text).reason == "wrong_field_count"


def test_lookalikes_are_refused_with_reason() -> None:
    rng = random.Random(5)
    for payload, reason in synthetic.lookalike_payloads(rng):
        result = parse_payload(payload)
        assert result.applicant is None
        assert result.reason == reason


def test_generated_people_are_consistent() -> None:
    rng = random.Random(11)
    for _ in range(300):
        person = synthetic.invent_person(rng)
        result = parse_payload(person.payload(), today=dt.date(2026, 1, 1))
        assert result.ok, (result.warnings, person.card_type)
        assert result.applicant is not None
        fields = result.applicant.to_json()
        assert {k: fields[k] for k in person.expected()} == person.expected()


def test_id_number_structure() -> None:
    assert idnumber.make_id_number("001", 1989, "Nữ", 12345) == "001189012345"
    assert idnumber.make_id_number("079", 2003, "Nam", 1) == "079203000001"
    info = idnumber.analyse("001189012345", 1989, "Nữ")
    assert info.problems == () and info.province_name == "Hà Nội"
    assert len(idnumber.PROVINCE_CODES) == 63


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_parser_never_crashes_on_any_text(text: str) -> None:
    result = parse_payload(text)
    assert (result.applicant is None) == (result.reason is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=20), min_size=7, max_size=11))
def test_parser_never_crashes_on_pipe_lists(fields: list[str]) -> None:
    result = parse_payload("|".join(fields))
    if result.applicant is not None:
        assert result.applicant.card_type in (CARD_2021, CARD_2024)


def test_generated_symbols_follow_the_real_layouts() -> None:
    """2021: numeric digit runs + byte segments, no ECI, ECC M; 2024: ECI 26, ECC L; V6–8."""
    import numpy as np
    import zxingcpp

    rng = random.Random(17)
    for card_type, ecc, eci_prefix in ((CARD_2021, "M", "]Q1"), (CARD_2024, "L", "]Q2")):
        for _ in range(10):
            person = synthetic.invent_person(rng, card_type)
            symbol = synthetic.make_symbol(person.payload(), card_type)
            image = np.asarray(synthetic.symbol_image(symbol, 4.0, quiet=4))
            (barcode,) = zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.HexECI)
            assert barcode.extra["ECLevel"] == ecc
            assert 6 <= int(barcode.extra["Version"]) <= 8
            assert bytes.fromhex(barcode.text).startswith(eci_prefix.encode())
            if card_type == CARD_2021:
                modes = [segment[1] for segment in synthetic.segments_2021(person.payload())]
                assert 1 in modes and 4 in modes  # numeric (1) and byte (4) segments
