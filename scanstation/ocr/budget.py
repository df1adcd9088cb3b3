"""A second look's share of the page: how much reading one pass may spend.

Every pass after the first reading (cells, combs, garbled runs, doubtful words, merged lines)
reads a few suspects again, and on a page of text the suspects are few: on 138 pages of five
sets no pass read more than a page's worth of pixels. On a page under a copier's speckled
texture nearly every "word" is a suspect: one such page took 27 s, 1,229 reads of doubtful
words and 84 blocks of merged lines (12 pages' worth), to write noise again. A pass reads its
suspects in their order until its budget is spent and leaves the rest as first read: the text
of a page of text never changes, a page of noise costs a bounded time, and the output does not
depend on how busy the machine is (the budget counts pixels and reads, not seconds).
"""
from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from .engine import OcrEngine
from .results import Word

# page areas one pass may read; a read also costs this share of a page for itself (the model's
# set-up for a 30-pixel word is most of its cost)
PASS_PAGES = 3.0
READ_COST = 0.005


@dataclass
class Budgeted:
    """``engine`` that reads nothing once ``pages`` page areas (of ``page_pixels`` each) are
    spent: a pass then keeps its first readings, as it does for any word read no better."""

    engine: OcrEngine
    page_pixels: int
    pages: float = PASS_PAGES
    spent: float = 0.0
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.engine.name

    def words(self, gray: Image.Image, dpi: float, psm: int | None = None,
              choices: bool = False) -> list[Word]:
        if self.spent >= self.pages:
            return []
        self.spent += gray.width * gray.height / max(1, self.page_pixels) + READ_COST
        return self.engine.words(gray, dpi, psm, choices)
