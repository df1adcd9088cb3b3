"""Fixtures for the dossier/signing tests: a timestamp server on 127.0.0.1 and pages with known
text (the test PKI and its SoftHSM2 token are in ``tests/conftest.py``, shared with the UI tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dossier_pki import Pki, TimestampServer


@pytest.fixture(scope="session")
def tsa(pki: Pki) -> Iterator[TimestampServer]:
    server = TimestampServer(pki.ca)
    yield server
    server.close()


@pytest.fixture(scope="session")
def page_images(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    """Four 200-dpi PNG pages of Vietnamese text, with their true text (short pages: OCR time is
    what dominates this test set)."""
    from scanstation.testing import pages as synthetic

    root = tmp_path_factory.mktemp("pages")
    out = []
    for i, kind in enumerate(["sparse", "single_line", "sparse", "single_line"]):
        page = synthetic.render_page(kind, seed=70 + i, dpi=200)
        path = root / f"trang-{i + 1}.png"
        page.image.save(path, dpi=(200, 200))
        out.append((path, "\n".join(page.lines)))
    return out


@pytest.fixture(scope="session")
def plain_pdf(
    tmp_path_factory: pytest.TempPathFactory, page_images: list[tuple[Path, str]]
) -> Path:
    """A plain (not PDF/A) two-page PDF, for signing tests that do not need OCR."""
    from PIL import Image

    path = tmp_path_factory.mktemp("plain") / "plain.pdf"
    images = [Image.open(p).convert("RGB") for p, _ in page_images[:2]]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=200)
    return path


@pytest.fixture(scope="session")
def pdfa_pdf(
    tmp_path_factory: pytest.TempPathFactory, page_images: list[tuple[Path, str]]
) -> Path:
    """A real PDF/A-2b from the OCR stage."""
    from scanstation.ocr import pipeline as ocr

    path = tmp_path_factory.mktemp("pdfa") / "ban-sao.pdf"
    ocr.ocr_to_pdfa([page_images[0][0]], path, title="Bản sao", dossier_id="TEST-261123-0001",
                    jobs=1)
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private workspace with a configured agency code."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("SCANSTATION_HOME", str(home))
    monkeypatch.setenv("SCANSTATION_AGENCY_CODE", "000.00.53.H48")
    monkeypatch.delenv("SCANSTATION_PROCEDURES", raising=False)
    return home
