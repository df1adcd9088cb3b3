"""Encryption at rest (``scanstation/vault.py``): the stores seal what they write, read it back
through the same API, and a missing or wrong key is a clear bilingual error, never a traceback."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest
from PIL import Image

from scanstation import paths, vault
from scanstation.errors import (
    VaultConfigError,
    VaultDataError,
    VaultKeyMissingError,
    VaultWrongKeyError,
)
from scanstation.testing import pages as synthetic

NAME = "Trịnh Thị Mỹ Duyên"
ID_NUMBER = "079190123456"


@pytest.fixture(autouse=True)
def fresh_vaults(monkeypatch: pytest.MonkeyPatch):
    for var in (vault.ENCRYPT_ENV, vault.KEY_SOURCE_ENV, vault.KEY_FILE_ENV,
                vault.PASSPHRASE_ENV):
        monkeypatch.delenv(var, raising=False)
    vault.forget()
    yield
    vault.forget()


@pytest.fixture
def encrypted(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Encryption on, the key in a file outside the workspace; returns the key file."""
    key_file = tmp_path / "keys" / "station.key"
    monkeypatch.setenv(vault.ENCRYPT_ENV, "1")
    monkeypatch.setenv(vault.KEY_FILE_ENV, str(key_file))
    return key_file


def _png() -> bytes:
    out = io.BytesIO()
    synthetic.render_page("single_line", seed=3, dpi=150).image.save(out, format="PNG")
    return out.getvalue()


def test_seal_and_open_round_trip_and_tamper(home: Path, encrypted: Path) -> None:
    box = vault.vault_for(home)
    assert box is not None
    data = NAME.encode() * 10
    sealed = box.seal(data)
    assert sealed.startswith(vault.MAGIC) and len(sealed) == len(data) + vault.OVERHEAD
    assert NAME.encode() not in sealed and box.open(sealed) == data
    assert box.seal(data) != sealed  # a fresh nonce every time
    text = box.seal_text(NAME)
    assert text.startswith(vault.TEXT_PREFIX) and box.open_text(text) == NAME
    assert box.open_text("plain") == "plain"  # rows written before encryption was on
    flipped = bytearray(sealed)
    flipped[-1] ^= 1
    with pytest.raises(VaultDataError):
        box.open(bytes(flipped))
    for cut in (5, 10, vault.OVERHEAD - 1, len(sealed) - 1):
        with pytest.raises(VaultDataError):
            box.open(sealed[:cut], "cut.png")


def test_key_lives_apart_and_private(home: Path, encrypted: Path) -> None:
    box = vault.vault_for(home)
    assert box is not None
    state = json.loads((home / vault.STATE_NAME).read_text())
    key = bytes.fromhex(encrypted.read_text().strip())
    assert len(key) == 32 and key.hex() not in (home / vault.STATE_NAME).read_text()
    assert state["key_source"] == "file" and state["key_id"] == vault.key_id(key).hex()
    assert stat.S_IMODE(encrypted.stat().st_mode) == 0o600
    assert stat.S_IMODE(encrypted.parent.stat().st_mode) == 0o700
    assert not encrypted.resolve().is_relative_to(home.resolve())


