"""Build the ScanStation wheel: ``python packaging/build_wheel.py OUTDIR`` prints the wheel's path.

The wheel is built from a fresh copy of the sources in a temporary folder, never in the checkout:
an in-tree ``build/lib`` keeps files deleted since the last build (they would ship), and two
builds at once (``make wheel`` and the packaging tests under xdist) would share it. The build
uses the calling interpreter's setuptools (no isolated build environment: nothing to download).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the checkout: this script is a build tool, not product
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "scanstation")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", "*.egg-info", ".mypy_cache")


def build_wheel(out_dir: Path, root: Path = ROOT) -> Path:
    """Build ``scanstation-*.whl`` into ``out_dir`` (replacing an older one) and return its path."""
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scanstation-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in SOURCES:
            path = root / name
            if path.is_dir():
                shutil.copytree(path, src / name, ignore=JUNK)
            elif path.exists():
                shutil.copy2(path, src / name)
        built = Path(tmp) / "wheel"
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
             "-w", str(built), str(src)],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            raise SystemExit(f"wheel build failed:\n{proc.stdout}\n{proc.stderr}")
        (wheel,) = built.glob("scanstation-*.whl")
        for old in out_dir.glob("scanstation-*.whl"):
            old.unlink()
        target = out_dir / wheel.name
        shutil.move(wheel, target)
    return target


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "dist"
    print(build_wheel(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
