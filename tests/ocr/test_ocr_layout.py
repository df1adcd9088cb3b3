"""Reading order from word boxes, without Tesseract: header columns, rows, tables."""

from __future__ import annotations

import pytest

from scanstation.ocr import Word
from scanstation.ocr.layout import reading_order
from scanstation.ocr.motto import unglue_motto


def _line(words: list[str], x0: int, y: int, h: int = 40, space: int = 14) -> list[Word]:
    out, x = [], x0
    for text in words:
        w = len(text) * 22
        if set(text) <= set("-–—_"):  # a dash's box is flat, as Tesseract draws it
            out.append(Word(text, (x, y + h // 2, x + w, y + h // 2 + max(2, h // 10)), 95.0))
        else:
            out.append(Word(text, (x, y, x + w, y + h), 95.0))
        x += w + space
    return out


def test_two_column_header_reads_left_block_then_right() -> None:
    words = (
        _line(["ỦY", "BAN", "NHÂN", "DÂN"], 300, 100)
        + _line(["CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA"], 1150, 100)
        + _line(["PHƯỜNG", "BA", "ĐÌNH"], 330, 160)
        + _line(["Độc", "lập", "-", "Tự", "do"], 1250, 162)
        + _line(["Số:", "12/QĐ-UBND"], 320, 230)
        + _line(["Hà", "Nội,", "ngày", "05", "tháng", "3"], 1200, 232)
        + _line(["QUYẾT", "ĐỊNH", "VỀ", "VIỆC"], 800, 330)
        + _line(["Căn", "cứ", "Luật", "Hộ", "tịch"], 300, 420)
    )
    lines = [line.text for line in reading_order(words, 2480)]
    assert lines == [
        "ỦY BAN NHÂN DÂN", "PHƯỜNG BA ĐÌNH", "Số: 12/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do", "Hà Nội, ngày 05 tháng 3",
        "QUYẾT ĐỊNH VỀ VIỆC", "Căn cứ Luật Hộ tịch",
    ]


def test_header_whose_rows_gaps_only_overlap_in_part_is_still_split() -> None:
    """Each block centred on its own column: the short "CÔNG AN" leaves a gap whose middle
    the longer second agency line crosses, and the wide motto starts left of the second row's
    gap middle. Only the overlap of the two gaps separates every row (hold-out page layout)."""
    words = (
        _line(["CÔNG", "AN"], 420, 130)  # ends at 618
        + _line(["CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA"], 858, 130)
        + _line(["THÀNH", "PHỐ", "BẢO", "LỘC"], 281, 186)  # ends at 753
        + _line(["Độc", "lập", "-", "Tự", "do"], 1017, 190)
        + _line(["Số:", "571/TB-UBND"], 350, 244)
        + [Word("_", (770, 120, 790, 175), 39.0)]  # shadow speck in the gap: noise, not a word
        + _line(["Bảo", "Lộc,", "ngày", "04", "tháng", "12"], 956, 296)
        + _line(["DANH", "SÁCH"], 842, 390)
    )
    lines = [line.text for line in reading_order(words, 1984)]
    assert lines == [
        "CÔNG AN", "THÀNH PHỐ BẢO LỘC", "Số: 571/TB-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do", "Bảo Lộc, ngày 04 tháng 12",
        "DANH SÁCH",
    ]


def test_cramped_header_splits_just_left_of_the_motto() -> None:
    """Photographed with keystone, the agency line came within a word space of "CỘNG HÒA"
    (hold-out photo): no gap is column-wide, but the motto tells where the right block starts."""
    words = (
        _line(["THÀNH", "PHỐ", "BẢO", "LỘC"], 433, 311)  # ends at 783: 27 px, under 1 height
        + _line(["CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA"], 810, 311)
        + _line(["XÃ", "DIỄN", "HỒNG"], 542, 390)
        + _line(["Độc", "lập", "-", "Tự", "do"], 1392, 397)
        + _line(["Số:", "125/TB-UBND"], 460, 474)
        + _line(["Lục", "Ngạn,", "ngày", "07", "tháng", "01"], 1278, 558)
        + _line(["TỜ", "TRÌNH"], 1000, 660)
    )
    lines = [line.text for line in reading_order(words, 2728)]
    assert lines == [
        "THÀNH PHỐ BẢO LỘC", "XÃ DIỄN HỒNG", "Số: 125/TB-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do", "Lục Ngạn, ngày 07 tháng 01", "TỜ TRÌNH",
    ]


def test_header_whose_agency_line_reaches_past_the_motto_start() -> None:
    """The agency's second line ("HUYỆN THỦY NGUYÊN", to x 802) reaches further right than
    where "CỘNG HÒA" starts on the first row (x 796): no vertical line separates the blocks,
    yet each row splits where its motto part starts (hold-out page, 6.6 % CER before)."""
    words = (
        _line(["ỦY", "BAN", "NHÂN", "DÂN"], 279, 100)  # ends at 585
        + _line(["CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA"], 796, 100)
        + _line(["HUYỆN", "THỦY", "NGUYÊN"], 450, 160)  # ends at 808
        + _line(["Độc", "lập", "-", "Tự", "do"], 981, 162)
        + _line(["Số:", "647/TTr-UBND"], 317, 230)
        + _line(["Bảo", "Lộc,", "ngày", "22", "tháng", "02"], 910, 290)
        + _line(["QUYẾT", "ĐỊNH"], 880, 370)  # a centred title right of the motto's edge
        + _line(["Về", "việc", "phê", "duyệt", "danh", "sách"], 640, 430)
    )
    lines = [line.text for line in reading_order(words, 1984)]
    assert lines == [
        "ỦY BAN NHÂN DÂN", "HUYỆN THỦY NGUYÊN", "Số: 647/TTr-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do", "Bảo Lộc, ngày 22 tháng 02",
        "QUYẾT ĐỊNH", "Về việc phê duyệt danh sách",
    ]


def test_agency_line_glued_to_the_motto_is_split_into_its_blocks() -> None:
    """"HUYỆN THỦY NGUYÊN" at 14 pt runs into "CỘNG HÒA…" with no space: Tesseract reads
    "NGUYÊNCỘNG" as one word (held-out pages, 5.9–8.5 % CER before)."""
    row = [("HUYỆN", 340, 470), ("THỦY", 484, 590), ("NGUYÊNCỘNG", 604, 880), ("HÒA", 892, 970),
           ("XÃ", 982, 1030), ("HỘI", 1042, 1110)]
    words = [Word(t, (x0, 150, x1, 186), 91.0) for t, x0, x1 in row]
    words += _line(["PHƯỜNG", "LỘC", "TIẾN"], 390, 200) + _line(["Độc", "lập", "-", "Tự"], 900, 202)
    words += _line(["Số:", "224/QĐ-CT"], 420, 260)
    lines = [line.text for line in reading_order(words, 1654)]
    assert lines == ["HUYỆN THỦY NGUYÊN", "PHƯỜNG LỘC TIẾN", "Số: 224/QĐ-CT",
                     "CỘNG HÒA XÃ HỘI", "Độc lập - Tự"]
    glued = [w for w in unglue_motto(words) if w.text in ("NGUYÊN", "CỘNG")]
    assert [w.text for w in glued] == ["NGUYÊN", "CỘNG"]
    assert glued[0].box[0] == 604 and glued[1].box[2] == 880  # the box divided, not grown
    assert glued[0].box[2] < glued[1].box[0]



@pytest.mark.parametrize("glued", ["DÂNˆÔNG", "DÂNCÔNG", "DÂNỘNG"])
def test_a_glued_motto_whose_c_was_misread_is_split_too(glued: str) -> None:
    """A JPEG q≈30 page read "ỦY BAN NHÂN DÂN" + "CỘNG HÒA" as "DÂNˆÔNG HÒA" (7.8 % CER)."""
    row = [("ỦY", 300, 350), ("BAN", 362, 430), ("NHÂN", 442, 530), (glued, 542, 760),
           ("HÒA", 772, 850), ("XÃ", 862, 910), ("HỘI", 922, 990)]
    words = [Word(t, (x0, 150, x1, 186), 91.0) for t, x0, x1 in row]
    words += _line(["HUYỆN", "CAO", "LÃNH"], 340, 200) + _line(["Độc", "lập", "-", "Tự"], 800, 202)
    lines = [line.text for line in reading_order(words, 1654)]
    assert lines == ["ỦY BAN NHÂN DÂN", "HUYỆN CAO LÃNH", "CỘNG HÒA XÃ HỘI", "Độc lập - Tự"]


def test_a_place_ending_in_ong_before_hoa_is_not_split() -> None:
    words = _line(["huyện", "ĐÔNG", "HÒA", "tỉnh"], 300, 600) + _line(["SÔNGHÒA"], 300, 700)
    assert [w.text for w in unglue_motto(words)] == ["huyện", "ĐÔNG", "HÒA", "tỉnh", "SÔNGHÒA"]

def test_a_word_ending_in_cong_elsewhere_is_left_alone() -> None:
    words = _line(["Lao", "động", "CÔNGCỘNG", "mới"], 300, 600)
    assert [w.text for w in unglue_motto(words)] == ["Lao", "động", "CÔNGCỘNG", "mới"]


def test_header_with_a_wide_word_space_in_a_low_quality_jpeg() -> None:
    """Word boxes from a JPEG q≈20 page: the box of "PHƯỜNG" ends short of its ink and the
    space after it is 1.1 line heights - a word space still, not a table's cell gap."""
    row = [("THỊ", 252, 306), ("XÃ", 314, 358), ("HƯƠNG", 366, 482), ("THỦY", 491, 576),
           ("CỘNG", 665, 751), ("HÒA", 760, 828), ("XÃ", 835, 878), ("HỘI", 887, 944)]
    row2 = [("PHƯỜNG", 237, 351), ("THỦY", 382, 466), ("DƯƠNG", 474, 590), ("Độc", 773, 827),
            ("lập", 835, 881)]
    words = [Word(t, (x0, 155, x1, 183), 90.0) for t, x0, x1 in row]
    words += [Word(t, (x0, 197, x1, 225), 90.0) for t, x0, x1 in row2]
    words += _line(["Số:", "652/CV"], 290, 243, h=26) + _line(["GIẤY", "XÁC"], 611, 353, h=30)
    lines = [line.text for line in reading_order(words, 1447)]
    assert lines == ["THỊ XÃ HƯƠNG THỦY", "PHƯỜNG THỦY DƯƠNG", "Số: 652/CV", "CỘNG HÒA XÃ HỘI",
                     "Độc lập", "GIẤY XÁC"]


def test_table_rows_read_cell_after_cell() -> None:
    words = []
    for row, y in enumerate((500, 580, 660)):
        words += _line([str(row + 1)], 310, y) + _line(["Trần", "Văn", "Bình"], 420, y)
        words += _line(["01/02/1990"], 1100, y) + _line(["Đã", "nộp"], 1500, y)
    lines = [line.text for line in reading_order(words, 2480)]
    assert lines == [f"{i} Trần Văn Bình 01/02/1990 Đã nộp" for i in (1, 2, 3)]


def test_centered_title_is_not_split_into_columns() -> None:
    words = _line(["TỜ", "KHAI", "ĐĂNG", "KÝ", "KHAI", "SINH"], 900, 100) + _line(
        ["Họ", "và", "tên:", "Lê", "Minh", "Phước"], 300, 180)
    lines = [line.text for line in reading_order(words, 2480)]
    assert lines == ["TỜ KHAI ĐĂNG KÝ KHAI SINH", "Họ và tên: Lê Minh Phước"]


def test_noise_is_dropped_and_text_kept() -> None:
    words = [*_line(["Xác", "nhận"], 300, 100), Word("^", (900, 100, 910, 110), 12.0)]
    assert [line.text for line in reading_order(words, 2480)] == ["Xác nhận"]
    assert reading_order([], 2480) == []


def test_zero_confidence_words_that_read_as_vietnamese_are_kept() -> None:
    """Tesseract scores words it re-joined in a narrow table cell 0 although they are right."""
    words = [*_line(["2"], 300, 100), Word("Dương", (400, 100, 520, 140), 0.0),
             Word("QuốcTrang", (540, 100, 760, 140), 0.0), Word("12,", (900, 100, 960, 140), 0.0),
             Word("tp", (1000, 100, 1030, 140), 0.0), Word("_", (1040, 100, 1060, 140), 30.0)]
    assert [line.text for line in reading_order(words, 2480)] == ["2 Dương QuốcTrang 12,"]


def test_a_dash_standing_upright_is_a_rule_remnant() -> None:
    """Between a table's row number and name, what erasing the vertical rule left was read as
    "—" at 62 (a 27 × 62 px box, issue 14). A long dash lies flat; a hyphen stays however
    Tesseract boxes it (the motto's "-" came as 25 × 58 px at 93)."""
    words = [Word("2", (484, 2090, 504, 2123), 88.0), Word("—", (547, 2075, 574, 2137), 62.0),
             Word("Đinh", (605, 2088, 703, 2123), 96.0), Word("Minh", (717, 2088, 823, 2123), 96.0),
             Word("Độc", (1000, 354, 1070, 412), 96.0), Word("lập", (1080, 354, 1125, 412), 93.0),
             Word("-", (1134, 354, 1159, 412), 93.0), Word("Tự", (1170, 354, 1230, 412), 96.0),
             Word("do", (1240, 354, 1300, 402), 93.0),
             Word("4", (483, 2249, 506, 2282), 91.0), Word("_", (546, 2234, 567, 2277), 55.0),
             Word("Bùi", (605, 2247, 675, 2282), 96.0)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "Độc lập - Tự do", "2 Đinh Minh", "4 Bùi"]


def test_zero_confidence_document_numbers_and_filing_abbreviations_are_kept() -> None:
    """A document's number under the issuer ("Số: 548/QĐ-UBND") and the filing note's "VT,"
    came back right at confidence 0-2 and were dropped as noise (issue 14); noise of the same
    length, and codes that are no document's ("548/QĐ", "QĐ-"), still go."""
    words = [*_line(["Số:"], 300, 100), Word("548/QĐ-UBND", (400, 100, 700, 140), 0.0),
             *_line(["Căn", "cứ"], 300, 200), Word("30/2020/NĐ-CP", (500, 200, 800, 240), 1.0),
             *_line(["Lưu:"], 300, 300), Word("VT,", (400, 300, 460, 340), 2.0),
             Word("VP.", (480, 300, 540, 340), 0.0), Word("tII", (600, 300, 640, 340), 0.0),
             Word("548/QĐ", (700, 300, 840, 340), 0.0), Word("QĐ-", (900, 300, 960, 340), 0.0)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "Số: 548/QĐ-UBND", "Căn cứ 30/2020/NĐ-CP", "Lưu: VT, VP."]


def test_a_row_of_nothing_but_specks_between_title_and_signer_is_dropped() -> None:
    """What a signature leaves between "CHỦ TỊCH" and the name was read as "l" at 25 or ":" at
    76 (9 × 9 px boxes on 40-px text, issue 14): a row of its own, measured by itself. A
    dash alone (an empty cell) and a full stop in a row of words stay."""
    words = [*_line(["PHÓ", "CHỦ", "TỊCH"], 1700, 2600),
             Word("l", (1900, 2670, 1909, 2679), 25.0), Word(":", (1950, 2672, 1956, 2677), 76.0),
             *_line(["Lê", "Hoài", "Sơn"], 1720, 2740),
             Word("-", (300, 2820, 318, 2824), 90.0),
             *_line(["Hết"], 300, 2900), Word(".", (370, 2932, 376, 2938), 90.0)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "PHÓ CHỦ TỊCH", "Lê Hoài Sơn", "-", "Hết ."]


def test_a_speck_read_as_a_dash_does_not_end_the_headers_columns() -> None:
    """A speckled page (browser set 43): a 3-px speck read "-" between the motto and the
    document's number was a row of its own, the header's columns ended there and "Số:
    344/TTr-UBND" ran into the dated place as one line."""
    words = [*_line(["ỦY", "BAN", "NHÂN", "DÂN"], 337, 136, 30),
             *_line(["CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA"], 776, 131, 30),
             *_line(["PHƯỜNG", "HẢI", "CHÂU"], 323, 179, 30),
             *_line(["Độc", "lập", "-", "Tự", "do"], 907, 183, 30),
             Word("-", (843, 230, 846, 233), 60.0),
             *_line(["Số:", "344/TTr-UBND"], 353, 239, 30),
             *_line(["Hải", "Châu,", "ngày", "4"], 866, 239, 30)]
    assert [line.text for line in reading_order(words, 1643)] == [
        "ỦY BAN NHÂN DÂN", "PHƯỜNG HẢI CHÂU", "Số: 344/TTr-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do", "Hải Châu, ngày 4"]


class FakeEngine:
    """An engine whose second look fails the way tesserocr can ("No text returned")."""

    name = "fake"

    def __init__(self) -> None:
        self.second_looks = 0

    def words(self, gray, dpi, psm=None, choices=False):
        if psm == 7:
            self.second_looks += 1
            raise RuntimeError("No text returned")
        return [Word("Xác", (100, 100, 160, 130), 96.0), Word("nhận", (170, 100, 250, 130), 96.0),
                Word("1", (100, 300, 112, 330), 96.0)]


def test_a_failing_second_look_keeps_the_first_pass() -> None:
    from PIL import Image, ImageDraw

    from scanstation.ocr import OcrParams
    from scanstation.ocr.recognize import Recognizer
    from scanstation.testing import pages as synthetic

    img = Image.new("L", (1000, 800), 255)
    # text that no first-pass word covers: triggers the second look
    ImageDraw.Draw(img).text((600, 500), "Số 12", font=synthetic.font("serif", 32), fill=0)
    img.info["dpi"] = (300, 300)
    engine = FakeEngine()
    page = Recognizer(OcrParams(), engine)(img)
    assert engine.second_looks >= 1
    assert page.text.splitlines() == ["Xác nhận", "1"]


def test_closing_block_reads_recipients_then_signer() -> None:
    words = (
        _line(["Quyết", "định", "này", "có", "hiệu", "lực", "kể", "từ", "ngày", "ký."], 300, 100)
        + _line(["TM.", "ỦY", "BAN", "NHÂN", "DÂN"], 1400, 200)
        + _line(["Nơi", "nhận:"], 300, 250)
        + _line(["CHỦ", "TỊCH"], 1500, 262)
        + _line(["-", "Như", "Điều", "3;"], 300, 310)
        + _line(["-", "Lưu:", "VT."], 300, 370)
        + _line(["Nguyễn", "Văn", "An"], 1450, 480)
    )
    lines = [line.text for line in reading_order(words, 2480)]
    assert lines == [
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An",
    ]


def test_noisy_low_dpi_scan_is_despeckled_and_read_line_by_line() -> None:
    """Scanner grain on a 200-dpi page glued specks to Tesseract's word boxes, which reached
    into the next line: rows came out interleaved and a third of the characters were lost
    (hold-out set). Specks are painted out on a noisy page; a clean page is left untouched."""
    import numpy as np
    from ocr_helpers import cer
    from PIL import Image

    from scanstation.ocr import prepare, recognize, textfix
    from scanstation.stages.pipeline import clean_image
    from scanstation.testing import pages as synthetic

    page = synthetic.render_page("letter", seed=5, dpi=200)
    truth = "\n".join(page.lines)
    clean_gray = np.asarray(page.image.convert("L"))
    assert prepare._erase_small_marks(clean_gray, 300.0, specks=True, leaders=True)[0] is clean_gray
    rng = np.random.default_rng(3)
    noisy = clean_gray.astype(np.float32) + rng.normal(0, 22, clean_gray.shape)
    salt = rng.random(clean_gray.shape)
    noisy[salt < 0.002] = 0
    noisy[salt > 0.998] = 255
    img = Image.fromarray(noisy.clip(0, 255).astype(np.uint8)).convert("RGB")
    img.info["dpi"] = (200, 200)
    text = textfix.fix_page(recognize.recognize(clean_image(img).image)).text
    assert cer(text, truth) <= 0.03, text


def test_a_tall_smear_does_not_merge_table_rows() -> None:
    """Tesseract read a table's STT column (six stacked digits) as one word six rows tall: it
    widened the first row it joined until that row swallowed the rows below (hold-out page)."""
    from scanstation.ocr.layout import drop_column_smears

    words: list[Word] = _line(["Căn", "cứ", "Luật", "Hộ", "tịch", "ngày", "20", "tháng", "11",
                               "năm", "2014"], 300, 380)
    for row, y in enumerate(range(500, 1100, 100)):
        words += _line(["Trần", "Văn", f"B{row}"], 420, y) + _line(["01/02/1990"], 1100, y)
    smear = Word("xGOGẰœ", (300, 480, 330, 1060), 18.0)
    lines = [line.text for line in reading_order([*words, smear], 2480)]
    assert [t for t in lines[1:] if t != "xGOGẰœ"] == [
        f"Trần Văn B{row} 01/02/1990" for row in range(6)]
    assert smear not in drop_column_smears([*words, smear])
    assert drop_column_smears(words) == words


def test_blurred_hairline_rules_are_erased_and_blurred_text_kept() -> None:
    """A 1-px table rule blurred into a pale band is paper to Otsu, yet Tesseract read it as
    "|" glued to the cells (hold-out blurred table page: 12.8 % CER). Pale rules are erased;
    the pale rims of blurred text lines, thin and long as they are, are not."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    from scanstation.ocr.rules import without_rules as _without_rules

    img = Image.new("L", (2400, 900), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 50)
    draw.line([(100, 200), (2300, 200)], fill=0, width=1)  # horizontal hairline
    draw.line([(700, 100), (700, 850)], fill=0, width=1)  # vertical hairline
    for y in (300, 420, 540):
        draw.text((100, y), "Nguyễn Thị Hương Xóm 4 Thủy Nguyên nhận hỗ trợ đợt hai", font=font,
                  fill=0)
    gray = np.asarray(img.filter(ImageFilter.GaussianBlur(2.0)))
    assert gray[200, 300:2200].min() < 225  # the rule is still there, pale
    out = _without_rules(gray, 300.0)[0]
    assert out[195:206, 300:650].min() >= 225  # rule gone where it crosses no text
    assert out[110:190, 695:706].min() >= 225
    text = (slice(290, 620), slice(720, 2300))  # right of the vertical rule
    assert np.array_equal(out[text], gray[text])  # the text is untouched


def test_closing_block_survives_a_word_boxed_short() -> None:
    """Tesseract boxed the italic "Chủ" of "- Chủ tịch, các PCT UBND;" as its "C": a gap of two
    line heights after it, and the row's dashes (2 px tall) halved its typical height. The block
    was taken for a table row and the recipients came out interleaved with the signer's title."""
    words = (
        _line(["Nơi", "nhận:"], 300, 250, h=24)
        + _line(["TM.", "ỦY", "BAN", "NHÂN", "DÂN"], 1400, 252, h=28)
        + [Word("-", (300, 318, 306, 320), 90.0), Word("Chủ", (316, 306, 329, 326), 90.0)]
        + _line(["tịch,", "các", "PCT", "UBND;"], 380, 306, h=24)
        + _line(["CHỦ", "TỊCH"], 1500, 310, h=28)
        + [Word("-", (300, 358, 306, 360), 90.0)]
        + _line(["Như", "Điều", "3;"], 316, 346, h=24)
        + _line(["Nguyễn", "Văn", "An"], 1450, 480, h=28)
    )
    lines = [line.text for line in reading_order(words, 2480)]
    assert lines == ["Nơi nhận:", "- Chủ tịch, các PCT UBND;", "- Như Điều 3;",
                     "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"]


def test_lone_tone_marks_are_not_words() -> None:
    marks = [Word("`", (900, 140, 907, 144), 82.0), Word("¬", (600, 96, 645, 101), 69.0)]
    words = [*_line(["STT", "Họ", "và", "tên"], 300, 100), *marks, *_line(["Từ", "ngày"], 880, 150)]
    assert [line.text for line in reading_order(words, 2480)] == ["STT Họ và tên", "Từ ngày"]


def test_a_merged_header_cell_is_read_in_its_row() -> None:
    """"Thời gian" spans two columns in the header's top half; "STT", "Họ và tên" and "Ghi chú"
    span both header rows, centred lower: a few pixels of overlap only. Read row by row: the
    spanning cell in its place, the sub-header ("Từ ngày | Đến ngày") after, never merged up."""
    words = [*_line(["Thời", "gian"], 950, 100, h=28),
             *_line(["STT"], 300, 124, h=22), *_line(["Họ", "và", "tên"], 500, 124, h=22),
             *_line(["Ghi", "chú"], 1350, 124, h=22),
             *_line(["Từ", "ngày"], 830, 150, h=28), *_line(["Đến", "ngày"], 1090, 150, h=28),
             *_line(["1", "Lê", "Kim", "Nga"], 300, 200, h=22)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "STT Họ và tên Thời gian Ghi chú", "Từ ngày Đến ngày", "1 Lê Kim Nga"]


def test_lines_of_text_are_never_joined_as_cells() -> None:
    # a short last line and an indented first line, touching: the short line is not inside a gap
    words = [*_line(["nhà", "nước."], 300, 100, h=30), *_line(["Theo", "quy", "định"], 480, 126)]
    assert [line.text for line in reading_order(words, 2480)] == ["nhà nước.", "Theo quy định"]


def test_closing_block_without_its_first_word() -> None:
    # the small bold italic "Nơi" is what a JPEG loses first: "nhận:" still opens the block
    words = [*_line(["nhận:"], 300, 250), *_line(["KT.", "CHỦ", "TỊCH"], 1400, 252),
             *_line(["-", "Như", "Điều", "3;"], 300, 310),
             *_line(["PHÓ", "CHỦ", "TỊCH"], 1400, 312), *_line(["-", "Lưu:", "VT."], 300, 370)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "nhận:", "- Như Điều 3;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_a_merged_header_apart_from_its_row_and_with_stolen_marks() -> None:
    """At 300 dpi the spanning cell ends just above the row it belongs to (no overlap), and
    the acute of "Đến" and the grave of "ngày", cut off by Tesseract, sit in that row as a
    one-character "5" and "‹" a third of the line high: the sub-header below says it is a
    header all the same."""
    words = [*_line(["Số", "tiền"], 1365, 1970, h=40),
             *_line(["STT"], 380, 2023, h=38), *_line(["Họ", "và", "tên"], 728, 2021, h=39),
             Word("5", (1705, 2046, 1729, 2059), 88.0), Word("‹", (1860, 2048, 1872, 2059), 70.0),
             *_line(["Ghi", "chú"], 1981, 2021, h=39),
             *_line(["Đã", "chi"], 1272, 2085, h=39), *_line(["Còn", "lại"], 1639, 2085, h=39)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "STT Họ và tên Số tiền Ghi chú", "Đã chi Còn lại"]


def test_the_wards_confirmation_beside_the_applicants_signature() -> None:
    words = [*_line(["XÁC", "NHẬN", "CỦA", "UBND"], 300, 250),
             *_line(["NGƯỜI", "LÀM", "ĐƠN"], 1450, 252),
             *_line(["PHƯỜNG", "BẾN", "THÀNH"], 320, 310),
             *_line(["(Ký,", "ghi", "rõ", "họ", "tên)"], 1400, 312),
             *_line(["Trần", "Thị", "Hà"], 1480, 480)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "XÁC NHẬN CỦA UBND", "PHƯỜNG BẾN THÀNH", "NGƯỜI LÀM ĐƠN", "(Ký, ghi rõ họ tên)",
        "Trần Thị Hà"]


@pytest.mark.parametrize("misread", ["nhậm:", "pạo:"])
def test_closing_block_with_its_recipients_word_misread(misread: str) -> None:
    """"Nơi nhận:" is small bold italic: on a yellowed or JPEG page it came out "Nơi nhậm:" or
    "Nơi pạo:", and the block was read interleaved with the signer's."""
    words = [*_line(["Nơi", misread], 300, 250), *_line(["TM.", "ỦY", "BAN", "NHÂN", "DÂN"],
                                                         1400, 246),
             *_line(["-", "Chủ", "tịch;"], 300, 310), *_line(["CHỦ", "TỊCH"], 1500, 312),
             *_line(["-", "Lưu:", "VT."], 300, 370), *_line(["Vũ", "Minh", "Khánh"], 1450, 480)]
    assert [line.text for line in reading_order(words, 2480)] == [
        f"Nơi {misread}", "- Chủ tịch;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
        "Vũ Minh Khánh"]


def test_the_signers_title_opens_the_closing_block_when_recipients_are_unreadable() -> None:
    # speckle turned "Nơi nhận:" into "b-t2-L": the signer's "TM." on the right still says
    # that two columns start here
    words = [*_line(["b-t2-L"], 300, 250), *_line(["TM.", "ỦY", "BAN", "NHÂN", "DÂN"], 1400, 250),
             *_line(["-", "Như", "Điều", "3;"], 300, 310), *_line(["CHỦ", "TỊCH"], 1500, 312)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "b-t2-L", "- Như Điều 3;", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_a_title_in_running_text_opens_no_columns() -> None:
    # a row of text reaches across the middle: its right half starting with "CHỦ TỊCH" (row
    # split at the page's middle, 1240) is no signer's block
    first, second = (text.split(" ") for text in (
        "Giao cho ông Lê Nam, Phó Chủ tịch thường trực, CHỦ TỊCH UBND ký thay.",
        "Các ông bà có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."))
    words = [*_line(first, 240, 250), *_line(second, 240, 310)]
    assert next(w.text for w in words if w.box[0] >= 0.45 * 2480) == "CHỦ"
    assert [line.text for line in reading_order(words, 2480)] == [" ".join(first),
                                                                  " ".join(second)]


def test_motto_with_a_word_dropped_as_noise_still_reads_as_the_header() -> None:
    """A low-quality JPEG read "Độc lập - Tự do" as "Độc: lập - Tuy:dö -": the noise word is
    dropped, leaving a gap inside the motto that looked like a table row's, and the page's
    number was read inside the motto."""
    words = [*_line(["ỦY", "BAN", "NHÂN", "DÂN"], 323, 151),
             *_line(["CỘNG", "HÒA", "XÃ", "HỘI"], 802, 152),
             *_line(["PHƯỜNG", "HOÀN", "KIẾM"], 289, 204), *_line(["NAM"], 1110, 211),
             *_line(["Số:", "900/TTr-UBND"], 339, 276),
             *_line(["Độc:", "lập", "-"], 893, 261), Word("Tuy:dö", (1160, 261, 1270, 300), 2.0),
             *_line(["-", "Hạnh", "phúc"], 1350, 261),
             *_line(["Hoàn", "Kiếm,", "ngày", "28"], 823, 327)]
    assert [line.text for line in reading_order(words, 1653)] == [
        "ỦY BAN NHÂN DÂN", "PHƯỜNG HOÀN KIẾM", "Số: 900/TTr-UBND", "CỘNG HÒA XÃ HỘI", "NAM",
        "Độc: lập - - Hạnh phúc", "Hoàn Kiếm, ngày 28"]


def test_a_rules_remnant_beside_a_merged_header_cell_does_not_keep_it_apart() -> None:
    """A blurred browser page (set 36): the header's top rule left a "-" (at 63) over "tên",
    in the spanning cell's row; the cell was read as a line of its own above its row."""
    words = [Word("-", (614, 1335, 624, 1342), 63.0), *_line(["Thời", "gian"], 969, 1309, h=32),
             *_line(["STT"], 276, 1333, h=41), *_line(["Họ", "và", "tên"], 508, 1337, h=30),
             *_line(["Ghi", "chú"], 1357, 1336, h=25),
             *_line(["Từ", "ngày"], 848, 1366, h=31), *_line(["Đến", "ngày"], 1102, 1366, h=31)]
    lines = [line.text for line in reading_order(words, 1653)]
    assert lines[1:] == ["Từ ngày Đến ngày"]
    assert lines[0].replace(" -", "") == "STT Họ và tên Thời gian Ghi chú"


def test_the_acute_of_the_sub_header_read_as_a_dash_at_the_headers_baseline_is_dropped() -> None:
    """Clean and noisy browser pages (set 36): the acute of "Đến" under "Thời gian", cut off
    by Tesseract, came back as "-" (at 53-61) in the header's row: "Thời gian - Ghi chú". A
    recipients line's dash, drawn at half the x-height, stays."""
    boxes = {"STT": (260, 1165, 321, 1187), "Họ": (469, 1165, 510, 1193),  # as read
             "và": (519, 1164, 552, 1187), "tên": (561, 1163, 605, 1187),
             "Thời": (921, 1137, 989, 1161), "gian": (999, 1137, 1059, 1167),
             "-": (1087, 1187, 1100, 1194), "Ghi": (1329, 1164, 1381, 1187),
             "chú": (1391, 1164, 1441, 1187), "Từ": (794, 1190, 836, 1213),
             "ngày": (845, 1195, 912, 1219), "Đến": (1061, 1190, 1117, 1213)}
    words = [Word(text, box, 90.0) for text, box in boxes.items()]
    words.append(Word("ngày", (1127, 1195, 1194, 1219), 96.0))
    assert [line.text for line in reading_order(words, 1653)] == [
        "STT Họ và tên Thời gian Ghi chú", "Từ ngày Đến ngày"]
    dash = [Word("-", (290, 1441, 296, 1445), 90.0), *_line(["Như", "Điều", "3;"], 305, 1431,
                                                           h=19)]
    assert [line.text for line in reading_order(dash, 1653)] == ["- Như Điều 3;"]


def test_slivers_and_lone_stops_in_a_table_header_are_not_words() -> None:
    """A JPEG's 7-px sliver of marks and rule under "Số tiền" was read "và,", and a speck
    "." beside "Còn lại": both kept the spanning cell out of its row."""
    words = [*_line(["Số", "tiền", "(đồng)"], 886, 1359, h=30),
             *_line(["STT"], 279, 1388, h=41), *_line(["Họ", "và", "tên"], 468, 1391, h=30),
             Word("và,", (863, 1419, 945, 1426), 60.0), Word(".", (1228, 1419, 1234, 1426), 50.0),
             *_line(["Ghi", "chú"], 1340, 1391, h=28),
             *_line(["Đã", "chi"], 831, 1421, h=24), *_line(["Còn", "lại"], 1107, 1420, h=25)]
    assert [line.text for line in reading_order(words, 1693)] == [
        "STT Họ và tên Số tiền (đồng) Ghi chú", "Đã chi Còn lại"]


def test_two_recipients_lines_bridged_by_the_blurred_signer_are_read_apart() -> None:
    """Blur stretched "PHÓ CHỦ TỊCH" over two recipients lines (boxes as measured on a
    browser page at 200 dpi): one row held both, and they were read interleaved ("- - Như
    Thường Điều trực 3;")."""
    words = [*_line(["Nơi", "nhận:"], 289, 1399, h=22), *_line(["KT.", "CHỦ", "TỊCH"], 1118, 1397,
                                                                 h=30),
             Word("-", (290, 1441, 296, 1445), 90.0), Word("-", (290, 1469, 296, 1473), 90.0),
             Word("Như", (305, 1431, 353, 1450), 95.0), Word("Điều", (360, 1431, 411, 1450), 95.0),
             Word("3;", (419, 1431, 437, 1451), 95.0),
             Word("Thường", (305, 1459, 393, 1484), 95.0),
             Word("trực", (401, 1462, 445, 1481), 95.0), Word("Đảng", (452, 1459, 511, 1484), 95.0),
             Word("ủy;", (519, 1459, 551, 1484), 95.0),
             Word("PHÓ", (1105, 1429, 1173, 1463), 90.0), Word("CHỦ", (1181, 1431, 1247, 1461), 90.0),
             Word("TỊCH", (1253, 1434, 1327, 1489), 60.0),
             *_line(["-", "Lưu:", "VT."], 290, 1491, h=20)]
    lines = [line.text for line in reading_order(words, 1653)]
    assert lines[:5] == ["Nơi nhận:", "- Như Điều 3;", "- Thường trực Đảng ủy;", "- Lưu: VT.",
                         "KT. CHỦ TỊCH"]
    assert "PHÓ CHỦ" in " ".join(lines[5:])


def test_a_table_cell_wrapped_beside_a_tall_cell_is_two_lines_not_one() -> None:
    # a tall amount centred on the row bridged a name cell's two lines: "1 Nguyễn An Văn"
    words = [*_line(["1"], 300, 100), *_line(["Nguyễn", "Văn"], 420, 100),
             *_line(["An"], 420, 145), Word("3.000.000", (1200, 105, 1400, 175), 90.0)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "1 Nguyễn Văn 3.000.000", "An"]


def test_marks_below_the_baseline_are_the_next_rows_accents() -> None:
    """The hook of "chỉ" and the grave of "lại" in a table's sub-header, cut off by Tesseract
    and read as "-" in the header row above (300 dpi JPEG, boxes as measured)."""
    words = [*_line(["Số", "tiền", "(đồng)"], 1352, 1839, h=40),
             Word("STT", (403, 1874, 495, 1930), 95.0), *_line(["Họ", "và", "tên"], 725, 1878, h=37),
             Word("-", (1397, 1920, 1404, 1925), 40.0), Word("-", (1799, 1920, 1806, 1925), 40.0),
             *_line(["Ghi", "chú"], 2005, 1878, h=37),
             *_line(["Đã", "chi"], 1257, 1920, h=37), *_line(["Còn", "lại"], 1645, 1920, h=37)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "STT Họ và tên Số tiền (đồng) Ghi chú", "Đã chi Còn lại"]
    # a hyphen inside a line sits at half the x-height: kept
    words = [*_line(["Độc", "lập"], 300, 100), Word("-", (410, 118, 430, 122), 90.0),
             *_line(["Tự", "do"], 440, 100)]
    assert [line.text for line in reading_order(words, 2480)] == ["Độc lập - Tự do"]


def test_the_title_below_the_header_ends_its_columns() -> None:
    """A title set right of the header's split (its centre is the page's) and form lines cut
    short by their erased leaders: all fitted the header's columns, and "Họ và tên …" was
    read after "Số: 663/GXN-CA", the title after the dated place (a browser page, 300 dpi)."""
    def at(text: str, x0: int, x1: int, y: int) -> list[Word]:
        parts = text.split(" ")
        step = (x1 - x0) / len(parts)
        return [Word(p, (round(x0 + i * step), y, round(x0 + (i + 1) * step) - 12, y + 36), 95.0)
                for i, p in enumerate(parts)]

    words = [*at("ỦY BAN NHÂN DÂN", 530, 930, 240), *at("CỘNG HÒA XÃ HỘI CHỦ NGHĨA", 1250, 2140, 240),
             *at("PHƯỜNG THUẬN HÓA", 495, 965, 292), *at("Độc lập - Tự do", 1400, 1985, 292),
             *at("Số: 663/GXN-CA", 575, 885, 370), *at("Thuận Hóa, ngày 13", 1320, 2070, 372),
             *at("GIẤY XÁC NHẬN", 1100, 1560, 480), *at("Về nơi cư trú", 1176, 1480, 548),
             *at("Họ và tên: Bùi Bảo Bình", 364, 880, 630),
             *at("Số điện thoại: 0941901422", 364, 930, 686),
             *at("Nơi cư trú: Số 199, đường Phan Đình Phùng, phường Bến Thành", 364, 2170, 742)]
    assert [line.text for line in reading_order(words, 2479)][3:9] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do", "Thuận Hóa, ngày 13", "GIẤY XÁC NHẬN",
        "Về nơi cư trú", "Họ và tên: Bùi Bảo Bình"]


def test_a_word_too_unsure_to_keep_still_fills_its_gap() -> None:
    """"VT," misread "VJ," at confidence 0 is dropped, and "- Lưu: VP." then had a gap of three
    line heights: a table row, which ended the closing block (boxes as measured, 200 dpi)."""
    words = [*_line(["Nơi", "nhận:"], 301, 1742, h=26), *_line(["TM.", "ỦY", "BAN"], 1045, 1740,
                                                                 h=30),
             *_line(["-", "Như", "Điều", "3;"], 301, 1783, h=22),
             *_line(["CHỦ", "TỊCH"], 1163, 1788, h=29),
             Word("-", (301, 1877, 310, 1879), 90.0), Word("Lưu:", (320, 1865, 375, 1885), 95.0),
             Word("VJ,", (385, 1864, 429, 1890), 0.0), Word("VP.", (438, 1865, 479, 1885), 95.0),
             *_line(["-", "Chủ", "tịch;"], 301, 1905, h=22),
             *_line(["Lê", "Gia", "Chi"], 1167, 1979, h=26)]
    assert [line.text for line in reading_order(words, 1653)] == [
        "Nơi nhận:", "- Như Điều 3;", "- Lưu: VP.", "- Chủ tịch;", "TM. ỦY BAN", "CHỦ TỊCH",
        "Lê Gia Chi"]


def test_boxes_stretched_over_specks_are_no_second_line() -> None:
    # "hợp" and a stray "h" boxed twice a line's height over specks below (300 dpi, as
    # measured): the "h" stands over "hiến", and the row was split, "hợp h" read after "ở"
    words = [Word("với", (1705, 1550, 1765, 1584), 96.0), Word("chủ", (1785, 1549, 1854, 1584), 96.0),
             Word("nghĩa", (1876, 1551, 1988, 1594), 97.0),
             Word("hợp", (2006, 1547, 2069, 1627), 93.0), Word("h", (2095, 1559, 2117, 1623), 88.0),
             Word("hiến", (2102, 1549, 2183, 1584), 96.0), Word("ở", (2203, 1549, 2230, 1584), 97.0)]
    assert [line.text for line in reading_order(words, 2479)] == [
        "với chủ nghĩa hợp h hiến ở"]


def test_the_closing_block_survives_a_short_word_lost_altogether() -> None:
    # "VT," gone without a trace on a gutter page: "Lưu:" and "VP." 3.2 line heights apart
    words = [*_line(["Nơi", "nhận:"], 268, 1716, h=26),
             *_line(["TM.", "ỦY", "BAN"], 1001, 1712, h=31),
             Word("Lưu:", (287, 1763, 343, 1783), 96.8), Word("VP.", (406, 1763, 447, 1783), 65.0),
             *_line(["CHỦ", "TỊCH"], 1119, 1767, h=32),
             *_line(["-", "Như", "Điều", "3;"], 269, 1854, h=21),
             *_line(["Hồ", "Quang", "Uyên"], 1084, 1987, h=30)]
    assert [line.text for line in reading_order(words, 1653)] == [
        "Nơi nhận:", "Lưu: VP.", "- Như Điều 3;", "TM. ỦY BAN", "CHỦ TỊCH", "Hồ Quang Uyên"]


def test_a_large_titles_words_are_one_line_whatever_their_marks() -> None:
    """A 96-pt "GIẤY KHEN" among 13-pt text: "GIẤY" stands higher than "KHEN" by its
    circumflex and acute, so far (for the page's line height) that the title was read as two
    lines, "GIẤY" then "KHEN"."""
    words = [*_line(["ỦY", "BAN", "NHÂN", "DÂN"], 800, 300),
             Word("GIẤY", (400, 640, 1300, 1010), 93.0), Word("KHEN", (1450, 760, 2200, 1010), 95.0),
             *_line(["Về", "việc", "khen", "thưởng"], 700, 1100), *_line(["Gồm", "25", "tờ"], 900, 1170)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "ỦY BAN NHÂN DÂN", "GIẤY KHEN", "Về việc khen thưởng", "Gồm 25 tờ"]


def test_specks_read_as_underscores_mixed_with_marks_are_dropped() -> None:
    """A speckled page's specks read "._", "—_", "-_" (5 words of 128 browser pages) are no
    text; a typed blank of underscores and a lone dash stay."""
    words = [*_line(["Họ", "và", "tên:"], 300, 100), Word("._", (515, 120, 530, 140), 90.0),
             Word("____", (540, 100, 680, 140), 90.0),
             *_line(["Ghi", "chú", "-"], 300, 200), Word("—_", (500, 200, 520, 240), 90.0)]
    assert [line.text for line in reading_order(words, 2480)] == [
        "Họ và tên: ____", "Ghi chú -"]


def test_a_gap_in_the_dated_place_does_not_end_the_headers_columns() -> None:
    """A fax page (fax set 39): the month's number lost left a gap in "Ba Đình, ngày 27 tháng
    năm 2025", and the document's number ran into it as one line."""
    words = [*_line(["ỦY", "BAN", "NHÂN", "DÂN"], 299, 155, 30),
             *_line(["CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA"], 735, 155, 30),
             *_line(["PHƯỜNG", "BA", "ĐÌNH"], 307, 209, 30),
             *_line(["Độc", "lập", "-", "Tự", "do"], 888, 215, 30),
             *_line(["Số:", "848/BC-UBND"], 325, 288, 30),
             *_line(["Ba", "Đình,", "ngày", "27", "tháng"], 847, 288, 30),
             *_line(["năm", "2025"], 1345, 288, 30)]
    assert [line.text for line in reading_order(words, 1653)] == [
        "ỦY BAN NHÂN DÂN", "PHƯỜNG BA ĐÌNH", "Số: 848/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA",
        "Độc lập - Tự do", "Ba Đình, ngày 27 tháng năm 2025"]


def test_tone_marks_read_as_a_line_of_their_own_are_dropped() -> None:
    """Browser set 54's procedure table, set tight: the marks over "quan đến tài sản là động
    sản" came back as words 7 px high on 29-px text at 0-83 ("An sà2 cổ Tà -FA R"), in the row
    of the cells beside them. Letters that low, read unsure, are no text."""
    def word(text: str, box: tuple[int, int, int, int], conf: float = 96.0) -> Word:
        return Word(text, box, conf)

    marks = [word("An", (496, 1579, 509, 1586), 14.0), word("sà2", (556, 1580, 577, 1586), 51.0),
             word("cổ", (610, 1579, 617, 1586), 0.0), word("R", (799, 1579, 807, 1586), 83.0)]
    line = [word(t, (x, 1581, x + 60, 1610)) for t, x in
            (("quan", 382), ("đến", 473), ("tài", 540), ("sản", 591), ("là", 654))]
    beside = [word("3", (312, 1561, 327, 1590)), word("Không", (1295, 1559, 1397, 1593))]
    above = [word(t, (x, 1520, x + 60, 1549)) for t, x in (("Chứng", 382), ("thực", 473))]
    lines = reading_order([*above, *beside, *marks, *line], 2480)
    text = " ".join(ln.text for ln in lines)
    assert not any(w.text in text.split() for w in marks), text
    assert "quan đến tài sản là" in text and "Không" in text and "3" in text.split()
    # the same words read sure, at a letter's height, are text
    sure = [Word(w.text, (w.box[0], 1560, w.box[2], 1589), 96.0) for w in marks]
    text = " ".join(ln.text for ln in reading_order([*above, *sure, *line], 2480))
    assert all(w.text in text.split() for w in sure), text


def _read(y: int, *parts: tuple[str, float, tuple[int, int]], x: int = 200) -> list[Word]:
    """One row of words (text, confidence, (width, height)) side by side from ``x``."""
    words = []
    for text, conf, (w, h) in parts:
        words.append(Word(text, (x, y, x + w, y + h), conf))
        x += w + 12
    return words


def test_a_row_of_copier_specks_is_dropped_and_unsure_text_kept() -> None:
    # words as Tesseract gave them on an Augraphy "dirty drum" page (25-px text, 200 dpi)
    body = [w for i in range(6) for w in _line(["của", "tổ", "chức", "thực", "thi"], 200,
                                                100 + 40 * i, h=25)]
    specks = _read(600, ("lộ", 30, (7, 20)), ("240/227", 47, (5, 10)), ("k", 92, (4, 7)),
                   ("4", 97, (6, 12)), ("về", 26, (17, 17)))
    streak = _read(700, ("động", 0, (25, 25)), ("ch", 20, (12, 27)), ("rÌ", 47, (7, 23)))
    # read unsure, yet text: a fax's recipients line, a table's lone amount
    recipients = _read(800, ("Lưu:", 45, (50, 24)), ("VT,", 38, (36, 22)), ("VP.", 52, (34, 22)))
    amount = _read(900, ("90.000", 50, (70, 20)), x=900)
    text = "\n".join(line.text for line in reading_order(
        body + specks + streak + recipients + amount, 1600))
    assert "240/227" not in text and "động" not in text
    assert "Lưu: VT, VP." in text and "90.000" in text
