"""Guided (volunteer) mode: one plain-language step per screen, large text, high contrast, a
picture for each step, and the procedure's checklist as the spine. It drives the same
``CounterPanel`` operations (and so the same core calls) as the counter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .counter import CounterPanel
from .pictograms import Pictogram

GUIDED_STYLE = """
QWidget#guided { background: black; font-size: %(pt)dpt; }
QWidget#guided QWidget { font-size: %(pt)dpt; }
QWidget#guided QLabel#guided_title { font-size: %(title)dpt; font-weight: bold; }
QWidget#guided QLabel, QWidget#guided QListWidget { color: #ffd400; background: black; }
QWidget#guided QPushButton { color: black; background: #ffd400; border: 3px solid white;
                             padding: 12px; }
QWidget#guided QPushButton:focus { border: 6px solid #00e0ff; }
QWidget#guided QListWidget::item:selected { color: black; background: #ffd400; }
"""
GUIDED_POINT_SIZE = 20  # ≥ 18 pt, as the brief asks


class GuidedPanel(QWidget):
    def __init__(self, counter: CounterPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self.setObjectName("guided")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.set_point_size(GUIDED_POINT_SIZE)
        self.step = 0

        self.spine = QListWidget()
        self.spine.setObjectName("guided_spine")
        self.spine.setAccessibleName(self.tr("Steps"))
        self.spine.setMaximumWidth(380)
        self.spine.setWordWrap(True)  # long component names wrap instead of scrolling
        self.spine.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.spine.currentRowChanged.connect(self.go)
        self.title = QLabel()
        self.title.setObjectName("guided_title")
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setObjectName("guided_body")
        self.body.setWordWrap(True)
        self.picture = Pictogram("procedure")
        self.picture.setAccessibleName(self.tr("Picture of this step"))
        self.do_button = QPushButton()
        self.do_button.setObjectName("guided_do")
        self.do_button.clicked.connect(self.do_step)
        self.files_button = QPushButton(self.tr("Choose files instead"))
        self.files_button.setAccessibleName(self.tr("Choose files instead"))
        self.files_button.clicked.connect(self.counter.choose_files)
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setAccessibleName(self.tr("Back"))
        self.back_button.setShortcut("Alt+Left")
        self.back_button.clicked.connect(lambda: self.go(self.step - 1))
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setAccessibleName(self.tr("Next"))
        self.next_button.setShortcut("Alt+Right")
        self.next_button.clicked.connect(lambda: self.go(self.step + 1))

        main = QVBoxLayout()
        main.addWidget(self.title)
        main.addWidget(self.picture, 1)
        main.addWidget(self.body)
        buttons = QHBoxLayout()
        for button in (self.back_button, self.do_button, self.files_button, self.next_button):
            buttons.addWidget(button)
        main.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.spine)
        layout.addLayout(main, 1)
        counter.dossier_changed.connect(self.rebuild)
        self.rebuild()

    def set_point_size(self, points: int) -> None:
        """Fonts through the style sheet: a styled widget ignores its parent's ``setFont``."""
        self.point_size = max(points, GUIDED_POINT_SIZE)
        self.setStyleSheet(GUIDED_STYLE % {"pt": self.point_size, "title": self.point_size + 8})

    # The spine: choose the procedure, the card, one screen per component, check, send.
    def steps(self) -> list[tuple[str, str, str, str]]:
        """(kind, title, plain-language instruction, button text) per screen."""
        out = [("procedure", self.tr("Choose the service"),
                self.tr("Ask the person what they came for. Pick it from the list on the "
                        "Counter screen, or type its name."), self.tr("Go to the list")),
               ("card", self.tr("The ID card"),
                self.tr("Put the citizen ID card on the scanner, QR code facing down."),
                self.tr("Read the card"))]
        for row in range(self.counter.checklist.rowCount()):
            item = self.counter.checklist.row_object(row)
            need = self.tr("Needed") if item.required else self.tr("Only if the person has it")
            out.append(("scanner", item.name,
                        self.tr("Put this paper on the scanner, face down, then press the "
                                "button. ({0}; {1} page(s) so far)").format(need, item.pages),
                        self.tr("Scan this paper")))
        out.append(("review", self.tr("Check"),
                    self.tr("Look at each page: is it straight and readable?"),
                    self.tr("Show the pages")))
        out.append(("send", self.tr("Sign and send"),
                    self.tr("The officer signs with the token. The dossier is then sent."),
                    self.tr("Sign and send")))
        return out

    def rebuild(self) -> None:
        steps = self.steps()
        self.spine.blockSignals(True)
        self.spine.clear()
        for i, (_kind, title, _body, _button) in enumerate(steps, start=1):
            self.spine.addItem(f"{i}. {title}")
        self.spine.blockSignals(False)
        self.go(min(self.step, len(steps) - 1))

    def go(self, step: int) -> None:
        steps = self.steps()
        step = max(0, min(len(steps) - 1, step))
        self.step = step
        kind, title, body, button = steps[step]
        self.title.setText(title)
        self.body.setText(body)
        self.picture.set_kind(kind)
        self.do_button.setText(button)
        self.do_button.setAccessibleName(button)
        self.files_button.setVisible(kind == "scanner")
        self.spine.blockSignals(True)
        self.spine.setCurrentRow(step)
        self.spine.blockSignals(False)

    def component_for_step(self) -> str:
        row = self.step - 2
        if 0 <= row < self.counter.checklist.rowCount():
            return self.counter.checklist.row_object(row).code
        return ""

    def do_step(self) -> None:
        kind = self.steps()[self.step][0]
        if kind == "procedure":
            window = self.window()
            if hasattr(window, "set_mode"):
                window.set_mode(0)
            self.counter.new_dossier()
        elif kind == "card":
            self.counter.choose_card()
        elif kind == "scanner":
            code = self.component_for_step()
            row = self.counter.checklist.row_of(code)
            self.counter.checklist_view.setCurrentIndex(self.counter.checklist.index(row, 0))
            self.counter.scan_current(code=code)
        elif kind == "review":
            window = self.window()
            if hasattr(window, "set_mode"):
                window.set_mode(0)
            self.counter.show_review()
        else:
            op = self.counter.build_and_sign()
            if op is not None:
                op.on_success(lambda _r: self.counter.queue())