def test_a_key_file_inside_the_workspace_is_refused(home: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(vault.ENCRYPT_ENV, "1")
    monkeypatch.setenv(vault.KEY_FILE_ENV, str(home / "station.key"))
    with pytest.raises(VaultConfigError) as caught:
        vault.vault_for(home)
    assert "workspace" in caught.value.message_en and "kho" in caught.value.message_vi


def test_missing_and_wrong_key(home: Path, encrypted: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    from scanstation.workspace import Workspace

    with Workspace(home) as ws:
        original = ws.add_original(_png(), "scan.png", "image/png", 1)
    vault.forget()
    monkeypatch.delenv(vault.ENCRYPT_ENV)  # the workspace stays encrypted without it
    monkeypatch.setenv(vault.KEY_FILE_ENV, str(tmp_path / "elsewhere.key"))
    with pytest.raises(VaultKeyMissingError) as missing:
        Workspace(home)
    assert "elsewhere.key" in missing.value.message_en
    other = tmp_path / "other.key"
    other.write_text(os.urandom(32).hex())
    monkeypatch.setenv(vault.KEY_FILE_ENV, str(other))
    with pytest.raises(VaultWrongKeyError):
        Workspace(home)
    monkeypatch.setenv(vault.KEY_FILE_ENV, str(encrypted))
    with Workspace(home) as ws:
        assert ws.original_bytes(original.sha256) == _png()


def test_passphrase_source(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(vault.ENCRYPT_ENV, "1")
    monkeypatch.setenv(vault.KEY_SOURCE_ENV, "passphrase")
    monkeypatch.setenv(vault.PASSPHRASE_ENV, "mật khẩu dài của trạm")
    first = vault.vault_for(home)
    assert first is not None
    sealed = first.seal(b"ok")
    state = json.loads((home / vault.STATE_NAME).read_text())
    assert state["kdf"]["name"] == "scrypt" and state["kdf"]["salt"]
    vault.forget()
    again = vault.vault_for(home)
    assert again is not None and again.open(sealed) == b"ok"
    vault.forget()
    monkeypatch.setenv(vault.PASSPHRASE_ENV, "sai mật khẩu")
    with pytest.raises(VaultWrongKeyError):
        vault.vault_for(home)
    vault.forget()
    monkeypatch.delenv(vault.PASSPHRASE_ENV)
    with pytest.raises(VaultKeyMissingError):  # no terminal to prompt on under pytest
        vault.vault_for(home)


class FakeKeyring(types.ModuleType):
    """The OS keyring (Secret Service, Keychain, Credential Manager) cannot run here."""

    def __init__(self) -> None:
        super().__init__("keyring")
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.secrets.get((service, user))

    def set_password(self, service: str, user: str, secret: str) -> None:
        self.secrets[(service, user)] = secret


def test_keyring_source(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeKeyring()
    errors = types.ModuleType("keyring.errors")
    errors.KeyringError = type("KeyringError", (Exception,), {})  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", fake)
    monkeypatch.setitem(sys.modules, "keyring.errors", errors)
    monkeypatch.setenv(vault.ENCRYPT_ENV, "1")
    monkeypatch.setenv(vault.KEY_SOURCE_ENV, "keyring")
    box = vault.vault_for(home)
    assert box is not None
    state = json.loads((home / vault.STATE_NAME).read_text())
    ((service, user), secret), = fake.secrets.items()
    assert service == "scanstation" and user == state["workspace"]
    assert secret not in (home / vault.STATE_NAME).read_text()
    vault.forget()
    fake.secrets.clear()
    with pytest.raises(VaultKeyMissingError):
        vault.vault_for(home)


def test_stores_seal_what_they_write(home: Path, encrypted: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from scanstation.dossier.model import Applicant
    from scanstation.dossier.store import DossierStore
    from scanstation.outbox.blobs import BlobStore
    from scanstation.workspace import Workspace

    png = _png()
    with Workspace(home) as ws:
        original = ws.add_original(png, f"CCCD {NAME}.png", "image/png", 1)
        page = ws.add_page(original, dpi=150)
        on_disk = ws.original_path(original.sha256).read_bytes()
        assert on_disk.startswith(vault.MAGIC) and not on_disk.startswith(b"\x89PNG")
        assert ws.original(original.sha256).name == f"CCCD {NAME}.png"
        assert ws.original_bytes(original.sha256) == png
        render = ws.render_path(page)
        assert render.read_bytes().startswith(vault.MAGIC)
        assert ws.render(page).size == Image.open(io.BytesIO(png)).size
    applicant = Applicant.from_dict({"id_number": ID_NUMBER, "full_name": NAME})
    with DossierStore(home) as store:
        dossier = store.create("2.000815", "000.00.53.H48", applicant)
    vault.forget()
    monkeypatch.delenv(vault.ENCRYPT_ENV)  # sticky: vault.json keeps the workspace encrypted
    with DossierStore(home) as store:
        assert store.get(dossier.id).applicant.full_name == NAME
        store.save(store.get(dossier.id))
        (raw,) = store._db().execute("SELECT data FROM dossiers").fetchone()
    assert raw.startswith(vault.TEXT_PREFIX) and ID_NUMBER not in raw
    blobs = BlobStore(home / "outbox" / "blobs")
    sha = blobs.put_bytes(NAME.encode())
    assert blobs.path(sha).read_bytes().startswith(vault.MAGIC)
    assert blobs.read(sha) == NAME.encode() and blobs.verify(sha, len(NAME.encode()))
    tampered = bytearray(blobs.path(sha).read_bytes())
    tampered[-3] ^= 0x40
    blobs.path(sha).chmod(0o600)
    blobs.path(sha).write_bytes(bytes(tampered))
    assert not blobs.verify(sha, len(NAME.encode()))


def test_encryption_off_writes_plain(home: Path) -> None:
    from scanstation.workspace import Workspace

    png = _png()
    with Workspace(home) as ws:
        original = ws.add_original(png, "scan.png", "image/png", 1)
        assert ws.original_path(original.sha256).read_bytes() == png
    assert not (home / vault.STATE_NAME).exists()


def test_default_home_matches_paths(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCANSTATION_HOME", str(tmp_path))
    assert vault._default_home() == paths.workspace_home()
    monkeypatch.delenv("SCANSTATION_HOME")
    assert vault._default_home() == paths.workspace_home()


def test_cli_wrong_key_is_a_clear_error(home: Path, encrypted: Path, tmp_path: Path) -> None:
    env = {**os.environ, "SCANSTATION_HOME": str(home)}
    new = subprocess.run([sys.executable, "-m", "scanstation", "dossier", "new", "-p",
                          "2.000815", "--applicant-json", "-"], capture_output=True, text=True,
                         input=json.dumps({"id_number": ID_NUMBER, "full_name": NAME}),
                         env={**env, "SCANSTATION_AGENCY_CODE": "000.00.53.H48"}, timeout=120)
    assert new.returncode == 0, new.stderr
    wrong = tmp_path / "wrong.key"
    wrong.write_text(os.urandom(32).hex())
    env[vault.KEY_FILE_ENV] = str(wrong)
    proc = subprocess.run([sys.executable, "-m", "scanstation", "dossier", "status",
                           new.stdout.strip(), "--json"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 9, proc.stderr
    assert "Traceback" not in proc.stderr and NAME not in proc.stdout + proc.stderr
    assert "không phải khóa" in proc.stderr and "is not the key" in proc.stderr


def test_app_build_inside_the_workspace_is_sealed_and_sent_plain(
        home: Path, encrypted: Path, tmp_path: Path) -> None:
    """The app builds into ``<home>/built/<id>``: sealed like the workspace, its manifest's hashes
    over the plain files, frozen by the outbox as plain bytes, removed by the purge."""
    import hashlib

    from scanstation.dossier import service
    from scanstation.dossier.build import build_dossier
    from scanstation.dossier.model import Applicant
    from scanstation.outbox.queue import Outbox
    from scanstation.retention import erase_subject

    scan = tmp_path / "don.png"
    synthetic.render_page("single_line", seed=4, dpi=150).image.save(scan, dpi=(150, 150))
    applicant = Applicant.from_dict({"id_number": ID_NUMBER, "full_name": NAME})
    dossier = service.new_dossier(home, "2.000815", applicant, agency_code="000.00.53.H48")
    service.add_documents(home, dossier.id, "ban-chinh", [scan], clean=False)
    out = home / "built" / dossier.id
    build_dossier(home, dossier.id, out, jobs=1)
    files = sorted(p for p in out.iterdir() if p.is_file())
    assert files and all(p.read_bytes().startswith(vault.MAGIC) for p in files)
    manifest = json.loads(vault.read(out / "manifest.json"))
    assert manifest["applicant"]["full_name"] == NAME
    (doc,) = manifest["documents"]
    pdf = vault.read(out / doc["file"])
    assert pdf.startswith(b"%PDF-") and hashlib.sha256(pdf).hexdigest() == doc["sha256"]
    with Outbox(home) as outbox:
        item = outbox.add_path(out).item
        parcel = outbox.parcel(item)
        (frozen,) = parcel.files
        with frozen.open() as handle:
            assert handle.read() == pdf  # what a transport sends
        assert json.loads(parcel.manifest)["documents"][0]["sha256"] == doc["sha256"]
    report = erase_subject(home, ID_NUMBER)
    assert report.dossiers == [dossier.id] and not out.exists()  # the sealed manifest matched


def _files_holding(root: Path, *needles: str) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()
            and any(n.encode() in p.read_bytes() for n in needles)]


def test_privacy_encrypt_seals_a_workspace_that_was_plain(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scanstation.dossier.model import Applicant
    from scanstation.dossier.store import DossierStore
    from scanstation.outbox.blobs import BlobStore
    from scanstation.workspace import Workspace

    png = _png()
    with Workspace(home) as ws:
        original = ws.add_original(png, f"CCCD {NAME}.png", "image/png", 1)
        ws.render_path(ws.add_page(original, dpi=150))
    with DossierStore(home) as store:
        dossier = store.create("2.000815", "000.00.53.H48",
                               Applicant.from_dict({"id_number": ID_NUMBER, "full_name": NAME}))
    blobs = BlobStore(home / "outbox" / "blobs")
    sha = blobs.put_bytes(f'{{"id_number": "{ID_NUMBER}"}}'.encode())
    assert _files_holding(home, NAME, ID_NUMBER)  # plain before
    key_file = tmp_path / "keys" / "ws.key"
    env = {**os.environ, "SCANSTATION_HOME": str(home), vault.KEY_FILE_ENV: str(key_file)}
    proc = subprocess.run([sys.executable, "-m", "scanstation", "privacy", "encrypt"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["encrypted"] is True and report["key"] == str(key_file)
    assert report["files_sealed"] == 3 and report["rows_sealed"] == 2  # original, render, blob
    assert _files_holding(home, NAME, ID_NUMBER) == []
    assert stat.S_IMODE(blobs.path(sha).stat().st_mode) == 0o400
    monkeypatch.setenv(vault.KEY_FILE_ENV, str(key_file))
    with Workspace(home) as ws:
        assert ws.original_bytes(original.sha256) == png
        assert ws.original(original.sha256).name == f"CCCD {NAME}.png"
    with DossierStore(home) as store:
        assert store.get(dossier.id).applicant.id_number == ID_NUMBER
    assert blobs.verify(sha, len(blobs.read(sha)))
    again = subprocess.run([sys.executable, "-m", "scanstation", "privacy", "encrypt"],
                           capture_output=True, text=True, env=env, timeout=120)
    second = json.loads(again.stdout)
    assert second["files_sealed"] == 0 and second["already_sealed"] == 3


def test_outbox_names_are_sealed(home: Path, encrypted: Path, tmp_path: Path) -> None:
    from scanstation.outbox.queue import Outbox

    pdf = tmp_path / f"CCCD {NAME}.pdf"  # queued as it was named by the officer
    pdf.write_bytes(b"%PDF-1.7\n% " + ID_NUMBER.encode() + b"\n%%EOF\n")
    with Outbox(home) as outbox:
        item = outbox.add_path(pdf).item
        assert item.source_name == pdf.name and outbox.get(item.id).source_name == pdf.name
        (frozen,) = outbox.files(item.id)
        assert frozen.name == pdf.name
        with frozen.open() as handle:
            assert handle.read() == pdf.read_bytes()
        raw = outbox._db.execute("SELECT source_name FROM items").fetchone()[0]
        assert raw.startswith(vault.TEXT_PREFIX)
    assert _files_holding(home, NAME, ID_NUMBER) == []


def test_processes_turning_it_on_at_once_agree_on_one_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app and its helper processes may open a fresh workspace at the same moment."""
    home = tmp_path / "home"
    env = {**os.environ, "SCANSTATION_HOME": str(home), vault.ENCRYPT_ENV: "1",
           vault.KEY_FILE_ENV: str(tmp_path / "keys" / "ws.key")}
    go = tmp_path / "go"
    # a start line: every process is imported and waiting before the first one goes
    code = ("import os, sys; from pathlib import Path; from scanstation import vault\n"
            "import cryptography.hazmat.primitives.ciphers.aead\n"
            "print('ready', flush=True)\n"
            "while not os.path.exists(sys.argv[2]): pass\n"
            "v = vault.vault_for(Path(sys.argv[1]))\n"
            "print(v.key_id.hex(), v.seal(b'ok').hex())")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(home), str(go)], env=env,
                              text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(4)]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    go.touch()
    outputs = [p.communicate(timeout=120) for p in procs]
    outputs = [(out, err) for out, err in outputs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    ids = {out.split()[0] for out, _ in outputs}
    state = json.loads((home / vault.STATE_NAME).read_text())
    assert ids == {state["key_id"]}
    vault.forget()
    monkeypatch.setenv(vault.KEY_FILE_ENV, env[vault.KEY_FILE_ENV])
    box = vault.vault_for(home)
    assert box is not None
    assert {box.open(bytes.fromhex(out.split()[1])) for out, _ in outputs} == {b"ok"}
    assert [p.name for p in home.iterdir()] == [vault.STATE_NAME]  # no temp left behind
