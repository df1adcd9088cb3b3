"""TD1 MRZ: ICAO check digits, Vietnamese layout, cross-check with the QR."""

from __future__ import annotations

import datetime as dt
import random

from scanstation.idcard.mrz import check_digit, cross_check, find_td1, make_td1, mrz_name, parse_td1
from scanstation.idcard.payload import parse_payload
from scanstation.testing import cards as synthetic


def test_icao_check_digits() -> None:
    # ICAO Doc 9303 part 3 worked examples.
    assert check_digit("520727") == "3"
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("D23145890") == "7"


def test_vietnamese_name_transliteration() -> None:
    assert mrz_name("Đặng Thị Ửng") == "DANG<<THI<UNG"
    assert mrz_name("Nguyễn Văn Bình") == "NGUYEN<<VAN<BINH"


def test_roundtrip_and_cross_check_with_qr() -> None:
    rng = random.Random(3)
    for _ in range(50):
        person = synthetic.invent_person(rng)
        lines = synthetic.mrz_lines_for(person)
        assert all(len(line) == 30 for line in lines)
        td1 = parse_td1(lines)
        assert td1.valid, td1.problems
        assert td1.id_number == person.id_number
        applicant = parse_payload(person.payload()).applicant
        assert applicant is not None
        assert cross_check(td1, applicant) == []


def test_damaged_mrz_and_disagreement_are_reported() -> None:
    lines = make_td1("001189012345", "Nguyễn Thị Thu Hương", dt.date(1989, 3, 12), "Nữ",
                     dt.date(2049, 3, 12))  # fmt: skip
    damaged = [lines[0][:6] + ("9" if lines[0][6] != "9" else "8") + lines[0][7:], *lines[1:]]
    assert "mrz_document_number_check" in parse_td1(damaged).problems
    other = parse_payload(
        "001189012346||Nguyễn Thị Thu Hương|12031989|Nữ|Hàng Gai, Hoàn Kiếm, Hà Nội|15062021"
    ).applicant
    assert other is not None
    assert "mrz_qr_id_mismatch" in cross_check(parse_td1(lines), other)
    assert parse_td1(["short"]).problems == ("mrz_format",)


def test_find_td1_in_ocr_text() -> None:
    lines = make_td1("079203000001", "Lê Minh Phước", dt.date(2003, 9, 24), "Nam",
                     dt.date(2028, 9, 24))  # fmt: skip
    text = "CỘNG HÒA XÃ HỘI\n" + "\n".join(" ".join(line) for line in lines) + "\n"
    assert find_td1(text) == lines


def test_mrz_ocr_on_card_back_agrees_or_flags_a_conflict() -> None:
    """Real Tesseract on generated 2024 card backs (QR + MRZ in one image)."""
    import dataclasses

    import numpy as np

    from scanstation.idcard.payload import CARD_2024
    from scanstation.idcard.reader import mrz_summary, read_card

    rng = random.Random(8)
    agreed = 0
    for _ in range(3):
        person = synthetic.invent_person(rng, CARD_2024)
        gray = np.asarray(synthetic.render_card(person, 3.2, rng).convert("L"))
        card = read_card(gray)
        summary, warnings = mrz_summary(gray, card)
        if summary is not None and summary["valid"]:
            assert summary["id_number"] == person.id_number
            assert warnings == []
            agreed += 1
    assert agreed >= 2
    # A back whose MRZ belongs to someone else: the conflict is a warning, never silent.
    person = synthetic.invent_person(rng, CARD_2024)
    other = dataclasses.replace(person, id_number=person.id_number[:-3] + "999")
    gray = np.asarray(synthetic.render_card(person, 3.2, rng, mrz_person=other).convert("L"))
    card = read_card(gray)
    summary, warnings = mrz_summary(gray, card)
    assert summary is not None and summary["valid"]
    assert "mrz_qr_id_mismatch" in warnings
