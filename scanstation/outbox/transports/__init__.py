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
from pathlib import Path

from ..errors import PortalNotConfiguredError
from .base import RECEIPT_ID_MAX, Transport, env_float, make_receipt, receipt_id_problem

__all__ = ["RECEIPT_ID_MAX", "Transport", "env_float", "make_receipt", "open_transport",
           "receipt_id_problem"]


def open_transport(url: str | None) -> Transport:
    """Pick and configure the transport for ``url`` (credentials from the environment)."""
    url = (url or os.environ.get("SCANSTATION_PORTAL_URL") or "").strip()
    if not url:
        raise PortalNotConfiguredError(reason="--portal-url")
    timeout = env_float("SCANSTATION_OUTBOX_TIMEOUT", 15.0)
    if url.startswith("paperless+"):
        from .paperless import PaperlessTransport

        return PaperlessTransport(
            url.removeprefix("paperless+"),
            token=_secret("SCANSTATION_PAPERLESS_TOKEN") or _secret("SCANSTATION_PORTAL_TOKEN"),
            ca_file=os.environ.get("SCANSTATION_PORTAL_CA") or None,
            timeout=timeout,
            poll_timeout=env_float("SCANSTATION_PAPERLESS_POLL_TIMEOUT", 120.0),
        )
    if url.startswith(("http://", "https://")):
        from .http import HttpTransport

        return HttpTransport(
            url,
            token=_secret("SCANSTATION_PORTAL_TOKEN"),
            ca_file=os.environ.get("SCANSTATION_PORTAL_CA") or None,
            client_cert=os.environ.get("SCANSTATION_PORTAL_CERT") or None,
            client_key=os.environ.get("SCANSTATION_PORTAL_KEY") or None,
            timeout=timeout,
        )
    from .folder import FolderTransport

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
