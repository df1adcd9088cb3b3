"""The SANE worker process: ``python -m scanstation.capture.sane_worker``.

SANE drivers are C code that can crash or hang; they run here, never in the app. The app talks to
this process in JSON lines (requests on stdin, events on stdout) and gets each page as a PNG file
written atomically (temp → fsync → rename) in a folder it chose, so a worker killed mid-page
leaves no page behind. A thread reads stdin while the main thread scans, so ``cancel`` reaches
``sane_cancel`` while ``sane_read`` is still blocked (SANE allows sane_cancel from another
thread or a signal handler).

Requests: ``{"op": "list"}``, ``{"op": "caps", "device": …}``,
``{"op": "scan", "device", "source", "mode", "resolution", "pages", "width_mm", "height_mm",
"extra", "outdir", "fallback": {"vendor", "model"}}``, ``{"op": "cancel"}``, ``{"op": "quit"}``.
Events: ``devices``, ``caps``, ``opened``, ``device_moved``, ``page_start``, ``progress``,
``page``, ``done``, ``cancelled``, ``error`` (with the SANE status name).
"""

from __future__ import annotations

import contextlib
import faulthandler
import json
import os
import queue
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

# sane_strstatus() texts → status names; python-sane only gives us the text.
STATUS_BY_TEXT = {
    "Success": "GOOD",
    "Operation not supported": "UNSUPPORTED",
    "Operation was canceled": "CANCELLED",
    "Operation was cancelled": "CANCELLED",
    "Device busy": "DEVICE_BUSY",
    "Invalid argument": "INVAL",
    "End of file reached": "EOF",
    "Document feeder jammed": "JAMMED",
    "Document feeder out of documents": "NO_DOCS",
    "Scanner cover is open": "COVER_OPEN",
    "Error during device I/O": "IO_ERROR",
    "Out of memory": "NO_MEM",
    "Access to resource has been denied": "ACCESS_DENIED",
    "Scanner returned no data": "EOF",
}

_out_lock = threading.Lock()


def emit(event: dict[str, Any]) -> None:
    line = json.dumps(event, ensure_ascii=False) + "\n"
    with _out_lock:
        sys.stdout.write(line)
        sys.stdout.flush()


A4_MM = (210.0, 297.0)


def scan_area(width: float, height: float, bed_width: float, bed_height: float
              ) -> tuple[float, float]:
    """The area to scan, in mm. Asked-for sizes win; otherwise A4 when the bed holds it
    (documents at the counter are A4, and the rest of a larger bed is only border), else the
    device's full bed."""
    if width and height:
        return width, height
    if bed_width >= A4_MM[0] and bed_height >= A4_MM[1]:
        default_w, default_h = A4_MM
    else:
        default_w, default_h = bed_width, bed_height
    return width or default_w, height or default_h


class OpenFailed(Exception):
    """sane_open refused the device; ``status`` says why (NOT_FOUND, DEVICE_BUSY, …)."""


def status_of(exc: BaseException) -> str:
    if isinstance(exc, OpenFailed):
        return str(exc)
    return STATUS_BY_TEXT.get(str(exc).strip(), "IO_ERROR")


