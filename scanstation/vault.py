"""Optional encryption at rest of the workspace's personal data (AES-256-GCM, ``cryptography``).

Turned on per workspace with ``SCANSTATION_ENCRYPT=1``: the first store opened on the workspace
writes ``<home>/vault.json`` (no secret in it: the workspace's random id, where the key comes from,
the scrypt salt, a 4-byte key id) and from then on the workspace stays encrypted, whoever starts
the station (``SCANSTATION_ENCRYPT=0`` makes new writes plain again; reads always decrypt).

Where the key lives (``SCANSTATION_KEY_SOURCE``), never beside the data:

* ``file`` (default): 32 random bytes, hex, in ``SCANSTATION_KEY_FILE`` or
  ``<user config dir>/keys/<workspace id>.key`` (0600 in a 0700 folder); a key file inside the
  workspace is refused;
* ``passphrase``: scrypt of ``SCANSTATION_PASSPHRASE`` (or a prompt on a terminal), salt in
  ``vault.json``;
* ``keyring``: the OS keyring through the optional ``keyring`` package.

What is sealed goes through two choke points: ``write_personal`` / ``read_personal`` below (files:
originals, renders, outbox copies) and the stores' row codecs (``seal_text``/``open_text``: the
dossier JSON, original file names, outbox source names). A sealed file is
``MAGIC | key id | nonce | ciphertext+tag`` (36 bytes over the plaintext); a sealed text is
``ssv1:`` + base64 of the same. Readers call ``read``/``unseal``, which pass plain data through,
so a workspace may mix both (files written before encryption was turned on). Hashes the
contracts rely on (originals by sha256, outbox blobs and manifests, idempotency keys) are over
the plaintext. ``cryptography`` is imported only when a vault is opened (CLI start-up time).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

from . import fsio
from .errors import (
    VaultConfigError,
    VaultDataError,
    VaultKeyMissingError,
    VaultWrongKeyError,
)

MAGIC = b"SSV\x01"  # the first bytes of a sealed file
TEXT_PREFIX = "ssv1:"
STATE_NAME = "vault.json"
KEY_BYTES = 32
NONCE_BYTES = 12
OVERHEAD = len(MAGIC) + 4 + NONCE_BYTES + 16  # header + GCM tag

ENCRYPT_ENV = "SCANSTATION_ENCRYPT"
KEY_SOURCE_ENV = "SCANSTATION_KEY_SOURCE"
KEY_FILE_ENV = "SCANSTATION_KEY_FILE"
PASSPHRASE_ENV = "SCANSTATION_PASSPHRASE"
KEY_SOURCES = ("file", "passphrase", "keyring")
KEYRING_SERVICE = "scanstation"
# scrypt cost: ~50 ms here, paid once per process (CLI start-up counts)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1

_APP = ("scanstation", "ScanStation")  # paths.APP_NAME, APP_AUTHOR (fsio's layer: no paths)
_lock = threading.RLock()
_vaults: dict[str, Vault] = {}  # resolved home → opened vault
_homes: dict[str, Path] = {}  # folder → the encrypted workspace it lies in


def encrypt_setting() -> bool | None:
    """``SCANSTATION_ENCRYPT``: True (1/yes/on), False (0/no/off) or None (unset)."""
    raw = os.environ.get(ENCRYPT_ENV, "").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    return None


class Vault:
    """One workspace's key. ``seal``/``open`` bytes, ``seal_text``/``open_text`` strings."""

    def __init__(self, home: Path, key: bytes, where: str, source: str = "file") -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.home = home
        self.where = where  # the key file, the keyring entry or the passphrase's origin
        self.source = source
        self.key_id = key_id(key)
        self._aead = AESGCM(key)
        self._header = MAGIC + self.key_id

    def seal(self, data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return self._header + nonce + self._aead.encrypt(nonce, data, self._header)

    def open(self, blob: bytes, name: str = "") -> bytes:
        from cryptography.exceptions import InvalidTag

        header = blob[:len(self._header)]
        if header[:len(MAGIC)] != MAGIC:
            return blob
        if len(blob) < OVERHEAD:  # cut short (a copy that stopped, a full disk elsewhere)
            raise VaultDataError(path=name or str(self.home))
        if header != self._header:
            raise VaultWrongKeyError(path=str(self.home), where=self.where)
        nonce = blob[len(header):len(header) + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, blob[len(header) + NONCE_BYTES:], header)
        except (InvalidTag, ValueError):
            raise VaultDataError(path=name or str(self.home)) from None

    def seal_text(self, text: str) -> str:
        return TEXT_PREFIX + base64.b64encode(self.seal(text.encode("utf-8"))).decode("ascii")

    def open_text(self, value: str) -> str:
        if not value.startswith(TEXT_PREFIX):
            return value
        try:
            blob = base64.b64decode(value[len(TEXT_PREFIX):], validate=True)
        except ValueError:
            raise VaultDataError(path=str(self.home)) from None
        return self.open(blob).decode("utf-8")


def _default_home() -> Path:
    """``paths.workspace_home()`` (repeated: this module sits under fsio, beside paths)."""
    env = os.environ.get("SCANSTATION_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(*_APP))


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"scanstation-vault-key-id\0" + key).digest()[:4]


# --- the workspace's state and key ---------------------------------------------------------------


def _read_state(home: Path) -> dict[str, Any] | None:
    path = home / STATE_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise VaultConfigError(reason_vi=f"tệp {STATE_NAME} hỏng",
                               reason_en=f"{STATE_NAME} is damaged") from None
    if not isinstance(data, dict) or data.get("key_source") not in KEY_SOURCES:
        raise VaultConfigError(reason_vi=f"tệp {STATE_NAME} hỏng",
                               reason_en=f"{STATE_NAME} is damaged")
    return data


def _write_state(home: Path, state: dict[str, Any], *, overwrite: bool) -> None:
    """``overwrite=False``: the first of several processes turning encryption on at the same
    moment (the app and its helpers on a fresh workspace) wins, atomically (``link`` fails
    if the name exists), and the others read its state."""
    from .fsio import atomic_write_text, private_dir

    text = json.dumps(state, indent=2) + "\n"
    if overwrite:
        atomic_write_text(home / STATE_NAME, text)
        return
    private_dir(home)
    tmp = home / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}-{STATE_NAME}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, home / STATE_NAME)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def _new_state(home: Path) -> dict[str, Any]:
    source = os.environ.get(KEY_SOURCE_ENV, "file").strip().lower() or "file"
    if source not in KEY_SOURCES:
        raise VaultConfigError(
            reason_vi=f"{KEY_SOURCE_ENV} phải là file, passphrase hoặc keyring",
            reason_en=f"{KEY_SOURCE_ENV} must be file, passphrase or keyring")
    state: dict[str, Any] = {"version": 1, "cipher": "AES-256-GCM",
                             "workspace": uuid.uuid4().hex, "key_source": source}
    if source == "passphrase":
        state["kdf"] = {"name": "scrypt", "salt": base64.b64encode(os.urandom(16)).decode(),
                        "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
    return state


def _inside(path: Path, home: Path) -> bool:
    try:
        return path.resolve().is_relative_to(home.resolve())
    except OSError:
        return False


def key_file_path(home: Path, workspace_id: str) -> Path:
    env = os.environ.get(KEY_FILE_ENV, "").strip()
    if env:
        path = Path(env).expanduser()
    else:
        from platformdirs import user_config_dir

        path = Path(user_config_dir(*_APP)) / "keys" / f"{workspace_id}.key"
    if _inside(path, home):
        raise VaultConfigError(
            reason_vi="tệp khóa không được nằm trong kho dữ liệu (khóa phải để riêng)",
            reason_en="the key file must not be inside the workspace (keep the key apart)")
    return path


def _key_from_file(home: Path, state: dict[str, Any], create: bool) -> tuple[bytes, str]:
    from .fsio import private_dir

    path = key_file_path(home, str(state["workspace"]))
    if not path.exists() and create:
        private_dir(path.parent)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(os.urandom(KEY_BYTES).hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # never replaces a key another process made first
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        raise VaultKeyMissingError(path=str(home), where=str(path)) from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise VaultWrongKeyError(path=str(home), where=str(path)) from None
    if len(key) != KEY_BYTES:
        raise VaultWrongKeyError(path=str(home), where=str(path))
    return key, str(path)


def _key_from_passphrase(home: Path, state: dict[str, Any]) -> tuple[bytes, str]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    passphrase = os.environ.get(PASSPHRASE_ENV)
    where = PASSPHRASE_ENV
    if passphrase is None and sys.stdin is not None and sys.stdin.isatty():
        import getpass

        passphrase = getpass.getpass("Mật khẩu mã hóa / encryption passphrase: ")
        where = "passphrase prompt"
        # the OCR and helper processes cannot prompt: they inherit it (the environment of a
        # process is readable by its own user only, never shown by ps)
        os.environ[PASSPHRASE_ENV] = passphrase
    if not passphrase:
        raise VaultKeyMissingError(path=str(home), where=PASSPHRASE_ENV)
    kdf = state.get("kdf") or {}
    try:
        salt = base64.b64decode(kdf["salt"])
        scrypt = Scrypt(salt=salt, length=KEY_BYTES, n=int(kdf["n"]), r=int(kdf["r"]),
                        p=int(kdf["p"]))
    except (KeyError, ValueError, TypeError):
        raise VaultConfigError(reason_vi=f"tệp {STATE_NAME} hỏng",
                               reason_en=f"{STATE_NAME} is damaged") from None
    return scrypt.derive(passphrase.encode("utf-8")), where


def _key_from_keyring(home: Path, state: dict[str, Any], create: bool) -> tuple[bytes, str]:
    try:
        import keyring  # type: ignore[import-not-found]  # optional: pip install keyring
        from keyring.errors import KeyringError  # type: ignore[import-not-found]
    except ImportError:
        raise VaultConfigError(
            reason_vi="chưa cài gói keyring (pip install keyring)",
            reason_en="the keyring package is not installed (pip install keyring)") from None
    user = str(state["workspace"])
    where = f"keyring {KEYRING_SERVICE}/{user}"
    try:
        stored = keyring.get_password(KEYRING_SERVICE, user)
        if stored is None and create:
            keyring.set_password(KEYRING_SERVICE, user, os.urandom(KEY_BYTES).hex())
            stored = keyring.get_password(KEYRING_SERVICE, user)
    except KeyringError as exc:
        raise VaultKeyMissingError(path=str(home), where=where, detail=type(exc).__name__) \
            from None
    if stored is None:
        raise VaultKeyMissingError(path=str(home), where=where)
    try:
        key = bytes.fromhex(stored)
    except ValueError:
        raise VaultWrongKeyError(path=str(home), where=where) from None
    if len(key) != KEY_BYTES:
        raise VaultWrongKeyError(path=str(home), where=where)
    return key, where


def _open(home: Path, state: dict[str, Any], create: bool) -> Vault:
    source = state["key_source"]
    if source == "file":
        key, where = _key_from_file(home, state, create)
    elif source == "passphrase":
        key, where = _key_from_passphrase(home, state)
    else:
        key, where = _key_from_keyring(home, state, create)
    expected = state.get("key_id")
    if expected is None:  # just enabled: record which key it is (same value in every racer)
        state["key_id"] = key_id(key).hex()
        _write_state(home, state, overwrite=True)
    elif expected != key_id(key).hex():
        raise VaultWrongKeyError(path=str(home), where=where)
    return Vault(home, key, where, source)


def vault_for(home: Path | str, *, enable: bool | None = None) -> Vault | None:
    """The workspace's vault, or None when it is not encrypted. ``enable`` (default:
    ``SCANSTATION_ENCRYPT``) turns encryption on for a workspace that has no ``vault.json``."""
    home = Path(home)
    cache_key = str(home.resolve())
    with _lock:
        vault = _vaults.get(cache_key)
        if vault is not None:
            return vault
        state = _read_state(home)
        create = False
        if state is None:
            if not (encrypt_setting() if enable is None else enable):
                return None
            _write_state(home, _new_state(home), overwrite=False)  # first writer wins
            state = _read_state(home)
            assert state is not None
            create = True
        vault = _vaults[cache_key] = _open(home, state, create or state.get("key_id") is None)
        _homes[cache_key] = home
        return vault


def prepare(home: Path | str) -> Vault | None:
    """Called by every store as it opens: turns encryption on if asked, loads the key once."""
    return vault_for(home)


def _workspace_of(path: Path) -> Path | None:
    """The encrypted workspace ``path`` lies in (the nearest folder with ``vault.json``)."""
    folder = path.parent
    probe = folder
    seen: list[str] = []
    while True:
        text = str(probe)
        found = _homes.get(text)
        if found is not None or (probe / STATE_NAME).is_file():
            home = found or probe
            for visited in seen:
                _homes[visited] = home
            return home
        seen.append(text)
        if probe.parent == probe:
            return None
        probe = probe.parent


def sealing_vault(path: Path | str) -> Vault | None:
    """The vault that seals a personal file written at ``path`` (None: write it plain)."""
    setting = encrypt_setting()
    if setting is False:
        return None
    path = Path(path).absolute()
    home = _workspace_of(path)
    if home is None:
        if not setting:
            return None
        home = _default_home().absolute()
        if not path.is_relative_to(home):
            return None
    return vault_for(home, enable=setting)


def seal_for(path: Path | str, data: bytes) -> bytes:
    vault = sealing_vault(path)
    return vault.seal(data) if vault is not None else data


def is_sealed(data: bytes) -> bool:
    return data[:len(MAGIC)] == MAGIC


def unseal(path: Path | str, data: bytes) -> bytes:
    """``data`` read from ``path``, decrypted if it was sealed."""
    if not is_sealed(data):
        return data
    path = Path(path).absolute()
    wanted = data[len(MAGIC):len(MAGIC) + 4]
    with _lock:
        vault = next((v for v in _vaults.values() if v.key_id == wanted), None)
    if vault is None:
        home = _workspace_of(path)
        if home is None:
            home = _default_home()
        vault = vault_for(home, enable=False)
        if vault is None:
            raise VaultKeyMissingError(path=str(home), where=STATE_NAME)
    return vault.open(data, path.name)


def read(path: Path | str) -> bytes:
    """The plaintext of a personal file (sealed or not)."""
    return unseal(path, Path(path).read_bytes())


def seal_text(home: Path, text: str) -> str:
    vault = vault_for(home) if encrypt_setting() is not False else None
    return vault.seal_text(text) if vault is not None else text


def open_text(home: Path, value: str) -> str:
    if not value.startswith(TEXT_PREFIX):
        return value
    vault = vault_for(home, enable=False)
    if vault is None:
        raise VaultKeyMissingError(path=str(home), where=STATE_NAME)
    return vault.open_text(value)


def forget() -> None:
    """Drop the opened vaults (tests; a key change)."""
    with _lock:
        _vaults.clear()
        _homes.clear()


# --- the file choke point: every write and read of personal data at rest ---------------------


def write_personal(path: Path | str, data: bytes, *, overwrite: bool = True) -> Path:
    """Write personal data (a scan, an ID-card image, a frozen dossier) atomically, sealed with
    the workspace's key when encryption at rest is on; read it back with ``read_personal``."""
    return fsio.atomic_write_bytes(path, seal_for(path, data), overwrite=overwrite)


def write_personal_text(path: Path | str, text: str, *, overwrite: bool = True) -> Path:
    return write_personal(path, text.encode("utf-8"), overwrite=overwrite)


def read_personal(path: Path | str) -> bytes:
    """The plaintext of a file written by ``write_personal`` (a plain file comes back as it is;
    no key is looked for unless the file is sealed)."""
    data = Path(path).read_bytes()
    return unseal(path, data) if is_sealed(data) else data
