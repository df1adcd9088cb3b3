"""Choose among the readings Tesseract itself weighed, by what Vietnamese words exist.

On a degraded page (a fax's 100-dpi rows, JPEG at quality 20–50) a stacked mark blurs into its
neighbour: the circumflex and acute of "số" into a tilde ("sõ"), "giấy" into "giãy", the hook of
"Ủy" into an acute. Tesseract's LSTM still weighs the right letter — as its second choice, at
confidence 50–75 — and its language prior picks the wrong one. Each misreading is a valid
syllable, so the syllable repair (``textfix``) cannot see it; the lexicon can: "sõ" is no word,
"tố chức" no compound, and "số" and "tổ chức" are.

A line holding a *doubtful* word (read below ``DOUBT_CONF``, and spelt otherwise the lexicon
would prefer it) is read again alone with every letter's alternatives kept (``weigh_marks``);
the word then changes to another of its readings (``fix_page``) only when

- the reading was weighed for the changed letter at ``MIN_CONFIDENCE`` or more — the picture
  supports it, the lexicon only breaks the tie;
- the word as read is no dictionary word and the reading is a more usual one (a word of
  Tesseract's list over a dictionary word over a mere valid syllable over no syllable); or the
  word as read is a word, and the reading makes a compound with a neighbour while the word read
  makes none ("tố chức" → "tổ chức"), or is ``FREQUENCY_GAIN`` commoner and weighed at
  ``FREQUENCY_CONFIDENCE`` ("sô 33" → "số 33");
- a capital in the middle of a line (a name, perhaps) changes only when it is no word, or on a
  compound with a lower-case word after it ("Đề nghị Ủy ban"), never with the word before
  ("thuộc Điện Biên"); a phantom ("ghỉ") is ``textfix``'s to repair.

The dictionary is pyvi's (MIT; ``resources/ocr_models/vi_words.txt``) with the gazetteer's place
names and Tesseract's own word list; frequencies are wordfreq's (CC-BY-SA data,
``vi_freq.tsv``); tone placement is ignored (hòa = hoà).
"""
from __future__ import annotations

import contextlib
import itertools
import re
import unicodedata
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from .bands import shared_reads
from .engine import OcrEngine
from .prepare import Prepared
from .results import Line, PageOcr, Word
from .textfix import MODELS, Models, _apply_case, _skeleton, _split, _tones, models

WORD = 2  # ``Lexicon.usual`` of a dictionary word
MIN_CONFIDENCE = 30.0  # the letter read instead must have been weighed at least this much
# a word as read gives way, without a compound, only to a reading ~30 times as common in
# Vietnamese text (Zipf + 1.5: "sô" → "số", "thây" → "thấy") that Tesseract weighed at 50 or
# more, one mark away; "lăm" → "lắm" (+1.3) and "chẵn" → "chấn" (+1.3) are kept out, and
# "chẵn" → "chân" (+2.1, but a breve and a tilde away): all three are right often
FREQUENCY_GAIN = 1.5
FREQUENCY_CONFIDENCE = 50.0
DOUBT_CONF = 95.0  # a word read surer than this is not weighed again: crisp text reads 96+
# The dot of an "i" read as a hook ("ỉ"): Tesseract's ``vie`` model writes "chỉ" for a crisp
# "chi" and "tỉnh" for "tinh" (clean renders, five fonts, 200 and 300 dpi: most "chi" of a
# line). It still weighs the plain "i" at 20–85 then, and at 0–4 under a real hook ("chỉ đạo",
# "địa chỉ", "tỉnh"): the picture decides, whatever the word's commonness. Not on a bitonal
# page: a fax's hook, a few pixels, weighs the dot at 25–65 too ("chỉ dùng", "điều chỉnh");
# there only a dot weighed at 70 or more is taken (half the fax's misread dots: 75–100).
DOT_CONF = 20.0
DOT_CONF_BITONAL = 70.0
_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)
_CACHE_VERSION = 6


def placement_key(syllable: str) -> str:
    """Letters, quality marks and tone, wherever the tone mark sits ("hòa" = "hoà")."""
    bases, tones = _tones(syllable.lower())
    return f"{bases}/{tones[0] if tones else ''}"


