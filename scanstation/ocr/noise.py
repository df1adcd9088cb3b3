"""Which of Tesseract's words are text: stray marks, a rule's remnants and specks are dropped
before the reading order is rebuilt (``ocr.layout``), while words read right at a low
confidence — syllables, a document's number, an administrative abbreviation — are kept."""

from __future__ import annotations

import re

from .results import OcrParams, Word

HAS_ALNUM = re.compile(r"[^\W_]", re.UNICODE)  # a letter or digit ("_" is in \w)


# Marks that stand alone only when a tone mark or a rule's end was cut off its letter: on a
# table whose neighbouring cells sit half a line apart (a merged header cell), Tesseract hands
# the grave of "Từ" to the line of the next cell and reads it, with high confidence, as "`".
STRAY_MARKS = frozenset("`´ˆ^~˜¬¨¯˘˙")
# A long dash or an underscore lies flat. One taller than wide, read unsure, is what erasing a
# table's vertical rule left between two cells: "—" or "_" at 35-69 ("2 — Đinh Minh", 27 × 62
# px on 35-px text; issue 14). Not the hyphen: Tesseract boxes the motto's "-" up to 25 × 58 px,
# read at 93.
DASHES, SURE_DASH = frozenset("–—_"), 80.0


def keep(word: Word, params: OcrParams) -> bool:
    """Whether ``word`` is text to keep (``params``: the confidence floors)."""
    if STRAY_MARKS.issuperset(word.text):
        return False
    if _mixed_underscore(word.text):
        return False
    if (DASHES.issuperset(word.text) and word.height > word.box[2] - word.box[0]
            and word.conf < SURE_DASH):
        return False
    if word.conf >= params.min_word_conf:
        return True
    if not HAS_ALNUM.search(word.text):
        return False
    return word.conf >= params.min_alnum_conf or _reads_as_text(word.text)


# A document's number and symbol (Decree 30/2020, Appendix I): its number, the year for legal
# acts, the type's abbreviation and the issuer's — "548/QĐ-UBND", "30/2020/NĐ-CP", "12/BC-UBND".
DOCUMENT_NUMBER = re.compile(
    r"\d{1,6}(?:/\d{4})?/[A-ZĐ][A-ZĐa-z]{0,4}(?:-[A-ZĐ][A-ZĐa-z0-9]{0,9}){1,3}[.,;]?")
# The abbreviations every administrative document's foot and symbol use (Decree 30/2020):
# authority before a signature, the filing note "Lưu: VT, VP.", the issuers, and the document
# types of Appendix III. A closed list: "VT," read at confidence 2 was dropped from a faint page.
ADMIN_ABBREVIATIONS = frozenset({
    "TM", "KT", "TL", "TUQ", "VT", "VP", "UBND", "HĐND", "PCT", "NĐ", "CP", "TT",
    "NQ", "QĐ", "CT", "QC", "QyĐ", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr",
    "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "PN", "TC"})


def _mixed_underscore(text: str) -> bool:
    """Punctuation alone that mixes "_" with other marks ("._", "—_", "-_"): a speck or a
    rule's remnant on a speckled page (5 words of 128 browser pages). A typed blank is all
    underscores, and no other mark goes with one."""
    return "_" in text and set(text) != {"_"} and not HAS_ALNUM.search(text)


def _reads_as_text(text: str) -> bool:
    """A word Tesseract scored near 0 is still kept when it reads as Vietnamese: every piece a
    syllable of two letters or more (after textfix), or a number. Tesseract gives confidence 0
    to words it re-joined or re-split in narrow table cells ("Dương", "QuốcTrang", "12,") that
    are read right; noise ("tp", "ii", "°") is not made of syllables.

    A document's number and symbol is kept too: Tesseract gave "548/QĐ-UBND" under a
    ward's name confidence 0, read right, and the page lost its number (issue 14, a skewed page
    of a browser set never looked at before). Noise does not take that shape. One of the
    administrative abbreviations (``ADMIN_ABBREVIATIONS``) is kept as well."""
    if DOCUMENT_NUMBER.fullmatch(text) or text.rstrip(".,;:") in ADMIN_ABBREVIATIONS:
        return True
    from .textfix import fix_word, models  # the word lists load on first use

    m = models()
    pieces = re.findall(r"[^\W_]+", fix_word(text, 100.0, m))
    return bool(pieces) and all(
        piece.isdigit() or (len(piece) >= 2 and piece.lower() in m.syllables) for piece in pieces)


# A row in which no word is read as text, and one at least cannot be: each word is unsure (under
# ``NOISE_ROW_CONF``), has no letter or digit, or cannot be text — a single glyph a fraction of
# a letter in size, or narrower than its characters could be — and one at least cannot. A copier's streaks of toner in a
# page's blank lower half were read as "lộ 240/227 k 4 1 “14 về 4", "động ch tin TẢ rÌ 3 NI",
# "* 4 tự* › *" (0-49 % on their letters, "240/227" 5 px wide on 25-px text; Augraphy's dirty
# drum, benchmarks/augraphy_pages.py). Unsure alone is no proof: a fax's "- Lưu: VT, VP." and
# a table's lone "90.000" are read under 60 too.
NOISE_ROW_CONF = 60.0
NOISE_GLYPH = 0.6  # a lone glyph smaller than this share of the text's height is a speck
NOISE_NARROW = 0.15  # a character is at least this share of the text's height wide


def row_of_noise(row: list[Word], height: float) -> bool:
    """Whether ``row`` (words on one line; ``height``: the page's typical word height) holds
    no word read as text, and a word that cannot be one."""

    def impossible(w: Word, core: str) -> bool:
        width = w.box[2] - w.box[0]
        return bool(core) and (
            (len(core) == 1 and max(width, w.height) < NOISE_GLYPH * height)
            or width < NOISE_NARROW * height * len(core))

    cores = ["".join(ch for ch in w.text if ch.isalnum()) for w in row]
    cannot = [impossible(w, core) for w, core in zip(row, cores, strict=True)]
    # a speck read as "4" at 97 is a speck still
    unsure = all(not core or w.conf < NOISE_ROW_CONF or no
                 for w, core, no in zip(row, cores, cannot, strict=True))
    return bool(row) and unsure and any(cannot)
