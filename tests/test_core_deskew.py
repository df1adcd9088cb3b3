"""Deskew on upright pages: none may be reported skewed by more than 0.1° (issue 14: upright
pages once came out at ±0.11°, the edge of a flat top of the projection score)."""

from __future__ import annotations

import pytest

from scanstation.stages.pipeline import inspect_image
from scanstation.testing.pages import degrade, render_page

# every page kind, at the resolutions counters scan at, clean and with the degradations that
# leave the page upright (JPEG, noise, blur, yellow paper, a lid shadow, a scanner border)
UPRIGHT = [
    (kind, seed, dpi, extra)
    for kind in ("form", "letter", "table", "sparse")
    for seed, dpi, extra in (
        (1, 300, {}),
        (3, 300, {"jpeg_quality": 40}),
        (2, 200, {"noise": 6.0, "yellow": True}),
        (4, 150, {"blur": 0.8, "shadow": True, "border": True}),
    )
]


@pytest.mark.parametrize(("kind", "seed", "dpi", "extra"), UPRIGHT)
def test_upright_page_is_not_reported_skewed(kind: str, seed: int, dpi: int,
                                             extra: dict[str, object]) -> None:
    page = render_page(kind, seed=seed, dpi=dpi)
    image = degrade(page, seed=seed, **extra).image if extra else page.image
    inspection = inspect_image(image)
    assert inspection.quarter_turn == 0
    assert abs(inspection.page_skew_deg) <= 0.1, (kind, seed, dpi, inspection.page_skew_deg)
    assert abs(inspection.skew_deg) <= 0.1
