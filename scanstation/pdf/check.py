"""PDF/A-2b checks that run here without veraPDF (DESIGN §5).

Each clause is checked with pikepdf on the parsed file, plus ``qpdf --check`` and a text
extraction round trip through PDFium (the text must be NFC and free of U+FFFD, so no diacritic
was lost). A PDF that ScanStation signed afterwards (pyHanko: an incremental update adding an
AcroForm signature field, a widget annotation, /Perms, a DSS) must still pass: only what PDF/A
forbids is refused, not what signing adds.

Clause ids follow ISO 19005-2 where one exists (``6.1.2`` header, ``6.6.2.1`` metadata …).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import PdfInvalidError


class Clause(NamedTuple):
    """One checked clause; a plain tuple ``(clause_id, passed, detail)`` too."""

    clause_id: str
    passed: bool
    detail: str

    def __str__(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'} {self.clause_id}: {self.detail}"


@dataclass
class PdfaReport:
    path: str
    clauses: list[Clause] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # extracted text per page
    # page number (1-based) → ids of the clauses that page failed (the text clauses say which
    # page; a failure of the whole file is in ``clauses`` only)
    page_flags: dict[int, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.clauses) and all(c.passed for c in self.clauses)

    @property
    def failures(self) -> list[Clause]:
        return [c for c in self.clauses if not c.passed]

    def add(self, clause_id: str, passed: bool, detail: str) -> None:
        self.clauses.append(Clause(clause_id, bool(passed), detail))

    def flag_page(self, page: int, clause_id: str) -> None:
        flags = self.page_flags.setdefault(page, [])
        if clause_id not in flags:
            flags.append(clause_id)

    def raise_if_invalid(self) -> None:
        if not self.ok:
            first = self.failures[0] if self.failures else Clause("?", False, "no clauses")
            raise PdfInvalidError(name=Path(self.path).name,
                                  clause=f"{first.clause_id} {first.detail}")

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "ok": self.ok,
                "clauses": [{"id": c.clause_id, "passed": c.passed, "detail": c.detail}
                            for c in self.clauses]}


FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript",
                     "/Hide", "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}
FORBIDDEN_FILTERS = {"/LZWDecode"}
DESCENDANT_FONTS = {"/CIDFontType0", "/CIDFontType2"}  # checked through their Type0 parent
ANNOTATIONS = {"/Widget", "/Link", "/Text", "/FreeText", "/Stamp", "/Square", "/Circle", "/Line",
               "/Highlight", "/Underline", "/Ink", "/FileAttachment", "/Popup", "/Polygon"}


def _walk_objects(pdf: Any) -> Iterator[Any]:
    yield from pdf.objects


def _filters(stream: Any) -> list[str]:
    import pikepdf

    flt = stream.get("/Filter")
    if flt is None:
        return []
    if isinstance(flt, pikepdf.Array):
        return [str(f) for f in flt]
    return [str(flt)]


def _fonts(pdf: Any) -> Iterator[tuple[str, Any]]:
    """Every font dictionary in the file (pages, form XObjects, annotation appearances)."""
    import pikepdf

    for obj in _walk_objects(pdf):
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and obj.get("/Type") == "/Font":
            yield str(obj.get("/BaseFont", "?")), obj


def _font_problems(font: Any) -> list[str]:
    problems: list[str] = []
    subtype = str(font.get("/Subtype"))
    if subtype == "/Type3":
        return problems  # glyphs are content streams: nothing to embed
    target = font
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not descendants:
            return ["Type0 without DescendantFonts"]
        target = descendants[0]
        if str(target.get("/Subtype")) == "/CIDFontType2" and "/CIDToGIDMap" not in target:
            problems.append("CIDFontType2 without CIDToGIDMap")
    descriptor = target.get("/FontDescriptor")
    embedded = descriptor is not None and any(
        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    if not embedded:
        problems.append("not embedded")
    if "/ToUnicode" not in font:
        problems.append("no ToUnicode")
    return problems


def _icc_ok(stream: Any) -> tuple[bool, str]:
    data = stream.read_bytes()
    if len(data) < 128 or data[36:40] != b"acsp":
        return False, "DestOutputProfile is not an ICC profile"
    space = data[16:20]
    n = int(stream.get("/N", 0))
    expected = {b"RGB ": 3, b"GRAY": 1, b"CMYK": 4}.get(space)
    if expected != n:
        return False, f"ICC colour space {space!r} does not match /N {n}"
    major = data[8]
    if major > 4:
        return False, f"ICC version {major} is newer than PDF/A-2 allows"
    return True, f"ICC {space.decode().strip()} v{major}"


def _check_structure(pdf: Any, raw: bytes, report: PdfaReport) -> None:
    import pikepdf

    header = raw[:1024]
    m = re.match(rb"%PDF-1\.([0-7])\r?\n?", header)
    second = header.split(b"\n", 2)[1] if header.count(b"\n") >= 2 else b""
    binary = second.startswith(b"%") and sum(1 for b in second[1:5] if b > 127) >= 4
    report.add("6.1.2", bool(m) and binary,
               f"header {header[:8].decode('latin-1')!r}, "
               f"binary comment {'present' if binary else 'missing'}")
    trailer_id = pdf.trailer.get("/ID")
    report.add("6.1.3-id", isinstance(trailer_id, pikepdf.Array) and len(trailer_id) == 2,
               "trailer /ID present" if trailer_id is not None else "trailer /ID missing")
    report.add("6.1.3-encrypt", "/Encrypt" not in pdf.trailer and not pdf.is_encrypted,
               "not encrypted" if not pdf.is_encrypted else "encrypted")


def _check_metadata(pdf: Any, report: PdfaReport) -> None:
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        report.add("6.6.2.1", False, "no XMP metadata stream in the catalog")
        report.add("6.6.4", False, "no pdfaid in XMP")
        return
    report.add("6.6.2.1", True, "XMP metadata stream present")
    try:
        meta = pdf.open_metadata()
        part = str(meta.get("pdfaid:part", ""))
        conformance = str(meta.get("pdfaid:conformance", ""))
    except Exception as exc:
        report.add("6.6.4", False, f"XMP does not parse: {type(exc).__name__}")
        return
    report.add("6.6.4", part == "2" and conformance.upper() in ("A", "B", "U"),
               f"pdfaid:part={part or '-'} conformance={conformance or '-'}")
    # Info dictionary entries must match their XMP equivalents (6.6.2.3.1)
    info = pdf.trailer.get("/Info")
    mismatches = []
    if info is not None:
        pairs = {"/Title": "dc:title", "/Producer": "pdf:Producer", "/Creator": "xmp:CreatorTool",
                 "/Author": "dc:creator", "/Subject": "dc:description", "/Keywords": "pdf:Keywords"}
        for key, xmp_key in pairs.items():
            if key in info:
                value = str(info[key])
                xmp_value = meta.get(xmp_key)
                if isinstance(xmp_value, list | set):
                    xmp_value = "; ".join(str(v) for v in xmp_value)
                if xmp_value is None or str(xmp_value) != value:
                    mismatches.append(key[1:])
    report.add("6.6.2.3", not mismatches,
               "Info agrees with XMP" if not mismatches
               else f"Info differs from XMP: {', '.join(mismatches)}")


def _check_output_intent(pdf: Any, report: PdfaReport) -> None:
    intents = pdf.Root.get("/OutputIntents")
    found = [oi for oi in (intents or []) if str(oi.get("/S")) == "/GTS_PDFA1"]
    if not found:
        report.add("6.2.3", False, "no GTS_PDFA1 OutputIntent")
        return
    profile = found[0].get("/DestOutputProfile")
    if profile is None:
        report.add("6.2.3", False, "OutputIntent without DestOutputProfile")
        return
    ok, detail = _icc_ok(profile)
    report.add("6.2.3", ok, detail)


def _check_objects(pdf: Any, report: PdfaReport) -> None:
    import pikepdf

    fonts_bad: list[str] = []
    font_count = 0
    lzw = transparency = javascript = forbidden_action = 0
    annot_flags_bad = 0
    for obj in _walk_objects(pdf):
        if isinstance(obj, pikepdf.Stream):
            if set(_filters(obj)) & FORBIDDEN_FILTERS:
                lzw += 1
            if obj.get("/Subtype") == "/Image" and "/SMask" in obj:
                transparency += 1
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        if obj.get("/Type") == "/Font" and str(obj.get("/Subtype")) not in DESCENDANT_FONTS:
            font_count += 1
            problems = _font_problems(obj)
            if problems:
                fonts_bad.append(f"{obj.get('/BaseFont', '?')}: {', '.join(problems)}")
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and group.get("/S") == "/Transparency":
            transparency += 1
        smask = obj.get("/SMask") if obj.get("/Type") == "/ExtGState" else None
        if smask is not None and smask != pikepdf.Name.None_:
            transparency += 1
        if "/JS" in obj or obj.get("/S") == "/JavaScript":
            javascript += 1
        action_type = obj.get("/S")
        if "/S" in obj and str(action_type) in FORBIDDEN_ACTIONS:
            forbidden_action += 1
        is_annotation = obj.get("/Type") == "/Annot" or (
            "/Rect" in obj and str(obj.get("/Subtype")) in ANNOTATIONS)
        if is_annotation:
            subtype = str(obj.get("/Subtype"))
            if subtype != "/Popup":
                flags = int(obj.get("/F", 0))
                printable = bool(flags & 4)
                hidden = bool(flags & (1 | 2 | 32))
                if not printable or hidden:
                    annot_flags_bad += 1
    names = pdf.Root.get("/Names")
    if names is not None and "/JavaScript" in names:
        javascript += 1
    if "/AA" in pdf.Root or ("/OpenAction" in pdf.Root and _is_js(pdf.Root.OpenAction)):
        javascript += 1
    report.add("6.2.11.4", not fonts_bad,
               f"{font_count} fonts embedded with ToUnicode" if not fonts_bad
               else "; ".join(fonts_bad[:5]))
    report.add("6.1.7-lzw", lzw == 0, "no LZW streams" if not lzw else f"{lzw} LZW streams")
    report.add("6.4-transparency", transparency == 0,
               "no soft masks or transparency groups" if not transparency
               else f"{transparency} soft masks / transparency groups")
    report.add("6.5.1-javascript", javascript == 0,
               "no JavaScript" if not javascript else f"{javascript} JavaScript entries")
    report.add("6.5.1-actions", forbidden_action == 0,
               "no forbidden actions" if not forbidden_action
               else f"{forbidden_action} forbidden actions")
    report.add("6.3.2-annotations", annot_flags_bad == 0,
               "annotations printable and visible" if not annot_flags_bad
               else f"{annot_flags_bad} annotations hidden or not printable")


def _is_js(action: Any) -> bool:
    try:
        return str(action.get("/S")) == "/JavaScript"
    except AttributeError:
        return False


def _check_qpdf_library(pdf: Any, report: PdfaReport) -> None:
    """QPDF's own syntax check, in-process through pikepdf: the same checks as the program
    without decoding every image stream again (``qpdf --check`` spends ~0.2 s a page on that)."""
    problems = [str(p) for p in pdf.check_pdf_syntax()]
    report.add("qpdf-check", not problems,
               "qpdf syntax check (library): no errors" if not problems
               else "qpdf: " + "; ".join(problems)[:200])


def _check_qpdf(path: Path, report: PdfaReport) -> None:
    from .. import tools

    if not tools.QPDF.available():
        report.add("qpdf-check", False, "qpdf is not installed (Debian package qpdf)")
        return
    proc = tools.run(tools.QPDF, ["--check", str(path)], timeout=120, check=False)
    # exit 0: clean; 3: warnings only (qpdf recovered nothing, the file is still well formed)
    output = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    ok = proc.returncode == 0
    detail = "qpdf --check: no errors" if ok else f"qpdf --check exit {proc.returncode}: " + \
        " ".join(output.split())[:200]
    report.add("qpdf-check", ok, detail)


_PDFIUM_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})


def _check_text(path: Path, report: PdfaReport) -> None:
    import pypdfium2 as pdfium

    bad_replacement = not_nfc = 0
    texts: list[str] = []
    doc = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            # PDFium gives a hyphen that ends a line (a word broken across lines, as on book
            # pages) back as U+FFFE or U+0002, joined to the next line: it is the "-" the layer
            # holds (decode_text_layer shows it), not a lost glyph
            text = text.replace("\r\n", "\n").translate(_PDFIUM_HYPHENS)
            texts.append(text)
            bad_replacement += text.count("\ufffd")
            if not unicodedata.is_normalized("NFC", text):
                not_nfc += 1
            if "\ufffd" in text or not unicodedata.is_normalized("NFC", text):
                report.flag_page(index + 1, "text-roundtrip")
    finally:
        doc.close()
    report.text = texts
    chars = sum(len(t.strip()) for t in texts)
    ok = bad_replacement == 0 and not_nfc == 0
    if ok:
        detail = f"text extracts as NFC from {len(texts)} pages ({chars} characters)"
    else:
        detail = f"{bad_replacement} U+FFFD, {not_nfc} pages not NFC"
    report.add("text-roundtrip", ok, detail)


def check_pdfa(path: Path | str, *, expected_text: list[str] | None = None,
               qpdf: str = "program") -> PdfaReport:
    """Check ``path`` against the PDF/A-2b clauses we can check here.

    With ``expected_text`` (one string per page, the OCR text), the extracted text of each page
    must contain the same words, so the round trip lost no diacritic. ``qpdf="program"`` runs
    ``qpdf --check``; ``"library"`` runs QPDF's check in-process (the OCR pipeline's gate on a file
    it has just written, where the program's second decode of every image is wasted time).
    """
    import pikepdf

    path = Path(path)
    report = PdfaReport(str(path))
    raw = path.read_bytes()
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        report.add("6.1.3-encrypt", False, "encrypted (password required)")
        return report
    except pikepdf.PdfError as exc:
        report.add("6.1.2", False, f"not a readable PDF: {str(exc)[:120]}")
        return report
    with pdf:
        _check_structure(pdf, raw, report)
        _check_metadata(pdf, report)
        _check_output_intent(pdf, report)
        _check_objects(pdf, report)
        if qpdf == "library":
            _check_qpdf_library(pdf, report)
    if qpdf != "library":
        _check_qpdf(path, report)
    try:
        _check_text(path, report)
    except Exception as exc:
        report.add("text-roundtrip", False, f"text extraction failed: {type(exc).__name__}")
    if expected_text is not None:
        _compare_text(report, expected_text)
    return report


def _words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def _glyphs(text: str) -> Counter[str]:
    return Counter("".join(_words(text)))


def _to_unicode_map(font: Any) -> dict[bytes, str]:
    """Code → text of a font's ToUnicode CMap (bfchar and bfrange entries)."""
    if "/ToUnicode" not in font:
        return {}
    data = bytes(font.ToUnicode.read_bytes()).decode("latin-1")
    mapping: dict[bytes, str] = {}

    def text_of(hex_text: str) -> str:
        return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[bytes.fromhex(code)] = text_of(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            width, first, last, start = len(lo) // 2, int(lo, 16), int(hi, 16), int(dst, 16)
            for offset in range(last - first + 1):
                mapping[(first + offset).to_bytes(width, "big")] = chr(start + offset)
    return mapping


def decode_text_layer(path: Path | str) -> list[str]:
    """The text each page's content stream shows, decoded through its fonts' ToUnicode maps —
    what any conforming extractor has to work with, before its own layout heuristics (PDFium,
    for one, drops a glyph drawn over the same glyph, as OCR noise on a pattern can produce)."""
    import pikepdf

    pages: list[str] = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fonts: Any = page.Resources.get("/Font", {}) if "/Resources" in page else {}
            maps = {str(name): _to_unicode_map(font) for name, font in fonts.items()}
            current: dict[bytes, str] = {}
            pieces: list[str] = []
            for instruction in pikepdf.parse_content_stream(page):
                operands, operator = instruction.operands, instruction.operator
                op = str(operator)
                if op == "Tf" and operands:
                    current = maps.get(str(operands[0]), {})
                elif op in ("Tj", "'", '"') and operands:
                    pieces.append(_decode_codes(bytes(operands[-1]), current))
                elif op == "TJ" and operands:
                    pieces.extend(_decode_codes(bytes(item), current)
                                  for item in operands[0] if isinstance(item, pikepdf.String))
            pages.append(" ".join(pieces))
    return pages


def _decode_codes(raw: bytes, mapping: dict[bytes, str]) -> str:
    width = len(next(iter(mapping))) if mapping else 1
    return "".join(mapping.get(raw[i:i + width], "\ufffd") for i in range(0, len(raw), width))


def _compare_text(report: PdfaReport, expected: list[str]) -> None:
    if len(expected) != len(report.text):
        report.add("text-matches-ocr", False,
                   f"{len(report.text)} pages extracted, {len(expected)} expected")
        return
    # Every glyph of the OCR text, each exactly once. The extractor's reading order and word
    # breaks for overlapping boxes (OCR noise on a drawing or a test pattern) are its own, not
    # the text layer's, so a page whose words differ only in order or joins still passes.
    pairs = list(enumerate(zip(expected, report.text, strict=True), start=1))
    differing = [n for n, (want, got) in pairs if _glyphs(want) != _glyphs(got)]
    reordered = [n for n, (want, got) in pairs
                 if n not in differing and _words(want) != _words(got)]
    merged: list[int] = []
    if differing:
        # PDFium drops a glyph drawn over the same glyph. Such a page passes when the layer itself
        # decodes to the OCR text and the extractor lost only such repeats, never changed a glyph.
        try:
            layer = decode_text_layer(report.path)
        except Exception:  # an unreadable layer decodes to nothing: the pages stay failed
            layer = []
        for n in list(differing):
            want, got = _glyphs(expected[n - 1]), _glyphs(report.text[n - 1])
            if len(layer) >= n and _glyphs(layer[n - 1]) == want and not (got - want):
                differing.remove(n)
                merged.append(n)
    for n in differing:
        report.flag_page(n, "text-matches-ocr")
    detail = ("extracted text equals the OCR text on every page" if not differing
              else f"pages differ from the OCR text: {differing[:10]}")
    if reordered and not differing:
        detail += f" (same glyphs, other order or word breaks on pages {reordered[:10]})"
    if merged and not differing:
        detail += (f" (the text layer decodes to the OCR text on pages {merged[:10]}; the extractor"
                   " merged glyphs drawn over each other there)")
    report.add("text-matches-ocr", not differing, detail)
