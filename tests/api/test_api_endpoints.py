"""Endpoints over real HTTP: a scan from SANE's test device with progress events and an OCR'd
PDF/A, the ID card as the CLI reads it, a dossier built — unsigned, refused to sign headless,
signed with a PIN the window gave — and status answered under load while a scan runs."""

from __future__ import annotations

import http.client
import json
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import PORTAL, Client

from scanstation.api.server import ApiServer, StationHooks

LOW_DPI = 100  # the test device at 100 dpi: quick to clean
# its default picture makes Tesseract hunt for words in a texture for seconds a page
WHITE = {"test-picture": "Solid white"}


def read_events(client: Client, token: str, job_id: str) -> list[dict[str, Any]]:
    """The job's Server-Sent Events, read as they come until the stream ends."""
    conn = http.client.HTTPConnection("127.0.0.1", client.port, timeout=120)
    conn.request("GET", f"/v1/jobs/{job_id}/events",
                 headers={"Origin": PORTAL, "Authorization": f"Bearer {token}",
                          "Host": f"127.0.0.1:{client.port}"})
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/event-stream")
    events, data = [], []
    for raw in response:
        line = raw.decode("utf-8").rstrip("\n")
        if line.startswith("data: "):
            data.append(line[6:])
        elif not line and data:
            events.append(json.loads("\n".join(data)))
            data = []
    conn.close()
    return events


def scan(client: Client, token: str, pages: int, **extra: Any) -> tuple[str, list[dict]]:
    started = client.request("POST", "/v1/scans", token=token,
                             body={"device": "test:0", "source": "adf", "pages": pages,
                                   "resolution": LOW_DPI, "options": WHITE, **extra})
    assert started.status == 202, started.body
    job_id = started.json()["job_id"]
    return job_id, read_events(client, token, job_id)


def test_scan_three_pages_with_progress_pages_and_pdfa(client: Client, tmp_path: Path) -> None:
    from scanstation.pdf.check import check_pdfa

    token = client.pair()
    job_id, events = scan(client, token, 3)
    kinds = [e["type"] for e in events]
    assert kinds[-1] == "done", events[-1]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert kinds.count("page") == 3 and kinds.count("cleaned") == 3
    assert kinds.index("page") < kinds.index("cleaned")
    scan_progress = [e for e in events if e["type"] == "progress" and e["stage"] == "scan"]
    assert {e["page"] for e in scan_progress} == {1, 2, 3}
    assert any(e["stage"] == "ocr" and e["done"] == 3 for e in events if e["type"] == "progress")
    state = client.request("GET", f"/v1/jobs/{job_id}", token=token).json()
    assert state["state"] == "done" and len(state["pages"]) == 3 and state["pdfa_ok"] is True
    png = client.request("GET", f"/v1/jobs/{job_id}/pages/2", token=token)
    assert png.status == 200 and png.body.startswith(b"\x89PNG")
    original = client.request("GET", f"/v1/jobs/{job_id}/pages/2/original", token=token)
    assert original.status == 200
    from scanstation.workspace import Workspace, sha256_bytes

    with Workspace(client.server.home) as ws:  # the bytes as the scanner gave them
        page = ws.page(state["pages"][1]["page_id"])
        assert sha256_bytes(original.body) == page.original_sha256
    pdf = client.request("GET", f"/v1/jobs/{job_id}/files/scan.pdf", token=token)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "scan.pdf").write_bytes(pdf.body)
    assert check_pdfa(tmp_path / "scan.pdf").ok
    # another approved page does not see this job
    other = client.pair("https://other.example")
    hidden = client.request("GET", f"/v1/jobs/{job_id}", origin="https://other.example",
                            token=other)
    assert hidden.status == 404


def test_bad_scan_requests_are_bilingual_json(client: Client) -> None:
    token = client.pair()
    unknown = client.request("POST", "/v1/scans", token=token, body={"device": "nosuch"})
    assert unknown.status == 404
    assert {"code", "message_vi", "message_en"} <= set(unknown.json())
    bad = client.request("POST", "/v1/scans", token=token,
                         body={"device": "test:0", "mode": "sepia"})
    assert bad.status == 400 and bad.json()["code"] == "bad_request"
    broken = client.request("POST", "/v1/scans", token=token, body=b"{not json",
                            content_type="application/json")
    assert broken.status == 400 and broken.json()["code"] == "bad_json"


