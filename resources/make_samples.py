"""Generate the bundled sample pages into ``scanstation/resources/samples/`` (run by `make samples`;
the output is committed and ships as package data: `make run` with no display uses it).

Four pages a counter meets every day, each with what the cleanup stages must undo: a form
scanned a quarter turn off and skewed, a letter with a black scanner border, a table
photographed on a desk, and a near-blank back side with a page number and punch holes.
"""

from __future__ import annotations

from pathlib import Path

from scanstation.testing.pages import degrade, near_blank, render_page

HERE = Path(__file__).resolve().parents[1] / "scanstation" / "resources" / "samples"


def main() -> None:
    samples = {
        "01-to-khai-xoay-nghieng.jpg": degrade(render_page("form", seed=7, dpi=150),
                                               quarter_turn=90, skew_deg=4.5, seed=7,
                                               jpeg_quality=80),
        "02-cong-van-vien-den.jpg": degrade(render_page("letter", seed=8, dpi=150),
                                            skew_deg=-2.2, border=True, yellow=True, seed=8),
        "03-bang-chup-dien-thoai.jpg": degrade(render_page("table", seed=9, dpi=150),
                                               photo=True, skew_deg=3.0, shadow=True, seed=9),
        "04-mat-sau-trang.jpg": near_blank(seed=3, dpi=150),
    }
    for name, page in samples.items():
        page.image.save(HERE / name, quality=85, dpi=(page.dpi, page.dpi))
        print(HERE / name)


if __name__ == "__main__":
    main()
