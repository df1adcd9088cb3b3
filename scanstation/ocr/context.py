"""Put a mark right by the phrase it belongs to, when the picture no longer tells.

On a black-and-white page (a fax, a scanner's B/W mode at 200 dpi), a JPEG at quality 30, a
hook and an acute are a pixel or two apart and a dot under a letter is often lost. Tesseract then
reads "kết quá", "Chính phú", "đã sứ dụng", "thực hiên" at 95–97 % and weighs the right letter
at nothing, so ``lattice`` — which chooses among the readings Tesseract weighed — cannot help.
The words around it still can: "quá" makes no compound with "kết" and "quả" does ("kết quả"),
and "kết" has no other partner in the line.

A dictionary of compounds is no model of phrases, though: "có tính chất" is no compound and "có
tình" is one. So a word changes to a spelling one mark away (``lattice._one_mark``) only when
all of these hold:

- the word as read makes no compound with either neighbour, whatever their case ("Có thể"
  stays), no place name with a capital ("Cao Lãnh" and "Hòa Minh" stay; a lower-case "văn
  bán" is no commune's name), and is no administrative unit;
- the new spelling makes a dictionary compound with a neighbour of the same case (lower or
  capitals; a lone capital before a lower-case word, "căn cứ Nghị dịnh"; never a name), and that
  neighbour is *free*: it makes no compound on its other side ("dã sử dụng": "sử" already has
  "dụng"), it is not one of the ~40 commonest words, and the word as read is no known phrase
  with it — the word pairs of Tesseract's legacy model (``ocr.bigrams``: "có tính", "như thế",
  "cấp tỉnh", "kể từ" are pairs of its text; "kết quá", "sứ dụng" are not);
- the new spelling is nearly as common as the word read, or commoner (``MAX_LOSS`` Zipf):
  function words stay ("của mình" is no "cửa mình", "cả nước" no "cá nước").

A spelling ~100 times as common as the word read (``PHRASE_GAIN``) may also win by a known
phrase instead of a compound, when the word read has none: "thủa đất" → "thửa đất".

And a person's first name-word read one letter's marks off a surname ("Bủi Quốc Thắng", "Lẻ Thị
Hoa") takes the surname: a closed class, checked only at the start of three capitals.

On 89,000 words of legal and news prose (VLSP 2013, read only to measure this) the rules change
one right word in 4,000–25,000; on the generated pages they put 34 words right and none wrong
(docs/ocr.md, "Sixth pass").
"""
from __future__ import annotations

from .bigrams import Bigrams, bigrams, places
from .lattice import WORD, Lexicon, _case, _core, _one_mark, lexicon
from .results import Line, PageOcr, Word
from .textfix import Models, _apply_case, _skeleton, _split, models

MAX_LOSS = 0.4  # "quá" → "quả" (−0.31) changes; "cả" → "cá" (−0.43), "của" → "cửa" do not
# a compound with one of the ~40 commonest words proves little: they stand alone all the time
# ("có tính chất" is no "có tình"); "thành" (6.5, "THÀNH PHỐ") still counts
PARTNER_MAX = 6.7
# a known phrase is evidence for a spelling only when that spelling is ~100 times as common as
# the word read ("thủa đất" → "thửa đất", "nhà ớ" → "nhà ở"): the pairs are too dense for more
# ("kể" → "kế", "năm" → "nam" on a right page); at +1.0 VLSP's false changes grew tenfold
PHRASE_GAIN = 2.0
# On a black-and-white page (a fax, a scanner's B/W mode) the picture tells a mark far less: a
# hook and an acute, a grave and none, a "đ" and a "d" are a pixel row apart. Tesseract read
# "phái" for "phải", "quyên" for "quyền", "nhiêu" for "nhiều" at 96-97 %, and weighed the right
# letter at nothing. There a spelling ~10 times as common as the word read (Zipf + 1.0) that
# makes a compound or a known phrase with a neighbour wins, when the word read makes none — no
# "free" neighbour needed. With the article words (``titles``), 64 fax pages (browser sets
# 31-32) went from 644 characters wrong to 592 and 32 more (set 33, held out) from 570 to 521;
# on those pages' true text it changed one right word ("họp" -> "hợp") and a misspelt "huởng".
BITONAL_GAIN = 1.0
# ... and the main rule may take a spelling up to ten times rarer than the word read, not
# ``MAX_LOSS``: "Bố sung" makes no compound, "Bổ sung" (−0.5) a common one (fax set 37 and the
# browser sets' fax pages: 20 characters better, none worse)
BITONAL_LOSS = 1.0


