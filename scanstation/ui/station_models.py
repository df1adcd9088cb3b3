"""Item models for the station window: the procedure catalogue (type-ahead), a dossier's
checklist, the outbox queue and the ID-card prefill fields.

Each follows Vorta's table model: column constants, headers marked with ``QT_TRANSLATE_NOOP`` and
translated in ``headerData``, a reset for bulk loads. They hold the core's objects as they are;
no logic the core should hold.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ..dossier.checklist import Checklist, ChecklistItem
from ..dossier.model import Procedure
from ..paths import VN_TZ
from .formats import format_date_vi, parse_date_vi

ModelIndex = QModelIndex | QPersistentModelIndex
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 10
CODE_ROLE = Qt.ItemDataRole.UserRole + 11


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class _TableModel(QAbstractTableModel):
    CONTEXT = ""
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return _tr(self.CONTEXT, self.HEADERS[section])
        return None

    def _valid(self, index: ModelIndex) -> bool:
        return (index.isValid() and 0 <= index.row() < len(self._rows)
                and 0 <= index.column() < len(self.HEADERS))


class ProcedureModel(_TableModel):
    """The catalogue: code and name (Vietnamese, English beside it) — filtered by type-ahead."""

    CONTEXT = "ProcedureModel"
    CODE, NAME, FIELD = range(3)
    HEADERS = (QT_TRANSLATE_NOOP("ProcedureModel", "Code"),
               QT_TRANSLATE_NOOP("ProcedureModel", "Procedure"),
               QT_TRANSLATE_NOOP("ProcedureModel", "Field"))

    def set_catalogue(self, catalogue: dict[str, Procedure]) -> None:
        self.set_rows(sorted(catalogue.values(), key=lambda p: p.code))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        proc: Procedure = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == self.CODE:
                return proc.code
            if index.column() == self.NAME:
                return f"{proc.name} — {proc.name_en}" if proc.name_en else proc.name
            return proc.field
        if role == Qt.ItemDataRole.ToolTipRole and proc.code_status != "verified":
            return QCoreApplication.translate(
                "ProcedureModel", "Procedure code not yet confirmed from an official source")
        if role == OBJECT_ROLE:
            return proc
        if role == CODE_ROLE:
            return proc.code
        return None


class ProcedureFilter(QSortFilterProxyModel):
    """Type-ahead over the catalogue with the core's search (``catalogue.search``: by code or by
    words of the name, ignoring diacritics and case, best first) — the same answers as
    ``scanstation procedures QUERY``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rank: dict[str, int] | None = None  # None: no query, every procedure by code

    def set_query(self, text: str) -> None:
        from ..dossier.catalogue import search

        if not text.strip():
            self._rank = None
        else:
            source = self.sourceModel()
            procedures = {p.code: p for p in (source.index(r, 0).data(OBJECT_ROLE)
                                              for r in range(source.rowCount()))}
            self._rank = {p.code: i for i, p in
                          enumerate(search(text, catalogue=procedures))}
        self.invalidate()
        self.sort(0)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if self._rank is None:
            return True
        proc = self.sourceModel().index(source_row, 0, source_parent).data(OBJECT_ROLE)
        return proc.code in self._rank

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:
        a, b = left.data(OBJECT_ROLE).code, right.data(OBJECT_ROLE).code
        if self._rank is None:
            return a < b
        return self._rank.get(a, 1 << 30) < self._rank.get(b, 1 << 30)


STATUS_TEXT = {
    "present": QT_TRANSLATE_NOOP("ChecklistModel", "Scanned"),
    "missing": QT_TRANSLATE_NOOP("ChecklistModel", "Missing"),
    "optional": QT_TRANSLATE_NOOP("ChecklistModel", "Optional"),
    "alternative": QT_TRANSLATE_NOOP("ChecklistModel", "Covered by an alternative"),
}


