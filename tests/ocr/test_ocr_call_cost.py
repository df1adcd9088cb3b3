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
        cache = textfix._cache_file(textfix.MODELS)
        assert cache.is_file() and first == built
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
