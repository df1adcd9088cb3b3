"""Place names after an administrative unit word, put right against the gazetteer.

Headers and addresses name places: "QUẬN LIÊN CHIỂU", "xã Mỹ Xương", "tỉnh Thừa Thiên Huế". Their
syllables are often rare, and Tesseract's language prior then reads a tone as the commoner
neighbour: "LIÊN CHIỀU" and "LIÊN CHIẾU" for "LIÊN CHIỂU" on three of 25 held-out pages. Each
misread syllable is valid Vietnamese, so the syllable repair (``textfix``) cannot see it; the
unit word in front of it says a place name follows, and the address index (every province,
district and ward name before and after the 2025 reform) says which names exist.

A run of two to four words right after a unit word (tỉnh, huyện, quận, xã, phường, thị trấn,
thành phố) is changed only when it is *not* a known name and exactly one known name has the same
letters and differs from it by tone or quality marks that Tesseract confuses (the ambiguity
table, at most one mark's worth per syllable). A name read right, in either tone placement
(Thủy / Thuỷ), is never touched; nor is anything not after a unit word. A unit word in
capitals read without its marks ("PHƯƠNG", "XA") counts, and is put right, only before a known
name.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from .results import Line, PageOcr, Word
from .textfix import (
    TRAILING_PUNCTUATION,
    Models,
    _apply_case,
    _cost,
    _skeleton,
    _tones,
    models,
    split_trailing,
)

_UNITS = ("tỉnh", "huyện", "quận", "xã", "phường", "trấn", "phố")
_PREFIXES = ("thành phố", "thị trấn", "thị xã", "đặc khu", "tỉnh", "huyện", "quận", "xã",
             "phường")
log = logging.getLogger("scanstation.ocr")
MAX_NAME_COST = 1.0  # per syllable changed: one tone or one quality mark, nothing more
_CACHE_VERSION = 1


def _placement_key(words: list[str]) -> str:
    """Letters, quality marks and tone per syllable, wherever the tone mark sits."""
    keys = []
    for word in words:
        bases, tones = _tones(word)
        keys.append(f"{bases}/{tones[0] if tones else ''}")
    return " ".join(keys)


def _body(name: str) -> str:
    text = unicodedata.normalize("NFC", name).strip().lower()
    for prefix in _PREFIXES:
        if text.startswith(prefix + " "):
            return text[len(prefix) + 1:].strip()
    return text


def _names_from_index(path: Path) -> list[str]:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    names = set(data["new_provinces"]) | {name for name, _province in data["new_wards"]}
    for province, _key, districts in data["old"]:
        names.add(province)
        for district, _dkey, wards in districts:
            names.add(district)
            names.update(ward for ward, _wkey, _ids in wards)
    bodies = {_body(name) for name in names}
    return sorted(b for b in bodies
                  if 2 <= len(b.split()) <= 4 and all(w.isalpha() for w in b.split()))


@cache
def place_names() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """(placement keys of every known multi-word name, names by their letters without marks).
    Built once into the cache folder: parsing the 0.7 MB address index and keying 7,500 names
    cost 0.17 s a call, reading the keyed result back a few milliseconds."""
    from ..paths import resource
    from .modelcache import cached, identity

    index = resource("address", "address_index.json")  # the address converter's index
    if not index.is_file():  # no index, no place repair: the page's text is still written
        log.warning("address index missing; place names are left as read")
        return frozenset(), {}

    def build() -> dict[str, object]:
        names = _names_from_index(index)
        by_letters: dict[str, list[str]] = {}
        for name in names:
            by_letters.setdefault(_skeleton(name), []).append(name)
        keys = sorted({_placement_key(name.split()) for name in names})
        return {"keys": keys, "by_letters": by_letters}

    def load(data: dict[str, Any]) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
        return frozenset(data["keys"]), {k: tuple(v) for k, v in data["by_letters"].items()}

    try:
        return cached("places", [_CACHE_VERSION, *identity(index)], build, load)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        log.warning("address index unreadable; place names are left as read")
        return frozenset(), {}


def _name_cost(read: list[str], name: list[str], m: Models) -> float:
    total = 0.0
    for a, b in zip(read, name, strict=True):
        if _tones(a) == _tones(b):
            continue  # the same syllable, the tone mark placed either way
        cost = _cost(a, b, m) - (0.0 if b in m.common else 0.3)  # rare syllables are the point
        if cost > MAX_NAME_COST:
            return float("inf")
        total += cost
    return total


# A unit word in capitals read without its marks: in a header's "PHƯỜNG SÀI GÒN" the marks of
# the capitals stand in the gap under the line above, which Tesseract's line finder may take
# ("PHƯƠNG SAI GÒN", "XA LE CHAN": 7 of 661 header place lines of eleven browser sets, issue
# 14). Such a word is a unit only when a known name follows it.
_UNIT_LETTERS = {_skeleton(unit): unit for unit in _UNITS}


def _unit(text: str, lowered: str) -> tuple[str, bool] | None:
    """The unit ``text`` is, and whether it was read without its marks (capitals only)."""
    if lowered in _UNITS:
        return lowered, False
    core, _ = split_trailing(text)
    unit = _UNIT_LETTERS.get(_skeleton(lowered)) if core.isalpha() and core.isupper() else None
    return (unit, True) if unit else None


def _marks_lost(words: tuple[Word, ...], run: list[str]) -> bool:
    """A name in capitals read with no mark at all: the line's marks went to the line above
    (bold capitals set tight under a heading's first line, "XÁC NHẬN CỦA UBND" over "PHƯỜNG
    BẾN THÀNH", read "PHƯƠNG BEN THANH"), so any name with its letters may be meant — "BẾN"
    is two marks away, past ``MAX_NAME_COST``. One such name must be the only one."""
    return all(split_trailing(w.text)[0].isupper() for w in words) \
        and all(_skeleton(low) == low for low in run)


def fix_places(words: tuple[Word, ...], m: Models) -> tuple[Word, ...]:
    """``words`` of one line with the place names after unit words put right (boxes kept)."""
    lowered = [w.text.rstrip(TRAILING_PUNCTUATION).lower() for w in words]
    units = [_unit(w.text, low) for w, low in zip(words[:-1], lowered, strict=False)]
    if not any(units):
        return words
    keys, by_letters = place_names()
    out = list(words)
    for index, found in enumerate(units):
        if found is None:
            continue
        unit, unmarked = found
        for size in (4, 3, 2):
            run = lowered[index + 1:index + 1 + size]
            if len(run) < size or not all(w.isalpha() for w in run):
                continue
            if _placement_key(run) in keys:  # a known name, read right
                if unmarked:
                    out[index] = _respelled(out[index], unit)
                break
            candidates = by_letters.get(_skeleton(" ".join(run)), ())
            bare = _marks_lost(words[index + 1:index + 1 + size], run)
            scored = sorted((0.0 if bare else _name_cost(run, name.split(), m), name)
                            for name in candidates if len(name.split()) == size)
            scored = [s for s in scored if s[0] != float("inf")]
            if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
                continue
            for offset, syllable in enumerate(scored[0][1].split()):
                out[index + 1 + offset] = _respelled(out[index + 1 + offset], syllable)
            if unmarked:
                out[index] = _respelled(out[index], unit)
            break
    return tuple(out)


def _respelled(word: Word, syllable: str) -> Word:
    """``word`` spelt ``syllable`` in its own case, its trailing punctuation kept."""
    core, tail = split_trailing(word.text)
    return Word(_apply_case(core, syllable) + tail, word.box, word.conf)


def fix_page_places(page: PageOcr) -> PageOcr:
    """``page`` (already through ``textfix.fix_page``) with its place names put right."""
    m = models()
    return page.with_lines([Line(fix_places(line.words, m)) for line in page.lines])
