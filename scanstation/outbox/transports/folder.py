"""Folder / network-share transport: one directory per dossier version, made visible atomically.

Layout written under the target folder::

    <code-or-name>-<key12>/          appears only once complete (temp dir → fsync → rename)
        manifest.json                 the frozen manifest, byte for byte
        <files…>                      the frozen files (relative paths kept)
        outbox-receipt.json           idempotency key, sha256 of every file, time

A consumer (a portal connector, a scanner-inbox watcher) never sees a half-written dossier: it
only needs to ignore names starting with ``.``. The receipt is the final path plus the package
sha256 (the content hash behind the idempotency key). Delivering the same version again finds the
directory and returns the same receipt, so a crash between rename and commit never duplicates.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import unicodedata
import uuid
from contextlib import suppress
from pathlib import Path
from typing import Any

from ...fsio import fsync_dir
from ..errors import PermanentPortalError, TransientPortalError
from ..items import MANIFEST_NAME, Parcel
from .base import make_receipt

RECEIPT_NAME = "outbox-receipt.json"
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def package_dir_name(parcel: Parcel) -> str:
    """Deterministic per version (so a retry finds its own earlier delivery)."""
    base = parcel.dossier_code or Path(parcel.source_name).stem or "dossier"
    base = _UNSAFE.sub("_", unicodedata.normalize("NFC", base)).strip("._")[:80] or "dossier"
    return f"{base}-{parcel.digest[:12]}"


class FolderTransport:
    name = "folder"

    def __init__(self, root: Path) -> None:
        self.root = root

    def close(self) -> None:
        pass

    def lookup(self, parcel: Parcel) -> dict[str, Any] | None:
        final = self.root / package_dir_name(parcel)
        try:
            raw = (final / RECEIPT_NAME).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TransientPortalError(f"share not readable: {exc.strerror}",
                                       ambiguous=True) from exc
        try:
            recorded = json.loads(raw)
        except ValueError:
            recorded = {}
        if recorded.get("idempotency_key") != parcel.idempotency_key:
            raise PermanentPortalError(f"{final.name} exists with other content")
        return make_receipt(parcel, str(final), self.name, "lookup", path=str(final))

    def deliver(self, parcel: Parcel) -> dict[str, Any]:
        found = self.lookup(parcel)
        if found is not None:
            found["via"] = "send"
            return found
        if not self.root.is_dir():
            # An unmounted share looks like a missing folder: wait for it, do not create it.
            raise TransientPortalError(f"target folder not reachable: {self.root}",
                                       ambiguous=False)
        final = self.root / package_dir_name(parcel)
        tmp = self.root / f".tmp-{final.name}-{uuid.uuid4().hex[:8]}"
        self._sweep(final.name)
        try:
            tmp.mkdir()
            _write(tmp / MANIFEST_NAME, parcel.manifest)
            for frozen in parcel.files:
                target = tmp / frozen.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with frozen.open() as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                    dst.flush()
                    os.fsync(dst.fileno())
            record = {
                "idempotency_key": parcel.idempotency_key,
                "sha256": parcel.digest,
                "manifest_sha256": hashlib.sha256(parcel.manifest).hexdigest(),
                "files": [{"name": f.name, "sha256": f.sha256, "size": f.size}
                          for f in parcel.files],
            }
            _write(tmp / RECEIPT_NAME,
                   json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"))
            for directory in {p.parent for p in tmp.rglob("*")} | {tmp}:
                fsync_dir(directory)
            try:
                tmp.rename(final)
            except OSError as exc:
                if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):  # another sender won the race
                    shutil.rmtree(tmp, ignore_errors=True)
                    found = self.lookup(parcel)
                    if found is not None:
                        return found
                raise
            fsync_dir(self.root)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
            raise TransientPortalError(
                "target disk full" if full else f"write failed: {exc.strerror}",
                ambiguous=False, portal_wide=True,
            ) from exc
        return make_receipt(parcel, str(final), self.name, "send", path=str(final))

    def _sweep(self, final_name: str) -> None:
        """Remove temp dirs an earlier, killed delivery of this same version left behind."""
        for stale in self.root.glob(f".tmp-{final_name}-*"):
            with suppress(OSError):
                shutil.rmtree(stale)


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
