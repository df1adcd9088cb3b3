"""Archive mode: for now the queue view — every dossier version in the outbox with its state
and receipt (batch back-scanning comes later)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QPushButton, QTableView, QVBoxLayout, QWidget

from .station_models import OBJECT_ROLE, OutboxModel


class ArchivePanel(QWidget):
    def __init__(self, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.setObjectName("archive")
        self.model = OutboxModel(self)
        self.view = QTableView()
        self.view.setObjectName("outbox_view")
        self.view.setAccessibleName(self.tr("Outbox: dossiers waiting, sent and refused"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(OutboxModel.CODE,
                                                          QHeaderView.ResizeMode.Stretch)
        self.retry_button = QPushButton(self.tr("Send again"))
        self.retry_button.setAccessibleName(self.tr("Send the selected dossier again"))
        self.retry_button.setShortcut("Ctrl+Shift+R")
        self.retry_button.setToolTip(self.tr("Send again") + " (Ctrl+Shift+R)")
        self.retry_button.clicked.connect(self.retry_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_items(self, items: list) -> None:
        self.model.set_rows(items)

    def retry_selected(self) -> None:
        from ..outbox.queue import Outbox

        index = self.view.currentIndex()
        if not index.isValid():
            return
        item = self.model.index(index.row(), 0).data(OBJECT_ROLE)
        with Outbox(self.home) as outbox:
            outbox.retry(item.id)
