"""A page's quotation marks, as the document types them.

Office software types Vietnamese quotations with curly marks ("“Nhà nước …”"). Tesseract reads
most of them so, but a fax's or a low-resolution page's few pixels lose the curl and a mark
comes back straight ('"Nếu', 'ra".'): 14 of 150 quotation marks on a fax set and a browser set
(issue 14), never the other way. A page is typed one way, and its marks as read tell which: where
they are curly at least as often as straight, a straight mark at a word's start is an opening “
and at its end a closing ”. A page typed with straight marks (read mostly straight) keeps them.
"""

from __future__ import annotations

import re

from .results import Line, PageOcr, Word

_OPENING = re.compile(r'^(\W*?)"(?=[\w.…])')
_CLOSING = re.compile(r'(?<=[\w.,;:!?…)])"(?=[.,;:!?)]*$)')


def fix_page_quotes(page: PageOcr) -> PageOcr:
    """``page`` with straight quotation marks curled where the page's own marks are curly."""
    texts = [w.text for w in page.words]
    curly = sum(t.count("“") + t.count("”") for t in texts)
    straight = sum(t.count('"') for t in texts)
    if not straight or curly < straight:
        return page
    return page.with_lines([Line(tuple(_curled(w) for w in line.words)) for line in page.lines])


def _curled(word: Word) -> Word:
    if '"' not in word.text:
        return word
    text = _CLOSING.sub("”", _OPENING.sub(lambda m: m[1] + "“", word.text, count=1), count=1)
    return word if text == word.text else Word(text, word.box, word.conf, word.readings)
