"""Text repair after OCR: NFC always, then Vietnamese repair of Tesseract's usual confusions.

Driven by data in ``scanstation/resources/ocr_models/`` (see its README for provenance):
- ``vi_syllables.txt``: every orthographically valid syllable (onsets × rhymes × tones);
- ``vie_tesseract_words.txt``: the word list inside Tesseract's ``vie`` model (tie-breaker: a
  syllable in it is a common one);
- ``vi_ambiguity.tsv``: what Tesseract confuses (missing horn on ư/ơ, breve/circumflex, đ/d,
  neighbouring tones, a quote or backtick read instead of a tone mark) and how likely each is.

Only a token that is *not* a valid syllable is touched: it is replaced by the valid syllable with
the same letters (diacritics aside) that costs least under the ambiguity table, and only when
that choice is unambiguous. Numbers, document codes (``123/QĐ-UBND``), dates, acronyms and any
valid syllable — so every correctly read name — pass through unchanged. The one exception is a
short reviewed list of *phantoms* (``phantom`` rows of ``vi_ambiguity.tsv``): spellings the
syllable rules allow but no Vietnamese word uses, which Tesseract writes when it takes the dot
of an ``i`` for a hook ("ghỉ rõ họ tên" for "ghi rõ").
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from ..paths import resource
from .faxfix import fax_token
from .forms import numbers_glued
from .leaders import leaders_before_fields
from .results import Line, PageOcr, Word
from .runs import lost_space, vietnamese

MODELS = resource("ocr_models")

TONE_MARKS = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde",
              "\u0323": "dot"}
QUALITY = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u", "đ": "d"}
MAX_COST = 1.2
UNCOMMON_COST = 0.3
TONE_MOVE_COST = 0.3  # a syllable Tesseract's own word list lacks is a less likely reading
_QUOTES = "'’`"
_LEADING_NOISE = re.compile(r"^['\"`‘“]+(?=\w)")


def _split(ch: str) -> tuple[str, str]:
    """A lower-case letter → (letter with its quality mark, tone name)."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "none"
    base = ""
    for c in decomposed:
        if c in TONE_MARKS:
            tone = TONE_MARKS[c]
        else:
            base += c
    return unicodedata.normalize("NFC", base), tone


# tone marks and the quality marks of ă â ê ô ơ ư (breve, circumflex, horn), decomposed
_MARKS = dict.fromkeys(map(ord, "".join(TONE_MARKS) + "\u0306\u0302\u031b"))
_MARKS.update({ord("đ"): "d"})


