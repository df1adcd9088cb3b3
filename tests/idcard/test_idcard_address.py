"""Old → new ward conversion on Hà Nội wards kept, split and abolished in the 2024–25 mergers.

Expected answers come from the mapping table shipped with vietnam-address-converter (read through
the installed package, not copied here) and the official 2025 names (vietnam-provinces).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from scanstation.idcard.address import AMBIGUOUS, INDEX_PATH, MATCHED, UNKNOWN, convert_address
from scanstation.idcard.address_build import build_index, dumps


@pytest.fixture(scope="module")
def table() -> dict[tuple[str, str], list[str]]:
    """(old district, old ward) → new ward names for Hà Nội, from the converter's own data."""
    from vietnam_address_converter.data import DEFAULT_DATA

    out: dict[tuple[str, str], list[str]] = {}
    for row in DEFAULT_DATA["mapping"]["rows"]:
        if row["keys"]["old_province_name"] == "ha noi":
            key = (row["old"]["district_name"], row["old"]["ward_name"])
            out.setdefault(key, []).append(row["new"]["ward_name"])
    return out


def _bare(name: str) -> str:
    for prefix in ("Phường ", "Xã ", "Thị trấn ", "Quận ", "Huyện ", "Thị xã "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _official(name: str) -> str:
    return name.replace("-", " - ") if " - " not in name else name


def test_shipped_index_is_fresh() -> None:
    assert INDEX_PATH.read_text(encoding="utf-8") == dumps(build_index())


def test_every_hanoi_ward_in_qr_style(table: dict[tuple[str, str], list[str]]) -> None:
    """All ~580 pre-July Hà Nội wards, written the way cards print them (no prefixes)."""
    kept = split = 0
    for (district, ward), targets in table.items():
        text = f"Số 1, {_bare(ward)}, {_bare(district)}, Hà Nội"
        result = convert_address(text)
        expected = sorted({_official(t) for t in targets})
        if len(expected) == 1:
            kept += 1
            assert result.status == MATCHED, text
            assert result.ward == expected[0]
        else:
            split += 1
            assert result.status == AMBIGUOUS, text
            assert sorted(result.candidates) == expected
        assert result.province == "Thành phố Hà Nội"
    assert kept > 300 and split > 100  # 128 of 526 pre-July wards were split


@pytest.mark.parametrize(
    ("text", "ward"),
    [
        ("Số 5, Hàng Gai, Hoàn Kiếm, Hà Nội", "Phường Hoàn Kiếm"),
        ("Thôn 3, Phù Linh, Sóc Sơn, Hà Nội", "Xã Sóc Sơn"),
        ("Số 8, Phường Hàng Gai, Quận Hoàn Kiếm, Thành phố Hà Nội", "Phường Hoàn Kiếm"),
        ("Thôn 1, Trung Hoà, Cầu Giấy, Hà Nội", "Phường Yên Hòa"),  # old tone placement
        ("So 5 Hang Gai, Hoan Kiem, Ha Noi", "Phường Hoàn Kiếm"),  # no diacritics
        ("So 5 Hang Gai Hoan Kiem Ha Noi", "Phường Hoàn Kiếm"),  # no commas
        ("Số 10 phố Huế, Phường Hai Bà Trưng, Thành phố Hà Nội", "Phường Hai Bà Trưng"),  # new form
    ],
)
def test_kept_wards_and_variants(text: str, ward: str) -> None:
    result = convert_address(text)
    assert (result.status, result.ward, result.province) == (MATCHED, ward, "Thành phố Hà Nội")


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("So 7 Ngo 12, P. Dich Vong Hau, Q. Cau Giay, TP Ha Noi",
         {"Phường Cầu Giấy", "Phường Nghĩa Đô"}),
        ("P.Thanh Xuân Trung, Q.Thanh Xuân, TP.Hà Nội",
         {"Phường Khương Đình", "Phường Thanh Xuân"}),
        ("Số 4, Kim Mã, Ba Đình, Hà Nội", {"Phường Ba Đình", "Phường Giảng Võ", "Phường Ngọc Hà"}),
    ],
)  # fmt: skip
def test_split_wards_are_ambiguous_with_candidates(text: str, candidates: set[str]) -> None:
    result = convert_address(text)
    assert result.status == AMBIGUOUS and result.ward is None
    assert set(result.candidates) == candidates


