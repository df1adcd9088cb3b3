"""OCR quality on the harder generated pages (issue 14, item 1): red seals and stamps over text,
signatures, dotted leaders, faint copies, speckle and salt, gutters, fax-like bitonal pages, JPEG
at quality 20–50 at 150–200 dpi — one CLI call over one page of each kind."""

from __future__ import annotations

import json
from pathlib import Path

import ocr_helpers as H
import pytest
from conftest import run_cli

from scanstation.testing.hard_pages import HARD_CATEGORIES, hard_page

MAX_PAGE_CER = 0.04  # the goal is no page above 5 %
MAX_MEAN_CER = 0.02  # and every category at 2 % or less


@pytest.fixture(scope="module")
def hard_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list, list[str]]:
    folder = tmp_path_factory.mktemp("hard")
    pages, paths = [], []
    for category in HARD_CATEGORIES:
        page = hard_page(category, 0)
        path = folder / f"{category}.png"
        page.image.save(path, dpi=(page.dpi, page.dpi))
        pages.append(page)
        paths.append(str(path))
    out, sidecar = folder / "hard.pdf", folder / "hard.txt"
    proc = run_cli("ocr", *paths, "-o", str(out), "--sidecar", str(sidecar), "--jobs", "2",
                   "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1])["pdfa_ok"] is True
    texts = Path(sidecar).read_text(encoding="utf-8").rstrip("\n").split("\f")
    return pages, texts


def test_cer_on_every_hard_kind(hard_run: tuple[list, list[str]]) -> None:
    pages, texts = hard_run
    per_page = {category: H.cer(text, page.text)
                for category, page, text in zip(HARD_CATEGORIES, pages, texts, strict=True)}
    assert max(per_page.values()) <= MAX_PAGE_CER, per_page
    mean = H.cer_totals([(text, page.text) for page, text in zip(pages, texts, strict=True)])
    assert mean <= MAX_MEAN_CER, (mean, per_page)


def test_seal_and_stamp_text_is_not_read_into_the_page(hard_run: tuple[list, list[str]]) -> None:
    """The red seal's ring text and the "ĐÃ NHẬN" stamp are not the page's text."""
    _pages, texts = hard_run
    seal_text = texts[HARD_CATEGORIES.index("seal")]
    assert "ĐÃ NHẬN" not in seal_text and "NHẬN" not in seal_text.replace("nhận", "")


def test_dotted_leaders_are_not_read_as_dots(hard_run: tuple[list, list[str]]) -> None:
    _pages, texts = hard_run
    for category in ("seal", "gutter"):  # the kinds drawn with form leaders
        assert "....." not in texts[HARD_CATEGORIES.index(category)]
        assert "……" not in texts[HARD_CATEGORIES.index(category)]


@pytest.mark.parametrize("pen", [(20, 40, 100), (30, 50, 160)])
def test_a_signature_through_the_signers_name_does_not_cost_the_name(pen: tuple) -> None:
    """By rule a signature is in blue ink, over the signer's block: the stroke is taken out of
    what Tesseract reads and the letters it crossed are filled back, so the name reads whole."""
    import numpy as np
    from PIL import Image, ImageDraw

    from scanstation.ocr.prepare import prepare
    from scanstation.ocr.recognize import recognize
    from scanstation.testing.pages import font

    page = Image.new("RGB", (1400, 520), (252, 252, 250))
    draw = ImageDraw.Draw(page)
    draw.text((180, 60), "CHỦ TỊCH", font=font("serif-bold", 56), fill=(10, 10, 10))
    draw.text((150, 330), "Trịnh Quốc Hương", font=font("serif-bold", 64), fill=(10, 10, 10))
    loops = [(120 + 60 * i, 180 if i % 2 else 420) for i in range(16)]
    draw.line(loops, fill=pen, width=4, joint="curve")
    page.info["dpi"] = (300, 300)
    prepared = np.asarray(prepare(page).image)
    assert prepared.mean() > 245  # the stroke (~3 % of the picture) is gone
    text = recognize(page).text
    assert "Trịnh Quốc Hương" in text, text


def test_blue_printed_text_is_kept() -> None:
    """Only long strokes are a pen's: a form's blue heading is text and is read."""
    from PIL import Image, ImageDraw

    from scanstation.ocr.recognize import recognize
    from scanstation.testing.pages import font

    page = Image.new("RGB", (1500, 300), (252, 252, 250))
    ImageDraw.Draw(page).text((80, 100), "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI",
                              font=font("serif-bold", 54), fill=(25, 50, 150))
    page.info["dpi"] = (300, 300)
    assert "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI" in recognize(page).text


def test_a_name_filled_in_by_hand_in_blue_is_kept() -> None:
    """A form filled in with a blue pen: joined-up letters are one long stroke, but a line of
    handwriting is not a signature's height, and it is kept for Tesseract."""
    from PIL import Image, ImageDraw

    from scanstation.ocr.recognize import recognize
    from scanstation.testing.pages import font

    page = Image.new("RGB", (1500, 260), (252, 252, 250))
    draw = ImageDraw.Draw(page)
    draw.text((60, 90), "Họ và tên:", font=font("serif", 50), fill=(10, 10, 10))
    hand = font("serif-italic", 54)
    draw.text((420, 84), "Nguyễn Văn Bình", font=hand, fill=(25, 45, 140))
    left, _top, right, _bottom = draw.textbbox((420, 84), "Nguyễn Văn Bình", font=hand)
    baseline = 84 + hand.getmetrics()[0]
    # joined up: one stroke along the baseline ties every letter into one long piece of ink
    draw.line([(left, baseline - 1), (right, baseline - 1)], fill=(25, 45, 140), width=3)
    page.info["dpi"] = (300, 300)
    text = recognize(page).text
    # the stroke along the baseline costs Tesseract letters either way; taken out as a
    # signature, the whole name would be gone
    assert "Văn" in text.split("tên:")[-1], text
