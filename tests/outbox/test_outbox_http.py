"""The HTTP transport and the sender against a real, fault-injecting server on 127.0.0.1."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from outbox_helpers import assert_exactly_once, drain, fast_settings, make_dossier
from outbox_tls import make_tls

from scanstation.outbox.queue import Outbox
from scanstation.outbox.sender import Sender
from scanstation.outbox.transports.http import HttpTransport, parse_retry_after
from scanstation.testing.portal import POST_FAULTS, FaultPlan, ReferencePortal


def _fill(tmp_path: Path, n: int) -> Path:
    home = tmp_path / "home"
    with Outbox(home) as outbox:
        for i in range(n):
            outbox.add_path(make_dossier(tmp_path / "src", f"hs-{i:03d}", manifest=i % 2 == 0))
    return home


@pytest.mark.parametrize("fault", POST_FAULTS)
def test_each_fault_still_delivers_exactly_once(tmp_path: Path, fault: str) -> None:
    home = _fill(tmp_path, 1)
    plan = FaultPlan(script=[fault, fault], hang=1.5, slow=0.2, retry_after=0.1)
    with ReferencePortal(faults=plan) as portal:
        transport = HttpTransport(portal.url, timeout=1.0)
        try:
            drain(home, transport)
        finally:
            transport.close()
        assert_exactly_once(home, portal, 1)
    with Outbox(home) as outbox:
        item = outbox.items()[0]
        log = outbox.attempts(item.id)
    outcomes = [a["outcome"] for a in log]
    if fault == "slow_answer":  # a slow answer inside the timeout is just an answer
        assert outcomes == ["sent"]
    elif fault.endswith("_after"):
        # Stored, answer lost: the receipt comes from asking by key, not from sending again.
        assert outcomes == ["retry", "sent"]
        assert [a["action"] for a in log] == ["send", "lookup"]
        assert item.receipt["via"] == "lookup"
        assert portal.counters["posts"] == 1
    else:
        assert outcomes == ["retry", "retry", "sent"]


def test_mixed_faults_many_dossiers(tmp_path: Path) -> None:
    home = _fill(tmp_path, 30)
    plan = FaultPlan(rate=0.4, seed=7, hang=1.3, slow=0.1, retry_after=0.05, lookup_rate=0.2)
    with ReferencePortal(faults=plan) as portal:
        transport = HttpTransport(portal.url, timeout=1.0)
        try:
            sender = drain(home, transport)
        finally:
            transport.close()
        assert_exactly_once(home, portal, 30)
    assert sender.stats.retried > 0 and sender.stats.sent == 30


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    home = _fill(tmp_path, 1)
    with ReferencePortal(faults=FaultPlan(script=["503"], retry_after=0.4)) as portal:
        transport = HttpTransport(portal.url, timeout=1.0)
        try:
            drain(home, transport, backoff_base=0.01, backoff_max=0.02, retry_after_max=5.0)
        finally:
            transport.close()
        assert_exactly_once(home, portal, 1)
    with Outbox(home) as outbox:
        log = outbox.attempts(outbox.items()[0].id)
    assert log[0]["http_status"] == 503 and log[0]["retry_after"] == pytest.approx(0.4)
    assert log[1]["started"] - log[0]["started"] >= 0.4


def test_retry_after_http_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None


def test_a_down_portal_is_not_hammered_and_nothing_is_parked(tmp_path: Path) -> None:
    home = _fill(tmp_path, 10)
    with ReferencePortal(faults=FaultPlan(rate=1.0, kinds=("500",))) as portal:
        transport = HttpTransport(portal.url, timeout=1.0)
        try:
            sender = drain(home, transport, give_up_after=1.5, breaker_threshold=3,
                           breaker_cooldown=0.2, breaker_cooldown_max=0.4, max_failures=3)
        finally:
            transport.close()
        down_posts = portal.counters["posts"]
        assert sender.stats.stopped_by == "portal-unreachable"
        assert sender.stats.breaker_trips >= 1
        # Without the breaker, 10 items with ≤ 0.3 s backoff would make well over 50 posts.
        assert down_posts <= 12
        with Outbox(home) as outbox:
            assert {i.state for i in outbox.items()} == {"queued"}  # waiting, not held
        portal.faults.rate = 0.0  # the portal comes back
        transport = HttpTransport(portal.url, timeout=1.0)
        try:
            drain(home, transport)
        finally:
            transport.close()
        assert_exactly_once(home, portal, 10)


def test_a_dead_address_ends_a_bounded_run(tmp_path: Path) -> None:
    home = _fill(tmp_path, 3)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: connection refused
    transport = HttpTransport(f"http://127.0.0.1:{port}", timeout=0.5)
    try:
        sender = drain(home, transport, give_up_after=0.8)
    finally:
        transport.close()
    assert sender.stats.stopped_by == "portal-unreachable"
    with Outbox(home) as outbox:
        assert [i.state for i in outbox.items()] == ["queued"] * 3


@pytest.mark.parametrize("status", [400, 413, 422])
def test_a_refusal_fails_that_item_only(tmp_path: Path, status: int) -> None:
    home = _fill(tmp_path, 3)
    with ReferencePortal() as portal:
        original = portal.store
        calls = {"n": 0}

        def refuse_first(key, manifest, files):  # type: ignore[no-untyped-def]
            calls["n"] += 1
            if calls["n"] == 1:
                return status, {"error": "Thiếu tờ khai / the application form is missing"}
            return original(key, manifest, files)

        portal.store = refuse_first  # type: ignore[method-assign]
        transport = HttpTransport(portal.url, timeout=1.0)
        try:
            drain(home, transport)
        finally:
            transport.close()
        with Outbox(home) as outbox:
            states = sorted(i.state for i in outbox.items())
            failed = outbox.items(("failed",))
    assert states == ["failed", "sent", "sent"]
    assert failed[0].reason.startswith(f"HTTP {status}") and "form is missing" in failed[0].reason
    assert failed[0].attempts == 1  # refused once, not retried


def test_bearer_token(tmp_path: Path) -> None:
    home = _fill(tmp_path, 2)
    with ReferencePortal(token="s3cret") as portal:
        wrong = HttpTransport(portal.url, token="wrong", timeout=1.0)
        try:
            drain(home, wrong)
        finally:
            wrong.close()
        with Outbox(home) as outbox:
            assert {i.state for i in outbox.items()} == {"failed"}
            assert all("401" in i.reason for i in outbox.items())
            for item in outbox.items():
                outbox.retry(item.id)
        right = HttpTransport(portal.url, token="s3cret", timeout=1.0)
        try:
            drain(home, right)
        finally:
            right.close()
        assert_exactly_once(home, portal, 2)


def test_tls_verified_with_client_certificate(tmp_path: Path) -> None:
    tls = make_tls(tmp_path / "tls")
    home = _fill(tmp_path, 2)
    with ReferencePortal(ssl_context=tls.server_context()) as portal:
        assert portal.url.startswith("https://")
        # Not trusted (system CAs only): nothing is sent, nothing is lost.
        untrusted = HttpTransport(portal.url, timeout=1.0)
        try:
            sender = drain(home, untrusted, give_up_after=0.5)
        finally:
            untrusted.close()
        assert sender.stats.sent == 0 and portal.stored == 0
        with Outbox(home) as outbox:
            reasons = {i.reason for i in outbox.items()}
            assert {i.state for i in outbox.items()} == {"queued"}
        assert reasons == {"TLS certificate not trusted"}
        good = HttpTransport(portal.url, ca_file=str(tls.ca), client_cert=str(tls.client_cert),
                             client_key=str(tls.client_key), timeout=2.0)
        try:
            drain(home, good)
        finally:
            good.close()
        assert_exactly_once(home, portal, 2)


def test_sender_thread_stops_cleanly(tmp_path: Path) -> None:
    from scanstation.outbox.sender import SenderThread

    home = _fill(tmp_path, 5)
    seen: list[str] = []
    with ReferencePortal() as portal:
        thread = SenderThread(home, lambda: HttpTransport(portal.url, timeout=1.0),
                              fast_settings(), on_change=lambda item: seen.append(item.state))
        thread.start()
        for _ in range(200):
            with Outbox(home) as outbox:
                if outbox.counts()["sent"] == 5:
                    break
            thread.join(0.05)
        thread.stop(timeout=5)
        assert not thread.is_alive() and thread.error is None
        assert_exactly_once(home, portal, 5)
    assert seen.count("sent") == 5


def test_sender_gives_back_nothing_twice_after_restart(tmp_path: Path) -> None:
    """A second sender on an outbox that is all sent sends nothing."""
    home = _fill(tmp_path, 3)
    with ReferencePortal() as portal:
        transport = HttpTransport(portal.url, timeout=1.0)
        try:
            drain(home, transport)
            posts = portal.counters["posts"]
            with Outbox(home) as outbox:
                again = Sender(outbox, transport, fast_settings())
                stats = again.run(until_empty=True)
                again.close()
        finally:
            transport.close()
        assert stats.attempts == 0 and portal.counters["posts"] == posts
        assert_exactly_once(home, portal, 3)


def test_a_broken_lookup_does_not_block_delivery(tmp_path: Path) -> None:
    """A portal whose GET is broken (500) still gets each dossier once, thanks to the key."""
    home = _fill(tmp_path, 2)
    plan = FaultPlan(script=["reset_after", "500_after"], lookup_rate=1.0, lookup_kinds=("500",))
    with ReferencePortal(faults=plan) as portal:
        transport = HttpTransport(portal.url, timeout=1.0)
        try:
            drain(home, transport)
        finally:
            transport.close()
        assert_exactly_once(home, portal, 2)
        assert portal.counters["replays"] == 2  # resent with the same key: same receipt


def test_no_personal_data_in_logs_or_attempt_log(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                                 ) -> None:
    import logging

    caplog.set_level(logging.DEBUG, logger="scanstation")
    home = tmp_path / "home"
    with Outbox(home) as outbox:
        outbox.add_path(make_dossier(tmp_path / "src", "Nguyễn Văn An 001089012345"))
        outbox.add_path(make_dossier(tmp_path / "src", "Trần Thị Bình"))
    with ReferencePortal(faults=FaultPlan(script=["ok", "503"])) as portal:
        original = portal.store
        calls = {"n": 0}

        def refuse_first(key, manifest, files):  # type: ignore[no-untyped-def]
            calls["n"] += 1
            if calls["n"] == 1:
                return 422, {"error": "Số CCCD 001089012345 không khớp"}
            return original(key, manifest, files)

        portal.store = refuse_first  # type: ignore[method-assign]
        transport = HttpTransport(portal.url, timeout=1.0)
        try:
            drain(home, transport)
        finally:
            transport.close()
    with Outbox(home) as outbox:
        details = " ".join(a["detail"] for i in outbox.items() for a in outbox.attempts(i.id))
        reasons = " ".join(i.reason for i in outbox.items())
    assert "001*******45" in reasons  # the portal's reason is kept, masked
    for secret in ("001089012345", "Nguyễn", "Văn An", "Trần", "Bình"):
        assert secret not in caplog.text
        assert secret not in details and secret not in reasons
