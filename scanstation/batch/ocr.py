"""The batch's one door to OCR: clean + recognise one page image.

Everything the batch needs from the OCR engine goes through ``read_page``, so moving the engine
(``scanstation.ocr_pipeline`` → ``scanstation.ocr``) means changing the import below and nothing
else.
"""

from __future__ import annotations

from typing import Any

from PIL import Image


def read_page(img: Image.Image, name: str) -> Any:
    """Clean (upright, deskew, crop) and OCR ``img``; returns ``ocr_pipeline.PageResult``
    (encoded page image, dpi, words, quarter turn, skew, blank)."""
    from ..ocr_pipeline import PageSource, process_page

    return process_page(PageSource(0, name, image=img))
