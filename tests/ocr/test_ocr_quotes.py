"""A page's straight quotation marks curled where the page's own marks are curly (``ocr.quotes``)."""

from __future__ import annotations

from scanstation.ocr.quotes import fix_page_quotes
from scanstation.ocr.results import Line, PageOcr, Word


def _page(*lines: str) -> PageOcr:
    return PageOcr(tuple(Line(tuple(Word(t, (10 * i, 0, 10 * i + 8, 10), 95.0)
                                    for i, t in enumerate(line.split()))) for line in lines),
                   1000, 1000, 200.0, bitonal=True)


def test_a_straight_mark_on_a_page_typed_curly_is_curled_by_its_place() -> None:
    """Fax set 41 and browser set 50 (issue 14): '"Nếu dân đói', 'mãi không ra".' beside
    curly quotations on the same page."""
    page = _page("Bác nói: “Nếu dân đói, Đảng có lỗi”.", '"Nếu dân dốt, Đảng có lỗi".',
                 'chúng tôi: "...." và "a" rồi', "“một”, “hai” và “ba”")
    fixed = fix_page_quotes(page)
    assert [line.text for line in fixed.lines] == [
        "Bác nói: “Nếu dân đói, Đảng có lỗi”.", "“Nếu dân dốt, Đảng có lỗi”.",
        "chúng tôi: “....” và “a” rồi", "“một”, “hai” và “ba”"]
    assert fixed.lines[1].words[0].box == page.lines[1].words[0].box


def test_a_page_typed_with_straight_marks_keeps_them() -> None:
    lines = ('Ông nói: "Được".', '"Không" và “một”', 'mã 5"x7" giữ nguyên')
    assert [line.text for line in fix_page_quotes(_page(*lines)).lines] == list(lines)
