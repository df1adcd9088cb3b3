"""Paperless-ngx transport: ``POST /api/documents/post_document/``, then task polling.

Paperless takes one document per upload and consumes it asynchronously: the upload answers a
task id, and ``GET /api/tasks/?task_id=…`` tells when the document exists (``SUCCESS`` with
``related_document``) or why it does not (``FAILURE``). There is no idempotency key; what makes a
retry safe is that Paperless identifies a document by the MD5 of its original file (``checksum``,
filterable as ``/api/documents/?checksum__iexact=…``) and refuses to consume a duplicate. So
before (re)sending a file we ask by checksum, and a "duplicate" task failure is resolved the same
way. The receipt lists the Paperless document id of every file of the dossier.

Auth: ``Authorization: Token <token>`` (``SCANSTATION_PAPERLESS_TOKEN``).
"""

from __future__ import annotations

import hashlib
import re
import ssl
import time
from typing import Any

from ...privacy import scrub
from ..errors import PermanentPortalError, TransientPortalError
from ..items import FrozenFile, Parcel
from .base import make_receipt
from .http import RETRYABLE_4XX, is_loopback, parse_retry_after

_DUPLICATE = re.compile(r"duplicate", re.IGNORECASE)
_DOC_ID = re.compile(r"#\s*(\d+)")


def md5_of(frozen: FrozenFile) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with frozen.open() as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class PaperlessTransport:
    name = "paperless"

    def __init__(self, base_url: str, *, token: str | None, ca_file: str | None = None,
                 timeout: float = 30.0, poll_timeout: float = 120.0,
                 poll_interval: float = 0.5) -> None:
        import httpx

        self.base = base_url.rstrip("/")
        headers = {"Accept": "application/json; version=5", "User-Agent": "ScanStation-outbox/1"}
        if token:
            headers["Authorization"] = f"Token {token}"
        verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=ca_file) if ca_file \
            else True
        self._client = httpx.Client(headers=headers, verify=verify, timeout=timeout,
                                    follow_redirects=False,
                                    trust_env=not is_loopback(self.base))
        self.poll_timeout = poll_timeout
        self.poll_interval = poll_interval

    def close(self) -> None:
        self._client.close()

    # -- protocol

    def lookup(self, parcel: Parcel) -> dict[str, Any] | None:
        ids = [self._find(frozen) for frozen in parcel.files]
        if any(i is None for i in ids):
            return None
        return self._receipt(parcel, [int(i) for i in ids if i is not None], "lookup")

    def deliver(self, parcel: Parcel) -> dict[str, Any]:
        ids: list[int] = []
        for frozen in parcel.files:
            found = self._find(frozen)  # already consumed by an earlier, interrupted attempt?
            ids.append(found if found is not None else self._upload(parcel, frozen))
        return self._receipt(parcel, ids, "send")

    # -- steps

    def _find(self, frozen: FrozenFile) -> int | None:
        response = self._call("GET", "/api/documents/", sent=False,
                              params={"checksum__iexact": md5_of(frozen), "fields": "id"})
        data = response.json()
        results = data.get("results") if isinstance(data, dict) else None
        if results:
            return int(results[0]["id"])
        return None

    def _upload(self, parcel: Parcel, frozen: FrozenFile) -> int:
        title = f"{parcel.dossier_code} – {frozen.name}" if parcel.dossier_code else frozen.name
        with frozen.open() as handle:
            response = self._call(
                "POST", "/api/documents/post_document/", sent=True,
                files={"document": (frozen.name.rsplit("/", 1)[-1], handle, frozen.media_type)},
                data={"title": title},
            )
        task_id = response.json()
        if isinstance(task_id, dict):
            task_id = task_id.get("task_id")
        if not isinstance(task_id, str) or not task_id:
            raise TransientPortalError("post_document answered no task id", portal_wide=False)
        return self._wait(task_id, frozen)

    def _wait(self, task_id: str, frozen: FrozenFile) -> int:
        deadline = time.monotonic() + self.poll_timeout
        while True:
            response = self._call("GET", "/api/tasks/", sent=False, params={"task_id": task_id})
            tasks = response.json()
            task = tasks[0] if isinstance(tasks, list) and tasks else None
            status = (task or {}).get("status", "PENDING")
            if status == "SUCCESS" and task and task.get("related_document") is not None:
                return int(task["related_document"])
            if status in ("FAILURE", "REVOKED"):
                result = str((task or {}).get("result") or "")
                if _DUPLICATE.search(result):
                    found = self._find(frozen)
                    if found is not None:
                        return found
                    match = _DOC_ID.search(result)
                    if match:
                        return int(match.group(1))
                raise PermanentPortalError(
                    f"Paperless: {scrub(result)[:200] or status}", status=None
                )
            if time.monotonic() >= deadline:
                # Still consuming: the next attempt asks by checksum before uploading again.
                raise TransientPortalError("Paperless task still pending", ambiguous=True,
                                           portal_wide=False)
            time.sleep(self.poll_interval)

    def _receipt(self, parcel: Parcel, ids: list[int], via: str) -> dict[str, Any]:
        receipt_id = "paperless:" + ",".join(str(i) for i in ids)
        return make_receipt(parcel, receipt_id, self.name, via, document_ids=ids,
                            portal_url=self.base)

    def _call(self, method: str, path: str, *, sent: bool, **kwargs: Any) -> Any:
        import httpx

        try:
            response = self._client.request(method, self.base + path, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise TransientPortalError(type(exc).__name__, ambiguous=False) from exc
        except httpx.HTTPError as exc:
            raise TransientPortalError(type(exc).__name__, ambiguous=sent) from exc
        status = response.status_code
        if 200 <= status < 300:
            try:
                response.json()
            except ValueError as exc:
                raise TransientPortalError(f"HTTP {status}: not JSON", status=status,
                                           portal_wide=False) from exc
            return response
        if status >= 500 or status in RETRYABLE_4XX:
            raise TransientPortalError(f"HTTP {status}", status=status,
                                       retry_after=parse_retry_after(
                                           response.headers.get("Retry-After")))
        raise PermanentPortalError(
            f"HTTP {status}: {scrub(response.text[:200])}", status=status
        )
