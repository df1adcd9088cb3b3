"""Origins, loopback addresses and the ``Host`` check: the small pure rules of the API's door."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .errors import ApiError, NonLoopbackBindError

LOOPBACK_HOSTS = ("127.0.0.1", "::1")
DEFAULT_PORT = 47613


class BadOriginError(ApiError):
    status = 403
    code = "bad_origin"
    vi = "Origin '{origin}' không hợp lệ: cần dạng http(s)://tên-máy[:cổng]."
    en = "Origin '{origin}' is not valid: expected http(s)://host[:port]."


def normalise_origin(text: str) -> str:
    """``scheme://host[:port]`` in lower case, default port dropped, no path: the one spelling
    stored in the allow-list and compared with a request's ``Origin``. ``null`` (sandboxed
    frames, files) is never an origin that can be approved."""
    raw = (text or "").strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise BadOriginError(origin=raw[:100]) from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host or parts.username or parts.password:
        raise BadOriginError(origin=raw[:100])
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise BadOriginError(origin=raw[:100])
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == {"http": 80, "https": 443}[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def check_bind_host(host: str) -> str:
    """Only 127.0.0.1 and ::1 may be listened on; anything else (0.0.0.0, a LAN address, a
    name) is refused before a socket is opened."""
    text = host.strip().strip("[]")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise NonLoopbackBindError(host=host) from None
    if str(address) not in LOOPBACK_HOSTS:
        raise NonLoopbackBindError(host=host)
    return str(address)


def allowed_hosts(port: int) -> frozenset[str]:
    """The ``Host`` values a request to the station may carry: the loopback names with the port
    we serve. A page on ``evil.example`` whose name was re-pointed to 127.0.0.1 (DNS rebinding)
    sends ``Host: evil.example`` and is refused."""
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"})
