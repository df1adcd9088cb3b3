"""How the window shows values to Vietnamese users: dates as dd/mm/yyyy (and back to ISO when
typed). Procedure search is the core's ``catalogue.search``."""

from __future__ import annotations

import datetime as dt
import re


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


def parse_date_vi(value: str) -> str:
    """dd/mm/yyyy (or dd-mm-yyyy, dd.mm.yyyy) typed by the officer → ISO; anything else as it
    is (the reader's record and the manifest keep ISO dates)."""
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value.strip())
    if not match:
        return value
    day, month, year = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"
