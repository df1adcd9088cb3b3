"""A worn photocopier's toner texture (issue 14, item 1; ``stages.texture``): grey blotches over
paper and text are told from the page's black text and painted paper-white before Tesseract
reads, and left out of the ink the cleanup straightens and turns upright by — never on a page of
plain, blurred or hollow print, nor on a copy whose toner faded across the sheet."""

from __future__ import annotations

import numpy as np
import ocr_helpers as H
import pytest
from PIL import Image, ImageFilter

from scanstation.ocr.pipeline import PageSource, process_page
from scanstation.stages import texture
from scanstation.stages.analysis import PageAnalysis
from scanstation.stages.pipeline import clean_image
from scanstation.testing.hard_pages import hard_page
from scanstation.testing.pages import render_page

# a 300-dpi letter and a 200-dpi sparse page of our own copier texture
TEXTURED_PAGES = (1, 7)


def _read(img: Image.Image) -> str:
    return process_page(PageSource(0, "page.png", image=img)).ocr.text


def _normalised(img: Image.Image) -> tuple[np.ndarray, float]:
    """The page as the analysis sees it, paper at 255 (``PageAnalysis.normalized``)."""
    analysis = PageAnalysis.of(img)
    return np.minimum(analysis.normalized * 255.0, 255.0).astype(np.uint8), analysis.dpi


def _off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(texture, "BLOTCHES", float("inf"))  # no page has texture: as before


