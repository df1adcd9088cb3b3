"""The national motto's first word glued to the agency's last one, as Tesseract reads a tight
header ("NGUYÊNCỘNG"), split back before the header's columns are looked for (``ocr.layout``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .results import Word

# The motto's first word and what follows it, as Tesseract reads them (either tone placement).
_MOTTO_GLUE = (("CỘNG", ("HÒA", "HOÀ")), ("ĐỘC", ("LẬP",)))
# How a glued "CỘNG" ends the word when its C, squeezed against the agency's last letter, is
# misread (a JPEG q≈30 page gave "DÂNˆÔNG"): a C or a stray circumflex, then ỘNG or ÔNG. A bare
# "…ÔNG" is not enough: "ĐÔNG HÒA" is a district.
_GLUED_CONG = re.compile(r"^(?P<agency>[^\W\d_]{2,}?)(?:C[ỘÔ]|[ˆ^][ỘÔ]|Ộ)NG$")


def unglue_motto(words: list[Word]) -> list[Word]:
    """Split a word that ends with the motto's first word glued to the agency's last one.

    When a long agency line ("HUYỆN THỦY NGUYÊN") runs into the motto ("CỘNG HÒA…") with no
    space left between them, Tesseract reads "NGUYÊNCỘNG" as one word, no column split can be
    found, and the two header blocks come out merged line by line (a held-out page lost 8 % of
    its characters to this). The motto is fixed text, so a word ending in "CỘNG" right before a
    word starting "HÒA" is two words; its box is divided in proportion to their letters (block
    capitals are near enough equal in width).
    """
    out: list[Word] = []
    for word in words:
        upper = unicodedata.normalize("NFC", word.text).upper()
        split, head_text = None, ""
        for head, nexts in _MOTTO_GLUE:
            glued = len(upper) > len(head) and upper.endswith(head) and upper[:-len(head)].isalpha()
            if glued and any(_followed_by(word, words, nexts)):
                split, head_text = len(upper) - len(head), head
                break
        misread = _GLUED_CONG.match(upper) if split is None else None
        if misread and any(_followed_by(word, words, _MOTTO_GLUE[0][1])):
            # the motto is fixed text: what follows the agency's name is "CỘNG", however read
            split, head_text = len(misread.group("agency")), "CỘNG"
        if split is None:
            out.append(word)
            continue
        x0, y0, x1, y1 = word.box
        cut = x0 + round((x1 - x0) * split / len(upper))
        text = unicodedata.normalize("NFC", word.text)
        out += [Word(text[:split], (x0, y0, cut - 1, y1), word.conf),
                Word(head_text, (cut, y0, x1, y1), word.conf)]
    return out


def _followed_by(word: Word, words: list[Word], nexts: tuple[str, ...]) -> Iterator[bool]:
    """Whether the next word to the right on ``word``'s line starts with one of ``nexts``."""
    h = max(1, word.height)
    mid = (word.box[1] + word.box[3]) / 2
    right = [w for w in words if w.box[0] >= word.box[2] - h // 2 and w is not word
             and abs((w.box[1] + w.box[3]) / 2 - mid) < h / 2]
    if right:
        nearest = min(right, key=lambda w: w.box[0])
        yield unicodedata.normalize("NFC", nearest.text).upper().startswith(nexts)
