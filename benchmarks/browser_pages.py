"""Held-out pages laid out by a real browser: a third generator, none of whose code draws text.

    .venv/bin/python benchmarks/browser_pages.py generate OUTDIR [--pages 32] [--seed 1]
                                                         [--wheel underthesea-9.5.0-….whl]
                                                         [--plain-headers] [--cats fax]
                                                         [--wrapped-cells] [--forms]
    .venv/bin/python benchmarks/holdout.py run OUTDIR [--skip-inspect] [--tag NAME]

``--forms``: declaration forms instead of the default documents (``browser_forms.py``).

Both other generators draw with Pillow, line by line, left-aligned, in layouts this project
wrote. Here Debian's ``chromium`` lays out an HTML administrative document the way an office
suite would and prints it to PDF; Poppler's ``pdftoppm`` scans it at 200 or 300 dpi; then the
pages are degraded by ``holdout.py``'s and ``holdout_hard.py``'s kinds (skew, quarter turns,
JPEG, noise, low resolution, phone photo, yellowed paper, blur, seals, faint copies, speckle,
fax, JPEG q20–50, gutters). What the browser brings that Pillow did not:

* Times New Roman's metric clone Liberation Serif (the administrative standard, Decree
  30/2020), 13–14 pt, besides DejaVu/Noto Serif and Liberation Sans, with kerning;
* **justified** paragraphs (word spacing that varies line to line) with a first-line indent;
* the national header as a borderless two-column table, the motto underlined by a rule;
* "Căn cứ …" lines in italics, "Điều 1." in bold, words underlined in a sentence;
* form lines "Họ và tên: …" with a dotted leader run to the margin (not in the truth: a leader
  is no text);
* a bordered table with **merged cells** (row- and column-spans) and a "Tổng cộng" row; one
  table in three with a shaded header row, two in three of those in white letters on a dark
  fill (black, navy, dark grey, dark green) as office templates print them;
* "Nơi nhận:" beside the signature block at the foot, as two columns; on half the applications,
  the ward's or the police's confirmation beside the applicant's signature.

The prose is not ours: sentences of the VLSP 2013 part-of-speech test set that underthesea
9.5.0 (Apache-2.0) ships (legal and news text; its **second half**, the half
``benchmarks/context_text.py`` holds out). Without ``--wheel`` it is fetched with ``pip
download``. Truth is the text in reading order: the header's left column, then its right, body
lines, table rows (cells left to right, a span once, in its first row), then the foot's left
column and its right. A page that would not fit on one A4 sheet loses paragraphs until it does.
Output: images and ``truth.json`` in ``holdout.py``'s format, so ``holdout.py run`` scores it
through the CLI, one call per page: ``scanstation ocr`` (CER, diacritic error) and
``scanstation inspect`` (quarter turn, skew) on the same images.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import holdout  # noqa: E402  (its degradations and its scorer's truth format)
from context_text import vlsp_sentences  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CATS = ["clean", "seal", "skewed", "jpeglow", "speckle", "photo", "fax", "lowres", "faint",
        "jpeg", "gutter", "noise", "clean", "blur", "rotated", "yellowed"]
FAMILIES = ["Liberation Serif"] * 4 + ["DejaVu Serif", "Noto Serif", "Liberation Sans"]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Xuân", "Kim",
           "Gia", "Bảo", "Thu", "Mạnh", "Hoài"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Huệ",
         "Khánh", "Lan", "Linh", "Lộc", "Long", "Mỹ", "Nga", "Nhung", "Phúc", "Phương",
         "Quyên", "Sơn", "Tâm", "Thảo", "Thịnh", "Tuấn", "Uyên", "Vinh", "Yến", "Đạt", "Ước"]
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Hai Bà Trưng", "Nguyễn Trãi", "Lý Thường Kiệt",
           "Điện Biên Phủ", "Phan Đình Phùng", "Võ Thị Sáu", "Hùng Vương", "Quang Trung"]
WARDS = [("phường", "Hoàn Kiếm", "Hà Nội"), ("phường", "Ba Đình", "Hà Nội"),
         ("xã", "Sóc Sơn", "Hà Nội"), ("phường", "Bến Thành", "Thành phố Hồ Chí Minh"),
         ("phường", "Sài Gòn", "Thành phố Hồ Chí Minh"), ("xã", "Cần Giờ", "Thành phố Hồ Chí Minh"),
         ("phường", "Hải Châu", "Đà Nẵng"), ("phường", "Ninh Kiều", "Cần Thơ"),
         ("xã", "Quỳnh Lưu", "Nghệ An"), ("phường", "Thuận Hóa", "Huế"),
         ("xã", "Tiên Lữ", "Hưng Yên"), ("phường", "Lê Chân", "Hải Phòng")]
KINDS = {
    "quyetdinh": ("QUYẾT ĐỊNH", ["Về việc cấp giấy phép xây dựng nhà ở riêng lẻ",
                                 "Về việc phê duyệt danh sách hộ nghèo năm 2025",
                                 "Về việc thành lập tổ công tác liên ngành"]),
    "don": ("ĐƠN ĐỀ NGHỊ", ["Cấp bản sao trích lục khai sinh",
                            "Xác nhận tình trạng hôn nhân", "Hỗ trợ kinh phí sửa chữa nhà ở"]),
    "baocao": ("BÁO CÁO", ["Kết quả thực hiện nhiệm vụ quý III năm 2025",
                           "Tình hình tiếp nhận hồ sơ tại bộ phận một cửa"]),
    "xacnhan": ("GIẤY XÁC NHẬN", ["Về nơi cư trú", "Về hoàn cảnh gia đình khó khăn"]),
}
BASES = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2025;",
         "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
         "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;",
         "Xét đề nghị của Trưởng phòng Kinh tế, Hạ tầng và Đô thị."]
RECIPIENTS = ["- Như Điều 3;", "- Thường trực Đảng ủy;", "- Chủ tịch, các PCT UBND;",
              "- Lưu: VT, VP."]

CSS = """
@page {{ size: A4; margin: {mt}mm {mr}mm {mb}mm {ml}mm; }}
body {{ font-family: '{family}'; font-size: {size}pt; line-height: {lh}; margin: 0;
        color: #000; }}
p {{ margin: 0 0 {gap}pt 0; text-align: justify; text-indent: {indent}cm; }}
.c {{ text-align: center; text-indent: 0; }}
.b {{ font-weight: bold; }} .i {{ font-style: italic; }}
table.hdr, table.foot {{ width: 100%; border-collapse: collapse; }}
table.hdr td, table.foot td {{ vertical-align: top; padding: 0; }}
table.hdr td {{ text-align: center; font-size: {hsize}pt; }}
.rule {{ width: {rule}%; margin: 2pt auto 4pt auto; border-top: 1px solid #000; }}
.field {{ display: flex; align-items: flex-end; text-indent: 0; text-align: left; }}
.field .v {{ flex: 0 1 auto; }}
.dots {{ flex: 1 1 0; min-width: 0; overflow: hidden; white-space: nowrap; letter-spacing: 1pt; }}
table.grid {{ width: 100%; border-collapse: collapse; margin: 4pt 0 8pt 0;
              font-size: {tsize}pt; }}
table.grid td, table.grid th {{ border: 1px solid #000; padding: 2pt 4pt; white-space: nowrap;
                                 vertical-align: middle; }}
table.grid th {{ font-weight: bold; text-align: center; print-color-adjust: exact;
                 -webkit-print-color-adjust: exact; }}
td.n {{ text-align: center; }} td.r {{ text-align: right; }}
table.grid td.w, table.grid th.w {{ white-space: normal; }}
.sig {{ text-align: center; }}
.small {{ font-size: {small}pt; }}
"""


def tidy(s: str) -> str:
    """The corpus's tokenised quotes and brackets put back as typed ("đó ”." → "đó”.")."""
    s = re.sub(r"([“(\[]) ", r"\1", s)
    return re.sub(r" ([”)\]])", r"\1", s)


def name(r: random.Random) -> str:
    return f"{r.choice(SURNAMES)} {r.choice(MIDDLES)} {r.choice(GIVEN)}"


def address(r: random.Random) -> str:
    unit, ward, prov = r.choice(WARDS)
    return f"Số {r.randint(2, 199)}, đường {r.choice(STREETS)}, {unit} {ward}, {prov}"


def date(r: random.Random) -> str:
    return f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.randint(1945, 2005)}"


class Doc:
    """An HTML document and its truth, built together so they cannot disagree."""

    def __init__(self, shaded: bool = True) -> None:
        self.parts: list[str] = []
        self.truth: list[str] = []
        self.shaded = shaded  # a table's header row may be shaded (``header_style``)

    def add(self, markup: str, *truth: str) -> None:
        self.parts.append(markup)
        self.truth.extend(t for t in truth if t)


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def header(doc: Doc, r: random.Random, kind: str) -> None:
    unit, ward, prov = r.choice(WARDS)
    org = ["ỦY BAN NHÂN DÂN", f"{unit.upper()} {ward.upper()}"]
    if kind == "don":  # an applicant's letter has the motto alone
        right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        when = f"{prov}, ngày {r.randint(1, 28)} tháng {r.randint(1, 12)} năm 2025"
        doc.add(f"<div class='c b' style='font-size:inherit'>{esc(right[0])}</div>"
                f"<div class='c b'>{esc(right[1])}</div><div class=rule></div>"
                f"<div class='c i' style='text-align:right'>{esc(when)}</div><br>",
                *right, when)
        return
    code = f"Số: {r.randint(5, 980)}/{r.choice(['QĐ-UBND', 'BC-UBND', 'GXN-CA', 'TTr-UBND'])}"
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    when = f"{ward}, ngày {r.randint(1, 28)} tháng {r.randint(1, 12)} năm 2025"
    left_w = r.choice([38, 40, 42])
    doc.add("<table class=hdr><tr>"
            f"<td style='width:{left_w}%'><div>{esc(org[0])}</div><div class=b>{esc(org[1])}</div>"
            f"<div class=rule style='width:30%'></div><div>{esc(code)}</div></td>"
            f"<td><div class=b>{esc(right[0])}</div><div class=b>{esc(right[1])}</div>"
            f"<div class=rule></div><div class=i>{esc(when)}</div></td></tr></table><br>",
            *org, code, *right, when)


def title(doc: Doc, r: random.Random, kind: str) -> None:
    head, subs = KINDS[kind]
    sub = r.choice(subs)
    doc.add(f"<div class='c b' style='font-size:larger'>{esc(head)}</div>"
            f"<div class='c b'>{esc(sub)}</div><div class=rule style='width:20%'></div>", head,
            sub)


def paragraph(doc: Doc, text: str, cls: str = "", underline: str = "") -> None:
    markup = esc(text)
    if underline and underline in text:  # a word underlined mid-sentence
        markup = markup.replace(esc(underline), f"<u>{esc(underline)}</u>", 1)
    doc.add(f"<p class='{cls}'>{markup}</p>", text)


def fields(doc: Doc, r: random.Random) -> None:
    rows = [("Họ và tên", name(r)), ("Ngày sinh", date(r)),
            ("Số định danh cá nhân", f"0{r.randint(10, 96)}{r.randint(100000000, 999999999)}"),
            ("Nơi cư trú", address(r)), ("Số điện thoại", f"09{r.randint(10000000, 99999999)}")]
    for label, value in r.sample(rows, r.randint(3, 5)):
        text = f"{label}: {value}"
        dots = "." * 260 if r.random() < 0.6 else "…" * 120
        # A value too long for the line wraps (the leader then fills what is left of the last
        # line, or nothing): clipped, the truth held words the page did not show.
        doc.add(f"<div class=field><span class=v>{esc(label)}: {esc(value)}</span>"
                f"<span class=dots>{dots}</span></div>", text)


# A table's header row: mostly plain, some shaded as office templates print them. Chosen by
# the page's own text (``header_style``), not drawn from the page's random stream, so a seed
# generated before shading existed keeps its text and layout; ``--plain-headers`` gives back
# its very pages.
HEADER_STYLES = ([""] * 12 + ["background:#d9d9d9", "background:#bfbfbf"]
                 + ["background:#000;color:#fff", "background:#1f3864;color:#fff",
                    "background:#404040;color:#fff", "background:#375623;color:#fff"])


def header_style(doc: Doc) -> str:
    import zlib

    if not doc.shaded:
        return ""
    return HEADER_STYLES[zlib.crc32("\n".join(doc.truth).encode()) % len(HEADER_STYLES)]


def table(doc: Doc, r: random.Random) -> None:
    money = r.random() < 0.5
    head2 = ("Số tiền (đồng)", "Đã chi", "Còn lại") if money else ("Thời gian", "Từ ngày", "Đến ngày")
    shade = header_style(doc)
    th = f"th style='{shade}'" if shade else "th"
    doc.add(f"<table class=grid><tr><{th} rowspan=2>STT</th><{th} rowspan=2>Họ và tên</th>"
            f"<{th} colspan=2>{esc(head2[0])}</th><{th} rowspan=2>Ghi chú</th></tr>"
            f"<tr><{th}>{esc(head2[1])}</th><{th}>{esc(head2[2])}</th></tr>",
            f"STT Họ và tên {head2[0]} Ghi chú", f"{head2[1]} {head2[2]}")
    total = 0
    for i in range(r.randint(3, 6)):
        if money:
            a, b = r.randint(1, 90) * 100_000, r.randint(0, 50) * 100_000
            total += a
            cells = [f"{a:,}".replace(",", "."), f"{b:,}".replace(",", ".")]
        else:
            cells = [date(r), date(r)]
        note = r.choice(["", "Hộ nghèo", "Đã nhận", "Bổ sung"])
        doc.add(f"<tr><td class=n>{i + 1}</td><td>{esc(n := name(r))}</td>"
                f"<td class=r>{cells[0]}</td><td class=r>{cells[1]}</td><td>{esc(note)}</td></tr>",
                " ".join(x for x in (str(i + 1), n, *cells, note) if x))
    if money:
        t = f"{total:,}".replace(",", ".")
        doc.add(f"<tr><td colspan=2 class='n b'>Tổng cộng</td><td class='r b'>{t}</td>"
                "<td></td><td></td></tr>", f"Tổng cộng {t}")
    doc.add("</table>")


# A list of a commune's procedures (``--wrapped-cells``): the name, the time limit and the fee
# wrap inside their cells, as the procedure tables posted at a counter print them.
PROCEDURES = [
    "Đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam có cha mẹ là công dân Việt Nam",
    "Cấp bản sao trích lục hộ tịch từ sổ hộ tịch hoặc cơ sở dữ liệu hộ tịch điện tử",
    "Chứng thực chữ ký trong các giấy tờ, văn bản bằng tiếng nước ngoài",
    "Đăng ký kết hôn trong nước giữa công dân Việt Nam với nhau",
    "Xác nhận tình trạng hôn nhân để sử dụng vào mục đích khác",
    "Đăng ký thường trú cho người chưa thành niên ở cùng cha mẹ hoặc người giám hộ",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ tại khu vực nông thôn",
    "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội đang hưởng trợ cấp hằng tháng",
    "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm trên địa bàn",
    "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
    "Đăng ký khai tử cho người chết tại địa phương",
    "Giải quyết chế độ trợ cấp xã hội hằng tháng cho người cao tuổi",
]
LIMITS = ["Trong ngày", "03 ngày làm việc", "05 ngày làm việc", "10 ngày làm việc",
          "15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ"]
FEES = ["Không", "Miễn phí", "8.000 đồng", "50.000 đồng/trường hợp", "Theo quy định hiện hành"]


def procedures(doc: Doc, r: random.Random) -> None:
    head = ["STT", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Phí, lệ phí"]
    widths = [8, 52, 22, 18]
    cols = "".join(f"<col style='width:{w}%'>" for w in widths)
    doc.add(f"<table class=grid>{cols}<tr>"
            + "".join(f"<th class=w>{esc(h)}</th>" for h in head) + "</tr>", " ".join(head))
    for i, name_ in enumerate(r.sample(PROCEDURES, r.randint(3, 5)), 1):
        cells = [str(i), name_, r.choice(LIMITS), r.choice(FEES)]
        doc.add("<tr><td class=n>" + str(i) + "</td>"
                + "".join(f"<td class=w>{esc(c)}</td>" for c in cells[1:]) + "</tr>",
                " ".join(cells))
    doc.add("</table>")


def foot(doc: Doc, r: random.Random, kind: str) -> None:
    signer = name(r)
    if kind == "don":
        role = ["NGƯỜI LÀM ĐƠN", "(Ký, ghi rõ họ tên)"]
        left: list[str] = []
        if r.random() < 0.5:  # the ward's confirmation beside the applicant's signature
            left = [r.choice(["XÁC NHẬN CỦA UBND", "XÁC NHẬN CỦA CÔNG AN"]),
                    f"{r.choice(WARDS)[0].upper()} {r.choice(WARDS)[1].upper()}"]
        cell = "".join(f"<div class=b>{esc(x)}</div>" for x in left)
        doc.add(f"<table class=foot><tr><td class=sig style='width:50%'>{cell}</td><td class=sig>"
                f"<div class=b>{esc(role[0])}</div><div class=i>{esc(role[1])}</div>"
                f"<br><br><br><div class=b>{esc(signer)}</div></td></tr></table>",
                *left, *role, signer)
        return
    left = ["Nơi nhận:", *r.sample(RECIPIENTS, r.randint(2, 4))]
    role = r.choice([["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]])
    items = "".join(f"<div class=small>{esc(x)}</div>" for x in left[1:])
    doc.add("<table class=foot><tr><td style='width:50%'>"
            f"<div class='b i small'>{esc(left[0])}</div>{items}</td><td class=sig>"
            + "".join(f"<div class=b>{esc(x)}</div>" for x in role)
            + f"<br><br><br><div class=b>{esc(signer)}</div></td></tr></table>",
            *left, *role, signer)


def build(r: random.Random, prose: list[str], drop: int = 0,
          shaded: bool = True, cells: random.Random | None = None) -> tuple[str, str, dict]:
    """The HTML of one page and its truth; ``drop`` paragraphs fewer than planned; with
    ``cells`` (a stream of its own, so the rest of the page is the seed's as before), a table
    of procedures whose cells wrap."""
    kind = r.choice(list(KINDS))
    family = r.choice(FAMILIES)
    size = r.choice([13, 13, 14]) if family == "Liberation Serif" else r.choice([11, 12, 13])
    doc = Doc(shaded)
    header(doc, r, kind)
    title(doc, r, kind)
    if kind == "quyetdinh":
        for b in r.sample(BASES, r.randint(2, 3)):
            paragraph(doc, b, "i")
        doc.add("<div class='c b'>QUYẾT ĐỊNH:</div>", "QUYẾT ĐỊNH:")
    if kind in ("don", "xacnhan"):
        if kind == "don":
            to = f"Kính gửi: Ủy ban nhân dân {r.choice(WARDS)[0]} {r.choice(WARDS)[1]}"
            doc.add(f"<div class=c>{esc(to)}</div>", to)
        fields(doc, r)
    n_para = r.randint(3, 6) - drop
    for k in range(max(0, n_para)):
        text = " ".join(r.sample(prose, r.randint(1, 3)))
        if kind == "quyetdinh":
            doc.add(f"<p><b>Điều {k + 1}.</b> {esc(text)}</p>", f"Điều {k + 1}. {text}")
        else:
            words = text.split()
            paragraph(doc, text, r.choice(["", "", "i"]) if k else "",
                      underline=r.choice(words) if r.random() < 0.3 and len(words) > 4 else "")
    if kind in ("baocao", "xacnhan") or r.random() < 0.3:
        table(doc, r)
    if cells is not None:
        procedures(doc, cells)
    foot(doc, r, kind)
    css = CSS.format(mt=r.randint(18, 25), mb=r.randint(18, 25), ml=r.randint(28, 35),
                     mr=r.randint(15, 20), family=family, size=size, lh=r.choice([1.2, 1.3, 1.5]),
                     gap=r.choice([3, 6]), indent=r.choice([1, 1.27]), hsize=size - 1,
                     rule=r.choice([30, 40]), tsize=size - 1, small=size - 2)
    page = (f"<!doctype html><html lang=vi><head><meta charset=utf-8><style>{css}</style></head>"
            f"<body>{''.join(doc.parts)}</body></html>")
    text = unicodedata.normalize("NFC", "\n".join(doc.truth))
    return page, text, {"font": family.lower().replace(" ", "-"), "size": size, "kind": kind}


def print_pdf(page: str, work: Path) -> Path:
    src, pdf = work / "page.html", work / "page.pdf"
    src.write_text(page, "utf-8")
    pdf.unlink(missing_ok=True)
    subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
                    f"--user-data-dir={work / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", src.as_uri()],
                   check=True, capture_output=True, timeout=120)
    return pdf


def pages_of(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(x for x in out.stdout.splitlines() if x.startswith("Pages:")).split()[1])


def scan(pdf: Path, dpi: int, work: Path) -> Image.Image:
    stem = work / "scan"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(pdf),
                    str(stem)], check=True)
    with Image.open(f"{stem}.png") as img:
        return img.convert("L").copy()


def generate(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(prog="browser_pages.py generate")
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", type=int, default=32)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wheel", type=Path)
    ap.add_argument("--plain-headers", action="store_true",
                    help="no shaded table header rows: the pages of seeds made before them")
    ap.add_argument("--cats", default=",".join(CATS),
                    help="degradations taken in turn, comma-separated (default: all "
                         f"{len(CATS)}); e.g. 'fax' for a set of fax pages only")
    ap.add_argument("--wrapped-cells", action="store_true",
                    help="a table of procedures whose cells wrap on every page")
    ap.add_argument("--forms", action="store_true",
                    help="declaration forms (boxed numbers, check boxes, footnotes) instead "
                         "of the default documents: browser_forms.py")
    a = ap.parse_args(argv)
    cats = [c for c in a.cats.split(",") if c]
    # "shadow" (a soft shadow over the text, stop 37) is asked for by name: in the default
    # list it would change every earlier seed's pages
    known = [*CATS, "shadow"]
    unknown = sorted(set(cats) - set(known))
    if unknown:
        sys.exit(f"unknown degradation(s) {', '.join(unknown)}; known: {', '.join(known)}")
    if CHROMIUM is None:
        sys.exit("chromium is not installed (apt-get install chromium)")
    lines = vlsp_sentences(a.wheel)
    prose = [tidy(s) for s in lines[len(lines) // 2:] if 40 <= len(s) <= 260]
    a.out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, list[dict]] = {"ocr": [], "inspect": []}
    with tempfile.TemporaryDirectory(prefix="browser_pages_") as tmp:
        work = Path(tmp)
        for i in range(a.pages):
            cat = cats[i % len(cats)]
            for drop in range(6):  # fewer paragraphs until it fits one sheet
                if a.forms:
                    from browser_forms import build_form

                    page, text, meta = build_form(random.Random(a.seed * 52_711 + i * 7 + drop))
                else:
                    page, text, meta = build(random.Random(a.seed * 100_003 + i), prose, drop,
                                             not a.plain_headers,
                                             random.Random(a.seed * 31_337 + i)
                                             if a.wrapped_cells else None)
                pdf = print_pdf(page, work)
                if pages_of(pdf) == 1:
                    break
            else:
                print(f"page {i}: does not fit one sheet, left out", file=sys.stderr)
                continue
            r = random.Random(a.seed * 7_919 + i)
            dpi = r.choice([200, 300])
            img = scan(pdf, dpi, work)
            out, qt, skew, dpi, det = holdout.degrade(img, cat, r, dpi)
            ext = "jpg" if cat in ("jpeg", "photo", "jpeglow") else "png"
            file = f"ocr_{i:03d}_{cat}.{ext}"
            holdout.save(out, a.out / file, dpi)
            item = {"file": file, "cat": cat, "text": text, "quarter_turn": qt, "skew": skew,
                    "dpi": dpi, **meta, **det}
            truth["ocr"].append(item)
            # the same images for ``scanstation inspect``: quarter turn and skew are known too
            truth["inspect"].append({k: v for k, v in item.items() if k != "text"})
            print(f"{file}: {meta['font']} {meta['size']}pt {meta['kind']} {dpi}dpi",
                  file=sys.stderr)
    (a.out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "generate":
        sys.exit(__doc__)
    generate(sys.argv[2:])
