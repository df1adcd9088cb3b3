"""Shared fixtures: a private workspace per test, and the --runslow switch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False,
                     help="run slow quality tests too")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    marker = pytest.mark.skip(reason="slow quality run: use --runslow (benchmarks cover it)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(marker)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private SCANSTATION_HOME for the test."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("SCANSTATION_HOME", str(path))
    return path


@pytest.fixture
def workspace(home: Path):
    from scanstation.workspace import Workspace

    ws = Workspace(home)
    yield ws
    ws.close()
