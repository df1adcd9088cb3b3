"""Put a mark right by the compound it belongs to, when the picture no longer tells.

On a black-and-white page (a fax, a scanner's B/W mode at 200 dpi) a hook and an acute are a
pixel or two apart, and a dot under a letter is often lost. Tesseract then reads "kết quá",
"Chính phú", "đã sứ dụng", "thực hiên" at 95–97 % and weighs the right letter at nothing, so
``lattice`` — which chooses among the readings Tesseract weighed — cannot help. The words
around it still can: "quá" makes no compound with "kết" and "quả" does ("kết quả"), and "kết"
has no other partner in the line.

A word changes to a spelling one mark away (``lattice._one_mark``) only when all of these hold:

- the word as read makes no compound and no place name with either neighbour, whatever their
  case ("Có thể" stays; "Cao Lãnh" and "Hòa Minh" stay);
- the new spelling does make a dictionary compound with a neighbour of the same case (lower or
  capitals: never a name, "bà Lê" is no "ba Lê"), and that neighbour makes none on its other
  side ("dã sử dụng": "sử" already has "dụng"; "bản đồ sộ": "đồ" already has "bản");
- the new spelling is nearly as common as the word read, or commoner (``MAX_LOSS`` Zipf):
  function words stay ("của mình" is no "cửa mình", "được giao" no "dược giao");
- the word as read is no dictionary word, or the page is black and white.

The last rule is why the page's capture matters. On natural text the dictionary lacks some
compounds ("cấp tỉnh", "hàng chờ", "mặt kính"), and the rule would change about one correct word
in a thousand; on a grey page that costs more than the marks it restores, on a bitonal page it
restores several times what it costs (docs/ocr.md, "Sixth pass").
"""
from __future__ import annotations

from .lattice import WORD, Lexicon, _case, _core, _one_mark, lexicon
from .results import Line, PageOcr, Word
from .textfix import _apply_case, _skeleton, models

MAX_LOSS = 0.45  # "quá" → "quả" (−0.31) changes; "chỉ" → "chi" (−0.50) and "của" → "cửa" do not


def _neighbours(texts: list[str], index: int) -> tuple[str, str]:
    """The words before and after, when no punctuation stands between them and this one."""
    lead, _, trail = _core(texts[index])
    prev = nxt = ""
    if index > 0 and not lead:
        _, p_core, p_trail = _core(texts[index - 1])
        prev = p_core if p_core.isalpha() and not p_trail else ""
    if index + 1 < len(texts) and not trail:
        n_lead, n_core, _ = _core(texts[index + 1])
        nxt = n_core if n_core.isalpha() and not n_lead else ""
    return prev, nxt


def _bound(lex: Lexicon, left: str, right: str) -> bool:
    return bool(left and right) and (lex.joins(left, right) or lex.names_place(left, right))


def _partner(word: str, upper: bool) -> bool:
    """A neighbour a compound may be made with: lower case beside lower case, capitals beside
    capitals (a heading) — never a name's capital."""
    return _case(word) == "plain" and word.isupper() == upper


def repair(texts: list[str], bitonal: bool, lex: Lexicon | None = None) -> list[str]:
    """One line's words, each put right by its neighbours where the rules above allow."""
    lex = lex or lexicon()
    m = models()
    out = list(texts)
    for index, text in enumerate(texts):
        lead, core, trail = _core(text)
        if not core.isalpha() or core.lower() in m.phantoms or _case(core) != "plain":
            continue
        if not bitonal and lex.usual(core) >= WORD:
            continue
        prev, nxt = _neighbours(texts, index)
        if not (prev or nxt) or _bound(lex, prev, core) or _bound(lex, core, nxt):
            continue
        upper = core.isupper()
        # the neighbour a new spelling would join must have no compound on its other side
        far_prev = _neighbours(texts, index - 1)[0] if prev else ""
        far_next = _neighbours(texts, index + 1)[1] if nxt else ""
        free_prev = _partner(prev, upper) and not _bound(lex, far_prev, prev)
        free_next = _partner(nxt, upper) and not _bound(lex, nxt, far_next)
        read = core.lower()
        floor = lex.frequency(read) - MAX_LOSS
        best: tuple[float, str] | None = None
        for spelling in m.by_skeleton.get(_skeleton(read), ()):
            if spelling == read or not _one_mark(read, spelling) or lex.usual(spelling) < WORD:
                continue
            if not ((free_prev and lex.joins(prev, spelling))
                    or (free_next and lex.joins(spelling, nxt))):
                continue
            frequency = lex.frequency(spelling)
            if frequency >= floor and (best is None or frequency > best[0]):
                best = (frequency, spelling)
        if best is not None:
            out[index] = lead + _apply_case(core, best[1]) + trail
    return out


def fix_page(page: PageOcr, bitonal: bool) -> PageOcr:
    """Every line of ``page`` through ``repair``; words keep their boxes and confidences."""
    lex = lexicon()
    lines = []
    for line in page.lines:
        texts = [w.text for w in line.words]
        fixed = repair(texts, bitonal, lex)
        if fixed == texts:
            lines.append(line)
            continue
        lines.append(Line(tuple(w if t == w.text else Word(t, w.box, w.conf)
                                for w, t in zip(line.words, fixed, strict=True))))
    return page.with_lines(lines)
