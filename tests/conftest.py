"""Shared fixtures: a private workspace per test, the --runslow switch, and the test PKI with
its SoftHSM2 token (shared by the dossier and UI tests: SoftHSM reads its configuration once per
process, so every test of a process must use the same token)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "dossier"))

from dossier_pki import (
    OFFICER_NAME,
    Pki,
    SoftHsmToken,
    issue,
    make_ca,
    make_softhsm_token,
    write_pkcs12,
)

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# no display here: any test file run alone gets the offscreen platform `make test` sets
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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


P12_PASSWORD = "mật-khẩu-p12"


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    root = tmp_path_factory.mktemp("pki")
    ca = make_ca()
    officer = issue(ca, OFFICER_NAME)
    (root / "ca.pem").write_bytes(ca.cert_pem())
    other = make_ca("Some Other CA")
    (root / "other.pem").write_bytes(other.cert_pem())
    write_pkcs12(root / "officer.p12", officer, ca, P12_PASSWORD)
    return Pki(ca, officer, root / "ca.pem", root / "officer.p12", P12_PASSWORD,
               root / "other.pem")


@pytest.fixture(scope="session")
def token(pki: Pki, tmp_path_factory: pytest.TempPathFactory) -> SoftHsmToken:
    """One SoftHSM2 token per test process. SoftHSM reads SOFTHSM2_CONF once, when the module is
    first initialised in a process, so the variable is set for the whole (xdist worker) process
    and subprocesses get it through ``token.env()``."""
    tok = make_softhsm_token(tmp_path_factory.mktemp("softhsm"), pki.officer)
    os.environ["SOFTHSM2_CONF"] = str(tok.conf)
    return tok