@dataclass(frozen=True)
class Lexicon:
    frequent: frozenset[str]  # placement keys of the words of Tesseract's own word list
    words: frozenset[str]  # placement keys of syllables that are (part of) a dictionary word
    valid: frozenset[str]  # every orthographically valid syllable (both tone placements)
    pairs: frozenset[str]  # "key key": two syllables next to each other inside a word
    zipf: dict[str, float]  # placement key → Zipf frequency (log10 uses per 10⁹ words), if known

    def frequency(self, syllable: str) -> float:
        return self.zipf.get(placement_key(syllable), 0.0)

    def usual(self, syllable: str) -> int:
        """3: a word of Tesseract's list (the commonest 7,000); 2: part of a dictionary word;
        1: a valid syllable; 0: no Vietnamese syllable."""
        key = placement_key(syllable)
        if key in self.frequent:
            return 3
        return 2 if key in self.words else 1 if syllable.lower() in self.valid else 0

    def joins(self, left: str, right: str) -> bool:
        return f"{placement_key(left)} {placement_key(right)}" in self.pairs


def _address_names() -> tuple[set[str], set[tuple[str, str]]]:
    """The gazetteer's syllables, and its pairs of neighbouring syllables ("cao lãnh"; the
    pairs are ``bigrams.places``)."""
    import json

    from ..paths import resource

    syllables: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        data = json.loads(resource("address").joinpath("address_index.json").read_text("utf-8"))
        stack: list[object] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                parts = unicodedata.normalize("NFC", item).lower().split()
                syllables.update(parts)
                pairs.update(itertools.pairwise(parts))
            elif isinstance(item, dict):
                stack += list(item.keys()) + list(item.values())
            elif isinstance(item, list):
                stack += item
    return syllables, pairs


@cache
def lexicon(folder: Path = MODELS) -> Lexicon:
    """The word lists, keyed: built once into the cache folder (0.3 s), read back in ~10 ms."""
    from ..paths import resource
    from .modelcache import cached, identity

    files = [folder / n for n in ("vi_words.txt", "vi_syllables.txt", "vie_tesseract_words.txt",
                                  "vi_freq.tsv")]
    files.append(resource("address", "address_index.json"))

    def build() -> dict[str, Any]:
        m = models(folder)
        valid = {placement_key(s) for s in m.syllables}
        syllables: set[str] = set(m.common) | _address_names()[0]
        pairs: set[str] = set()
        with contextlib.suppress(OSError):
            for line in (folder / "vi_words.txt").read_text(encoding="utf-8").splitlines():
                if not line or line.startswith("#"):
                    continue
                parts = [placement_key(p) for p in line.split()]
                syllables.update(line.split())
                pairs.update(f"{a} {b}" for a, b in itertools.pairwise(parts))
        words = {placement_key(s) for s in syllables} & valid
        frequent = {placement_key(s) for s in m.common} & valid
        zipf: dict[str, float] = {}
        with contextlib.suppress(OSError, ValueError):
            for line in (folder / "vi_freq.tsv").read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    syllable, value = line.split("\t")
                    key = placement_key(syllable)
                    zipf[key] = max(float(value), zipf.get(key, 0.0))
        return {"frequent": sorted(frequent), "words": sorted(words), "pairs": sorted(pairs),
                "zipf": zipf}

    return cached("lexicon", [_CACHE_VERSION, str(folder), *identity(*files)], build,
                  lambda data: _from_json(data, folder))


def _from_json(data: dict[str, Any], folder: Path) -> Lexicon:
    return Lexicon(frozenset(data["frequent"]), frozenset(data["words"]), models(folder).syllables,
                   frozenset(data["pairs"]), {k: float(v) for k, v in data["zipf"].items()})


def _core(text: str) -> tuple[str, str, str]:
    match = _CORE.match(text)
    assert match is not None
    return match.group(1), match.group(2), match.group(3)


def _case(core: str) -> str:
    letters = [ch for ch in core if ch.isalpha()]
    if letters and (all(ch.islower() for ch in letters)
                    or (len(letters) > 1 and all(ch.isupper() for ch in letters))):
        return "plain"  # lower case, or capitals (a heading)
    if letters and letters[0].isupper() and all(ch.islower() for ch in letters[1:]):
        return "title"
    return "mixed"