def _marks(text: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFD", text) if unicodedata.combining(ch)) \
        + text.lower().count("đ")


def loses_marks(old: str, new: str) -> bool:
    """The same letters with fewer marks: a box that clipped the marks above a capital word
    ("PHƯỜNG SÀI GÒN" read again as "PHƯƠNG SAI GON"); a second reading never takes them."""
    old, new = old.replace(" ", "").lower(), new.replace(" ", "").lower()
    return _skeleton(old) == _skeleton(new) and _marks(new) < _marks(old)


def _skeleton(word: str) -> str:
    """A lower-case word's letters without tone or quality marks ("nguyễn" → "nguyen"): one
    decomposition and one ``translate`` per word — the syllable index is built from 18,000 of
    them in every process that repairs text."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", word).translate(_MARKS))


@dataclass(frozen=True)
class Models:
    syllables: frozenset[str]
    common: frozenset[str]
    by_skeleton: dict[str, tuple[str, ...]]
    letter_cost: dict[tuple[str, str], float]
    tone_cost: dict[tuple[str, str], float]
    quote_tone: dict[str, tuple[str, float]]
    glyphs: dict[str, str]
    # valid-looking syllables that are no Vietnamese word and that Tesseract writes for a common
    # one: the dot of an i read as a hook ("ghỉ rõ họ tên" for "ghi rõ")
    phantoms: dict[str, str]
    # word pairs that are no phrase, misread from a common compound: Tesseract's language prior
    # writes "chỉ tiết" for a crisp "chi tiết" ("quy định chi tiết" cites nearly every decree)
    pairs: dict[str, str]

    @cached_property
    def phrases(self) -> frozenset[str]:
        """The phrases the misread pairs stand for ("chữ đệm"): known, whatever a list says."""
        return frozenset(self.pairs.values())


def _read_list(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


_CACHE_VERSION = 3


@cache
def models(folder: Path = MODELS) -> Models:
    """The repair models, from the cache folder when built before: building them (18,000
    syllables decomposed and indexed) cost 0.05 s of every one-page CLI call, reading them back
    0.01 s (issue 14)."""
    from .modelcache import cached, identity

    files = [folder / n for n in ("vi_syllables.txt", "vie_tesseract_words.txt",
                                  "vi_ambiguity.tsv")]
    return cached("textfix", [_CACHE_VERSION, str(folder), *identity(*files)],
                  lambda: _models_to_json(_build_models(folder)), _models_from_json)


def _models_to_json(m: Models) -> dict[str, object]:
    return {
        "syllables": sorted(m.syllables), "common": sorted(m.common),
        "by_skeleton": m.by_skeleton,
        "letter_cost": [[a, b, c] for (a, b), c in m.letter_cost.items()],
        "tone_cost": [[a, b, c] for (a, b), c in m.tone_cost.items()],
        "quote_tone": m.quote_tone, "glyphs": m.glyphs, "phantoms": m.phantoms,
        "pairs": m.pairs,
    }


def _models_from_json(d: dict[str, Any]) -> Models:
    return Models(
        frozenset(d["syllables"]), frozenset(d["common"]),
        {k: tuple(v) for k, v in d["by_skeleton"].items()},
        {(a, b): float(c) for a, b, c in d["letter_cost"]},
        {(a, b): float(c) for a, b, c in d["tone_cost"]},
        {k: (v[0], float(v[1])) for k, v in d["quote_tone"].items()},
        dict(d["glyphs"]),
        dict(d["phantoms"]),
        dict(d["pairs"]),
    )


def _build_models(folder: Path) -> Models:
    syllables = frozenset(unicodedata.normalize("NFC", s)
                          for s in _read_list(folder / "vi_syllables.txt"))
    common_path = folder / "vie_tesseract_words.txt"
    common = frozenset(unicodedata.normalize("NFC", w.lower()) for w in _read_list(common_path)) \
        if common_path.exists() else frozenset()
    index: dict[str, list[str]] = defaultdict(list)
    for syllable in syllables:
        index[_skeleton(syllable)].append(syllable)
    letter_cost: dict[tuple[str, str], float] = {}
    tone_cost: dict[tuple[str, str], float] = {}
    quote_tone: dict[str, tuple[str, float]] = {}
    glyphs: dict[str, str] = {}
    phantoms: dict[str, str] = {}
    pairs: dict[str, str] = {}
    for row in _read_list(folder / "vi_ambiguity.tsv"):
        kind, ocr, truth, cost = row.split("\t")
        if kind == "letter":
            letter_cost[(ocr, truth)] = float(cost)
        elif kind == "tone":
            tone_cost[(ocr, truth)] = float(cost)
        elif kind == "quote":
            quote_tone[ocr] = (truth, float(cost))
        elif kind == "glyph":
            glyphs[ocr] = truth
        elif kind == "phantom":
            phantoms[unicodedata.normalize("NFC", ocr)] = unicodedata.normalize("NFC", truth)
        elif kind == "pair":
            pairs[unicodedata.normalize("NFC", ocr)] = unicodedata.normalize("NFC", truth)
    return Models(syllables, common, {k: tuple(sorted(v)) for k, v in index.items()},
                  letter_cost, tone_cost, quote_tone, glyphs, phantoms, pairs)


def _tones(word: str) -> tuple[str, list[str]]:
    bases, tones = [], []
    for ch in word:
        base, tone = _split(ch)
        bases.append(base)
        if tone != "none":
            tones.append(tone)
    return "".join(bases), tones


def _cost(ocr: str, candidate: str, m: Models) -> float:
    total = 0.0 if candidate in m.common else UNCOMMON_COST
    if _tones(ocr) == _tones(candidate):
        return total + TONE_MOVE_COST  # the right tone on the wrong vowel
    skip = False
    for index, (a, b) in enumerate(zip(ocr, candidate, strict=True)):
        if skip:
            skip = False
            continue
        if a == b:
            continue
        if ocr[index:index + 2] == "uo" and candidate[index:index + 2] == "ươ":
            total += m.letter_cost.get(("uo", "ươ"), 0.4)  # one missed horn pair, not two errors
            skip = True
            continue
        base_a, tone_a = _split(a)
        base_b, tone_b = _split(b)
        if base_a != base_b:
            total += m.letter_cost.get((base_a, base_b), 1.5)
        if tone_a != tone_b:
            total += m.tone_cost.get((tone_a, tone_b), 1.0)
    return total


def _apply_case(pattern: str, word: str) -> str:
    """``word`` in the case of ``pattern``'s letters (punctuation around them ignored): all
    capitals, a capital first letter, or as it is."""
    letters = [ch for ch in pattern if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return word.upper()
    at = next((i for i, ch in enumerate(word) if ch.isalpha()), None)
    if letters and letters[0].isupper() and at is not None:
        return word[:at] + word[at].upper() + word[at + 1:]
    return word


def _with_tone(word: str, tone: str) -> list[str]:
    """``word`` with ``tone`` put on each of its vowels in turn (callers keep the valid one)."""
    mark = {v: k for k, v in TONE_MARKS.items()}[tone]
    out = []
    for i, ch in enumerate(word):
        if _skeleton(ch) in "aeiouy" and _split(ch)[1] == "none":
            out.append(unicodedata.normalize("NFC", word[: i + 1] + mark + word[i + 1:]))
    return out


def repair_syllable(token: str, m: Models | None = None) -> str:
    """The repaired form of one letters-only token (case kept), or the token unchanged."""
    m = m or models()
    lower = token.lower()
    if lower in m.syllables or not lower.isalpha():
        return token
    candidates = m.by_skeleton.get(_skeleton(lower), ())
    scored = sorted((_cost(lower, c, m), c not in m.common, c) for c in candidates)
    if not scored or scored[0][0] > MAX_COST:
        return token
    if len(scored) > 1 and scored[1][:2] == scored[0][:2]:
        return token  # two equally likely readings: leave it to the officer, never guess
    return _apply_case(token, scored[0][2])


def _repair_quote_tone(core: str, m: Models) -> str | None:
    """``Nguyê'n`` → ``Nguyến``? A quote glued inside or after a word may be its tone mark."""
    for quote, (tone, _cost_value) in m.quote_tone.items():
        if quote in core[1:] and core.count(quote) == 1:
            bare = core.replace(quote, "")
            if not bare.isalpha():
                continue
            if bare.lower() in m.syllables:
                return bare
            options = [w for w in _with_tone(bare.lower(), tone) if w in m.syllables]
            if len(options) == 1:
                return _apply_case(bare, options[0])
    return None


_TOKEN = re.compile(r"^(\W*)(.*?)(\W*)$", re.UNICODE)
_TRAILING_UNDERSCORE = re.compile(r"(?<=[^\W_])_{1,2}$")  # "2_": LSTM ghost after a lone digit
# "_đồng/trường": a cell's rule left glued before its word (a typed blank is underscores only)
_LEADING_UNDERSCORE = re.compile(r"^_{1,2}(?=[^\W\d_])")
# "Minh.......", "1998......", "Sơn..": the end of a typed leader a filled-in value did not
# cover, too short for preparation to erase (ten dots or more); prose ends a word with one dot
# or three (four once: "Oanh....", an ellipsis and a full stop), and a quotation's elided start
# ("“....") has no letter before it
# ("3......", a field's number before its empty leader, keeps its dots: only a value's digits)
_TRAILING_LEADER = re.compile(r"(?:(?<=[^\W\d_])|(?<=\d\d\d))(?:(?:\.|…){5,}|\.\.)$")
# "04/07/1969.....3.": a short leader between a value and the next field's number
_LEADER_TO_FIELD = re.compile(r"(?<=[^\W_])(?:\.|…){2,}(?=\d{1,2}\.$)")
_COMMA_GLUE = re.compile(r"(?<=[^\W_],)(?=[^\W\d_])")  # "Xóm 4,Hương": comma then a letter
# "Thôn8," for "Thôn 8,": Tesseract drops the narrow space between a word and a number
# what may follow a word without being part of it (a pair's second word, a place name's last)
TRAILING_PUNCTUATION = ".,;:)"


def split_trailing(text: str) -> tuple[str, str]:
    """``text`` as its word and the ``TRAILING_PUNCTUATION`` after it ("VT," → "VT", ",")."""
    core = text.rstrip(TRAILING_PUNCTUATION)
    return core, text[len(core):]

_NUMBER_GLUE = re.compile(r"^(?P<word>[^\W\d_]{2,})(?P<number>\d+[.,;:)]?)$")


def _camel_parts(core: str) -> list[str]:
    """``HuỳnhThuHương`` → [Huỳnh, Thu, Hương]: split where a capital follows a small letter."""
    parts, start = [], 0
    for i in range(1, len(core)):
        if core[i].isupper() and core[i - 1].islower():
            parts.append(core[start:i])
            start = i
    parts.append(core[start:])
    return parts


def _split_glued(core: str, m: Models) -> str | None:
    """Words Tesseract glued together (it drops the spaces in narrow table cells): a capital
    never follows a small letter inside a Vietnamese syllable, so a token that is not a
    syllable but splits there into valid ones is those syllables ("ĐỗMinhTrang")."""
    parts = _camel_parts(core)
    if len(parts) < 2:
        return None
    fixed = [repair_syllable(part, m) for part in parts]
    if all(part.lower() in m.syllables for part in fixed):
        return " ".join(fixed)
    return None


def fix_word(text: str, conf: float = 100.0, m: Models | None = None,
             runs: bool = True) -> str:
    """Repair one OCR word (a whitespace-free token, punctuation included); ``runs``: split
    syllables run together (on a Vietnamese page only: ``runs.vietnamese``)."""
    text = unicodedata.normalize("NFC", text)
    if not text:
        return text
    m = m or models()
    text = "".join(m.glyphs.get(ch, ch) for ch in text)
    if conf < 80.0:
        text = _LEADING_NOISE.sub("", text)
    text = _TRAILING_LEADER.sub("", _TRAILING_UNDERSCORE.sub("", _LEADING_UNDERSCORE.sub(
        "", text)))
    if _LEADER_TO_FIELD.search(text):
        return " ".join(fix_word(part, conf, m, runs) for part in _LEADER_TO_FIELD.split(text))
    if _COMMA_GLUE.search(text):
        return " ".join(fix_word(part, conf, m, runs) for part in _COMMA_GLUE.split(text))
    numbered = _NUMBER_GLUE.match(text)
    if numbered and numbered["word"].lower() in m.syllables and not numbered["word"].isupper():
        # a word that is a syllable, then a number: house, hamlet and team numbers ("Tổ8");
        # codes (QĐ8, TTr8) are capitals or no syllable and stay
        return f"{fix_word(numbered['word'], conf, m, runs)} {numbered['number']}"
    match = _TOKEN.match(text)
    if match is None:
        return text
    lead, core, trail = match.groups()
    if not core or any(ch.isdigit() for ch in core):
        return text
    if any(q in core for q in _QUOTES):
        repaired = _repair_quote_tone(core, m)
        return lead + repaired + trail if repaired else text
    if not core.isalpha():
        return text  # codes and compounds (QĐ-UBND, Tỉnh/Thành) are left as read
    if core.lower() in m.phantoms:
        return lead + _apply_case(core, m.phantoms[core.lower()]) + trail
    if core.lower() not in m.syllables:
        glued = _split_glued(core, m) or _capital_lookalike(core, m) or _lost_loop(core, m)
        if glued:
            return lead + glued + trail
        fixed = repair_syllable(core, m)
        # a misread syllable first ("nuóc" is "nước"), then syllables run together
        spaced = None if fixed.lower() in m.syllables or not runs else lost_space(
            core, m.syllables, m.common)
        return lead + (spaced or fixed) + trail
    return lead + repair_syllable(core, m) + trail


# A capital's strokes read as thin letters, on a fax or a coarse scan: "H" as two stems
# ("llải", "Iluỳnh", "lIlòa", "NIIÂN"), "T" as its stem ("Ihuận", "Lhịnh" — the bar lost or
# taken for a foot). Tried longest first; only a word that is no syllable changes, and only
# into one.
_STEMS_AS_H = ("lIl", "IlI", "Il", "lI", "ll")  # not "II": a Roman numeral's ("nhóm IIa")
_STEM_AS_T = ("I", "L")


def _capital_lookalike(core: str, m: Models) -> str | None:
    """``core`` (no syllable) with a capital read as stems put right, if that makes it a
    syllable: at the start of a title-case word ("Ihuận" → "Thuận"), or, in a word of
    capitals that has a Vietnamese letter (so never a Roman numeral or an acronym), "II"
    anywhere and "I"/"L" first ("NIIÂN" → "NHÂN")."""
    if len(core) < 3:
        return None
    if core.isupper():
        if core.isascii():
            return None
        tries = [core.replace("II", "H", 1)] if "II" in core else []
        tries += ["T" + core[1:]] if core.startswith(_STEM_AS_T) else []
    else:
        tries = [("H" if stems in _STEMS_AS_H else "T") + core[len(stems):]
                 for stems in (*_STEMS_AS_H, *_STEM_AS_T) if core.startswith(stems)]
    for new in tries:
        rest = new[1:]
        if new.lower() in m.syllables and (core.isupper() or rest == rest.lower()):
            return new
    return None


# A "g" whose lower loop a fax lost reads "p": "tronp", "npày", "nphiên", "piữa", "pian"
# (11 words of fax set 37). In a syllable "g" follows "n" ("ng", "ngh") or starts "gi"; "p"
# never follows "n" and no syllable starts "pi" but "pin".
_LOOP_LOST = re.compile(r"(?<=[nN])[pP]|^[pP](?=[iIìíỉĩịÌÍỈĨỊ])")


def _lost_loop(core: str, m: Models) -> str | None:
    """``core`` (no syllable) with its "p"s where a "g" stands in a syllable read as "g", if
    that makes it a syllable."""
    new = _LOOP_LOST.sub(lambda p: "G" if p[0] == "P" else "g", core)
    return new if new != core and new.lower() in m.syllables else None


# What a fax's 100-dpi rows do to a letter's or a digit's foot (fax set 41: 14 tokens):
def fix_text(text: str) -> str:
    """Repair free text (whitespace kept)."""
    m = models()
    return "".join(fix_word(part, 100.0, m) if part.strip() else part
                   for part in re.split(r"(\s+)", unicodedata.normalize("NFC", text)))


_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}


