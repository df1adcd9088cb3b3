"""Build the Debian package: ``python packaging/build_deb.py OUTDIR [--wheel WHEEL]`` prints its path.

What it holds:

- ``/opt/scanstation/venv``: a venv made with Debian's ``python3.11`` (the interpreter the package
  depends on) with the ScanStation wheel and its Python dependencies installed, byte-compiled at
  build time (the CLI's start-up time counts, and an unprivileged user cannot write
  ``__pycache__`` under ``/opt``);
- ``/usr/bin/scanstation`` and ``/usr/bin/scanstation-app``: links to the venv's entry points;
- a desktop entry with the Vietnamese name and the icon (SVG and 256 px PNG);
- ``Depends:`` generated from ``packaging/system-packages.txt`` (the lines without a role);
- a ``postrm`` that removes whatever the package did not ship but left under ``/opt/scanstation``.

The venv is built in a staging folder and its paths rewritten to ``/opt/scanstation/venv``: a venv
only records its own location in ``pyvenv.cfg``, the scripts' shebangs and ``activate``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent  # packaging/: a build tool that lives in the checkout
sys.path.insert(0, str(HERE))

from build_wheel import build_wheel  # noqa: E402

PREFIX = Path("/opt/scanstation")
VENV = PREFIX / "venv"
SYSTEM_PYTHON = Path("/usr/bin/python3.11")
PACKAGE = "scanstation"

POSTRM = """#!/bin/sh
# Files made after installation (logs of a run as root, a stray __pycache__) would keep the folder.
set -e
case "$1" in
    remove|purge) rm -rf /opt/scanstation ;;
esac
exit 0
"""

POSTINST = """#!/bin/sh
set -e
if [ "$1" = "configure" ]; then
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \\
        && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
exit 0
"""


def runtime_depends(listing: Path = HERE / "system-packages.txt") -> list[str]:
    """The packages of ``system-packages.txt`` with no role (``build``/``test``): run-time needs."""
    names = []
    for line in listing.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words and len(words) == 1:
            names.append(words[0])
    return names


def _run(args: list[str | Path], **kwargs: object) -> None:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))} failed:\n{proc.stdout}\n{proc.stderr}")


def _wheel_version(wheel: Path) -> str:
    match = re.match(r"scanstation-([^-]+)-", wheel.name)
    if not match:
        raise SystemExit(f"not a ScanStation wheel: {wheel}")
    return match.group(1)


def _make_venv(stage: Path, wheel: Path) -> None:
    venv = stage / VENV.relative_to("/")
    _run([SYSTEM_PYTHON, "-m", "venv", venv])
    python = venv / "bin" / "python"
    _run([python, "-m", "pip", "install", "-q", "--no-compile", wheel])
    # the venv's own location, as recorded by venv and pip, becomes the installed one
    for path in [*(venv / "bin").iterdir(), venv / "pyvenv.cfg"]:
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        if str(venv).encode() in data:
            path.write_bytes(data.replace(str(venv).encode(), str(VENV).encode()))
    # byte-compile with the paths the files will have once installed; like pip, a third-party
    # file that is not Python (PySide6 ships Jinja templates named *.py) is left uncompiled
    subprocess.run([str(python), "-m", "compileall", "-qq", "-j", "0", "-s", str(stage), "-p", "/",
                    str(venv / "lib")], capture_output=True, check=False)
    if not list((venv / "lib").glob("python3*/site-packages/scanstation/cli/__pycache__/*.pyc")):
        raise SystemExit("byte-compiling the venv failed")


def _stage_files(stage: Path) -> None:
    usr = stage / "usr"
    (usr / "bin").mkdir(parents=True)
    for name in ("scanstation", "scanstation-app"):
        (usr / "bin" / name).symlink_to(VENV / "bin" / name)
    apps = usr / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(HERE / "deb" / "scanstation.desktop", apps / "scanstation.desktop")
    icons = usr / "share" / "icons" / "hicolor"
    for size, name in (("scalable", "scanstation.svg"), ("256x256", "scanstation.png")):
        (icons / size / "apps").mkdir(parents=True)
        shutil.copy2(HERE / "deb" / name, icons / size / "apps" / name)
    docs = usr / "share" / "doc" / PACKAGE
    docs.mkdir(parents=True)
    shutil.copy2(HERE.parent / "README.md", docs / "README.md")


def _installed_size_kib(stage: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(stage):
        for name in files:
            path = Path(root) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total // 1024 + 1


def _control(stage: Path, version: str, arch: str) -> None:
    debian = stage / "DEBIAN"
    debian.mkdir()
    depends = ", ".join(runtime_depends())
    (debian / "control").write_text(
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        "Maintainer: ScanStation developers <scanstation@localhost>\n"
        f"Installed-Size: {_installed_size_kib(stage)}\n"
        f"Depends: {depends}\n"
        "Section: graphics\n"
        "Priority: optional\n"
        "Homepage: https://github.com/scanstation/scanstation\n"
        "Description: Trạm số hóa hồ sơ một cửa / digitization station for one-stop counters\n"
        " Quét, làm sạch trang, nhận dạng chữ tiếng Việt, đọc QR căn cước, PDF/A-2b,\n"
        " ký số PAdES và hộp thư gửi đi ngoại tuyến.\n"
        " .\n"
        " Capture, page cleanup, Vietnamese OCR, citizen-ID QR prefill, PDF/A-2b,\n"
        " PAdES signing and an offline-first outbox. Installs into /opt/scanstation.\n",
        encoding="utf-8",
    )
    for name, text in (("postinst", POSTINST), ("postrm", POSTRM)):
        path = debian / name
        path.write_text(text, encoding="utf-8")
        path.chmod(0o755)


def build_deb(out_dir: Path, wheel: Path | None = None) -> Path:
    """Build ``scanstation_VERSION_ARCH.deb`` into ``out_dir`` and return its path."""
    if not SYSTEM_PYTHON.exists():
        raise SystemExit(f"{SYSTEM_PYTHON} is missing: run `make sysdeps` (package python3.11)")
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="scanstation-deb-") as tmp:
        wheel = Path(wheel) if wheel else build_wheel(Path(tmp) / "wheel")
        version = _wheel_version(wheel)
        stage = Path(tmp) / "root"
        stage.mkdir()
        _make_venv(stage, wheel)
        _stage_files(stage)
        _control(stage, version, arch)
        target = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
        # zstd at a low level: the payload is mostly already-compressed shared objects
        _run(["dpkg-deb", "--root-owner-group", "-Zzstd", "-z3", "--build", stage, target])
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(HERE.parent / "dist"))
    parser.add_argument("--wheel", help="use this wheel instead of building one")
    args = parser.parse_args(argv)
    print(build_deb(Path(args.out), Path(args.wheel) if args.wheel else None))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
