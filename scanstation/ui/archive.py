"""Archive mode: the outbox queue (every dossier version with its state and receipt) and the
batch back-scanning review — a keyboard grid of flagged pages and the job's dashboard.

Review keys on the grid: A accept · D or Delete drop the page · S the page is a separator ·
P the page is a page (not a separator) · R / L turn the page a quarter clockwise / back (a
transform kept in the job: the original is never changed) · I put a (re)scanned page in before
this one · U a rescan takes this page's place · Ctrl+Return review done. Every job operation
runs in a worker (``CoreOp``) through the core (``batch.review``); the UI thread only draws.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .station_models import OBJECT_ROLE, OutboxModel
from .workers import CoreOp

THUMB_PX = 150
LIVE_POLL_MS = 1500  # a running job's bar: the runner logs its progress every 2 s
KEY_DECISIONS = {Qt.Key.Key_A: "accepted", Qt.Key.Key_D: "deleted", Qt.Key.Key_Delete: "deleted",
                 Qt.Key.Key_S: "separator", Qt.Key.Key_P: "page"}
KEY_ACTIONS = {Qt.Key.Key_R: "rotate_right", Qt.Key.Key_L: "rotate_left",
               Qt.Key.Key_I: "insert", Qt.Key.Key_U: "replace"}
SEQ_ROLE = Qt.ItemDataRole.UserRole + 1


def load_review(outdir: Path) -> dict[str, Any]:
    """(worker thread) The job's status, progress series and flagged pages with thumbnails."""
    from PIL import Image

    from ..batch.report import _rate_series, dashboard_plots, job_status
    from ..batch.state import JobStore
    from ..imaging import decode_frame

    store = JobStore(outdir)
    try:
        status = job_status(store)
        rates, _, _ = _rate_series(store)
        items = []
        for row in store.pages():
            if not row.flags:
                continue
            png = b""
            try:
                img = decode_frame(Path(row.path).read_bytes(), row.media_type, row.frame, row.dpi,
                                   Path(row.source).name)
                # as the PDF will show it: the cleaner's quarter turn, then the reviewer's
                degrees = (row.quarter_turn + 90 * row.turn) % 360
                if degrees:
                    img = img.rotate(-degrees, expand=True)
                img.thumbnail((THUMB_PX, THUMB_PX), Image.Resampling.BILINEAR)
                buffer = io.BytesIO()
                img.convert("RGB").save(buffer, "PNG")
                png = buffer.getvalue()
            except Exception:  # an unreadable page is itself a flag; it shows without a picture
                png = b""
            items.append({"seq": row.seq, "source": Path(row.source).name, "page": row.page,
                          "flags": list(row.flags), "decision": row.decision, "png": png,
                          "turn": row.turn})
        return {"status": status, "rates": rates, "items": items, "plots": dashboard_plots(store)}
    finally:
        store.db.close()


def load_live(outdir: Path) -> dict[str, Any]:
    """(worker thread) A running job's counts, rate and time left (no page rows read)."""
    from ..batch.report import live_progress
    from ..batch.state import JobStore

    store = JobStore(outdir)
    try:
        return live_progress(store)
    finally:
        store.db.close()


def decide(outdir: Path, decisions: dict[int, str], done: bool) -> None:
    """(worker thread) Apply review decisions like ``batch review`` does."""
    import time

    from ..batch import review
    from ..batch.errors import ReviewPendingError
    from ..batch.runner import finalize, open_job

    store, rules = open_job(outdir)
    try:
        review.apply(store, decisions)
        if decisions:
            finalize(store, rules)
        if done:
            left = len(review.pending(store.pages()))
            if left:
                raise ReviewPendingError(job=store.name, pending=left)
            store.set(review={"state": "done", "at": time.time()})
    finally:
        store.close()


