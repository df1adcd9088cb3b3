"""The printable receipt: Vietnamese text survives, the QR decodes to the dossier code."""

from __future__ import annotations

import json
import subprocess
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from outbox_helpers import SCANSTATION, cli_env, drain, make_dossier

from scanstation.outbox.queue import Outbox
from scanstation.outbox.receipts import qr_text, write_receipt_pdf
from scanstation.outbox.transports.http import HttpTransport
from scanstation.testing.portal import ReferencePortal

CODE = "000.00.53.H48-261123-0099"
NAME = "Đăng ký khai sinh, kết hôn – Thủ tục liên thông"


def _sent_item(tmp_path: Path, portal_url: str, **kw: str) -> Path:
    home = tmp_path / "home"
    folder = make_dossier(tmp_path / "src", "hs-1", manifest=True, **kw)
    doc = json.loads((folder / "manifest.json").read_text("utf-8"))
    doc["procedure_name"] = unicodedata.normalize("NFD", NAME)  # decomposed on purpose
    (folder / "manifest.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    with Outbox(home) as outbox:
        outbox.add_path(folder)
    transport = HttpTransport(portal_url, timeout=2.0)
    try:
        drain(home, transport)
    finally:
        transport.close()
    return home


def _page_text_and_qr(path: Path) -> tuple[str, list[str]]:
    doc = pdfium.PdfDocument(str(path))
    page = doc[0]
    text = page.get_textpage().get_text_range()
    image = page.render(scale=300 / 72).to_pil()
    codes = [r.text for r in zxingcpp.read_barcodes(image)]
    doc.close()
    return text, codes


def test_receipt_pdf_has_vietnamese_text_and_a_scannable_qr(tmp_path: Path) -> None:
    with ReferencePortal() as portal:
        home = _sent_item(tmp_path, portal.url, code=CODE, procedure="1.001193")
    with Outbox(home) as outbox:
        item = outbox.items()[0]
    out = write_receipt_pdf(item, tmp_path / "bien-nhan.pdf")
    text, codes = _page_text_and_qr(out)
    text = unicodedata.normalize("NFC", text)
    for expected in ("GIẤY BIÊN NHẬN HỒ SƠ", CODE, "1.001193", NAME, item.receipt_id):
        assert expected in text.replace("\r\n", " ").replace("\n", " "), expected
    assert codes == [CODE] == [qr_text(item)]


def test_receipt_cli(tmp_path: Path) -> None:
    with ReferencePortal() as portal:
        home = _sent_item(tmp_path, portal.url, code=CODE)
    rows = subprocess.run([SCANSTATION, "outbox", "status", "--json"], env=cli_env(home),
                          capture_output=True, text=True, check=True).stdout
    item_id = json.loads(rows)["id"]
    out = tmp_path / "r.pdf"
    done = subprocess.run([SCANSTATION, "outbox", "receipt", item_id, "--pdf", str(out)],
                          env=cli_env(home), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["receipt"]["receipt_id"] == shown["receipt_id"]
    assert len(shown["receipt"]["sha256"]) == 64
    assert _page_text_and_qr(out)[1] == [CODE]


def test_no_receipt_before_sending(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Outbox(home) as outbox:
        item = outbox.add_path(make_dossier(tmp_path / "src", "hs-2")).item
    done = subprocess.run([SCANSTATION, "outbox", "receipt", item.id], env=cli_env(home),
                          capture_output=True, text=True)
    assert done.returncode != 0 and "not sent yet" in done.stderr
