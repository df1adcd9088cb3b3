"""Fixtures shared by the packaging tests: the wheel and a venv with it installed are built once
per test run, even under xdist (the workers share the run's base temp folder and take a file lock:
the first builds, the others reuse). pytest-xdist's ``loadgroup`` does not group under pytest 9,
so the lock is what keeps this to one build."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from packaging_kit import Installed

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # one folder for every worker of this run
    return base / "packaging-shared"


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``scanstation-*.whl`` built by ``packaging/build_wheel.py`` (what ``make wheel`` runs)."""
    shared = _shared(tmp_path_factory)
    with _exclusive(shared / "wheel.lock"):
        found = sorted((shared / "dist").glob("scanstation-*.whl"))
        if found:
            return found[0]
        build = subprocess.run([sys.executable, str(ROOT / "packaging" / "build_wheel.py"),
                                str(shared / "dist")], capture_output=True, text=True, timeout=300)
        assert build.returncode == 0, build.stderr
        built = Path(build.stdout.strip().splitlines()[-1])
        assert built.name.startswith("scanstation-") and built.suffix == ".whl"
        return built


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    shared = _shared(tmp_path_factory)
    venv, work, stamp = shared / "venv", shared / "elsewhere", shared / "venv.done"
    with _exclusive(shared / "venv.lock"):
        if not stamp.exists():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True,
                           timeout=120)
            pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                                  str(wheel)], capture_output=True, text=True, timeout=900)
            assert pip.returncode == 0, pip.stdout + pip.stderr
            work.mkdir(exist_ok=True)
            stamp.touch()
    assert not work.resolve().is_relative_to(ROOT)
    return Installed(venv, work)
