"""Place names after a unit word are put right against the address index; nothing else moves."""

from __future__ import annotations

from scanstation.ocr import placefix, textfix
from scanstation.ocr.results import Line, PageOcr, Word


def _fixed(*lines: str) -> list[str]:
    page = PageOcr(tuple(Line(tuple(Word(t, (10 * i, 0, 10 * i + 8, 10), 95.0)
                                    for i, t in enumerate(line.split()))) for line in lines),
                   1000, 1000, 300.0)
    return [line.text for line in placefix.fix_page_places(textfix.fix_page(page)).lines]


def test_a_place_name_read_with_a_neighbouring_tone_is_put_right() -> None:
    assert _fixed("QUẬN LIÊN CHIỀU", "Quận Liên Chiếu", "xã Mỹ Xướng, huyện Diễn Châu",
                  "tỉnh Quáng Ninh.") == [
        "QUẬN LIÊN CHIỂU", "Quận Liên Chiểu", "xã Mỹ Xương, huyện Diễn Châu", "tỉnh Quảng Ninh."]


def test_names_read_right_and_words_after_no_unit_are_left_alone() -> None:
    lines = ["PHƯỜNG THỦY DƯƠNG", "phường Thuỷ Dương,", "huyện Đông Hòa", "tỉnh Thừa Thiên Huế",
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "thành phố Hồ Chí Minh", "Liên Chiều đi học",
             "xã Hòa Bình"]
    assert _fixed(*lines) == lines


def test_a_unit_in_capitals_read_without_its_marks_is_a_unit_before_a_known_name() -> None:
    """A header's "PHƯỜNG SÀI GÒN" lost its marks to the line above: "PHƯƠNG SAI GÒN", "XA LE
    CHAN" (issue 14). Such a word is a unit only before a known name; in lower case, or before
    anything else, it is the word it reads as."""
    assert _fixed("PHƯƠNG SAI GÒN", "PHƯƠNG HOÀN KIÊM", "UBND XA LE CHAN",
                  "PHƯƠNG HOÀN KIẾM") == [
        "PHƯỜNG SÀI GÒN", "PHƯỜNG HOÀN KIẾM", "UBND XÃ LÊ CHÂN", "PHƯỜNG HOÀN KIẾM"]
    lines = ["PHƯƠNG PHÁP LUẬN", "QUAN HỆ QUỐC TẾ", "xa Lê Chân", "PHO CHỦ TỊCH"]
    assert _fixed(*lines) == lines


def test_a_name_in_capitals_that_lost_every_mark_takes_the_one_name_with_its_letters() -> None:
    """A bold heading's second line "PHƯỜNG BẾN THÀNH" set tight under "XÁC NHẬN CỦA UBND" was
    read "PHƯƠNG BEN THANH" (browser set 50): every mark went to the line above, "BẾN" two of
    them. Only a name read in capitals with no mark at all may take that many, and only when
    one name has its letters; lower case and a name with a mark of its own keep the old rule."""
    assert _fixed("PHƯƠNG BEN THANH", "PHƯỜNG BEN THANH") == [
        "PHƯỜNG BẾN THÀNH", "PHƯỜNG BẾN THÀNH"]
    lines = ["phường Ben Thanh", "PHƯỜNG BEN THÀNH TÂY", "PHƯỜNG AN PHU"]
    assert _fixed(*lines) == lines


def test_the_gazetteer_knows_old_and_new_names_in_either_tone_placement() -> None:
    keys, by_letters = placefix.place_names()
    assert len(keys) > 5000
    assert placefix._placement_key(["liên", "chiểu"]) in keys  # an old district
    assert placefix._placement_key(["thuỷ", "dương"]) == placefix._placement_key(["thủy", "dương"])
    assert "liên chiểu" in by_letters["lien chieu"]
