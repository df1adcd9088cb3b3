"""Receipts: what the station keeps per dossier, and the printable receipt for the citizen.

The stored receipt (``OutboxItem.receipt``) holds the portal's id, the time, and the sha256 of
exactly what was sent. ``write_receipt_pdf`` turns it into an A5 page for the citizen: dossier
code, procedure, date, the portal's receipt number, and a QR code (top left, as printed receipts
carry it) holding the dossier code, so the counter can find the dossier again by scanning it.

fpdf2 writes the PDF with an embedded TrueType font that has every Vietnamese glyph (DejaVu Sans;
Liberation Sans 2 or Noto Sans as fallbacks); segno computes the QR matrix, drawn as vector
squares so it stays sharp at any printer resolution.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import MissingToolError
from ..fonts import DOCUMENT_SANS, FAMILIES
from ..fonts import find as find_font
from ..fsio import atomic_write_bytes
from ..textsafe import bounded
from .items import OutboxItem

FONT_CANDIDATES = tuple((FAMILIES[f]["regular"], FAMILIES[f]["bold"]) for f in DOCUMENT_SANS)
LOCAL_TZ = "Asia/Ho_Chi_Minh"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find_fonts() -> tuple[Path, Path]:
    for regular_name, bold_name in FONT_CANDIDATES:
        regular = find_font(regular_name)
        if regular is not None:
            return regular, find_font(bold_name) or regular
    raise MissingToolError(tool="DejaVu Sans font", package="fonts-dejavu-core")


def qr_text(item: OutboxItem) -> str:
    """What the QR holds: the dossier code (the portal receipt id when there is no code)."""
    return (item.dossier_code or item.receipt_id or item.id)[:128]


def receipt_fields(item: OutboxItem) -> list[tuple[str, str]]:
    """The printed rows, (Vietnamese / English label, value)."""
    from zoneinfo import ZoneInfo

    receipt: dict[str, Any] = item.receipt or {}
    when = item.sent_at or receipt.get("received_at_ts") or item.updated
    local = dt.datetime.fromtimestamp(when, ZoneInfo(LOCAL_TZ))
    procedure = " – ".join(p for p in (item.procedure_code, item.procedure_name) if p)
    return [
        ("Mã hồ sơ / Dossier code", bounded(item.dossier_code or "—", 128)),
        ("Thủ tục / Procedure", bounded(procedure or "—", 300)),
        ("Ngày gửi / Date sent", local.strftime("%d/%m/%Y %H:%M") + " (GMT+7)"),
        ("Số biên nhận / Receipt no.", bounded(item.receipt_id or "—", 128)),
        ("Nơi nhận / Sent to", bounded(item.transport or "—", 64)),
        ("Số tệp / Files", f"{item.file_count} ({item.total_size:,} B)".replace(",", ".")),
        ("Mã kiểm tra / Checksum", f"SHA-256 {str(receipt.get('sha256', ''))[:16]}…"),
    ]


def new_receipt_pdf(page_format: str | tuple[float, float], title: str) -> Any:
    """An fpdf2 document with the receipt fonts ("Receipt", regular and bold) and one page:
    the counter's two papers (intake receipt, portal receipt) share this start."""
    from fpdf import FPDF

    regular, bold = find_fonts()
    pdf = FPDF(orientation="P", unit="mm", format=page_format)
    pdf.set_title(_nfc(title))
    pdf.set_creator("ScanStation")
    pdf.add_font("Receipt", "", str(regular))
    pdf.add_font("Receipt", "B", str(bold))
    return pdf


def draw_qr(pdf: Any, text: str, *, left: float, top: float, size_mm: float) -> None:
    """A QR code drawn as vector squares (sharp at any print size), with its 4-module quiet
    zone inside ``size_mm``."""
    import segno

    matrix = [list(row) for row in segno.make(text, error="m", micro=False).matrix]
    module = size_mm / (len(matrix) + 8)
    pdf.set_fill_color(0, 0, 0)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                pdf.rect(left + (x + 4) * module, top + (y + 4) * module, module, module,
                         style="F")


def render_receipt_pdf(item: OutboxItem, *, agency: str = "") -> bytes:
    """The receipt page as PDF bytes."""
    pdf = new_receipt_pdf((148, 210), f"Biên nhận hồ sơ {item.dossier_code or item.id}")  # A5
    pdf.set_auto_page_break(False)
    pdf.add_page()
    draw_qr(pdf, qr_text(item), left=10.0, top=10.0, size_mm=34.0)

    pdf.set_xy(48, 14)
    pdf.set_font("Receipt", "B", 9)
    pdf.multi_cell(90, 5, _nfc(agency or "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"), align="L")
    pdf.set_x(48)
    pdf.set_font("Receipt", "", 8)
    pdf.multi_cell(90, 4.5, "One-stop counter — reception and results", align="L")

    pdf.set_xy(10, 50)
    pdf.set_font("Receipt", "B", 14)
    pdf.cell(128, 8, _nfc("GIẤY BIÊN NHẬN HỒ SƠ"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Receipt", "", 10)
    pdf.cell(128, 6, "Dossier receipt", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in receipt_fields(item):
        pdf.set_x(10)
        pdf.set_font("Receipt", "", 9)
        pdf.cell(48, 6.5, _nfc(label))
        pdf.set_font("Receipt", "B", 10)
        pdf.multi_cell(80, 6.5, _nfc(value), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_x(10)
    pdf.set_font("Receipt", "", 8)
    pdf.multi_cell(
        128, 4.2,
        _nfc("Hồ sơ đã được gửi lên hệ thống. Khi tra cứu hoặc nhận kết quả, xin xuất trình giấy "
             "này hoặc đưa mã QR để cán bộ quét. — The dossier has been sent. Show this paper, "
             "or let the officer scan the QR code, to follow it up or collect the result."),
    )
    return bytes(pdf.output())


def write_receipt_pdf(item: OutboxItem, path: Path | str, *, agency: str = "") -> Path:
    """Render and write atomically (temp → fsync → rename)."""
    return atomic_write_bytes(Path(path), render_receipt_pdf(item, agency=agency))
