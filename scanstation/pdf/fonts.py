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

import base64
import contextlib
import dataclasses
import io
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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


# An invisible text layer needs outlines, advances and the character map, nothing else: the
# layout tables (GSUB, GPOS: DejaVu's are large) and the hinting programs are dropped before
# subsetting instead of being parsed and pruned — that parse was 0.5 s of a one-page CLI call
UNNEEDED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "fpgm", "prep",
                   "cvt ", "hdmx", "VDMX", "LTSH", "gasp", "DSIG")


def _open_font(path: Path | None) -> tuple[Any, dict[int, str]]:
    """The text-layer font (lazily parsed) and its character map; with no ``path``, the first
    candidate with every Vietnamese glyph, checked on the character map the subset needs anyway."""
    from fontTools.ttLib import TTFont

    for candidate in [path] if path is not None else list(FONT_CANDIDATES):
        if not candidate.exists():
            continue
        font = TTFont(str(candidate), lazy=True)
        cmap = font.getBestCmap()
        if path is not None or all(ord(c) in cmap for c in vietnamese_letters()):
            for tag in UNNEEDED_TABLES:
                if tag in font:
                    del font[tag]
            return font, cmap
    raise FontUnavailableError("no font with every Vietnamese glyph: install fonts-dejavu-core")


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


# What nearly every document needs: ASCII, every Vietnamese letter, Latin-1 and the usual
# typographic punctuation. Its subset is built once and kept in the cache folder, so a one-page
# CLI call neither imports fontTools nor subsets (0.2–0.5 s); a document with any other character
# gets its own subset. The base subset is ~35 KB against ~20 KB for a per-document one.
BASE_CHARS = frozenset(
    {chr(c) for c in range(0x20, 0x7F)}
    | {chr(c) for c in range(0xA0, 0x180) if chr(c).isprintable()}
    | set("–—‘’‚“”„†‡•…‰‹›€₫№™←→↑↓−×÷°±§¶©®") | set(vietnamese_letters()))
_CACHE_VERSION = 1


def _base_cache_file() -> Path:
    """The cache file of the base subset, named after the candidate fonts' identity (path, size,
    mtime): an updated or replaced font gets a new subset."""
    import hashlib

    from ..paths import cache_dir

    ident = [_CACHE_VERSION, "".join(sorted(BASE_CHARS))]
    for candidate in FONT_CANDIDATES:
        with contextlib.suppress(OSError):
            st = candidate.stat()
            ident.append(f"{candidate}:{st.st_size}:{st.st_mtime_ns}")
    key = hashlib.sha256(json.dumps(ident).encode()).hexdigest()[:16]
    return cache_dir("fonts") / f"textlayer-{key}.json"


def _to_json(font: SubsetFont) -> str:
    fields = dataclasses.asdict(font)
    fields["data"] = base64.b64encode(font.data).decode()
    fields["cid_to_gid"] = base64.b64encode(font.cid_to_gid).decode()
    return json.dumps(fields, ensure_ascii=False)


def _from_json(text: str) -> SubsetFont:
    fields = json.loads(text)
    fields["data"] = base64.b64decode(fields["data"])
    fields["cid_to_gid"] = base64.b64decode(fields["cid_to_gid"])
    fields["widths"] = {int(k): v for k, v in fields["widths"].items()}
    fields["bbox"] = tuple(fields["bbox"])
    return SubsetFont(**fields)


@cache
def base_font() -> SubsetFont:
    """The base subset: read from the cache folder, or built and cached there."""
    from .. import fsio

    path = _base_cache_file()
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        return _from_json(path.read_text(encoding="utf-8"))
    font = _build_subset(BASE_CHARS, None)
    with contextlib.suppress(Exception):  # a read-only cache only costs the next call time
        path.parent.mkdir(parents=True, exist_ok=True)
        fsio.atomic_write_text(path, _to_json(font))
    return font


def subset_font(chars: Iterable[str], path: Path | None = None) -> SubsetFont:
    """The text-layer font for ``chars``: the cached base subset when it has them all, else a
    subset of ``chars`` plus space and every Vietnamese letter (a document's font always holds
    the full alphabet for later edits and checks)."""
    chars = set(chars)
    if path is None and chars <= BASE_CHARS:
        return base_font()
    return _build_subset(chars, path)


def _build_subset(chars: Iterable[str], path: Path | None) -> SubsetFont:
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    wanted = sorted({c for c in chars if c.isprintable() or c == " "} | {" "}
                    | set(vietnamese_letters()))
    full, cmap = _open_font(path)
    present = [c for c in wanted if ord(c) in cmap]
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += list(UNNEEDED_TABLES)
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
