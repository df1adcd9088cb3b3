"""Cleanup benchmark: ScanStation's orientation and deskew beside Tesseract OSD (--psm 0),
Tesseract's deskew (--psm 2, what OCRmyPDF uses) and the ``deskew`` package, on the same
generated pages in one run.

    .venv/bin/python benchmarks/cleanup.py [--pages 64] [--seed 1]

Pages: Vietnamese administrative forms, letters, tables and sparse pages at 150–300 dpi, turned
0/90/180/270°, skewed ±0.3…15°, with blur, JPEG, shadow, punch holes, yellow paper, scanner
borders and phone-photo perspective. The skew methods are given the page with its quarter turn
already undone (as OCRmyPDF does: --rotate-pages first), so they are judged on skew alone.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from scanstation.stages.pipeline import inspect_image
from scanstation.testing.pages import SyntheticPage, degrade, render_page

PROFILES = (
    ("clean scan", {}),
    ("blur+jpeg", {"blur": 1.2, "jpeg_quality": 40}),
    ("shadow+punch+noise", {"shadow": True, "punch": True, "noise": 8}),
    ("yellow+border", {"yellow": True, "border": True, "jpeg_quality": 60}),
    ("photo", {"photo": True, "blur": 0.8, "jpeg_quality": 70}),
    ("photo, camera turned", {"photo": True, "rotate_sheet": True, "shadow": True}),
)
KINDS = ("form", "letter", "table", "sparse")


def make_pages(count: int, seed: int) -> list[tuple[str, SyntheticPage]]:
    rng = random.Random(seed)
    pages = []
    for i in range(count):
        name, profile = PROFILES[i % len(PROFILES)]
        kind = KINDS[(i // len(PROFILES)) % len(KINDS)]
        skew = rng.choice((-1, 1)) * rng.uniform(0.3, 15.0)
        page = render_page(kind, seed=seed * 1000 + i, dpi=rng.choice((150, 200, 300)))
        pages.append((name, degrade(page, quarter_turn=rng.choice((0, 90, 180, 270)),
                                    skew_deg=skew, seed=i, **profile)))
    return pages


def _png(img: Image.Image, folder: Path, name: str) -> Path:
    path = folder / name
    img.save(path)
    return path


def tesseract_osd(path: Path) -> int | None:
    proc = subprocess.run(["tesseract", str(path), "stdout", "--psm", "0", "-l", "osd"],
                          capture_output=True, text=True, env={"OMP_THREAD_LIMIT": "1",
                                                               "PATH": "/usr/bin:/bin"})
    match = re.search(r"Rotate:\s*(\d+)", proc.stdout + proc.stderr)
    return int(match.group(1)) % 360 if match else None


def tesseract_deskew(path: Path) -> float:
    proc = subprocess.run(["tesseract", str(path), "stdout", "--psm", "2", "-l", "vie"],
                          capture_output=True, text=True, env={"OMP_THREAD_LIMIT": "1",
                                                               "PATH": "/usr/bin:/bin"})
    match = re.search(r"Deskew angle:\s*(-?[\d.]+)", proc.stdout + proc.stderr)
    return -float(np.degrees(float(match.group(1)))) if match else 0.0


def deskew_package(img: Image.Image) -> float:
    from deskew import determine_skew

    angle = determine_skew(np.asarray(img.convert("L")))
    return -float(angle) if angle is not None else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=48)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pages = make_pages(args.pages, args.seed)
    rows: dict[str, dict[str, list[float]]] = {}

    def record(method: str, key: str, value: float) -> None:
        rows.setdefault(method, {}).setdefault(key, []).append(value)

    per_profile: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for index, (profile, page) in enumerate(pages):
            raw = _png(page.image, folder, f"p{index}.png")
            upright = page.image.rotate(-page.quarter_turn, expand=True)
            buf = io.BytesIO()
            upright.save(buf, format="PNG")
            upright_path = _png(upright, folder, f"u{index}.png")

            start = time.perf_counter()
            found = inspect_image(page.image)
            record("ScanStation", "ms", (time.perf_counter() - start) * 1000)
            record("ScanStation", "orient_ok", float(found.quarter_turn == page.quarter_turn))
            err = abs(found.skew_deg - page.skew_deg)
            record("ScanStation", "skew_err", err)
            per_profile.setdefault(profile, {}).setdefault("ScanStation", []).append(err)

            start = time.perf_counter()
            osd = tesseract_osd(raw)
            record("Tesseract OSD --psm 0", "ms", (time.perf_counter() - start) * 1000)
            record("Tesseract OSD --psm 0", "orient_ok", float(osd == page.quarter_turn))

            start = time.perf_counter()
            angle = tesseract_deskew(upright_path)
            record("Tesseract --psm 2", "ms", (time.perf_counter() - start) * 1000)
            err = abs(angle - page.skew_deg)
            record("Tesseract --psm 2", "skew_err", err)
            per_profile[profile].setdefault("Tesseract --psm 2", []).append(err)

            start = time.perf_counter()
            angle = deskew_package(upright)
            record("deskew package", "ms", (time.perf_counter() - start) * 1000)
            err = abs(angle - page.skew_deg)
            record("deskew package", "skew_err", err)
            per_profile[profile].setdefault("deskew package", []).append(err)

    def fmt(values: list[float] | None, kind: str) -> str:
        if not values:
            return "—"
        arr = np.array(values)
        if kind == "pct":
            return f"{100 * arr.mean():.1f} %"
        if kind == "within":
            return f"{100 * (arr <= 0.3).mean():.0f} %"
        if kind == "ms":
            return f"{np.median(arr):.0f}"
        return f"{arr.mean():.3f} / {arr.max():.2f}"

    print(f"\nCleanup benchmark — {len(pages)} generated pages (seed {args.seed})\n")
    print("| method | orientation right | skew MAE / max (°) | skew within 0.3° | ms/page (median) |")
    print("|---|---|---|---|---|")
    for method, data in rows.items():
        print(f"| {method} | {fmt(data.get('orient_ok'), 'pct')} | {fmt(data.get('skew_err'), 'mae')}"
              f" | {fmt(data.get('skew_err'), 'within')} | {fmt(data.get('ms'), 'ms')} |")
    print("\nSkew MAE / max by degradation (°)\n")
    methods = ["ScanStation", "Tesseract --psm 2", "deskew package"]
    print("| degradation | " + " | ".join(methods) + " |")
    print("|---|" + "---|" * len(methods))
    for profile, data in per_profile.items():
        print(f"| {profile} | " + " | ".join(fmt(data.get(m), 'mae') for m in methods) + " |")
    print("\nScanStation's ms/page covers orientation + deskew + blank detection together.")


if __name__ == "__main__":
    main()