class ChecklistModel(_TableModel):
    """The procedure's component documents with what is scanned and what is missing."""

    CONTEXT = "ChecklistModel"
    NAME, PAGES, STATUS = range(3)
    HEADERS = (QT_TRANSLATE_NOOP("ChecklistModel", "Component document"),
               QT_TRANSLATE_NOOP("ChecklistModel", "Pages"),
               QT_TRANSLATE_NOOP("ChecklistModel", "Status"))

    def set_checklist(self, checklist: Checklist | None) -> None:
        self.set_rows(checklist.items if checklist else [])

    def update_checklist(self, checklist: Checklist) -> None:
        """Same components, new counts: a targeted ``dataChanged`` keeps the current row."""
        if [i.code for i in checklist.items] != [i.code for i in self._rows]:
            self.set_checklist(checklist)
            return
        self._rows = list(checklist.items)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.HEADERS) - 1))

    def row_of(self, code: str) -> int:
        for row, item in enumerate(self._rows):
            if item.code == code:
                return row
        return -1

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        item: ChecklistItem = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NAME:
                mark = " *" if item.required else ""
                return f"{item.name}{mark}"
            if col == self.PAGES:
                return item.pages
            return _tr(self.CONTEXT, STATUS_TEXT.get(item.status, item.status))
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.name_en or item.name
        if role == Qt.ItemDataRole.ForegroundRole and item.status == "missing":
            return QBrush(QColor(170, 0, 0))
        if role == OBJECT_ROLE:
            return item
        if role == CODE_ROLE:
            return item.code
        return None


OUTBOX_STATE_TEXT = {
    "queued": QT_TRANSLATE_NOOP("OutboxModel", "Waiting to send"),
    "sending": QT_TRANSLATE_NOOP("OutboxModel", "Sending"),
    "sent": QT_TRANSLATE_NOOP("OutboxModel", "Sent"),
    "failed": QT_TRANSLATE_NOOP("OutboxModel", "Refused by the portal"),
    "held": QT_TRANSLATE_NOOP("OutboxModel", "Held: needs the officer"),
}


class OutboxModel(_TableModel):
    """The outbox queue (Archive mode): one row per dossier version."""

    CONTEXT = "OutboxModel"
    CODE, PROCEDURE, STATE, RECEIPT, UPDATED = range(5)
    HEADERS = (QT_TRANSLATE_NOOP("OutboxModel", "Dossier"),
               QT_TRANSLATE_NOOP("OutboxModel", "Procedure"),
               QT_TRANSLATE_NOOP("OutboxModel", "State"),
               QT_TRANSLATE_NOOP("OutboxModel", "Receipt"),
               QT_TRANSLATE_NOOP("OutboxModel", "Updated"))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        item = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.CODE:
                return item.dossier_code or item.source_name
            if col == self.PROCEDURE:
                return item.procedure_code
            if col == self.STATE:
                return _tr(self.CONTEXT, OUTBOX_STATE_TEXT.get(item.state, item.state))
            if col == self.RECEIPT:
                return item.receipt_id or ""
            # the station's time, as the officer writes it (the machine may run in UTC)
            return dt.datetime.fromtimestamp(item.updated, VN_TZ).strftime("%d/%m/%Y %H:%M")
        if role == Qt.ItemDataRole.ToolTipRole and item.reason:
            return item.reason
        if role == Qt.ItemDataRole.ForegroundRole and item.state in ("failed", "held"):
            return QBrush(QColor(170, 0, 0))
        if role == OBJECT_ROLE:
            return item
        return None


