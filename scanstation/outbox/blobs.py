"""The outbox's content-addressed store: immutable files named by their sha256.

Frozen copies hold personal data (the manifest carries the applicant's ID number and name, the
files may be ID-card images): blobs are owner-read-only (0400) in owner-only folders (0700),
whatever the umask. With encryption at rest on (``vault.py``) a blob is sealed with the
workspace's key; it is still named by the sha256 of its plain bytes (the idempotency key and the
portal's hashes are over what is sent), and ``read``/``verify``/``FrozenFile.open`` decrypt.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from contextlib import suppress
from pathlib import Path

from ..errors import DiskFullError, StorageError, VaultDataError
from ..fsio import TEMP_PREFIX, fsync_dir, private_dir
from ..vault import MAGIC, OVERHEAD, read_personal, sealing_vault


class BlobStore:
    """Immutable files named by their sha256 (``blobs/ab/ab12…``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        private_dir(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put_file(self, source: Path) -> tuple[str, int]:
        """Copy ``source`` in, hashing the bytes actually copied; returns (sha256, size)."""
        known = self._known(source)
        if known is not None:  # already frozen (re-adding a version): no copy, works on a full disk
            return known
        vault = sealing_vault(self.root / "blob")
        if vault is not None or _sealed(source):  # AES-GCM in one piece: read into memory
            try:
                data = read_personal(source)  # the plain bytes: names and hashes are over them
            except OSError as exc:
                raise storage_error(exc, self.root) from exc
            return self.put_bytes(data), len(data)
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.root)
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while chunk := src.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            self._install(tmp, sha)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise storage_error(exc, self.root) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return sha, size

    def _known(self, source: Path) -> tuple[str, int] | None:
        digest = hashlib.sha256()
        size = 0
        try:
            with open(source, "rb") as src:
                while chunk := src.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
        except OSError:
            return None
        sha = digest.hexdigest()
        path = self.path(sha)
        try:
            return (sha, size) if path.stat().st_size in (size, size + OVERHEAD) else None
        except OSError:
            return None

    def put_bytes(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        if self.path(sha).exists():
            return sha
        vault = sealing_vault(self.path(sha))
        stored = vault.seal(data) if vault is not None else data
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.root)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(stored)
                out.flush()
                os.fsync(out.fileno())
            self._install(tmp, sha)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise storage_error(exc, self.root) from exc
        return sha

    def _install(self, tmp: Path, sha: str) -> None:
        final = self.path(sha)
        if final.exists():  # same bytes already frozen by an earlier version
            tmp.unlink()
            return
        private_dir(final.parent)
        tmp.chmod(0o400)  # frozen (nobody edits a blob in place by accident) and private
        tmp.replace(final)
        fsync_dir(final.parent)

    def read(self, sha256: str) -> bytes:
        """A blob's plain bytes (decrypted if sealed)."""
        return read_personal(self.path(sha256))

    def verify(self, sha256: str, size: int) -> bool:
        path = self.path(sha256)
        try:
            stored = path.stat().st_size
            if stored == size + OVERHEAD:  # sealed (vault.py): check the plaintext
                data = read_personal(path)
                return len(data) == size and hashlib.sha256(data).hexdigest() == sha256
            if stored != size:
                return False
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
        except (OSError, VaultDataError):  # a damaged or altered blob
            return False
        return digest.hexdigest() == sha256

    def remove(self, sha256s: set[str]) -> int:
        """Unlink these blobs (purged copies); returns how many were there."""
        removed = 0
        for sha in sha256s:
            path = self.path(sha)
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise storage_error(exc, path) from exc
        return removed

    def sweep_temps(self) -> None:
        for tmp in self.root.glob(f"{TEMP_PREFIX}*"):
            with suppress(OSError):
                tmp.unlink()


def _sealed(source: Path) -> bool:
    try:
        with open(source, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def storage_error(exc: OSError, path: Path) -> StorageError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(path=str(path))
    return StorageError(path=str(path), detail=exc.strerror)
