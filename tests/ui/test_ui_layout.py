"""The window on a 1366×768 counter screen, at normal and large text, in every mode and every
guided step: each visible label, button and check box shows its whole text, no toolbar hides
actions behind its overflow arrow, and the progress/cancel row lies inside the window."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QToolBar,
    QToolButton,
    QWidget,
)

from scanstation.ui.i18n import install_translator
from scanstation.ui.settings import StationSettings
from scanstation.ui.station_window import StationWindow, initial_size
from scanstation.workspace import Workspace

SCREEN = QRect(0, 0, 1366, 768)
SLACK = 2  # px: rounding of font metrics
HEADER_MARGINS = 8  # px: a header section's own padding (Fusion style)


def visible_text(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") else ""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def clipped(widget: QWidget) -> str | None:
    """Why ``widget``'s text does not fit it, or None."""
    text = visible_text(widget)
    if not text.strip():
        return None
    metrics = widget.fontMetrics()
    if isinstance(widget, QLabel):
        if widget.pixmap() is not None and not widget.pixmap().isNull():
            return None
        room = widget.contentsRect()
        if widget.wordWrap():
            longest = max(metrics.horizontalAdvance(word) for word in text.split())
            if longest > room.width() + SLACK:
                return f"a word is {longest} px wide in {room.width()} px"
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + SLACK:
                return f"needs {needed} px of height, has {widget.height()}"
            return None
        lines = text.splitlines() or [text]
        wide = max(metrics.horizontalAdvance(line) for line in lines)
        if wide > room.width() + SLACK:
            return f"{wide} px of text in {room.width()} px"
        if metrics.height() * len(lines) > room.height() + SLACK:
            return f"{len(lines)} line(s) of {metrics.height()} px in {room.height()} px"
        return None
    # buttons and check boxes: the style's own size for the text (padding, border, indicator)
    hint = widget.sizeHint()
    wide = metrics.horizontalAdvance(text)
    if wide > widget.width() + SLACK or hint.width() > widget.width() + SLACK:
        return f"needs {hint.width()} px (text {wide}), has {widget.width()}"
    if hint.height() > widget.height() + SLACK:
        return f"needs {hint.height()} px of height, has {widget.height()}"
    return None


def problems(window: StationWindow) -> list[str]:
    found = []
    inside = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QToolBar):
            # a narrow window folds a toolbar's last buttons behind its » button: each of
            # those actions must still be in a menu (with its shortcut)
            in_menus = {a for menu in window.menuBar().findChildren(QMenu) for a in menu.actions()}
            for action in widget.actions():
                button = widget.widgetForAction(action)
                if (button is None or not button.isVisible()) and action not in in_menus:
                    found.append(f"action {action.text()!r} only behind the toolbar's »")
        if isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            model = widget.model()
            for section in range(widget.count()):
                if widget.isSectionHidden(section) or model is None:
                    continue
                text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
                wide = widget.fontMetrics().horizontalAdvance(text) + HEADER_MARGINS
                if text and wide > widget.sectionSize(section) + SLACK:
                    found.append(f"column {text!r}: needs {wide} px, has "
                                 f"{widget.sectionSize(section)}")
        if isinstance(widget, (QLabel, QPushButton, QToolButton, QCheckBox)):
            if isinstance(widget, QToolButton) and widget.objectName() == "qt_toolbar_ext_button":
                continue
            why = clipped(widget)
            if why:
                found.append(f"{type(widget).__name__} {visible_text(widget)!r}: {why}")
        if isinstance(widget, (QAbstractButton, QLabel)):
            corner = widget.mapTo(window, QPoint(0, 0))
            box = QRect(corner, widget.size())
            if not inside.contains(box) and widget.parent() is not None:
                found.append(f"{type(widget).__name__} {visible_text(widget)!r} outside the "
                             f"window at {box.getRect()}")
    return found


@pytest.fixture
def station(qtbot, qapp, home: Path):
    install_translator(qapp, "vi")  # as the station runs: Vietnamese texts are the longer
    settings = StationSettings(home)
    settings.set("scanner/device", "test:0")
    workspace = Workspace(home)
    window = StationWindow(workspace, settings=settings, start_sender=False)
    qtbot.addWidget(window)
    window.resize(initial_size(SCREEN))
    window.setMaximumSize(initial_size(SCREEN))  # the screen: the window cannot grow past it
    window.show()
    qtbot.waitUntil(lambda: window.windowHandle() is not None
                    and window.windowHandle().isExposed(), timeout=10_000)
    window.status_timer.stop()  # the status bar's text settles once, not during the walk
    qtbot.waitUntil(lambda: bool(window.outbox_label.text()) and window._status_op is None,
                    timeout=20_000)
    yield window
    window.close()
    workspace.close()
    install_translator(qapp, "en")