PREFILL_FIELDS = (
    ("full_name", QT_TRANSLATE_NOOP("PrefillModel", "Full name")),
    ("id_number", QT_TRANSLATE_NOOP("PrefillModel", "ID number")),
    ("old_id_number", QT_TRANSLATE_NOOP("PrefillModel", "Old ID number")),
    ("date_of_birth", QT_TRANSLATE_NOOP("PrefillModel", "Date of birth")),
    ("sex", QT_TRANSLATE_NOOP("PrefillModel", "Sex")),
    ("address", QT_TRANSLATE_NOOP("PrefillModel", "Permanent address (on the card)")),
    ("address_new", QT_TRANSLATE_NOOP("PrefillModel", "Address after the 2025 merger")),
    ("issue_date", QT_TRANSLATE_NOOP("PrefillModel", "Date of issue")),
)
WARNING_ROLE = Qt.ItemDataRole.UserRole + 12
DATE_FIELDS = frozenset({"date_of_birth", "issue_date"})


# The ID-card reader's warning codes name what they concern (docs/idcard.md); which field to
# highlight for each word of a code:
_WARNING_WORDS = {
    "id": ("id_number",), "old": ("old_id_number",), "name": ("full_name",),
    "dob": ("date_of_birth",), "birth": ("date_of_birth",), "sex": ("sex",),
    "address": ("address", "address_new"), "issue": ("issue_date",),
}


def warned_fields(warning: str) -> set[str]:
    """The prefill fields a warning code concerns (``id_sex_mismatch`` → id number and sex)."""
    words = warning.lower().split("_")
    return {field for word in words for field in _WARNING_WORDS.get(word, ())}


class PrefillModel(_TableModel):
    """Fields read from the ID card's QR, editable by the officer; fields a warning concerns are
    highlighted (the ID-card reader names the field in each warning code)."""

    CONTEXT = "PrefillModel"
    FIELD, VALUE = range(2)
    HEADERS = (QT_TRANSLATE_NOOP("PrefillModel", "Detail"),
               QT_TRANSLATE_NOOP("PrefillModel", "Value"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = [[key, label, "", False] for key, label in PREFILL_FIELDS]

    def set_record(self, applicant: dict[str, Any] | None, warnings: list[str]) -> None:
        applicant = applicant or {}
        self.beginResetModel()
        for row in self._rows:
            value = applicant.get(row[0], "")
            if isinstance(value, dict):  # address conversion: only an unambiguous ward
                matched = value.get("status") == "matched"
                # the reader's full new address keeps the street part ("Tổ 3, Phường …, …")
                value = (value.get("address_new") or value.get("address") or (
                    ", ".join(str(value[k]) for k in ("ward", "province") if value.get(k)))
                    ) if matched else ""
            row[2] = str(value or "")
            row[3] = any(row[0] in warned_fields(w) for w in warnings)
        self.endResetModel()

    def set_value(self, key: str, value: str) -> None:
        for row_no, row in enumerate(self._rows):
            if row[0] == key:
                row[2] = value
                index = self.index(row_no, self.VALUE)
                self.dataChanged.emit(index, index)

    def values(self) -> dict[str, str]:
        return {row[0]: row[2] for row in self._rows if row[2]}

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.VALUE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not self._valid(index) or index.column() != self.VALUE or \
                role != Qt.ItemDataRole.EditRole:
            return False
        import unicodedata

        text = unicodedata.normalize("NFC", str(value)).strip()
        if self._rows[index.row()][0] in DATE_FIELDS:
            text = parse_date_vi(text)  # typed as dd/mm/yyyy, kept as ISO like the reader's
        self._rows[index.row()][2] = text
        self.dataChanged.emit(index, index)
        return True

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        key, label, value, warned = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == self.FIELD:
                return _tr(self.CONTEXT, label)
            return format_date_vi(value) if key in DATE_FIELDS else value
        if role == Qt.ItemDataRole.BackgroundRole and warned:
            return QBrush(QColor(255, 225, 120))
        if role == Qt.ItemDataRole.ToolTipRole and warned:
            return QCoreApplication.translate("PrefillModel", "Check this field against the card")
        if role == WARNING_ROLE:
            return warned
        if role == CODE_ROLE:
            return key
        return None