def act(outdir: Path, action: str, seq: int, file: Path | None = None) -> None:
    """(worker thread) Rotate, insert or replace a page like ``batch review`` does, then re-plan."""
    from ..batch import review
    from ..batch.runner import finalize, open_job

    store, rules = open_job(outdir)
    try:
        if action in ("rotate_right", "rotate_left"):
            review.rotate_page(store, seq, 1 if action == "rotate_right" else 3, rules)
        elif action == "insert" and file is not None:
            review.insert_page(store, seq, file, rules)
        elif action == "replace" and file is not None:
            review.replace_page(store, seq, file, rules)
        else:
            raise review.ReviewActionError(reason=action)
        finalize(store, rules)
    finally:
        store.close()


class ReviewGrid(QListWidget):
    """Flagged pages as thumbnails; the keys decide on the current page."""

    def __init__(self, on_decision: Any, on_action: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on_decision = on_decision
        self.on_action = on_action
        self.setObjectName("batch_review_grid")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setSpacing(8)
        self.setWordWrap(True)
        self.setAccessibleName(self.tr(
            "Flagged pages: A accept, D delete, S separator, P page, R or L rotate, "
            "I insert a page before, U replace with a rescan"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        item = self.currentItem()
        if item is not None and not event.modifiers():
            if key in KEY_DECISIONS:
                self.on_decision(int(item.data(SEQ_ROLE)), KEY_DECISIONS[key])
                return
            if key in KEY_ACTIONS:
                self.on_action(int(item.data(SEQ_ROLE)), KEY_ACTIONS[key])
                return
        super().keyPressEvent(event)


class BatchReviewPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batch_review")
        self.outdir: Path | None = None
        self.ops: list[CoreOp] = []
        self.dashboard = QLabel(self.tr("No batch job open."))
        self.dashboard.setObjectName("batch_dashboard")
        self.dashboard.setWordWrap(True)
        self.dashboard.setAccessibleName(self.tr("Batch progress"))
        # a job another process is running: a live bar with the rate and the time left
        self.progress = QProgressBar()
        self.progress.setObjectName("batch_progress")
        self.progress.setAccessibleName(self.tr("Pages done in the running batch"))
        self.progress.setFormat("%v/%m")
        self.progress.hide()
        self.eta = QLabel("")
        self.eta.setObjectName("batch_eta")
        self.eta.hide()
        self.live_timer = QTimer(self)
        self.live_timer.setInterval(LIVE_POLL_MS)
        self.live_timer.timeout.connect(self.poll_live)
        self.live_op: CoreOp | None = None
        self.status: dict[str, Any] = {}  # the open job's last status (the dashboard line)
        self.message = QLabel("")
        self.message.setObjectName("batch_message")
        self.message.setWordWrap(True)
        self.grid = ReviewGrid(self.queue_decision, self.queue_action)
        self.plots = QWidget()
        self.plots.setObjectName("batch_plots")
        self.plots_layout = QGridLayout(self.plots)
        self.plots_layout.setContentsMargins(0, 0, 0, 0)
        self.file_dialog: QFileDialog | None = None
        self.rescan_dir: Path | None = None
        open_button = QPushButton(self.tr("Open batch job…"))
        open_button.setAccessibleName(self.tr("Open a batch job's output folder"))
        open_button.clicked.connect(self.choose_job)
        self.done_button = QPushButton(self.tr("Review done"))
        self.done_button.setAccessibleName(self.tr("Finish the review of this batch"))
        self.done_button.setToolTip(self.tr("Review done") + " (Ctrl+Return)")
        self.done_button.clicked.connect(lambda: self.submit({}, done=True))
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(lambda: self.submit({}, done=True))
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.dashboard)
        live = QHBoxLayout()
        live.addWidget(self.progress, 1)
        live.addWidget(self.eta)
        layout.addLayout(live)
        layout.addWidget(self.plots)
        layout.addWidget(self.grid, 1)
        keys = QLabel(self.tr("Keys: A accept · D delete · S separator · P page · R/L rotate · "
                              "I insert a page before · U replace with a rescan · "
                              "Ctrl+Return review done"))
        keys.setObjectName("batch_keys")
        keys.setWordWrap(True)
        layout.addWidget(keys)
        layout.addWidget(self.message)

    def choose_job(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Batch output folder"))
        if folder:
            self.open_job(Path(folder))

    def _run(self, fn: Any, on_success: Any, on_done: Any = None) -> CoreOp:
        op = CoreOp(lambda _progress, _cancel: fn()).on_success(on_success)
        op.on_failure(lambda error: self.message.setText(str(error)))
        op.on_done(lambda: self.ops.remove(op) if op in self.ops else None)
        if on_done is not None:  # connected before it starts: a fast op cannot finish unseen
            op.on_done(on_done)
        self.ops.append(op)
        return op.start()

    def open_job(self, outdir: Path) -> CoreOp:
        self.outdir = outdir
        return self._run(lambda: load_review(outdir), self.show_review)

    def word(self, state: str) -> str:
        """A job's or a review's state, in the window's language."""
        words = {"new": self.tr("new"), "running": self.tr("running"),
                 "interrupted": self.tr("interrupted"), "staged": self.tr("staged"),
                 "exported": self.tr("exported"), "open": self.tr("open"),
                 "done": self.tr("done"), "waived": self.tr("waived")}
        return words.get(state, state)

    def _set_dashboard(self, status: dict[str, Any], rate: float | None) -> None:
        self.status = status
        self.dashboard.setText(self.tr(
            "{job}: {state} — {done}/{total} pages, {docs} documents, {flagged} to review; "
            "review {review}; last rate {rate} pages/min").format(
                job=status["job"], state=self.word(status["state"]), done=status["pages_done"],
                total=status["pages_total"], docs=status["documents"], flagged=status["flagged"],
                review=self.word(status["review"]), rate="—" if rate is None else f"{rate:.1f}"))

    def show_review(self, data: dict[str, Any]) -> None:
        status = data["status"]
        rates = data["rates"]
        self._set_dashboard(status, rates[-1] if rates else None)
        self._show_plots(data.get("plots", []))
        if status["state"] == "running":
            self.show_live({**status, "rate_ppm": rates[-1] if rates else None, "eta_s": None})
            self.live_timer.start()
        else:
            self.live_timer.stop()
            self.progress.hide()
            self.eta.hide()
        current = self.grid.currentRow()
        self.grid.clear()
        for item in data["items"]:
            text = f"#{item['seq']} {item['source']}\n{' '.join(item['flags'])}"
            if item["decision"]:
                text += f"\n→ {item['decision']}"
            if item.get("turn"):
                text += f" ↻{item['turn'] * 90}°"
            widget_item = QListWidgetItem(text)
            widget_item.setData(SEQ_ROLE, item["seq"])
            pixmap = QPixmap()
            if item["png"] and pixmap.loadFromData(item["png"], "PNG"):
                widget_item.setIcon(pixmap)
            self.grid.addItem(widget_item)
        if self.grid.count():
            self.grid.setCurrentRow(min(max(current, 0), self.grid.count() - 1))

    def poll_live(self) -> None:
        """(timer) Ask for the running job's progress, one question at a time."""
        if self.outdir is None or self.live_op is not None:
            return
        outdir = self.outdir

        def arrived(live: dict[str, Any]) -> None:
            if outdir != self.outdir:
                return  # another job was opened meanwhile
            if live["state"] == "running":
                self.show_live(live)
            else:  # it ended (or stopped): the review, the plots and the flags as they now are
                self.live_timer.stop()
                self.open_job(outdir)

        self.live_op = self._run(lambda: load_live(outdir), arrived,
                                 lambda: setattr(self, "live_op", None))

    def show_live(self, live: dict[str, Any]) -> None:
        if self.status:  # the line above the bar moves with it
            self._set_dashboard({**self.status, "pages_done": live["pages_done"],
                                 "documents": live["documents"]}, live.get("rate_ppm"))
        self.progress.setMaximum(max(1, live["pages_total"]))
        self.progress.setValue(live["pages_done"])
        self.progress.show()
        parts = [self.tr("{done}/{total} pages").format(done=live["pages_done"],
                                                        total=live["pages_total"])]
        if live.get("rate_ppm"):
            parts.append(self.tr("{rate:.0f} pages/min").format(rate=live["rate_ppm"]))
        if live.get("eta_s") is not None:
            parts.append(self.tr("about {time} left").format(time=self.duration(live["eta_s"])))
        self.eta.setText(" · ".join(parts))
        self.eta.show()

    def duration(self, seconds: float) -> str:
        """2 h 05 min, 12 min, 40 s."""
        seconds = max(0, round(seconds))
        hours, rest = divmod(seconds, 3600)
        if hours:
            return self.tr("{hours} h {minutes:02d} min").format(hours=hours, minutes=rest // 60)
        if rest >= 60:
            return self.tr("{minutes} min").format(minutes=rest // 60)
        return self.tr("{seconds} s").format(seconds=rest)

    def _show_plots(self, plots: list[tuple[str, str]]) -> None:
        while self.plots_layout.count():
            taken = self.plots_layout.takeAt(0)
            child = taken.widget() if taken is not None else None
            if child is not None:
                child.deleteLater()
        for column, (title, svg) in enumerate(plots):
            label = QLabel(title)
            chart = QSvgWidget()
            chart.load(QByteArray(svg.encode("utf-8")))
            chart.setFixedSize(260, 78)
            chart.setAccessibleName(title)
            self.plots_layout.addWidget(label, 0, column)
            self.plots_layout.addWidget(chart, 1, column)

    def queue_decision(self, seq: int, decision: str) -> None:
        self.submit({seq: decision})

    def queue_action(self, seq: int, action: str) -> None:
        """R/L run at once; I/U first ask for the rescanned page (a Qt file dialog, driven by
        keyboard: type the name, Return)."""
        if action in ("insert", "replace"):
            self.choose_rescan(seq, action)
        else:
            self.run_action(seq, action)

    def choose_rescan(self, seq: int, action: str) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Rescanned page (one page)"))
        dialog.setObjectName("batch_rescan_dialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Images and PDF (*.png *.jpg *.jpeg *.tif *.tiff *.pdf)"))
        # where the last rescan came from; at first, beside the job's output folder
        start = self.rescan_dir or (self.outdir.parent if self.outdir else Path.home())
        dialog.setDirectory(str(start))
        dialog.fileSelected.connect(lambda name: self.run_action(seq, action, Path(name)))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()  # not exec(): the window keeps drawing while the officer picks
        return dialog

    def run_action(self, seq: int, action: str, file: Path | None = None) -> CoreOp | None:
        if self.outdir is None:
            return None
        if file is not None:
            self.rescan_dir = file.parent
        outdir = self.outdir
        self.message.setText(self.tr("Working on page {seq}…").format(seq=seq))

        def refreshed(_: Any) -> None:
            self.message.setText("")
            self.open_job(outdir)

        return self._run(lambda: act(outdir, action, seq, file), refreshed)

    def submit(self, decisions: dict[int, str], done: bool = False) -> CoreOp | None:
        if self.outdir is None:
            return None
        outdir = self.outdir

        def work() -> None:
            decide(outdir, decisions, done)

        def refreshed(_: Any) -> None:
            self.message.setText(self.tr("Review finished.") if done else "")
            self.open_job(outdir)

        return self._run(work, refreshed)


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
        outbox = QWidget()
        outbox_layout = QVBoxLayout(outbox)
        outbox_layout.addWidget(self.view, 1)
        outbox_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.batch = BatchReviewPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(outbox, self.tr("Outbox"))
        self.tabs.addTab(self.batch, self.tr("Batch review"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

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
