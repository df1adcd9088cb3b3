"""The text-layer font: a TrueType with every Vietnamese glyph, subset and embedded as a
Type0 / CIDFontType2 font (Identity-H) with a ToUnicode map.

Each distinct character of the document gets its own CID; an explicit CIDToGIDMap points it at
the subset font's glyph, and ToUnicode maps it back to the character, so copying text out gives
exactly the NFC text OCR produced. A character the font lacks still gets a CID (drawn with the
space glyph, never ``.notdef``, which PDF/A forbids) and its true Unicode value in ToUnicode.
Users lose diacritics when a PDF/A converter re-subsets fonts (OCRmyPDF #1204, #1592); writing the
font ourselves, once, avoids that.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..fonts import DOCUMENT_SANS, candidates

FONT_CANDIDATES = candidates(DOCUMENT_SANS)  # the files present, preferred first (scanstation.fonts)

_BASE_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng


def vietnamese_letters() -> list[str]:
    """Every Vietnamese letter that is not plain ASCII: precomposed vowels (both cases) and đ/Đ."""
    out: list[str] = []
    for base in _BASE_VOWELS + _BASE_VOWELS.upper():
        for tone in _TONES:
            ch = unicodedata.normalize("NFC", base + tone)
            if len(ch) == 1 and not ch.isascii():
                out.append(ch)
    return [*out, "đ", "Đ"]


class FontUnavailableError(RuntimeError):
    pass


@cache
def font_path() -> Path:
    for candidate in FONT_CANDIDATES:
        if candidate.exists() and _covers(candidate, vietnamese_letters()):
            return candidate
    raise FontUnavailableError("no font with every Vietnamese glyph: install fonts-dejavu-core")


def _covers(path: Path, chars: Iterable[str]) -> bool:
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(path), lazy=True).getBestCmap()
    return all(ord(c) in cmap for c in chars)


@dataclass(frozen=True)
class SubsetFont:
    """A subset font ready to embed and the CID of each character."""

    data: bytes
    cids: dict[str, int]  # character → CID (1…n)
    cid_to_gid: bytes  # CIDToGIDMap stream: big-endian GID per CID
    widths: dict[int, int]  # CID → advance in 1/1000 em
    units_per_em: int
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]
    italic_angle: float
    name: str

    def encode(self, text: str) -> bytes:
        """Identity-H codes (two bytes per character) of ``text``."""
        return b"".join(self.cids[ch].to_bytes(2, "big") for ch in text)

    def width(self, text: str, size: float) -> float:
        """Advance of ``text`` at ``size`` points."""
        return sum(self.widths[self.cids[ch]] for ch in text) * size / 1000.0

    def to_unicode_cmap(self) -> bytes:
        lines = [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<0000> <FFFF>",
            "endcodespacerange",
        ]
        items = sorted((cid, ch) for ch, cid in self.cids.items())
        for start in range(0, len(items), 100):
            chunk = items[start:start + 100]
            lines.append(f"{len(chunk)} beginbfchar")
            for cid, ch in chunk:
                lines.append(f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>")
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return ("\n".join(lines) + "\n").encode("ascii")


def subset_font(chars: Iterable[str], path: Path | None = None) -> SubsetFont:
    """Subset the text-layer font to ``chars`` (plus space and every Vietnamese letter, so a
    document's font always holds the full alphabet for later edits and checks)."""
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    path = path or font_path()
    wanted = sorted({c for c in chars if c.isprintable() or c == " "} | {" "}
                    | set(vietnamese_letters()))
    full = TTFont(str(path))
    cmap = full.getBestCmap()
    present = [c for c in wanted if ord(c) in cmap]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in present])
    subsetter.subset(full)
    buf = io.BytesIO()
    full.save(buf)
    data = buf.getvalue()
    font = TTFont(io.BytesIO(data))
    sub_cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    upem = font["head"].unitsPerEm
    space_gid = font.getGlyphID(sub_cmap[ord(" ")])
    cids: dict[str, int] = {}
    gids: list[int] = [0]
    widths: dict[int, int] = {}
    for ch in wanted:
        cid = len(gids)
        glyph = sub_cmap.get(ord(ch))
        gid = font.getGlyphID(glyph) if glyph else space_gid
        cids[ch] = cid
        gids.append(gid)
        advance = hmtx[font.getGlyphName(gid)][0]
        widths[cid] = round(advance * 1000 / upem)
    head = font["head"]
    os2 = font["OS/2"]
    scale = 1000 / upem
    return SubsetFont(
        data=data,
        cids=cids,
        cid_to_gid=b"".join(g.to_bytes(2, "big") for g in gids),
        widths=widths,
        units_per_em=upem,
        ascent=round(font["hhea"].ascent * scale),
        descent=round(font["hhea"].descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", 0) * scale or 700),
        bbox=(round(head.xMin * scale), round(head.yMin * scale), round(head.xMax * scale),
              round(head.yMax * scale)),
        italic_angle=float(font["post"].italicAngle),
        name=font["name"].getDebugName(6) or "DejaVuSans",
    )
