"""Hostile citizen-ID payloads: each case of issue 17 is refused or warned, never stored silently."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanstation.idcard.payload import (
    FIELD_LIMITS,
    MAX_PAYLOAD_CHARS,
    REASON_TEXT,
    WARNING_TEXT,
    parse_payload,
)
from scanstation.textsafe import escape_controls

GOOD = "036203012334||Lê Minh Phước|24092003|Nam|Tổ 3, Hoàng Liệt, Hoàng Mai, Hà Nội|12112021"
FIELDS = GOOD.split("|")


def with_field(index: int, value: str, fields: list[str] | None = None) -> str:
    out = list(fields or FIELDS)
    out[index] = value
    return "|".join(out)


def test_reference_payload_is_clean() -> None:
    assert parse_payload(GOOD).ok


@pytest.mark.parametrize("digits", ["０１２３３４", "٠١٢٣٣٤", "०१२३३४", "๐๑๒๓๓๔"])
def test_non_ascii_digits_in_id_are_refused(digits: str) -> None:
    result = parse_payload(with_field(0, "036203" + digits))
    assert result.applicant is None
    assert result.reason == "non_ascii_digits"


@pytest.mark.parametrize("index", [3, 6])
def test_arabic_indic_digits_in_dates_are_refused(index: int) -> None:
    value = FIELDS[index][:4] + "٢٠٠٣"
    result = parse_payload(with_field(index, value))
    assert result.applicant is None and result.reason == "non_ascii_digits"


@pytest.mark.parametrize(
    "bad",
    ["\x00", "\x1b]0;pwned\x07", "\x1b[2J", "\x85", "\x9b", "\t", "\u202e", "\u200b", "\ufeff",
     "\u0378", "\ue000", "\u00a0", "\u2028"],
)
@pytest.mark.parametrize("index", [2, 5])
def test_controls_bidi_unassigned_in_text_fields_are_refused(bad: str, index: int) -> None:
    value = FIELDS[index][:3] + bad + FIELDS[index][3:]
    result = parse_payload(with_field(index, value))
    assert result.applicant is None, repr(bad)
    assert result.reason == "control_characters"


@pytest.mark.parametrize("index", [7, 8, 9, 10])
def test_controls_in_2024_extra_fields_are_refused(index: int) -> None:
    fields = [*FIELDS, "", "", "", ""]
    result = parse_payload(with_field(index, "LÊ\x1b]0;x\x07", fields))
    assert result.applicant is None and result.reason == "control_characters"


def test_markup_in_address_is_warned() -> None:
    result = parse_payload(with_field(5, "<script>alert(1)</script>, Hà Nội"))
    assert result.applicant is not None
    assert "address_suspicious" in result.warnings


def test_markup_in_extra_field_is_warned() -> None:
    fields = [*FIELDS, "", "<b>LÊ VĂN A</b>", "", ""]
    fields[6] = "12112024"  # a Căn cước card (11 fields) is issued from July 2024
    result = parse_payload("|".join(fields))
    assert result.applicant is not None
    assert "extra_field_suspicious" in result.warnings


def test_a_one_megabyte_name_is_refused_for_its_size() -> None:
    result = parse_payload(with_field(2, "A" * 1_000_000))
    assert result.applicant is None
    assert result.reason == "payload_too_long"  # not "bhyt_health_insurance"


@pytest.mark.parametrize("index", [0, 1, 2, 3, 4, 5, 6])
def test_each_field_has_a_length_bound(index: int) -> None:
    filler = "1" if index in (0, 1, 3, 6) else "x"
    result = parse_payload(with_field(index, filler * (FIELD_LIMITS[index] + 1)))
    assert result.applicant is None or result.warnings, index
    if result.applicant is None:
        assert result.reason in ("field_too_long", "not_citizen_id")


def test_every_new_code_has_both_languages() -> None:
    for code in ("payload_too_long", "field_too_long", "control_characters", "non_ascii_digits"):
        vi, en = REASON_TEXT[code]
        assert vi and en and vi != en
    for code in ("address_suspicious", "extra_field_suspicious"):
        vi, en = WARNING_TEXT[code]
        assert vi and en and vi != en


# --- properties ------------------------------------------------------------------------------

_CARD_ALPHABET = st.characters(codec="utf-8")


@settings(max_examples=300, deadline=None)
@given(index=st.integers(0, 6), junk=st.text(_CARD_ALPHABET, max_size=20), at=st.integers(0, 30))
def test_whatever_is_accepted_is_safe(index: int, junk: str, at: int) -> None:
    """Any mutation of one field: if an applicant comes out, every field is NFC, printable, ASCII
    digits where the card has digits and within its bound — or a warning says otherwise."""
    value = FIELDS[index][:at] + junk + FIELDS[index][at:]
    result = parse_payload(with_field(index, value))
    if result.applicant is None:
        assert result.reason in REASON_TEXT
        return
    a = result.applicant
    texts = [a.id_number, a.old_id_number, a.full_name, a.sex, a.address, *a.extra_fields]
    for text in texts:
        assert text.isprintable()
        assert unicodedata.is_normalized("NFC", text)
        assert all("0" <= ch <= "9" for ch in text if ch.isdigit())
    assert len(a.full_name) <= FIELD_LIMITS[2] and len(a.address) <= FIELD_LIMITS[5]
    clean = (a.id_number.isascii() and a.id_number.isdigit() and len(a.id_number) == 12
             and a.date_of_birth[:4].isdigit())
    if not clean:
        assert result.warnings


@settings(max_examples=200, deadline=None)
@given(st.text(_CARD_ALPHABET, max_size=MAX_PAYLOAD_CHARS + 50))
def test_parser_never_raises(text: str) -> None:
    result = parse_payload(text)
    assert (result.applicant is None) == (result.reason is not None)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=80))
def test_escaped_output_has_no_control_left(text: str) -> None:
    shown = escape_controls(text)
    assert shown.isprintable()
    assert "\x1b" not in shown and "\x07" not in shown and "\n" not in shown