@pytest.mark.parametrize(
    ("text", "district", "likely"),
    [
        ("Số 1, Nguyễn Trung Trực, Ba Đình, Hà Nội", "Quận Ba Đình", None),
        ("Số 2, Văn Miếu, Đống Đa, Hà Nội", "Quận Đống Đa", "Phường Văn Miếu - Quốc Tử Giám"),
        ("Số 3, Kim Giang, Thanh Xuân, Hà Nội", "Quận Thanh Xuân", None),
        ("Tổ 5, Sài Đồng, Long Biên, Hà Nội", "Quận Long Biên", None),
    ],
)
def test_abolished_wards_fall_back_to_the_district(
    text: str, district: str, likely: str | None, table: dict[tuple[str, str], list[str]]
) -> None:
    """Names abolished before July 2025 are not in the table: never read the district as a new
    ward (the converter's trap); offer every successor of the old district instead."""
    result = convert_address(text)
    assert result.status == AMBIGUOUS and result.ward is None
    assert result.note == "ward_not_in_table"
    expected = {_official(t) for (d, _), ts in table.items() if d == district for t in ts}
    assert set(result.candidates) == expected
    if likely:
        assert result.candidates[0] == likely or result.candidates[1] == likely


def test_unknown_and_empty_inputs() -> None:
    assert convert_address("abc").status == UNKNOWN
    assert convert_address("").status == UNKNOWN
    assert convert_address("Số 3, Không Có, Không Tồn Tại, Hà Nội").status == UNKNOWN


def test_cli_contract_one_process_per_address() -> None:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "scanstation", "address", "Số 5, Hàng Gai, Hoàn Kiếm, Hà Nội",
         "Tổ 3, Hoàng Liệt, Hoàng Mai, Hà Nội", "--json"],
        capture_output=True, text=True, encoding="utf-8", timeout=60, env=dict(os.environ),
    )  # fmt: skip
    wall = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert set(first) >= {"input", "status", "ward", "province", "candidates", "elapsed_ms"}
    assert first["ward"] == "Phường Hoàn Kiếm" and first["status"] == "matched"
    assert second["status"] == "ambiguous" and second["ward"] is None
    assert set(second["candidates"]) == {"Phường Hoàng Liệt", "Phường Yên Sở"}
    assert wall < 30  # generous: the point is no 50 s converter build (speed is in benchmarks)


def test_every_old_ward_of_the_country() -> None:
    """All ~10,000 old wards in QR style. Units sharing a name inside one parent (``Thành phố``
    and ``Huyện Cao Lãnh``; ``Thanh An`` and ``Thạnh An``) are told apart by accents and unit
    type; where the written form cannot (a ``Thị trấn X`` and a ``Xã X`` both written ``X``), the
    answer must be ambiguous and include the right successors — never a wrong match."""
    from vietnam_address_converter.data import DEFAULT_DATA

    from scanstation.idcard.address import fold

    truth: dict[tuple[str, str, str], set[str]] = {}
    for row in DEFAULT_DATA["mapping"]["rows"]:
        old = row["old"]
        key = (old["province_name"], old["district_name"], old["ward_name"])
        truth.setdefault(key, set()).add(fold(row["new"]["ward_name"]))
    prefixes = ("Phường ", "Xã ", "Thị trấn ", "Thị Trấn ", "Quận ", "Huyện ", "Thị xã ",
                "Thị Xã ", "Thành phố ", "Thành Phố ", "Tỉnh ", "Đặc khu ")  # fmt: skip

    def bare(name: str) -> str:
        return next((name[len(p):] for p in prefixes if name.startswith(p)), name)

    wrong = ambiguous_names = 0
    for (province, district, ward), expected in truth.items():
        if not ward:
            continue
        result = convert_address(f"Số 1, {bare(ward)}, {bare(district)}, {bare(province)}")
        got = {fold(c.split(",")[0]) for c in result.candidates}
        if result.status == MATCHED:
            wrong += got != expected
        elif result.note == "ward_name_ambiguous":
            ambiguous_names += 1
            wrong += not expected <= got
        else:
            wrong += result.status != AMBIGUOUS or got != expected
    assert wrong == 0
    assert ambiguous_names < 20


def test_converter_never_crashes_on_any_text() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(["Hà Nội", "Cầu Giấy", "Phường", "Q.", "TP", "-", ",", "Số 5", "ha noi",
                             "Quận 1", "Huế", "Xã", "  ", "Đống Đa", "Văn Miếu"])  # fmt: skip

    @settings(max_examples=300, deadline=None)
    @given(st.one_of(st.text(max_size=120), st.lists(words, max_size=12).map(" ".join)))
    def check(text: str) -> None:
        result = convert_address(text)
        assert result.status in (MATCHED, AMBIGUOUS, UNKNOWN)
        if result.status == MATCHED:
            assert result.ward and result.candidates == (result.ward,)
        if result.status == AMBIGUOUS:
            assert result.ward is None and len(result.candidates) >= 2

    check()


def test_official_lists_for_the_officers_picker() -> None:
    from scanstation.idcard.address import official_provinces, official_wards

    assert len(official_provinces()) == 34
    hanoi = official_wards("Hà Nội")
    assert len(hanoi) == 126  # 51 wards + 75 communes since 1 July 2025
    assert "Phường Hoàn Kiếm" in hanoi and "Xã Sóc Sơn" in hanoi
    assert official_wards("TP. Hà Nội") == hanoi
