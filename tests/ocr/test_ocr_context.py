"""A mark put right by the phrase it belongs to (``ocr.context``): a sure misreading ("kết quá",
"đã sứ dụng") gives way to the spelling its free neighbour makes a compound with; names, places,
function words, real compounds and known phrases (``ocr.bigrams``) stay."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scanstation.ocr import bigrams, context
from scanstation.ocr.pipeline import expand_inputs, process_page
from scanstation.ocr.results import Line, PageOcr, Word


def _fix(text: str) -> str:
    return " ".join(context.repair(text.split()))


def test_a_sure_misreading_takes_its_compounds_spelling() -> None:
    assert _fix("báo cáo kết quá hồ sơ") == "báo cáo kết quả hồ sơ"
    assert _fix("người dân đã sứ dụng ổn định") == "người dân đã sử dụng ổn định"
    assert _fix("theo quy định của pháp luật hiên hành") == \
        "theo quy định của pháp luật hiện hành"
    assert _fix("đơn vị chú trì và người thụ hướng") == "đơn vị chủ trì và người thụ hưởng"
    assert _fix("CỘNG HÒA XÃ HỘI CHÚ NGHĨA VIỆT NAM") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _fix("sử dụng ốn định thửa đất") == "sử dụng ổn định thửa đất"  # "ốn": no word


def test_a_place_name_in_lower_case_holds_no_misreading() -> None:
    # "Văn Bán" is a commune (Phú Thọ): its two syllables in lower case are a misread "văn bản"
    assert bigrams.places().known("Văn", "Bán")
    assert _fix("hệ thống văn bán quy phạm") == "hệ thống văn bản quy phạm"
    assert _fix("XÃ VĂN BÁN HUYỆN CẨM KHÊ") == "XÃ VĂN BÁN HUYỆN CẨM KHÊ"  # the commune stays
    assert _fix("tại xã Văn Bán nay") == "tại xã Văn Bán nay"


def test_two_neighbours_both_one_mark_off_take_their_compound_together() -> None:
    """Neither word of "nhần dần" has a partner to lean on, so the one-word rules leave both;
    together they are one mark each from "nhân dân", a compound and a known phrase (browser
    sets 42 and 50, fax set 41: one pair each)."""
    assert _fix("Nghị viện nhần dần có quyền") == "Nghị viện nhân dân có quyền"
    assert _fix("cũng thuộc thấm quyên của nhà") == "cũng thuộc thẩm quyền của nhà"
    assert _fix("dần chú. Vì tội phạm") == "dân chủ. Vì tội phạm"
    # "cũng tự" and "tỏ mình" are known phrases: read right on both sides, "tự tỏ" stays
    for kept in ("trong kì họp chứ không chỉ", "Nhần Dần", "nhần, dần", "nhân dân",
                 "ngài cũng tự tỏ mình là"):
        assert _fix(kept) == kept


def test_a_far_commoner_spelling_wins_by_a_known_phrase() -> None:
    # no compound: "thửa đất" and "nhà ở" are phrases of Tesseract's text, and "thửa" and "ở"
    # are ~100 times as common as "thủa" and "ớ"
    assert _fix("ổn định thủa đất số 476") == "ổn định thửa đất số 476"
    assert _fix("xây dựng nhà ớ phù hợp") == "xây dựng nhà ở phù hợp"
    assert _fix("sau khi rà soát lại") == "sau khi rà soát lại"  # "rà soát": a compound


def test_a_known_phrase_keeps_its_word() -> None:
    pairs = bigrams.bigrams()
    assert pairs.known("kể", "từ") and pairs.known("Có", "TÍNH")  # any case
    assert pairs.known("hoà", "bình") == pairs.known("hòa", "bình")  # any tone placement
    assert not pairs.known("kết", "quá") and not pairs.known("sứ", "dụng")
    assert bigrams.places().known("Cao", "Lãnh") and bigrams.places().known("hoà", "minh")
    assert not bigrams.places().known("kết", "quả")
    # each changes without the phrase: "như thể", "chính sử", "hơn nữa", "ngày sau", "bình điện"
    for text in ("cấu như thế mới đủ", "cho chính sự được", "qua hơn nửa thế kỷ", "ngay sau khi",
                 "trên bình diện"):
        assert _fix(text) == text


def test_function_words_compounds_places_and_names_stay_as_read() -> None:
    kept = [
        "khai của mình",  # "cửa mình" is a compound, but "của" is ~20× commoner than "cửa"
        "đã sử dụng",  # "dã sử" is a compound, but "sử" is already bound to "dụng"
        "theo bản đồ số 12",  # "đồ sộ": "đồ" is already bound to "bản"
        "Có thể là trang",  # "thể" pairs with a capital at the sentence start
        "HUYỆN CAO LÃNH",  # "cao lanh" is a word, "Cao Lãnh" a place
        "PHƯỜNG HÒA MINH",
        "Xác nhận bà Lê Minh",  # "ba lê" is a word; a name is never a partner
        "tố, chức",  # punctuation ends the phrase
        "vấn đề có tính chất pháp lý",  # "có tình": "có" stands alone too often to bind
        "báo cáo cấp tỉnh và",  # an administrative unit, not the medical "cấp tính"
    ]
    for text in kept:
        assert _fix(text) == text


def test_a_lost_bar_is_put_back_only_on_a_syllable_never_seen() -> None:
    # fax pages: "Đình", "Đức", "đất" came back without the bar, as syllables no list attests
    assert _fix("đường Phan Dình Phùng") == "đường Phan Đình Phùng"
    assert _fix("Nguyễn Dức Nhung") == "Nguyễn Đức Nhung"
    assert _fix("sử dụng dất ở") == "sử dụng đất ở"
    assert _fix("XÃ DỨC PHỔ") == "XÃ ĐỨC PHỔ"
    # real words spelled with "d" stay, however much commoner their barred twin
    for text in ("mưa dông kéo dài", "giấy dó", "dai dẳng", "dằng dặc", "Nguyễn Văn Dũng",
                 "Dương Văn Dậu", "dám làm", "dã man"):
        assert _fix(text) == text


def test_the_given_name_chi_that_tesseract_writes_chi_with_a_hook() -> None:
    # the model's own bias: a crisp "Chi" comes back "Chỉ"; a body's "Chỉ đạo" is a compound
    assert _fix("3 Đặng Xuân Chỉ 5.100.000") == "3 Đặng Xuân Chi 5.100.000"
    assert _fix("ông Nguyễn Văn Chỉ, sinh năm") == "ông Nguyễn Văn Chi, sinh năm"
    for text in ("Ban Chỉ đạo tỉnh", "Bộ Chỉ huy Quân sự", "theo Chỉ thị số 15", "Chỉ có một"):
        assert _fix(text) == text


def test_tinh_thần_written_with_the_provinces_hook_is_put_right() -> None:
    assert _fix("đi theo tỉnh thần của") == "đi theo tinh thần của"
    assert _fix("tỉnh giản biên chế") == "tinh giản biên chế"
    for text in ("của tỉnh ủy", "các tỉnh thành phố", "đường tỉnh lộ 5", "rất tỉnh táo",
                 "UBND tỉnh Nam Định", "cấp tỉnh quản lý", "của tỉnh ta"):
        assert _fix(text) == text


def test_a_names_first_word_one_mark_off_a_surname_is_put_right() -> None:
    assert _fix("1 Bủi Quốc Thắng 1955") == "1 Bùi Quốc Thắng 1955"
    assert _fix("5 Lẻ Thị Hoa") == "5 Lê Thị Hoa"  # a circumflex read as a hook
    assert _fix("họ tên: Ngõ Minh Khoa") == "họ tên: Ngô Minh Khoa"
    kept = ["Chử Văn Long",  # a rarer surname, not "Chu"
            "PHÓ TRƯỞNG PHÒNG",  # capitals: a heading as often as a name
            "tại Đô Lương Nghệ An",  # a place
            "Vô Hiệu Hóa",  # a compound
            "ông Văn Bảo Lê Minh",  # not a name's first word
            "do Đảng Cộng sản",  # two capitals: a body, a country, not a name
            "mô hình Viện Công tố",
            "Vì Bộ Luật Dân sự"]  # "vì bộ" is a known phrase
    for text in kept:
        assert _fix(text) == text


def test_a_lone_capital_is_a_partner_and_a_names_capital_is_not() -> None:
    assert _fix("căn cứ Nghị dịnh số 12") == "căn cứ Nghị định số 12"
    assert _fix("ông Nguyễn Văn Hùng được giao") == "ông Nguyễn Văn Hùng được giao"


def test_fix_page_keeps_boxes_and_confidences() -> None:
    words = tuple(Word(t, (i * 100, 0, i * 100 + 90, 40), 96.5) for i, t in
                  enumerate(["kết", "quá", "hồ", "sơ"]))
    page = context.fix_page(PageOcr((Line(words),), 1000, 100, 200.0))
    fixed = page.lines[0].words
    assert [w.text for w in fixed] == ["kết", "quả", "hồ", "sơ"]
    assert [(w.box, w.conf) for w in fixed] == [(w.box, w.conf) for w in words]



def _fix_bw(text: str) -> str:
    return " ".join(context.repair(text.split(), bitonal=True))


def test_on_a_black_and_white_page_a_commoner_spelling_in_a_phrase_wins() -> None:
    """Fax pages' sure misreadings (browser sets 31-34, issue 14): each a valid syllable that
    makes no phrase with its neighbours, one mark from a ~10 times commoner word that does."""
    for read, right in (("các cơ quan phái thực hiện", "các cơ quan phải thực hiện"),
                        ("có nhiêu ý kiến khác nhau", "có nhiều ý kiến khác nhau"),
                        ("trên tuyến dường giao thông", "trên tuyến đường giao thông"),
                        ("mớ cửa hàng", "mở cửa hàng")):
        assert _fix(read) == read  # a grey page's marks are trusted: nothing changes
        assert _fix_bw(read) == right


def test_on_a_black_and_white_page_a_bowl_read_as_u_is_opened_by_its_phrase() -> None:
    """A fax's 100-dpi rows close the top of an "a", "ă", "â" or "ơ" into a "u" under the same
    tone mark (fax set 41: "tụi", "hụp", "giữu", "dunh", "nghĩu"): the spelling with the bowl
    wins when it is ~10 times as common and makes a compound or a known phrase with a
    neighbour, and the word as read makes neither."""
    for read, right in (("thực tế tụi Hà Nội", "thực tế tại Hà Nội"),
                        ("lợi ích hụp pháp", "lợi ích hợp pháp"),
                        ("lẫn nhau giữu các", "lẫn nhau giữa các"),
                        ("Số định dunh cá nhân", "Số định danh cá nhân"),
                        ("chủ nghĩu xã hội", "chủ nghĩa xã hội")):
        assert _fix(read) == read  # a grey page's letters are trusted
        assert _fix_bw(read) == right
    for kept in ("cây bút bi", "khung cửa sổ", "mùa thu năm", "ngày 15 tháng 12"):
        assert _fix_bw(kept) == kept


def test_on_a_black_and_white_page_names_and_phrases_stay() -> None:
    for kept in ("tổ chức cuộc họp thường kỳ",  # "cuộc họp": a compound as read
                 "giao cho Nguyễn Văn Phái", "Trần Văn Quyên",  # a name's capitals
                 "khởi công xây dựng đường", "tiền đặt cọc"):
        assert _fix_bw(kept) == kept


def test_on_a_black_and_white_page_a_cells_first_word_is_weighed_by_the_next() -> None:
    """A fax's table note "Bổ sung" came back "Bố sung" (11 times in fax set 37): a title-case
    word after no capital, before a lower-case word, is a cell's or sentence's first word."""
    for read, right in (("2.300.000 Bố sung", "2.300.000 Bổ sung"),
                        ("Chú tịch nước", "Chủ tịch nước")):
        assert _fix(read) == read  # grey: Tesseract's capitals are left to it
        assert _fix_bw(read) == right
    for kept in ("ông Nguyễn Văn Bố sung", "Phan Chú tịch"):  # after a capital: a name's
        assert _fix_bw(kept) == kept


def test_on_a_black_and_white_page_a_t_read_as_l_is_put_right_by_its_compound() -> None:
    """Fax set 37: "Lừ", "Lài", "nguyên lắc" for "từ", "tài", "nguyên tắc"."""
    for read, right in (("trả Lài khoản", "trả tài khoản"),
                        ("theo nguyên lắc cơ bản", "theo nguyên tắc cơ bản")):
        assert _fix(read) == read
        assert _fix_bw(read) == right
    for kept in ("gặp ông Lâm Văn", "gặp ông Lâm", "cây lúa", "đi làm việc", "ba lần"):
        assert _fix_bw(kept) == kept


def test_on_a_black_and_white_page_a_known_phrase_does_not_hold_a_rarer_word() -> None:
    """Fax set 37: "thế hiện", "chính thế" — known phrases as read ("như thế hiện nay"), but
    the commoner "thể" makes a compound. On grey pages the phrase as read holds."""
    for read, right in (("điều này thế hiện rõ", "điều này thể hiện rõ"),
                        ("trong một chính thế", "trong một chính thể")):
        assert _fix(read) == read
        assert _fix_bw(read) == right
    for kept in ("như thế nào", "lúc nào cũng được"):
        assert _fix_bw(kept) == kept


def test_a_header_cells_spent_is_no_pointed_out() -> None:
    """"Đã chi | Còn lại" (spent | left) in a table's header came back "Đã chỉ" on 10 of 128
    browser pages; "đã chỉ" with its object, or a line's end, stays."""
    assert _fix("Ghi chú Đã chỉ Còn lại") == "Ghi chú Đã chi Còn lại"
    for kept in ("Bác đã chỉ rõ", "Đã chỉ đạo các xã", "như Bác Hồ Đã chỉ"):
        assert _fix(kept) == kept


