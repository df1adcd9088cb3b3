"""The loopback HTTP server: the door every request goes through before it reaches an endpoint.

Standard-library ``ThreadingHTTPServer`` (one thread per connection, HTTP/1.1 keep-alive): the
API carries a few requests a minute from one officer's browser, so a framework would add start-up
time and dependencies for nothing. The order of the checks is the security contract:

1. ``Host`` is a loopback name with our port (DNS rebinding refused) → else 403;
2. ``Origin`` well formed; a token in the URL is revoked and refused → 401;
3. CORS preflight (``OPTIONS``): answered for the pairing endpoints from any page, and for the
   rest only for approved origins (with ``Access-Control-Allow-Private-Network``) → else 403;
4. route; then for every endpoint but ``/v1/openapi.json`` and pairing: ``Origin`` approved
   → else 403; ``Authorization: Bearer`` present and valid → else 401; issued to that origin →
   else 403;
5. body: ``Content-Length`` required and bounded before a byte is read (413, 411), media type
   JSON (or an image for uploads), never a form → 415.
"""

from __future__ import annotations

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import ScanStationError
from . import errors as api_errors
from .errors import ApiError, error_json, http_status
from .messages import (
    JSON_LIMIT,
    UPLOAD_LIMIT,
    UPLOAD_TYPES,
    URL_TOKEN_KEYS,
    Request,
    Response,
    Route,
    StationHooks,
)
from .origins import DEFAULT_PORT, allowed_hosts, check_bind_host, normalise_origin
from .pairing import PairingStore

log = logging.getLogger("scanstation.api")

# Requests worked on at once (routing, checks, the endpoint; not the reply's bytes nor an event
# stream). Each connection keeps its own thread, but past this many they wait at the gate
# blocked instead of queueing for the GIL: 200 runnable Python threads in the station's process
# made the window's thread wait its turn behind them (stalls of 37-73 ms measured warm,
# benchmarks/ui_stall.py --api).
ACTIVE_REQUESTS = 8

class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ScanStation"
    sys_version = ""
    # headers and body leave in two writes: without TCP_NODELAY the body waits ~40 ms for
    # the client's delayed ACK on every kept-alive request
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        return "ScanStation"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s", format % args)

    gated = False

    def _dispatch(self) -> None:
        api: ApiServer = self.server.api  # type: ignore[attr-defined]
        api.gate.acquire()
        self.gated = True
        try:
            api.dispatch(self)
        finally:
            self.ungate()

    def ungate(self) -> None:
        """Leave the gate, once: the work is done, the reply is I/O."""
        if self.gated:
            self.gated = False
            self.server.api.gate.release()  # type: ignore[attr-defined]

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _dispatch


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # 200 concurrent requests must all find a place in the backlog
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], family: int, api: ApiServer) -> None:
        self.address_family = family
        self.api = api
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        if self.address_family == socket.AF_INET6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()


