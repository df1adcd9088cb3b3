"""Declaration forms ("tờ khai") for ``browser_pages.py generate --forms``.

Most of what reaches a counter is not a decision or a report but a filled form: the residence
form CT01 (Circular 66/2023/TT-BCA), the birth registration form, a request for a certified
copy. Their layout is not the rest of the generator's:

* the form's number at the top right in small italics ("Mẫu CT01 ban hành kèm theo …");
* numbered fields, two on a line where they are short ("2. Ngày, tháng, năm sinh: … 3. Giới
  tính: …"), some left empty (a leader only), values typed in capitals or not;
* the personal identification number in **twelve boxes**, one digit to a box;
* **check boxes** before options ("☐ Trực tiếp ☐ Qua dịch vụ bưu chính"), one ticked;
* footnote calls in superscript ("Kính gửi⁽¹⁾" printed as a raised "(1)") and the footnotes
  in small italics at the foot;
* a members' table with narrow columns whose header cells wrap;
* two or three signature columns ("Ý KIẾN CỦA CHỦ HỘ", "NGƯỜI KÊ KHAI").

Truth: the text a reader types from the sheet. The boxed number is its twelve digits run
together (the boxes are no letters); a check box is "☐", or "☒" when ticked, before its option;
a superscript call is "(1)" glued to its word; a leader is no text. Each page is drawn from a random stream of
its own (``--forms``), so the default pages of a seed are unchanged.
"""

from __future__ import annotations

import random
import unicodedata

import browser_pages as bp

EMPTY, TICKED = "\u2610", "\u2612"  # ☐ ☒, as scanstation.ocr.forms writes them

FORM_CSS = """
.frm {{ text-align: right; font-size: {small}pt; font-style: italic; }}
.fl {{ display: flex; align-items: flex-end; text-indent: 0; margin: {gap}pt 0 0 0; }}
.fl .part {{ display: flex; align-items: flex-end; min-width: 0; }}
.fl .v {{ flex: 0 1 auto; }}
.fl .dots {{ flex: 1 1 0; min-width: 0; overflow: hidden; white-space: nowrap;
             letter-spacing: 1pt; }}
.bx {{ display: inline-block; width: 1.15em; height: 1.2em; border: 1px solid #000;
       margin-left: -1px; text-align: center; line-height: 1.2em; vertical-align: -0.25em; }}
.bx:first-of-type {{ margin-left: 0.4em; }}
.cb {{ display: inline-block; width: 0.8em; height: 0.8em; border: 1px solid #000;
       margin: 0 0.3em 0 0.8em; vertical-align: -0.05em; }}
.cb.x {{ background: linear-gradient(45deg, transparent 44%, #000 44%, #000 56%, transparent 56%),
         linear-gradient(-45deg, transparent 44%, #000 44%, #000 56%, transparent 56%); }}
sup {{ font-size: 65%; }}
.note {{ font-size: {small}pt; font-style: italic; text-indent: 0; text-align: justify;
         margin: 0; }}
table.mem {{ width: 100%; border-collapse: collapse; margin: 4pt 0 6pt 0;
             font-size: {tsize}pt; }}
table.mem td, table.mem th {{ border: 1px solid #000; padding: 1pt 3pt; vertical-align: middle;
                               text-align: center; }}
table.mem th {{ font-weight: bold; }}
"""

FORMS = [
    ("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", "Mẫu CT01 ban hành kèm theo Thông tư số "
     "66/2023/TT-BCA ngày 17/11/2023 của Bộ trưởng Bộ Công an", "Công an"),
    ("TỜ KHAI ĐĂNG KÝ KHAI SINH", "Mẫu số 01 ban hành kèm theo Thông tư số 04/2024/TT-BTP",
     "Ủy ban nhân dân"),
    ("TỜ KHAI ĐỀ NGHỊ CẤP BẢN SAO TRÍCH LỤC HỘ TỊCH", "Mẫu số 05 ban hành kèm theo Thông tư "
     "số 04/2024/TT-BTP", "Ủy ban nhân dân"),
]
LINE_CHARS = 66  # characters of 12–13 pt type on a form's 160-mm line, with room to spare
STREETS_MAIL = ["nguyenvan", "tranthi", "lehoang", "phamminh", "hoangthu", "vuquang"]
RELATIONS = ["Chủ hộ", "Vợ", "Chồng", "Con", "Cha", "Mẹ", "Cháu", "Anh", "Chị", "Em"]
REQUESTS = ["Đăng ký thường trú", "Đăng ký tạm trú", "Gia hạn tạm trú",
            "Điều chỉnh thông tin trong Cơ sở dữ liệu về cư trú", "Xác nhận thông tin về cư trú"]
