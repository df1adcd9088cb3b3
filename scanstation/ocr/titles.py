"""The fixed capitals of an administrative document, with their marks put back.

Decree 30/2020 fixes how a document's header, its type and its signature block are written:
"ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "QUYẾT ĐỊNH", "BÁO CÁO", and under
"KT. CHỦ TỊCH" the signer's "PHÓ CHỦ TỊCH". In capitals a tone mark stands above the letters, in
the narrow gap under the line before; Tesseract's line finder hands it to that line or drops it,
and reads "PHO CHỦ TỊCH" (5 of 108 signature blocks of nine browser sets), "ĐƠN ĐE NGHỊ", "BAO
CAO", "ÚY BAN". Every one of those readings is valid Vietnamese, so the syllable repair
(``textfix``) cannot see it.

A line that begins — after an authority word ("TM.", "KT.", "TL.", "TUQ.", "Q.") — with the
letters of one of these phrases, all in capitals, takes the phrase's marks. Nothing else on
the line changes, a word read right in either tone placement ("HOÀ", "UỶ") is left as read,
and a line in lower case or with other letters is never touched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .lattice import _core, placement_key
from .noise import ADMIN_ABBREVIATIONS
from .results import Line, PageOcr, Word
from .textfix import _skeleton, split_trailing

AUTHORITY = frozenset({"TM.", "KT.", "TL.", "TUQ.", "Q."})

PHRASES = (
    # the national header and the issuers (Decree 30/2020, Appendix I)
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "CÔNG AN",
    # the document's type (Appendix III) and the forms a counter receives
    "NGHỊ QUYẾT", "QUYẾT ĐỊNH", "CHỈ THỊ", "QUY CHẾ", "QUY ĐỊNH", "THÔNG BÁO", "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH", "KẾ HOẠCH", "PHƯƠNG ÁN", "ĐỀ ÁN", "BÁO CÁO", "BIÊN BẢN", "TỜ TRÌNH",
    "HỢP ĐỒNG", "CÔNG ĐIỆN", "BẢN GHI NHỚ", "GIẤY ỦY QUYỀN", "GIẤY MỜI", "GIẤY GIỚI THIỆU",
    "GIẤY XÁC NHẬN", "XÁC NHẬN CỦA", "ĐƠN ĐỀ NGHỊ", "TỜ KHAI",
    # the signer's title
    "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC", "PHÓ TRƯỞNG PHÒNG", "TRƯỞNG PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG", "CHÁNH VĂN PHÒNG", "PHÓ TRƯỞNG CÔNG AN", "TRƯỞNG CÔNG AN",
    "BỘ TRƯỞNG", "THỨ TRƯỞNG", "NGƯỜI LÀM ĐƠN", "NGƯỜI ĐỀ NGHỊ", "NGƯỜI KÊ KHAI",
)


@cache
def _by_letters() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each phrase's words and their letters without marks, the longest phrases first (so
    "PHÓ CHỦ TỊCH" is tried before "CHỦ TỊCH")."""
    out = [(tuple(p.split()), tuple(_skeleton(w.lower()) for w in p.split())) for p in PHRASES]
    return sorted(out, key=lambda item: -len(item[0]))