def _choose(words: tuple[Word, ...], index: int, lex: Lexicon,
            phantoms: dict[str, str], dot_conf: float = DOT_CONF) -> Word | None:
    word = words[index]
    lead, core, trail = _core(word.text)
    if not core.isalpha() or core.lower() in phantoms:
        return None  # a phantom ("ghỉ": the dot of an i read as a hook) is textfix's to repair
    case = _case(core)
    if case == "mixed":
        return None
    # a capital is expected at the start of a line or a sentence ("Kính gửi: Ủy ban"); in the
    # middle of one it may start a name ("thuộc Điện Biên" is no "thuộc diện"), so a compound
    # counts there only with a lower-case word after it ("Đề nghị Ủy ban nhân dân")
    starts = index == 0 or words[index - 1].text[-1:] in ".:;!?"
    sentence = case == "plain" or starts
    prev = nxt = ""
    # punctuation between two words ends a phrase: no compound across it
    if index > 0 and not lead and sentence:
        _, p_core, p_trail = _core(words[index - 1].text)
        prev = p_core if p_core.isalpha() and not p_trail else ""
    if index + 1 < len(words) and not trail:
        n_lead, n_core, _ = _core(words[index + 1].text)
        nxt = n_core if n_core.isalpha() and not n_lead and (sentence or n_core.islower()) else ""

    def joined(candidate: str) -> bool:
        return bool((prev and lex.joins(prev, candidate)) or (nxt and lex.joins(candidate, nxt)))

    dotted = _dotted(core)
    if dotted and any(r == lead + dotted + trail and c >= dot_conf for r, c in word.readings):
        return Word(lead + dotted + trail, word.box, word.conf)
    read = lex.usual(core)
    if read >= WORD and (not (prev or nxt) or joined(core)):
        return None  # a word as read, in a compound or with no neighbour to make one, stays
    best: tuple[tuple[int, int, float, float], str] | None = None
    for reading, conf in word.readings:
        if conf < MIN_CONFIDENCE:
            continue
        alt_lead, alt_core, alt_trail = _core(reading)
        if (alt_lead, alt_trail) != (lead, trail) or alt_core == core:
            continue
        usual = lex.usual(alt_core)
        gain = lex.frequency(alt_core) - lex.frequency(core)
        # no word as read: any more usual reading; a word as read ("chẵn", "lăm": words that
        # Tesseract's commonest-7,000 list lacks): only a word that makes a compound, or (not
        # for a name) a far commoner word that Tesseract weighed well
        if read < WORD:
            if usual <= read:
                continue
        elif not (usual >= WORD and (joined(alt_core) or (
                sentence and gain >= FREQUENCY_GAIN and conf >= FREQUENCY_CONFIDENCE
                and _one_mark(core.lower(), alt_core.lower())))):
            continue
        rank = (usual, int(joined(alt_core)), lex.frequency(alt_core), conf)
        if best is None or rank > best[0]:
            best = (rank, alt_core)
    if best is None:
        return None
    return Word(lead + _apply_case(core, best[1].lower()) + trail, word.box, word.conf)


def _dotted(core: str) -> str:
    """``core`` with its one hooked "i" plain ("chỉ" → "chi", "Tỉnh" → "Tinh"), if that is a
    syllable too; else ""."""
    hooks = core.count("ỉ") + core.count("Ỉ")
    if hooks != 1:
        return ""
    plain = core.replace("ỉ", "i").replace("Ỉ", "I")
    return plain if plain.lower() in models().syllables else ""


def _one_mark(read: str, reading: str) -> bool:
    """The two differ in one letter, by one mark — its tone or its quality mark ("sô"/"số",
    "đế"/"để") — or by a tilde read for a stacked pair ("giãy"/"giấy": the circumflex and
    acute of a 100-dpi fax row blur into one wave). Not "chẵn"/"chân", a breve and a tilde
    away from each other."""
    changed = [(_split(a), _split(b)) for a, b in zip(read, reading, strict=False) if a != b]
    if len(read) != len(reading) or len(changed) != 1:
        return False
    (base_a, tone_a), (base_b, tone_b) = changed[0]
    if (base_a != base_b) != (tone_a != tone_b):
        return True
    return tone_a == "tilde" and base_a in "aeo" and base_b in "âêôăơ" and tone_b != "none"


def fix_page(page: PageOcr, dot_conf: float = DOT_CONF) -> PageOcr:
    """Each word that Tesseract weighed against a more usual reading takes that reading."""
    if not any(w.readings for w in page.words):
        return page
    lex = lexicon()
    phantoms = models().phantoms
    lines = []
    for line in page.lines:
        words = line.words
        out = list(words)
        for index in range(len(words)):
            if words[index].readings:
                chosen = _choose(words, index, lex, phantoms, dot_conf)
                if chosen is not None:
                    out[index] = chosen
        lines.append(Line(tuple(out)))
    return page.with_lines(lines)


