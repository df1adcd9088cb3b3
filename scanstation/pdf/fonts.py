"""The text-layer font: a glyphless TrueType (two empty glyphs, one width) embedded as a Type0 /
CIDFontType2 font (Identity-H) with a ToUnicode map.

The layer is invisible (render mode 3): what matters is the text a reader extracts, which comes
from ToUnicode, never from glyph shapes. Each distinct character of the document gets its own
CID; the CIDToGIDMap sends every CID to the one empty glyph (never ``.notdef``, which PDF/A
forbids), and ToUnicode maps each CID back to its character, so copying text out gives exactly
the NFC text OCR produced — for any character, with no font that must hold it. The font program
is 648 bytes, built once (``resources/textlayer/build_glyphless.py``) and shipped: no font is
subset per document (that was 0.2–0.5 s of a one-page CLI call, issue 14), nothing depends on a
cache, and PDF/A converters that re-subset fonts (OCRmyPDF #1204, #1592) have no glyph to lose.
Tesseract and OCRmyPDF write their text layers the same way ("GlyphLessFont").

``font_path`` (a real font with every Vietnamese glyph) serves printed sheets, not the layer.
"""

from __future__ import annotations

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
    """The first candidate font that has every Vietnamese glyph."""
    for candidate in FONT_CANDIDATES:
        if candidate.exists() and _covers(candidate, vietnamese_letters()):
            return candidate
    raise FontUnavailableError("no font with every Vietnamese glyph: install fonts-dejavu-core")


def _covers(path: Path, chars: Iterable[str]) -> bool:
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(path), lazy=True).getBestCmap()
    return all(ord(c) in cmap for c in chars)


@dataclass(frozen=True)
class TextLayerFont:
    """The text-layer font ready to embed and the CID of each character."""

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
    default_width: int = 500

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


GLYPHLESS_ADVANCE = 500  # the font's one advance (1/1000 em); build_glyphless.ADVANCE
_BLANK_GID = 1  # the empty glyph every character is drawn with
MAX_CIDS = 0xFFFF  # two-byte Identity-H codes


@cache
def _glyphless_program() -> bytes:
    from ..paths import resource

    return resource("textlayer", "glyphless.ttf").read_bytes()


def glyphless_font(chars: Iterable[str]) -> TextLayerFont:
    """The text-layer font for ``chars`` (plus space and every Vietnamese letter: a document's
    layer can always take the full alphabet, for later edits and checks). Control and other
    unprintable characters get no CID: the layer never carries them."""
    wanted = sorted({c for c in chars if c.isprintable()} | {" "} | set(vietnamese_letters()))
    wanted = wanted[:MAX_CIDS]
    cids = {ch: index for index, ch in enumerate(wanted, start=1)}
    return TextLayerFont(
        data=_glyphless_program(),
        cids=cids,
        cid_to_gid=b"\x00\x00" + _BLANK_GID.to_bytes(2, "big") * len(cids),
        widths=dict.fromkeys(cids.values(), GLYPHLESS_ADVANCE),
        units_per_em=1000, ascent=800, descent=-200, cap_height=700,
        bbox=(0, -200, GLYPHLESS_ADVANCE, 800), italic_angle=0.0, name="GlyphLessFont",
        default_width=GLYPHLESS_ADVANCE,
    )