def fix_titles(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """``words`` (one line) with a leading fixed phrase's marks put right."""
    start = 1 if words and words[0].text in AUTHORITY else 0
    cores = [split_trailing(w.text) for w in words[start:]]
    for phrase, letters in _by_letters():
        if len(cores) < len(phrase):
            continue
        read = cores[:len(phrase)]
        if not all(core.isalpha() and core.isupper() and _skeleton(core.lower()) == want
                   for (core, _), want in zip(read, letters, strict=True)):
            continue
        out = list(words)
        for offset, ((core, tail), right) in enumerate(zip(read, phrase, strict=True)):
            if placement_key(core) != placement_key(right):
                out[start + offset] = _retyped(words[start + offset], right + tail)
        return tuple(out)
    return words


# Decree 30/2020 (Appendix I, "Nơi nhận") ends the recipients with the filing note, the
# records office first: "Lưu: VT, <the drafting unit's abbreviation>". In the closing block's
# small type Tesseract read that "VT," as "VI" (a Roman numeral), "VI;", "VŨ", "VD" or "VT;":
# 70 of 190 filing notes of ten browser sets. On fax pages the note's own word came back
# "Lưu;", "lưu:", "Tưu:" (6 of 32 notes, fax set 37), and the unit "VP." as "VE.", "VỀ",
# "VỤ", "VÉ" (9 of 32): an abbreviation has no tone mark, and no unit is "VE", while "VP" (the
# office, Văn phòng) is the unit a ward's or commune's documents are drafted by. Any other
# unit is left as read.
FILING_NOTE, RECORDS_OFFICE, OFFICE = "Lưu:", "VT", "VP"
_FILING_READS = frozenset({"lưu", "tưu", "luu", "lưư"})


def _filing_note_at(texts: list[str]) -> int | None:
    """Where the filing note's word is on a line: "Lưu:", or as a fax page read it, first on
    its line, after its dash or after "Nơi nhận:", and before an entry in capitals starting
    with "V" (never "bảo lưu:" in a sentence)."""
    if FILING_NOTE in texts[:-1]:
        return texts.index(FILING_NOTE)
    for at, text in enumerate(texts[:-1]):
        core, tail = split_trailing(text)
        if core.lower() in _FILING_READS and tail in (":", ";") \
                and (at == 0 or texts[at - 1] in ("-", "–", "nhận:")) \
                and texts[at + 1][:1] == "V" and texts[at + 1][:2].isupper():
            return at
    return None


def fix_filing_note(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """``words`` (one line) with a filing note's word put right, its first entry read as the
    records office when it was read as another short word starting with "V" that is no
    abbreviation, and a second entry that cannot be a unit ("VỀ", "VE.") read as the office."""
    texts = [w.text for w in words]
    note = _filing_note_at(texts)
    if note is None:
        return words
    out = list(words)
    if texts[note] != FILING_NOTE:
        out[note] = _retyped(words[note], FILING_NOTE)
    at = note + 1
    core, tail = split_trailing(texts[at])
    # a short word in capitals starting with "V": not a unit ("Vụ PC"), nor another
    # abbreviation ("VP", "VPE" with the records office lost before it)
    if not (core == RECORDS_OFFICE and (tail == "," or at + 1 == len(words))) \
            and core.startswith("V") and core.isupper() and len(core) <= 3 and (
            core == RECORDS_OFFICE or not (core in ADMIN_ABBREVIATIONS or core.startswith("VP"))):
        # the entries are listed with commas ("Lưu: VT, VP."); the last keeps its own
        out[at] = _retyped(words[at], RECORDS_OFFICE + ("," if at + 1 < len(words) else tail))
    if at + 1 < len(words):
        unit, tail = split_trailing(texts[at + 1])
        if unit[:1] == "V" and len(unit) == 2 and unit.isupper() and (
                unit == "VE" or _skeleton(unit.lower()) != unit.lower()):
            out[at + 1] = _retyped(words[at + 1], OFFICE + tail)
    return tuple(out)


# The issuers' abbreviations (Decree 30/2020, Appendix I) and the recipients' "các PCT UBND"
# (the vice-chairs of the committee). A fax page's "D" came back "I)" or "I" ("UBNI);", 4 of
# 32 recipient lists of fax set 37) and "PCT" as "PCI", "PCI'", "PC7U", "PDCT", "PC" (5 of
# 32): no such abbreviation exists.
_ISSUER = re.compile(r"^(UB|HĐ)N(?:I\)?|[A-ZÀ-Ỹ]{1,2})([.,;:]*)$")
_VICE_CHAIRS = re.compile(r"^P[A-Z0-9']{1,3}$")


def fix_recipients(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """``words`` (one line) with a misread "UBND"/"HĐND" and the "PCT" of "các PCT UBND" put
    right."""
    out = list(words)
    for at, word in enumerate(words):
        issuer = _ISSUER.match(word.text)
        if issuer and not word.text.startswith(("UBND", "HĐND")):
            out[at] = _retyped(word, issuer[1] + "ND" + issuer[2])
    for at in range(1, len(out) - 1):
        between = out[at].text
        if out[at - 1].text == "các" and out[at + 1].text.startswith(("UBND", "HĐND")) \
                and between != "PCT" and _VICE_CHAIRS.match(between):
            out[at] = _retyped(out[at], "PCT")
    return tuple(out)


# A document's number and symbol ("665/TTr-UBND", "30/2020/NĐ-CP"): its type is one of a
# closed list (Decree 30/2020, Appendix III). Tesseract read a "T" as "I" beside its twin
# ("TIr", "TITr", "TTIr": 6 of 128 grey browser pages), a letter twice ("QĐĐ") and, on fax
# pages, "NĐ" without its bar ("ND-CP", 3 of 32). One such slip from exactly one listed type
# is that type; anything else stays as read.
_SYMBOL = re.compile(r"^(?P<number>\(?\d{1,6}(?:/\d{4})?/)(?P<type>[^\W\d_]{1,5})"
                     r"(?P<rest>-[A-ZĐ].*)$")


def _type_slips(read: str) -> set[str]:
    """``read`` with one "I" read for a "T", one "I" or doubled letter too many, or one "D"
    for a "Đ" (never any letter dropped: an issuer's code stands there in a letter's symbol,
    "123/CAT-PV01", and "CT" is a type)."""
    out = {read[:i] + read[i + 1:] for i, ch in enumerate(read)
           if ch == "I" or read[i - 1:i] == ch}
    out |= {read[:i] + {"I": "T", "D": "Đ"}[ch] + read[i + 1:]
            for i, ch in enumerate(read) if ch in "ID"}
    return out


def fix_document_numbers(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """``words`` (one line) with a document symbol's type read one slip off put right."""
    out = list(words)
    for at, word in enumerate(words):
        symbol = _SYMBOL.match(word.text)
        if symbol is None or symbol["type"] in ADMIN_ABBREVIATIONS:
            continue
        types = _type_slips(symbol["type"]) & ADMIN_ABBREVIATIONS
        if len(types) == 1:
            out[at] = _retyped(word, symbol["number"] + types.pop() + symbol["rest"])
    return tuple(out)


# The two lines every document's header carries word for word (Decree 30/2020, Appendix I).
# On a fax page Tesseract read "VIỆF'" and "Fự do", on a photographed one "TC lập": a line of as
# many words, all but one or two of them the fixed ones, is that line. Either tone placement
# and any dash are kept as read.
NATIONAL_LINES = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
_DASHES = frozenset("-–—")
MAX_ODD_WORDS = 2


def fix_national_lines(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """``words`` (one line) as the national name or motto when they are it but for a slip or
    two (``MAX_ODD_WORDS``: one read any way, or two each at most half its letters off)."""
    texts = [w.text for w in words]
    for line in NATIONAL_LINES:
        want = line.split()
        if len(texts) != len(want):
            continue
        odd = [i for i, (read, right) in enumerate(zip(texts, want, strict=True))
               if not (read == right or (read in _DASHES and right in _DASHES)
                       or placement_key(read) == placement_key(right))]
        # one odd word among fixed ones may be read any way at all ("TC" for "Độc"); of two,
        # each must be near its own
        if not odd or len(odd) > MAX_ODD_WORDS or any(
                _edits(texts[i], want[i]) > (len(want[i]) if len(odd) == 1
                                             else max(1, len(want[i]) // 2)) for i in odd):
            continue
        out = list(words)
        for i in odd:
            out[i] = _retyped(words[i], want[i])
        return tuple(out)
    return words


def _edits(a: str, b: str) -> int:
    """Levenshtein distance of two short words."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _retyped(word: Word, text: str) -> Word:
    return Word(text, word.box, word.conf, word.readings)


# A decision's articles are numbered "Điều 1.", "Điều 2." (Decree 30/2020, Appendix I), and
# the recipients cite them ("Như Điều 3;"). On a fax's 100-dpi rows the grave accent over the
# circumflex is a pixel or two and the bar of the "Đ" one row: Tesseract read "Điêu 1.",
# "Diều 2.", "Điểu 3;" at 90-97 % (17 of 64 fax pages' article words, browser sets 31-32), each
# a valid syllable ("điêu khắc", "con diều"), none of them ever before an article's number.
ARTICLE = "Điều"
_ARTICLE_NUMBER = re.compile(r"^\(?\d{1,3}[.:;,)]*$")


def fix_article_numbers(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """``words`` (one line) with every capitalised word spelt "dieu" under other marks (a dot
    below excepted) and followed by a number read as "Điều" (in capitals when read in
    capitals)."""
    out = list(words)
    for at in range(len(words) - 1):
        lead, core, tail = _core(words[at].text)
        if core[:1] not in ("Đ", "D") or _skeleton(core.lower()) != "dieu" or core in (
                ARTICLE, ARTICLE.upper()) or not _ARTICLE_NUMBER.match(words[at + 1].text):
            continue
        if "\u0323" in unicodedata.normalize("NFD", core):
            continue  # a dot below is no grave accent misread: "Diệu" is a given name

        right = ARTICLE.upper() if len(core) > 1 and core[1:].isupper() else ARTICLE
        out[at] = _retyped(words[at], lead + right + tail)
    return tuple(out)


# A date is written "ngày 15 tháng 12 năm 2025" (Decree 30/2020, Appendix I: the dated place
# and every date in a text). Between the day's and the month's number "tháng" is the only word
# there is; a fax's 100-dpi rows close its "á" into "ú" ("ngày 15 thúng 12", a real word, a
# basket: 2 of fax set 41's dates).
MONTH = "tháng"
_DAY = re.compile(r"^\d{1,2}$")
_MONTH_NUMBER = re.compile(r"^\d{1,2}[.,;:]?$")


def fix_month_words(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """``words`` (one line) with a word between "ngày N" and a month's number that is a letter
    or two from "tháng" read as "tháng"."""
    out = list(words)
    for at in range(2, len(words) - 1):
        read = words[at].text
        if read == MONTH or words[at - 2].text.lower() != "ngày" \
                or not _DAY.match(words[at - 1].text) \
                or not _MONTH_NUMBER.match(words[at + 1].text) or not read.isalpha() \
                or _edits(read.lower(), MONTH) > 2:
            continue
        out[at] = _retyped(words[at], MONTH.upper() if read.isupper() else MONTH)
    return tuple(out)


def fix_page_titles(page: PageOcr) -> PageOcr:
    """``page`` with its national name and motto, the fixed capitals of its header, type and
    signature block, its filing note, its article words, its recipients' abbreviations, its
    documents' symbols and its dates' month words put right."""
    return page.with_lines([
        Line(fix_month_words(fix_document_numbers(fix_recipients(fix_article_numbers(
            fix_filing_note(fix_titles(fix_national_lines(line.words))))))))
        for line in page.lines])
