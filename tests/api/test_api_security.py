"""The door of the local API, each rule against the running server over real HTTP."""

from __future__ import annotations

import socket
import sqlite3
import stat
import time

import pytest
from conftest import OTHER, PORTAL, Client

from scanstation.api.errors import NonLoopbackBindError
from scanstation.api.pairing import PairingStore
from scanstation.api.server import ApiServer


def test_openapi_needs_no_token(client: Client) -> None:
    reply = client.request("GET", "/v1/openapi.json", origin=None)
    assert reply.status == 200
    doc = reply.json()
    assert doc["openapi"].startswith("3.")
    assert doc["servers"][0]["url"] == client.server.url
    assert "/v1/pair" in doc["paths"] and "/v1/scans" in doc["paths"]


def test_pairing_contract(client: Client, api: ApiServer) -> None:
    started = client.request("POST", "/v1/pair", body={})
    assert started.status == 202
    body = started.json()
    assert set(body) == {"pairing_id", "code"}
    assert len(body["code"]) == 6 and body["code"].isdigit()
    assert started.headers["access-control-allow-origin"] == PORTAL
    poll = f"/v1/pair/{body['pairing_id']}"
    assert client.request("GET", poll).status == 202  # pending
    # the officer sees the same code the page shows
    with PairingStore(api.home) as store:
        assert [(p.origin, p.code) for p in store.pending()] == [(PORTAL, body["code"])]
        store.approve(PORTAL + "/", via="test")  # spelled with a slash: the same origin
    got = client.request("GET", poll)
    assert got.status == 200
    token = got.json()["token"]
    assert len(token) >= 40
    assert client.request("GET", poll).status == 404  # handed out once
    assert client.request("GET", "/v1/status", token=token).status == 200
    # another page cannot collect or watch someone else's pairing
    again = client.request("POST", "/v1/pair", body={}).json()
    assert client.request("GET", f"/v1/pair/{again['pairing_id']}", origin=OTHER).status == 404


def test_refused_pairing_is_403(client: Client, api: ApiServer) -> None:
    started = client.request("POST", "/v1/pair", origin=OTHER, body={}).json()
    with PairingStore(api.home) as store:
        assert store.refuse(OTHER) == 1
    reply = client.request("GET", f"/v1/pair/{started['pairing_id']}", origin=OTHER)
    assert reply.status == 403 and reply.json()["code"] == "pairing_refused"


def test_pairing_needs_an_origin(client: Client) -> None:
    assert client.request("POST", "/v1/pair", origin=None, body={}).status == 403
    assert client.request("POST", "/v1/pair", origin="null", body={}).status == 403


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1:1",
                                  "localhost.evil.example:{port}", "192.168.1.10:{port}", ""])
def test_wrong_host_is_refused(client: Client, host: str) -> None:
    token = client.pair()
    reply = client.request("GET", "/v1/status", token=token,
                           host=host.format(port=client.port))
    assert reply.status == 403
    assert reply.json()["code"] == "host_not_allowed"
    assert "access-control-allow-origin" not in reply.headers
    for good in (f"localhost:{client.port}", f"127.0.0.1:{client.port}"):
        assert client.request("GET", "/v1/status", token=token, host=good).status == 200


def test_unpaired_origin_is_403_with_or_without_a_token(client: Client) -> None:
    token = client.pair(PORTAL)
    for sent in (None, token, "forged"):
        reply = client.request("GET", "/v1/status", origin=OTHER, token=sent)
        assert reply.status == 403, sent
        assert reply.json()["code"] == "origin_not_allowed"
        assert "access-control-allow-origin" not in reply.headers
    assert client.request("GET", "/v1/status", origin=None, token=token).status == 403


def test_token_of_origin_a_used_by_origin_b(client: Client) -> None:
    token_a = client.pair(PORTAL)
    token_b = client.pair(OTHER)
    reply = client.request("GET", "/v1/status", origin=OTHER, token=token_a)
    assert reply.status == 403 and reply.json()["code"] == "token_other_origin"
    assert client.request("GET", "/v1/status", origin=PORTAL, token=token_b).status == 403
    assert client.request("GET", "/v1/status", origin=OTHER, token=token_b).status == 200


