"""The application's icons, drawn with QPainter so that they stay sharp at any display scaling and need
no image files in the installer. Each is drawn on a 64 x 64 grid and rendered at several sizes."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

INK = QColor("#2f5d8a")
PAPER = QColor("#ffffff")
SIZES = (16, 24, 32, 48, 64, 128)

Drawing = Callable[[QPainter], None]


def _pen(width: float = 5.0, colour: QColor = INK) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _render(draw: Drawing) -> QIcon:
    icon = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(size / 64, size / 64)
        draw(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _dashboard(p: QPainter) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(INK)
    for x, y, w, h in [(6, 6, 24, 30), (34, 6, 24, 18), (6, 40, 24, 18), (34, 28, 24, 30)]:
        p.drawRoundedRect(QRectF(x, y, w, h), 4, 4)


def _meetings(p: QPainter) -> None:
    p.setPen(_pen(4.5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(7, 11, 50, 46), 5, 5)
    p.setBrush(INK)
    p.drawRect(QRectF(7, 11, 50, 12))
    p.drawLine(QPointF(20, 5), QPointF(20, 15))
    p.drawLine(QPointF(44, 5), QPointF(44, 15))
    p.setPen(Qt.PenStyle.NoPen)
    for row in range(2):
        for col in range(3):
            p.drawRoundedRect(QRectF(15 + col * 13, 30 + row * 12, 8, 7), 1.5, 1.5)


def _groups(p: QPainter) -> None:
    p.setPen(_pen(4))
    p.drawLine(QPointF(32, 22), QPointF(32, 32))
    p.drawLine(QPointF(14, 32), QPointF(50, 32))
    p.drawLine(QPointF(14, 32), QPointF(14, 40))
    p.drawLine(QPointF(50, 32), QPointF(50, 40))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(INK)
    p.drawRoundedRect(QRectF(20, 4, 24, 18), 4, 4)
    p.drawRoundedRect(QRectF(3, 40, 22, 18), 4, 4)
    p.drawRoundedRect(QRectF(39, 40, 22, 18), 4, 4)


def _people(p: QPainter) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    faded = QColor(INK)
    faded.setAlpha(150)
    for x, colour in [(40, faded), (24, INK)]:
        p.setBrush(colour)
        p.drawEllipse(QPointF(x, 20), 10, 10)
        body = QPainterPath()
        body.moveTo(x - 17, 58)
        body.cubicTo(x - 17, 36, x + 17, 36, x + 17, 58)
        body.closeSubpath()
        p.drawPath(body)


def _challenge(p: QPainter) -> None:
    p.setPen(_pen(5))
    p.drawLine(QPointF(14, 6), QPointF(14, 60))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(INK)
    flag = QPainterPath()
    flag.moveTo(16, 8)
    flag.cubicTo(28, 2, 38, 14, 54, 8)
    flag.lineTo(54, 34)
    flag.cubicTo(38, 40, 28, 28, 16, 34)
    flag.closeSubpath()
    p.drawPath(flag)


def _funding(p: QPainter) -> None:
    p.setPen(_pen(4.5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(32, 32), 26, 26)
    font = QFont()
    font.setPixelSize(36)
    font.setBold(True)
    p.setFont(font)
    p.drawText(QRectF(6, 6, 52, 52), Qt.AlignmentFlag.AlignCenter, "£")


def _reports(p: QPainter) -> None:
    page = QPainterPath()
    page.moveTo(12, 4)
    page.lineTo(40, 4)
    page.lineTo(54, 18)
    page.lineTo(54, 60)
    page.lineTo(12, 60)
    page.closeSubpath()
    p.setPen(_pen(4.5))
    p.setBrush(QBrush(PAPER))
    p.drawPath(page)
    p.drawLine(QPointF(40, 4), QPointF(40, 18))
    p.drawLine(QPointF(40, 18), QPointF(54, 18))
    p.setPen(_pen(4))
    for y in (28, 37, 46):
        p.drawLine(QPointF(20, y), QPointF(46, y))
    p.drawLine(QPointF(20, 53), QPointF(34, 53))


def _accounts(p: QPainter) -> None:
    """A padlock: who may sign in, and the record of what they did."""
    p.setPen(_pen(5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QPainterPath()
    shackle.moveTo(20, 30)
    shackle.lineTo(20, 20)
    shackle.cubicTo(20, 4, 44, 4, 44, 20)
    shackle.lineTo(44, 30)
    p.drawPath(shackle)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(INK)
    p.drawRoundedRect(QRectF(10, 28, 44, 32), 5, 5)
    p.setBrush(PAPER)
    p.drawEllipse(QPointF(32, 41), 4.5, 4.5)
    p.drawRect(QRectF(30, 43, 4, 9))


def _application(p: QPainter) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(INK)
    p.drawRoundedRect(QRectF(1, 1, 62, 62), 12, 12)
    p.setPen(_pen(3.5, PAPER))
    p.drawLine(QPointF(32, 22), QPointF(32, 30))
    p.drawLine(QPointF(16, 30), QPointF(48, 30))
    p.drawLine(QPointF(16, 30), QPointF(16, 38))
    p.drawLine(QPointF(48, 30), QPointF(48, 38))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(PAPER)
    p.drawRoundedRect(QRectF(22, 9, 20, 14), 3, 3)
    p.drawRoundedRect(QRectF(6, 38, 20, 14), 3, 3)
    p.drawRoundedRect(QRectF(38, 38, 20, 14), 3, 3)


def _attendance(p: QPainter) -> None:
    # A register: three lines, two ticked and one crossed.
    p.setPen(_pen(4.5))
    p.drawLine(QPointF(8, 14), QPointF(14, 20))
    p.drawLine(QPointF(14, 20), QPointF(22, 8))
    p.drawLine(QPointF(8, 34), QPointF(14, 40))
    p.drawLine(QPointF(14, 40), QPointF(22, 28))
    p.drawLine(QPointF(9, 49), QPointF(19, 59))
    p.drawLine(QPointF(19, 49), QPointF(9, 59))
    p.setPen(_pen(5))
    for y in (15, 35, 54):
        p.drawLine(QPointF(30, y), QPointF(58, y))


def _reviews(p: QPainter) -> None:
    """A magnifying glass: looking back at a case to learn from it."""
    p.setPen(_pen(5.5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(26, 26), 17, 17)
    p.setPen(_pen(8))
    p.drawLine(QPointF(39, 39), QPointF(57, 57))


_DRAWINGS: dict[str, Drawing] = {
    "dashboard": _dashboard,
    "meetings": _meetings,
    "attendance": _attendance,
    "groups": _groups,
    "people": _people,
    "challenges": _challenge,
    "reviews": _reviews,
    "funding": _funding,
    "reports": _reports,
    "accounts": _accounts,
    "application": _application,
}


@cache
def icon(name: str) -> QIcon:
    """The named icon (a QGuiApplication must exist): one of dashboard, meetings, groups, people,
    challenges, funding, reports, application."""
    return _render(_DRAWINGS[name])
