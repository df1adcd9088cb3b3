"""Item models over the core's objects (Vorta's table model is the pattern: column/role
constants, translated headers, a reset for bulk loads and a targeted ``dataChanged`` for one
changed page)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView

from ..model import Page
from ..workspace import Workspace

THUMB_SIZE = 220
PAGE_ROLE = Qt.ItemDataRole.UserRole + 1
BLANK_ROLE = Qt.ItemDataRole.UserRole + 2
MIME_ROWS = "application/x-scanstation-page-rows"

ModelIndex = QModelIndex | QPersistentModelIndex


class _ThumbSignals(QObject):
    ready = Signal(str, str, QImage)  # page id, render key, thumbnail
    failed = Signal(str)  # render key: asked again the next time the view wants it


class _ThumbJob(QRunnable):
    """Render a page (from its original + transforms, cached by the workspace) to a thumbnail.
    QImage and QPainter are safe off the Qt thread; QPixmap is not, so it is made later."""

    def __init__(self, workspace: Workspace, page: Page, key: str, signals: _ThumbSignals,
                 blank_label: str) -> None:
        super().__init__()
        self.workspace, self.page, self.key = workspace, page, key
        self.signals, self.blank_label = signals, blank_label

    def run(self) -> None:
        from ..rendering import thumbnail_png
        from ..workers import run_in_helper

        try:  # decode, transforms and downscale in a helper process: no GIL taken from the UI
            data = run_in_helper(thumbnail_png, self.workspace.home, self.page, THUMB_SIZE)
        except Exception:
            self.signals.failed.emit(self.key)
            return
        thumb = QImage.fromData(data)
        if thumb.isNull():
            self.signals.failed.emit(self.key)
            return
        thumb = thumb.convertToFormat(QImage.Format.Format_ARGB32)
        if self.page.blank:
            _flag_blank(thumb, self.blank_label)
        self.signals.ready.emit(self.page.id, self.key, thumb)


def _flag_blank(thumb: QImage, label: str) -> None:
    """A red band with ``label`` across the top of ``thumb``."""
    painter = QPainter(thumb)
    painter.fillRect(0, 0, thumb.width(), 28, QColor(200, 30, 30, 210))
    painter.setPen(QColor("white"))
    font = QFont()
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(6, 19, label)
    painter.end()


@cache
def _warm_thumbnail_painting() -> None:
    """Paint a blank page's flag once, on the Qt thread. PySide6 builds some of its Python-side
    types on first use, and two thumbnail jobs flagging blank pages at once built them from two
    threads: the process crashed in ``fillRect`` (a segmentation fault in the volunteer journey
    test, 1 fresh-clone run in 6). Built here first, the jobs only use them."""
    thumb = QImage(8, 8, QImage.Format.Format_RGB32).convertToFormat(QImage.Format.Format_ARGB32)
    _flag_blank(thumb, "")


class PageListModel(QAbstractListModel):
    """The pages of one batch, in order, with thumbnails rendered in the background."""

    def __init__(self, workspace: Workspace, batch: str = "", parent: QObject | None = None,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        _warm_thumbnail_painting()  # before any thumbnail job can run
        self.workspace = workspace
        self.batch = batch
        self.pool = pool or QThreadPool.globalInstance()
        # thumbnails in their own lane, so a screenful of them never delays a core operation
        self.thumb_pool = QThreadPool(self)
        self.thumb_pool.setMaxThreadCount(2)
        self._pages: list[Page] = []
        self._thumbs: dict[str, tuple[str, QImage]] = {}
        self._pixmaps: dict[str, QPixmap] = {}
        self._pending: set[str] = set()
        self._signals = _ThumbSignals()
        self._signals.ready.connect(self._thumb_ready)
        self._signals.failed.connect(self._pending.discard)
        self._keys: dict[str, tuple[Page, str]] = {}
        self._arrived: set[str] = set()
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(40)
        self._labels: dict[str, str] = {}
        # set by an owner that keeps the page order itself: (page id, target row) on a drop
        self.move_hook: Callable[[str, int], None] | None = None
        self._flush_timer.timeout.connect(self._flush_thumbs)
        self.reload()

    # --- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        self.set_pages(self.workspace.pages(self.batch))

    def set_pages(self, pages: list[Page], labels: dict[str, str] | None = None) -> None:
        """Show ``pages`` (read by a worker, so the Qt thread does no SQLite); ``labels``: the
        caption under each page's thumbnail (the counter names its component document)."""
        self.beginResetModel()
        self._pages = list(pages)
        self._labels = dict(labels or {})
        self.endResetModel()

    def page(self, row: int) -> Page:
        return self._pages[row]

    def pages(self) -> list[Page]:
        return list(self._pages)

    def row_of(self, page_id: str) -> int:
        for row, page in enumerate(self._pages):
            if page.id == page_id:
                return row
        return -1

    def replace_page(self, page: Page) -> None:
        """A page changed (a new transform, a flag): refresh just its row."""
        row = self.row_of(page.id)
        if row < 0:
            return
        self._pages[row] = page
        self._pixmaps.pop(page.id, None)
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def append_pages(self, pages: list[Page]) -> None:
        if not pages:
            return
        start = len(self._pages)
        self.beginInsertRows(QModelIndex(), start, start + len(pages) - 1)
        self._pages.extend(pages)
        self.endInsertRows()

    def remove_page(self, page_id: str) -> None:
        row = self.row_of(page_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._pages[row]
        self.endRemoveRows()

    # --- Qt model API ------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._pages)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._pages):
            return None
        page = self._pages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._labels.get(page.id) or self.tr("Page {0}").format(index.row() + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._pixmap(page)
        if role == Qt.ItemDataRole.ToolTipRole:
            info = page.flags.get("cleanup", {})
            text = self.tr("Page {0}").format(index.row() + 1)
            if info:
                text += "\n" + self.tr("Turned {0}°, skew {1:+.2f}°").format(
                    info.get("quarter_turn", 0), info.get("skew_deg", 0.0))
            if page.blank:
                text += "\n" + self.tr("Possibly blank: check before removing")
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            label = self._labels.get(page.id) or self.tr("Page {0}").format(index.row() + 1)
            return label + (", " + self.tr("possibly blank") if page.blank else "")
        if role == PAGE_ROLE:
            return page
        if role == BLANK_ROLE:
            return page.blank
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_ROWS]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = ",".join(str(i.row()) for i in indexes if i.isValid())
        data.setData(MIME_ROWS, QByteArray(rows.encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: ModelIndex) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME_ROWS):
            return False
        rows = [int(r) for r in bytes(data.data(MIME_ROWS).data()).decode().split(",") if r]
        if len(rows) != 1:
            return False
        drop_row = row if row >= 0 else (parent.row() if parent.isValid() else len(self._pages))
        source = rows[0]
        target = drop_row if drop_row <= source else drop_row - 1
        if self.move_hook is not None:  # the owner keeps the order (the dossier, for the counter)
            if 0 <= source < len(self._pages):
                self.move_hook(self._pages[source].id, max(0, min(target, len(self._pages) - 1)))
            return False
        self.move_row(source, target)
        return False  # we moved it ourselves; Qt must not remove the source row

    def move_row(self, source: int, target: int) -> None:
        """Move the page at ``source`` so it ends at index ``target``; saved in the workspace."""
        count = len(self._pages)
        if not 0 <= source < count:
            return
        target = max(0, min(target, count - 1))
        if target == source:
            return
        dest = target + 1 if target > source else target  # Qt counts in the list before the move
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), dest)
        page = self._pages.pop(source)
        self._pages.insert(target, page)
        self.endMoveRows()
        self.workspace.move_page(page.id, target)

    # --- thumbnails ----------------------------------------------------------------------------

    def _key(self, page: Page) -> str:
        cached = self._keys.get(page.id)
        if cached is not None and cached[0] is page:
            return cached[1]
        key = self.workspace.render_key(page) + str(page.blank)
        self._keys[page.id] = (page, key)
        return key

    def _pixmap(self, page: Page) -> QPixmap | None:
        key = self._key(page)
        if page.id in self._pixmaps and self._thumbs.get(page.id, ("",))[0] == key:
            return self._pixmaps[page.id]
        cached = self._thumbs.get(page.id)
        if cached and cached[0] == key:
            pixmap = QPixmap.fromImage(cached[1])
            self._pixmaps[page.id] = pixmap
            return pixmap
        if key not in self._pending:
            self._pending.add(key)
            self.thumb_pool.start(_ThumbJob(self.workspace, page, key, self._signals,
                                      self.tr("Blank?")))
        return None

    def _thumb_ready(self, page_id: str, key: str, image: QImage) -> None:
        """Thumbnails arrive one by one; the view hears of them in one batch per ~40 ms, so
        fifty arriving at once cost one relayout, not fifty."""
        self._pending.discard(key)
        self._thumbs[page_id] = (key, image)
        self._pixmaps.pop(page_id, None)
        self._arrived.add(page_id)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush_thumbs(self) -> None:
        rows = [r for r in (self.row_of(pid) for pid in self._arrived) if r >= 0]
        self._arrived.clear()
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)),
                                  [Qt.ItemDataRole.DecorationRole])


def show_as_thumbnails(view: QListView, model: QAbstractItemModel, *, grid_pad: tuple[int, int],
                       spacing: int = 0) -> None:
    """A list view of page thumbnails that reflow with the width and reorder by drag (the model
    turns a move into the page order)."""
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
    view.setGridSize(QSize(THUMB_SIZE + grid_pad[0], THUMB_SIZE + grid_pad[1]))
    if spacing:
        view.setSpacing(spacing)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setMovement(QListView.Movement.Snap)
    view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
    view.setDefaultDropAction(Qt.DropAction.MoveAction)
    view.setModel(model)
