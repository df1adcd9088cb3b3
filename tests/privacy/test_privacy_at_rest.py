"""Personal data at rest: nothing the station creates is group- or world-readable (even under
umask 000); with encryption at rest on, no file under the workspace (databases and their WAL
included) holds the person's ID number, name or address after a full dossier run; and after the
retention purge or an erasure request none holds them at all.

A needle is searched as NFC and NFD UTF-8, UTF-16-LE, upper case and without diacritics."""

from __future__ import annotations

import json
import os
import random
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from scanstation.testing import cards
from scanstation.testing import pages as synthetic
from scanstation.testing.portal import ReferencePortal

PERSON = {"id_number": "079190123456", "full_name": "Trịnh Thị Mỹ Duyên",
          "address": "Số 9, Bến Thành, Quận 1, Hồ Chí Minh", "date_of_birth": "1990-01-02",
          "sex": "Nữ"}
OTHER = {"id_number": "001089012345", "full_name": "Vũ Văn Lâm",
         "address": "Thôn Đông, Phú Cát, Quốc Oai, Hà Nội"}


def _run(args: list[str], home: Path, stdin: str | None = None, timeout: float = 600,
         **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCANSTATION_HOME": str(home), "SCANSTATION_LOG": "DEBUG",
           "SCANSTATION_AGENCY_CODE": "000.00.53.H48", "QT_QPA_PLATFORM": "offscreen", **extra}
    for var in ("SCANSTATION_ENCRYPT", "SCANSTATION_KEY_FILE", "SCANSTATION_KEY_SOURCE",
                "SCANSTATION_PASSPHRASE", "SCANSTATION_PORTAL_URL"):
        if var not in extra:
            env.pop(var, None)
    proc = subprocess.run([sys.executable, "-m", "scanstation", *args], capture_output=True,
                          text=True, encoding="utf-8", input=stdin, timeout=timeout, env=env,
                          preexec_fn=lambda: os.umask(0))  # the most permissive umask there is
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _spellings(value: str) -> set[str]:
    plain = "".join(ch for ch in unicodedata.normalize("NFD", value)
                    if not unicodedata.combining(ch)).replace("đ", "d").replace("Đ", "D")
    forms = {unicodedata.normalize(form, value) for form in ("NFC", "NFD")} | {plain}
    return forms | {f.upper() for f in forms}


def _needles(person: dict[str, str]) -> list[tuple[str, bytes]]:
    found = []
    for key in ("id_number", "full_name", "address"):
        for text in _spellings(person[key]):
            found += [(f"{key} utf-8 {text!r}", text.encode("utf-8")),
                      (f"{key} utf-16-le {text!r}", text.encode("utf-16-le"))]
    return found


def _hits(root: Path, person: dict[str, str]) -> list[str]:
    """Every file under ``root`` (SQLite -wal/-shm, blobs, caches) read as bytes."""
    needles = _needles(person)
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.relative_to(root)}: {what}" for what, n in needles if n in data]
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


def test_encrypted_full_run_leaves_nothing_in_clear(tmp_path: Path, pki) -> None:
    """Card → idcard → dossier (pages, OCR, PAdES with a PKCS#12) → outbox → reference portal
    (HTTP), encryption on: the workspace holds no ID number, name or address in clear."""
    rng = random.Random(17)
    person = cards.invent_person(rng, cards.CARD_2024)
    scans = tmp_path / "scans"
    scans.mkdir()
    card = scans / f"CCCD {person.full_name}.png"  # an officer's file name names the person
    cards.place_on_a4(cards.render_card(person, 3.0, rng).convert("RGB"), rng).save(
        card, dpi=(300, 300))
    text_page = scans / "don.png"
    synthetic.render_page("single_line", seed=5, dpi=200).image.save(text_page, dpi=(200, 200))
    home, built, key_file = tmp_path / "home", tmp_path / "built", tmp_path / "usb" / "ws.key"
    enc = {"SCANSTATION_ENCRYPT": "1", "SCANSTATION_KEY_FILE": str(key_file)}

    read = _run(["idcard", str(card), "--json"], home, **enc)
    assert read.returncode == 0, read.stderr
    applicant = json.loads(read.stdout)["applicant"]
    assert applicant["id_number"] == person.id_number
    new = _run(["dossier", "new", "-p", "2.000815", "--applicant-json", "-"], home,
               stdin=read.stdout, **enc)
    assert new.returncode == 0, new.stderr
    dossier_id = new.stdout.strip()
    added = _run(["dossier", "add", dossier_id, "-d", "ban-chinh", "--no-clean", str(card),
                  str(text_page)], home, **enc)
    assert added.returncode == 0, added.stderr
    build = _run(["dossier", "build", dossier_id, "-o", str(built), "--jobs", "1", "--pkcs12",
                  str(pki.p12), "--pin-env", "P12PW", "--json"], home, P12PW=pki.p12_password,
                 **enc)
    assert build.returncode == 0, build.stderr
    assert json.loads(build.stdout)["signed"] is True
    queued = _run(["outbox", "add", str(built)], home, **enc)
    assert queued.returncode == 0, queued.stderr
    with ReferencePortal() as portal:
        sent = _run(["outbox", "run", "--until-empty", "--portal-url", portal.url], home, **enc)
        assert sent.returncode == 0, sent.stderr
        delivered = list(portal.file_data.values())
    # the portal got the plain, signed PDF (decrypted on the way out, hash unchanged)
    assert delivered and all(d.startswith(b"%PDF-") for d in delivered)
    # reads decrypt: the data subject's export (outside the workspace, for them) is plain
    export = tmp_path / "export"
    exported = _run(["privacy", "export", "--id", person.id_number, "-o", str(export)], home,
                    **enc)
    assert exported.returncode == 0, exported.stderr
    (record,) = json.loads((export / "subject.json").read_text("utf-8"))["dossiers"]
    assert record["applicant"]["full_name"] == person.full_name
    assert len(record["page_files"]) == 2
    assert (export / record["page_files"][0]).read_bytes().startswith(b"\x89PNG")
    item = json.loads(_run(["outbox", "status", "--json"], home, **enc).stdout)
    assert item["state"] == "sent" and item["receipt_id"]

    truth = {"id_number": person.id_number, "full_name": person.full_name,
             "address": person.address}
    stored = {**truth, "address": record["applicant"]["address"]}
    assert _hits(home, truth) == [] and _hits(home, stored) == []
    assert (home / "vault.json").is_file() and key_file.is_file()
    key_hex = key_file.read_text().strip()
    for path in home.rglob("*"):  # the key is never beside the data
        if path.is_file():
            data = path.read_bytes()
            assert bytes.fromhex(key_hex) not in data and key_hex.encode() not in data
    assert _exposed(home) == [] and _exposed(key_file.parent) == []
    # the same workspace without its key: a clear error, no traceback, nothing in clear
    locked = _run(["dossier", "status", dossier_id, "--json"], home,
                  SCANSTATION_KEY_FILE=str(tmp_path / "nothing.key"))
    assert locked.returncode == 9 and "SCANSTATION_KEY_FILE" in locked.stderr
    assert person.full_name not in locked.stdout + locked.stderr
    # the grep is not blind: the deliverable the officer asked for (-o, outside the
    # workspace) is plain, and its manifest names the applicant
    assert any("id_number" in hit for hit in _hits(built, truth))
