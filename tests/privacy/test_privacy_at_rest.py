"""Personal data at rest: nothing the station creates is group- or world-readable (even under
umask 000), and after the retention purge or an erasure request no file under the workspace holds
the person's ID number, name or address."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from scanstation.testing import pages as synthetic

PERSON = {"id_number": "079190123456", "full_name": "Trịnh Thị Mỹ Duyên",
          "address": "Số 9, Bến Thành, Quận 1, Hồ Chí Minh", "date_of_birth": "1990-01-02",
          "sex": "Nữ"}
OTHER = {"id_number": "001089012345", "full_name": "Vũ Văn Lâm",
         "address": "Thôn Đông, Phú Cát, Quốc Oai, Hà Nội"}


def _run(args: list[str], home: Path, stdin: str | None = None,
         timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCANSTATION_HOME": str(home), "SCANSTATION_LOG": "DEBUG",
           "SCANSTATION_AGENCY_CODE": "000.00.53.H48", "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "scanstation", *args], capture_output=True,
                          text=True, encoding="utf-8", input=stdin, timeout=timeout, env=env,
                          preexec_fn=lambda: os.umask(0))  # the most permissive umask there is
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _needles(person: dict[str, str]) -> list[bytes]:
    return [person["id_number"].encode(), person["full_name"].encode(),
            person["address"].encode()]


def _hits(root: Path, person: dict[str, str]) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.relative_to(root)}: {n.decode()}" for n in _needles(person)
                      if n in data]
    return found


def _exposed(root: Path) -> list[str]:
    return [f"{p.relative_to(root)} {stat.filemode(p.stat().st_mode)}"
            for p in [root, *root.rglob("*")] if p.stat().st_mode & 0o077]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # the file name carries the person's name, as scans named by an officer often do
    path = tmp_path_factory.mktemp("scan") / f"CCCD {PERSON['full_name']}.png"
    synthetic.render_page("single_line", seed=5, dpi=200).image.save(path, dpi=(200, 200))
    return path


def _new_dossier(home: Path, person: dict[str, str], page: Path) -> str:
    new = _run(["dossier", "new", "-p", "2.000815", "--applicant-json", "-"], home,
               stdin=json.dumps(person, ensure_ascii=False))
    assert new.returncode == 0, new.stderr
    dossier_id = new.stdout.strip()
    added = _run(["dossier", "add", dossier_id, "-d", "ban-chinh", "--no-clean", str(page)], home)
    assert added.returncode == 0, added.stderr
    return dossier_id


def test_full_run_is_private_and_purge_leaves_no_trace(tmp_path: Path, page: Path) -> None:
    home, built, share = tmp_path / "home", tmp_path / "built", tmp_path / "share"
    dossier_id = _new_dossier(home, PERSON, page)
    other_id = _new_dossier(home, OTHER, page)
    share.mkdir()  # the portal's inbox (a mounted share)
    build = _run(["dossier", "build", dossier_id, "-o", str(built), "--jobs", "1", "--json"],
                 home)
    assert build.returncode == 0, build.stderr
    queued = _run(["outbox", "add", str(built)], home)
    assert queued.returncode == 0, queued.stderr
    sent = _run(["outbox", "run", "--until-empty", "--portal-url", f"file://{share}"], home)
    assert sent.returncode == 0, sent.stderr

    assert _hits(home, PERSON), "the test must see the data before the purge"
    assert _exposed(home) == [] and _exposed(built) == []

    exported = _run(["privacy", "export", "--id", PERSON["id_number"], "-o",
                     str(tmp_path / "export")], home)
    assert exported.returncode == 0, exported.stderr
    summary = json.loads(exported.stdout)
    assert summary["dossiers"] == 1 and summary["files"] == 1
    assert PERSON["id_number"] not in exported.stdout + exported.stderr
    subject = json.loads((tmp_path / "export" / "subject.json").read_text("utf-8"))
    (record,) = subject["dossiers"]
    assert record["applicant"]["full_name"] == PERSON["full_name"]
    assert record["outbox"][0]["state"] == "sent" and record["outbox"][0]["receipt_id"]
    assert _exposed(tmp_path / "export") == []

    purge = _run(["privacy", "purge", "--days", "0"], home)
    assert purge.returncode == 0, purge.stderr
    report = json.loads(purge.stdout)
    assert report["dossiers"] == [dossier_id] and report["outbox_items"] == 1
    assert _hits(home, PERSON) == []
    assert not built.exists()
    # the unsent dossier of another person is untouched, and so is the receipt
    assert _hits(home, OTHER)
    status = json.loads(_run(["outbox", "status", "--json"], home).stdout)
    assert status["state"] == "sent" and status["receipt_id"]
    kept = _run(["dossier", "status", dossier_id, "--json"], home)  # the skeleton stays
    assert kept.returncode == 0 and dossier_id in kept.stdout
    assert PERSON["full_name"] not in kept.stdout
    assert _run(["dossier", "status", other_id, "--json"], home).returncode == 0
    assert PERSON["id_number"] not in purge.stderr and PERSON["full_name"] not in purge.stderr


def test_erase_on_request(tmp_path: Path, page: Path) -> None:
    home = tmp_path / "home"
    _new_dossier(home, PERSON, page)
    _new_dossier(home, OTHER, page)
    assert _hits(home, PERSON)
    erased = _run(["privacy", "erase", "--id", PERSON["id_number"]], home)
    assert erased.returncode == 0, erased.stderr
    report = json.loads(erased.stdout)
    assert len(report["dossiers"]) == 1 and report["pages"] == 1
    assert report["id_number"] == "079*******56"
    assert _hits(home, PERSON) == []
    assert _hits(home, OTHER)  # the shared scan stays: the other dossier still uses it
    assert _exposed(home) == []
    again = _run(["privacy", "export", "--id", PERSON["id_number"], "-o",
                  str(tmp_path / "x")], home)
    assert json.loads(again.stdout)["dossiers"] == 0


def test_a_malformed_id_is_a_usage_error(tmp_path: Path) -> None:
    proc = _run(["privacy", "erase", "--id", "03620３01233"], tmp_path / "home")
    assert proc.returncode == 2
    assert "12" in proc.stderr and "digits" in proc.stderr
