"""The core never imports Qt: everything outside scanstation/ui/ must work headless."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import scanstation


def test_core_modules_import_without_qt():
    modules = [
        m.name for m in pkgutil.walk_packages(scanstation.__path__, "scanstation.")
        if not m.name.startswith("scanstation.ui") and not m.name.endswith("__main__")
    ]
    code = (
        "import importlib, sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):\n"
        "            raise ImportError('Qt is forbidden in the core: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('ok', len(sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.startswith("ok")


def test_cli_start_up_imports_no_heavy_module():
    code = (
        "import sys, scanstation.cli\n"
        "heavy = [m for m in ('cv2', 'numpy', 'tesserocr', 'pyhanko', 'httpx', 'PIL', 'zxingcpp',"
        " 'pikepdf', 'PySide6', 'vietnam_address_converter') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"imported at CLI start-up: {proc.stdout.strip()}"