NOTES = ["(1) Cơ quan đăng ký cư trú hoặc cơ quan đăng ký hộ tịch nơi tiếp nhận hồ sơ.",
         "(2) Ghi rõ nội dung đề nghị: đăng ký thường trú, đăng ký tạm trú, tách hộ, xác nhận "
         "thông tin về cư trú.",
         "(3) Ý kiến của chủ hộ trong trường hợp đăng ký vào hộ gia đình đã có chủ hộ."]


def _line(doc: bp.Doc, parts: list[tuple[str, str]], split: int) -> None:
    """One form line: one field, or two side by side (the second starting at ``split`` %).
    Each part is (markup, truth); a part's leader runs to its end. Two fields that would not
    each fit their part of the line go on lines of their own: wrapped inside its half, a label
    stood over its value beside the other field's line (seeds 901, 903), which no form does and
    no reading order can follow."""
    if len(parts) > 1 and (len(parts[0][1]) > LINE_CHARS * split / 100
                           or len(parts[1][1]) > LINE_CHARS * (100 - split) / 100):
        for part in parts:
            _line(doc, [part], split)
        return
    spans = []
    for k, (markup, _) in enumerate(parts):
        width = f"0 0 {split}%" if k == 0 and len(parts) > 1 else "1 1 0"
        spans.append(f"<span class=part style='flex:{width}'><span class=v>{markup}</span>"
                     f"<span class=dots>{'.' * 200}</span></span>")
    doc.add("<div class=fl>" + "".join(spans) + "</div>", " ".join(t for _, t in parts if t))


def _field(no: int, label: str, value: str, sup: str = "") -> tuple[str, str]:
    call = f"<sup>({sup})</sup>" if sup else ""
    markup = f"{no}. {bp.esc(label)}{call}: {bp.esc(value)}"
    return markup, f"{no}. {label}{f'({sup})' if sup else ''}: {value}".rstrip()


def _boxes(no: int, label: str, number: str) -> tuple[str, str]:
    cells = "".join(f"<span class=bx>{d}</span>" for d in number)
    return f"{no}. {bp.esc(label)}: {cells}", f"{no}. {label}: {number}"


def _choices(no: int, label: str, options: list[str], r: random.Random) -> tuple[str, str]:
    ticked = r.randrange(len(options)) if r.random() < 0.8 else -1
    boxes = "".join(f"<span class='cb{' x' if k == ticked else ''}'></span>{bp.esc(o)}"
                    for k, o in enumerate(options))
    read = " ".join(f"{TICKED if k == ticked else EMPTY} {o}" for k, o in enumerate(options))
    return f"{no}. {bp.esc(label)}:{boxes}", f"{no}. {label}: {read}"


def _number(r: random.Random) -> str:
    return f"0{r.randint(1, 96):02d}{r.randint(0, 3)}{r.randint(0, 99):02d}{r.randint(0, 999999):06d}"


