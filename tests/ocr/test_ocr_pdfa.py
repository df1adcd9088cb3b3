"""PDF/A-2b writer and checks: every Vietnamese letter survives, images keep their pixels, the
checks pass on our files (also after signing) and fail on files that break a clause."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from scanstation.ocr import Line, PageOcr, Word
from scanstation.pdf import pdfa
from scanstation.pdf.check import check_pdfa
from scanstation.pdf.fonts import vietnamese_letters


def _letters_page(width: int = 2480, height: int = 3508) -> PageOcr:
    """Every Vietnamese letter, upper and lower case, as words over a page."""
    letters = vietnamese_letters()
    words_per_line = 12
    lines = []
    y = 200
    chunks = [letters[i:i + 4] for i in range(0, len(letters), 4)]
    for row in range(0, len(chunks), words_per_line):
        words = []
        x = 150
        for chunk in chunks[row:row + words_per_line]:
            text = "".join(chunk)
            words.append(Word(text, (x, y, x + 150, y + 50), 95.0))
            x += 180
        lines.append(Line(tuple(words)))
        y += 80
    return PageOcr(tuple(lines), width, height, 300.0)


def test_alphabet_is_complete() -> None:
    letters = vietnamese_letters()
    assert len(letters) == len(set(letters)) == 134  # 132 precomposed vowels + đ/Đ
    assert all(unicodedata.is_normalized("NFC", c) and len(c) == 1 for c in letters)
    assert {"ư", "Ơ", "ễ", "Ặ", "ỹ", "Ỵ", "đ", "Đ"} <= set(letters)


@pytest.fixture(scope="module")
def letters_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PageOcr]:
    page = _letters_page()
    img = Image.new("L", (page.width, page.height), 255)
    ImageDraw.Draw(img).rectangle((100, 100, 600, 160), fill=90)  # some grey content
    encoded = pdfa.encode_page_image(img)
    out = tmp_path_factory.mktemp("letters") / "letters.pdf"
    pdfa.write_pdfa([pdfa.PdfPage(encoded, 300.0, page)], out,
                    pdfa.PdfaOptions(title="Bảng chữ cái tiếng Việt", dossier_id="H26-1"))
    return out, page


def test_every_letter_survives_the_round_trip(letters_pdf) -> None:
    path, page = letters_pdf
    doc = pdfium.PdfDocument(str(path))
    text = doc[0].get_textpage().get_text_range()
    doc.close()
    assert unicodedata.is_normalized("NFC", text)
    missing = [c for c in vietnamese_letters() if c not in text]
    assert not missing
    assert text.split() == page.text.split()
    poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                             check=True).stdout.decode("utf-8")
    assert not [c for c in vietnamese_letters() if c not in poppler]
    assert "\ufffd" not in poppler


def test_our_pdf_passes_every_clause(letters_pdf) -> None:
    path, page = letters_pdf
    report = check_pdfa(path, expected_text=[page.text])
    failed = [str(c) for c in report.clauses if not c.passed]
    assert report.ok, failed
    assert all(isinstance(c, tuple) and len(c) == 3 for c in report.clauses)  # the API contract
    ids = {clause_id for clause_id, _passed, _detail in report.clauses}
    assert {"6.1.2", "6.6.4", "6.2.3", "6.2.11.4", "qpdf-check", "text-roundtrip",
            "6.4-transparency", "6.5.1-javascript", "6.1.7-lzw", "text-matches-ocr"} <= ids
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == "Bảng chữ cái tiếng Việt"
        assert meta["dc:identifier"] == "H26-1"
        assert pdf.trailer.ID is not None
        font = pdf.pages[0].Resources.Font["/F1"]
        assert font.Subtype == "/Type0" and font.Encoding == "/Identity-H"
        assert "/FontFile2" in font.DescendantFonts[0].FontDescriptor


def test_bitonal_page_is_g4_and_pixel_exact(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    arr = np.full((800, 600), 255, np.uint8)
    for _ in range(60):
        x, y = rng.integers(0, 560), rng.integers(0, 760)
        arr[y:y + rng.integers(2, 40), x:x + rng.integers(2, 40)] = 0
    img = Image.fromarray(arr).convert("1")
    encoded = pdfa.encode_page_image(img)
    assert encoded.filter == "/CCITTFaxDecode" and encoded.bits == 1
    out = tmp_path / "bw.pdf"
    pdfa.write_pdfa([pdfa.PdfPage(encoded, 100.0, PageOcr((), 600, 800, 100.0))], out)
    doc = pdfium.PdfDocument(str(out))
    rendered = np.asarray(doc[0].render(scale=100 / 72).to_pil().convert("L"))
    doc.close()
    h, w = min(rendered.shape[0], 800), min(rendered.shape[1], 600)
    assert (np.abs(rendered[:h, :w].astype(int) - arr[:h, :w]) > 128).mean() < 0.001
    assert check_pdfa(out).ok


def test_colour_and_grey_pages_use_jpeg() -> None:
    grey = Image.new("RGB", (300, 200), (240, 240, 240))
    colour = grey.copy()
    ImageDraw.Draw(colour).ellipse((50, 50, 150, 150), fill=(200, 20, 20))  # a red stamp
    assert pdfa.encode_page_image(grey).color_space == "/DeviceGray"
    enc = pdfa.encode_page_image(colour)
    assert enc.color_space == "/DeviceRGB" and enc.filter == "/DCTDecode"


def _plain_pdf(path: Path) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.save(path)
    return path


def test_checks_fail_on_a_plain_pdf(tmp_path: Path) -> None:
    report = check_pdfa(_plain_pdf(tmp_path / "plain.pdf"))
    assert not report.ok
    failed = {c.clause_id for c in report.failures}
    assert {"6.6.4", "6.2.3"} <= failed


def test_checks_fail_on_javascript_and_transparency(letters_pdf, tmp_path: Path) -> None:
    path, _ = letters_pdf
    bad = tmp_path / "js.pdf"
    with pikepdf.open(path) as pdf:
        pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
        pdf.pages[0].Group = pikepdf.Dictionary(S=pikepdf.Name.Transparency)
        pdf.save(bad)
    failed = {c.clause_id for c in check_pdfa(bad).failures}
    assert {"6.5.1-javascript", "6.5.1-actions", "6.4-transparency"} <= failed


def test_checks_fail_on_an_encrypted_pdf(letters_pdf, tmp_path: Path) -> None:
    path, _ = letters_pdf
    enc = tmp_path / "enc.pdf"
    with pikepdf.open(path) as pdf:
        pdf.save(enc, encryption=pikepdf.Encryption(owner="o", user="u"))
    report = check_pdfa(enc)
    assert not report.ok
    assert "6.1.3-encrypt" in {c.clause_id for c in report.failures}


def test_signed_pdf_still_passes(letters_pdf, tmp_path: Path) -> None:
    """The dossier signs our PDF/A with pyHanko (incremental update, AcroForm SigField)."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "dossier"))
    import dossier_pki as pki

    from scanstation.pdf import sign

    path, page = letters_pdf
    ca = pki.make_ca()
    p12 = pki.write_pkcs12(tmp_path / "officer.p12", pki.issue(ca, pki.OFFICER_NAME), ca, "1234")
    signed = tmp_path / "signed.pdf"
    with sign.open_signer(sign.Pkcs12Credential(p12), "1234") as signer:
        sign.sign_pdf(path, signed, signer)
    with pikepdf.open(signed) as pdf:
        assert "/AcroForm" in pdf.Root
    report = check_pdfa(signed, expected_text=[page.text])
    assert report.ok, [str(c) for c in report.failures]