class Worker:
    def __init__(self) -> None:
        import sane

        self.sane = sane
        self.requests: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.cancel_requested = threading.Event()
        self.device: Any = None
        self.device_lock = threading.Lock()
        sane.init()

    # --- stdin ----------------------------------------------------------------------------------

    def read_stdin(self) -> None:
        for line in sys.stdin:
            try:
                request = json.loads(line)
            except ValueError:
                continue
            if request.get("op") == "cancel":
                self.cancel()
            else:
                self.requests.put(request)
        # The app went away: stop whatever runs, then leave.
        self.cancel()
        self.requests.put(None)

    def cancel(self) -> None:
        self.cancel_requested.set()
        with self.device_lock:
            device = self.device
        if device is not None:
            with contextlib.suppress(Exception):
                device.cancel()

    # --- requests -------------------------------------------------------------------------------

    def serve(self) -> None:
        threading.Thread(target=self.read_stdin, daemon=True).start()
        emit({"type": "ready", "pid": os.getpid()})
        while True:
            request = self.requests.get()
            if request is None or request.get("op") == "quit":
                return
            op = request.get("op")
            try:
                if op == "list":
                    emit({"type": "devices", "devices": [list(d) for d in self.sane.get_devices()]})
                elif op == "caps":
                    device = self.open(request["device"], request.get("fallback"))
                    emit({"type": "caps", **self.capabilities(device)})
                    self.close()
                elif op == "scan":
                    self.scan(request)
                else:
                    emit({"type": "error", "status": "INVAL", "message": f"unknown op {op}"})
            except Exception as exc:
                emit({"type": "error", "status": status_of(exc), "message": str(exc)[:300]})
                self.close()

    def open(self, name: str, fallback: dict[str, str] | None) -> Any:
        try:
            device = self.sane.open(name)
        except Exception as exc:
            # A saved path such as ``pixma:libusb:001:007`` changes when the USB bus number
            # does; find the same vendor + model under its new name.
            match = [d for d in self.sane.get_devices()
                     if d[1] == fallback.get("vendor") and d[2] == fallback.get("model")] \
                if fallback else []
            if not match:
                status = status_of(exc)
                raise OpenFailed("NOT_FOUND" if status == "INVAL" else status) from exc
            emit({"type": "device_moved", "from": name, "to": match[0][0]})
            name = match[0][0]
            device = self.sane.open(name)
        with self.device_lock:
            self.device = device
        emit({"type": "opened", "device": name})
        return device

    def close(self) -> None:
        with self.device_lock:
            device, self.device = self.device, None
        if device is not None:
            with contextlib.suppress(Exception):
                device.close()

    @staticmethod
    def capabilities(device: Any) -> dict[str, Any]:
        opts = device.opt

        def constraint(name: str) -> Any:
            return opts[name].constraint if name in opts else None

        res = constraint("resolution")
        caps: dict[str, Any] = {"modes": [], "sources": [], "resolutions": [],
                                "resolution_range": None, "max_width_mm": 0.0,
                                "max_height_mm": 0.0}
        if isinstance(res, tuple):
            caps["resolution_range"] = [int(res[0]), int(res[1])]
        elif isinstance(res, list):
            caps["resolutions"] = [int(r) for r in res]
        caps["modes"] = list(constraint("mode") or [])
        caps["sources"] = list(constraint("source") or [])
        for axis, key in (("br_x", "max_width_mm"), ("br_y", "max_height_mm")):
            c = constraint(axis)
            if isinstance(c, tuple):
                caps[key] = float(c[1])
        caps["depths"] = list(constraint("depth") or [])
        return caps

    # --- scanning -------------------------------------------------------------------------------

    @staticmethod
    def native_settings(
        request: dict[str, Any], caps: dict[str, Any]
    ) -> tuple[str | None, str | None, bool] | None:
        """Our source/mode words → the driver's names; None (after an event) if not offered."""
        from scanstation.capture.base import map_mode_name, map_source_name

        device = request["device"]
        source = request.get("source", "flatbed")
        sources = map_source_name(caps["sources"])
        native_source = sources.get(source)
        if native_source is None and (caps["sources"] or source != "flatbed"):
            emit({"type": "error", "status": "OPTION", "what": "source", "value": source,
                  "offered": sorted(sources) or ["flatbed"], "device": device})
            return None
        mode = request.get("mode", "gray")
        modes = map_mode_name(caps["modes"])
        native_mode = modes.get(mode)
        binarize = False
        if native_mode is None and mode == "lineart" and "gray" in modes:
            native_mode, binarize = modes["gray"], True  # threshold a gray scan ourselves
        if native_mode is None and caps["modes"]:
            emit({"type": "error", "status": "OPTION", "what": "mode", "value": mode,
                  "offered": sorted(modes), "device": device})
            return None
        resolution = int(request.get("resolution", 300))
        low_high = caps.get("resolution_range")
        listed = caps.get("resolutions") or []
        if (low_high and not low_high[0] <= resolution <= low_high[1]) or (
            listed and resolution not in listed
        ):
            offered = (listed or [f"{low_high[0]}-{low_high[1]}"]) if low_high else listed
            emit({"type": "error", "status": "OPTION", "what": "resolution", "value": resolution,
                  "offered": offered, "device": device})
            return None
        return native_source, native_mode, binarize

    def set_option(self, device: Any, name: str, value: Any) -> None:
        if name not in device.opt:
            return
        # Inactive or read-only on this device: keep the driver's value.
        with contextlib.suppress(AttributeError):
            setattr(device, name, value)

    def scan(self, request: dict[str, Any]) -> None:
        device = self.open(request["device"], request.get("fallback"))
        caps = self.capabilities(device)
        settings = self.native_settings(request, caps)
        if settings is None:
            self.close()
            return
        native_source, native_mode, binarize = settings
        if native_source:
            self.set_option(device, "source", native_source)
        if native_mode:
            self.set_option(device, "mode", native_mode)
        if 8 in caps.get("depths", []):
            self.set_option(device, "depth", 8)
        self.set_option(device, "resolution", int(request.get("resolution", 300)))
        width, height = scan_area(float(request.get("width_mm") or 0),
                                  float(request.get("height_mm") or 0),
                                  caps["max_width_mm"], caps["max_height_mm"])
        if width:
            self.set_option(device, "tl_x", 0.0)
            self.set_option(device, "br_x", min(width, caps["max_width_mm"] or width))
        if height:
            self.set_option(device, "tl_y", 0.0)
            self.set_option(device, "br_y", min(height, caps["max_height_mm"] or height))
        for name, value in (request.get("extra") or {}).items():
            self.set_option(device, name, value)
        feeder = request.get("source") in ("adf", "duplex")
        wanted = request.get("pages")
        outdir = Path(request["outdir"])
        resolution = int(request.get("resolution", 300))
        index = 0
        reason = "count"
        while wanted is None or index < int(wanted):
            if self.cancel_requested.is_set():
                emit({"type": "cancelled"})
                return
            emit({"type": "page_start", "index": index})
            last = [0.0]

            def progress(
                done: int, total: int, index: int = index, last: list[float] = last
            ) -> bool:
                now = time.monotonic()
                if now - last[0] >= 0.2 and total > 0:
                    last[0] = now
                    emit({"type": "progress", "index": index, "fraction": done / total})
                return False

            try:
                device.start()
                image = device.snap(no_cancel=feeder, progress=progress)
            except Exception as exc:
                if self.cancel_requested.is_set():
                    emit({"type": "cancelled"})
                    return
                status = status_of(exc)
                if status == "NO_DOCS" and feeder and index > 0:
                    reason = "feeder_empty"
                    break
                raise
            if self.cancel_requested.is_set():
                # python-sane hands back the lines read so far after sane_cancel: drop them.
                emit({"type": "cancelled"})
                return
            if binarize:
                image = image.convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1")
            path = outdir / f"page-{index + 1:04d}.png"
            tmp = outdir / f".tmp-{index + 1:04d}.png"
            image.save(tmp, format="PNG", dpi=(resolution, resolution), compress_level=1)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
            tmp.replace(path)
            emit({"type": "page", "index": index, "path": str(path), "width": image.width,
                  "height": image.height, "dpi": resolution})
            index += 1
        with contextlib.suppress(Exception):
            device.cancel()  # ends the ADF batch (sane_cancel after the last page)
        self.close()
        emit({"type": "done", "pages": index, "reason": reason})


def main() -> None:
    # A worker silent past the timeout is asked where it is before it is killed (SIGUSR1 dumps
    # every thread's stack to stderr, which the app keeps a tail of); a driver crash dumps too.
    faulthandler.enable(file=sys.stderr, all_threads=True)
    faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=True)
    # Pages go to files and events to stdout; a driver printing to stdout must not corrupt them.
    real_stdout = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = os.fdopen(real_stdout, "w", encoding="utf-8", buffering=1)
    try:
        worker = Worker()
    except Exception as exc:
        emit({"type": "error", "status": status_of(exc), "message": str(exc)[:300]})
        return
    worker.serve()


if __name__ == "__main__":
    main()
