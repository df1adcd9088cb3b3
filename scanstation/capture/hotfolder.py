"""Hot folder: import what a multifunction printer scans into a (network) folder.

Polling, not inotify: change notifications do not cross SMB/CIFS mounts reliably, and a copier
writes a file over many seconds. A file is imported only when it is complete:

* its name is not a temp name (``~$…``, ``*.part``, ``*.tmp``, ``*.crdownload``, dot files);
* its size and mtime are unchanged across ``stable_polls`` consecutive polls;
* it opens and every frame decodes (a PDF must also end with ``%%EOF``).

Each file is imported once, remembered by sha256 in ``<workspace>/capture/hotfolder.json``
(atomic writes), so a file left in place, renamed or copied again is not imported twice. Imported
files are left where they are or moved to a folder, as configured; files that stay undecodable
are reported once and left alone (nothing is deleted).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import imaging, vault
from ..errors import ScanStationError, UnsupportedFileTypeError
from ..workspace import Workspace

log = logging.getLogger("scanstation.capture.hotfolder")

TEMP_PREFIXES = ("~$", ".", "~")
TEMP_SUFFIXES = (".part", ".tmp", ".temp", ".crdownload", ".partial", ".download", ".swp")
STATE_VERSION = 1


def is_temp_name(name: str) -> bool:
    low = name.lower()
    return low.startswith(TEMP_PREFIXES) or low.endswith(TEMP_SUFFIXES)


def check_complete(data: bytes, name: str) -> tuple[str, int]:
    """Raise an InputFileError unless ``data`` is a whole, decodable image or PDF."""
    media_type, frames = imaging.probe(data, name)
    if media_type == imaging.MEDIA_PDF:
        if b"%%EOF" not in data[-2048:]:
            from ..errors import CorruptFileError

            raise CorruptFileError(name=name)
    else:
        for index in range(len(frames)):
            imaging.decode_frame(data, media_type, index, 0.0, name)
    return media_type, len(frames)


@dataclass
class HotFolderEvent:
    """One thing the watcher did: ``imported``, ``duplicate`` or ``rejected``."""

    kind: str
    file: str
    sha256: str = ""
    pages: list[str] = field(default_factory=list)
    moved_to: str | None = None
    error: ScanStationError | None = None

    def to_json(self) -> dict[str, Any]:
        return {"event": self.kind, "file": self.file, "sha256": self.sha256,
                "pages": self.pages, "moved_to": self.moved_to,
                "error": self.error.to_dict() if self.error else None}


class HotFolder:
    """Poll ``folder``; import complete files into ``workspace``."""

    def __init__(
        self,
        workspace: Workspace,
        folder: Path,
        *,
        move_to: Path | None = None,
        batch: str = "",
        stable_polls: int = 2,
        clean: bool = False,
        reject_after: float = 60.0,
    ) -> None:
        self.workspace = workspace
        self.folder = Path(folder)
        self.move_to = Path(move_to) if move_to is not None else None
        self.batch = batch
        self.stable_polls = max(1, stable_polls)
        self.clean = clean
        self.reject_after = reject_after
        self.state_path = workspace.home / "capture" / "hotfolder.json"
        self._seen_sizes: dict[str, tuple[int, int, int]] = {}  # name → (size, mtime_ns, polls)
        self._settled: dict[str, tuple[int, int]] = {}  # left in place, already handled
        self._state = self._load_state()

    # --- state --------------------------------------------------------------------------------

    def _load_state(self) -> dict[str, Any]:
        try:
            # the imported files' names may name people: personal (sealed when encrypted)
            data = json.loads(vault.read_personal(self.state_path).decode("utf-8"))
            if isinstance(data.get("imported"), dict):
                data.setdefault("rejected", {})
                return data
        except (OSError, ValueError, AttributeError):
            pass
        return {"version": STATE_VERSION, "imported": {}, "rejected": {}}

    def _save_state(self) -> None:
        vault.write_personal_text(self.state_path, json.dumps(self._state, ensure_ascii=False,
                                                           indent=1))

    def already_imported(self, sha256: str) -> bool:
        return sha256 in self._state["imported"]

    # --- polling ------------------------------------------------------------------------------

    def _candidates(self) -> list[os.DirEntry[str]]:
        try:
            entries = list(os.scandir(self.folder))
        except FileNotFoundError:
            return []
        except OSError as exc:
            log.warning("cannot list hot folder: %s", exc.strerror)
            return []
        return sorted((e for e in entries if e.is_file(follow_symlinks=False)
                       and not is_temp_name(e.name)), key=lambda e: e.name)

    def poll(self) -> list[HotFolderEvent]:
        """One pass: note sizes, import the files that have been stable long enough."""
        events: list[HotFolderEvent] = []
        present: set[str] = set()
        for entry in self._candidates():
            present.add(entry.name)
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            key = (st.st_size, st.st_mtime_ns)
            previous = self._seen_sizes.get(entry.name)
            polls = previous[2] + 1 if previous and previous[:2] == key else 1
            self._seen_sizes[entry.name] = (*key, polls)
            rejected = self._state["rejected"].get(entry.name)
            if rejected == [st.st_size, st.st_mtime_ns] or self._settled.get(entry.name) == key:
                continue  # handled already; waits until the file changes
            if st.st_size == 0 or polls < self.stable_polls + 1:
                continue  # still being written (or just appeared)
            event = self._import(Path(entry.path), st.st_size, st.st_mtime_ns)
            if event is not None:
                events.append(event)
        for table in (self._seen_sizes, self._settled):
            for name in [n for n in table if n not in present]:
                del table[name]
        return events

    def _import(self, path: Path, size: int, mtime_ns: int) -> HotFolderEvent | None:
        from ..importer import import_bytes

        try:
            with open(path, "rb") as handle:  # a copier may still hold it: then try again later
                data = handle.read()
        except OSError:
            return None
        if len(data) != size:
            return None  # grew while we read it
        sha = hashlib.sha256(data).hexdigest()
        if self.already_imported(sha):
            moved = self._move(path)
            if moved is None:
                self._settled[path.name] = (size, mtime_ns)
            return HotFolderEvent("duplicate", path.name, sha, moved_to=moved)
        try:
            check_complete(data, path.name)
        except ScanStationError as error:
            hopeless = isinstance(error, UnsupportedFileTypeError) and size >= 4096
            if not hopeless and time.time() - mtime_ns / 1e9 < self.reject_after:
                return None  # a copier pausing mid-file: wait for more bytes
            return self._reject(path, size, mtime_ns, sha, error)
        try:
            pages = import_bytes(self.workspace, data, path.name, batch=self.batch,
                                 clean=self.clean)
        except ScanStationError as error:
            return self._reject(path, size, mtime_ns, sha, error)
        self._state["imported"][sha] = {"name": path.name, "time": time.time(),
                                        "pages": [p.id for p in pages]}
        self._state["rejected"].pop(path.name, None)
        self._save_state()
        moved = self._move(path)
        if moved is None:
            self._settled[path.name] = (size, mtime_ns)
        return HotFolderEvent("imported", path.name, sha, [p.id for p in pages], moved)

    def _reject(self, path: Path, size: int, mtime_ns: int, sha: str,
                error: ScanStationError) -> HotFolderEvent:
        self._state["rejected"][path.name] = [size, mtime_ns]
        self._save_state()
        log.warning("hot folder: %s refused (%s)", path.name, type(error).__name__)
        return HotFolderEvent("rejected", path.name, sha, error=error)

    def _move(self, path: Path) -> str | None:
        if self.move_to is None:
            return None
        self.move_to.mkdir(parents=True, exist_ok=True)
        target = self.move_to / path.name
        stem, suffix, n = path.stem, path.suffix, 1
        while target.exists():  # never overwrite an earlier scan with the same name
            target = self.move_to / f"{stem}-{n}{suffix}"
            n += 1
        try:
            shutil.move(str(path), str(target))  # rename on one share, copy+delete across
        except OSError as exc:
            log.warning("hot folder: could not move %s: %s", path.name, exc.strerror)
            return None
        return str(target)

    def watch(
        self,
        *,
        interval: float = 2.0,
        stop: threading.Event | None = None,
        once: bool = False,
        max_seconds: float = 0.0,
        on_event: Callable[[HotFolderEvent], None] | None = None,
    ) -> Iterator[HotFolderEvent]:
        """Poll until ``stop`` is set (or ``max_seconds`` pass). ``once``: poll until nothing is
        pending, then return."""
        stop = stop or threading.Event()
        started = time.monotonic()
        while not stop.is_set():
            if max_seconds and time.monotonic() - started > max_seconds:
                return
            for event in self.poll():
                if on_event:
                    on_event(event)
                yield event
            if once and not self._pending():
                return
            stop.wait(interval)

    def _pending(self) -> bool:
        """Files seen but not yet settled (neither imported, duplicate nor rejected)."""
        for entry in self._candidates():
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            key = (st.st_size, st.st_mtime_ns)
            if self._state["rejected"].get(entry.name) == list(key) or \
                    self._settled.get(entry.name) == key:
                continue
            return True
        return False
