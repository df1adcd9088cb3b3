"""The batch's one door to OCR: clean + recognise one page image, and the empty result a
separator sheet gets.

Everything the batch needs from the OCR package goes through this module (the layers contract
lets ``scanstation.batch.ocr`` alone import ``scanstation.ocr``), so moving the engine means
changing the imports below and nothing else.
"""

from __future__ import annotations

from typing import Any

from PIL import Image

PRELOAD = ["scanstation.batch.pagetask", "scanstation.ocr.pipeline", "scanstation.ocr.recognize",
           "scanstation.ocr.textfix", "scanstation.stages.pipeline", "scanstation.pdf.pdfa"]


def read_page(img: Image.Image, name: str, turn: int = 0) -> Any:
    """Clean (upright, deskew, crop) and OCR ``img``, then turn it ``turn`` quarter turns
    clockwise (a reviewer's rotation); returns ``scanstation.ocr.pipeline.PageResult`` (encoded
    page image, dpi, words, quarter turn, skew, blank)."""
    from ..ocr.pipeline import PageSource, process_page

    return process_page(PageSource(0, name, image=img, turn=turn))


def unread_page(img: Image.Image) -> Any:
    """A ``PageResult`` for a page that is not read (a separator sheet): its image, no words."""
    from ..ocr.pipeline import PageResult
    from ..ocr.results import PageOcr
    from ..pdf.pdfa import encode_page_image

    dpi = float((img.info.get("dpi") or (200, 200))[0]) or 200.0
    return PageResult(0, encode_page_image(img), dpi, PageOcr((), img.width, img.height, dpi), 0,
                      0.0, False, 0.0)
