"""The eSCL client against the eSCL simulator (a real HTTP server on 127.0.0.1)."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from escl_simulator import EsclSimulator, SimulatorState
from PIL import Image

from scanstation.capture.base import (
    OptionNotOfferedError,
    RecordingEvents,
    ScanOptions,
    commit_pages,
)
from scanstation.capture.escl import EsclSource, configured_devices
from scanstation.errors import (
    Cancelled,
    DeviceBusyError,
    DeviceNotFoundError,
    FeederEmptyError,
    PaperJamError,
)
from scanstation.workspace import Workspace


def bars(data: bytes) -> int:
    """How many black bars the simulator drew (= the page number)."""
    img = np.asarray(Image.open(io.BytesIO(data)).convert("L"))
    row = img[img.shape[0] * 3 // 8] < 128
    return int(np.count_nonzero(np.diff(row.astype(int)) == 1) + row[0])


def test_capabilities_parsed() -> None:
    with EsclSimulator() as sim:
        caps = EsclSource().capabilities(sim.device)
    assert caps.sources == ("flatbed", "adf", "duplex")
    assert caps.resolutions == (75, 150, 300)
    assert set(caps.modes) == {"gray", "color", "lineart"}
    assert caps.max_width_mm == pytest.approx(2550 / 300 * 25.4)
    assert caps.max_height_mm == pytest.approx(297.0, abs=0.1)


def test_flatbed_page_committed(workspace: Workspace) -> None:
    with EsclSimulator() as sim:
        options = ScanOptions(sim.device, resolution=75, mode="gray", width_mm=210,
                              height_mm=297)
        committed = commit_pages(workspace, EsclSource().scan(options), batch="e")
        methods = [m for m, _ in sim.state.requests]
    assert len(committed) == 1
    page = committed[0].captured
    assert page.media_type == "image/png"
    assert (page.width, page.height) == (round(210 / 25.4 * 75), round(297 / 25.4 * 75))
    assert bars(page.data) == 1
    assert workspace.pages("e")[0].id == committed[0].page.id
    assert methods.count("POST") == 1 and "DELETE" not in methods


def test_adf_duplex_until_404_in_order() -> None:
    with EsclSimulator(SimulatorState(feeder_sheets=3)) as sim:
        events = RecordingEvents()
        pages = list(EsclSource().scan(ScanOptions(sim.device, source="duplex", resolution=75,
                                                   width_mm=100, height_mm=100), events=events))
        deleted = [p for m, p in sim.state.requests if m == "DELETE"]
    assert [bars(p.data) for p in pages] == [1, 2, 3, 4, 5, 6]
    assert ("notice", "feeder empty") in events.log
    assert deleted == []  # a finished job needs no DELETE


def test_page_limit_deletes_the_job() -> None:
    with EsclSimulator(SimulatorState(feeder_sheets=5)) as sim:
        pages = list(EsclSource().scan(ScanOptions(sim.device, source="adf", resolution=75,
                                                   pages=2, width_mm=50, height_mm=50)))
        deleted = [p for m, p in sim.state.requests if m == "DELETE"]
    assert len(pages) == 2
    assert len(deleted) == 1


def test_cancel_during_a_slow_page_stops_mid_page() -> None:
    with EsclSimulator(SimulatorState(page_delay=60.0)) as sim:
        cancel = threading.Event()

        def when_the_page_is_asked_for() -> None:
            while not any(p.endswith("NextDocument") for _, p in list(sim.state.requests)):
                time.sleep(0.01)
            cancel.set()

        threading.Thread(target=when_the_page_is_asked_for, daemon=True).start()
        with pytest.raises(Cancelled):
            list(EsclSource().scan(ScanOptions(sim.device, resolution=75), cancel))
        # cancelled inside the 60 s page, not after it: the scanner never finished a page,
        # and the job was deleted to free the scanner (the latency is in benchmarks/capture.py)
        assert all(job.served == 0 for job in sim.state.jobs.values())
        assert any(m == "DELETE" for m, _ in sim.state.requests)


def test_busy_scanner_is_retried() -> None:
    with EsclSimulator(SimulatorState(busy_posts=2)) as sim:
        pages = list(EsclSource(busy_retry=0.05).scan(
            ScanOptions(sim.device, resolution=75, width_mm=50, height_mm=50)))
        posts = [m for m, _ in sim.state.requests if m == "POST"]
    assert len(pages) == 1 and len(posts) == 3


def test_busy_for_too_long_is_device_busy() -> None:
    with EsclSimulator(SimulatorState(busy_posts=1000)) as sim, pytest.raises(DeviceBusyError):
        list(EsclSource(timeout=0.5, busy_retry=0.05).scan(ScanOptions(sim.device,
                                                                       resolution=75)))


def test_jam_and_empty_feeder_are_typed() -> None:
    with EsclSimulator(SimulatorState(feeder_sheets=3, jam_after=1)) as sim:
        got: list[int] = []
        with pytest.raises(PaperJamError):
            for page in EsclSource().scan(ScanOptions(sim.device, source="adf", resolution=75,
                                                      width_mm=50, height_mm=50)):
                got.append(bars(page.data))
        assert got == [1]  # the page before the jam arrived
    with EsclSimulator(SimulatorState(feeder_sheets=0)) as sim, pytest.raises(FeederEmptyError):
        list(EsclSource().scan(ScanOptions(sim.device, source="adf", resolution=75)))


def test_unsupported_option_and_unreachable_scanner() -> None:
    with EsclSimulator() as sim, pytest.raises(OptionNotOfferedError) as info:
        list(EsclSource().scan(ScanOptions(sim.device, resolution=600)))
    assert "600" in info.value.message_en and "300" in info.value.message_en
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DeviceNotFoundError):
        list(EsclSource(connect_timeout=1.0).scan(
            ScanOptions(f"escl:http://127.0.0.1:{port}/eSCL")))


def test_configured_devices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCANSTATION_ESCL", "http://10.0.0.5/eSCL, escl:http://10.0.0.6/eSCL")
    (tmp_path / "capture").mkdir()
    (tmp_path / "capture" / "escl.json").write_text(
        json.dumps({"devices": ["http://10.0.0.7:8080/eSCL", "escl:http://10.0.0.5/eSCL"]}))
    assert configured_devices(tmp_path) == [
        "escl:http://10.0.0.5/eSCL", "escl:http://10.0.0.6/eSCL", "escl:http://10.0.0.7:8080/eSCL"]


def test_cli_scan_and_devices_with_escl(home: Path, tmp_path: Path) -> None:
    exe = str(Path(sys.executable).with_name("scanstation"))
    with EsclSimulator(SimulatorState(feeder_sheets=2)) as sim:
        env = dict(os.environ, SCANSTATION_HOME=str(home), SCANSTATION_ESCL=sim.device)
        out = tmp_path / "out"
        proc = subprocess.run([exe, "scan", "--device", sim.device, "--source", "adf",
                               "--resolution", "75", "--mode", "color", "-o", str(out)],
                              env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        lines = [json.loads(line) for line in proc.stdout.splitlines()]
        assert [Path(line["file"]).name for line in lines] == ["page-0001.png", "page-0002.png"]
        with Image.open(lines[1]["file"]) as img:
            assert img.mode == "RGB"
        proc = subprocess.run([exe, "devices"], env=env, capture_output=True, text=True,
                              timeout=60)
        assert proc.returncode == 0, proc.stderr
        listed = [json.loads(line) for line in proc.stdout.splitlines()]
        escl = [d for d in listed if d["backend"] == "escl"]
        assert escl == [{"device": sim.device, "vendor": "eSCL",
                         "model": "ScanStation eSCL Simulator", "type": "network scanner",
                         "backend": "escl"}]
        assert any(d["device"] == "test:0" for d in listed)
