"""The CLI contract, judged like the independent checker does: real subprocesses, kill -9."""

from __future__ import annotations

import json
import random
import signal
import socket
import subprocess
import time
from pathlib import Path

from outbox_helpers import SCANSTATION, assert_exactly_once, cli_env, make_dossier, make_pdf

from scanstation.testing.portal import FaultPlan, ReferencePortal


def _cli(home: Path, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([SCANSTATION, "outbox", *args], env=cli_env(home, **env),
                          capture_output=True, text=True, timeout=timeout)


def _add(tmp_path: Path, home: Path, n: int) -> list[str]:
    paths = [str(make_dossier(tmp_path / "src", f"hs-{i:03d}", files=1 + i % 3,
                              manifest=i % 2 == 0)) for i in range(n - 1)]
    paths.append(str(make_pdf(tmp_path / "src", "Đơn đề nghị.pdf", seed=99)))
    done = _cli(home, "add", *paths)
    assert done.returncode == 0, done.stderr
    ids = done.stdout.split()
    assert len(ids) == n == len(set(ids))
    return ids


def _status(home: Path) -> list[dict]:
    done = _cli(home, "status", "--json")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_add_run_status_contract(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ids = _add(tmp_path, home, 5)
    rows = _status(home)
    assert [r["id"] for r in rows] == ids
    assert all({"id", "state", "attempts", "receipt_id"} <= r.keys() for r in rows)
    assert {r["state"] for r in rows} == {"queued"} and {r["receipt_id"] for r in rows} == {None}
    with ReferencePortal() as portal:
        done = _cli(home, "run", "--portal-url", portal.url, "--until-empty")
        assert done.returncode == 0, done.stderr
        assert_exactly_once(home, portal, 5)
    rows = _status(home)
    assert {r["state"] for r in rows} == {"sent"} and all(r["attempts"] == 1 for r in rows)
    again = _cli(home, "add", str(tmp_path / "src" / "hs-000"))  # same version: same item
    assert again.stdout.split() == [ids[0]]
    log = _cli(home, "log", ids[0])
    attempts = [json.loads(line) for line in log.stdout.splitlines()]
    assert [(a["action"], a["outcome"], a["http_status"]) for a in attempts] == [
        ("send", "sent", 201)]


def test_kill_9_at_random_points_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    from scanstation.outbox.queue import Outbox

    home = tmp_path / "home"
    n = 40
    _add(tmp_path, home, n)
    rng = random.Random(8)
    plan = FaultPlan(rate=0.3, seed=8, hang=1.2, slow=0.05, retry_after=0.05)
    with ReferencePortal(faults=plan) as portal, Outbox(home) as outbox:
        kills = 0
        for _ in range(8):
            before = outbox.counts()["sent"]
            if n - before < 6:
                break
            proc = subprocess.Popen(
                [SCANSTATION, "outbox", "run", "--portal-url", portal.url, "--until-empty"],
                env=cli_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # Kill mid-drain: once it has made some progress, at a random moment after that.
            deadline = time.monotonic() + 10
            while outbox.counts()["sent"] < before + 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.08))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
        final = _cli(home, "run", "--portal-url", portal.url, "--until-empty")
        assert final.returncode == 0, final.stderr
        assert kills >= 3
        assert_exactly_once(home, portal, n)


def _kill_while_portal_holds_the_answer(tmp_path: Path, fault: str) -> dict[str, int]:
    home = tmp_path / "home"
    _add(tmp_path, home, 1)
    with ReferencePortal(faults=FaultPlan(script=[fault], hang=4.0)) as portal:
        proc = subprocess.Popen(
            [SCANSTATION, "outbox", "run", "--portal-url", portal.url, "--until-empty"],
            env=cli_env(home, SCANSTATION_OUTBOX_TIMEOUT="10"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while portal.counters.get("posts", 0) < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)
        proc.kill()  # the sender dies with its request in flight
        proc.wait()
        assert _status(home)[0]["state"] == "sending"
        done = _cli(home, "run", "--portal-url", portal.url, "--until-empty")
        assert done.returncode == 0, done.stderr
        assert_exactly_once(home, portal, 1)
        return portal.counters


def test_crash_after_the_portal_stored_is_reconciled_not_resent(tmp_path: Path) -> None:
    counters = _kill_while_portal_holds_the_answer(tmp_path, "timeout_after")
    assert counters["posts"] == 1 and counters["lookups"] == 1


def test_crash_before_the_portal_stored_is_sent_after_asking(tmp_path: Path) -> None:
    counters = _kill_while_portal_holds_the_answer(tmp_path, "timeout_before")
    assert counters["posts"] == 2 and counters["lookups"] == 1


def test_two_concurrent_runs_never_send_the_same_item(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _add(tmp_path, home, 30)
    with ReferencePortal(faults=FaultPlan(rate=0.3, seed=3, hang=1.2, slow=0.05,
                                          retry_after=0.05)) as portal:
        procs = [subprocess.Popen(
            [SCANSTATION, "outbox", "run", "--portal-url", portal.url, "--until-empty", "--json"],
            env=cli_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outs
        summaries = [json.loads(out) for out, _ in outs]
        assert sum(s["sent"] for s in summaries) == 30  # each item sent by exactly one run
        assert portal.counters.get("replays", 0) == 0  # no item was ever posted twice
        assert_exactly_once(home, portal, 30)


def test_until_empty_is_bounded_against_a_dead_portal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _add(tmp_path, home, 3)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # bounded: _cli's subprocess timeout fails the test if the run never gives up
    done = _cli(home, "run", "--portal-url", f"http://127.0.0.1:{port}", "--until-empty",
                "--give-up-after", "1")
    assert done.returncode == 8
    assert "Chưa gửi xong" in done.stderr and "Not everything was sent" in done.stderr
    assert {r["state"] for r in _status(home)} == {"queued"}


def test_refused_item_is_failed_with_reason_and_exit_code(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _add(tmp_path, home, 2)
    with ReferencePortal(token="t0ken") as portal:
        done = _cli(home, "run", "--portal-url", portal.url, "--until-empty")
        assert done.returncode == 8
        rows = _status(home)
        assert {r["state"] for r in rows} == {"failed"}
        assert all(r["reason"].startswith("HTTP 401") for r in rows)
        retried = _cli(home, "retry", "--all")
        assert retried.returncode == 0 and sorted(retried.stdout.split()) == sorted(
            r["id"] for r in rows)
        done = _cli(home, "run", "--portal-url", portal.url, "--until-empty",
                    SCANSTATION_PORTAL_TOKEN="t0ken")
        assert done.returncode == 0, done.stderr
        assert_exactly_once(home, portal, 2)


def test_missing_portal_and_bad_paths_are_clear_errors(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = _cli(home, "run", "--until-empty")
    assert done.returncode == 2 and "SCANSTATION_PORTAL_URL" in done.stderr
    done = _cli(home, "add", str(tmp_path / "nope"), str(make_pdf(tmp_path, "ok.pdf")))
    assert done.returncode == 3
    assert len(done.stdout.split()) == 1  # the good one is still added
    assert "không tồn tại" in done.stderr and "does not exist" in done.stderr