class ApiServer:
    """``ApiServer(home).start()`` listens on 127.0.0.1 (and ::1 on the same port when the
    machine has IPv6); ``url`` is where; ``stop()`` closes it."""

    def __init__(self, home: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                 hooks: StationHooks | None = None, ipv6: bool = True) -> None:
        self.host = check_bind_host(host)  # refused before any socket is opened
        self.home = Path(home)
        self.requested_port = port
        self.hooks = hooks or StationHooks()
        self.ipv6 = ipv6 and self.host == "127.0.0.1"
        self.pairings = PairingStore(self.home)
        self.gate = threading.BoundedSemaphore(ACTIVE_REQUESTS)
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self.port = 0
        from .routes import Endpoints

        self.endpoints = Endpoints(self)
        self.routes: list[Route] = self.endpoints.routes()

    @property
    def url(self) -> str:
        host = "[::1]" if self.host == "::1" else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> ApiServer:
        family = socket.AF_INET6 if self.host == "::1" else socket.AF_INET
        first = _Server((self.host, self.requested_port), family, self)
        self.port = first.server_address[1]
        self._servers.append(first)
        if self.ipv6 and socket.has_ipv6:
            try:
                self._servers.append(_Server(("::1", self.port), socket.AF_INET6, self))
            except OSError as exc:  # no IPv6 loopback here, or the port is taken on ::1
                log.info("not listening on [::1]:%d (%s)", self.port, exc.strerror)
        self._hosts = allowed_hosts(self.port)
        for server in self._servers:
            # a short poll: stop() (app exit, tests) waits for it, once per socket
            thread = threading.Thread(target=server.serve_forever, args=(0.1,),
                                      name="scanstation-api", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self.endpoints.close()
        self.pairings.close()

    def __enter__(self) -> ApiServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the door --------------------------------------------------------------------------------

    def dispatch(self, handler: BaseHTTPRequestHandler) -> None:
        origin: str | None = None
        cors = False
        route: Route | None = None
        try:
            host = (handler.headers.get("Host") or "").strip().lower()
            if host not in self._hosts:
                raise api_errors.HostNotAllowedError(host=host[:100] or "-")
            raw_origin = handler.headers.get("Origin")
            if raw_origin is not None:
                origin = normalise_origin(raw_origin)
            parts = urlsplit(handler.path)
            query = parse_qs(parts.query, keep_blank_values=True)
            self._refuse_url_token(query)
            if handler.command == "OPTIONS":
                self._send(handler, self._preflight(handler, parts.path, origin), origin, False)
                return
            route, params = self._route(handler.command, parts.path)
            if route.auth == "pairing":
                if origin is None:
                    raise api_errors.OriginRequiredError()
                cors = True  # any page may ask to pair, and must be able to read the answer
            elif route.auth == "token":
                self._authorise(handler, origin)
                cors = True
            request = Request(handler.command, parts.path, query, handler.headers, origin,
                              params, handler, route.body)
            self._check_body(request, route)
            response = route.handler(request)
            if route.action and origin:
                self.pairings.log(origin, route.action, response.status)
            if route.auth == "token" and origin:
                self.hooks.activity(origin, route.action or "status")  # the window's indicator
        except ScanStationError as error:
            status = http_status(error)
            if status >= 500:
                log.warning("%s %s failed: %s", handler.command, route.action if route else "-",
                            type(error).__name__)
            if status in (401, 403) and origin:
                self.pairings.log(origin, f"refused:{error_json(error)['code']}", status)
            response = Response.json(error_json(error), status)
            # an approved page may read why it was refused (e.g. a revoked token: pair again)
            cors = cors or (origin is not None and status != 403
                            and self.pairings.is_approved(origin))
            if status == 401:
                response.headers["WWW-Authenticate"] = 'Bearer realm="scanstation"'
            if (handler.headers.get("Content-Length") or "0").strip() not in ("", "0"):
                handler.close_connection = True  # an unread body must not be taken as a request
        except Exception:  # a bug must answer 500 and keep the server up, not kill the thread
            log.exception("API %s failed", handler.command)
            response = Response.json(error_json(ScanStationError()), 500)
        getattr(handler, "ungate", lambda: None)()  # the reply (or a job's stream) is I/O
        self._send(handler, response, origin, cors and origin is not None)

    def _refuse_url_token(self, query: dict[str, list[str]]) -> None:
        for key in URL_TOKEN_KEYS:
            for value in query.get(key, []):
                if value:
                    # the URL may now sit in history, logs and Referer headers: it is spent
                    self.pairings.revoke_token(value)
                    raise api_errors.TokenInUrlError()

    def _route(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        allowed: list[str] = []
        for route in self.routes:
            match = route.pattern.fullmatch(path)
            if match:
                if route.method == method or (method == "HEAD" and route.method == "GET"):
                    return route, match.groupdict()
                allowed.append(route.method)
        if allowed:
            raise api_errors.MethodNotAllowedError(method=method, path=path[:200])
        raise api_errors.RouteNotFoundError(path=path[:200])

    def _authorise(self, handler: BaseHTTPRequestHandler, origin: str | None) -> None:
        if origin is None:
            raise api_errors.OriginRequiredError()
        if not self.pairings.is_approved(origin):
            raise api_errors.OriginNotAllowedError(origin=origin)
        header = handler.headers.get("Authorization") or ""
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise api_errors.TokenMissingError()
        token_origin = self.pairings.token_origin(token.strip())
        if token_origin is None:
            raise api_errors.TokenInvalidError()
        if token_origin != origin:
            raise api_errors.TokenOtherOriginError(origin=origin)

    @staticmethod
    def _check_body(request: Request, route: Route) -> None:
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return
        media = request._media_type()
        length = request.headers.get("Content-Length")
        if not media and (length is None or length.strip() == "0"):
            return  # no body at all: the endpoint sees {}
        accepted: tuple[str, ...] = ()
        if route.body in ("json", "json-or-upload"):
            accepted += ("application/json",)
        if route.body in ("upload", "json-or-upload"):
            accepted += UPLOAD_TYPES
        if media not in accepted:
            raise api_errors.UnsupportedMediaError(
                accepted=", ".join(accepted) or "no body", got=media[:80] or "-")
        if "chunked" in (request.headers.get("Transfer-Encoding") or "").lower():
            raise api_errors.LengthRequiredError()
        try:
            size = int(length or "0")
        except ValueError:
            raise api_errors.LengthRequiredError() from None
        limit = UPLOAD_LIMIT if media in UPLOAD_TYPES else JSON_LIMIT
        if size > limit:
            raise api_errors.BodyTooLargeError(size=size, limit=limit)

    def _preflight(self, handler: BaseHTTPRequestHandler, path: str,
                   origin: str | None) -> Response:
        if origin is None:
            raise api_errors.OriginRequiredError()
        method = (handler.headers.get("Access-Control-Request-Method") or "").upper()
        route, _params = self._route(method or "GET", path)
        if route.auth == "token" and not self.pairings.is_approved(origin):
            raise api_errors.OriginNotAllowedError(origin=origin)
        headers = {
            "Access-Control-Allow-Methods": route.method,
            "Access-Control-Allow-Headers": "Authorization, Content-Type",
            "Access-Control-Max-Age": "600",
        }
        if (handler.headers.get("Access-Control-Request-Private-Network") or "").lower() == "true":
            headers["Access-Control-Allow-Private-Network"] = "true"
        return Response(204, b"", "", headers)

    def _send(self, handler: BaseHTTPRequestHandler, response: Response, origin: str | None,
              cors: bool) -> None:
        headers = dict(response.headers)
        if origin is not None and (cors or (response.status == 204 and handler.command == "OPTIONS")):
            headers["Access-Control-Allow-Origin"] = origin
            headers["Access-Control-Expose-Headers"] = "Content-Disposition"
        headers.setdefault("Vary", "Origin")
        headers["Cache-Control"] = "no-store"
        headers["X-Content-Type-Options"] = "nosniff"
        try:
            handler.send_response(response.status)
            if response.content_type:
                handler.send_header("Content-Type", response.content_type)
            for name, value in headers.items():
                handler.send_header(name, value)
            if response.stream is not None:
                handler.send_header("Connection", "close")
                handler.close_connection = True
                handler.end_headers()
                for chunk in response.stream:
                    handler.wfile.write(chunk)
                    handler.wfile.flush()
                return
            handler.send_header("Content-Length", str(len(response.body)))
            if handler.close_connection:
                handler.send_header("Connection", "close")
            handler.end_headers()
            if handler.command != "HEAD":
                handler.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True  # the page went away; nothing to tell it
        finally:
            if response.stream is not None and hasattr(response.stream, "close"):
                response.stream.close()


__all__ = ["ApiError", "ApiServer", "Request", "Response", "Route", "StationHooks"]