def test_first_size_fits_a_1366x768_screen():
    size = initial_size(SCREEN)
    assert size.width() <= 1366 - 8 and size.height() <= 768 - 36
    assert initial_size(QRect(0, 0, 1920, 1080)) == QSize(1280, 820)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_nothing_clipped_in_any_mode(qtbot, station: StationWindow, large: bool):
    station.apply_large_text(large)
    found: dict[str, list[str]] = {}

    def walk(where: str) -> None:
        station.layout().activate()
        qtbot.wait(50)  # layouts settle on the event loop
        room, needed = initial_size(SCREEN), station.minimumSizeHint().expandedTo(station.size())
        if needed.width() > room.width() or needed.height() > room.height():
            found.setdefault(where, []).append(
                f"the window needs {needed.width()}×{needed.height()}, the screen gives "
                f"{room.width()}×{room.height()}")
        found.setdefault(where, []).extend(problems(station))

    # counter and archive, with the progress/cancel row shown, a page in the review (its
    # picture drawn to the label's size) and a result line: none may grow the window
    station.set_mode(0)
    station.counter.progress.setVisible(True)
    station.counter.cancel_button.setVisible(True)
    station.counter.right_tabs.setCurrentIndex(1)
    page = QPixmap(station.counter.preview.size() + QSize(40, 40))
    page.fill(Qt.GlobalColor.white)
    station.counter.preview.setPixmap(page)
    station.counter.result_label.setText(station.tr("Built and signed: {0}").format(
        "000.00.53.H48-261205-0001"))
    walk("counter")
    station.counter.right_tabs.setCurrentIndex(0)
    station.set_mode(2)
    walk("archive")

    # guided: every step, each with its progress/cancel row and its longest status text
    station.set_mode(1)
    guided = station.guided
    guided.procedure_screen.search.setText("ket hon")
    dossier = station.session.new("1.000894")
    guided._started((dossier, station.session.procedure()))
    for step in range(len(guided.steps())):
        guided.go(step)
        screen = guided.stack.currentWidget()
        walk(f"guided step {step + 1} ({guided.steps()[step]})")
        guided.busy.setVisible(True)  # as while a step works: progress and Cancel
        screen.button_row.setVisible(False)
        screen.status.setText(guided.tr(
            "No QR code found on the card. Turn the card over (QR code down) and press “Read "
            "the card” again, or choose a picture of it."))
        walk(f"guided step {step + 1} ({guided.steps()[step]}), working")
        guided.busy.setVisible(False)
        screen.button_row.setVisible(True)
    assert any("guided" in where for where in found)  # the walk reached the guided steps
    bad = {where: items for where, items in found.items() if items}
    assert not bad, "\n".join(f"{where}: {item}" for where, items in bad.items()
                              for item in items)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("screen", [QRect(0, 0, 1280, 720), QRect(0, 0, 1366, 768)],
                         ids=["1280x720", "1366x768"])
def test_every_counter_action_on_screen(qtbot, station: StationWindow, screen: QRect,
                                        large: bool):
    """The counter's action bar wraps instead of folding actions away: at 1280×720 and
    1366×768, normal and large text, every action's button is shown whole, inside the bar and
    the window, no two buttons overlap, and the pages still get most of the height."""
    station.setMaximumSize(initial_size(screen))
    station.resize(initial_size(screen))
    station.apply_large_text(large)
    station.set_mode(0)
    qtbot.waitUntil(lambda: station.size() == initial_size(screen), timeout=5_000)
    station.layout().activate()
    qtbot.wait(50)
    counter = station.counter
    found: list[str] = []
    rows: list[int] = []
    shown = []
    for bar in (counter.toolbar, counter.page_toolbar):
        found.extend(_bar_problems(station, bar))
        rows.append(len({bar.widgetForAction(a).y() for a in bar.bar_actions()}))
        shown.extend(bar.bar_actions())
    assert not found, "\n".join(found)
    # every counter action is on a bar, but those whose effect the screen shows elsewhere
    # (the checklist's current row, the profile list) and the keys that only move the focus
    keys_only = {"next_component", "previous_component", "scan_profile", "focus_procedure",
                 "focus_applicant", "focus_checklist", "focus_pages"}
    assert {a.objectName() for a in counter.actions()} - keys_only == \
        {a.objectName() for a in shown}
    menus = {a for menu in station.menuBar().findChildren(QMenu) for a in menu.actions()}
    assert set(counter.actions()) <= menus  # and every one in the Dossier menu
    print(f"\n{screen.width()}x{screen.height()} large={large}: rows {rows}, "
          f"bars {counter.toolbar.height()}+{counter.page_toolbar.height()} px, "
          f"thumbnails {counter.pages_view.height()} px")
    # every scan profile's whole name fits its list, the scanner's field keeps some room
    combo = counter.profile_combo
    for i in range(combo.count()):
        text = combo.itemText(i)
        room = combo.style().subControlRect(
            combo.style().ComplexControl.CC_ComboBox, _combo_option(combo),
            combo.style().SubControl.SC_ComboBoxEditField, combo).width()
        assert combo.fontMetrics().horizontalAdvance(text) <= room + SLACK, (text, room)
    assert counter.device_combo.width() >= 12 * counter.device_combo.fontMetrics().averageCharWidth()
    # the wrapped bars leave the thumbnails a whole row of pages, and a third of the height
    grid = counter.pages_view.gridSize().height()
    assert counter.pages_view.height() >= max(grid, station.height() / 3), (
        rows, counter.pages_view.height(), grid, station.height())


def _combo_option(combo):
    from PySide6.QtWidgets import QStyleOptionComboBox

    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    return option


def _bar_problems(station: StationWindow, bar: QWidget) -> list[str]:
    """Each of the bar's buttons shown whole, inside the bar and the window, none overlapping."""
    window_box = station.rect()
    bar_box = QRect(bar.mapTo(station, QPoint(0, 0)), bar.size())
    found = []
    if not bar.isVisible() or not window_box.contains(bar_box):
        found.append(f"bar {bar.objectName()} at {bar_box.getRect()} outside the window")
    boxes: list[tuple[str, QRect]] = []
    for action in bar.bar_actions():
        button = bar.widgetForAction(action)
        assert button is not None
        box = QRect(button.mapTo(bar, QPoint(0, 0)), button.size())
        if not button.isVisible() or not bar.rect().contains(box):
            found.append(f"{action.text()!r} hidden or outside the bar at {box.getRect()}")
        why = clipped(button)
        if why:
            found.append(f"{action.text()!r}: {why}")
        found.extend(f"{action.text()!r} overlaps {other!r}" for other, seen in boxes
                     if seen.intersects(box))
        boxes.append((action.text(), box))
    return found