def test_fix_page_uses_the_pages_own_picture_kind() -> None:
    read = "các cơ quan phái thực hiện"
    line = Line(tuple(Word(t, (0, 0, 10, 10), 96.0) for t in read.split(" ")))
    grey = PageOcr((line,), 100, 100, 200.0)
    assert context.fix_page(grey).text == "các cơ quan phái thực hiện"
    bw = PageOcr((line,), 100, 100, 200.0, bitonal=True)
    fixed = context.fix_page(bw)
    assert fixed.text == "các cơ quan phải thực hiện" and fixed.bitonal
    assert fixed.words[3].box == (0, 0, 10, 10) and fixed.words[3].conf == 96.0

FIXTURE = Path(__file__).parent.parent / "fixtures" / "ocr_fax_context"


def test_fax_lines_read_wrong_and_sure_are_put_right_by_their_context() -> None:
    names = process_page(expand_inputs([FIXTURE / "names.png"])[0])
    # Tesseract's reading: "Bui", "Búi" ("Bủi", "Bụi" while the crop still cut the first row)
    assert "Bùi Quốc" not in names.raw_text and "Bùi Đức" not in names.raw_text
    assert "2 Bùi Quốc" in names.ocr.text and "3 Bùi Đức" in names.ocr.text
    # the table's first row, whose rules run to the crop's edge, is read (the border crop took
    # it for a scanner's border until it learned to stop at writing)
    assert "1 Ng" in names.ocr.text and "Thủy Trang" in names.ocr.text
    assert "6 Bùi Xuân" in names.ocr.text and "Quảng Yên" in names.ocr.text
    sentences = process_page(expand_inputs([FIXTURE / "sentences.png"])[0])
    for wrong in ("sứ dụng", "ốn định", "thứa đất", "chú trì", "thụ hướng"):
        assert wrong in sentences.raw_text
    for right in ("đã sử dụng ổn định thửa đất", "Đơn vị chủ trì", "người thụ hưởng", "kết quả hồ sơ",
                  "Hộ gia đình ông Bùi Thùy Phúc"):
        assert right in sentences.ocr.text


