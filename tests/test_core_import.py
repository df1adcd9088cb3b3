from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from scanstation import errors, imaging
from scanstation.importer import import_files
from scanstation.testing.pages import degrade, render_page
from scanstation.workspace import Workspace


def _page_image(dpi: int = 150) -> Image.Image:
    return render_page("form", seed=3, dpi=dpi).image


def _huge_png_header(width: int, height: int) -> bytes:
    """A tiny PNG that claims to be width × height: a decompression bomb's calling card."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


def test_png_jpeg_and_multipage_tiff(workspace: Workspace, tmp_path: Path):
    img = _page_image()
    img.save(tmp_path / "a.png", dpi=(150, 150))
    img.save(tmp_path / "b.jpg", quality=90, dpi=(150, 150))
    frames = [img, img.rotate(90, expand=True), img.convert("L")]
    frames[0].save(tmp_path / "c.tif", save_all=True, append_images=frames[1:],
                   compression="tiff_lzw", dpi=(150, 150))
    outcomes = import_files(workspace, [tmp_path / "a.png", tmp_path / "b.jpg",
                                        tmp_path / "c.tif"], batch="t", clean=False)
    assert [len(o.pages) for o in outcomes] == [1, 1, 3]
    assert all(o.ok for o in outcomes)
    tiff_pages = outcomes[2].pages
    assert [p.frame for p in tiff_pages] == [0, 1, 2]
    assert workspace.render(tiff_pages[1]).size == (img.height, img.width)


def test_exif_orientation_is_honoured(workspace: Workspace, tmp_path: Path):
    img = Image.new("RGB", (300, 200), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    img.save(tmp_path / "phone.jpg", exif=exif)
    (outcome,) = import_files(workspace, [tmp_path / "phone.jpg"], clean=False)
    assert workspace.render(outcome.pages[0]).size == (200, 300)
    # the stored original keeps the camera's bytes
    stored = workspace.original_bytes(outcome.pages[0].original_sha256)
    assert stored == (tmp_path / "phone.jpg").read_bytes()


def test_pdf_renders_at_the_source_image_resolution(workspace: Workspace, tmp_path: Path):
    img = _page_image(dpi=200)
    img.save(tmp_path / "scan.pdf", resolution=200.0)
    (outcome,) = import_files(workspace, [tmp_path / "scan.pdf"], clean=False)
    page = outcome.pages[0]
    assert page.dpi == pytest.approx(200.0, rel=0.02)
    rendered = workspace.render(page)
    assert abs(rendered.width - img.width) <= 2 and abs(rendered.height - img.height) <= 2


def test_bad_files_get_bilingual_errors_and_the_batch_goes_on(workspace: Workspace,
                                                              tmp_path: Path):
    good = tmp_path / "good.png"
    _page_image().save(good)
    truncated = tmp_path / "truncated.jpg"
    buf = io.BytesIO()
    _page_image().save(buf, format="JPEG")
    truncated.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 3])
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_huge_png_header(60_000, 60_000))
    text = tmp_path / "notes.docx"
    text.write_bytes(b"PK\x03\x04 not an image")
    encrypted = tmp_path / "locked.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(encrypted, encryption=pikepdf.Encryption(owner="o", user="secret"))
    broken_pdf = tmp_path / "broken.pdf"
    broken_pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%garbage")
    missing = tmp_path / "missing.png"
    files = [good, truncated, bomb, text, encrypted, broken_pdf, missing, good]
    outcomes = import_files(workspace, files, clean=False)
    kinds = [type(o.error).__name__ if o.error else "ok" for o in outcomes]
    assert kinds == ["ok", "CorruptFileError", "ImageTooLargeError", "UnsupportedFileTypeError",
                     "EncryptedPdfError", "CorruptFileError", "FileNotFoundInputError", "ok"]
    for outcome in outcomes:
        if outcome.error:
            assert isinstance(outcome.error, errors.InputFileError)
            assert outcome.error.message_vi != outcome.error.message_en
            assert Path(outcome.file).name in outcome.error.message_en
    assert len(workspace.pages()) == 2


def test_import_with_cleanup_records_transforms_and_keeps_the_original(workspace: Workspace,
                                                                       tmp_path: Path):
    page = degrade(render_page("letter", seed=5, dpi=200), quarter_turn=90, skew_deg=3.0,
                   seed=5)
    page.image.save(tmp_path / "turned.png", dpi=(200, 200))
    (outcome,) = import_files(workspace, [tmp_path / "turned.png"])
    stored = outcome.pages[0]
    assert stored.flags["cleanup"]["quarter_turn"] == 90
    assert abs(stored.flags["cleanup"]["skew_deg"] - 3.0) < 0.1
    rendered = workspace.render(stored)
    assert rendered.height > rendered.width  # upright portrait again
    original = imaging.decode_frame(workspace.original_bytes(stored.original_sha256),
                                    "image/png")
    assert original.size == page.image.size
