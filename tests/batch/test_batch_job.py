"""A whole job through the CLI, as a real process: run a box with every separator kind and
planted faults, status, review, export to two targets — with the failures the issue lists."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pikepdf
import pytest
from batch_helpers import Box, cli, documents_as_names, json_lines, read_index

from scanstation.batch.state import JobStore


@pytest.fixture(scope="module")
def ran(faulty_box: Box, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list]:
    root = tmp_path_factory.mktemp("job")
    home, out = root / "home", root / "out"
    proc = cli("batch", "run", str(faulty_box.folder), "-o", str(out), "--split", "patcht",
               "--split", "barcode", "--job", "hop-12", "--jobs", "2", "--json", home=home)
    assert proc.returncode == 0, proc.stderr
    return home, out, json_lines(proc.stdout)


def test_documents_in_order_with_their_pages_and_separators(ran: tuple, faulty_box: Box) -> None:
    _home, out, events = ran
    index = read_index(out)
    assert documents_as_names(index) == faulty_box.documents
    assert [d["file"] for d in index] == ["hop-12.001.pdf", "hop-12.002.pdf", "HS-1975-012.001.pdf",
                                          "HS-1975-014.001.pdf", "HS-1975-015.001.pdf"]
    assert [d["separator"] and (d["separator"]["kind"], d["separator"]["value"]) for d in index] == [
        None, ("patcht", "PATCHT"), ("code128", "HS-1975-012"), ("qr", "HS-1975-014"),
        ("code39", "HS-1975-015")]
    assert index[1]["separator"]["source"] == str(faulty_box.folder / faulty_box.sheets[0])
    for doc in index:
        assert set(doc) == {"file", "pages", "sha256", "separator", "flags"}
        pdf_path = out / doc["file"]
        assert hashlib.sha256(pdf_path.read_bytes()).hexdigest() == doc["sha256"]
        with pikepdf.open(pdf_path) as pdf:
            assert len(pdf.pages) == len(doc["pages"])
            assert "pdfaid" in str(pdf.open_metadata())
    assert events[-1]["event"] == "done" and events[-1]["pages_total"] == len(faulty_box.files)
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(d["file"] for d in index)


def test_planted_faults_are_flagged_for_review(ran: tuple) -> None:
    _, out, _ = ran
    flags = [d["flags"] for d in read_index(out)]
    assert "unreadable" in flags[0]
    assert "blank" in flags[1]
    assert "double_feed" in flags[2]
    assert "rotated" in flags[3] and "separator_sequence" in flags[3]  # HS-1975-013 missing
    assert flags[4] == []


def test_status_and_a_second_runner_is_refused(ran: tuple, faulty_box: Box) -> None:
    home, out, _ = ran
    status = json_lines(cli("batch", "status", "hop-12", "--json", home=home, check=True).stdout)[0]
    assert {k: status[k] for k in ("pages_total", "pages_done", "documents", "state")} == {
        "pages_total": len(faulty_box.files), "pages_done": len(faulty_box.files), "documents": 5,
        "state": "staged"}
    assert status["flagged"] >= 5
    store = JobStore(out)
    store.acquire_lease()  # someone is running this job
    try:
        busy = cli("batch", "resume", "hop-12", home=home)
        assert busy.returncode == 1 and "Traceback" not in busy.stderr
        assert "đang được" in busy.stderr and "being run" in busy.stderr
        assert json_lines(cli("batch", "status", str(out), "--json", home=home).stdout)[0][
            "state"] == "running"
    finally:
        store.close()


def test_export_waits_for_review_then_writes_two_verified_copies(ran: tuple, tmp_path: Path) -> None:
    home, out, _ = ran
    a, b = tmp_path / "nas", tmp_path / "usb"
    refused = cli("batch", "export", "hop-12", "--to", str(a), "--to", str(b), home=home)
    assert refused.returncode == 2 and "kiểm tra" in refused.stderr and "review" in refused.stderr
    assert not a.exists()
    listing = json_lines(cli("batch", "review", "hop-12", "--json", home=home, check=True).stdout)
    flagged = [e for e in listing if e["event"] == "flagged"]
    assert listing[-1]["pending"] == len(flagged) >= 5
    not_done = cli("batch", "review", "hop-12", "--done", home=home)
    assert not_done.returncode == 2
    # the double feed goes; everything else is accepted
    double = next(e for e in flagged if "double_feed" in e["flags"])
    cli("batch", "review", "hop-12", "--delete", str(double["page_no"]), home=home, check=True)
    # the upside-down page is rescanned the right way up and takes its place
    from batch_helpers import content_page

    upside = next(e for e in flagged if "rotated" in e["flags"])
    rescan = tmp_path / "rescan.png"
    content_page(5).save(rescan, dpi=(100, 100))
    before = read_index(out)[3]
    cli("batch", "review", "hop-12", "--replace", f"{upside['page_no']}:{rescan}", home=home,
        check=True)
    after = read_index(out)[3]
    assert after["pages"] == before["pages"] and after["sha256"] != before["sha256"]
    assert "rotated" not in after["flags"]
    cli("batch", "review", "hop-12", "--accept-all", "--done", home=home, check=True)
    # a vanished share: the target's parent is a file → paused with a clear error, nothing lost
    broken = tmp_path / "gone"
    broken.write_text("not a folder")
    gone = cli("batch", "export", "hop-12", "--to", str(a), "--to", str(broken / "x"), home=home)
    assert gone.returncode == 9 and "Traceback" not in gone.stderr
    settings = tmp_path / "phong.toml"  # the job file: fonds-wide values, one file's own
    settings.write_text('fonds_code = "PHONG-01"\nfonds_name = "Phông UBND xã Sóc Sơn"\n'
                        'retention = "Vĩnh viễn"\naccess_level = "Hạn chế"\n'
                        '[files."HS-1975-014"]\ntitle = "Hồ sơ giao đất năm 1975"\n'
                        'retention = "20 năm"\n', "utf-8")
    result = json_lines(cli("batch", "export", "hop-12", "--to", str(a), "--to", str(b), "--json",
                            "--settings", str(settings), "--access-level", "Công khai",
                            home=home, check=True).stdout)[-1]
    assert result["archive_rule_met"] and len(result["targets"]) == 2 and not result["signed"]
    staged = read_index(out)
    assert [len(d["pages"]) for d in staged][2] == 1  # the double feed left its document
    for target in (a, b):
        meta = json.loads((target / "index.json").read_text("utf-8"))
        assert meta["schema_version"] == 2 and meta["job"]["name"] == "hop-12"
        assert meta["fonds"] == {"code": "PHONG-01", "name": "Phông UBND xã Sóc Sơn"}
        files = {f["code"]: f for f in meta["files"]}
        assert list(files) == ["hop-12", "HS-1975-012", "HS-1975-014", "HS-1975-015"]
        documents = [d for f in meta["files"] for d in f["documents"]]
        assert [d["file"] for d in documents] == [d["file"] for d in staged]
        assert [d["number"] for d in files["hop-12"]["documents"]] == [1, 2]
        assert files["HS-1975-014"]["title"] == "Hồ sơ giao đất năm 1975"
        assert files["HS-1975-014"]["retention"] == "20 năm"
        assert files["HS-1975-012"]["retention"] == "Vĩnh viễn"
        assert all(f["access_level"] == "Công khai" for f in files.values())  # option over file
        for file in meta["files"]:
            assert file["page_count"] == sum(d["page_count"] for d in file["documents"])
            dates = sorted(d["date"] for d in file["documents"] if d["date"]) or [None]
            assert (file["start_date"], file["end_date"]) == (dates[0], dates[-1])
        for doc in documents:
            assert doc["page_count"] == len(doc["pages"])
            assert hashlib.sha256((target / doc["file"]).read_bytes()).hexdigest() == doc["sha256"]
        # pages with the generated header (not the one-line notes) give their number and date
        numbered = [d for d in documents
                    if re.fullmatch(r"\d+/(QĐ-UBND|GXN-UBND|TB-CAP)", d["number_symbol"])]
        assert len(numbered) >= 3 and all(d["date"] and d["author"] for d in numbered)
        assert all(d["number_symbol"] in ("", *[n["number_symbol"] for n in numbered])
                   for d in documents)
        rows = list(csv.DictReader((target / "index.csv").open(encoding="utf-8")))
        assert [r["sha256"] for r in rows] == [d["sha256"] for d in documents]
        assert [r["number_symbol"] for r in rows] == [d["number_symbol"] for d in documents]
        sums = (target / "SHA256SUMS").read_text().splitlines()
        assert len(sums) == len(documents) + 2
    assert json_lines(cli("batch", "status", "hop-12", "--json", home=home).stdout)[0][
        "state"] == "exported"
    # queued to the outbox: one item per file (hồ sơ), the documents as exported; again, nothing
    queued = json_lines(cli("batch", "export", "hop-12", "--to", str(a), "--to", str(b), "--json",
                            "--outbox", home=home, check=True).stdout)[-1]["outbox"]
    assert [q["file_code"] for q in queued] == list(files) and all(q["created"] for q in queued)
    items = json_lines(cli("outbox", "status", "--json", home=home, check=True).stdout)
    assert sorted(i["id"] for i in items) == sorted(q["item"] for q in queued)
    assert all(i["state"] == "queued" for i in items)
    from scanstation.outbox.queue import Outbox

    with Outbox(home) as outbox:
        for q in queued:
            item = outbox.get(q["item"])
            assert item is not None and item.dossier_code == q["file_code"]
            frozen = {f.name: f.sha256 for f in outbox.files(item.id)}
            expected = {d["file"]: d["sha256"] for d in files[q["file_code"]]["documents"]}
            assert frozen == expected  # the verified copies, byte for byte
    again = json_lines(cli("batch", "export", "hop-12", "--to", str(a), "--to", str(b), "--json",
                           "--outbox", home=home, check=True).stdout)[-1]["outbox"]
    assert [q["item"] for q in again] == [q["item"] for q in queued]
    assert not any(q["created"] for q in again)


def test_report_html(ran: tuple, tmp_path: Path) -> None:
    home, _, _ = ran
    out = tmp_path / "report.html"
    cli("batch", "report", "hop-12", "-o", str(out), home=home, check=True)
    text = out.read_text("utf-8")
    assert "<svg" in text and "HS-1975-014.001.pdf" in text and "separator_sequence" in text


def test_bad_input_is_bilingual(tmp_path: Path) -> None:
    missing = cli("batch", "run", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o"),
                  home=tmp_path / "h")
    assert missing.returncode == 3 and "Traceback" not in missing.stderr
    rule = cli("batch", "run", str(tmp_path), "-o", str(tmp_path / "o"), "--split", "every:0",
               home=tmp_path / "h")
    assert rule.returncode == 2 and "Quy tắc" in rule.stderr and "Invalid split rule" in rule.stderr
    unknown = cli("batch", "status", "no-such-job", home=tmp_path / "h")
    assert unknown.returncode == 2 and "not found" in unknown.stderr


def test_a_scanner_feed_is_a_source_sane_test_adf(tmp_path: Path) -> None:
    """The SANE ``test`` backend's ADF after a folder: pages in feed order, named by the feed."""
    from batch_helpers import make_box

    box = make_box(tmp_path / "box", [("page", 4), ("sheet", "code128", "HS-2024-001")])
    feed = "scanner:test:0?pages=3&resolution=50&mode=gray"
    home, out = tmp_path / "home", tmp_path / "out"
    proc = cli("batch", "run", str(box.folder), feed, "-o", str(out), "--json", home=home)
    assert proc.returncode == 0, proc.stderr
    index = read_index(out)
    assert [[(Path(p["source"]).name, p["page"]) for p in d["pages"]] for d in index] == [
        [("p0001.png", 1)], [(feed, 1), (feed, 2), (feed, 3)]]
    assert index[1]["file"] == "HS-2024-001.001.pdf"
    captured = sorted((out / ".job" / "captured").iterdir())
    assert len(captured) == 3 and (out / ".job").stat().st_mode & 0o077 == 0
