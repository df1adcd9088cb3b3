"""Fixtures for the OCR / PDF/A tests: one real OCR run over generated pages, shared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import ocr_helpers as H

SCANSTATION = Path(sys.executable).parent / "scanstation"

# a handful of pages per degradation (the big run is benchmarks/ocr.py)
QUALITY_SET = {"clean": 2, "skewed": 2, "rotated": 2, "photo": 2}


@dataclass
class OcrRun:
    cases: list[H.Case]
    pdf: Path
    sidecar: Path
    summary: dict
    pages_text: list[str]


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    return subprocess.run([str(SCANSTATION), *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.fixture(scope="session")
def ocr_run(tmp_path_factory: pytest.TempPathFactory) -> OcrRun:
    """``scanstation ocr`` once over generated pages of every quality category."""
    folder = tmp_path_factory.mktemp("ocr-run")
    cases = [H.make_case(category, index) for category, count in QUALITY_SET.items()
             for index in range(count)]
    paths = []
    for case in cases:
        dpi = case.image.info.get("dpi", (300, 300))
        suffix = "jpg" if case.category == "photo" else "png"
        path = folder / f"{case.name}.{suffix}"
        case.image.save(path, dpi=dpi, **({"quality": 92} if suffix == "jpg" else {}))
        paths.append(str(path))
    pdf, sidecar = folder / "out.pdf", folder / "out.txt"
    proc = run_cli("ocr", *paths, "-o", str(pdf), "--sidecar", str(sidecar), "--jobs", "2",
                   "--json", "--title", "Hồ sơ thử nghiệm", "--dossier-id", "H26.99-251123-0001")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    text = sidecar.read_text(encoding="utf-8")
    return OcrRun(cases, pdf, sidecar, summary, text.rstrip("\n").split("\f"))