def _doubtful(words: tuple[Word, ...], index: int, lex: Lexicon, m: Models) -> bool:
    """Read without full confidence, and another spelling of it (the same letters, other
    marks) would be taken had Tesseract weighed it: worth asking what Tesseract weighed."""
    word = words[index]
    if _dotted(_core(word.text)[1]):
        return True  # however sure: the model's own bias (``DOT_CONF``)
    if word.conf >= DOUBT_CONF:
        return False
    lead, core, trail = _core(word.text)
    if not core.isalpha():
        return False
    spellings = [s for s in m.by_skeleton.get(_skeleton(core.lower()), ()) if s != core.lower()]
    if not spellings:
        return False
    supposed = Word(word.text, word.box, word.conf,
                    tuple((lead + _apply_case(core, s) + trail, 100.0) for s in spellings))
    trial = (*words[:index], supposed, *words[index + 1:])
    return _choose(trial, index, lex, m.phantoms) is not None


def weigh_marks(page: PageOcr, prepared: Prepared, engine: OcrEngine,
                beside: Executor | None = None) -> PageOcr:
    """Each line holding a doubtful word is read again, alone, with the letters Tesseract
    weighed kept; each doubtful word then takes the most usual of its readings (``fix_page``).

    Only those lines: keeping every letter's alternatives costs ~10 % of a page's recognition,
    and a clean page has a doubtful word on one line in three, a fax page on three lines.
    ``beside``: a thread that reads every second such line (``ocr.bands.shared_reads``).
    """
    lex, m = lexicon(), models()
    lines = list(page.lines)
    todo = [(number, doubtful) for number, line in enumerate(lines)
            if (doubtful := [i for i in range(len(line.words)) if _doubtful(line.words, i, lex, m)])]
    if todo:
        gray = prepared.pixels
        again = shared_reads(
            lambda job: _with_readings(lines[job[0]], job[1], gray, prepared, engine), todo,
            beside)
        for (number, _), line in zip(todo, again, strict=True):
            lines[number] = line
    return fix_page(page.with_lines(lines),
                    DOT_CONF_BITONAL if prepared.bitonal else DOT_CONF)


def _with_readings(line: Line, doubtful: list[int], gray: np.ndarray, prepared: Prepared,
                   engine: OcrEngine) -> Line:
    s, p = prepared.scale, prepared.pad
    boxes = [(round(x0 * s + p), round(y0 * s + p), round(x1 * s + p), round(y1 * s + p))
             for x0, y0, x1, y1 in (w.box for w in line.words)]
    x0, y0 = max(0, min(b[0] for b in boxes)), max(0, min(b[1] for b in boxes))
    x1 = min(gray.shape[1], max(b[2] for b in boxes))
    y1 = min(gray.shape[0], max(b[3] for b in boxes))
    if x1 <= x0 or y1 <= y0:
        return line
    height = sorted(b[3] - b[1] for b in boxes)[len(boxes) // 2]
    pad = max(16, height // 2)
    # the line's own words on white paper: never a neighbouring line's accents or descenders
    canvas = np.full((y1 - y0 + 2 * pad, x1 - x0 + 2 * pad), 255, dtype=np.uint8)
    for bx0, by0, bx1, by1 in boxes:
        bx0, by0, bx1, by1 = max(bx0, x0), max(by0, y0), min(bx1, x1), min(by1, y1)
        canvas[by0 - y0 + pad:by1 - y0 + pad, bx0 - x0 + pad:bx1 - x0 + pad] = \
            gray[by0:by1, bx0:bx1]
    read = engine.words(Image.fromarray(canvas), prepared.dpi, psm=7, choices=True)
    words = list(line.words)
    for index in doubtful:
        bx0, _, bx1, _ = boxes[index]
        hits = [w for w in read
                if min(bx1, w.box[2] + x0 - pad) - max(bx0, w.box[0] + x0 - pad)
                > 0.5 * min(bx1 - bx0, w.box[2] - w.box[0])]
        if len(hits) != 1:
            continue
        again, old = hits[0], words[index]
        if again.text == old.text:
            readings = again.readings
        elif _skeleton(again.text.lower()) == _skeleton(old.text.lower()) \
                and len(again.text) == len(old.text):
            # read otherwise the second time, in its marks only: Tesseract's first choice on a
            # second look is weighed as fully as a reading can be (the lexicon still decides)
            readings = ((again.text, 100.0), *again.readings)
        else:
            continue
        words[index] = Word(old.text, old.box, old.conf,
                            tuple(r for r in readings if r[0] != old.text))
    return Line(tuple(words))
