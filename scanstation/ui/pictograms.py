"""Simple pictograms for the guided mode, drawn with QPainter (no image files to ship): an ID
card, a page on a scanner, a stack of papers, a paper plane for sending, a tick when done."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#ffd400")  # yellow on black: the high-contrast scheme of the guided mode
KINDS = ("procedure", "card", "scanner", "review", "send", "done")


class Pictogram(QWidget):
    def __init__(self, kind: str = "scanner", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setMinimumSize(QSize(220, 180))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_kind(self, kind: str) -> None:
        self.kind = kind
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) * 0.9
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        pen = QPen(INK, max(4.0, side / 40))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        getattr(self, f"_draw_{self.kind}", self._draw_scanner)(p, box)
        p.end()

    @staticmethod
    def _paper(p: QPainter, r: QRectF, lines: int = 4) -> None:
        p.drawRect(r)
        for i in range(lines):
            y = r.top() + r.height() * (0.2 + 0.15 * i)
            p.drawLine(QPointF(r.left() + r.width() * 0.15, y),
                       QPointF(r.right() - r.width() * 0.15, y))

    def _draw_procedure(self, p: QPainter, b: QRectF) -> None:
        for i in range(3):
            r = QRectF(b.left() + b.width() * (0.15 + 0.08 * i), b.top() + b.height() * 0.08 * i,
                       b.width() * 0.55, b.height() * 0.75)
            self._paper(p, r, 3)

    def _draw_card(self, p: QPainter, b: QRectF) -> None:
        card = QRectF(b.left(), b.top() + b.height() * 0.2, b.width(), b.height() * 0.6)
        p.drawRoundedRect(card, 12, 12)
        face = QRectF(card.left() + card.width() * 0.07, card.top() + card.height() * 0.2,
                      card.width() * 0.25, card.height() * 0.6)
        p.drawEllipse(face)
        qr = QRectF(card.right() - card.width() * 0.3, card.top() + card.height() * 0.15,
                    card.width() * 0.22, card.width() * 0.22)
        p.drawRect(qr)
        p.drawRect(qr.adjusted(qr.width() * 0.3, qr.height() * 0.3, -qr.width() * 0.3,
                               -qr.height() * 0.3))

    def _draw_scanner(self, p: QPainter, b: QRectF) -> None:
        base = QRectF(b.left(), b.top() + b.height() * 0.55, b.width(), b.height() * 0.3)
        p.drawRoundedRect(base, 10, 10)
        self._paper(p, QRectF(b.left() + b.width() * 0.25, b.top(), b.width() * 0.5,
                              b.height() * 0.5), 3)
        p.drawLine(QPointF(b.center().x(), b.top() + b.height() * 0.52),
                   QPointF(b.center().x(), b.top() + b.height() * 0.6))

    def _draw_review(self, p: QPainter, b: QRectF) -> None:
        self._paper(p, QRectF(b.left(), b.top(), b.width() * 0.45, b.height() * 0.8), 5)
        lens = QRectF(b.left() + b.width() * 0.5, b.top() + b.height() * 0.2,
                      b.width() * 0.35, b.width() * 0.35)
        p.drawEllipse(lens)
        p.drawLine(lens.bottomRight() - QPointF(lens.width() * 0.15, lens.height() * 0.15),
                   QPointF(b.right(), b.bottom()))

    def _draw_send(self, p: QPainter, b: QRectF) -> None:
        plane = QPolygonF([QPointF(b.left(), b.center().y()),
                           QPointF(b.right(), b.top() + b.height() * 0.15),
                           QPointF(b.left() + b.width() * 0.6, b.bottom() - b.height() * 0.15),
                           QPointF(b.left() + b.width() * 0.45, b.center().y() + b.height() * 0.05)])
        p.drawPolygon(plane)

    def _draw_done(self, p: QPainter, b: QRectF) -> None:
        p.drawEllipse(b.adjusted(b.width() * 0.05, b.height() * 0.05, -b.width() * 0.05,
                                 -b.height() * 0.05))
        p.drawPolyline(QPolygonF([QPointF(b.left() + b.width() * 0.28, b.center().y()),
                                  QPointF(b.left() + b.width() * 0.45, b.bottom() - b.height() * 0.3),
                                  QPointF(b.right() - b.width() * 0.25, b.top() + b.height() * 0.3)]))