def test_missing_and_forged_tokens_are_401(client: Client) -> None:
    token = client.pair()
    missing = client.request("GET", "/v1/status")
    assert missing.status == 401 and missing.json()["code"] == "token_missing"
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert missing.headers["access-control-allow-origin"] == PORTAL  # the page may read why
    assert {"message_vi", "message_en"} <= set(missing.json())
    forged = client.request("GET", "/v1/status", token=token[:-2] + "xx")
    assert forged.status == 401 and forged.json()["code"] == "token_invalid"
    basic = client.request("GET", "/v1/status", headers={"Authorization": f"Basic {token}"})
    assert basic.status == 401


def test_token_in_query_is_refused_and_spent(client: Client) -> None:
    token = client.pair()
    reply = client.request("GET", f"/v1/status?access_token={token}")
    assert reply.status == 401 and reply.json()["code"] == "token_in_url"
    # even sent properly afterwards, a token that was in a URL no longer works
    assert client.request("GET", "/v1/status", token=token).status == 401


def test_token_in_cookie_is_not_a_token(client: Client) -> None:
    token = client.pair()
    reply = client.request("GET", "/v1/status", headers={"Cookie": f"token={token}"})
    assert reply.status == 401


@pytest.mark.parametrize("content_type,body", [
    ("application/x-www-form-urlencoded", b"device=test%3A0"),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=d\r\n\r\n"
                                        b"test:0\r\n--x--\r\n"),
    ("text/plain", b'{"device": "test:0"}'),
])
def test_form_posts_are_refused(client: Client, content_type: str, body: bytes) -> None:
    token = client.pair()
    reply = client.request("POST", "/v1/scans", token=token, body=body,
                           content_type=content_type)
    assert reply.status == 415 and reply.json()["code"] == "unsupported_media_type"
    # the same form from a page nobody approved does not even get that far
    foreign = client.request("POST", "/v1/scans", origin=OTHER, body=body,
                             content_type=content_type)
    assert foreign.status == 403
    pair_form = client.request("POST", "/v1/pair", origin=OTHER, body=body,
                               content_type=content_type)
    assert pair_form.status == 415
    with PairingStore(client.server.home) as store:
        assert store.pending() == []  # a form cannot even start a pairing request


def test_preflights(client: Client) -> None:
    ask = {"Access-Control-Request-Method": "GET",
           "Access-Control-Request-Headers": "authorization",
           "Access-Control-Request-Private-Network": "true"}
    refused = client.request("OPTIONS", "/v1/status", origin=OTHER, headers=ask)
    assert refused.status == 403
    assert "access-control-allow-origin" not in refused.headers
    assert "access-control-allow-private-network" not in refused.headers
    client.pair(PORTAL)
    allowed = client.request("OPTIONS", "/v1/status", origin=PORTAL, headers=ask)
    assert allowed.status == 204
    assert allowed.headers["access-control-allow-origin"] == PORTAL
    assert allowed.headers["access-control-allow-private-network"] == "true"
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    # any page may ask to pair, so the pairing endpoint answers every origin's preflight
    pair = client.request("OPTIONS", "/v1/pair", origin=OTHER,
                          headers={**ask, "Access-Control-Request-Method": "POST"})
    assert pair.status == 204 and pair.headers["access-control-allow-origin"] == OTHER
    assert pair.headers["access-control-allow-private-network"] == "true"
    no_pna = client.request("OPTIONS", "/v1/status", origin=PORTAL,
                            headers={"Access-Control-Request-Method": "GET"})
    assert "access-control-allow-private-network" not in no_pna.headers


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "localhost", "example.org",
                                  "127.0.0.2"])
def test_non_loopback_bind_is_refused(home, host: str) -> None:
    with pytest.raises(NonLoopbackBindError) as caught:
        ApiServer(home, host=host, port=0)
    assert "127.0.0.1" in caught.value.message_vi and "127.0.0.1" in caught.value.message_en


def test_listens_on_loopback_only(api: ApiServer) -> None:
    addresses = {s.server_address[0] for s in api._servers}
    assert addresses <= {"127.0.0.1", "::1"} and "127.0.0.1" in addresses