@pytest.mark.parametrize("index", TEXTURED_PAGES)
def test_a_textured_copy_reads_as_well_as_print(index: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    page = hard_page("copytexture", index)
    cleared = H.cer(_read(page.image), page.text)
    assert cleared <= 0.02, cleared
    _off(monkeypatch)
    assert H.cer(_read(page.image), page.text) > max(0.1, 5 * cleared)


def test_a_textured_page_is_neither_turned_nor_skewed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The texture's blotches once turned an upright copy upside down (page 13) and another 30°
    (page 3); without them in the ink, both stay as they were printed."""
    for index in (3, 13):
        page = hard_page("copytexture", index)
        result = clean_image(page.image)
        assert result.quarter_turn == 0 and abs(result.skew_deg) <= 0.5, (index, result)
    _off(monkeypatch)
    wrong = [clean_image(hard_page("copytexture", index).image) for index in (3, 13)]
    assert any(r.quarter_turn != 0 or abs(r.skew_deg) > 0.5 for r in wrong)


def test_the_texture_never_covers_the_text() -> None:
    """No black core of a printed letter is cleared where Tesseract reads (the page at its own
    resolution, as ``prepare`` normalises it); in the analysis' 150-dpi copy, where a thin
    stroke turns grey, at most a serif's worth."""
    from scanstation.ocr.prepare import _normalize_paper

    for index in TEXTURED_PAGES:
        page = hard_page("copytexture", index)
        printed = render_page(page.kind, seed=1000 + index * 17 + len("copytexture"),
                              dpi=300).image.convert("L")
        gray = _normalize_paper(np.asarray(page.image.convert("L")), float(page.dpi))
        far = texture.texture(gray, float(page.dpi))
        assert far is not None and far.mean() > 0.05
        cores = np.asarray(printed.resize(gray.shape[::-1])) <= 40
        assert not far[cores].any()
        small, dpi = _normalised(page.image)
        far = texture.texture(small, dpi)
        assert far is not None
        black = np.asarray(printed.resize(small.shape[::-1])) <= texture.SEED
        assert far[black].mean() < 0.02


@pytest.mark.parametrize("kind", ["letter", "table", "form", "sparse"])
def test_printed_and_blurred_pages_have_no_texture(kind: str) -> None:
    printed = render_page(kind, seed=11, dpi=300).image
    for img in (printed, printed.filter(ImageFilter.GaussianBlur(2.5))):
        assert texture.texture(*_normalised(img)) is None
        gray = np.asarray(img.convert("L"))
        assert texture.texture(gray, 300.0) is None


@pytest.mark.parametrize("index", [0, 1, 3, 5])
def test_hollow_print_is_not_taken_for_texture(index: int) -> None:
    """A printer short of ink leaves pale letters beside no black ink at all; they are text."""
    page = hard_page("lowink", index)
    gray, dpi = _normalised(page.image)
    assert texture.texture(gray, dpi) is None
    full = np.asarray(page.image.convert("L"))
    assert texture.texture(full, float(page.dpi)) is None


def test_letters_left_grey_are_not_texture(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under a hand's shadow the normalised letters stay grey (~110) beside black ones: they
    are text, darker than any toner (an Augraphy shadow page lost its lower half to this)."""
    printed = np.asarray(render_page("letter", seed=5, dpi=300).image.convert("L")).copy()
    lower = printed[printed.shape[0] // 2:]
    lower[lower < 128] = 110
    assert texture.texture(printed, 300.0) is None
    # the rows' guard and the strokes' guard keep them too: without both, the grey still does
    monkeypatch.setattr(texture, "AMONG_TEXT", 0.0)
    monkeypatch.setattr(texture, "_toner_like", lambda *_: True)
    assert texture.texture(printed, 300.0) is None
    monkeypatch.setattr(texture, "TONER_GREY", 0.0)
    assert texture.texture(printed, 300.0) is not None


def test_a_page_in_colour_is_a_print() -> None:
    """A map's coloured fills make a colour print, whose pale names are kept; a copy's toner is
    grey, and a red seal or a blue pen stroke is not a page in colour."""
    page = Image.new("RGB", (1200, 1600), (250, 250, 248))
    for i, fill in enumerate([(170, 210, 240), (240, 200, 160), (190, 230, 180)]):
        page.paste(fill, (100 + 300 * i, 300, 360 + 300 * i, 700))
    assert texture.in_colour(page)
    assert not texture.in_colour(hard_page("copytexture", 1).image)
    assert not texture.in_colour(hard_page("seal", 0).image)


def _grey_band(kind: str) -> np.ndarray:
    printed = np.asarray(render_page(kind, seed=5, dpi=300).image.convert("L")).copy()
    band = printed[printed.shape[0] // 3: 2 * printed.shape[0] // 3]
    band[band < 128] = np.maximum(band[band < 128], 150)
    return printed


@pytest.mark.parametrize("kind", ["letter", "form", "table"])
def test_grey_lines_beside_black_ones_are_text(kind: str) -> None:
    """A third of a page printed grey (a paragraph in grey, a band where a copier's toner ran
    thin) lies in rows of its own, and in strokes, not blotches: it is kept."""
    assert texture.texture(_grey_band(kind), 300.0) is None


def test_grey_lines_were_taken_for_texture_without_their_rows_and_strokes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two guards keep them, each alone: their rows, and their strokes (``_toner_like``)."""
    monkeypatch.setattr(texture, "AMONG_TEXT", 0.0)
    assert texture.texture(_grey_band("letter"), 300.0) is None
    monkeypatch.setattr(texture, "_toner_like", lambda *_: True)
    assert texture.texture(_grey_band("letter"), 300.0) is not None
    monkeypatch.setattr(texture, "AMONG_TEXT", 0.2)
    assert texture.texture(_grey_band("letter"), 300.0) is None


# our copies faded across the sheet: toward the head of the page (13), toward one side (2)
FADED_PAGES = (2, 13)


def _prepared_gray(page: Image.Image, dpi: float) -> np.ndarray:
    from scanstation.ocr.prepare import _normalize_paper

    return _normalize_paper(np.asarray(page.convert("L")), dpi)


@pytest.mark.parametrize("index", FADED_PAGES)
def test_a_copy_faded_across_keeps_its_grey_letters(index: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A copier whose toner ran thin toward one edge prints black letters on one side and grey
    ones on the other. They are strokes, beside black letters only where the fade begins: not
    toner. Taken for toner, the grey part of the page was lost (page 13: 1,007 errors)."""
    page = hard_page("fadedcopy", index)
    gray = _prepared_gray(page.image, float(page.dpi))
    assert texture.texture(gray, float(page.dpi)) is None
    kept = H.cer(_read(page.image), page.text)
    assert kept <= 0.01, kept
    monkeypatch.setattr(texture, "_toner_like", lambda *_: True)
    assert texture.texture(gray, float(page.dpi)) is not None
    assert H.cer(_read(page.image), page.text) > 0.1


@pytest.mark.parametrize("sigma", [8, 16])
def test_a_faded_copy_under_grain_keeps_its_grey_letters(sigma: int,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A scanner's grain sticks to the grey letters' edges; the three measures look at the grey
    in pieces, so the grain does not make faded letters porous or put them over the text."""
    for index in (1, 13):
        page = hard_page("fadedcopy", index)
        noisy = np.asarray(page.image.convert("L")).astype(np.float32)
        noisy += np.random.default_rng(0).normal(0, sigma, noisy.shape)
        gray = _prepared_gray(Image.fromarray(noisy.clip(0, 255).astype(np.uint8)),
                              float(page.dpi))
        assert texture.texture(gray, float(page.dpi)) is None, index
        with monkeypatch.context() as m:
            m.setattr(texture, "_toner_like", lambda *_: True)
            assert texture.texture(gray, float(page.dpi)) is not None, index


def _over_letter(toner: np.ndarray) -> np.ndarray:
    printed = np.asarray(render_page("letter", seed=8, dpi=300).image.convert("L"))
    return np.minimum(printed, toner[:printed.shape[0], :printed.shape[1]])


def test_porous_toner_is_texture(monkeypatch: pytest.MonkeyPatch) -> None:
    """Augraphy's worn copier lays a speckle of grey pixels in patches, with pixel-wide gaps
    no letter's strokes have: it is texture, and only its gaps tell it (it lies in patches
    between the lines as much as over them)."""
    g = np.random.default_rng(3)
    h, w = 3600, 2600
    patches = np.kron(g.random((h // 300 + 1, w // 300 + 1)), np.ones((300, 300)))[:h, :w]
    speckle = (g.random((h, w)) < 0.35) & (patches > 0.55)
    toner = np.where(speckle, g.integers(140, 200, (h, w)), 255).astype(np.uint8)
    page = _over_letter(toner)
    assert texture.texture(page, 300.0) is not None
    monkeypatch.setattr(texture, "POROUS", float("inf"))
    monkeypatch.setattr(texture, "MIXED", 2.0)
    assert texture.texture(page, 300.0) is None



def test_solid_blotches_are_texture(monkeypatch: pytest.MonkeyPatch) -> None:
    """Toner blotches of a millimetre or more, solid grey and lying off the lines as much as on
    them: thicker than any stroke, which alone tells them."""
    g = np.random.default_rng(4)
    toner = Image.new("L", (2600, 3600), 255)
    from PIL import ImageDraw

    draw = ImageDraw.Draw(toner)
    for _ in range(900):
        x, y, r = g.integers(0, 2600), g.integers(0, 3600), g.integers(12, 24)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=int(g.integers(150, 200)))
    page = _over_letter(np.asarray(toner))
    assert texture.texture(page, 300.0) is not None
    monkeypatch.setattr(texture, "BLOTCH", float("inf"))
    monkeypatch.setattr(texture, "MIXED", 2.0)
    assert texture.texture(page, 300.0) is None


def test_toner_over_the_text_is_texture(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short solid grey smears, as thin as a stroke, lying over the lines of text: what tells
    them from a faded copy's letters is that they lie among black letters."""
    from PIL import ImageDraw

    printed = np.asarray(render_page("letter", seed=8, dpi=300).image.convert("L"))
    rows = np.flatnonzero((printed < 80).any(axis=1))
    g = np.random.default_rng(6)
    toner = Image.new("L", printed.shape[::-1], 255)
    draw = ImageDraw.Draw(toner)
    for _ in range(6000):
        y = int(g.choice(rows)) + int(g.integers(-8, 8))
        x = int(g.integers(200, printed.shape[1] - 200))
        draw.line([x, y, x + int(g.integers(10, 30)), y + int(g.integers(-6, 6))],
                  fill=int(g.integers(150, 200)), width=4)
    page = np.minimum(printed, np.asarray(toner))
    assert texture.texture(page, 300.0) is not None
    monkeypatch.setattr(texture, "MIXED", 2.0)
    assert texture.texture(page, 300.0) is None