def test_check_pdfa_cli(letters_pdf, tmp_path: Path) -> None:
    from conftest import run_cli

    path, _ = letters_pdf
    good = run_cli("check-pdfa", str(path))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "PASS 6.6.4" in good.stdout and "FAIL" not in good.stdout
    bad = run_cli("check-pdfa", str(_plain_pdf(tmp_path / "plain.pdf")))
    assert bad.returncode == 6
    assert "FAIL 6.6.4" in bad.stdout


def test_text_check_allows_other_order_but_not_other_glyphs() -> None:
    from scanstation.pdf.check import PdfaReport, _compare_text

    def verdict(expected: str, extracted: str) -> bool:
        report = PdfaReport("x.pdf")
        report.text = [extracted]
        _compare_text(report, [expected])
        return report.ok

    assert verdict("Cộng hòa 11 111.", "hòa Cộng 11111.")  # extractor's order and word joins
    assert not verdict("Cộng hòa", "Cong hoa")  # a lost diacritic fails
    assert not verdict("Cộng hòa", "Cộng")  # a lost word fails


def _overlap_pdf(out: Path) -> tuple[Path, list[str]]:
    """OCR noise on a test pattern: the same word read twice over the same place."""
    lines = (Line((Word("—", (10, 10, 30, 30), 40.0), Word("—", (11, 10, 31, 30), 40.0))),
             Line((Word("Ýnn", (10, 40, 60, 60), 40.0),)),
             Line((Word("Ýnn", (10, 42, 60, 62), 40.0),)))
    page = PageOcr(lines, 600, 800, 100.0)
    img = Image.new("L", (600, 800), 255)
    pdfa.write_pdfa([pdfa.PdfPage(pdfa.encode_page_image(img), 100.0, page)], out,
                    pdfa.PdfaOptions(title="t"))
    return out, [page.text]


def test_glyphs_drawn_over_each_other_pass_on_the_decoded_layer(tmp_path: Path) -> None:
    from scanstation.pdf.check import decode_text_layer

    out, expected = _overlap_pdf(tmp_path / "overlap.pdf")
    report = check_pdfa(out, expected_text=expected)
    assert report.ok, report.failures
    # PDFium merged the repeats; the layer itself still holds every word
    assert len(report.text[0].split()) < len(expected[0].split())
    assert decode_text_layer(out)[0].split() == expected[0].split()
    assert any("decodes to the OCR text" in c.detail for c in report.clauses)


def test_a_wrong_tounicode_map_fails_the_text_check(tmp_path: Path) -> None:
    out, expected = _overlap_pdf(tmp_path / "overlap.pdf")
    with pikepdf.open(out, allow_overwriting_input=True) as pdf:
        type0 = pdf.pages[0].Resources.Font["/F1"]
        cmap = type0.ToUnicode.read_bytes().decode("ascii")
        assert "<00DD>" in cmap
        cmap = cmap.replace("<00DD>", "<0059>")  # Ý → Y: a lost accent
        type0.ToUnicode.write(cmap.encode("ascii"))
        pdf.save(out)
    report = check_pdfa(out, expected_text=expected)
    assert "Ynn" in report.text[0]
    assert not report.ok
    assert any(c.clause_id == "text-matches-ocr" and not c.passed for c in report.clauses)