def printable(text: str) -> str:
    """``text`` with only what a text layer can carry and an extractor gives back: presentation
    ligatures spelled out ("ﬁ" → "fi": PDF readers expand them), and control and format
    characters (soft hyphen, zero-width space, U+FFFD) dropped — the text layer cannot show them,
    so a sidecar that kept them would disagree with the PDF's own text."""
    text = "".join(_LIGATURES.get(ch, ch) for ch in text)
    return "".join(ch for ch in text
                   if ch == " " or (ch.isprintable() and ch not in "\ufffd\ufffe"))


def fix_page(page: PageOcr, *, repair: bool = True) -> PageOcr:
    """NFC and printable every word; with ``repair``, also fix invalid syllables (boxes are kept
    as read)."""
    m = models() if repair else None
    runs = m is not None and vietnamese(_cores(page), m.syllables)
    lines = []
    for line in page.lines:
        words = tuple(
            Word(printable(fix_word(w.text, w.conf, m, runs) if m
                           else unicodedata.normalize("NFC", w.text)), w.box, w.conf)
            for w in line.words)
        if m is not None and page.bitonal:
            words = tuple(Word(fax_token(w.text, m), w.box, w.conf) for w in words)
        words = numbers_glued(leaders_before_fields(tuple(w for w in words if w.text)))
        if m is not None and m.pairs:
            words = _fix_pairs(words, m)
        if words:
            lines.append(Line(words))
    return page.with_lines(lines)


