"""Batch fixtures: generated boxes with known truth (batch_helpers.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch_helpers import Box, make_box


@pytest.fixture(scope="module")
def faulty_box(tmp_path_factory: pytest.TempPathFactory) -> Box:
    """Separator sheets of every kind and planted faults: a blank page, an upside-down page, a
    double feed, and a missed separator (HS-1975-013's sheet was never put in the box)."""
    return make_box(tmp_path_factory.mktemp("box") / "box", [
        ("page", 1), ("corrupt",), ("page", 2),
        ("sheet", "patcht"), ("page", 3), ("blank",),
        ("sheet", "code128", "HS-1975-012"), ("page", 4), ("double",),
        ("sheet", "qr", "HS-1975-014"), ("upside", 5),
        ("sheet", "code39", "HS-1975-015"), ("page", 6),
    ])