def test_cancel_a_scan(client: Client) -> None:
    token = client.pair()
    started = client.request("POST", "/v1/scans", token=token,
                             body={"device": "test:0", "source": "adf", "pages": 50,
                                   "resolution": LOW_DPI, "pdf": False}).json()
    cancel = client.request("POST", f"/v1/jobs/{started['job_id']}/cancel", token=token)
    assert cancel.status == 202
    events = read_events(client, token, started["job_id"])
    assert events[-1]["type"] == "cancelled"
    assert sum(e["type"] == "page" for e in events) < 50


def test_idcard_scanned_now_from_a_device(client: Client) -> None:
    token = client.pair()
    reply = client.request("POST", "/v1/idcard", token=token,
                           body={"device": "test:0", "resolution": LOW_DPI, "options": WHITE})
    assert reply.status == 200, reply.body
    record = reply.json()  # a white page: the record says so, as the CLI would
    assert record["applicant"] is None and record["reason"] == "no_qr_found"


@pytest.fixture
def card_png(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    from scanstation.testing import cards

    rng = random.Random(1616)
    person = cards.invent_person(rng)
    card = cards.render_card(person, 3.0, rng).convert("RGB")
    path = tmp_path / "the-card.png"
    card.save(path, dpi=card.info.get("dpi", (300, 300)))
    return path, person.expected()


def test_idcard_upload_gives_what_the_cli_gives(client: Client, card_png, home: Path) -> None:
    path, expected = card_png
    token = client.pair()
    reply = client.request("POST", "/v1/idcard", token=token, body=path.read_bytes(),
                           content_type="image/png")
    assert reply.status == 200, reply.body
    record = reply.json()
    cli = subprocess.run([sys.executable, "-m", "scanstation", "idcard", "--json", str(path)],
                         capture_output=True, text=True, check=True,
                         env={"SCANSTATION_HOME": str(home), "PATH": "/usr/bin:/bin"})
    from_cli = json.loads(cli.stdout)
    timing = {"file", "elapsed_ms", "load_ms"}
    assert {k: v for k, v in record.items() if k not in timing} == \
           {k: v for k, v in from_cli.items() if k not in timing}
    assert {k: record["applicant"][k] for k in expected} == expected
    assert record["file"] == "upload"
    assert list((home / "api" / "tmp").iterdir()) == []  # the card image is not kept
    # the log knows a card was read, not whose
    log = subprocess.run([sys.executable, "-m", "scanstation", "serve", "log", "--json"],
                         capture_output=True, text=True, check=True,
                         env={"SCANSTATION_HOME": str(home), "PATH": "/usr/bin:/bin"}).stdout
    assert '"idcard"' in log
    for value in expected.values():
        if len(value) > 3:
            assert value not in log


def test_dossier_from_scan_build_unsigned_and_headless_refuses_to_sign(
        client: Client, card_png) -> None:
    path, expected = card_png
    token = client.pair()
    applicant = client.request("POST", "/v1/idcard", token=token, body=path.read_bytes(),
                               content_type="image/png").json()
    created = client.request("POST", "/v1/dossiers", token=token,
                             body={"procedure": "1.001193", "applicant": applicant})
    assert created.status == 201, created.body
    dossier = created.json()["dossier"]
    assert dossier["applicant"]["full_name"] == expected["full_name"]
    _job, events = scan(client, token, 1, pdf=False, dossier_id=dossier["id"],
                          component="to-khai")
    assert events[-1]["type"] == "done"
    upload = client.request("POST", f"/v1/dossiers/{dossier['id']}/components/giay-chung-sinh/"
                            "pages?name=chung-sinh.png", token=token,
                            body=path.read_bytes(), content_type="image/png")
    assert upload.status == 200, upload.body
    items = {i["code"]: i["pages"] for i in upload.json()["checklist"]["items"]}
    assert items["to-khai"] == 1 and items["giay-chung-sinh"] == 1
    refused = client.request("POST", f"/v1/dossiers/{dossier['id']}/build", token=token,
                             body={"incomplete_reason": "test"})
    assert refused.status == 409 and refused.json()["code"] == "pin_at_station_only"
    assert "PIN" in refused.json()["message_vi"] and "PIN" in refused.json()["message_en"]
    built = client.request("POST", f"/v1/dossiers/{dossier['id']}/build", token=token,
                           body={"sign": False, "incomplete_reason": "API test"})
    assert built.status == 202
    events = read_events(client, token, built.json()["job_id"])
    assert events[-1]["type"] == "done", events[-1]
    files = client.request("GET", f"/v1/jobs/{built.json()['job_id']}", token=token).json()
    assert "manifest.json" in files["files"]
    manifest = client.request("GET", files["files"]["manifest.json"], token=token).json()
    assert [d["code"] for d in manifest["documents"]] == ["to-khai", "giay-chung-sinh"]
    pdf = client.request("GET", files["files"][manifest["documents"][0]["file"]], token=token)
    assert pdf.status == 200 and pdf.body.startswith(b"%PDF")


class _WindowWithPin(StationHooks):
    """The window's side in a test: the officer typed the PKCS#12 password at the station."""

    window = True

    def __init__(self, p12: Path, password: str) -> None:
        self.p12, self.password, self.asked = p12, password, []

    def sign_request(self, origin: str, dossier_id: str) -> Any:
        from scanstation.dossier.build import SignRequest
        from scanstation.pdf.sign import Pkcs12Credential, SessionPin

        self.asked.append((origin, dossier_id))
        return SignRequest(Pkcs12Credential(self.p12), SessionPin(self.password))


def test_build_signed_with_the_pin_typed_at_the_station(home: Path, pki, card_png) -> None:
    from scanstation.pdf.verify import verify_pdf

    path, _expected = card_png
    hooks = _WindowWithPin(pki.p12, pki.p12_password)
    with ApiServer(home, port=0, hooks=hooks) as server:
        client = Client(server)
        token = client.pair()
        dossier = client.request("POST", "/v1/dossiers", token=token,
                                 body={"procedure": "1.001193"}).json()["dossier"]
        client.request("POST", f"/v1/dossiers/{dossier['id']}/components/to-khai/pages",
                       token=token, body=path.read_bytes(), content_type="image/png")
        body = {"incomplete_reason": "API test", "pin": "1234"}  # a PIN sent by a page is ignored
        started = client.request("POST", f"/v1/dossiers/{dossier['id']}/build", token=token,
                                 body=body)
        assert started.status == 202
        events = read_events(client, token, started.json()["job_id"])
        assert events[-1]["type"] == "done" and events[-1]["signed"] is True
        job = client.request("GET", f"/v1/jobs/{started.json()['job_id']}", token=token).json()
        pdf_name = next(n for n in job["files"] if n.endswith(".pdf"))
        signed = client.request("GET", job["files"][pdf_name], token=token)
    assert hooks.asked == [(PORTAL, dossier["id"])]
    target = home / "signed.pdf"
    target.write_bytes(signed.body)
    assert verify_pdf(target, [pki.ca_pem]).ok


def test_status_answers_200_concurrent_requests_while_a_scan_runs(client: Client) -> None:
    token = client.pair()
    started = client.request("POST", "/v1/scans", token=token,
                             body={"device": "test:0", "source": "adf", "pages": 3,
                                   "resolution": LOW_DPI, "pdf": False}).json()
    with ThreadPoolExecutor(max_workers=200) as pool:
        replies = list(pool.map(lambda _: client.request("GET", "/v1/status", token=token),
                                range(200)))
    assert [r.status for r in replies] == [200] * 200
    events = read_events(client, token, started["job_id"])
    assert events[-1]["type"] == "done"


def test_scans_are_removed_when_the_server_stops(home: Path) -> None:
    with ApiServer(home, port=0) as server:
        client = Client(server)
        token = client.pair()
        _job, events = scan(client, token, 1, pdf=False)
        assert events[-1]["type"] == "done"
        folder = server.endpoints.jobs.folder
        assert folder.is_dir() and oct(folder.stat().st_mode & 0o777) == "0o700"
    assert not folder.exists()
