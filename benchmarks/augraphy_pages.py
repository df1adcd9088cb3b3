"""Someone else's degradations: Augraphy's paper, ink and scanner effects over clean pages.

Every other generator here degrades pages with code written in this project, so a failure mode
its authors did not think of is never drawn. Augraphy (https://github.com/sparkfish/augraphy)
models printing, copying and scanning from its own authors' study of real documents: a copier's
dirty drum and toner speckle, ink bleed, banding of a low-ink printer, folds, page edges of a
stack, shadows and light falloff, stains and show-through, highlighter and pen marks, fax.

    # clean pages first (the project's venv: Chromium lays them out)
    .venv/bin/python benchmarks/browser_pages.py generate CLEAN --pages 24 --seed 62 --cats clean
    # then the effects, in a venv of their own (Augraphy needs opencv-python, numba, sklearn,
    # which must not enter the product's venv: opencv-python's Qt plugins clash with PySide6)
    make bench-augraphy-venv
    .venv-augraphy/bin/python benchmarks/augraphy_pages.py CLEAN OUT --seed 62
    .venv/bin/python benchmarks/holdout.py run OUT --skip-inspect

The truth (text, resolution, font) is the clean page's: every effect here leaves the printed
words where they were. Effects that would add words (Augraphy's watermark, its scribbled text)
or a second page (its book binding, which mirrors the page beside it) are not used.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

try:
    import augraphy as ag
    import cv2
    from PIL import Image
except ImportError:  # pragma: no cover - run with the benchmark's own venv
    sys.exit("augraphy is not installed here: `make bench-augraphy-venv`, then run this with "
             ".venv-augraphy/bin/python")

# One scene per page, taken in turn. Strengths are Augraphy's defaults or milder: its default
# pipeline draws pages no office would file, and a benchmark of unreadable pages says nothing.
PROFILES = ("ag_copy", "ag_shadow", "ag_fold", "ag_paper", "ag_mark", "ag_fax", "ag_print")


def _phases(name: str, r: random.Random) -> tuple[list, list, list]:
    """(ink, paper, post) effects of one scene."""
    if name == "ag_copy":  # a photocopy: toner specks and smudges, a dusty drum, bled ink
        return ([ag.InkBleed(intensity_range=(0.2, 0.5), p=1)], [],
                [ag.DirtyDrum(line_width_range=(1, 2), line_concentration=0.05,
                              noise_intensity=0.2, p=0.5),
                 ag.BadPhotoCopy(noise_iteration=(1, 1), noise_value=(96, 176),
                                 noise_sparsity=(0.5, 0.9), noise_concentration=(0.05, 0.3), p=1),
                 ag.SubtleNoise(p=1)])
    if name == "ag_shadow":  # a hand's or a lamp's shadow, light falling off to one side
        return ([], [ag.NoiseTexturize(sigma_range=(2, 6), p=1)],
                [ag.ShadowCast(shadow_opacity_range=(0.3, 0.7), p=1),
                 ag.LightingGradient(min_brightness=r.randint(60, 120), max_brightness=255, p=1),
                 ag.Jpeg(quality_range=(50, 90), p=1)])
    if name == "ag_fold":  # a sheet folded in three, scanned on a stack: bowed lines, edges
        return ([], [],
                [ag.Folding(fold_count=r.choice([1, 2, 3]), gradient_width=(0.1, 0.2),
                            gradient_height=(0.005, 0.01), p=1),
                 ag.PageBorder(page_rotation_angle_range=(-1, 1), p=1),
                 ag.SubtleNoise(p=1)])
    if name == "ag_paper":  # old paper: texture, stains, the back's text showing through
        return ([ag.InkBleed(intensity_range=(0.2, 0.4), p=0.5)],
                [ag.NoiseTexturize(p=1), ag.BrightnessTexturize(p=1), ag.Stains(p=1)],
                [ag.BleedThrough(intensity_range=(0.1, 0.4), alpha=0.15, p=1),
                 ag.Jpeg(quality_range=(40, 80), p=1)])
    if name == "ag_mark":  # a reader's highlighter or underlining, pen strokes
        return ([ag.Markup(num_lines_range=(2, 5),
                           markup_type=r.choice(["highlight", "underline"]), p=1),
                 ag.Scribbles(scribbles_type="lines", scribbles_count_range=(1, 3), p=1)],
                [], [ag.Jpeg(quality_range=(50, 85), p=1)])
    if name == "ag_fax":  # a fax: halftoned or thresholded to black and white
        return ([ag.LowInkRandomLines(count_range=(2, 5), p=0.5)], [],
                [ag.Faxify(scale_range=(1.0, 1.1), monochrome=1, halftone=0, p=1)])
    if name == "ag_print":  # a printer short of ink: hollow strokes, pale bands
        return ([ag.Letterpress(p=1), ag.LowInkPeriodicLines(count_range=(1, 3), p=1),
                 ag.InkMottling(p=0.7)], [], [ag.SubtleNoise(p=1)])
    raise ValueError(name)


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(prog="augraphy_pages.py")
    ap.add_argument("src", type=Path, help="a set of clean pages with its truth.json")
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profiles", default=",".join(PROFILES),
                    help=f"scenes taken in turn (default: all {len(PROFILES)})")
    a = ap.parse_args(argv)
    names = [n for n in a.profiles.split(",") if n]
    a.src, a.out = a.src.resolve(), a.out.resolve()
    # some effects keep a cache of drawn pages in the working folder ("augraphy_cache")
    os.chdir(tempfile.mkdtemp(prefix="augraphy_"))
    unknown = sorted(set(names) - set(PROFILES))
    if unknown:
        sys.exit(f"unknown scene(s) {', '.join(unknown)}; known: {', '.join(PROFILES)}")
    truth = json.loads((a.src / "truth.json").read_text("utf-8"))
    a.out.mkdir(parents=True, exist_ok=True)
    items = []
    for i, item in enumerate(truth["ocr"]):
        name = names[i % len(names)]
        # Augraphy draws from both global generators; each page has its own seed
        random.seed(a.seed * 1_000 + i)
        np.random.seed(a.seed * 1_000 + i)
        ink, paper, post = _phases(name, random.Random(a.seed * 7_001 + i))
        with Image.open(a.src / item["file"]) as img:
            bgr = cv2.cvtColor(np.asarray(img.convert("L")), cv2.COLOR_GRAY2BGR)
        out = ag.AugraphyPipeline(ink_phase=ink, paper_phase=paper, post_phase=post)(bgr)
        if out.ndim == 2:
            out = cv2.cvtColor(out, cv2.COLOR_GRAY2BGR)
        spread = int(np.ptp(out.astype(np.int16), axis=2).max())
        # a scene that drew no colour is saved grey, as a scanner's grey mode would
        picture = (Image.fromarray(cv2.cvtColor(out, cv2.COLOR_BGR2GRAY)) if spread < 8
                   else Image.fromarray(cv2.cvtColor(out, cv2.COLOR_BGR2RGB)))
        file = f"ocr_{i:03d}_{name}.png"
        picture.save(a.out / file, dpi=(item["dpi"], item["dpi"]))
        items.append({**item, "file": file, "cat": name})
        print(f"{file}: {picture.mode} {item['dpi']}dpi", file=sys.stderr)
    (a.out / "truth.json").write_text(
        json.dumps({"ocr": items, "inspect": []}, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