def test_a_100_mb_body_is_refused_without_being_read(client: Client) -> None:
    token = client.pair()
    sock = socket.create_connection(("127.0.0.1", client.port), timeout=10)
    head = (f"POST /v1/idcard HTTP/1.1\r\nHost: 127.0.0.1:{client.port}\r\nOrigin: {PORTAL}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: image/png\r\n"
            f"Content-Length: {100 * 1024 * 1024}\r\n\r\n").encode()
    sock.sendall(head + b"\x89PNG" + b"\0" * 1000)  # a few bytes of the 100 MB announced
    answer = ""  # comes back while 99.9 MB are still "to come"
    while "body_too_large" not in answer:
        chunk = sock.recv(4096)
        if not chunk:
            break
        answer += chunk.decode("latin-1")
    sock.close()
    assert answer.startswith("HTTP/1.1 413")
    assert "body_too_large" in answer
    chunked = client.request("POST", "/v1/scans", token=token, body=b"{}",
                             content_type="application/json",
                             headers={"Transfer-Encoding": "chunked", "Content-Length": "2"})
    assert chunked.status == 411


def test_bodies_that_stop_arriving_do_not_hold_the_station(client: Client,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a few requests are worked on at once (the rest wait at a gate, off the GIL): pages
    that announce a body and stop sending it are answered 408 and free their places, so the
    next request is still answered."""
    from scanstation.api import messages, server

    monkeypatch.setattr(messages, "BODY_SECONDS", 1.0)
    token = client.pair()
    stalled = []
    for _ in range(server.ACTIVE_REQUESTS):  # every place at the gate taken
        sock = socket.create_connection(("127.0.0.1", client.port), timeout=30)
        sock.sendall((f"POST /v1/scans HTTP/1.1\r\nHost: 127.0.0.1:{client.port}\r\n"
                      f"Origin: {PORTAL}\r\nAuthorization: Bearer {token}\r\n"
                      "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                      '{"device":').encode())
        stalled.append(sock)
    assert client.request("GET", "/v1/status", token=token).status == 200
    for sock in stalled:
        raw = b""
        while chunk := sock.recv(4096):  # the server closes the connection after its answer
            raw += chunk
        sock.close()
        answer = raw.decode("latin-1")
        assert answer.startswith("HTTP/1.1 408") and "body_timeout" in answer


def test_revocation_stops_the_token_at_once(client: Client, api: ApiServer) -> None:
    token = client.pair()
    assert client.request("GET", "/v1/status", token=token).status == 200
    with PairingStore(api.home) as store:
        assert store.revoke(PORTAL)
    assert client.request("GET", "/v1/status", token=token).status == 403
    # pairing again needs the officer again: the request stays pending
    started = client.request("POST", "/v1/pair", body={}).json()
    assert client.request("GET", f"/v1/pair/{started['pairing_id']}").status == 202


def test_pairing_file_is_private_and_holds_no_token(client: Client, api: ApiServer) -> None:
    token = client.pair()
    path = api.home / "api" / "pairing.sqlite"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    raw = b"".join(p.read_bytes() for p in path.parent.glob("pairing.sqlite*"))
    assert token.encode() not in raw
    rows = sqlite3.connect(path).execute("SELECT hash, origin FROM tokens").fetchall()
    assert len(rows) == 1 and rows[0][1] == PORTAL and len(rows[0][0]) == 64


def test_log_says_which_origin_did_what(client: Client, api: ApiServer) -> None:
    token = client.pair()
    client.request("GET", "/v1/devices?test_only=1", token=token)
    client.request("GET", "/v1/status", origin=OTHER)
    with PairingStore(api.home) as store:
        actions = [(a["origin"], a["action"], a["status"]) for a in store.actions()]
    assert (PORTAL, "pair", 202) in actions and (PORTAL, "paired", 200) in actions
    assert (PORTAL, "devices", 200) in actions
    assert (OTHER, "refused:origin_not_allowed", 403) in actions
    assert all(isinstance(a[2], int) and a[2] > 0 for a in actions) and time.time() > 0


def test_a_page_cannot_flood_the_officer_with_pairing_requests(client: Client) -> None:
    answers = [client.request("POST", "/v1/pair", origin=OTHER, body={}).status
               for _ in range(5)]
    assert answers == [202, 202, 202, 429, 429]
    assert client.request("POST", "/v1/pair", origin=PORTAL, body={}).status == 202
