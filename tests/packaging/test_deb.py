"""The .deb: built like ``make deb`` (from the run's wheel), installed with ``apt-get install
./scanstation_*.deb``, run from PATH (``--help``, ``ocr`` on a generated page), then purged — and
nothing of it stays. Installing a package needs root: the test says so and fails otherwise."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging_kit import wheel_fixture  # noqa: F401 (fixture)
from rapidfuzz.distance import Levenshtein

from scanstation.testing.pages import render_page

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

from build_deb import runtime_depends  # noqa: E402

APT = ["apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=600"]
# one install/remove at a time on this machine, whatever test run it belongs to
MACHINE_LOCK = Path("/tmp/scanstation-deb-test.lock")


def test_runtime_depends_leave_out_build_and_test_tools() -> None:
    depends = runtime_depends()
    for needed in ("python3.11", "tesseract-ocr-vie", "fonts-noto-core", "libsane1", "qpdf",
                   "libxcb-cursor0"):
        assert needed in depends
    for tool in ("gcc", "libsane-dev", "softhsm2", "xvfb", "python3-venv"):
        assert tool not in depends
    assert all(" " not in name and "#" not in name for name in depends)


def _clean_env(home: Path) -> dict[str, str]:
    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if p and p != venv_bin)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(PATH=f"/usr/local/bin:/usr/bin:/bin:{path}", SCANSTATION_HOME=str(home),
               DEBIAN_FRONTEND="noninteractive")
    return env


def _installed() -> bool:
    proc = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Status}", "scanstation"],
                          capture_output=True, text=True)
    return proc.stdout.strip() == "installed"


def test_deb_installs_runs_and_purges(wheel: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.fail("the .deb test installs a package with apt-get: run the tests as root "
                    "(the CI container does), or run `make deb` and install it by hand")
    for tool in ("dpkg-deb", "apt-get", "/usr/bin/python3.11"):
        assert shutil.which(tool), f"{tool} missing: run `make sysdeps`"

    out = tmp_path / "dist"
    build = subprocess.run([sys.executable, str(ROOT / "packaging" / "build_deb.py"), str(out),
                            "--wheel", str(wheel)], capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout + build.stderr
    deb = Path(build.stdout.strip().splitlines()[-1])
    assert deb.parent == out and deb.name.startswith("scanstation_") and deb.suffix == ".deb"

    depends = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True,
                             text=True, check=True).stdout
    assert [d.strip() for d in depends.split(",")] == runtime_depends()
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True,
                             check=True).stdout
    for shipped in ("./usr/share/applications/scanstation.desktop",
                    "./usr/share/icons/hicolor/scalable/apps/scanstation.svg",
                    "./usr/share/icons/hicolor/256x256/apps/scanstation.png",
                    "./opt/scanstation/venv/bin/scanstation"):
        assert shipped in listing

    home = tmp_path / "home"
    env = _clean_env(home)
    page = render_page("letter", seed=21, dpi=200)
    image = tmp_path / "cong-van.png"
    page.image.save(image, dpi=(page.dpi, page.dpi))

    MACHINE_LOCK.touch(exist_ok=True)
    with open(MACHINE_LOCK) as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            install = subprocess.run([*APT, "install", f"./{deb.name}"], cwd=out, env=env,
                                     capture_output=True, text=True, timeout=900)
            assert install.returncode == 0, install.stdout + install.stderr
            assert _installed()
            assert shutil.which("scanstation", path=env["PATH"]) == "/usr/bin/scanstation"
            assert Path("/usr/bin/scanstation").resolve() == Path(
                "/opt/scanstation/venv/bin/scanstation")

            helped = subprocess.run(["scanstation", "--help"], cwd=tmp_path, env=env,
                                    capture_output=True, text=True, timeout=120)
            assert helped.returncode == 0, helped.stderr
            assert "số hóa hồ sơ" in helped.stdout and "ocr" in helped.stdout

            pdf, sidecar = tmp_path / "out.pdf", tmp_path / "out.txt"
            ocr = subprocess.run(["scanstation", "ocr", str(image), "-o", str(pdf), "--sidecar",
                                  str(sidecar), "--json"], cwd=tmp_path, env=env,
                                 capture_output=True, text=True, timeout=300)
            assert ocr.returncode == 0, ocr.stderr
            assert json.loads(ocr.stdout)["pdfa_ok"] is True
            text = sidecar.read_text(encoding="utf-8")
            assert Levenshtein.normalized_similarity("\n".join(page.lines), text) > 0.85, text

            desktop = Path("/usr/share/applications/scanstation.desktop").read_text("utf-8")
            assert "Name=Trạm số hóa hồ sơ ScanStation" in desktop
            assert "Exec=scanstation-app" in desktop and "Icon=scanstation" in desktop
        finally:
            purge = subprocess.run([*APT, "purge", "scanstation"], env=env, capture_output=True,
                                   text=True, timeout=900)
            fcntl.flock(lock, fcntl.LOCK_UN)
    assert purge.returncode == 0, purge.stdout + purge.stderr
    assert not _installed()
    for gone in ("/opt/scanstation", "/usr/bin/scanstation", "/usr/bin/scanstation-app",
                 "/usr/share/applications/scanstation.desktop"):
        assert not Path(gone).exists() and not Path(gone).is_symlink(), gone
