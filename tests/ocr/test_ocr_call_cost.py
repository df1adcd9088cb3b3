"""What keeps a one-page ``scanstation ocr`` call cheap (issue 14) does not change its results:
the Tesseract loaded in the background is the one used (and its errors surface where it is
used), the cached text-repair models equal freshly built ones, and the upright page's analysis
handed to the border crop crops exactly as a fresh analysis would."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from scanstation.errors import MissingToolError


def _in_thread(fn):  # a fresh thread: its own Tesseract cache, as a page worker has
    out: dict[str, object] = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except BaseException as exc:  # handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    return out


def test_a_preloaded_tesseract_is_adopted_once_and_reads() -> None:
    import numpy as np
    from PIL import Image, ImageDraw

    from scanstation.ocr import engine
    from scanstation.testing.pages import font

    def use() -> tuple[bool, str]:
        engine.preload_api("vie", 3)
        engine.preload_api("vie", 3)  # loading already: no second thread
        first = engine.tesseract_api("vie", 3)
        again = engine.tesseract_api("vie", 3)
        img = Image.new("L", (900, 160), 255)
        ImageDraw.Draw(img).text((30, 40), "Giấy xác nhận", font=font("serif", 60), fill=0)
        words = engine.TesseractEngine().words(img, 300.0)
        assert np.asarray(img).min() == 0
        return first is again, " ".join(w.text for w in words)

    out = _in_thread(use)
    assert "error" not in out, out.get("error")
    same, text = out["value"]  # type: ignore[misc]
    assert same
    assert "xác" in text and "nhận" in text, text


def test_a_preload_error_is_raised_where_tesseract_is_used() -> None:
    from scanstation.ocr import engine

    def use() -> object:
        engine.preload_api("zzz-no-such-model", 3)
        return engine.tesseract_api("zzz-no-such-model", 3)

    out = _in_thread(use)
    assert isinstance(out.get("error"), MissingToolError), out


def test_cached_repair_models_equal_built_ones(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from scanstation.ocr import textfix

    monkeypatch.setenv("SCANSTATION_HOME", str(tmp_path))
    built = textfix._build_models(textfix.MODELS)
    textfix.models.cache_clear()
    try:
        first = textfix.models()  # builds and writes the cache
        [cache] = (tmp_path / "cache" / "ocr").glob("textfix-*.json")
        assert first == built
        textfix.models.cache_clear()
        assert textfix.models() == built  # read back from the cache file
        cache.write_text("{not json", encoding="utf-8")  # damaged: rebuilt, never an error
        textfix.models.cache_clear()
        assert textfix.models() == built
    finally:
        textfix.models.cache_clear()


@pytest.mark.parametrize("border", [False, True])
def test_an_upright_page_crops_as_a_fresh_analysis_would(border: bool) -> None:
    from scanstation.stages.analysis import PageAnalysis
    from scanstation.stages.crop import border_crop
    from scanstation.stages.pipeline import clean_image
    from scanstation.testing import pages

    page = pages.degrade(pages.render_page("letter", seed=2, dpi=150), border=border, seed=2)
    result = clean_image(page.image)
    transforms = [t for t in result.transforms if type(t).__name__ != "Crop"]
    assert not transforms  # upright and straight: the analysed image is the one cropped
    fresh = border_crop(PageAnalysis.of(page.image))
    crops = [t for t in result.transforms if type(t).__name__ == "Crop"]
    assert crops == ([fresh.transform] if fresh.transform and not fresh.transform.is_null()
                     else [])
    assert bool(crops) == border  # a scanner border is still found and trimmed


def test_the_shipped_glyphless_font_is_what_its_script_builds() -> None:
    import importlib.util

    from scanstation.paths import resource

    script = resource("textlayer", "build_glyphless.py")
    spec = importlib.util.spec_from_file_location("build_glyphless", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == resource("textlayer", "glyphless.ttf").read_bytes()


def test_the_text_layer_font_is_glyphless_consistent_and_exact(tmp_path: Path) -> None:
    """Every character, Vietnamese or in no font at all, is drawn with the one empty glyph
    (never .notdef), at the width the font program gives it, and extracts exactly."""
    import io

    import pikepdf
    from fontTools.ttLib import TTFont
    from PIL import Image

    from scanstation.ocr.results import Line, PageOcr, Word
    from scanstation.pdf import pdfa
    from scanstation.pdf.check import check_pdfa

    lines = (Line((Word("Nguyễn", (100, 100, 300, 150), 90.0), Word("Thị", (320, 100, 400, 150), 90.0),
                   Word("Ửng", (420, 100, 520, 150), 90.0))),
             Line((Word("№5—€", (100, 200, 300, 250), 90.0), Word("ꝏ😀", (320, 200, 500, 250), 90.0))))
    page = PageOcr(lines, 1000, 600, 300.0)
    out = tmp_path / "layer.pdf"
    pdfa.write_pdfa([pdfa.PdfPage(pdfa.encode_page_image(Image.new("L", (1000, 600), 255)),
                                  300.0, page)], out)
    report = check_pdfa(out, expected_text=[page.text], qpdf="library")
    assert report.ok, [str(c) for c in report.failures]
    assert report.text[0].replace("\r\n", "\n") == page.text
    with pikepdf.open(out) as pdf:
        cid_font = pdf.pages[0].Resources.Font["/F1"].DescendantFonts[0]
        program = TTFont(io.BytesIO(cid_font.FontDescriptor.FontFile2.read_bytes()))
        gids = cid_font.CIDToGIDMap.read_bytes()
        mapped = {int.from_bytes(gids[i:i + 2], "big") for i in range(2, len(gids), 2)}
        assert mapped == {1}  # CID 0 is never shown; every other CID is the blank glyph
        blank = program.getGlyphOrder()[1]
        assert program["glyf"][blank].numberOfContours == 0  # nothing drawn
        advance = program["hmtx"][blank][0] * 1000 // program["head"].unitsPerEm
        assert int(cid_font.DW) == advance and len(cid_font.W) == 0


def test_a_grey_page_delivered_as_rgb_is_read_as_grey_and_prepared_the_same() -> None:
    """A black-and-white page in RGB is converted to one channel once, up front; what Tesseract
    is given is the same image as before, to the pixel."""
    import numpy as np

    from scanstation import imaging
    from scanstation.ocr.prepare import prepare
    from scanstation.stages.pipeline import clean_image
    from scanstation.testing import pages

    page = pages.degrade(pages.render_page("letter", seed=4, dpi=200), skew_deg=1.2,
                         seed=4).image.convert("RGB")
    page.info["dpi"] = (200, 200)
    grey = imaging.grey_if_plain(page)
    assert grey.mode == "L" and grey.info["dpi"] == (200, 200)
    as_rgb = np.asarray(prepare(clean_image(page).image).image)
    as_grey = np.asarray(prepare(clean_image(grey).image).image)
    assert as_rgb.shape == as_grey.shape
    assert int(np.abs(as_rgb.astype(int) - as_grey.astype(int)).max()) <= 1


@pytest.mark.parametrize("ink", ["red-stamp", "blue-signature"])
def test_any_colour_keeps_a_page_in_colour(ink: str) -> None:
    from PIL import Image, ImageDraw

    from scanstation import imaging

    page = Image.new("RGB", (2480, 3508), (250, 250, 250))
    draw = ImageDraw.Draw(page)
    draw.text((200, 300), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fill=(20, 20, 20))
    if ink == "red-stamp":  # a 1.5 cm "received" stamp: 0.05 % of the page
        draw.ellipse((1800, 2600, 1977, 2777), outline=(200, 30, 40), width=6)
    else:  # a pen signature, one 3-px stroke
        draw.line([(1500, 3000), (1700, 2950), (1900, 3020)], fill=(30, 40, 160), width=3)
    assert imaging.grey_if_plain(page) is page


def test_tesseract_reads_raw_grey_bytes_as_it_reads_a_pil_image() -> None:
    from PIL import Image, ImageDraw

    from scanstation.ocr import engine
    from scanstation.testing.pages import font

    img = Image.new("L", (1100, 160), 255)
    ImageDraw.Draw(img).text((30, 40), "Ủy ban nhân dân phường", font=font("serif", 56), fill=0)

    def both() -> tuple[list, list]:
        api = engine.tesseract_api("vie", 3)
        raw = engine.TesseractEngine().words(img, 300.0)
        api.SetImage(img)
        api.SetSourceResolution(300)
        api.Recognize()
        via_pil = [w for w in (api.GetUTF8Text() or "").split()]
        api.Clear()
        return [w.text for w in raw], via_pil

    out = _in_thread(both)
    assert "error" not in out, out.get("error")
    raw, via_pil = out["value"]  # type: ignore[misc]
    assert raw == via_pil and "nhân" in raw


def test_components_in_16_bits_equal_opencvs_and_noise_past_65535_marks_is_labelled_whole() -> None:
    import cv2
    import numpy as np

    from scanstation.imaging import components
    from scanstation.testing import pages

    page = np.asarray(pages.render_page("form", seed=3, dpi=300).image.convert("L"))
    ink = (page < 128).astype(np.uint8)
    n, labels, stats = components(ink)
    n32, labels32, stats32, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    assert labels.dtype == np.uint16  # the cheap labels on a real page
    assert n == n32 and (labels == labels32).all() and (stats == stats32).all()
    assert components(ink.astype(bool))[0] == n  # a boolean mask is labelled as it is
    # isolated dots on a 2-px grid: 90,000 marks, more than 16-bit labels hold
    noise = np.zeros((600, 600), np.uint8)
    noise[::2, ::2] = 1
    n_noise, labels_noise, stats_noise = components(noise)
    assert n_noise == 300 * 300 + 1
    assert labels_noise.dtype == np.int32 and labels_noise.max() == 300 * 300
    assert (stats_noise[1:, cv2.CC_STAT_AREA] == 1).all()


def test_a_flat_scan_has_no_sheet_to_rectify_and_a_photo_still_has() -> None:
    from scanstation.stages import crop
    from scanstation.stages.analysis import PageAnalysis
    from scanstation.testing import pages

    scan = pages.render_page("letter", seed=4, dpi=150).image
    analysis = PageAnalysis.of(scan)
    assert crop.detect_page_quad(analysis) is None
    photo = pages.degrade(pages.render_page("letter", seed=4, dpi=150), photo=True, seed=4)
    assert crop.detect_page_quad(PageAnalysis.of(photo.image)) is not None
