"""Builds ``glyphless.ttf``, the font of the invisible OCR text layer (run once; the file is
checked in):

    .venv/bin/python scanstation/resources/textlayer/build_glyphless.py

Two glyphs, both empty: ``.notdef`` (never shown: PDF/A forbids it) and ``blank``, half an em
wide, which every character of the text layer is drawn with (``pdf.fonts.glyphless_font``).
The text is read back through the ToUnicode map, never from glyph shapes, so no outline is
needed — the same idea as Tesseract's and OCRmyPDF's "GlyphLessFont". Built with fontTools'
FontBuilder, deterministic (fixed timestamps), so rebuilding gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

UNITS_PER_EM = 1000
ADVANCE = 500  # the one width: each word is stretched to its box with Tz anyway
ASCENT, DESCENT = 800, -200
FIXED_TIME = 3786825600  # 2024-01-01 in the font epoch (1904): deterministic bytes


def build() -> bytes:
    fb = FontBuilder(UNITS_PER_EM, isTTF=True)
    glyphs = [".notdef", "blank"]
    fb.setupGlyphOrder(glyphs)
    fb.setupCharacterMap({0x20: "blank"})
    empty = TTGlyphPen(None).glyph()
    fb.setupGlyf({name: empty for name in glyphs})
    fb.setupHorizontalMetrics({name: (ADVANCE, 0) for name in glyphs})
    fb.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    fb.setupNameTable({"familyName": "GlyphLessFont", "styleName": "Regular",
                       "psName": "GlyphLessFont"})
    fb.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT,
                usWinDescent=-DESCENT, sCapHeight=700, sxHeight=500)
    fb.setupPost()
    fb.setupHead(unitsPerEm=UNITS_PER_EM, created=FIXED_TIME, modified=FIXED_TIME)
    fb.font["head"].xMin, fb.font["head"].yMin = 0, DESCENT
    fb.font["head"].xMax, fb.font["head"].yMax = ADVANCE, ASCENT
    from io import BytesIO

    buf = BytesIO()
    fb.font.recalcTimestamp = False  # keep FIXED_TIME: the same bytes on every build
    fb.save(buf)
    return buf.getvalue()


if __name__ == "__main__":
    out = Path(__file__).with_name("glyphless.ttf")
    out.write_bytes(build())
    print(out, out.stat().st_size, "bytes")
