"""Capture commands: ``devices``, ``scan``, ``camera``, ``watch`` (issue 6).

Pages go to stdout as JSON lines (one per page, as soon as it is stored), progress and messages
to stderr. Every page is committed to the workspace (``SCANSTATION_HOME``) page by page and also
written to the output folder. Ctrl-C cancels cleanly (the scanner is told to stop).
"""

from __future__ import annotations

import contextlib
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from .. import vault
from ._common import emit_json, guarded, report_error

if TYPE_CHECKING:
    from ..capture.base import CommittedPage


class _StderrProgress:
    """Progress on stderr, at most a few lines a second."""

    def __init__(self) -> None:
        self._last = 0.0

    def page_start(self, index: int) -> None:
        sys.stderr.write(f"Trang / page {index + 1}: bắt đầu / started\n")
        sys.stderr.flush()

    def page_progress(self, index: int, fraction: float) -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - self._last < 0.5:
            return
        self._last = now
        sys.stderr.write(f"Trang / page {index + 1}: {fraction * 100:.0f}%\n")
        sys.stderr.flush()

    def notice(self, message: str) -> None:
        sys.stderr.write(f"{message}\n")
        sys.stderr.flush()


@contextlib.contextmanager
def _cancel_on_sigint() -> Iterator[threading.Event]:
    """Ctrl-C sets the cancel token instead of tearing the process down mid-page."""
    cancel = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield cancel
        return
    previous = signal.getsignal(signal.SIGINT)

    def handler(signum: int, frame: Any) -> None:
        if cancel.is_set():  # second Ctrl-C: give up at once
            signal.signal(signal.SIGINT, previous)
            raise KeyboardInterrupt
        cancel.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    try:
        yield cancel
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _next_number(out_dir: Path, prefix: str) -> int:
    """The first free page number in ``out_dir``: never overwrite an earlier scan."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)\.\w+$")
    numbers = [int(m.group(1)) for p in out_dir.iterdir() if (m := pattern.match(p.name))]
    return max(numbers, default=0) + 1


def _write_out(out_dir: Path, prefix: str, number: int, data: bytes, suffix: str) -> Path:
    from .. import fsio

    target = out_dir / f"{prefix}-{number:04d}{suffix}"
    fsio.atomic_write_bytes(target, data, overwrite=False)
    return target


def _parse_driver_options(items: list[str]) -> dict[str, Any]:
    """``NAME=VALUE`` → {python-sane name: typed value} (int, float, yes/no, or text)."""
    parsed: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"--option {item}: NAME=VALUE")
        value: Any = raw
        low = raw.strip().lower()
        if low in ("yes", "true", "on"):
            value = True
        elif low in ("no", "false", "off"):
            value = False
        else:
            for kind in (int, float):
                try:
                    value = kind(raw)
                    break
                except ValueError:
                    continue
        parsed[name.strip().replace("-", "_")] = value
    return parsed


def register(app: typer.Typer) -> None:
    """Add the capture commands to ``app``."""

    @app.command("devices")
    @guarded
    def devices(
        test_only: bool = typer.Option(
            False, "--test-only", help="Chỉ máy quét ảo 'test' / only SANE test devices (fast)"),
    ) -> None:
        """Liệt kê máy quét / list scanners: SANE (incl. the 'test' virtual scanner) and
        configured eSCL network scanners (SCANSTATION_ESCL or <home>/capture/escl.json).
        One JSON line per device."""
        from ..capture.discovery import discover
        from ..paths import workspace_home

        listed, errors = discover(workspace_home(), test_only=test_only)
        for error in errors:  # a failing backend is reported; the others are still listed
            report_error(error, prefix="SANE")
        for device in listed:
            emit_json(device.to_json())
        sys.stderr.write(f"{len(listed)} thiết bị / devices\n")

    @app.command("scan")
    @guarded
    def scan(
        device: str = typer.Option(..., "--device", "-d",
                                   help="test:0, pixma:…, escl:http://host:port/eSCL"),
        out_dir: Path = typer.Option(..., "-o", "--out", help="Thư mục kết quả / output folder"),
        source: str | None = typer.Option(None, "--source",
                                          help="flatbed | adf | duplex (default: last used)"),
        resolution: int | None = typer.Option(None, "--resolution", min=50, max=1200,
                                              help="dpi (default: last used, else 300)"),
        mode: str | None = typer.Option(None, "--mode", help="gray | color | lineart"),
        pages: int = typer.Option(0, "--pages", min=0,
                                  help="Số trang / pages (0: one on flatbed, all in the feeder)"),
        batch: str = typer.Option("", "--batch", help="Lô / batch the pages go to"),
        timeout: float = typer.Option(60.0, "--timeout", min=1.0,
                                      help="Giây chờ máy quét / seconds before a hang is an error"),
        driver_options: list[str] = typer.Option(
            [], "--option", help="Tùy chọn riêng của driver SANE / a SANE driver option, "
                                 "NAME=VALUE (repeatable), e.g. brightness=10"),
    ) -> None:
        """Quét vào thư mục và kho / scan pages into OUT (page-0001.png …) and the workspace."""
        from ..capture.base import MODES, SOURCES, ScanOptions, commit_pages
        from ..capture.escl import EsclSource
        from ..capture.profiles import ProfileStore
        from ..capture.sane import SaneSource
        from ..errors import DeviceNotFoundError
        from ..paths import workspace_home
        from ..workspace import Workspace

        home = workspace_home()
        remembered = (ProfileStore(home).get(device) or {}).get("options", {})
        source = source or remembered.get("source") or "flatbed"
        mode = mode or remembered.get("mode") or "gray"
        resolution = resolution or int(remembered.get("resolution") or 300)
        if source not in SOURCES:
            raise typer.BadParameter(f"--source {source}: flatbed | adf | duplex")
        if mode not in MODES:
            raise typer.BadParameter(f"--mode {mode}: gray | color | lineart")
        options = ScanOptions(device=device, source=source, resolution=resolution,
                              mode=mode, pages=pages,
                              extra=_parse_driver_options(driver_options))
        if device.startswith("escl:"):
            backend: Any = EsclSource(home, timeout=timeout)
        elif ":" in device:
            backend = SaneSource(home, timeout=timeout)
        else:
            raise DeviceNotFoundError(device=device)
        out_dir.mkdir(parents=True, exist_ok=True)
        number = _next_number(out_dir, "page")
        progress = _StderrProgress()
        written = 0

        def on_commit(item: CommittedPage) -> None:
            nonlocal written
            suffix = {"image/png": ".png", "image/jpeg": ".jpg", "image/tiff": ".tif"}.get(
                item.captured.media_type, ".bin")
            target = _write_out(out_dir, "page", number + written, item.captured.data, suffix)
            written += 1
            emit_json({"page": written, "file": str(target), "page_id": item.page.id,
                       "sha256": item.original.sha256, "width": item.captured.width,
                       "height": item.captured.height, "dpi": item.captured.dpi,
                       "device": item.captured.info.get("device", device)})

        with _cancel_on_sigint() as cancel, Workspace(home) as workspace:
            commit_pages(workspace, backend.scan(options, cancel, progress), batch=batch,
                         on_commit=on_commit)
        if isinstance(backend, EsclSource):  # SaneSource remembers its own (with vendor/model)
            ProfileStore(home).save(device, options={"source": source, "mode": mode,
                                                     "resolution": resolution})
        sys.stderr.write(f"{written} trang đã quét / pages scanned → {out_dir}\n")

    @app.command("camera")
    @guarded
    def camera(
        source: str = typer.Option(..., "--source", help="Camera index (0) or a video file"),
        out_dir: Path = typer.Option(..., "-o", "--out", help="Thư mục kết quả / output folder"),
        page: str = typer.Option("a4", "--page", help="a4 | id1 (ID-1 card, fixed-size crop)"),
        steady: int = typer.Option(8, "--steady", min=2, help="Khung hình đứng yên / still frames"),
        max_pages: int = typer.Option(0, "--pages", min=0, help="Dừng sau N trang / stop after N"),
        max_seconds: float = typer.Option(0.0, "--max-seconds", min=0.0,
                                          help="Dừng sau N giây / stop after N s (0: never)"),
        mode: str = typer.Option("color", "--mode", help="color | gray"),
        batch: str = typer.Option("", "--batch", help="Lô / batch the pages go to"),
    ) -> None:
        """Chụp tài liệu bằng camera / capture pages from a document camera or a video:
        auto-capture when the page is still, perspective-corrected (original kept)."""
        from ..capture.base import ScanOptions, commit_pages
        from ..capture.camera import CameraSource, DetectorParams
        from ..paths import workspace_home
        from ..workspace import Workspace

        if page not in ("a4", "id1"):
            raise typer.BadParameter(f"--page {page}: a4 | id1")
        if mode not in ("color", "gray"):
            raise typer.BadParameter(f"--mode {mode}: color | gray")
        device = f"camera:{source}"
        camera_source = CameraSource(page=page, params=DetectorParams(steady_frames=steady),  # type: ignore[arg-type]
                                     max_seconds=max_seconds)
        out_dir.mkdir(parents=True, exist_ok=True)
        number = _next_number(out_dir, "page")
        written = 0

        def on_commit(item: CommittedPage) -> None:
            nonlocal written
            from .. import fsio

            path = workspace.render_path(item.page)  # the corrected page; original untouched
            target = out_dir / f"page-{number + written:04d}.png"
            fsio.atomic_write_bytes(target, vault.read_personal(path))  # the officer's copy
            written += 1
            emit_json({"page": written, "file": str(target), "page_id": item.page.id,
                       "sha256": item.original.sha256, "frame": item.captured.info["frame"],
                       "quad": item.captured.info["quad"],
                       "transforms": [t.to_json() for t in item.page.transforms]})

        options = ScanOptions(device=device, mode=mode, pages=max_pages)  # type: ignore[arg-type]
        with _cancel_on_sigint() as cancel, Workspace(workspace_home()) as workspace:
            commit_pages(workspace, camera_source.scan(options, cancel, _StderrProgress()),
                         batch=batch, on_commit=on_commit)
        stats = camera_source.stats
        sys.stderr.write(
            f"{written} trang / pages; {stats.frames} khung hình / frames, "
            f"{stats.fps:.1f} khung/giây / frames/s\n")

    @app.command("watch")
    @guarded
    def watch(
        folder: Path = typer.Argument(..., help="Thư mục máy quét lưu vào / the scan folder"),
        interval: float = typer.Option(1.0, "--interval", min=0.05,
                                       help="Giây giữa hai lần xem / seconds between polls"),
        move_to: Path | None = typer.Option(None, "--move-to",
                                            help="Chuyển tệp đã nhập vào đây / move imported "
                                                 "files here (default: leave them)"),
        batch: str = typer.Option("", "--batch", help="Lô / batch the pages go to"),
        once: bool = typer.Option(False, "--once",
                                  help="Nhập xong rồi thoát / import what is there, then exit"),
        max_seconds: float = typer.Option(0.0, "--max-seconds", min=0.0,
                                          help="Dừng sau N giây / stop after N s (0: never)"),
        stable_polls: int = typer.Option(2, "--stable-polls", min=1,
                                         help="Kích thước không đổi qua N lần / size unchanged "
                                              "for N polls"),
        clean: bool = typer.Option(False, "--clean", help="Làm sạch trang / run page cleanup"),
        reject_after: float = typer.Option(60.0, "--reject-after", min=0.0,
                                           help="Giây trước khi báo tệp hỏng / seconds an "
                                                "undecodable file may still be growing"),
    ) -> None:
        """Theo dõi thư mục quét / watch a folder a copier scans into (SMB share) and import
        complete files, each once. One JSON line per file."""
        from ..capture.hotfolder import HotFolder
        from ..errors import FileNotFoundInputError
        from ..paths import workspace_home
        from ..workspace import Workspace

        if not folder.is_dir():
            raise FileNotFoundInputError(name=str(folder))
        sys.stderr.write(f"Đang theo dõi / watching {folder} (Ctrl-C để dừng / to stop)\n")
        with _cancel_on_sigint() as stop, Workspace(workspace_home()) as workspace:
            hot = HotFolder(workspace, folder, move_to=move_to, batch=batch,
                            stable_polls=stable_polls, clean=clean, reject_after=reject_after)
            for event in hot.watch(interval=interval, stop=stop, once=once,
                                   max_seconds=max_seconds):
                emit_json(event.to_json())
                if event.error is not None:
                    report_error(event.error, prefix=event.file)
