"""The intake receipt, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", printed at the counter the moment
a dossier is received — offline, from the station's own records, whether or not the portal is up.

It names the dossier code, the procedure, the applicant, every document received with its page
count, the date received, the appointment date (the procedure's ``processing_days`` counted in
working days: weekends and the holidays listed in ``station.json`` skipped), the officer, and a
QR holding ``<dossier code>|<procedure code>|<ID number>`` so the counter finds the dossier again by
scanning it. When the outbox already holds the portal's receipt for this dossier, its number is
added; otherwise the paper says the dossier is waiting to be sent.

The PDF is drawn like the outbox's receipt (fpdf2, an embedded font with every Vietnamese glyph,
segno's QR matrix as vector squares): A4 portrait, as counters print the official form.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..fsio import atomic_write_bytes
from ..paths import VN_TZ
from . import station
from .catalogue import get_procedure
from .model import Dossier, Procedure
from .store import DossierStore

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
TITLE_EN = "Dossier intake receipt and appointment for the result"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def add_working_days(start: dt.date, days: int, holidays: frozenset[dt.date] = frozenset()
                     ) -> dt.date:
    """``start`` plus ``days`` working days (Monday–Friday, not a holiday); 0 = ``start``."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def station_holidays(home: Path) -> frozenset[dt.date]:
    """``holidays`` in station.json: ISO dates the ward is closed (Tết, 2/9, …); bad ones skipped."""
    out = set()
    for value in station.read_config(home).get("holidays", []) or []:
        try:
            out.add(dt.date.fromisoformat(str(value)))
        except ValueError:
            continue
    return frozenset(out)


@dataclass
class ReceivedDocument:
    code: str
    name: str
    pages: int


@dataclass
class IntakeReceipt:
    dossier_id: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_id: str
    received_at: dt.datetime
    appointment: dt.date
    processing_days: int
    officer: str
    agency: str
    documents: list[ReceivedDocument] = field(default_factory=list)
    portal_receipt_id: str = ""
    code_status: str = "verified"

    @property
    def qr_text(self) -> str:
        return f"{self.dossier_id}|{self.procedure_code}|{self.applicant_id}"

    @property
    def total_pages(self) -> int:
        return sum(d.pages for d in self.documents)


def _documents(dossier: Dossier, procedure: Procedure) -> list[ReceivedDocument]:
    """Every component with pages, in the procedure's order, then any the catalogue lacks."""
    out = [ReceivedDocument(s.code, s.name, dossier.page_count(s.code))
           for s in procedure.components if dossier.page_count(s.code)]
    known = {s.code for s in procedure.components}
    out += [ReceivedDocument(code, code, len(doc.page_ids))
            for code, doc in dossier.documents.items() if code not in known and doc.page_ids]
    return out


def portal_receipt_id(home: Path, dossier_id: str) -> str:
    """The portal's receipt number for this dossier, if the outbox has one ("" otherwise).
    Reads the outbox only if this workspace has one: printing never creates an outbox."""
    from ..outbox.queue import DB_NAME, Outbox

    if not (Path(home) / DB_NAME).is_file():
        return ""
    with Outbox(home) as outbox:
        sent = [i for i in outbox.items(("sent",)) if i.dossier_code == dossier_id
                and i.receipt_id]
    sent.sort(key=lambda i: i.sent_at or i.updated)
    return str(sent[-1].receipt_id) if sent else ""


def intake_receipt(home: Path, dossier_id: str, *, officer: str = "") -> IntakeReceipt:
    """What the receipt prints, from the dossier store and the catalogue (no network)."""
    with DossierStore(home) as store:
        dossier = store.get(dossier_id)
    procedure = get_procedure(dossier.procedure_code, home)
    received = dt.datetime.fromisoformat(dossier.created).astimezone(VN_TZ)
    appointment = add_working_days(received.date(), procedure.processing_days,
                                   station_holidays(home))
    return IntakeReceipt(
        dossier_id=dossier.id, procedure_code=procedure.code, procedure_name=procedure.name,
        applicant_name=dossier.applicant.full_name, applicant_id=dossier.applicant.id_number,
        received_at=received, appointment=appointment,
        processing_days=procedure.processing_days,
        officer=_nfc(officer).strip() or station.officer_name(home),
        agency=station.agency_name(home) or dossier.agency_code,
        documents=_documents(dossier, procedure),
        portal_receipt_id=portal_receipt_id(home, dossier.id),
        code_status=procedure.code_status,
    )


