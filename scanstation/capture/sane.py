"""SANE scanners, driven through a worker process that may crash without taking the app down.

The worker (``sane_worker.py``) is started fresh for each operation with ``subprocess`` — a new
interpreter, never a fork of this one (forking a process that holds threads, SQLite handles and
maybe Qt is unsafe). It speaks JSON lines; pages arrive as PNG files it wrote atomically in a
private temp folder. This side maps every SANE status to one typed error, once:

* worker exits without a final event → ``DriverCrashedError`` (pages already delivered are kept);
* no event for ``timeout`` seconds → the worker is killed → ``DeviceTimeoutError``;
* cancel token set → ``{"op": "cancel"}`` (the worker calls ``sane_cancel``); if the worker has
  not confirmed within ``cancel_grace`` seconds it is killed → ``Cancelled`` (≤ 1 s in total).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import (
    Cancelled,
    CoverOpenError,
    DeviceBusyError,
    DeviceError,
    DeviceNotFoundError,
    DeviceTimeoutError,
    DriverCrashedError,
    FeederEmptyError,
    PaperJamError,
)
from ..imaging import MEDIA_PNG
from .base import (
    MODES,
    CancelToken,
    Capabilities,
    CapturedPage,
    Device,
    NullEvents,
    ScanEvents,
    ScanOptions,
    map_mode_name,
    map_source_name,
    unsupported,
)
from .profiles import ProfileStore
from .sane_config import is_test_device, private_config_dir

log = logging.getLogger("scanstation.capture.sane")

DEFAULT_TIMEOUT = 60.0  # a lamp warming up or a slow ADF pick may take tens of seconds
CANCEL_GRACE = 0.6


def error_for_status(status: str, device: str, message: str = "") -> DeviceError:
    """The one place SANE statuses become ScanStation errors."""
    if status == "JAMMED":
        return PaperJamError()
    if status == "NO_DOCS":
        return FeederEmptyError()
    if status == "COVER_OPEN":
        return CoverOpenError()
    if status == "DEVICE_BUSY":
        return DeviceBusyError()
    if status == "NOT_FOUND":
        return DeviceNotFoundError(device=device)
    if status == "ACCESS_DENIED":
        return DeviceError(reason="SANE ACCESS_DENIED",
                           detail="add the user to the 'scanner' group")
    return DeviceError(reason=f"SANE {status}")


class _WorkerProcess:
    """One worker process and the threads that read its output."""

    def __init__(self, config_dir: str, stderr_lines: int = 50) -> None:
        env = dict(os.environ)
        env["SANE_CONFIG_DIR"] = config_dir
        env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scanstation.capture.sane_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # a Ctrl-C in the terminal goes to us; we cancel it properly
        )
        self.events: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.stderr_tail: deque[str] = deque(maxlen=stderr_lines)
        threading.Thread(target=self._read_stdout, args=(self.proc.stdout,), daemon=True).start()
        threading.Thread(target=self._read_stderr, args=(self.proc.stderr,), daemon=True).start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read_stdout(self, stream: IO[bytes]) -> None:
        for raw in stream:
            try:
                self.events.put(json.loads(raw))
            except ValueError:
                log.debug("worker noise: %r", raw[:200])
        self.events.put(None)

    def _read_stderr(self, stream: IO[bytes]) -> None:
        for raw in stream:
            self.stderr_tail.append(raw.decode("utf-8", "replace").rstrip())

    def send(self, request: dict[str, Any]) -> None:
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass  # the worker is gone; the reader reports it

    def dump_and_kill(self, wait: float = 2.0) -> str:
        """Ask a silent worker where it is stuck (it dumps every thread's stack on SIGUSR1,
        see ``sane_worker.main``), then kill it; the dump goes to the log, so a timeout seen once
        in a hundred runs can be explained. Stacks name code, never a page or a person."""
        if self.proc.poll() is None:
            before = len(self.stderr_tail)
            with contextlib.suppress(OSError):
                os.kill(self.proc.pid, signal.SIGUSR1)
            deadline = time.monotonic() + wait
            # The dump ends with the main thread's frames; stderr is read by its own thread.
            while time.monotonic() < deadline and len(self.stderr_tail) == before:
                time.sleep(0.05)
            time.sleep(0.2)  # the rest of the dump, already written, is being read
        self.kill()
        return " | ".join(list(self.stderr_tail)[-30:])

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.warning("SANE worker %s did not exit after SIGKILL", self.proc.pid)

    def close(self) -> None:
        self.send({"op": "quit"})
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.kill()


class SaneSource:
    """The ``Source`` for SANE devices (``test:0``, ``pixma:…``, ``net:host:…``)."""

    backend = "sane"

    def __init__(self, home: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                 cancel_grace: float = CANCEL_GRACE) -> None:
        from ..paths import workspace_home

        self.home = Path(home) if home is not None else workspace_home()
        self.timeout = timeout
        self.cancel_grace = cancel_grace
        self.profiles = ProfileStore(self.home)
        self.on_worker_started: list[Any] = []  # callbacks(pid): lets tests and the UI watch it
        self.last_device: str | None = None  # the device actually used (after recovery)

    # --- worker plumbing ----------------------------------------------------------------------

    def _start(self, device: str | None) -> _WorkerProcess:
        # An administrator's own SANE configuration (a net.conf for a shared scanner, a test
        # backend with their geometry) wins; the private one only fills in when none is set.
        config = os.environ.get("SANE_CONFIG_DIR") or private_config_dir(
            self.home, test_only=device is not None and is_test_device(device))
        worker = _WorkerProcess(config)
        for callback in self.on_worker_started:
            callback(worker.pid)
        return worker

    def _events(
        self, worker: _WorkerProcess, device: str, cancel: CancelToken | None
    ) -> Iterator[dict[str, Any]]:
        """Events from the worker, with the timeout, crash and cancel rules applied."""
        last_event = time.monotonic()
        last_kind = "none"
        cancel_sent_at: float | None = None
        while True:
            try:
                event = worker.events.get(timeout=0.05)
            except queue.Empty:
                now = time.monotonic()
                if cancel is not None and cancel.is_set() and cancel_sent_at is None:
                    worker.send({"op": "cancel"})
                    cancel_sent_at = now
                if cancel_sent_at is not None and now - cancel_sent_at > self.cancel_grace:
                    worker.kill()
                    raise Cancelled() from None
                if now - last_event > self.timeout:
                    log.warning("SANE worker silent for %.1f s (last event %s); where it was: %s",
                                self.timeout, last_kind, worker.dump_and_kill())
                    raise DeviceTimeoutError(seconds=self.timeout) from None
                continue
            last_event = time.monotonic()
            last_kind = str(event.get("type")) if event else "eof"
            if event is None:
                code = worker.proc.wait()
                if cancel_sent_at is not None:
                    raise Cancelled()
                log.warning("SANE worker exited with code %s; driver said: %s", code,
                            " | ".join(list(worker.stderr_tail)[-5:]))
                raise DriverCrashedError(detail=f"exit {code}")
            kind = event.get("type")
            if kind == "cancelled":
                raise Cancelled()
            if kind == "error":
                if event.get("status") == "OPTION":
                    raise unsupported(device, event["what"], event["value"], event["offered"])
                if cancel_sent_at is not None:
                    raise Cancelled()
                raise error_for_status(str(event.get("status")), device,
                                       str(event.get("message", "")))
            if cancel is not None and cancel.is_set() and cancel_sent_at is None:
                worker.send({"op": "cancel"})
                cancel_sent_at = time.monotonic()
            yield event

    def _request(self, device: str | None, request: dict[str, Any], want: str,
                 cancel: CancelToken | None) -> dict[str, Any]:
        worker = self._start(device)
        try:
            worker.send(request)
            for event in self._events(worker, device or "?", cancel):
                if event.get("type") == want:
                    return event
        finally:
            worker.close()
        raise DriverCrashedError()

    # --- the Source protocol ------------------------------------------------------------------

    def list_devices(self, cancel: CancelToken | None = None, *,
                     like: str | None = None) -> list[Device]:
        """Every SANE device (system backends + ``test``); ``like="test:0"`` lists test devices
        only, which needs no system backend and answers in milliseconds."""
        event = self._request(like, {"op": "list"}, "devices", cancel)
        return [Device(name=d[0], vendor=d[1], model=d[2], kind=d[3], backend="sane")
                for d in event["devices"]]

    def _fallback(self, device: str) -> dict[str, str] | None:
        profile = self.profiles.get(device)
        if profile and profile.get("vendor") and profile.get("model"):
            return {"vendor": profile["vendor"], "model": profile["model"]}
        return None

    def capabilities(self, device: str, cancel: CancelToken | None = None) -> Capabilities:
        event = self._request(device, {"op": "caps", "device": device,
                                       "fallback": self._fallback(device)}, "caps", cancel)
        rng = event.get("resolution_range")
        modes = map_mode_name(event.get("modes", []))
        if "gray" in modes and "lineart" not in modes:
            modes["lineart"] = modes["gray"]  # thresholded here
        return Capabilities(
            device=device,
            resolutions=tuple(event.get("resolutions", [])),
            resolution_range=(int(rng[0]), int(rng[1])) if rng else None,
            modes=tuple(m for m in MODES if m in modes),
            sources=tuple(s for s in ("flatbed", "adf", "duplex")
                          if s in map_source_name(event.get("sources", [])))
            or ("flatbed",),
            max_width_mm=float(event.get("max_width_mm", 0.0)),
            max_height_mm=float(event.get("max_height_mm", 0.0)),
        )

    def scan(
        self, options: ScanOptions, cancel: CancelToken | None = None,
        events: ScanEvents | None = None,
    ) -> Iterator[CapturedPage]:
        events = events or NullEvents()
        device = options.device
        outdir = Path(tempfile.mkdtemp(prefix="scanstation-sane-"))
        worker = self._start(device)
        request = {
            "op": "scan", "device": device, "source": options.source, "mode": options.mode,
            "resolution": options.resolution, "pages": options.wanted_pages(),
            "width_mm": options.width_mm, "height_mm": options.height_mm,
            "extra": options.extra, "outdir": str(outdir), "fallback": self._fallback(device),
        }
        used = device
        moved_from: str | None = None
        try:
            worker.send(request)
            for event in self._events(worker, device, cancel):
                kind = event.get("type")
                if kind == "device_moved":
                    moved_from, used = device, str(event["to"])
                    events.notice(f"device {device} now answers as {used}")
                elif kind == "page_start":
                    events.page_start(int(event["index"]))
                elif kind == "progress":
                    events.page_progress(int(event["index"]), float(event["fraction"]))
                elif kind == "page":
                    path = Path(event["path"])
                    data = path.read_bytes()
                    path.unlink()
                    events.page_progress(int(event["index"]), 1.0)
                    yield CapturedPage(
                        index=int(event["index"]), data=data, media_type=MEDIA_PNG,
                        width=int(event["width"]), height=int(event["height"]),
                        dpi=float(event["dpi"]), name=f"{_safe(used)}-{event['index'] + 1:04d}.png",
                        info={"device": used},
                    )
                elif kind == "done":
                    if event.get("reason") == "feeder_empty":
                        events.notice("feeder empty")
                    break
            self.last_device = used
            self._remember(used, options, moved_from)
        finally:
            worker.close()
            shutil.rmtree(outdir, ignore_errors=True)

    def _remember(self, device: str, options: ScanOptions, moved_from: str | None) -> None:
        vendor = model = ""
        known = self.profiles.get(moved_from or device) or {}
        if not known.get("model"):
            try:
                for found in self.list_devices(like=device):
                    if found.name == device:
                        vendor, model = found.vendor, found.model
            except DeviceError:
                pass
        self.profiles.save(device, vendor=vendor, model=model, moved_from=moved_from,
                           options={"source": options.source, "mode": options.mode,
                                    "resolution": options.resolution})


def _safe(device: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in device)[:40]
