"""Generated archive documents (văn bản) with known metadata: the truth the batch export's
metadata extraction is measured against.

Each document has the administrative header of NĐ 30/2020 (issuing body top left with its number
and symbol, the national motto and the place/date top right), the document type and its summary
(trích yếu, "Về việc …") centred under it, a body that quotes other dates (the "Căn cứ …" lines, to
catch an extractor that takes the first date it sees) and the signer block. Dates come in both forms
seen in old files: "ngày 12 tháng 3 năm 1975" and "12/3/1975". Older documents (before 1976) carry
the motto of the time, "VIỆT NAM DÂN CHỦ CỘNG HÒA".
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from PIL import Image

from .pages import SENTENCES, _Writer

# (header line 1, header line 2, the issuing body as the archive records it, symbol suffix)
BODIES = [
    ("ỦY BAN NHÂN DÂN", "XÃ SÓC SƠN", "ỦY BAN NHÂN DÂN XÃ SÓC SƠN", "UBND"),
    ("ỦY BAN NHÂN DÂN", "PHƯỜNG BA ĐÌNH", "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH", "UBND"),
    ("ỦY BAN NHÂN DÂN", "HUYỆN ĐÔNG ANH", "ỦY BAN NHÂN DÂN HUYỆN ĐÔNG ANH", "UBND"),
    ("CÔNG AN THÀNH PHỐ HÀ NỘI", "CÔNG AN PHƯỜNG CẦU GIẤY", "CÔNG AN PHƯỜNG CẦU GIẤY", "CAP"),
    ("SỞ TƯ PHÁP", "THÀNH PHỐ HÀ NỘI", "SỞ TƯ PHÁP THÀNH PHỐ HÀ NỘI", "STP"),
    ("UBND HUYỆN GIA LÂM", "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG", "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG",
     "TNMT"),
]
# (document type as printed, symbol code)
TYPES = [("QUYẾT ĐỊNH", "QĐ"), ("TỜ TRÌNH", "TTr"), ("BÁO CÁO", "BC"), ("THÔNG BÁO", "TB"),
         ("KẾ HOẠCH", "KH"), ("BIÊN BẢN", "BB")]
SUBJECTS = [
    "giao đất ở cho hộ gia đình tại thôn Đông",
    "thành lập Tổ công tác rà soát hồ sơ hộ tịch",
    "kết quả thực hiện công tác cải cách hành chính năm",
    "phê duyệt danh sách hộ nghèo, hộ cận nghèo",
    "tổ chức tiếp nhận và trả kết quả tại bộ phận một cửa",
    "điều chỉnh quy hoạch sử dụng đất chi tiết",
    "cấp giấy chứng nhận quyền sử dụng đất cho ông Trần Văn Bình",
    "kiểm kê, chỉnh lý tài liệu lưu trữ của cơ quan",
    "phê duyệt phương án bồi thường, hỗ trợ và tái định cư khi Nhà nước thu hồi đất để xây dựng "
    "trường tiểu học",
    "khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua yêu nước",
]
PLACES = ["Hà Nội", "Sóc Sơn", "Đông Anh", "Gia Lâm"]
OLD_MOTTO = ("VIỆT NAM DÂN CHỦ CỘNG HÒA", "Độc lập - Tự do - Hạnh phúc")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass
class ArchiveDocument:
    pages: list[Image.Image]
    number_symbol: str
    date: str  # ISO 8601
    author: str
    doc_type: str
    summary: str  # the trích yếu: "Về việc …"
    lines: list[list[str]] = field(default_factory=list)  # printed text per page

    @property
    def truth(self) -> dict[str, object]:
        return {"number_symbol": self.number_symbol, "date": self.date, "author": self.author,
                "type": self.doc_type, "summary": self.summary, "page_count": len(self.pages)}


def _date_line(rng: random.Random, place: str, when: date) -> str:
    if rng.random() < 0.35:
        return f"{place}, {when.day}/{when.month}/{when.year}"
    day = f"{when.day:02d}" if rng.random() < 0.5 else str(when.day)
    month = f"{when.month:02d}" if when.month < 3 and rng.random() < 0.5 else str(when.month)
    return f"{place}, ngày {day} tháng {month} năm {when.year}"


def _summary_lines(summary: str, width: int = 62) -> list[str]:
    """A long summary goes on two centred lines, cut at a word."""
    if len(summary) <= width:
        return [summary]
    words = summary.split()
    cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(summary) / 2))
    return [" ".join(words[:cut]), " ".join(words[cut:])]


def aged(document: ArchiveDocument, seed: int) -> list[Image.Image]:
    """The document's pages as an old file scans: yellowed paper, a little skew, blur, noise and
    JPEG (moderate: these pages measure the metadata reader, not the cleaner)."""
    from .pages import RenderedPage, degrade

    rng = random.Random(f"aged-{seed}")
    out = []
    for index, img in enumerate(document.pages):
        rendered = RenderedPage(img, document.lines[index], "letter", int(img.info["dpi"][0]))
        page = degrade(rendered, skew_deg=rng.uniform(-1.5, 1.5), blur=rng.uniform(0.0, 0.7),
                       jpeg_quality=rng.choice([None, 70, 55]), noise=rng.uniform(0.0, 6.0),
                       yellow=rng.random() < 0.6, seed=seed * 10 + index).image
        page.info["dpi"] = img.info["dpi"]
        out.append(page)
    return out


def render_archive_document(seed: int, *, dpi: int = 150, pages: int | None = None
                            ) -> ArchiveDocument:
    """One document of ``pages`` pages (1–3 chosen by the seed when None), upright and clean."""
    rng = random.Random(f"archive-doc-{seed}")
    head1, head2, author, suffix = rng.choice(BODIES)
    doc_type, code = rng.choice(TYPES)
    when = date(rng.randint(1968, 2004), rng.randint(1, 12), rng.randint(1, 28))
    year_part = f"/{when.year}" if rng.random() < 0.2 else ""
    number = f"{rng.randint(1, 399)}{year_part}/{code}-{suffix}"
    subject = rng.choice(SUBJECTS)
    summary = f"Về việc {subject}"
    count = pages or rng.randint(1, 3)
    images: list[Image.Image] = []
    texts: list[list[str]] = []
    for index in range(count):
        w = _Writer(dpi, rng)
        if index == 0:
            mid = w.margin_left + round(w.text_width * 0.42)
            y0 = w.y
            w.line(head1, size=12, align="center", x1=mid)
            w.line(head2, style="serif-bold", size=12, align="center", x1=mid)
            w.gap(4)
            w.line(f"Số: {number}", size=12, align="center", x1=mid)
            y_left = w.y
            w.y = y0
            motto = OLD_MOTTO if when.year < 1976 else MOTTO
            w.line(motto[0], style="serif-bold", size=12, align="center", x0=mid)
            w.line(motto[1], style="serif-bold", size=13, align="center", x0=mid)
            w.gap(4)
            w.line(_date_line(rng, rng.choice(PLACES), when), style="serif-italic", size=12,
                   align="center", x0=mid)
            w.y = max(w.y, y_left)
            w.gap(18)
            w.line(doc_type, style="serif-bold", size=14, align="center")
            for part in _summary_lines(summary):
                w.line(part, style="serif-bold", size=13, align="center")
            w.gap(12)
        for sentence in rng.sample(SENTENCES, k=4 if index == 0 else 7):
            if w.full():
                break
            w.paragraph(sentence)
            w.gap(4)
        if index == count - 1 and not w.full():
            w.gap(10)
            mid = w.margin_left + w.text_width // 2
            w.line("TM. " + author.title() if author.startswith("ỦY") else "THỦ TRƯỞNG CƠ QUAN",
                   style="serif-bold", size=12, align="center", x0=mid)
            w.gap(30)
            w.line(rng.choice(["Nguyễn Văn Thành", "Lê Thị Hoa", "Phạm Quốc Hưng"]),
                   style="serif-bold", size=13, align="center", x0=mid)
        img = w.image.convert("RGB")
        img.info["dpi"] = (dpi, dpi)
        images.append(img)
        texts.append([unicodedata.normalize("NFC", line) for line in w.lines])
    return ArchiveDocument(images, number, when.isoformat(), author, doc_type,
                           unicodedata.normalize("NFC", summary), texts)
