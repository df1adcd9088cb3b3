"""A black-and-white page's broken glyphs put right, token by token (``textfix.fix_page``, on
bitonal pages only): a fax's capital "L" that lost its foot, a "1" read as a stem, an "8" as a
"B" — only where the result is a syllable or a number a document writes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .textfix import Models

# a capital "L" whose foot broke off reads "l." or "I." glued to the rest ("l.inh", "I.ưu",
# "L.ộc"); a "1" reads "I", "l" or "L" before a day's or a month's digit ("ngày I6 tháng I2",
# "L5/01/1984"), an "8" between digits "B" ("19B4").
_BROKEN_L = re.compile(r"^(\W*)[lIL]\.([^\W\d_]+)(\W*)$")
_NUMBER_AS_READ = re.compile(r"^(\W*)(.*?)([.,;:)]*)$")
_EIGHT_AS_B = re.compile(r"(?<=\d)B(?=\d)")
_ONE_AS_STEM = re.compile(r"^[IlL|](?=\.?\d)")
# a day, a month, a year, a date, an amount in dots ("I.500.000" in a table's money column)
_DAY_OR_DATE = re.compile(r"\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|\d{4}|\d{1,3}(?:\.\d{3})+")


def fax_token(text: str, m: Models) -> str:
    """``text`` (one token of a black-and-white page) with the fax's broken feet put right:
    only into a syllable ("Linh"), a day's or month's number, a year, a date or an amount."""
    broken = _BROKEN_L.match(text)
    if broken:
        lead, rest, trail = broken.groups()
        if rest == rest.lower() and "l" + rest in m.syllables:
            return f"{lead}L{rest}{trail}"
        return text
    match = _NUMBER_AS_READ.match(text)
    if match is None:
        return text
    lead, core, trail = match.groups()
    number = _ONE_AS_STEM.sub("1", _EIGHT_AS_B.sub("8", core))
    if number != core and _DAY_OR_DATE.fullmatch(number):
        return lead + number + trail
    return text