def build_form(r: random.Random) -> tuple[str, str, dict]:
    """The HTML of one form page and its truth."""
    head, model, office = r.choice(FORMS)
    family = r.choice(bp.FAMILIES)
    size = r.choice([12, 13, 13]) if family == "Liberation Serif" else r.choice([11, 12])
    doc = bp.Doc(False)
    doc.add(f"<div class=frm>{bp.esc(model)}</div>", model)
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    doc.add(f"<div class='c b'>{bp.esc(right[0])}</div><div class='c b'>{bp.esc(right[1])}</div>"
            "<div class=rule style='width:30%'></div><br>", *right)
    doc.add(f"<div class='c b' style='font-size:larger'>{bp.esc(head)}</div><br>", head)
    unit, ward, prov = r.choice(bp.WARDS)
    to = f"{office} {unit} {ward}, {prov}"
    doc.add(f"<div class=c>Kính gửi<sup>(1)</sup>: {bp.esc(to)}</div>", f"Kính gửi(1): {to}")
    caps = r.random() < 0.5
    person = bp.name(r)
    split = r.choice([50, 55, 60])
    no = 1
    _line(doc, [_field(no, "Họ, chữ đệm và tên", person.upper() if caps else person)], split)
    no += 1
    _line(doc, [_field(no, "Ngày, tháng, năm sinh", bp.date(r)),
                _choices(no + 1, "Giới tính", ["Nam", "Nữ"], r)], split)
    no += 2
    _line(doc, [_boxes(no, "Số định danh cá nhân", _number(r))], split)
    no += 1
    phone = f"0{r.choice([3, 7, 8, 9])}{r.randint(10000000, 99999999)}"
    _line(doc, [_field(no, "Số điện thoại liên hệ", phone if r.random() < 0.8 else ""),
                _field(no + 1, "Email", "" if r.random() < 0.6 else
                       f"{r.choice(STREETS_MAIL)}{r.randint(70, 99)}@gmail.com")],
          split)
    no += 2
    owner = bp.name(r)
    _line(doc, [_field(no, "Họ, chữ đệm và tên chủ hộ", owner.upper() if caps else owner),
                _field(no + 1, "Mối quan hệ với chủ hộ", r.choice(RELATIONS[1:]))], split)
    no += 2
    _line(doc, [_boxes(no, "Số định danh cá nhân của chủ hộ", _number(r))], split)
    no += 1
    _line(doc, [_field(no, "Nội dung đề nghị", f"{r.choice(REQUESTS)} tại {bp.address(r)}",
                       "2")], split)
    no += 1
    _line(doc, [_choices(no, "Hình thức nhận kết quả",
                         ["Trực tiếp", "Qua dịch vụ bưu chính", "Trực tuyến"], r)], split)
    no += 1
    if r.random() < 0.7:
        label = f"{no}. Những thành viên trong hộ gia đình cùng thay đổi:"
        doc.add(f"<div class=fl><span class=v>{bp.esc(label)}</span></div>", label)
        head_cells = ["TT", "Họ, chữ đệm và tên", "Ngày, tháng, năm sinh", "Giới tính",
                      "Số định danh cá nhân", "Mối quan hệ với chủ hộ"]
        widths = [6, 28, 16, 10, 22, 18]
        cols = "".join(f"<col style='width:{w}%'>" for w in widths)
        doc.add(f"<table class=mem>{cols}<tr>"
                + "".join(f"<th>{bp.esc(h)}</th>" for h in head_cells) + "</tr>",
                " ".join(head_cells))
        for i in range(r.randint(1, 3)):
            cells = [str(i + 1), bp.name(r), bp.date(r), r.choice(["Nam", "Nữ"]), _number(r),
                     r.choice(RELATIONS[1:])]
            doc.add("<tr>" + "".join(f"<td>{bp.esc(c)}</td>" for c in cells) + "</tr>",
                    " ".join(cells))
        doc.add("</table>")
    when = f"{ward}, ngày {r.randint(1, 28)} tháng {r.randint(1, 12)} năm 2025"
    doc.add(f"<div class='i' style='text-align:right;margin-top:6pt'>{bp.esc(when)}</div>", when)
    cols = [["Ý KIẾN CỦA CHỦ HỘ(3)", "(Ghi rõ nội dung, ký, ghi rõ họ tên)"],
            ["NGƯỜI KÊ KHAI", "(Ký, ghi rõ họ tên)"]]
    if r.random() < 0.5:
        cols.insert(0, ["Ý KIẾN CỦA CHA, MẸ HOẶC NGƯỜI GIÁM HỘ", "(Ký, ghi rõ họ tên)"])
    signer = person
    cells = []
    truth = []
    for k, (role, hint) in enumerate(cols):
        shown = bp.esc(role).replace("(3)", "<sup>(3)</sup>")
        last = k == len(cols) - 1
        sig = f"<br><br><br><div class=b>{bp.esc(signer)}</div>" if last else ""
        cells.append(f"<td class=sig style='width:{100 // len(cols)}%'><div class=b>{shown}</div>"
                     f"<div class=i>{bp.esc(hint)}</div>{sig}</td>")
        truth.append((role, hint, signer if last else ""))
    doc.add("<table class=foot><tr>" + "".join(cells) + "</tr></table>",
            *[x for t in truth for x in t[:2]], signer)
    notes = NOTES[:3] if r.random() < 0.6 else NOTES[:2]
    doc.add("<div style='margin-top:8pt'>" + "".join(
        f"<p class=note>{bp.esc(n)}</p>" for n in notes) + "</div>", *notes)
    css = bp.CSS.format(mt=r.randint(15, 20), mb=r.randint(15, 20), ml=r.randint(25, 30),
                        mr=r.randint(15, 20), family=family, size=size,
                        lh=r.choice([1.2, 1.3]), gap=r.choice([3, 5]), indent=1, hsize=size - 1,
                        rule=30, tsize=size - 1, small=size - 2)
    css += FORM_CSS.format(small=size - 2, gap=r.choice([3, 5]), tsize=size - 1)
    page = (f"<!doctype html><html lang=vi><head><meta charset=utf-8><style>{css}</style></head>"
            f"<body>{''.join(doc.parts)}</body></html>")
    text = unicodedata.normalize("NFC", "\n".join(doc.truth))
    return page, text, {"font": family.lower().replace(" ", "-"), "size": size, "kind": "tokhai"}
