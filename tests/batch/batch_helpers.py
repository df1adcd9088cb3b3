"""Generated boxes of archive pages with known truth: content pages, separator sheets of each
kind, and planted faults (blank, upside-down, double feed, a missed separator)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from scanstation.batch.separators import sheet_image
from scanstation.testing.pages import render_page

DPI = 100
KINDS = ("sparse", "single_line", "letter")


@dataclass
class Box:
    folder: Path
    files: list[str] = field(default_factory=list)  # in feed order
    # the expected documents: list of page file names (separator sheets excluded)
    documents: list[list[str]] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def content_page(seed: int, kind: str | None = None) -> Image.Image:
    img = render_page(kind or KINDS[seed % len(KINDS)], seed=seed, dpi=DPI).image
    img.info["dpi"] = (DPI, DPI)
    return img


def _save(box: Box, img: Image.Image) -> str:
    name = f"p{len(box.files) + 1:04d}.png"
    img.save(box.folder / name, dpi=(DPI, DPI))
    box.files.append(name)
    return name


def make_box(folder: Path, plan: list[tuple[str, ...]]) -> Box:
    """``plan`` items: ("page", seed) · ("sheet", kind, value) · ("blank",) · ("upside", seed)
    · ("double",) — the previous page fed again · ("corrupt",) — a truncated file.
    A sheet starts a new expected document."""
    folder.mkdir(parents=True, exist_ok=True)
    box = Box(folder)
    current: list[str] = []
    last: Image.Image | None = None
    for item in plan:
        what = item[0]
        if what == "sheet":
            if current:
                box.documents.append(current)
                current = []
            box.sheets.append(_save(box, sheet_image(item[1], item[2] if len(item) > 2 else "", DPI)))
            continue
        if what == "corrupt":  # a file cut short by a full disk on the scanning PC
            _save(box, content_page(0))
            path = box.folder / box.files[-1]
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
            box.unreadable.append(box.files[-1])
            continue
        if what == "page":
            last = content_page(int(item[1]))
            img = last
        elif what == "upside":
            last = content_page(int(item[1]))
            img = last.rotate(180)
        elif what == "blank":
            img = Image.new("L", content_page(0).size, 255)
        elif what == "double":
            assert last is not None
            img = last
        else:
            raise ValueError(what)
        current.append(_save(box, img))
    if current:
        box.documents.append(current)
    return box


SCANSTATION = [sys.executable, "-m", "scanstation"]


def cli_env(home: Path) -> dict[str, str]:
    return {**os.environ, "SCANSTATION_HOME": str(home), "OMP_THREAD_LIMIT": "1"}


def cli(*args: str, home: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*SCANSTATION, *args], capture_output=True, text=True,
                          env=cli_env(home), timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def read_index(outdir: Path) -> list[dict[str, Any]]:
    return json.loads((outdir / "index.json").read_text("utf-8"))


def documents_as_names(index: list[dict[str, Any]]) -> list[list[str]]:
    return [[Path(p["source"]).name for p in doc["pages"]] for doc in index]