def _neighbours(texts: list[str], index: int) -> tuple[str, str]:
    """The words before and after, when no punctuation stands between them and this one."""
    lead, _, trail = _core(texts[index])
    prev = nxt = ""
    if index > 0 and not lead:
        _, p_core, p_trail = _core(texts[index - 1])
        prev = p_core if p_core.isalpha() and not p_trail else ""
    if index + 1 < len(texts) and not trail:
        n_lead, n_core, _ = _core(texts[index + 1])
        nxt = n_core if n_core.isalpha() and not n_lead else ""
    return prev, nxt


def _bound(lex: Lexicon, left: str, right: str) -> bool:
    """The two make a compound of the dictionary or, one of them a capital, stand next to each
    other in a place name. Lower case is no place name: "văn bán" (Văn Bán, a commune in Phú
    Thọ) held a fax's "văn bản" misread (fax set 41: 2 words right, no page of 156 others and
    no word of the 89,000 of VLSP's prose changed otherwise)."""
    if not (left and right):
        return False
    return lex.joins(left, right) or (
        (_capital(left) or _capital(right)) and places().known(left, right))


# Vietnamese surnames: the commonest fourteen are borne by ~90 % of people, these ~80 by nearly
# all ("Vietnamese name", Wikipedia; the Hán-Việt surname lists). A closed class, so a name's
# first word read one mark off ("Bủi", "Ngỏ", "Lẻ") is put right with little to lose.
_SURNAMES = """
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đoàn vương trịnh
trương lâm phùng mai tô hà tạ lưu cao quách lương thái đinh kiều châu lại la triệu khổng mạc
chu đàm tăng từ hứa giang nghiêm lục thân bạch diệp tôn khúc âu doãn hàn kim lò quan tống đồng
ông ninh vi viên lã lữ phí nông hầu thạch lạc giáp khương đậu cù ung mẫn tiêu văn
chử thiều nhâm lăng ôn sầm mông trình lỗ mã phó tào tiết vưu đổng hạ kha ân
"""  # the rarer ones too, so that a real "Chử" is never taken for "Chu"
SURNAMES = frozenset(_SURNAMES.split())


# the administrative units, read as such, stay: "cấp tỉnh" is far commoner in a dossier than
# the medical "cấp tính" the dictionary knows
UNITS = frozenset({"tỉnh", "huyện", "quận", "xã", "phường"})


