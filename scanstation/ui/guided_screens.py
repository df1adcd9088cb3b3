"""The screens of the guided mode: one instruction per screen, in large text, with the buttons
that do exactly what the instruction says. Only widgets here; what the buttons do is in
``guided.py``."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .pictograms import Pictogram

GUIDED_STYLE = """
QWidget#guided { background: black; font-size: %(pt)dpt; }
QWidget#guided QWidget { font-size: %(pt)dpt; }
QWidget#guided QLabel#guided_title { font-size: %(title)dpt; font-weight: bold; }
QWidget#guided QLabel#guided_where { font-size: %(small)dpt; }
QWidget#guided QLabel, QWidget#guided QListWidget, QWidget#guided QListView,
QWidget#guided QLineEdit { color: #ffd400; background: black; }
QWidget#guided QLineEdit { border: 3px solid white; padding: 6px; }
QWidget#guided QLineEdit:focus { border: 6px solid #00e0ff; }
QWidget#guided QPushButton { color: black; background: #ffd400; border: 3px solid white;
                             padding: 8px 14px; }
QWidget#guided QPushButton:disabled { background: #6b6b6b; }
QWidget#guided QPushButton:focus { border: 6px solid #00e0ff; }
QWidget#guided QListWidget::item:selected { color: black; background: #ffd400; }
QWidget#guided QListView::item:selected { color: black; background: #ffd400; }
QWidget#guided QProgressBar { color: white; background: #222; border: 2px solid white;
                              text-align: center; }
QWidget#guided QProgressBar::chunk { background: #1e7d32; }
"""
GUIDED_POINT_SIZE = 20  # ≥ 18 pt, as the brief asks
PICTURE_SIZE = 100


def big_button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text)
    button.setAutoDefault(True)  # Enter presses the focused button, as Space does
    button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
    return button


def wrapped_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class StepScreen(QWidget):
    """Title, a picture beside the instruction, the step's own widgets, then its buttons.
    ``primary`` is the button the screen wants pressed next; it takes the focus."""

    def __init__(self, kind: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(name)
        self.where = QLabel()  # "Step 2 of 7", beside the title: no line of its own
        self.where.setObjectName("guided_where")
        self.title = wrapped_label("guided_title")
        self.body = wrapped_label("guided_body")
        self.picture = Pictogram(kind)
        self.picture.setFixedSize(QSize(PICTURE_SIZE, PICTURE_SIZE))
        self.picture.setAccessibleName(self.tr("Picture of this step"))
        self.status = wrapped_label("guided_status")  # what has happened: pages so far, a name
        self.content = QVBoxLayout()
        # the buttons give way to the progress/cancel row while the step works (they could
        # not be pressed then anyway): the screen needs no height for both
        self.button_row = QWidget()
        self.buttons = QHBoxLayout(self.button_row)
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.primary: QWidget | None = None

        top = QHBoxLayout()
        top.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(2)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.where, 0, Qt.AlignmentFlag.AlignTop)
        text.addLayout(heading)
        text.addWidget(self.body)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addLayout(top)
        layout.addLayout(self.content, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.button_row)

    def add_button(self, button: QPushButton, primary: bool = False) -> QPushButton:
        self.buttons.addWidget(button)
        if primary:
            self.primary = button
        return button

    def set_text(self, title: str, body: str) -> None:
        self.title.setText(title)
        self.body.setText(body)


class ProcedureScreen(StepScreen):
    """Type a few words of what the person came for (no accents needed), pick from the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("procedure", "guided_procedure_screen", parent)
        self.search = QLineEdit()
        self.search.setObjectName("guided_search")
        self.search.setAccessibleName(self.tr("Type what the person came for"))
        self.search.setPlaceholderText(self.tr("For example: ket hon, khai sinh"))
        self.results = QListWidget()
        self.results.setObjectName("guided_procedures")
        self.results.setAccessibleName(self.tr("Services found"))
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content.addWidget(self.search)
        self.content.addWidget(self.results, 1)
        self.primary = self.search


class PagesScreen(StepScreen):
    """One component document: scan its pages (or choose files), see how many are in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("scanner", "guided_pages_screen", parent)
        self.content.addStretch(1)


class CheckScreen(StepScreen):
    """Every page as a thumbnail, in the dossier's order, to look at before finishing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("review", "guided_check_screen", parent)
        self.thumbnails = QListView()
        self.thumbnails.setObjectName("guided_thumbnails")
        self.thumbnails.setAccessibleName(self.tr("The pages, in order"))
        self.content.addWidget(self.thumbnails, 1)
