"""The invisible text layer: each OCR word drawn in render mode 3 (neither fill nor stroke) over
its box on the page image, so search, selection and copy work and the page looks like the scan.

Words are written in reading order (header left block before right block, tables row by row), so
a PDF reader that extracts in content order gives the same text as the sidecar. Each word is
stretched horizontally (``Tz``) to the width of its box; a space follows every word but the last
of its line, so extracted text keeps word boundaries.
"""

from __future__ import annotations

import unicodedata

from ..ocr.results import PageOcr
from .fonts import TextLayerFont

FONT_RESOURCE = "/F1"


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def text_operators(ocr: PageOcr, font: TextLayerFont, pt_per_px: float,
                   page_height_pt: float) -> bytes:
    """Content-stream operators drawing ``ocr``'s words invisibly; coordinates are image pixels
    scaled by ``pt_per_px`` (the image fills the page)."""
    if not ocr.lines:
        return b""
    out: list[bytes] = [b"BT", b"3 Tr"]
    for line in ocr.lines:
        heights = sorted(w.height for w in line.words)
        line_h = heights[len(heights) // 2] * pt_per_px
        size = max(1.0, line_h)
        bottom = line.box[3] * pt_per_px
        # a word box spans ascender to descender; the baseline sits ~20 % above the bottom
        baseline = page_height_pt - bottom + 0.2 * size
        out.append(f"{FONT_RESOURCE} {_num(size)} Tf".encode())
        for index, word in enumerate(line.words):
            text = "".join(c for c in unicodedata.normalize("NFC", word.text) if c in font.cids)
            if not text:
                continue
            x = word.box[0] * pt_per_px
            box_w = max(0.5, (word.box[2] - word.box[0]) * pt_per_px)
            natural = font.width(text, size)
            scale = 100.0 * box_w / natural if natural > 0 else 100.0
            scale = min(max(scale, 10.0), 1000.0)
            shown = text if index == len(line.words) - 1 else text + " "
            out.append(f"{_num(scale)} Tz 1 0 0 1 {_num(x)} {_num(baseline)} Tm".encode())
            out.append(b"<" + font.encode(shown).hex().upper().encode() + b"> Tj")
    out.append(b"ET")
    return b"\n".join(out) + b"\n"


def document_chars(pages: list[PageOcr]) -> set[str]:
    chars: set[str] = set()
    for page in pages:
        for line in page.lines:
            for word in line.words:
                chars.update(unicodedata.normalize("NFC", word.text))
    return chars
