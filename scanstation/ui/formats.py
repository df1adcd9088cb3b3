"""How the window shows values to Vietnamese users: dates as dd/mm/yyyy, and text folded for a
search that ignores diacritics ("ket hon" finds "Đăng ký kết hôn")."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata


def format_date_vi(value: object) -> str:
    """``1946-07-01`` (ISO text, a ``date`` or a ``datetime``) → ``01/07/1946``. Anything that is
    not a date (a partial date, free text, empty) is shown as it is, never dropped."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = "" if value is None else str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", text)
    if match:
        year, month, day = match.groups()
        try:
            return dt.date(int(year), int(month), int(day)).strftime("%d/%m/%Y")
        except ValueError:
            return text
    return text


def fold(text: str) -> str:
    """Lower case, marks stripped, đ → d, runs of other characters as one space: the form both
    a query and a name take before matching."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").replace("đ", "d")
    return re.sub(r"[^a-z0-9.]+", " ", text).strip()


def matches(query: str, *texts: str) -> int:
    """How well ``query`` matches any of ``texts``, 0 = not at all: every word of the query must
    appear; the whole query as a phrase, or at a word start, ranks higher."""
    words = fold(query).split()
    if not words:
        return 1
    best = 0
    for text in texts:
        folded = f" {fold(text)} "
        if not all(word in folded for word in words):
            continue
        phrase = " ".join(words)
        score = 1 + (2 if f" {phrase}" in folded else 0) + (1 if phrase in folded else 0)
        best = max(best, score)
    return best
