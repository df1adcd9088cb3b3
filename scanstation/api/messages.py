"""The local API's messages: a request as the handler read it, a response to send, a route,
and the hooks through which the window takes part (approvals, activity, the PIN)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from . import errors as api_errors

JSON_LIMIT = 1 << 20  # 1 MB: every JSON request is small
UPLOAD_LIMIT = 40 << 20  # 40 MB: a 600 dpi colour A4 scan as PNG
BODY_SECONDS = 30.0  # longest wait for the next piece of a request body
UPLOAD_TYPES = ("image/png", "image/jpeg", "image/tiff", "application/pdf")
URL_TOKEN_KEYS = ("token", "access_token", "bearer", "auth", "authorization")


# file suffix of an uploaded or served page, by media type, and back
SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg", "image/tiff": ".tif",
          "application/pdf": ".pdf"}
MEDIA = {".png": "image/png", ".jpg": "image/jpeg", ".tif": "image/tiff",
         ".pdf": "application/pdf", ".json": "application/json"}


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    stream: Iterator[bytes] | None = None  # Server-Sent Events: written as produced, then closed

    @classmethod
    def json(cls, obj: Any, status: int = 200) -> Response:
        return cls(status, json.dumps(obj, ensure_ascii=False).encode("utf-8"))


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: Any  # email.message.Message
    origin: str | None
    params: dict[str, str]
    handler: BaseHTTPRequestHandler
    body_kind: str | None = None

    def _media_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def _read(self, limit: int) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise api_errors.LengthRequiredError()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            size = int(length)
        except ValueError:
            raise api_errors.LengthRequiredError() from None
        if size < 0:
            raise api_errors.LengthRequiredError()
        if size > limit:
            raise api_errors.BodyTooLargeError(size=size, limit=limit)
        # a body that stops arriving must free its place at the server's gate
        connection = getattr(self.handler, "connection", None)
        if connection is not None:
            connection.settimeout(BODY_SECONDS)
        try:
            return self.handler.rfile.read(size)
        except TimeoutError:
            self.handler.close_connection = True
            raise api_errors.BodyTimeoutError(seconds=int(BODY_SECONDS)) from None
        finally:
            if connection is not None:
                connection.settimeout(None)

    def json(self) -> dict[str, Any]:
        """The JSON object sent (``{}`` when the body is empty)."""
        data = self._read(JSON_LIMIT)
        if not data:
            return {}
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise api_errors.BadJsonError(reason=type(exc).__name__) from None
        if not isinstance(value, dict):
            raise api_errors.BadJsonError(reason="not an object")
        return value

    def upload(self) -> tuple[str, bytes]:
        """An image or PDF sent as the raw body: (media type, bytes)."""
        data = self._read(UPLOAD_LIMIT)
        if not data:
            raise api_errors.ApiError(reason="empty body")
        return self._media_type(), data


Handler = Callable[[Request], Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: Any  # re.Pattern
    handler: Handler
    auth: str = "token"  # token | pairing | public
    body: str | None = None  # json | upload | json-or-upload | None
    action: str = ""  # logged as origin → action ("" = not logged: polls, status)


class StationHooks:
    """What the window adds to a headless server: the approval dialog, the "a web page is using
    the station" indicator, and the PIN prompt. The defaults are those of ``scanstation serve``:
    approvals come from ``scanstation serve approve``, signing is refused."""

    window = False  # True when the station window runs this server (it can ask for the PIN)

    def pairing_requested(self, pairing: Any) -> None:
        pass

    def activity(self, origin: str, action: str) -> None:
        pass

    def sign_request(self, origin: str, dossier_id: str) -> Any | None:
        """A ``dossier.build.SignRequest`` with the PIN the officer typed at the station (None:
        not given). Called from a job's thread, which waits; only when ``window`` is True."""
        return None
