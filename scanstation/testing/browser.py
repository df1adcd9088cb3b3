"""Debian's headless Chromium, driven over its DevTools protocol on a pipe
(``--remote-debugging-pipe``: JSON messages ending in NUL, read by Chromium on fd 3 and written
on fd 4), so a test opens a page and takes its screenshot without a WebSocket client or a
driver download.

The pipes reach fds 3 and 4 through ``bash`` redirections rather than a ``preexec_fn``: the
tests start Chromium from a process with Qt and server threads running, where code between fork
and exec may deadlock.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BASH = shutil.which("bash") or "/bin/bash"


def _above_nine(fd: int) -> int:
    import fcntl

    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Chromium:
    """``with Chromium(profile) as browser: session = browser.open(url); browser.screenshot(
    session)``. Calls are answered in order; the events Chromium sends meanwhile are dropped."""

    def __init__(self, profile: Path, *, size: tuple[int, int] = (1100, 900),
                 extra: tuple[str, ...] = ()) -> None:
        if CHROMIUM is None:
            raise RuntimeError("chromium is not installed (packaging/system-packages.txt)")
        to_read, to_write = os.pipe()
        from_read, from_write = os.pipe()
        # above fd 9, so "3<&N 4>&M" never reads a fd it has just replaced
        to_read, from_write = _above_nine(to_read), _above_nine(from_write)
        command = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
                   "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                   "--disable-extensions", "--remote-debugging-pipe",
                   f"--window-size={size[0]},{size[1]}", f"--user-data-dir={profile}", *extra,
                   "about:blank"]
        wiring = f'exec "$@" 3<&{to_read} 4>&{from_write} {to_read}<&- {from_write}>&-'
        self.proc = subprocess.Popen(
            [BASH, "-c", wiring, "chromium", *command],
            pass_fds=(to_read, from_write), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_read)
        os.close(from_write)
        self._out = os.fdopen(to_write, "wb")
        self._in = from_read
        self._buffer = b""
        self._next_id = 0
        self._lock = threading.Lock()

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
            if session:
                message["sessionId"] = session
            self._out.write(json.dumps(message).encode() + b"\0")
            self._out.flush()
            while True:
                while b"\0" not in self._buffer:
                    chunk = os.read(self._in, 1 << 16)
                    if not chunk:
                        raise RuntimeError("chromium closed its DevTools pipe")
                    self._buffer += chunk
                raw, self._buffer = self._buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._next_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return dict(reply.get("result", {}))

    def open(self, url: str) -> str:
        """A new tab on ``url``; returns its session for later calls."""
        target = self.call("Target.createTarget", url=url)
        return str(self.call("Target.attachToTarget", targetId=target["targetId"],
                             flatten=True)["sessionId"])

    def screenshot(self, session: str) -> bytes:
        return base64.b64decode(self.call("Page.captureScreenshot", session,
                                          format="png")["data"])

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._out.close()
        os.close(self._in)
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
