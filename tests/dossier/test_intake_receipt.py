"""The intake receipt ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"), printed offline: its text read
back from the PDF, its QR decoded from the rendered page, the appointment in working days."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from scanstation.dossier import service
from scanstation.dossier.catalogue import get_procedure
from scanstation.dossier.intake_receipt import add_working_days, intake_receipt
from scanstation.dossier.model import Applicant

APPLICANT = Applicant(id_number="079190001234", full_name="Nguyễn Thị Đào", source="typed")
FRI = dt.date(2026, 12, 4)


@pytest.mark.parametrize(("start", "days", "holidays", "due"), [
    (FRI, 0, (), FRI),
    (FRI, 1, (), dt.date(2026, 12, 7)),  # the weekend does not count
    (FRI, 5, (), dt.date(2026, 12, 11)),
    (FRI, 10, (), dt.date(2026, 12, 18)),
    (dt.date(2026, 12, 5), 1, (), dt.date(2026, 12, 7)),  # received on a Saturday
    (dt.date(2026, 8, 31), 2, (dt.date(2026, 9, 1), dt.date(2026, 9, 2)), dt.date(2026, 9, 4)),
])
def test_working_days(start, days, holidays, due) -> None:
    assert add_working_days(start, days, frozenset(holidays)) == due
    assert due.weekday() < 5 or days == 0


def _pdf_text_and_qr(path: Path) -> tuple[str, list[str]]:
    import numpy as np
    import pypdfium2 as pdfium
    import zxingcpp

    doc = pdfium.PdfDocument(path)
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    image = np.asarray(doc[0].render(scale=300 / 72).to_pil().convert("L"))
    codes = [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    doc.close()
    return text, codes


def _cli(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SCANSTATION_HOME=str(home), SCANSTATION_AGENCY_CODE="000.00.53.H48",
               SCANSTATION_OFFICER="Trần Văn Bình")
    env.pop("SCANSTATION_PORTAL_URL", None)
    return subprocess.run([sys.executable, "-m", "scanstation", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_intake_receipt_offline_then_with_portal_receipt(home: Path, page_images, tmp_path
                                                         ) -> None:
    d = service.new_dossier(home, "2.000488", APPLICANT)  # judicial record: 10 working days
    service.add_documents(home, d.id, "to-khai", [page_images[0][0], page_images[1][0]],
                          clean=False)
    service.add_documents(home, d.id, "cccd", [page_images[2][0]], clean=False)
    procedure = get_procedure("2.000488")
    received = dt.datetime.fromisoformat(d.created).date()
    due = add_working_days(received, procedure.processing_days)
    assert procedure.processing_days > 0 and (due - received).days >= procedure.processing_days

    out = tmp_path / "giay-tiep-nhan.pdf"
    run = _cli(["dossier", "intake-receipt", d.id, "-o", str(out), "--json"], home)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["appointment"] == due.isoformat() and data["portal_receipt_id"] is None
    assert [(x["code"], x["pages"]) for x in data["documents"]] == [("to-khai", 2), ("cccd", 1)]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # name and ID number inside
    assert not (home / "outbox.sqlite").exists()  # printing never creates an outbox

    text, codes = _pdf_text_and_qr(out)
    flat = " ".join(text.split())  # long values wrap
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in flat
    for expected in (d.id, procedure.name, "Nguyễn Thị Đào", "079190001234", "Trần Văn Bình",
                     due.strftime("%d/%m/%Y"), received.strftime("%d/%m/%Y"),
                     "Chưa gửi lên Cổng dịch vụ công"):
        assert expected in flat, expected
    for spec, pages in ((procedure.component("to-khai"), 2), (procedure.component("cccd"), 1)):
        line = next(x for x in text.splitlines() if spec.name in x)
        assert f"{pages} trang" in line
    assert "Total: 3 trang" in flat
    assert codes == [f"{d.id}|2.000488|079190001234"]

    # the portal's receipt arrives through the outbox: the reprint carries its number
    from scanstation.outbox.queue import Outbox

    folder = tmp_path / "built"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({"dossier_id": d.id}), encoding="utf-8")
    (folder / "01-to-khai.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    with Outbox(home) as outbox:
        item = outbox.add_path(folder).item
        assert outbox.claim("runner-test").id == item.id
        assert outbox.mark_sent(item.id, "runner-test", {"receipt_id": "HCM-2612-000777",
                                                         "transport": "http"})
    assert intake_receipt(home, d.id).portal_receipt_id == "HCM-2612-000777"
    again = _cli(["dossier", "intake-receipt", d.id, "-o", str(out)], home)
    assert again.returncode == 0, again.stderr
    text, _ = _pdf_text_and_qr(out)
    assert "HCM-2612-000777" in text and "Chưa gửi" not in text


def test_intake_receipt_bad_inputs(home: Path, tmp_path) -> None:
    missing = _cli(["dossier", "intake-receipt", "KHONG-CO-0001", "-o", str(tmp_path / "r.pdf")],
                   home)
    assert missing.returncode == 2 and "KHONG-CO-0001" in missing.stderr
    assert "Traceback" not in missing.stderr
    d = service.new_dossier(home, "1.001193")
    unwritable = _cli(["dossier", "intake-receipt", d.id, "-o", "/proc/x/r.pdf"], home)
    assert unwritable.returncode == 9, unwritable.stderr
    assert "Traceback" not in unwritable.stderr and "/proc/x/r.pdf" in unwritable.stderr