def _cores(page: PageOcr) -> list[str]:
    """The page's words without their punctuation, lower case: those that are letters only."""
    tokens = (_TOKEN.match(unicodedata.normalize("NFC", w.text))
              for line in page.lines for w in line.words)
    return [token[2].lower() for token in tokens if token and token[2] and token[2].isalpha()]


def _fix_pairs(words: tuple[Word, ...], m: Models) -> tuple[Word, ...]:
    """Neighbouring words that make a listed misread pair ("chỉ tiết", "kiếm tra", "(Ký ghi")
    become the pair they stand for ("chi tiết", "kiểm tra", "(Ký, ghi"). A word that would
    change must be lower case or capitals — or title case as the line's first word — so a
    name is never touched ("thuộc Điện Biên" is not "thuộc điện"); punctuation after the first
    word breaks a pair unless the pair lists it."""
    out = list(words)
    for index in range(len(out) - 1):
        first, second = out[index].text, out[index + 1].text
        core = second.rstrip(TRAILING_PUNCTUATION)
        truth = m.pairs.get(f"{first.lower()} {core.lower()}")
        if not truth or not core.isalpha():
            continue
        new_first, new_second = truth.split(" ")
        if not (_may_change(first, new_first, index == 0)
                and _may_change(core, new_second, False)):
            continue
        out[index] = Word(_apply_case(first, new_first), out[index].box, out[index].conf)
        out[index + 1] = Word(_apply_case(core, new_second) + second[len(core):],
                              out[index + 1].box, out[index + 1].conf)
    return tuple(out)


def _may_change(token: str, new: str, line_start: bool) -> bool:
    letters = [ch for ch in token if ch.isalpha()]
    if token.lower() == new or not letters:
        return True
    lower_case = all(ch.islower() for ch in letters)
    capitals = len(letters) > 1 and all(ch.isupper() for ch in letters)
    title = letters[0].isupper() and all(ch.islower() for ch in letters[1:])
    return lower_case or capitals or (title and line_start)