def _capital(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _lone_capital(texts: list[str], index: int) -> bool:
    """A title-case word that no capital stands before ("căn cứ Nghị định", "- Tự do"): the
    start of a term, not the middle or end of a name."""
    if not 0 <= index < len(texts) or _case(_core(texts[index])[1]) != "title":
        return False
    prev = _neighbours(texts, index)[0]
    return not _capital(prev)


def _partner(texts: list[str], index: int, word: str, case: str, before: bool) -> bool:
    """A neighbour a compound may be made with: lower case beside lower case (or after a lone
    capital: "căn cứ Nghị dịnh"), capitals beside capitals (a heading) — never a name's
    capital."""
    if not word:
        return False
    if case == "upper":
        return word.isupper() and _case(word) == "plain"
    if word.islower():
        return True
    return case == "lower" and before and _lone_capital(texts, index - 1)


def _kind(core: str) -> str:
    """Lower case or capitals; a title-case word is left to Tesseract: at a sentence start the
    rule changed more right words than wrong ones ("Chuyển trang" is no "Chuyên trang")."""
    if _case(core) != "plain":
        return ""
    return "upper" if core.isupper() else "lower"


def _bitonal_first_word(core: str, prev: str, nxt: str, bitonal: bool) -> str:
    """"lower" for a title-case word on a black-and-white page that follows no capital and
    comes before a lower-case word: a cell's or a sentence's first word, not a name's. A fax
    loses the marks Tesseract reads surely on grey pages: a table's note "Bổ sung" came back
    "Bố sung" 11 times in one fax set, "Chủ tịch" "Chú tịch"; weighed as lower case against
    its neighbour, 23 words of 74 fax pages were put right and one right word changed
    ("“Phàm" at a quotation's start)."""
    if bitonal and _case(core) == "title" and nxt.islower() and not _capital(prev):
        return "lower"
    return ""


def _t_read_as_l(core: str, prev: str, nxt: str, lex: Lexicon, pairs: Bigrams) -> str:
    """On a black-and-white page a small "t" whose bar's left half is lost reads "L" or "l"
    ("Lừ" for "từ", "Liền" for "tiền", "nguyên lắc" for "nguyên tắc": 9 words of fax set 37).
    After a lower-case word and before none in capitals (never a name's "Lâm"), the "t"
    spelling wins when it makes a compound, or a known phrase and is ten times as common, and
    the word as read makes neither."""
    if core[:1] not in "lL" or len(core) < 2 or not core[1:].islower() \
            or not prev.islower() or (nxt and not nxt.islower()):
        return ""
    read, spelling = core.lower(), "t" + core[1:]
    if lex.usual(spelling) < WORD or _bound(lex, prev, read) or _bound(lex, read, nxt) \
            or pairs.known(prev, read) or pairs.known(read, nxt):
        return ""
    if _bound(lex, prev, spelling) or _bound(lex, spelling, nxt) or (
            lex.frequency(spelling) >= lex.frequency(read) + BITONAL_GAIN
            and (pairs.known(prev, spelling) or pairs.known(spelling, nxt))):
        return spelling
    return ""


def _surname(texts: list[str], index: int, core: str, lex: Lexicon, pairs: Bigrams) -> str:
    """A name's first word read one mark off a surname ("Bủi Quốc Thắng" → "Bùi"): a capital
    after none, before two more, in no compound, place name or known phrase with the next."""
    read = core.lower()
    if read in SURNAMES or _case(core) != "title":
        return ""  # capitals are as often a heading ("TRƯỞNG PHÒNG") as a name
    if _capital(_neighbours(texts, index)[0]):
        return ""
    nxt = _neighbours(texts, index)[1]
    if _case(nxt) != "title" or _bound(lex, core, nxt) or pairs.known(core, nxt):
        return ""  # "Vì Bộ Luật" is no "Vi Bộ Luật": "vì bộ" is a phrase
    # a person's name has a middle or given name after the surname; two capitals are as often
    # a body or a country ("Đảng Cộng sản", "Viện Công tố", "Phần Lan", "Trưởng Ban")
    third = _neighbours(texts, index + 1)[1]
    if _case(third) != "title":
        return ""
    # one letter's marks off, whichever: a 100-dpi circumflex reads as a hook or a tilde
    # ("Ngỏ", "Lẻ" for "Ngô", "Lê"); the class is closed, so one match is enough to trust
    found = [s for s in SURNAMES if len(s) == len(read) and _skeleton(s) == _skeleton(read)
             and sum(a != b for a, b in zip(s, read, strict=True)) == 1]
    return found[0] if len(found) == 1 else ""


def _lost_bar(core: str, lex: Lexicon, common: frozenset[str]) -> str:
    """"Dình", "Dức", "dất" → "Đình", "Đức", "đất": on a fax or a 100-dpi page the bar of a
    "đ" is a pixel row and goes. Only a syllable no frequency list has ever seen (a real word
    with "d", "dai dẳng", "mưa dông", "giấy dó", is attested and stays) whose barred spelling
    is a common word — so no phrase is needed, and a name is as safe as any word."""
    read = core.lower()
    if read[:1] != "d" or read in common or lex.frequency(read) > 0:
        return ""
    barred = "đ" + read[1:]
    return barred if barred in common else ""


# On a fax's 100-dpi rows the top of an "a", "ă", "â" or "ơ" is a pixel row: the bowl closes
# and the letter reads "u" under the same tone mark ("tháng" → "thúng", "tại" → "tụi", "hợp"
# → "hụp", "tầng" → "tùng", "giữa" → "giữu": 13 words of fax set 41, 10 of them put right here).
_BOWLS = "aăâơ"


def _opened_bowls(read: str, m: Models) -> list[str]:
    """The spellings of ``read`` with one "u" as one of ``_BOWLS`` (any that exist)."""
    out: list[str] = []
    for at, letter in enumerate(read):
        if _split(letter)[0] != "u":
            continue
        for vowel in "ao":
            out += [s for s in m.by_skeleton.get(_skeleton(read[:at] + vowel + read[at + 1:]), ())
                    if _closed_bowl(read, s)]
    return out


def _closed_bowl(read: str, spelling: str) -> bool:
    """``read`` is ``spelling`` with one of its ``_BOWLS`` letters read "u", the tone kept."""
    if len(read) != len(spelling):
        return False
    changed = [(_split(a), _split(b)) for a, b in zip(read, spelling, strict=True) if a != b]
    if len(changed) != 1:
        return False
    (base_read, tone_read), (base_right, tone_right) = changed[0]
    return base_read == "u" and base_right in _BOWLS and tone_read == tone_right


def _faint_mark(read: str, prev: str, nxt: str, lex: Lexicon, pairs: Bigrams,
                m: Models) -> str:
    """On a black-and-white page: the spelling one mark away from ``read`` (which makes no
    compound, place name or known phrase with either neighbour), or with a bowl it closed into
    a "u" opened (``_opened_bowls``), that is a dictionary word at least ``BITONAL_GAIN``
    commoner and makes one of those with a neighbour; else ""."""
    if pairs.known(prev, read) or pairs.known(read, nxt):
        return ""
    best: tuple[float, str] | None = None
    floor = lex.frequency(read) + BITONAL_GAIN
    for spelling in _one_mark_words(read, lex, m) + _opened_bowls(read, m):
        if lex.usual(spelling) < WORD:
            continue
        frequency = lex.frequency(spelling)
        if frequency < floor or not (
                _bound(lex, prev, spelling) or _bound(lex, spelling, nxt)
                or pairs.known(prev, spelling) or pairs.known(spelling, nxt)):
            continue
        if best is None or frequency > best[0]:
            best = (frequency, spelling)
    return best[1] if best else ""


def repair(texts: list[str], lex: Lexicon | None = None, bitonal: bool = False) -> list[str]:
    """One line's words, each put right by its neighbours where the rules above allow;
    ``bitonal``: the line was read from a black-and-white picture (``_faint_mark`` too)."""
    lex = lex or lexicon()
    pairs = bigrams()
    if not len(pairs.hashes):
        return list(texts)  # without the phrases the rules would change right words: none run
    m = models()
    # the phrases the misread pairs stand for ("chữ đệm" of every form's "Họ, chữ đệm và tên")
    # are known phrases: a fax's rule did put "chữ đệm" back to "chữ đêm"
    phrases = m.phrases
    out = list(texts)
    for index, text in enumerate(texts):
        lead, core, trail = _core(text)
        if not core.isalpha() or core.lower() in m.phantoms:
            continue
        prev, nxt = _neighbours(texts, index)
        if f"{_core(prev)[1].lower()} {core.lower()}" in phrases \
                or f"{core.lower()} {_core(nxt)[1].lower()}" in phrases:
            continue
        barred = _lost_bar(core, lex, m.common)
        # ... unless it makes a compound as read: some real words no list counts ("dằng dặc")
        if barred and not (_bound(lex, prev, core) or _bound(lex, core, nxt)):
            out[index] = lead + _apply_case(core, barred) + trail
            continue
        if core == "Chỉ" and _capital(prev) and not lex.joins(core, nxt):
            # a given name: Tesseract's model writes "Chỉ" for a crisp "Chi" ("Đặng Xuân Chi"
            # on 9 of the browser pages' 11 names), and "Chỉ" is no name; a body stays ("Ban
            # Chỉ đạo", "Bộ Chỉ huy": compounds as read), as does a sentence's first word
            out[index] = lead + "Chi" + trail
            continue
        if core == "chỉ" and prev == "Đã" and _capital(nxt):
            # a table header's cell "Đã chi" (spent) before the next cell ("Còn lại"): the
            # model writes "chỉ" for a bold "chi", the plain "i" weighed at 0 (10 headers of 128
            # browser pages); "đã chỉ" (pointed out) takes an object, it never ends a cell
            out[index] = lead + "chi" + trail
            continue
        surname = _surname(texts, index, core, lex, pairs)
        if surname:
            out[index] = lead + _apply_case(core, surname) + trail
            continue
        crossed = _t_read_as_l(core, prev, nxt, lex, pairs) if bitonal else ""
        if crossed:
            out[index] = lead + crossed + trail
            continue
        kind = _kind(core) or _bitonal_first_word(core, prev, nxt, bitonal)
        if core == "tỉnh" and nxt.islower() and lex.joins("tinh", nxt) \
                and not lex.joins(core, nxt):
            # the dot of "tinh" the model writes as a hook (``lattice.DOT_CONF``), left by a
            # fax's few pixels: "tỉnh thần" is no phrase, "tinh thần" a common one; the
            # province's own compounds stay ("tỉnh ủy", "tỉnh lộ", "tỉnh táo", "tỉnh thành")
            out[index] = lead + "tinh" + trail
            continue
        if not kind or core.lower() in UNITS:
            continue
        if not (prev or nxt) or _bound(lex, prev, core) or _bound(lex, core, nxt):
            continue
        # the neighbour a new spelling would join must have no compound on its other side
        far_prev = _neighbours(texts, index - 1)[0] if prev else ""
        far_next = _neighbours(texts, index + 1)[1] if nxt else ""
        # ... and the word as read must be no known phrase with it ("có tính", "kể từ", "cấp
        # tỉnh", "như thế": the model's text has them, a dictionary of compounds does not)
        free_prev = _partner(texts, index, prev, kind, before=True) \
            and not _bound(lex, far_prev, prev) and lex.frequency(prev) < PARTNER_MAX
        free_next = _partner(texts, index, nxt, kind, before=False) \
            and not _bound(lex, nxt, far_next) and lex.frequency(nxt) < PARTNER_MAX
        known_prev, known_next = pairs.known(prev, core), pairs.known(core, nxt)
        read = core.lower()
        floor = lex.frequency(read) - (BITONAL_LOSS if bitonal else MAX_LOSS)
        best: tuple[float, str] | None = None
        for spelling in _one_mark_words(read, lex, m):
            # on a black-and-white page a known phrase as read does not hold a rarer word
            # against a commoner compound ("thế hiện" → "thể hiện", "chính thế" → "chính
            # thể": 10 characters of fax set 37 better, 1 worse)
            held = not (bitonal and lex.frequency(spelling) > lex.frequency(read))
            far_commoner = lex.frequency(spelling) - lex.frequency(read) >= PHRASE_GAIN \
                and not known_prev and not known_next
            if not ((free_prev and not (held and known_prev) and lex.joins(prev, spelling))
                    or (free_next and not (held and known_next) and lex.joins(spelling, nxt))
                    or (far_commoner and ((free_prev and pairs.known(prev, spelling))
                                          or (free_next and pairs.known(spelling, nxt))))):
                continue
            frequency = lex.frequency(spelling)
            if frequency >= floor and (best is None or frequency > best[0]):
                best = (frequency, spelling)
        if best is not None:
            out[index] = lead + _apply_case(core, best[1]) + trail
        elif bitonal and (faint := _faint_mark(read, prev, nxt, lex, pairs, m)):
            out[index] = lead + _apply_case(core, faint) + trail
    return _both_misread(out, lex, pairs, m)


def _both_misread(texts: list[str], lex: Lexicon, pairs: Bigrams, m: Models) -> list[str]:
    """Two lower-case neighbours each read one mark off, so that neither has a partner the
    rules above could lean on: "nhần dần", "thấm quyên", "dần chú" (browser sets 42 and 50,
    fax set 41, one pair each). They take the spellings that make a compound *and* a known
    phrase, each at least as common as the word read, when as read they make no compound or
    known phrase with each other, no compound with the words outside them, and not a known
    phrase with both ("cũng tự tỏ mình": "cũng tự" and "tỏ mình" are, and "từ tổ" was the one
    pair of VLSP's 89,000 words of prose this changed before that test)."""
    out = list(texts)
    for index in range(len(out) - 1):
        lead, left, mid = _core(out[index])
        mid_next, right, trail = _core(out[index + 1])
        if mid or mid_next or not (left.isalpha() and left.islower()
                                   and right.isalpha() and right.islower()):
            continue
        before, after = _neighbours(out, index)[0], _neighbours(out, index + 1)[1]
        if lex.joins(left, right) or pairs.known(left, right) or _bound(lex, before, left) \
                or _bound(lex, right, after) \
                or (pairs.known(before, left) and pairs.known(right, after)):
            continue
        best: tuple[float, str, str] | None = None
        floor_left, floor_right = lex.frequency(left), lex.frequency(right)
        for new_left in _one_mark_words(left, lex, m):
            for new_right in _one_mark_words(right, lex, m):
                if lex.frequency(new_left) >= floor_left and lex.frequency(new_right) >= floor_right \
                        and lex.joins(new_left, new_right) and pairs.known(new_left, new_right):
                    score = lex.frequency(new_left) + lex.frequency(new_right)
                    if best is None or score > best[0]:
                        best = (score, new_left, new_right)
        if best is not None:
            out[index] = lead + best[1]
            out[index + 1] = best[2] + trail
    return out


def _one_mark_words(read: str, lex: Lexicon, m: Models) -> list[str]:
    """Dictionary words one mark from ``read`` (``lattice._one_mark``), in the models' order."""
    return [s for s in m.by_skeleton.get(_skeleton(read), ())
            if s != read and _one_mark(read, s) and lex.usual(s) >= WORD]


def fix_page(page: PageOcr) -> PageOcr:
    """Every line of ``page`` through ``repair``; words keep their boxes and confidences."""
    lex = lexicon()
    lines = []
    for line in page.lines:
        texts = [w.text for w in line.words]
        fixed = repair(texts, lex, page.bitonal)
        if fixed == texts:
            lines.append(line)
            continue
        lines.append(Line(tuple(w if t == w.text else Word(t, w.box, w.conf)
                                for w, t in zip(line.words, fixed, strict=True))))
    return page.with_lines(lines)