def test_without_the_phrases_nothing_changes(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # a damaged or missing pairs file (a broken install) must not let the rules loose
    (tmp_path / "vie_bigrams.txt.gz").write_bytes(b"not gzip")
    monkeypatch.setenv("SCANSTATION_HOME", str(tmp_path))
    monkeypatch.setattr(context, "bigrams", lambda: bigrams.bigrams(tmp_path))
    assert _fix("báo cáo kết quá hồ sơ") == "báo cáo kết quá hồ sơ"
    bigrams.bigrams.cache_clear()


def test_cached_pairs_equal_built_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCANSTATION_HOME", str(tmp_path))
    bigrams.bigrams.cache_clear()
    try:
        first = bigrams.bigrams()  # builds and writes the cache
        [cache] = (tmp_path / "cache" / "ocr").glob("bigrams-*.npy")
        assert oct(cache.stat().st_mode & 0o777) == "0o600"
        assert len(first.hashes) > 160_000 and bool(np.all(np.diff(first.hashes) > 0))
        bigrams.bigrams.cache_clear()
        assert np.array_equal(bigrams.bigrams().hashes, first.hashes)  # read back
        for damage in (b"not numpy", None):  # damaged, or of another shape: rebuilt, rewritten
            if damage is None:
                np.save(cache, np.zeros(3, dtype=np.float32))
            else:
                cache.write_bytes(damage)
            bigrams.bigrams.cache_clear()
            assert np.array_equal(bigrams.bigrams().hashes, first.hashes)
            assert np.load(cache).dtype == np.uint64
    finally:
        bigrams.bigrams.cache_clear()
