"""Qt's standard dialogs, in the window's language.

PySide6 ships no ``qtbase_vi.qm``, so Qt's own buttons ("&Yes", "Cancel") and file chooser
("Detail View", "Date Modified") would show in English. Two remedies, both here:

- the few Qt strings the station shows are listed below with ``QT_TRANSLATE_NOOP`` under Qt's
  own contexts; ``make translations`` puts them in ``scanstation_vi.ts`` and the glossary gives
  their Vietnamese, so the app's translator answers Qt's lookups too;
- the dialogs the station opens set their texts themselves (buttons, labels), so they read
  Vietnamese even where a Qt string is missing from that list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QMessageBox,
    QTreeView,
    QWidget,
)

translate = QCoreApplication.translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # marks a Qt string for lupdate
    return text


# Qt's own strings, as Qt 6 spells them (checked against libQt6Widgets/libQt6Gui).
QT_STRINGS = (
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Open"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&No"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Apply"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Help"),
    QT_TRANSLATE_NOOP("QFileDialog", "Back"),
    QT_TRANSLATE_NOOP("QFileDialog", "Forward"),
    QT_TRANSLATE_NOOP("QFileDialog", "Parent Directory"),
    QT_TRANSLATE_NOOP("QFileDialog", "Create New Folder"),
    QT_TRANSLATE_NOOP("QFileDialog", "List View"),
    QT_TRANSLATE_NOOP("QFileDialog", "Detail View"),
    QT_TRANSLATE_NOOP("QFileDialog", "Sidebar"),
    QT_TRANSLATE_NOOP("QFileDialog", "Recent Places"),
    QT_TRANSLATE_NOOP("QFileDialog", "&Rename"),
    QT_TRANSLATE_NOOP("QFileDialog", "&Delete"),
    QT_TRANSLATE_NOOP("QFileDialog", "Show &hidden files"),
    QT_TRANSLATE_NOOP("QFileDialog", "&New Folder"),
    QT_TRANSLATE_NOOP("QFileDialog", "&Open"),
    QT_TRANSLATE_NOOP("QFileDialog", "&Choose"),
    QT_TRANSLATE_NOOP("QFileDialog", "Directory:"),
    QT_TRANSLATE_NOOP("QFileDialog", "File &name:"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Name"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Size"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Type"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Date Modified"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Computer"),
)

IMAGE_FILTER = QT_TRANSLATE_NOOP(
    "VietnameseDialogs", "Images and PDF (*.png *.jpg *.jpeg *.tif *.tiff *.pdf *.bmp *.webp)")


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """A question with "Có" / "Không" buttons (their text set here, not left to Qt)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(translate("VietnameseDialogs", "Yes"))
    box.button(QMessageBox.StandardButton.No).setText(translate("VietnameseDialogs", "No"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget | None, title: str, label: str) -> str | None:
    """One line of text (a reason) with Vietnamese buttons; None when cancelled or empty."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText(translate("VietnameseDialogs", "OK"))
    dialog.setCancelButtonText(translate("VietnameseDialogs", "Cancel"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.textValue().strip() or None


def file_dialog(parent: QWidget | None, title: str, folder: Path,
                on_chosen: Callable[[list[Path]], object], *, many: bool = False) -> QFileDialog:
    """Qt's own (not the desktop's) file chooser, labelled in Vietnamese, opened without
    blocking: ``on_chosen`` gets the chosen files. Returns the dialog (shown)."""
    dialog = QFileDialog(parent, title, str(folder), translate("VietnameseDialogs", IMAGE_FILTER))
    dialog.setObjectName("vi_file_dialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many
                       else QFileDialog.FileMode.ExistingFile)
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, translate("VietnameseDialogs", "Look in:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileName, translate("VietnameseDialogs", "File name:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, translate("VietnameseDialogs", "Files of type:"))
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, translate("VietnameseDialogs", "Open"))
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, translate("VietnameseDialogs", "Cancel"))
    for view in dialog.findChildren(QTreeView):  # the detail view: "Kích thước" whole
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    dialog.filesSelected.connect(lambda files: on_chosen([Path(f) for f in files]))
    dialog.finished.connect(dialog.deleteLater)
    if parent is not None:  # the keyboard goes back to the window, as a window manager does
        dialog.finished.connect(lambda _result: parent.window().activateWindow())
    dialog.resize(900, 560)  # fits a 1366×768 screen with room for the window behind
    dialog.open()
    dialog.activateWindow()  # typing goes to it at once, even where no window manager runs
    return dialog
