"""What every transport offers the sender, and how a portal address picks one.

A transport delivers one frozen dossier version (:class:`~scanstation.outbox.queue.Parcel`) and
answers whether the portal already has it. It returns a receipt (a dict with at least
``receipt_id``) or raises :class:`TransientPortalError` (retry later) or
:class:`PermanentPortalError` (the portal refused this dossier). Exactly-once delivery rests on
three legs: the sender sends at least once, the receiver is idempotent by key (or content), and the
sender asks (``lookup``) before re-sending anything that may already have arrived.

Addresses (``--portal-url`` / ``SCANSTATION_PORTAL_URL``)::

    https://portal.example/api          generic HTTP protocol (docs/portal-protocol.md)
    file:///mnt/share/inbox  or a path  folder / network share
    paperless+https://paperless.lan     Paperless-ngx REST API
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Protocol

from .errors import PortalNotConfiguredError
from .queue import Parcel


class Transport(Protocol):
    name: str

    def deliver(self, parcel: Parcel) -> dict[str, Any]:
        """Send ``parcel``; return its receipt. Raises Transient/PermanentPortalError."""
        ...

    def lookup(self, parcel: Parcel) -> dict[str, Any] | None:
        """The receipt if the portal already holds this version, else None."""
        ...

    def close(self) -> None: ...


def make_receipt(
    parcel: Parcel, receipt_id: str, transport: str, via: str, **extra: Any
) -> dict[str, Any]:
    """The receipt as stored: portal id, time, and the hash of exactly what was sent."""
    now = time.time()
    return {
        "receipt_id": receipt_id,
        "transport": transport,
        "via": via,  # "send" or "lookup" (found by reconciliation)
        "received_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
        "received_at_ts": now,
        "idempotency_key": parcel.idempotency_key,
        "sha256": parcel.digest,
        "files": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in parcel.files],
        **extra,
    }


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        return default


def open_transport(url: str | None) -> Transport:
    """Pick and configure the transport for ``url`` (credentials from the environment)."""
    url = (url or os.environ.get("SCANSTATION_PORTAL_URL") or "").strip()
    if not url:
        raise PortalNotConfiguredError(reason="--portal-url")
    timeout = env_float("SCANSTATION_OUTBOX_TIMEOUT", 15.0)
    if url.startswith("paperless+"):
        from .transport_paperless import PaperlessTransport

        return PaperlessTransport(
            url.removeprefix("paperless+"),
            token=_secret("SCANSTATION_PAPERLESS_TOKEN") or _secret("SCANSTATION_PORTAL_TOKEN"),
            ca_file=os.environ.get("SCANSTATION_PORTAL_CA") or None,
            timeout=timeout,
            poll_timeout=env_float("SCANSTATION_PAPERLESS_POLL_TIMEOUT", 120.0),
        )
    if url.startswith(("http://", "https://")):
        from .transport_http import HttpTransport

        return HttpTransport(
            url,
            token=_secret("SCANSTATION_PORTAL_TOKEN"),
            ca_file=os.environ.get("SCANSTATION_PORTAL_CA") or None,
            client_cert=os.environ.get("SCANSTATION_PORTAL_CERT") or None,
            client_key=os.environ.get("SCANSTATION_PORTAL_KEY") or None,
            timeout=timeout,
        )
    from .transport_folder import FolderTransport

    if url.startswith("file://"):
        from urllib.parse import unquote, urlparse

        return FolderTransport(Path(unquote(urlparse(url).path)))
    if "://" in url:
        raise PortalNotConfiguredError(reason=f"scheme {url.split('://', 1)[0]!r}")
    return FolderTransport(Path(url))


def _secret(name: str) -> str | None:
    """A credential from ``NAME`` or from the file named by ``NAME_FILE`` (for systemd/secrets)."""
    value = os.environ.get(name)
    if value:
        return value.strip()
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError:
            return None
    return None
