"""One input guard: damaged or hostile files give the bilingual "damaged file" error (or their
own cap's message) on every path, and a batch goes on past them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scanstation import imaging
from scanstation.errors import (
    CorruptFileError,
    FileTooManyPixelsError,
    ImageTooLargeError,
    TooManyPagesError,
)
from scanstation.testing import hostile


@pytest.fixture(scope="module")
def corpus() -> dict[str, bytes]:
    return hostile.seed_corpus()


def test_looping_page_tree_is_a_damaged_file() -> None:
    with pytest.raises(CorruptFileError) as info:
        imaging.probe(hostile.looping_pdf(), "loop.pdf")
    assert "loop.pdf" in info.value.message_vi and "damaged" in info.value.message_en


@pytest.mark.parametrize("name", ["page.png", "page.jpg", "pages.tif", "page.pdf"])
def test_truncated_files_are_damaged_on_probe_or_decode(corpus: dict[str, bytes], name: str) -> None:
    data = hostile.truncated(corpus[name], 0.5)
    with pytest.raises(CorruptFileError):
        media_type, frames = imaging.probe(data, name)
        for index, frame in enumerate(frames):
            imaging.decode_frame(data, media_type, index, frame.dpi, name)


def test_seed_corpus_itself_decodes(corpus: dict[str, bytes]) -> None:
    for name, data in corpus.items():
        media_type, frames = imaging.probe(data, name)
        assert frames, name
        img = imaging.decode_frame(data, media_type, len(frames) - 1, frames[-1].dpi, name)
        assert img.size[0] > 0


def test_two_thousand_page_tiff_is_refused_by_the_page_cap() -> None:
    with pytest.raises(TooManyPagesError) as info:
        imaging.probe(hostile.tiff_with_pages(2000), "big.tif")
    assert "2000" in info.value.message_en and str(imaging.MAX_PAGES) in info.value.message_vi


def test_ten_thousand_page_pdf_is_refused_for_its_pages_not_megapixels() -> None:
    with pytest.raises(TooManyPagesError) as info:
        imaging.probe(hostile.many_pages_pdf(10_000), "huge.pdf")
    assert "megapixel" not in info.value.message_en


def test_page_cap_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    data = hostile.tiff_with_pages(30)
    assert len(imaging.probe(data, "t.tif")[1]) == 30
    monkeypatch.setenv(imaging.PAGES_ENV, "20")
    with pytest.raises(TooManyPagesError):
        imaging.probe(data, "t.tif")


def test_total_pixel_cap_has_its_own_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(imaging.FILE_MEGAPIXELS_ENV, "0.0003")  # 300 pixels
    with pytest.raises(FileTooManyPixelsError) as info:
        imaging.probe(hostile.tiff_with_pages(30, size=4), "t.tif")  # 480 pixels
    assert "in all" in info.value.message_en


def test_huge_dimension_header_is_refused_before_allocation() -> None:
    with pytest.raises(ImageTooLargeError):
        imaging.probe(hostile.png_header_only(100_000, 100_000), "bomb.png")


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scanstation", *args], capture_output=True, text=True,
        encoding="utf-8", timeout=300,
        env={**os.environ, "SCANSTATION_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.fixture
def batch(tmp_path: Path, corpus: dict[str, bytes]) -> list[Path]:
    files = {
        "loop.pdf": hostile.looping_pdf(),
        "cut.png": hostile.truncated(corpus["page.png"]),
        "cut.jpg": hostile.truncated(corpus["page.jpg"], 0.3),
        "big.tif": hostile.tiff_with_pages(2000),
        "good.png": corpus["page.png"],
    }
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.mark.parametrize("command", ["import", "inspect", "clean", "idcard"])
def test_every_command_goes_on_past_hostile_files(
    command: str, batch: list[Path], tmp_path: Path
) -> None:
    extra = ["-o", str(tmp_path / "out")] if command == "clean" else []
    proc = _cli(command, *extra, *map(str, batch), home=tmp_path / "home")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 3, (proc.stdout, proc.stderr)
    if command == "idcard":
        # the good page has no QR; the hostile ones are unreadable, each on its own line
        assert proc.stdout.count("\n") == len(batch)
        assert proc.stdout.splitlines()[-1].startswith(str(batch[-1]))
        return
    assert "loop.pdf: Tệp loop.pdf bị hỏng" in proc.stderr
    assert "File loop.pdf is damaged" in proc.stderr
    assert "big.tif has 2000 pages" in proc.stderr
    assert "good.png" in proc.stdout  # the file after the bad ones was processed


def test_ocr_refuses_a_damaged_input_without_traceback(batch: list[Path], tmp_path: Path) -> None:
    proc = _cli("ocr", "-o", str(tmp_path / "out.pdf"), str(batch[0]), home=tmp_path / "home")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 3
    assert "loop.pdf" in proc.stderr and "damaged" in proc.stderr


def test_control_characters_in_a_file_name_never_reach_the_terminal(
    tmp_path: Path, corpus: dict[str, bytes]
) -> None:
    path = tmp_path / "a\nb\x1b]0;pwned\x07.png"
    path.write_bytes(hostile.truncated(corpus["page.png"]))
    proc = _cli("inspect", str(path), home=tmp_path / "home")
    assert proc.returncode == 3
    assert "\x1b" not in proc.stderr + proc.stdout and "\x07" not in proc.stderr
    assert "a\\nb\\x1b]0;pwned\\x07.png" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 2  # vi + en, not split by the name
