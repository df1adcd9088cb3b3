"""Per-device option profiles: the last source, mode and resolution used on each scanner.

Kept as one JSON file in the workspace (``capture/profiles.json``), written atomically. Each
profile also records the device's vendor and model, so when a saved device path is rejected
(``pixma:libusb:001:007`` becomes ``…:001:009`` after a replug) the same scanner is found again
by vendor + model and its profile moves with it.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

from .. import fsio

PROFILE_VERSION = 1
REMEMBERED = ("source", "mode", "resolution")


class ProfileStore:
    def __init__(self, home: Path) -> None:
        self.path = Path(home) / "capture" / "profiles.json"
        self._lock = threading.Lock()

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"version": PROFILE_VERSION, "devices": {}}
        if not isinstance(data, dict) or not isinstance(data.get("devices"), dict):
            return {"version": PROFILE_VERSION, "devices": {}}
        return data

    def all(self) -> dict[str, dict[str, Any]]:
        return dict(self._load()["devices"])

    def get(self, device: str) -> dict[str, Any] | None:
        return self._load()["devices"].get(device)

    def save(self, device: str, *, vendor: str = "", model: str = "",
             options: dict[str, Any] | None = None, moved_from: str | None = None) -> None:
        with self._lock:
            data = self._load()
            devices = data["devices"]
            old = devices.pop(moved_from, None) if moved_from else None
            entry = dict(old or devices.get(device) or {})
            if vendor:
                entry["vendor"] = vendor
            if model:
                entry["model"] = model
            remembered = dict(entry.get("options") or {})
            remembered.update({k: v for k, v in (options or {}).items() if k in REMEMBERED})
            entry["options"] = remembered
            entry["last_used"] = time.time()
            devices[device] = entry
            data["version"] = PROFILE_VERSION
            fsio.atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=2))