def _rows(receipt: IntakeReceipt) -> list[tuple[str, str]]:
    procedure = f"{receipt.procedure_code} – {receipt.procedure_name}"
    if receipt.code_status == "placeholder":
        procedure += " (mã tạm / placeholder code)"
    if receipt.processing_days:
        due = (f"{receipt.appointment:%d/%m/%Y} ({receipt.processing_days} ngày làm việc / "
               "working days)")
    else:
        due = f"{receipt.appointment:%d/%m/%Y} (trong ngày / the same day)"
    portal = receipt.portal_receipt_id or "Chưa gửi lên Cổng dịch vụ công / not yet sent"
    return [
        ("Mã hồ sơ / Dossier code", receipt.dossier_id),
        ("Thủ tục / Procedure", procedure),
        ("Người nộp / Applicant", receipt.applicant_name or "—"),
        ("Số định danh / ID number", receipt.applicant_id or "—"),
        ("Ngày nhận / Received", f"{receipt.received_at:%H:%M, %d/%m/%Y} (GMT+7)"),
        ("Hẹn trả kết quả / Result due", due),
        ("Cán bộ tiếp nhận / Officer", receipt.officer or "—"),
        ("Biên nhận Cổng DVC / Portal receipt", portal),
    ]


def render_intake_receipt_pdf(receipt: IntakeReceipt) -> bytes:
    """The receipt as PDF bytes (A4 portrait; a long list of documents flows onto page 2)."""
    from ..outbox.receipts import draw_qr, new_receipt_pdf

    pdf = new_receipt_pdf("A4", f"Giấy tiếp nhận hồ sơ {receipt.dossier_id}")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    draw_qr(pdf, receipt.qr_text, left=15.0, top=12.0, size_mm=32.0)

    pdf.set_xy(50, 14)
    pdf.set_font("Receipt", "B", 10)
    pdf.multi_cell(60, 5, _nfc(receipt.agency or "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"),
                   align="C")
    pdf.set_xy(112, 14)
    pdf.multi_cell(85, 5, _nfc("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), align="C")
    pdf.set_x(112)
    pdf.set_font("Receipt", "", 10)
    pdf.multi_cell(85, 5, _nfc("Độc lập - Tự do - Hạnh phúc"), align="C")

    pdf.set_xy(15, 50)
    pdf.set_font("Receipt", "B", 14)
    pdf.cell(180, 8, _nfc(TITLE), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Receipt", "", 10)
    pdf.cell(180, 6, TITLE_EN, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in _rows(receipt):
        pdf.set_x(15)
        pdf.set_font("Receipt", "", 9.5)
        pdf.cell(66, 6.5, _nfc(label))
        pdf.set_font("Receipt", "B", 10.5)
        pdf.multi_cell(114, 6.5, _nfc(value), align="L", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(3)
    pdf.set_x(15)
    pdf.set_font("Receipt", "B", 10.5)
    pdf.cell(180, 7, _nfc("Giấy tờ đã nhận / Documents received"), new_x="LMARGIN",
             new_y="NEXT")
    pdf.set_font("Receipt", "", 10)
    for n, doc in enumerate(receipt.documents, start=1):
        if pdf.get_y() > 265:  # keep a document's name and its page count on one page
            pdf.add_page()
        line_top = pdf.get_y()
        pdf.set_xy(160, line_top)
        pdf.cell(35, 6, f"{doc.pages} trang / pages", align="R")
        pdf.set_xy(15, line_top)
        pdf.cell(9, 6, f"{n}.")
        pdf.multi_cell(136, 6, _nfc(doc.name), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(15)
    pdf.set_font("Receipt", "B", 10)
    pdf.cell(180, 7, _nfc(f"Tổng cộng / Total: {receipt.total_pages} trang / pages"),
             align="R", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(6)
    pdf.set_x(15)
    pdf.set_font("Receipt", "", 9)
    pdf.multi_cell(
        180, 4.6,
        _nfc("Khi đến nhận kết quả, xin mang theo giấy này và giấy tờ tùy thân; cán bộ quét mã "
             "QR để tìm hồ sơ. — When you collect the result, bring this paper and your ID; "
             "the officer scans the QR code to find the dossier."),
    )
    pdf.ln(8)
    pdf.set_font("Receipt", "B", 10)
    pdf.set_x(15)
    pdf.cell(90, 6, _nfc("NGƯỜI NỘP HỒ SƠ"), align="C")
    pdf.cell(90, 6, _nfc("NGƯỜI TIẾP NHẬN HỒ SƠ"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Receipt", "", 9)
    pdf.set_x(15)
    pdf.cell(90, 5, "(Applicant)", align="C")
    pdf.cell(90, 5, "(Receiving officer)", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(18)
    pdf.set_font("Receipt", "B", 10)
    pdf.set_x(15)
    pdf.cell(90, 6, _nfc(receipt.applicant_name), align="C")
    pdf.cell(90, 6, _nfc(receipt.officer), align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def write_intake_receipt(home: Path, dossier_id: str, out: Path | str, *, officer: str = ""
                         ) -> tuple[Path, IntakeReceipt]:
    """Render the receipt for ``dossier_id`` and write it atomically (temp → fsync → rename).
    The file holds the applicant's name and ID, so it is written 0600 like every personal file."""
    receipt = intake_receipt(home, dossier_id, officer=officer)
    path = atomic_write_bytes(Path(out), render_intake_receipt_pdf(receipt))
    return path, receipt
