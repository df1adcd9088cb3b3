"""Files that other tools made: every one gives a valid PDF/A or a clear bilingual refusal, never
nothing; and a self-check that disagrees keeps the user's document (flagged, exit 10).

Inputs are generated here with Ghostscript, img2pdf, Pillow's PDF and TIFF writers and pikepdf
(an image-mask page, a scanner-style JPEG-in-PDF turned with /Rotate, a CCITT G4 TIFF at an odd
size, a page whose words break across lines with a hyphen — PDFium gives that hyphen back as
U+FFFE, which the check once took for a lost glyph and refused the file over).
"""

from __future__ import annotations

import io
import json
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from conftest import run_cli
from PIL import Image, ImageDraw

from scanstation.ocr import Line, PageOcr, Word
from scanstation.pdf.check import check_pdfa
from scanstation.testing import pages as synthetic

HYPHEN_LINES = ["Ủy ban nhân dân phường đã tiếp nhận hồ sơ đăng ký thường trú và chuyển",
                "hồ sơ sang bộ phận một cửa để giải quyết theo quy định của pháp luật hiện hành, đồng-",
                "thời thông báo kết quả cho công dân trong thời hạn mười ngày làm việc."]


def _text_page(lines: list[str], dpi: int = 200) -> Image.Image:
    """A page of serif text (the administrative standard face), ``lines`` as given."""
    width, height = int(8.27 * dpi), int(5.0 * dpi)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    face = synthetic.font("serif", int(13 / 72 * dpi * 1.1))
    y = int(0.6 * dpi)
    for line in lines:
        draw.text((int(0.8 * dpi), y), line, font=face, fill=0)
        y += int(0.3 * dpi)
    img.info["dpi"] = (dpi, dpi)
    return img


def _image_mask_pdf(img: Image.Image, path: Path, dpi: int) -> None:
    """One page painted through a 1-bit stencil mask (/ImageMask), as book scanners write."""
    ink = np.asarray(img.convert("L")) < 128
    pdf = pikepdf.new()
    mask = pikepdf.Stream(pdf, np.packbits(~ink, axis=1).tobytes())  # 0 = paint with fill colour
    mask.Type, mask.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    mask.Width, mask.Height = img.width, img.height
    mask.ImageMask, mask.BitsPerComponent = True, 1
    pw, ph = img.width * 72 / dpi, img.height * 72 / dpi
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, pw, ph],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=mask)),
        Contents=pikepdf.Stream(pdf, f"q 0 0 0 rg {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)


@pytest.fixture(scope="module")
def foreign_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import img2pdf

    folder = tmp_path_factory.mktemp("foreign")
    hyphen = _text_page(HYPHEN_LINES)
    form = synthetic.render_page("form", seed=11, dpi=200).image.convert("L")
    files: dict[str, Path] = {}
    files["mask"] = folder / "mask.pdf"
    _image_mask_pdf(hyphen, files["mask"], 200)
    jpeg = io.BytesIO()
    form.convert("RGB").rotate(90, expand=True).save(jpeg, "JPEG", quality=40, dpi=(200, 200))
    files["scanner"] = folder / "scanner.pdf"  # a JPEG scan stored sideways, /Rotate 270
    files["scanner"].write_bytes(img2pdf.convert(jpeg.getvalue(), rotation=img2pdf.Rotation.ifvalid))
    with pikepdf.open(files["scanner"], allow_overwriting_input=True) as pdf:
        pdf.pages[0].Rotate = 270
        pdf.save(files["scanner"])
    pil_pdf = folder / "pillow.pdf"
    hyphen.save(pil_pdf, resolution=200)
    files["ghostscript"] = folder / "ghostscript.pdf"
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
                    f"-sOutputFile={files['ghostscript']}", str(pil_pdf)], check=True, timeout=60)
    files["g4"] = folder / "odd.tif"  # bitonal CCITT G4, an odd size (a cropped half page)
    form.crop((0, 0, 1333, 1111)).point(lambda v: 255 if v > 150 else 0).convert("1").save(
        files["g4"], compression="group4", dpi=(200, 200))
    files["broken"] = folder / "broken.pdf"
    files["broken"].write_bytes(files["ghostscript"].read_bytes()[:700])
    return files


