"""Syllables run together, split back on a Vietnamese page (``textfix.fix_word``).

In a narrow table cell set tight Tesseract dropped the space between syllables at 91-96 %
("ởcùng", "kểtừ", "điệntử": 8 words of browser set 54's procedure tables). A syllable is one
word, so a token in small letters that is no syllable and no misread one, with a Vietnamese
letter in it, and that is two or three common syllables in one way only, is those syllables.
A name ("Lênin") and a loanword ("taxi") stay; on VLSP's 88,848 words of prose none changes.
On a page in another language ("côté", "qualité" on OCRmyPDF's ``francais.pdf``: Vietnamese
syllables run together in form) nothing is split (``vietnamese``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence


def lost_space(core: str, syllables: Collection[str], common: Collection[str]) -> str | None:
    """``core`` as the common syllables it splits into in one way only, or None: of common
    syllables ("trong hệ", not "tron ghệ"), as few as there are ("điện tử", not "đi ện tử")."""
    if len(core) < 3 or core != core.lower() or core.isascii():
        return None
    ways = [way for way in _syllables_of(core, syllables, 3)
            if all(part in common for part in way)]
    fewest = [way for way in ways if len(way) == min(len(w) for w in ways)]
    return " ".join(fewest[0]) if len(fewest) == 1 else None


def _syllables_of(text: str, syllables: Collection[str], most: int) -> list[list[str]]:
    """Every way ``text`` is at most ``most`` syllables written together."""
    ways = [[text]] if text in syllables else []
    if most > 1:
        ways += [[text[:cut], *rest] for cut in range(1, len(text))
                 if text[:cut] in syllables
                 for rest in _syllables_of(text[cut:], syllables, most - 1)]
    return ways


# A page whose words are this much Vietnamese syllables is Vietnamese: 0.96-1.0 on browser
# pages, the fax ones included; 0.26-0.46 on OCRmyPDF's French, English and Basque pages. Under
# ``FEW_WORDS``, no measure: Vietnamese, the language the station reads.
VIETNAMESE_SHARE, FEW_WORDS = 0.8, 10


def vietnamese(cores: Sequence[str], syllables: Collection[str]) -> bool:
    """Whether a page whose words' letters are ``cores`` (lower case, NFC) is Vietnamese."""
    return len(cores) < FEW_WORDS or sum(
        core in syllables for core in cores) >= VIETNAMESE_SHARE * len(cores)
