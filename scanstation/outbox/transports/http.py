"""The generic HTTP protocol (httpx): POST and GET on ``{base}/dossiers``.

The full protocol, written for a portal integrator, is in ``docs/portal-protocol.md``. Which
answers are worth retrying:

* 200/201 with ``{"receipt_id": "…"}`` — delivered.
* 408 Request Timeout, 425 Too Early, 429 Too Many Requests, every 5xx — the portal is slow,
  overloaded or broken *now*; retry with backoff and honour ``Retry-After``.
* 409 Conflict — under an Idempotency-Key, "a request with this key is still being processed":
  retry later, and ask first.
* 2xx without a receipt (202 Accepted, or a body we cannot read) — the portal may have stored it:
  retry, asking first.
* 3xx — not followed (a dossier is never re-posted to an address nobody configured): refused.
* any other 4xx (400, 401, 403, 404, 413, 422, …) — this request will not succeed by repeating it:
  ``failed`` with the status and the portal's message; the officer fixes the cause and retries.
"""

from __future__ import annotations

import email.utils
import json
import ssl
import time
from contextlib import ExitStack
from typing import Any

from ...privacy import scrub
from ..errors import PermanentPortalError, PortalAnswerInvalidError, TransientPortalError
from ..items import Parcel
from .base import make_receipt, receipt_id_problem

RETRYABLE_4XX = frozenset({408, 409, 425, 429})
USER_AGENT = "ScanStation-outbox/1"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds from now (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _portal_message(body: bytes) -> str:
    """A short, scrubbed excerpt of the portal's error body (for the officer, not for logs)."""
    text = body[:2000].decode("utf-8", "replace")
    try:
        data = json.loads(text)
        if isinstance(data, dict):
            for key in ("error", "message", "detail", "reason"):
                if isinstance(data.get(key), str):
                    text = data[key]
                    break
    except ValueError:
        pass
    return scrub(" ".join(text.split()))[:200]


class HttpTransport:
    name = "http"

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        ca_file: str | None = None,
        client_cert: str | None = None,
        client_key: str | None = None,
        timeout: float = 30.0,
        connect_timeout: float | None = None,
    ) -> None:
        import httpx

        self.base = base_url.rstrip("/")
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        # TLS is always verified: against the system store, or the CA the portal's operator gave.
        verify: ssl.SSLContext | bool = True
        if ca_file or client_cert:
            context = ssl.create_default_context(cafile=ca_file)
            if client_cert:
                context.load_cert_chain(client_cert, client_key)
            verify = context
        self._client = httpx.Client(
            headers=headers,
            verify=verify,
            timeout=httpx.Timeout(timeout, connect=connect_timeout or min(timeout, 10.0)),
            follow_redirects=False,
            trust_env=not is_loopback(self.base),
        )

    def close(self) -> None:
        self._client.close()

    # -- protocol

    def deliver(self, parcel: Parcel) -> dict[str, Any]:
        with ExitStack() as stack:
            parts: list[tuple[str, tuple[str | None, Any, str]]] = [
                ("manifest", (None, parcel.manifest, "application/json"))
            ]
            for frozen in parcel.files:
                handle = stack.enter_context(frozen.open())
                parts.append(("files", (frozen.name, handle, frozen.media_type)))
            response = self._request(
                "POST",
                f"{self.base}/dossiers",
                files=parts,
                headers={"Idempotency-Key": parcel.idempotency_key},
                sent=True,
            )
        status = response.status_code
        if status in (200, 201):
            receipt_id = _receipt_id(response.content)
            if receipt_id is None:
                raise TransientPortalError(
                    f"HTTP {status} without a receipt_id", status=status, portal_wide=False
                )
            return make_receipt(parcel, _check_receipt_id(receipt_id, status), self.name, "send",
                                http_status=status, portal_url=self.base)
        self._raise_for(status, response)
        raise AssertionError("unreachable")

    def lookup(self, parcel: Parcel) -> dict[str, Any] | None:
        response = self._request(
            "GET",
            f"{self.base}/dossiers",
            params={"idempotency_key": parcel.idempotency_key},
            sent=False,
        )
        status = response.status_code
        if status == 200:
            receipt_id = _receipt_id(response.content)
            if receipt_id is not None:
                return make_receipt(parcel, _check_receipt_id(receipt_id, status), self.name,
                                    "lookup", http_status=status, portal_url=self.base)
            return None  # an answer we cannot read is no receipt: send, the key protects us
        if status in RETRYABLE_4XX or status in (503, 504):
            # "Come back later": wait rather than send while the portal is busy.
            self._raise_for(status, response)
        # 404: not there. Anything else (405/501 no lookups offered, a broken lookup, a 4xx the
        # POST will explain better): send; the Idempotency-Key keeps a resend from duplicating.
        return None

    # -- plumbing

    def _request(self, method: str, url: str, *, sent: bool, **kwargs: Any) -> Any:
        import httpx

        try:
            return self._client.request(method, url, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # Nothing reached the portal: safe to send again without asking.
            reason = "TLS certificate not trusted" if _is_tls_error(exc) else type(exc).__name__
            raise TransientPortalError(reason, ambiguous=False) from exc
        except httpx.TimeoutException as exc:
            raise TransientPortalError(type(exc).__name__, ambiguous=sent) from exc
        except httpx.HTTPError as exc:  # reset, disconnect, protocol error mid-exchange
            raise TransientPortalError(type(exc).__name__, ambiguous=sent) from exc

    @staticmethod
    def _raise_for(status: int, response: Any) -> None:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if status >= 500 or status in RETRYABLE_4XX:
            raise TransientPortalError(
                f"HTTP {status}",
                status=status,
                retry_after=retry_after,
                ambiguous=True,
                portal_wide=status != 409,
            )
        if 200 <= status < 300:  # 202 Accepted and friends: stored maybe, no receipt yet
            raise TransientPortalError(f"HTTP {status} without a receipt", status=status,
                                       retry_after=retry_after, portal_wide=False)
        if 300 <= status < 400:
            raise PermanentPortalError(
                f"HTTP {status}: chuyển hướng, hãy kiểm tra địa chỉ cổng / redirect, check the "
                "portal URL",
                status=status,
            )
        message = _portal_message(response.content)
        hint = ""
        if status in (401, 403):
            hint = " — kiểm tra mã truy cập/chứng thư / check the token or certificate"
        raise PermanentPortalError(
            f"HTTP {status}{': ' + message if message else ''}{hint}", status=status
        )


def is_loopback(url: str) -> bool:
    """A receiver on this machine is reached directly, never through an HTTP(S)_PROXY."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def _check_receipt_id(receipt_id: object, status: int) -> str:
    """The receipt id as text, or ``PortalAnswerInvalidError`` (the item is held)."""
    problem = receipt_id_problem(receipt_id)
    if problem:
        raise PortalAnswerInvalidError(f"HTTP {status}: {problem}", status=status)
    return str(receipt_id)


def _receipt_id(body: bytes) -> object | None:
    """The ``receipt_id`` the portal answered, as it came (checked by ``_check_receipt_id``);
    None when the answer carries none (not JSON, no such key, null or blank)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if isinstance(data, list) and len(data) == 1:  # tolerate a one-element list from a lookup
        data = data[0]
    if isinstance(data, dict):
        value = data.get("receipt_id")
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return value.strip() if isinstance(value, str) else value
    return None


def _is_tls_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
