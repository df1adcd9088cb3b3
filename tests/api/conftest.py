"""A real API server on 127.0.0.1 per test, and a raw HTTP client (``http.client``: every header,
``Host`` included, is exactly what the test says)."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scanstation.api.pairing import PairingStore
from scanstation.api.server import ApiServer

PORTAL = "http://127.0.0.1:8181"  # the page's origin in these tests (nothing listens there)
OTHER = "https://other.example"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


class Client:
    def __init__(self, server: ApiServer) -> None:
        self.server = server
        self.port = server.port

    def request(self, method: str, path: str, *, origin: str | None = PORTAL,
                token: str | None = None, body: bytes | dict | None = None,
                content_type: str | None = None, host: str | None = None,
                headers: dict[str, str] | None = None) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Host": f"127.0.0.1:{self.port}" if host is None else host}
        if origin is not None:
            sent["Origin"] = origin
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        data: bytes | None = None
        if isinstance(body, dict):
            data = json.dumps(body).encode()
            sent["Content-Type"] = content_type or "application/json"
        elif body is not None:
            data = body
            if content_type:
                sent["Content-Type"] = content_type
        sent.update(headers or {})
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in sent.items():
            conn.putheader(name, value)
        if data is not None and "Content-Length" not in sent:
            conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data)
        response = conn.getresponse()
        reply = Reply(response.status, {k.lower(): v for k, v in response.getheaders()},
                      response.read())
        conn.close()
        return reply

    def pair(self, origin: str = PORTAL) -> str:
        """Pair ``origin`` the way a page and the officer do: request, approve, collect."""
        started = self.request("POST", "/v1/pair", origin=origin, body={})
        assert started.status == 202, started.body
        with PairingStore(self.server.home) as store:
            store.approve(origin, via="test")
        got = self.request("GET", f"/v1/pair/{started.json()['pairing_id']}", origin=origin)
        assert got.status == 200, got.body
        return got.json()["token"]


@pytest.fixture
def api(home: Path):
    server = ApiServer(home, port=0).start()
    yield server
    server.stop()


@pytest.fixture
def client(api: ApiServer) -> Client:
    return Client(api)


@pytest.fixture
def station(qtbot: Any, qapp: Any, home: Path):
    """The station as the app runs it (``ui.app.run_app``): in Vietnamese, the window shown,
    then the local API started in the same process by ``attach_api`` (port from the settings:
    0 = any free)."""
    from scanstation.ui.api_panel import attach_api
    from scanstation.ui.i18n import install_translator
    from scanstation.ui.settings import StationSettings
    from scanstation.ui.station_window import StationWindow
    from scanstation.workspace import Workspace

    install_translator(qapp, "vi")
    workspace = Workspace(home)
    settings = StationSettings(home)
    settings.set("api/port", 0)
    window = StationWindow(workspace, settings=settings, start_sender=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.windowHandle() is not None
                    and window.windowHandle().isExposed(), timeout=10_000)
    panel = attach_api(window)
    assert panel is not None and panel.server is not None, "the API did not start"
    yield window, panel
    panel.stop()
    window.close()
    workspace.close()
    install_translator(qapp, "en")  # the other tests read the English source strings
