"""The build and signature of a dossier, run in a helper process (PDF writing, its checks and
pyHanko hold the GIL for tens of ms at a time), with cancel carried in and progress carried
out through two small files, so the app's side never holds the GIL waiting."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

ProgressFn = Callable[[int, int, str], None]


class FileFlag:
    """A cancel flag a helper process can see: set when its file exists."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def is_set(self) -> bool:
        return self.path.exists()


class BuildRelay:
    """Carries cancel into a helper's build (a flag file) and its progress back (a small file
    the helper rewrites, polled here)."""

    def __init__(self, folder: Path, cancel: threading.Event | None,
                 progress: ProgressFn | None) -> None:
        self.folder, self.cancel, self.progress = folder, cancel, progress
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="build-relay", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join(timeout=2)

    def _run(self) -> None:
        last = ""
        while not self.done.wait(0.1):
            if self.cancel is not None and self.cancel.is_set():
                (self.folder / "cancel").touch()
            try:
                text = (self.folder / "progress").read_text(encoding="utf-8")
            except OSError:
                continue
            if text != last and self.progress is not None and text.count("\t") == 2:
                last = text
                done, total, label = text.split("\t")
                self.progress(int(done), int(total), label)


def build_in_helper(home: Path, dossier_id: str, out_dir: Path, credential: Any,
                    pin: str | None, ocr_done: dict[str, Any], signals: Path,
                    softhsm_conf: str | None, incomplete_reason: str | None = None) -> Any:
    """Run in a helper process: ``build_dossier`` with the app's PIN and OCR results."""
    from ..pdf.sign import SessionPin
    from .build import SignRequest, build_dossier

    if softhsm_conf:  # the helper may have been started before the app chose its token
        os.environ["SOFTHSM2_CONF"] = softhsm_conf

    def report(done: int, total: int, *rest: Any) -> None:
        label = str(rest[0]) if rest else ""
        tmp = signals / "progress.tmp"
        tmp.write_text(f"{done}\t{total}\t{label.replace(chr(9), ' ')}", encoding="utf-8")
        tmp.replace(signals / "progress")

    sign = SignRequest(credential, SessionPin(pin)) if credential is not None else None
    return build_dossier(home, dossier_id, out_dir, sign=sign, progress=report,
                         cancel=FileFlag(signals / "cancel"),  # type: ignore[arg-type]
                         ocr_done=ocr_done,
                         allow_incomplete=incomplete_reason is not None)
