"""Choosing among the readings Tesseract itself weighed (``ocr.lattice``): the second choice of
a blurred mark ("số" behind "sõ"), taken only when the lexicon prefers it and never for a name
read as a word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from scanstation.ocr import lattice
from scanstation.ocr.engine import TesseractEngine, _readings
from scanstation.ocr.prepare import Prepared
from scanstation.ocr.results import Line, PageOcr, Word
from scanstation.ocr.textfix import models

FIXTURE = Path(__file__).parent.parent / "fixtures" / "ocr_fax_marks"


def _line(*words: str | tuple[str, tuple[tuple[str, float], ...]], conf: float = 80.0
          ) -> tuple[Word, ...]:
    out = []
    for x, item in enumerate(words):
        text, readings = (item, ()) if isinstance(item, str) else item
        out.append(Word(text, (x * 100, 0, x * 100 + 90, 40), conf, readings))
    return tuple(out)


def _chosen(words: tuple[Word, ...]) -> str:
    page = PageOcr((Line(words),), 1000, 100, 300.0)
    return lattice.fix_page(page).text


def test_readings_change_one_letters_marks_and_nothing_else() -> None:
    symbols = [("s", [("s", 95.0), ("S", 0.0), ("a", 0.0)]),
               ("õ", [("õ", 92.0), ("ố", 70.3), ("ỗ", 64.8), ("ð", 35.7), ("e", 12.0)])]
    assert _readings("sõ", symbols) == (("số", 70.3), ("sỗ", 64.8))
    assert _readings("xy", symbols) == ()  # symbols that do not spell the word: no reading


def test_a_non_word_takes_the_commoner_reading_even_weighed_a_little_less() -> None:
    # "sỗ" (sỗ sàng) is a dictionary word; "số" one of Tesseract's commonest: the lexicon
    # breaks the near-tie the picture leaves
    words = _line("Địa", "chỉ:", ("sõ", (("sỗ", 68.6), ("số", 64.9))), "53")
    assert _chosen(words) == "Địa chỉ: số 53"


def test_a_compound_decides_between_two_common_words() -> None:
    assert _chosen(_line("tại", ("tố", (("tổ", 87.3),)), "dân", "phố")) == "tại tổ dân phố"
    assert _chosen(_line(("tổ", (("tố", 80.0),)), "chức")) == "tổ chức"  # read right: kept
    # punctuation ends the phrase: no compound across it
    assert _chosen(_line("tố,", ("chức", (("chúc", 60.0),)))) == "tố, chức"


def test_a_name_read_as_a_word_stays_but_a_sentence_start_is_no_name() -> None:
    name = _line("bà", "Ngô", "Văn", ("Ủng,", (("Ửng,", 44.0), ("Ứng,", 31.1))))
    assert _chosen(name) == "bà Ngô Văn Ủng,"
    assert _chosen(_line("Kính", "gửi:", ("Úy", (("Ủy", 51.7),)), "ban")) == \
        "Kính gửi: Ủy ban"
    # mid-line, a capital starting a compound with a lower-case word is no name ...
    assert _chosen(_line("Đề", "nghị", ("Úy", (("Ủy", 51.7),)), "ban", "nhân")) == \
        "Đề nghị Ủy ban nhân"
    # ... but one after a word it would make a compound with may be: a place, a person
    assert _chosen(_line("thuộc", ("Điện", (("Diện", 60.0),)), "Biên")) == "thuộc Điện Biên"


def test_a_word_as_read_gives_way_only_to_a_far_commoner_one() -> None:
    # "sô" is a word, "số" ~200 times as common (wordfreq): taken when weighed at 50 or more
    assert _chosen(_line("thửa", "đất", ("sô", (("số", 65.0),)), "33")) == "thửa đất số 33"
    assert _chosen(_line("thửa", "đất", ("sô", (("số", 40.0),)), "33")) == "thửa đất sô 33"
    # "lắm" is only ~20 times as common as "lăm": "mười lăm" stays
    assert _chosen(_line("mười", ("lăm", (("lắm", 90.0),)), "triệu")) == "mười lăm triệu"
    # "chân" is ~100 times as common as "chẵn", but two marks away (breve and tilde)
    assert _chosen(_line("đồng", ("chẵn),", (("chân),", 90.0),)))) == "đồng chẵn),"


def test_weak_readings_and_phantoms_are_left_alone() -> None:
    assert _chosen(_line("Địa", "chỉ:", ("sõ", (("số", 12.0),)), "53")) == "Địa chỉ: sõ 53"
    # "ghỉ" is textfix's phantom (the dot of an i read as a hook): it knows "ghi"
    assert _chosen(_line("(Ký,", ("ghỉ", (("ghì", 60.0),)), "rõ")) == "(Ký, ghỉ rõ"


def _fixture_lines() -> list[tuple[Image.Image, tuple[Word, ...]]]:
    data = json.loads((FIXTURE / "first_pass.json").read_text(encoding="utf-8"))
    return [(Image.open(FIXTURE / band["image"]).convert("L"),
             tuple(Word(t, tuple(box), conf) for t, box, conf in band["words"]))
            for band in data["lines"]]


class _CountingEngine(TesseractEngine):
    def __init__(self) -> None:
        super().__init__()
        self.second_looks = 0

    def words(self, gray: Image.Image, dpi: float, psm: int | None = None,
              choices: bool = False) -> list[Word]:
        self.second_looks += choices
        return super().words(gray, dpi, psm, choices)


def test_fax_lines_get_their_marks_back_from_a_second_look() -> None:
    """Six lines of a generated fax page (200 x 100 dpi, bitonal; see the fixture's README)
    and what the first pass read in them; each doubtful line is read again for its marks."""
    expected = {0: ["Ủy"], 1: ["số"], 2: ["Giấy"], 3: ["vốn"], 4: ["số", "tổ", "Ủng,"],
                5: ["thấy"]}
    # "Giãy" is a word (giãy giụa) and "giấy xác nhận" no compound of the dictionary: it
    # gives way because "giấy" is far commoner and Tesseract's second look read it
    misread = {"Úy", "sõ", "Giãy", "võn", "tố", "thẫy"}
    engine = _CountingEngine()
    for index, (band, words) in enumerate(_fixture_lines()):
        first = [w.text for w in words]
        assert misread & set(first)  # the failure is in the fixture
        page = PageOcr((Line(words),), band.width, band.height, 300.0)
        out = lattice.weigh_marks(page, Prepared(band, 1.0, 0, 300.0), engine)
        second = [w.text for w in out.words]
        for word in expected[index]:
            assert word in second, (index, second)
        assert not misread & set(second), (index, second)
        changed = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
        assert len(changed) <= 3, changed  # the marks of doubtful words, nothing else
        assert all(a.lower() != b.lower() and len(a) == len(b) for a, b in changed)
    assert engine.second_looks == 6  # one second look per line, never one per word


def test_the_dot_of_an_i_weighed_against_a_hook_is_a_dot() -> None:
    # "chi" read "chỉ" with "chi" weighed at 52: a dot; a real hook weighs "chi" at 0-4
    assert _chosen(_line("đã", ("chỉ", (("chi", 52.0), ("chị", 1.5))), "trả")) == "đã chi trả"
    assert _chosen(_line("Văn", ("Chỉ", (("Chi", 76.0),)))) == "Văn Chi"
    assert _chosen(_line("địa", ("chỉ", (("chi", 3.6),)), "thường")) == "địa chỉ thường"
    assert _chosen(_line(("tỉnh", (("tinh", 0.0), ("tính", 0.0))), "Nam")) == "tỉnh Nam"


def test_on_a_fax_a_hook_weighed_as_a_dot_needs_more_to_give_way() -> None:
    # a fax's hook, a few pixels, weighs the dot at 25-65 ("chỉ dùng" on a held-out fax: 29)
    words = _line("và", ("chỉ", (("chi", 29.0),)), "dùng")
    page = PageOcr((Line(words),), 1000, 100, 300.0)
    assert lattice.fix_page(page, lattice.DOT_CONF_BITONAL).text == "và chỉ dùng"
    sure = _line("rất", ("chỉ", (("chi", 80.0),)), "tiết.")
    page = PageOcr((Line(sure),), 1000, 100, 300.0)
    assert lattice.fix_page(page, lattice.DOT_CONF_BITONAL).text == "rất chi tiết."
    from scanstation.ocr.prepare import prepare

    fax = Image.new("1", (400, 200), 1)
    grey = Image.new("L", (400, 200), 255)
    grey.paste(128, (100, 50, 300, 150))
    assert prepare(fax).bitonal and not prepare(grey).bitonal


def test_chi_written_chi_with_a_hook_by_the_model_reads_chi() -> None:
    """Tesseract's ``vie`` model writes "chỉ" for a crisp "chi" (clean renders, bold serif at
    300 dpi: three of four); the real hooks of "chỉ đạo", "địa chỉ" and "tỉnh" stay."""
    from PIL import ImageDraw, ImageFont

    from scanstation.ocr.recognize import recognize

    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf", 54)
    lines = ["Ông Chi đã chi trả chi phí cho chi nhánh",
             "Nguyễn Văn Chi chỉ đạo tại tỉnh Nam Định, địa chỉ"]
    img = Image.new("L", (1900, 400), 255)
    draw = ImageDraw.Draw(img)
    for row, text in enumerate(lines):
        draw.text((100, 100 + 100 * row), text, font=font, fill=0)
    img.info["dpi"] = (300, 300)
    read = [line.text for line in recognize(img).lines]
    assert read == lines, read


def test_a_read_with_choices_leaves_the_shared_model_without_them() -> None:
    """The page's one Tesseract serves orientation and the next page too: keeping every
    letter's alternatives (10 % slower) must end with the read that asked for them."""
    from scanstation.ocr.engine import tesseract_api

    band, _ = _fixture_lines()[1]
    read = TesseractEngine().words(band, 300.0, psm=7, choices=True)
    assert any(w.readings for w in read)
    api = tesseract_api("vie", 3)
    assert api.GetIntVariable("lstm_choice_mode") == 0
    assert api.GetPageSegMode() == 3  # and the page's mode is set again when it is asked for


