"""Dossier codes unique across the stations of one ward with no network between them (each
station's daily sequence in its own block), and a clash that still happens refused by the outbox."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from scanstation.dossier import station
from scanstation.dossier.store import DossierStore
from scanstation.outbox.clash import DossierCodeClashError
from scanstation.outbox.queue import Outbox
from scanstation.paths import VN_TZ

AGENCY = "000.00.53.H48"
WHEN = datetime(2026, 12, 4, 9, 30, tzinfo=VN_TZ)


def _codes(home: Path, n: int) -> list[str]:
    with DossierStore(home) as store:
        return [store.create("1.001193", AGENCY, when=WHEN).id for _ in range(n)]


def test_each_station_numbers_its_day_in_its_own_block(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(station.STATION_ENV, raising=False)
    homes = {k: tmp_path / f"quay-{k}" for k in (0, 1, 2, 12)}
    for number, home in homes.items():
        if number:
            assert station.set_station_number(home, number) == number
    codes = {number: _codes(home, 3) for number, home in homes.items()}
    everything = [c for cs in codes.values() for c in cs]
    assert len(set(everything)) == len(everything) == 12
    assert codes[0] == [f"{AGENCY}-261204-000{i}" for i in (1, 2, 3)]  # one station: as before
    assert codes[1] == [f"{AGENCY}-261204-100{i}" for i in (1, 2, 3)]
    assert codes[12][0] == f"{AGENCY}-261204-12001"
    for c in everything:  # still the shape the manifest schema and the portal expect
        assert re.fullmatch(r"[0-9A-Za-z.]+-\d{6}-\d{4,}", c)
    # a station number is kept with the rest of station.json, with a random identity
    data = json.loads((homes[2] / "station.json").read_text(encoding="utf-8"))
    assert data["station_number"] == 2 and re.fullmatch(r"[0-9a-f]{32}", data["station_id"])
    assert station.station_id(homes[2]) == data["station_id"] != station.station_id(homes[1])


def test_env_overrides_and_bad_numbers(tmp_path: Path, monkeypatch) -> None:
    station.set_station_number(tmp_path, 1)
    monkeypatch.setenv(station.STATION_ENV, "4")
    assert _codes(tmp_path, 1)[0].endswith("-4001")
    for bad in ("-1", "100", "ba"):
        with pytest.raises(station.StationNumberError) as info:
            station.set_station_number(tmp_path, bad)
        assert bad in info.value.message_vi and "0" in info.value.message_en


def test_a_full_block_refuses_instead_of_spilling_into_the_next_station(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv(station.STATION_ENV, "1")
    assert _codes(tmp_path, 1)[0].endswith("-1001")
    with DossierStore(tmp_path) as store:
        with store._tx() as db:
            db.execute("UPDATE counters SET n = 999")
        with pytest.raises(station.StationBlockFullError):
            store.create("1.001193", AGENCY, when=WHEN)
        assert len(store.list()) == 1  # nothing half-made
        assert store._db().execute("SELECT n FROM counters").fetchone()[0] == 999


def _folder(root: Path, name: str, code: str, station_id: str | None, body: bytes) -> Path:
    folder = root / name
    folder.mkdir()
    manifest: dict = {"dossier_id": code}
    if station_id:
        manifest["station"] = {"number": 1, "id": station_id}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "01-to-khai.pdf").write_bytes(b"%PDF-1.7\n" + body + b"\n%%EOF\n")
    return folder


def test_outbox_refuses_a_clashing_code_but_takes_a_rebuild(tmp_path: Path) -> None:
    code = f"{AGENCY}-261204-1001"
    a, b = "a" * 32, "b" * 32
    with Outbox(tmp_path / "home") as outbox:
        first = outbox.add_path(_folder(tmp_path, "a1", code, a, b"first")).item
        # the same station rebuilt it (a new version): accepted
        rebuilt = outbox.add_path(_folder(tmp_path, "a2", code, a, b"second"))
        assert rebuilt.created and rebuilt.item.id != first.id
        # the very same folder again: the existing item, not a clash
        assert not outbox.add_path(_folder(tmp_path, "a3", code, a, b"first")).created
        # another station gave out the same code: refused, nothing queued
        with pytest.raises(DossierCodeClashError) as info:
            outbox.add_path(_folder(tmp_path, "b1", code, b, b"other station"))
        assert code in info.value.message_vi and code in info.value.message_en
        assert "NOT sent" in info.value.message_en
        # a manifest that names no station cannot prove it is a rebuild: refused too
        with pytest.raises(DossierCodeClashError):
            outbox.add_path(_folder(tmp_path, "x1", code, None, b"unknown origin"))
        assert len(outbox.items()) == 2
        # another code is unaffected
        assert outbox.add_path(_folder(tmp_path, "b2", f"{AGENCY}-261204-2001", b, b"x")).created


def test_outbox_cli_reports_the_clash_bilingually(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code = f"{AGENCY}-261204-0001"
    env = dict(os.environ, SCANSTATION_HOME=str(home))
    args = [sys.executable, "-m", "scanstation", "outbox", "add"]
    ok = subprocess.run([*args, str(_folder(tmp_path, "a", code, "a" * 32, b"1"))],
                        capture_output=True, text=True, env=env, timeout=60)
    assert ok.returncode == 0, ok.stderr
    clash = subprocess.run([*args, str(_folder(tmp_path, "b", code, "b" * 32, b"2"))],
                           capture_output=True, text=True, env=env, timeout=60)
    assert clash.returncode == 3
    assert code in clash.stderr and "station-number" in clash.stderr
    assert "Traceback" not in clash.stderr
