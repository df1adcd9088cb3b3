"""SANE capture against the real SANE ``test`` backend, through the real worker process.

The backend is enabled through the private SANE_CONFIG_DIR the app writes (Debian ships it
commented out in /etc/sane.d/dll.conf). Slow scans use its read-delay options; crashes are real
SIGKILLs of the worker.
"""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scanstation.capture.base import RecordingEvents, ScanOptions, commit_pages
from scanstation.capture.profiles import ProfileStore
from scanstation.capture.sane import SaneSource
from scanstation.capture.sane_config import private_config_dir, system_backends
from scanstation.errors import (
    Cancelled,
    CoverOpenError,
    DeviceBusyError,
    DeviceNotFoundError,
    DeviceTimeoutError,
    DriverCrashedError,
    FeederEmptyError,
    PaperJamError,
)
from scanstation.workspace import Workspace

SLOW = {"read_delay": True, "read_delay_duration": 200000}  # ~17 s for a 300-dpi page
MM = 200.0  # the test backend's full scan area is 200 × 200 mm


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie still answers kill(0): look at its state
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_private_config_enables_the_test_backend(home: Path) -> None:
    test_only = Path(private_config_dir(home, test_only=True))
    assert (test_only / "dll.conf").read_text().split()[-1] == "test"
    system = private_config_dir(home, test_only=False)
    assert system.endswith(":")  # SANE's default folders are still searched
    dll = Path(system.rstrip(":")) / "dll.conf"
    names = [line for line in dll.read_text().splitlines() if not line.startswith("#")]
    assert names[-1] == "test" and names[:-1] == system_backends()
    devices = SaneSource(home).list_devices(like="test:0")
    assert [d.name for d in devices] == ["test:0", "test:1"]
    assert devices[0].vendor == "Noname"


def test_capabilities_in_our_words(home: Path) -> None:
    caps = SaneSource(home).capabilities("test:0")
    assert caps.sources == ("flatbed", "adf")
    assert set(caps.modes) == {"gray", "color", "lineart"}
    assert caps.resolution_range == (1, 1200)
    assert caps.max_width_mm == pytest.approx(MM)


