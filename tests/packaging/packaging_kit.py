"""What the packaging tests share: an installed ScanStation (a venv with the wheel) and how to run
its commands from a folder outside the checkout with a clean environment; the ``wheel`` and
``installed`` fixtures, built once per test run even under xdist (the workers share the run's base
temp folder and take a file lock: the first builds, the others reuse).

The fixtures are imported by the test modules rather than declared in a ``conftest.py``: other
test folders import their own ``conftest`` by name, and a second one would shadow it.
pytest-xdist's ``loadgroup`` does not group under pytest 9, hence the lock."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Installed:
    """A fresh venv with the wheel installed, and a folder outside the checkout to run in."""

    venv: Path
    work: Path

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def env(self, home: Path, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSAFEPATH")}
        env["SCANSTATION_HOME"] = str(home)
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env.update(extra)
        return env

    def run(self, args: list[str], home: Path, timeout: float = 300,
            **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=self.work, env=self.env(home, **extra),
                              capture_output=True, text=True, timeout=timeout)


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


@pytest.fixture(scope="session", name="wheel")
def wheel_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
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


@pytest.fixture(scope="session", name="installed")
def installed_fixture(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
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