@pytest.mark.parametrize("name", ["mask", "scanner", "ghostscript", "g4", "broken"])
def test_foreign_file_gives_pdfa_or_refusal(foreign_files: dict[str, Path], name: str,
                                            tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    proc = run_cli("ocr", str(foreign_files[name]), "-o", str(out), "--json")
    if name == "broken":
        assert proc.returncode == 3 and not out.exists()
        assert "broken.pdf" in proc.stderr
        assert len([line for line in proc.stderr.splitlines() if line.strip()]) >= 2  # vi + en
        return
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["pdfa_ok"] is True and summary["pdfa_flagged"] == []
    report = check_pdfa(out)
    assert report.ok, [str(c) for c in report.failures]
    if name in ("mask", "ghostscript"):  # the hyphenated words survive the round trip
        text = unicodedata.normalize("NFC", report.text[0])
        assert "đồng-" in text.replace("\n", "") or "đồng -" in text, text


def test_line_end_hyphen_round_trips(tmp_path: Path) -> None:
    """PDFium returns a hyphen that ends a line as U+FFFE: still the text the layer holds."""
    from scanstation.pdf import pdfa

    words = [Line((Word("kết", (100, 100, 200, 140), 95.0), Word("thúc-", (220, 100, 330, 140), 95.0))),
             Line((Word("thời", (100, 160, 200, 200), 95.0),))]
    page = PageOcr(tuple(words), 1000, 600, 300.0)
    out = tmp_path / "hyphen.pdf"
    pdfa.write_pdfa([pdfa.PdfPage(pdfa.encode_page_image(Image.new("L", (1000, 600), 255)),
                                  300.0, page)], out)
    report = check_pdfa(out, expected_text=[page.text], qpdf="library")
    assert report.ok, [str(c) for c in report.failures]


def test_text_repair_keeps_only_what_a_layer_can_carry() -> None:
    from scanstation.ocr.textfix import fix_page

    raw = PageOcr((Line((Word("ﬁle\u00ad", (0, 0, 9, 9), 90.0), Word("a\u200bb\ufffd", (10, 0, 19, 9), 90.0),
                         Word("Nguyễn", (20, 0, 29, 9), 90.0))),), 100, 100, 300.0)
    assert fix_page(raw, repair=False).text == "file ab Nguyễn"


def test_failed_self_check_keeps_the_document(tmp_path: Path) -> None:
    """A self-check that disagrees never costs the user the document: the PDF and the sidecar are
    written, the failing clause is reported, and ``strict`` still refuses."""
    from scanstation.errors import PdfInvalidError
    from scanstation.ocr.pipeline import PageResult, ocr_to_pdfa
    from scanstation.pdf.pdfa import encode_page_image

    img = _text_page(["Giấy xác nhận"], dpi=200)
    # a page read elsewhere (the app's background OCR) whose text the layer cannot carry: a
    # soft hyphen is not drawable, so the written text differs from the OCR text
    ocr = PageOcr((Line((Word("Giấy\u00adxác", (160, 120, 500, 170), 90.0),)),),
                  img.width, img.height, 200.0)
    done = [PageResult(0, encode_page_image(img), 200.0, ocr, 0, 0.0, False, 0.1)]
    out, sidecar = tmp_path / "kept.pdf", tmp_path / "kept.txt"
    report = ocr_to_pdfa([img], out, sidecar=sidecar, done=done)
    assert out.is_file() and sidecar.is_file()
    assert report.flagged and report.flagged[0].startswith("text-matches-ocr")
    assert report.to_dict()["pdfa_ok"] is False
    assert check_pdfa(out).ok  # only the OCR comparison disagreed: the file itself is PDF/A
    strict_out = tmp_path / "strict.pdf"
    with pytest.raises(PdfInvalidError):
        ocr_to_pdfa([img], strict_out, done=done, strict=True)
    assert not strict_out.exists()


def test_cli_flags_a_kept_document_with_exit_10(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the CLI: the warning in both languages on stderr, exit 10, the file in place."""
    from typer.testing import CliRunner

    from scanstation.cli import app
    from scanstation.ocr import textfix

    img = _text_page(["Giấy xác nhận cư trú"], dpi=200)
    page = tmp_path / "page.png"
    img.save(page, dpi=(200, 200))
    # the old writer's behaviour: characters the layer cannot show left in the OCR text
    monkeypatch.setattr(textfix, "printable", lambda text: text + "\u00ad")
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(app, ["ocr", str(page), "-o", str(out), "--json", "--jobs", "1"])
    assert result.exit_code == 10, result.output
    assert out.is_file()
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["pdfa_flagged"] and summary["pdfa_ok"] is False
    assert "tự kiểm tra" in result.stderr and "self-check failed" in result.stderr
