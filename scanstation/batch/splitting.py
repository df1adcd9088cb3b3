"""Splitting the page stream into documents.

Rules (``--split``, repeatable): ``patcht`` (Patch-T sheets), ``barcode`` (QR / Code 128 / Code 39
sheets carrying a file code or ``SEP``), ``blank`` (a blank page separates), ``every:N`` (a new
document every N pages, counted from the last separator). The splitter reads pages in feed order
and closes a document as soon as the next one starts, so documents are written while the batch
runs and the splitter state is replayed from the job's rows after a restart (no pixels needed).

A page the reader was unsure of is never a separator here: it stays a page and review decides
(``decision`` = separator / page overrides the reader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ExitCode, ScanStationError
from .state import PageRow

BARCODE_KINDS = ("qr", "code128", "code39")


class SplitRuleError(ScanStationError):
    exit_code = ExitCode.USAGE
    vi = "Quy tắc tách '{rule}' không hợp lệ. Dùng patcht, barcode, blank hoặc every:N (N ≥ 1)."
    en = "Invalid split rule '{rule}'. Use patcht, barcode, blank or every:N (N ≥ 1)."


@dataclass(frozen=True)
class SplitRules:
    patcht: bool = False
    barcode: bool = False
    blank: bool = False
    every: int = 0
    keep_separators: bool = False

    @classmethod
    def parse(cls, rules: list[str], keep_separators: bool = False) -> SplitRules:
        values: dict[str, Any] = {"keep_separators": keep_separators}
        for raw in rules or ["patcht", "barcode"]:
            for rule in raw.split(","):
                rule = rule.strip().lower()
                match = re.fullmatch(r"every:(\d+)", rule)
                if match and int(match.group(1)) >= 1:
                    values["every"] = int(match.group(1))
                elif rule in ("patcht", "barcode", "blank"):
                    values[rule] = True
                else:
                    raise SplitRuleError(rule=rule)
        return cls(**values)

    def to_list(self) -> list[str]:
        out = [name for name in ("patcht", "barcode", "blank") if getattr(self, name)]
        return [*out, f"every:{self.every}"] if self.every else out


@dataclass
class PlannedDocument:
    seq: int
    pages: list[int]  # page seqs in the PDF, in order
    separator: dict[str, Any] | None
    file_code: str
    number: int  # số thứ tự văn bản within the file
    unreadable: list[int] = field(default_factory=list)
    separator_seq: int | None = None

    def file_name(self) -> str:
        return f"{self.file_code}.{self.number:03d}.pdf"


def separator_of(row: PageRow, rules: SplitRules) -> dict[str, Any] | None:
    """The separator this page is under the rules (and review's decision), or None."""
    if row.decision == "page" or row.decision == "deleted" or row.error:
        return None
    sheet = {"kind": row.sep_kind or "manual", "value": row.sep_value, "source": row.source,
             "page": row.page}
    if row.decision == "separator":
        return sheet
    if row.sep_kind and not row.sep_unsure:
        if row.sep_kind == "patcht" and rules.patcht:
            return sheet
        if row.sep_kind in BARCODE_KINDS and rules.barcode:
            return sheet
    if rules.blank and row.blank and row.ocred:
        return {"kind": "blank", "value": "", "source": row.source, "page": row.page}
    return None


def file_code_of(separator: dict[str, Any] | None) -> str:
    from .separators import PATCH_T_VALUE, PLAIN_VALUE

    if not separator:
        return ""
    value = str(separator.get("value") or "")
    return "" if value in ("", PATCH_T_VALUE, PLAIN_VALUE) else value


class Splitter:
    """Feed pages in order; get documents back as they close."""

    def __init__(self, rules: SplitRules, default_code: str) -> None:
        self.rules = rules
        self.default_code = default_code
        self.file_code = default_code
        self.number = 0
        self.count = 0
        self.current: PlannedDocument | None = None
        self.pending_separator: dict[str, Any] | None = None
        self.pending_separator_seq: int | None = None

    def _open(self) -> PlannedDocument:
        code = file_code_of(self.pending_separator)
        if code and code != self.file_code:
            self.file_code, self.number = code, 0
        self.number += 1
        self.count += 1
        doc = PlannedDocument(self.count, [], self.pending_separator, self.file_code, self.number,
                              separator_seq=self.pending_separator_seq)
        if self.rules.keep_separators and self.pending_separator_seq is not None:
            doc.pages.append(self.pending_separator_seq)
        self.pending_separator = None
        self.pending_separator_seq = None
        return doc

    def _content_pages(self, doc: PlannedDocument) -> int:
        return len(doc.pages) - (1 if self.rules.keep_separators and doc.separator_seq else 0)

    def feed(self, row: PageRow) -> list[PlannedDocument]:
        closed: list[PlannedDocument] = []
        if row.decision == "deleted":
            return closed
        separator = separator_of(row, self.rules)
        if separator is not None:
            if self.current is not None:  # opened on a page, so never empty
                closed.append(self.current)
                self.current = None
            # a blank back side does not replace the sheet that carries the file code
            if self.pending_separator is None or separator["kind"] != "blank":
                self.pending_separator, self.pending_separator_seq = separator, row.seq
            return closed
        if self.current is None:
            self.current = self._open()
        if row.error:
            self.current.unreadable.append(row.seq)
            return closed
        if self.rules.every and self._content_pages(self.current) >= self.rules.every:
            closed.append(self.current)
            self.current = self._open()
        self.current.pages.append(row.seq)
        return closed

    def finish(self) -> list[PlannedDocument]:
        doc, self.current = self.current, None
        return [doc] if doc is not None and (doc.pages or doc.unreadable) else []


def plan(rows: list[PageRow], rules: SplitRules, default_code: str) -> list[PlannedDocument]:
    splitter = Splitter(rules, default_code)
    docs: list[PlannedDocument] = []
    for row in rows:
        docs.extend(splitter.feed(row))
    docs.extend(splitter.finish())
    return docs
