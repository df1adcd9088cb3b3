"""A private ``SANE_CONFIG_DIR`` so the SANE ``test`` device works without editing /etc.

Debian ships ``/etc/sane.d/dll.conf`` with the ``test`` backend commented out, so ``test:0`` is
unknown on a fresh machine. Rather than asking anyone to edit system files, the worker process
runs with ``SANE_CONFIG_DIR`` pointing at a folder the app writes under the workspace:

* ``sane.d/test-only/``: ``dll.conf`` naming only ``test`` (+ ``test.conf``) — used when the
  device is a ``test:`` device: no other backend is loaded, so it opens in milliseconds.
* ``sane.d/system/``: ``dll.conf`` = every backend the system config enables, plus ``test`` —
  used to list devices and for real scanners. The path ends with ``:`` so SANE also searches its
  default folders, where each real backend finds its own ``<backend>.conf``.

Files are rewritten only when their content changes (atomic writes), so concurrent workers and
several stations sharing one workspace never see a half-written file.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import fsio

SYSTEM_SANE_DIR = Path("/etc/sane.d")

# The test backend's defaults (sane-test(5)); options can still be set per scan.
TEST_CONF = """\
# Written by ScanStation: the SANE test backend (virtual scanner for tests and demos).
number_of_devices 2
mode Gray
depth 8
resolution 300
test-picture "Color pattern"
read-limit false
read-delay false
br_x 200.0
br_y 200.0
"""


def system_backends(system_dir: Path = SYSTEM_SANE_DIR) -> list[str]:
    """Backends the system's ``dll.conf`` (and ``dll.d/*``) enable, in order, without ``test``."""
    names: list[str] = []
    files = [system_dir / "dll.conf"]
    dlld = system_dir / "dll.d"
    if dlld.is_dir():
        files.extend(sorted(p for p in dlld.iterdir() if p.is_file()))
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            name = line.split("#", 1)[0].strip()
            if name and name != "test" and name not in names:
                names.append(name)
    return names


def _write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    fsio.atomic_write_text(path, text)


def private_config_dir(home: Path, *, test_only: bool) -> str:
    """Create (if needed) and return the value for ``SANE_CONFIG_DIR``."""
    base = Path(home) / "sane.d"
    if test_only:
        folder = base / "test-only"
        _write_if_changed(folder / "dll.conf", "# Written by ScanStation\ntest\n")
        _write_if_changed(folder / "test.conf", TEST_CONF)
        return str(folder)
    folder = base / "system"
    backends = [*system_backends(), "test"]
    dll_conf = "# Written by ScanStation\n" + "\n".join(backends) + "\n"
    _write_if_changed(folder / "dll.conf", dll_conf)
    _write_if_changed(folder / "test.conf", TEST_CONF)
    return str(folder) + os.pathsep


def is_test_device(device: str) -> bool:
    return device.startswith("test:") or device == "test"
