"""The splitter and the review flags on page rows with known truth (no pixels: fast)."""

from __future__ import annotations

import dataclasses

import pytest

from scanstation.batch.review import compute_flags
from scanstation.batch.splitting import SplitRuleError, SplitRules, plan
from scanstation.batch.state import PageRow

BASE = PageRow(0, "box/p.png", 1, "/x", "image/png", 0, 0.0, True, "k", "", "", "", "", False, 95.0,
               0.1, 0, 0.5, "00ff00ff00ff00ff", "0123456789abcdef", 500, False, (), "")


def page(seq: int, **changes: object) -> PageRow:
    sig = f"{(seq * 0x9E3779B97F4A7C15) % (1 << 64):016x}"  # a different text on every page
    return dataclasses.replace(BASE, seq=seq, source=f"box/p{seq}.png", text_sig=sig, **changes)


def sheet(seq: int, kind: str = "patcht", value: str = "PATCHT", unsure: str = "") -> PageRow:
    return page(seq, sep_kind=kind, sep_value=value, sep_unsure=unsure, text_len=0)


def pages_of(docs: list) -> list[list[int]]:
    return [d.pages for d in docs]


def test_separator_sheets_split_and_are_dropped_and_name_the_files() -> None:
    rows = [page(1), page(2), sheet(3), page(4), sheet(5, "code128", "HS-1975-012"), page(6),
            sheet(7), page(8), sheet(9, "qr", "HS-1975-013"), page(10)]
    docs = plan(rows, SplitRules.parse(["patcht", "barcode"]), "BOX")
    assert pages_of(docs) == [[1, 2], [4], [6], [8], [10]]
    # a Patch-T inside a file is the next document of that file; a file code starts a file
    assert [d.file_name() for d in docs] == ["BOX.001.pdf", "BOX.002.pdf", "HS-1975-012.001.pdf",
                                             "HS-1975-012.002.pdf", "HS-1975-013.001.pdf"]
    assert docs[2].separator == {"kind": "code128", "value": "HS-1975-012",
                                 "source": "box/p5.png", "page": 1}


def test_keep_separators_puts_the_sheet_first() -> None:
    rows = [page(1), sheet(2, "code39", "HS-1975-012"), page(3), page(4)]
    docs = plan(rows, SplitRules.parse(["barcode"], keep_separators=True), "BOX")
    assert pages_of(docs) == [[1], [2, 3, 4]]


def test_rules_decide_which_sheets_count() -> None:
    rows = [page(1), sheet(2), page(3), sheet(4, "qr", "HS-1-2"), page(5)]
    assert pages_of(plan(rows, SplitRules.parse(["barcode"]), "B")) == [[1, 2, 3], [5]]
    assert pages_of(plan(rows, SplitRules.parse(["patcht"]), "B")) == [[1], [3, 4, 5]]


def test_an_unsure_separator_is_never_a_split_until_review_says_so() -> None:
    rows = [page(1), sheet(2, "patcht", "", unsure="patch code 2?"), page(3)]
    rules = SplitRules.parse(["patcht"])
    assert pages_of(plan(rows, rules, "B")) == [[1, 2, 3]]
    assert "separator_unsure" in compute_flags(rows, rules)[2]
    rows[1] = dataclasses.replace(rows[1], decision="separator")
    assert pages_of(plan(rows, rules, "B")) == [[1], [3]]


def test_blank_pages_separate_and_a_blank_back_keeps_the_sheets_code() -> None:
    rows = [page(1), page(2, blank=True), page(3), sheet(4, "qr", "HS-9-1"), page(5, blank=True),
            page(6)]
    docs = plan(rows, SplitRules.parse(["blank", "barcode"]), "B")
    assert pages_of(docs) == [[1], [3], [6]]
    assert docs[2].file_code == "HS-9-1"
    assert "blank" not in compute_flags(rows, SplitRules.parse(["blank", "barcode"]))[2]
    assert "blank" in compute_flags(rows, SplitRules.parse(["barcode"]))[2]


def test_every_n_pages_counts_from_the_last_separator() -> None:
    rows = [page(i) for i in range(1, 6)] + [sheet(6)] + [page(i) for i in range(7, 10)]
    docs = plan(rows, SplitRules.parse(["every:2", "patcht"]), "B")
    assert pages_of(docs) == [[1, 2], [3, 4], [5], [7, 8], [9]]


def test_deleted_and_unreadable_pages_are_accounted_not_rendered() -> None:
    rows = [page(1), page(2, error="CorruptFileError", ocred=False), page(3, decision="deleted"),
            page(4)]
    docs = plan(rows, SplitRules.parse([]), "B")
    assert pages_of(docs) == [[1, 4]] and docs[0].unreadable == [2]
    assert compute_flags(rows, SplitRules.parse([]))[2] == ["unreadable"]


@pytest.mark.parametrize("rule", ["every:0", "qr", "every:x", ""])
def test_bad_rules_are_refused(rule: str) -> None:
    with pytest.raises(SplitRuleError):
        SplitRules.parse([rule] if rule else [" , "])


def test_deviation_flags_come_from_the_batchs_own_distribution() -> None:
    rows = [page(i, skew=0.2 * (i % 3), content=0.5 + 0.01 * (i % 4)) for i in range(1, 21)]
    rows[6] = dataclasses.replace(rows[6], skew=6.0)  # far off this batch's skew
    rows[11] = dataclasses.replace(rows[11], content=0.05)  # a scrap of paper in a box of A4
    rows[15] = dataclasses.replace(rows[15], confidence=41.0)
    rows[17] = dataclasses.replace(rows[17], quarter_turn=180)
    flags = compute_flags(rows, SplitRules.parse([]))
    flagged = {seq: f for seq, f in flags.items() if f}
    assert flagged == {7: ["skew_outlier"], 12: ["size_outlier"], 16: ["low_confidence"],
                       18: ["rotated"]}


def test_a_double_feed_and_a_separator_sequence_break_are_flagged() -> None:
    rows = [page(1), page(2), sheet(3, "code128", "HS-1975-012"), page(4), page(5),
            sheet(6, "code128", "HS-1975-014"), page(7), sheet(8, "code128", "HS-1975-015"),
            page(9)]
    rows[4] = dataclasses.replace(rows[4], text_sig=rows[3].text_sig)  # fed twice
    flags = compute_flags(rows, SplitRules.parse(["barcode"]))
    assert flags[5] == ["double_feed"]
    assert flags[6] == ["separator_sequence"]  # HS-1975-013's sheet is missing
    assert not flags[8] and not flags[4]