def test_a_sure_page_is_not_read_again() -> None:
    (band0, words0), (band1, words1) = _fixture_lines()[:2]
    for band, words, looks in ((band0, words0, 0), (band1, words1, 1)):
        sure = tuple(Word(w.text, w.box, 97.0) for w in words)
        page = PageOcr((Line(sure),), band.width, band.height, 300.0)
        engine = _CountingEngine()
        assert lattice.weigh_marks(page, Prepared(band, 1.0, 0, 300.0), engine) == page
        # however sure, a hooked "i" is looked at ("Địa chỉ:"): the model's own bias, DOT_CONF
        assert engine.second_looks == looks


def test_cached_lexicon_equals_a_built_one(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCANSTATION_HOME", str(tmp_path))
    lattice.lexicon.cache_clear()
    try:
        first = lattice.lexicon()  # builds and writes the cache
        [cache] = (tmp_path / "cache" / "ocr").glob("lexicon-*.json")
        lattice.lexicon.cache_clear()
        assert lattice.lexicon() == first  # read back
        cache.write_text("{not json", encoding="utf-8")  # damaged: rebuilt, never an error
        lattice.lexicon.cache_clear()
        assert lattice.lexicon() == first
        # a file of another shape (an older version's) is rebuilt *and* rewritten: read as
        # is, every call would have rebuilt the lexicon (0.3 s) without ever saving it
        cache.write_text('{"words": []}', encoding="utf-8")
        lattice.lexicon.cache_clear()
        assert lattice.lexicon() == first
        assert "frequent" in json.loads(cache.read_text(encoding="utf-8"))
        assert first.usual("số") == 3 and first.usual("sỗ") == 2 and first.usual("thãy") == 1
        assert first.usual("hòa") == first.usual("hoà") == 3  # tone placement either way
        assert first.joins("tổ", "chức") and not first.joins("tố", "chức")
        assert first.frequency("số") - first.frequency("sô") > 2 > first.frequency("sỗ")
        assert models().phantoms  # the phantoms the lattice leaves to textfix exist
    finally:
        lattice.lexicon.cache_clear()
