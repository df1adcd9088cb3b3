"""How the guided mode's screens are put together and wired to its steps (``GuidedPanel``
mixes this in; the widgets themselves are in ``guided_screens.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from ..dossier.model import Procedure
from .guided_screens import CheckScreen, PagesScreen, ProcedureScreen, StepScreen, big_button
from .models import PageListModel, show_as_thumbnails

# the mixin's strings belong to the panel's context, as its self.tr() would look them up
translate = QCoreApplication.translate


if TYPE_CHECKING:  # the mixin lives inside GuidedPanel, a QWidget with the steps' methods
    _Panel = QWidget
else:
    _Panel = object


class GuidedScreens(_Panel):
    """The five kinds of screen, built once; ``self`` is the ``GuidedPanel``."""

    if TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any: ...

    stack: Any
    session: Any
    counter: Any
    step: int



    def _nav(self, screen: StepScreen) -> QPushButton:
        button = screen.add_button(big_button(translate("GuidedPanel", "Back"), "guided_back"))
        button.clicked.connect(lambda: self.go(self.step - 1))
        return button

    def _build_procedure_screen(self) -> None:
        screen = self.procedure_screen = ProcedureScreen()
        screen.set_text(translate("GuidedPanel", "Choose the service"),
                        translate("GuidedPanel", "Ask the person what they came for. Type a few words of it "
                                "(no accents needed), then press Enter."))
        self.catalogue: list[Procedure] = sorted(self.session.catalogue().values(),
                                                 key=lambda p: p.code)
        screen.search.textChanged.connect(self.filter_procedures)
        screen.search.returnPressed.connect(self.start_selected)
        screen.results.itemActivated.connect(lambda _item: self.start_selected())
        self.start_button = screen.add_button(
            big_button(translate("GuidedPanel", "Start with this service"), "guided_start"))
        self.start_button.clicked.connect(self.start_selected)
        self.stack.addWidget(screen)
        self.filter_procedures("")

    def _build_card_screen(self) -> None:
        screen = self.card_screen = StepScreen("card", "guided_card_screen")
        screen.set_text(translate("GuidedPanel", "The ID card"),
                        translate("GuidedPanel", "Put the citizen ID card on the scanner glass, QR code facing "
                                "down, close the lid, then press “Read the card”."))
        screen.content.addStretch(1)
        self._nav(screen)
        self.read_card_button = screen.add_button(
            big_button(translate("GuidedPanel", "Read the card"), "guided_read_card"), primary=True)
        self.read_card_button.clicked.connect(self.read_card_from_scanner)
        self.card_file_button = screen.add_button(
            big_button(translate("GuidedPanel", "Picture from a file"), "guided_card_file"))
        self.card_file_button.clicked.connect(self.choose_card_file)
        self.card_next = screen.add_button(big_button(translate("GuidedPanel", "Next"), "guided_next"))
        self.card_next.clicked.connect(lambda: self.go(self.step + 1))
        self.stack.addWidget(screen)

    def _build_pages_screen(self) -> None:
        screen = self.pages_screen = PagesScreen()
        self._nav(screen)
        self.scan_button = screen.add_button(
            big_button(translate("GuidedPanel", "Scan this paper"), "guided_scan"), primary=True)
        self.scan_button.clicked.connect(self.scan_pages)
        self.pages_file_button = screen.add_button(
            big_button(translate("GuidedPanel", "Choose files"), "guided_files"))
        self.pages_file_button.clicked.connect(self.choose_page_files)
        self.pages_next = screen.add_button(big_button(translate("GuidedPanel", "Next"), "guided_next"))
        self.pages_next.clicked.connect(lambda: self.go(self.step + 1))
        self.stack.addWidget(screen)

    def _build_check_screen(self) -> None:
        screen = self.check_screen = CheckScreen()
        screen.set_text(translate("GuidedPanel", "Check the pages"),
                        translate("GuidedPanel", "Look at each page: is it straight and readable? If not, go "
                                "back and scan it again."))
        self.thumbs = PageListModel(self.counter.workspace, "", self, pool=self.counter.pool)
        # room under each page for its caption ("Tờ khai đăng ký kết hôn · 2") on two lines
        show_as_thumbnails(screen.thumbnails, self.thumbs, grid_pad=(80, 110), spacing=6)
        screen.thumbnails.setWordWrap(True)
        screen.thumbnails.setTextElideMode(Qt.TextElideMode.ElideNone)
        screen.thumbnails.setDragDropMode(screen.thumbnails.DragDropMode.NoDragDrop)
        self._nav(screen)
        self.check_next = screen.add_button(
            big_button(translate("GuidedPanel", "The pages are good"), "guided_next"), primary=True)
        self.check_next.clicked.connect(lambda: self.go(self.step + 1))
        self.stack.addWidget(screen)

    def _build_done_screen(self) -> None:
        screen = self.done_screen = StepScreen("send", "guided_done_screen")
        screen.content.addStretch(1)
        self.done_back = self._nav(screen)
        self.finish_button = screen.add_button(big_button(translate("GuidedPanel", "Finish"), "guided_finish"),
                                               primary=True)
        self.finish_button.clicked.connect(self.finish)
        self.next_person_button = screen.add_button(
            big_button(translate("GuidedPanel", "Next person"), "guided_next_person"))
        self.next_person_button.clicked.connect(self.next_person)
        self.stack.addWidget(screen)