def test_flatbed_page_is_deterministic_and_committed(workspace: Workspace) -> None:
    source = SaneSource(workspace.home)
    options = ScanOptions("test:0", resolution=100, extra={"test_picture": "Grid"})
    events = RecordingEvents()
    committed = commit_pages(workspace, source.scan(options, events=events), batch="b1")
    assert len(committed) == 1
    page = committed[0].captured
    side = round(MM / 25.4 * 100)
    assert (page.width, page.height, page.dpi) == (side, side, 100.0)
    img = np.asarray(Image.open(io.BytesIO(page.data)).convert("L"))
    # The Grid picture: 10 mm black/white squares → half the pixels dark, and the square edges
    # repeat every 10 mm (39.4 px at 100 dpi).
    assert 0.45 < (img < 128).mean() < 0.55
    row = (img[side // 2] < 128).astype(int)
    flips = np.flatnonzero(np.diff(row))
    assert np.median(np.diff(flips)) == pytest.approx(100 / 25.4 * 10, abs=1.0)
    again = list(source.scan(options))
    assert again[0].data == page.data  # same options, same bytes
    stored = workspace.pages("b1")
    assert [p.id for p in stored] == [committed[0].page.id]
    assert workspace.original_bytes(stored[0].original_sha256) == page.data
    assert events.log[0] == ("page_start", 0) and events.log[-1] == ("page_progress", 0, 1.0)


@pytest.mark.parametrize(("mode", "pil_mode"), [("color", "RGB"), ("lineart", "1")])
def test_colour_and_lineart_modes(home: Path, mode: str, pil_mode: str) -> None:
    options = ScanOptions("test:0", resolution=50, mode=mode,  # type: ignore[arg-type]
                          extra={"test_picture": "Color pattern"})
    page = next(iter(SaneSource(home).scan(options)))
    img = Image.open(io.BytesIO(page.data))
    assert img.mode == pil_mode
    if mode == "color":
        arr = np.asarray(img).astype(int)
        assert np.abs(arr[..., 0] - arr[..., 1]).max() > 100  # really coloured


def test_adf_until_feeder_empty_and_page_limit(home: Path) -> None:
    source = SaneSource(home)
    events = RecordingEvents()
    pages = list(source.scan(ScanOptions("test:0", source="adf", resolution=50), events=events))
    assert [p.index for p in pages] == list(range(10))  # the test feeder holds 10 sheets
    assert ("notice", "feeder empty") in events.log
    three = list(source.scan(ScanOptions("test:0", source="adf", resolution=50, pages=3)))
    assert len(three) == 3


def test_duplex_not_offered_is_a_clear_error(home: Path) -> None:
    from scanstation.capture.base import OptionNotOfferedError

    with pytest.raises(OptionNotOfferedError) as info:
        list(SaneSource(home).scan(ScanOptions("test:0", source="duplex")))
    assert "duplex" in info.value.message_en and "adf" in info.value.message_en
    assert "không hỗ trợ nguồn giấy" in info.value.message_vi


def test_cancel_mid_page_stops_the_read(workspace: Workspace) -> None:
    source = SaneSource(workspace.home)
    pids: list[int] = []
    source.on_worker_started.append(pids.append)
    cancel = threading.Event()
    started = threading.Event()
    set_at: list[float] = []

    class Watch(RecordingEvents):
        def page_progress(self, index: int, fraction: float) -> None:
            super().page_progress(index, fraction)
            if fraction > 0.02:
                started.set()

    def cancel_when_reading() -> None:
        if started.wait(20):
            set_at.append(time.monotonic())
            cancel.set()

    watch = Watch()
    timer = threading.Thread(target=cancel_when_reading)
    timer.start()
    options = ScanOptions("test:0", resolution=300, extra=SLOW)
    with pytest.raises(Cancelled):
        commit_pages(workspace, source.scan(options, cancel, watch))
    timer.join()
    assert set_at, "the slow scan never reported progress"
    fractions = [e[2] for e in watch.log if e[0] == "page_progress"]
    assert max(fractions) < 0.9  # it was really cancelled mid-page
    assert workspace.pages() == []  # the partial page is not committed
    assert pids and not _alive(pids[0])


def test_cancel_while_reading_yields_no_page_and_stops_the_worker(home: Path) -> None:
    source = SaneSource(home)
    pids: list[int] = []
    source.on_worker_started.append(pids.append)
    cancel = threading.Event()

    class CancelWhenReading(RecordingEvents):
        def page_progress(self, index: int, fraction: float) -> None:
            super().page_progress(index, fraction)
            if fraction > 0.0:
                cancel.set()

    pages: list[object] = []
    with pytest.raises(Cancelled):
        for page in source.scan(ScanOptions("test:0", resolution=300, extra=SLOW), cancel,
                                CancelWhenReading()):
            pages.append(page)
    assert pages == []  # the half-read page never comes out (latency: benchmarks/capture.py)
    assert pids and not _alive(pids[0])


def test_worker_killed_mid_scan_keeps_committed_pages_only(workspace: Workspace) -> None:
    source = SaneSource(workspace.home)
    pids: list[int] = []
    source.on_worker_started.append(pids.append)
    # Each ADF page takes ~0.8 s (read delay); the kill lands once page 2 is being read.
    options = ScanOptions("test:0", source="adf", resolution=50,
                          extra={"read_delay": True, "read_delay_duration": 30000})
    killed = threading.Event()

    class KillDuringPageTwo(RecordingEvents):
        def page_progress(self, index: int, fraction: float) -> None:
            super().page_progress(index, fraction)
            if index == 1 and fraction > 0.0 and not killed.is_set():
                os.kill(pids[-1], 9)
                killed.set()

    with pytest.raises(DriverCrashedError) as info:
        commit_pages(workspace, source.scan(options, None, KillDuringPageTwo()))
    assert info.value.message_vi.startswith("Trình điều khiển máy quét bị dừng")
    assert killed.is_set()
    pages = workspace.pages()
    assert len(pages) == 1  # page 1 kept, the half-read page 2 never committed
    assert not list(workspace.originals_dir.rglob(".tmp*"))
    # The app lives on: the next scan works.
    again = list(source.scan(ScanOptions("test:0", resolution=50)))
    assert len(again) == 1


def test_hung_driver_becomes_a_timeout(home: Path) -> None:
    source = SaneSource(home, timeout=1.5)
    pids: list[int] = []
    source.on_worker_started.append(pids.append)

    class FreezeWorker(RecordingEvents):
        """A driver stuck inside sane_read: freeze the worker (SIGSTOP) once it reads."""

        frozen = False

        def page_progress(self, index: int, fraction: float) -> None:
            if fraction > 0.0 and not self.frozen:
                os.kill(pids[-1], signal.SIGSTOP)
                self.frozen = True
            super().page_progress(index, fraction)

    options = ScanOptions("test:0", resolution=300, extra=SLOW)
    with pytest.raises(DeviceTimeoutError) as info:
        list(source.scan(options, events=FreezeWorker()))
    assert "1.5" in info.value.message_en or "2 s" in info.value.message_en
    assert not _alive(pids[0])


def test_a_silent_worker_says_where_it_was_before_it_is_killed(
        home: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A timeout seen once in many runs must be explainable from the log: the worker dumps its
    threads' stacks (faulthandler on SIGUSR1) before the kill. Here it is alive and reading, with
    a timeout shortened below its progress interval once the page is under way."""
    source = SaneSource(home)
    pids: list[int] = []
    source.on_worker_started.append(pids.append)

    class ShortenTimeout(RecordingEvents):
        def page_progress(self, index: int, fraction: float) -> None:
            source.timeout = 0.1  # progress comes every ≥ 0.2 s: the next gap is a "timeout"
            super().page_progress(index, fraction)

    options = ScanOptions("test:0", resolution=300, extra=SLOW)
    with caplog.at_level(logging.WARNING, logger="scanstation.capture.sane"), \
            pytest.raises(DeviceTimeoutError):
        list(source.scan(options, events=ShortenTimeout()))
    assert not _alive(pids[0])
    dumped = " ".join(r.getMessage() for r in caplog.records)
    assert "silent" in dumped and "last event progress" in dumped
    assert "in snap" in dumped and "sane_worker.py" in dumped, dumped


@pytest.mark.parametrize(("status", "error"), [
    ("SANE_STATUS_JAMMED", PaperJamError),
    ("SANE_STATUS_NO_DOCS", FeederEmptyError),
    ("SANE_STATUS_COVER_OPEN", CoverOpenError),
    ("SANE_STATUS_DEVICE_BUSY", DeviceBusyError),
])
def test_sane_statuses_map_to_typed_errors(home: Path, status: str, error: type) -> None:
    options = ScanOptions("test:0", resolution=50, extra={"read_return_value": status})
    with pytest.raises(error) as info:
        list(SaneSource(home).scan(options))
    assert info.value.message_vi and info.value.message_en
    assert info.value.message_vi != info.value.message_en


def test_unknown_device_is_not_found(home: Path) -> None:
    with pytest.raises(DeviceNotFoundError):
        list(SaneSource(home).scan(ScanOptions("test:9")))


def test_profile_remembered_and_recovered_when_path_rejected(home: Path) -> None:
    source = SaneSource(home)
    list(source.scan(ScanOptions("test:1", source="adf", resolution=60, pages=1)))
    store = ProfileStore(home)
    saved = store.get("test:1")
    assert saved is not None
    assert saved["options"] == {"source": "adf", "mode": "gray", "resolution": 60}
    assert (saved["vendor"], saved["model"]) == ("Noname", "frontend-tester")
    # The scanner comes back under another path (USB bus renumbered): move the profile there.
    data = json.loads(store.path.read_text())
    data["devices"] = {"test:7": data["devices"].pop("test:1")}
    store.path.write_text(json.dumps(data))
    events = RecordingEvents()
    pages = list(source.scan(ScanOptions("test:7", resolution=60), events=events))
    assert len(pages) == 1
    assert source.last_device == "test:0"  # the first device with the same vendor + model
    assert any(e[0] == "notice" and "test:0" in e[1] for e in events.log)
    assert store.get("test:7") is None and store.get("test:0") is not None


def _cli(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SCANSTATION_HOME=str(home))
    exe = str(Path(sys.executable).with_name("scanstation"))
    return subprocess.run([exe, *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_cli_scan_writes_pages_and_commits_them(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _cli(home, "scan", "--device", "test:0", "--source", "adf", "--pages", "2",
                "--resolution", "100", "--mode", "gray", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(line["file"]).name for line in lines] == ["page-0001.png", "page-0002.png"]
    for line in lines:
        with Image.open(line["file"]) as img:
            assert img.size == (787, 787)
            assert round(img.info["dpi"][0]) == 100
    assert "100%" in proc.stderr  # progress goes to stderr
    with Workspace(home) as ws:
        assert [p.id for p in ws.pages()] == [line["page_id"] for line in lines]
    # Remembered options: no --resolution this time, and numbering continues.
    proc = _cli(home, "scan", "--device", "test:0", "--pages", "1", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    again = json.loads(proc.stdout.splitlines()[0])
    assert again["dpi"] == 100.0 and Path(again["file"]).name == "page-0003.png"


def test_cli_scan_errors_are_bilingual_with_exit_codes(home: Path, tmp_path: Path) -> None:
    proc = _cli(home, "scan", "--device", "test:9", "-o", str(tmp_path / "o"))
    assert proc.returncode == 5
    assert "Không tìm thấy máy quét" in proc.stderr and "not found" in proc.stderr
    proc = _cli(home, "scan", "--device", "test:0", "--mode", "sepia", "-o", str(tmp_path))
    assert proc.returncode == 2


def test_cli_ctrl_c_cancels_the_scan(home: Path, tmp_path: Path) -> None:
    exe = str(Path(sys.executable).with_name("scanstation"))
    env = dict(os.environ, SCANSTATION_HOME=str(home))
    out = tmp_path / "out"
    proc = subprocess.Popen([exe, "scan", "--device", "test:0", "--option", "read-delay=yes",
                             "--option", "read_delay_duration=200000", "-o", str(out)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    for line in proc.stderr:  # wait until the page is being read
        if "%" in line:
            break
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)  # a hang guard; the latency is a benchmark
    assert proc.returncode == 130
    assert "Đã hủy" in stderr and "Cancelled" in stderr
    assert stdout == "" and not list(out.glob("page-*"))
    with Workspace(home) as ws:
        assert ws.pages() == []


def test_scan_area_defaults_to_a4_when_the_bed_holds_it() -> None:
    from scanstation.capture.sane_worker import scan_area

    assert scan_area(0, 0, 215.9, 355.6) == (210.0, 297.0)  # a legal-size bed: A4, not border
    assert scan_area(0, 0, 200.0, 200.0) == (200.0, 200.0)  # smaller than A4: the full bed
    assert scan_area(100, 150, 215.9, 355.6) == (100, 150)  # asked-for sizes win


@pytest.mark.parametrize("bed_mm, page_mm", [(200.0, (200.0, 200.0)), (300.0, (210.0, 297.0))],
                         ids=["bed-200mm-full-bed", "bed-300mm-a4"])
def test_user_sane_config_dir_is_honoured(home: Path, tmp_path: Path, bed_mm: float,
                                          page_mm: tuple[float, float]) -> None:
    """An administrator's SANE_CONFIG_DIR is used as it is (here: a test backend whose picture
    is solid black); the private config draws a colour pattern. The test backend's bed is set by
    its ``geometry_max``: Debian's default 200 mm is smaller than A4 (the full bed is scanned);
    a 300 mm bed holds A4, which is what a scan then gets by default (issue 15's check)."""
    config = tmp_path / "sane.d"
    config.mkdir()
    (config / "dll.conf").write_text("test\n")
    (config / "test.conf").write_text('number_of_devices 2\ntest-picture "Solid black"\n'
                                      f"geometry_max {bed_mm}\nbr_x 80.0\nbr_y 100.0\n")
    env = dict(os.environ, SCANSTATION_HOME=str(home), SANE_CONFIG_DIR=str(config))
    exe = str(Path(sys.executable).with_name("scanstation"))
    out = tmp_path / "out"
    proc = subprocess.run([exe, "scan", "--device", "test:0", "--source", "adf", "--pages", "3",
                           "--resolution", "150", "-o", str(out)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(lines) == 3
    for line in lines:
        with Image.open(line["file"]) as img:
            width_mm, height_mm = (n / 150 * 25.4 for n in img.size)
            assert abs(width_mm - page_mm[0]) < 1 and abs(height_mm - page_mm[1]) < 1, img.size
            assert img.convert("L").getextrema() == (0, 0)  # the user's solid black picture
    assert not (home / "sane.d").exists()  # the private config was not even written
    default = _cli(home, "scan", "--device", "test:0", "--pages", "1", "-o", str(tmp_path / "o2"))
    assert default.returncode == 0, default.stderr
    with Image.open(json.loads(default.stdout.splitlines()[0])["file"]) as img:
        assert img.convert("L").getextrema() != (0, 0)  # the private config's colour pattern


def test_colour_test_pattern_cleans_without_asking_tesseract(home: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """SANE's colour test pattern (thousands of 2-pixel specks, no text) gets its orientation
    from the line shapes alone: Tesseract's layout analysis spent 20–58 s on it a reading, past
    any time cap. Real text still goes to Tesseract when its lines are unclear (the cleanup
    quality tests in tests/test_core_stages.py)."""
    from scanstation.stages import orient
    from scanstation.stages.pipeline import clean_image

    options = ScanOptions("test:0", resolution=300, mode="color",
                          extra={"test_picture": "Color pattern"})
    page = next(iter(SaneSource(home).scan(options)))
    image = Image.open(io.BytesIO(page.data))
    assert image.mode == "RGB" and min(image.size) >= 2000
    asked: list[tuple[int, ...]] = []
    real = orient._ocr_confidence
    monkeypatch.setattr(orient, "_ocr_confidence",
                        lambda strip: asked.append(strip.shape) or real(strip))
    started = time.perf_counter()
    result = clean_image(image)
    seconds = time.perf_counter() - started
    assert not asked, f"Tesseract read {len(asked)} strips of the test pattern"
    assert result.image.size[0] > 0
    assert seconds < 20, seconds  # 57 s before; ~1 s now
