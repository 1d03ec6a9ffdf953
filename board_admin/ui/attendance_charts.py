"""The attendance charts, drawn with QPainter on a QImage and handed out as PNG bytes.

The same picture goes on the Attendance page and into the Word report, so what the chair sees is what is
sent. A QImage needs no window, so the charts render offscreen (the command line makes a QGuiApplication
for the fonts). Every bar carries its percentage in text and every band a word in the legend: colour is
never the only signal.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication

from board_admin.domain.attendance import AttendanceThresholds, percent_text
from board_admin.domain.dates import format_date
from board_admin.domain.enums import Rag
from board_admin.exports import Drawing
from board_admin.reports.attendance import AgencyRow, GroupRow

BAND_COLOURS = {Rag.GREEN: QColor("#2e7d4f"), Rag.AMBER: QColor("#d08a00"), Rag.RED: QColor("#b3261e")}
NO_BAND = QColor("#9aa5b1")
INK = QColor("#1f2933")
GRID = QColor("#d9dee4")
LINE = QColor("#2f5d8a")
FONT_FAMILY = "Arial"
# Charts for paper are drawn at this resolution for the width they are placed at, their smallest text
# (the legend and the axis, 0.75 of the unit) at SMALLEST_POINTS on paper.
PRINT_DPI = 200
SMALLEST_POINTS = 9
MM_PER_POINT = 25.4 / 72
# The tallest the agencies' chart may print: an A4 page's text height less its heading.
AGENCY_CHART_MAX_HEIGHT_MM = 215


@dataclass(frozen=True)
class AttendanceCharts:
    """The PNG pictures for the Word report: agency rates, and each group's turnout over time (by group id)."""

    agencies: bytes | None
    groups: dict[int, bytes]


def _font(pixels: float, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPixelSize(max(8, round(pixels)))
    font.setBold(bold)
    return font


def printed(width_mm: float) -> tuple[int, float]:
    """The width in pixels and the scale at which a chart placed `width_mm` wide prints its smallest text at
    SMALLEST_POINTS (the screen draws the same charts at its own width and scale)."""
    pixels_per_mm = PRINT_DPI / 25.4
    smallest = SMALLEST_POINTS * MM_PER_POINT * pixels_per_mm
    return round(width_mm * pixels_per_mm), smallest / (16 * 0.75)


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _canvas(width: int, height: int) -> tuple[QImage, QPainter]:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    # Its resolution, so that a program placing it at its natural size prints it as wide as Word does.
    image.setDotsPerMeterX(round(PRINT_DPI / 0.0254))
    image.setDotsPerMeterY(round(PRINT_DPI / 0.0254))
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    return image, painter


def _elide(metrics: QFontMetrics, text: str, width: float) -> str:
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width))


def agency_rates_chart(
    rows: Sequence[AgencyRow],
    thresholds: AttendanceThresholds,
    width: int = 1400,
    scale: float = 1.0,
    max_height: int | None = None,
) -> bytes | None:
    """Horizontal bars, one per agency (lowest rate first: who is not turning up leads), with the band
    thresholds as dashed lines and each bar labelled with its rate and the meetings behind it. Given a
    `max_height` (a printed page), the bars are packed closer, down to the height of their labels."""
    rows = sorted((row for row in rows if row.rate is not None), key=lambda row: (row.rate, row.agency_name))
    if not rows:
        return None
    unit = 16 * scale
    top = round(unit * 3.6)
    bottom = round(unit * 2.6)
    pitch = unit * 2.0
    if max_height is not None:
        pitch = max(unit * 1.2, min(pitch, (max_height - top - bottom) / len(rows)))
    bar = round(pitch * 0.75)
    gap = round(pitch - bar)
    height = top + len(rows) * (bar + gap) + bottom
    image, p = _canvas(width, height)
    label_font, small_font, title_font = _font(unit * 0.85), _font(unit * 0.75), _font(unit * 1.05, bold=True)
    metrics = QFontMetrics(label_font)
    left = min(width * 0.42, max(metrics.horizontalAdvance(row.agency_name) for row in rows) + unit)
    right = width - unit * 6.5
    span = right - left

    def x_of(percent: float) -> float:
        return left + span * percent / 100

    p.setFont(title_font)
    p.setPen(INK)
    p.drawText(
        QRectF(unit * 0.5, unit * 0.3, width - unit, unit * 1.4),
        Qt.AlignmentFlag.AlignLeft,
        "Meetings attended by agency",
    )
    # Legend: the colour and the word for each band.
    p.setFont(small_font)
    legend_x = unit * 0.5
    legend_y = unit * 1.9
    bands = (
        (Rag.GREEN, f"Green: {thresholds.green_from}% or more"),
        (Rag.AMBER, f"Amber: {thresholds.amber_from}% to {max(thresholds.green_from - 1, 0)}%"),
        (Rag.RED, f"Red: under {thresholds.amber_from}%"),
    )
    for rag, text in bands:
        p.fillRect(QRectF(legend_x, legend_y, unit * 0.8, unit * 0.8), BAND_COLOURS[rag])
        p.drawText(QPointF(legend_x + unit * 1.1, legend_y + unit * 0.75), text)
        legend_x += unit * 1.6 + QFontMetrics(small_font).horizontalAdvance(text) + unit
    # Grid every 25%.
    axis_bottom = top + len(rows) * (bar + gap)
    p.setPen(QPen(GRID, 1))
    for percent in (0, 25, 50, 75, 100):
        p.drawLine(QPointF(x_of(percent), top - gap), QPointF(x_of(percent), axis_bottom))
    for position, row in enumerate(rows):
        y = top + position * (bar + gap)
        p.setFont(label_font)
        p.setPen(INK)
        name = _elide(metrics, row.agency_name, left - unit)
        p.drawText(
            QRectF(0, y, left - unit * 0.5, bar), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name
        )
        length = span * float(row.rate)
        p.fillRect(QRectF(left, y, max(length, 1.5), bar), BAND_COLOURS.get(row.band, NO_BAND))
    # The thresholds, dashed, on top of the bars, labelled at the foot.
    p.setFont(small_font)
    for percent, colour in (
        (thresholds.green_from, BAND_COLOURS[Rag.GREEN]),
        (thresholds.amber_from, BAND_COLOURS[Rag.RED]),
    ):
        pen = QPen(colour, max(1.5, scale * 2), Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(x_of(percent), top - gap), QPointF(x_of(percent), axis_bottom))
    # Each bar's figure last, on a white ground, so that a threshold line never runs through it.
    p.setFont(label_font)
    p.setPen(INK)
    for position, row in enumerate(rows):
        y = top + position * (bar + gap)
        text = f"{percent_text(row.rate)} ({row.represented} of {row.expected})"
        place = QRectF(left + span * float(row.rate) + unit * 0.3, y, metrics.horizontalAdvance(text) + unit * 0.3, bar)
        p.fillRect(place.adjusted(-unit * 0.15, gap * 0.3, 0, -gap * 0.3), Qt.GlobalColor.white)
        p.drawText(place, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    p.setFont(small_font)
    for percent in (0, 25, 50, 75, 100):
        p.drawText(
            QRectF(x_of(percent) - unit * 2, axis_bottom + unit * 0.2, unit * 4, unit),
            Qt.AlignmentFlag.AlignHCenter,
            f"{percent}%",
        )
    note = f"Dashed lines: the {thresholds.green_from}% and {thresholds.amber_from}% thresholds"
    # Under the axis where it fits; on a narrow chart (a panel beside another) moved left rather than cut.
    start = max(unit * 0.5, min(left, width - unit * 0.5 - QFontMetrics(small_font).horizontalAdvance(note)))
    p.drawText(QRectF(start, axis_bottom + unit * 1.3, width - start, unit), Qt.AlignmentFlag.AlignLeft, note)
    p.end()
    return _png(image)


def turnout_title(metrics: QFontMetrics, group_name: str, width: float) -> str:
    """The group's chart title; without the group's name where a long name would cut it short (the group is
    named above the chart wherever it is shown: the heading in Word, the chosen row on screen)."""
    title = f"{group_name}: members or deputies at each meeting"
    return title if metrics.horizontalAdvance(title) <= width else "Members or deputies at each meeting"


def group_turnout_chart(row: GroupRow, width: int = 1400, height: int = 420, scale: float = 1.0) -> bytes | None:
    """One bar per held meeting: the share of members in the room (present or a deputy), labelled."""
    points = [turnout for turnout in row.turnout if turnout.rate is not None]
    if not points:
        return None
    unit = 16 * scale
    image, p = _canvas(width, height)
    title_font, small_font = _font(unit * 1.05, bold=True), _font(unit * 0.75)
    p.setFont(title_font)
    p.setPen(INK)
    title = turnout_title(QFontMetrics(title_font), row.group_name, width - unit)
    p.drawText(
        QRectF(unit * 0.5, unit * 0.3, width - unit, unit * 1.4),
        Qt.AlignmentFlag.AlignLeft,
        _elide(QFontMetrics(title_font), title, width - unit),
    )
    left, right = unit * 3.2, width - unit
    top, bottom = unit * 2.6, height - unit * 2.4
    p.setFont(small_font)
    for percent in (0, 25, 50, 75, 100):
        y = bottom - (bottom - top) * percent / 100
        p.setPen(QPen(GRID, 1))
        p.drawLine(QPointF(left, y), QPointF(right, y))
        p.setPen(INK)
        p.drawText(
            QRectF(0, y - unit * 0.5, left - unit * 0.3, unit),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{percent}%",
        )
    slot = (right - left) / len(points)
    bar = min(slot * 0.7, unit * 4)
    label_every = max(1, int(unit * 5 // slot) + (1 if slot < unit * 5 else 0))
    for position, turnout in enumerate(points):
        rate: Fraction = turnout.rate
        x = left + slot * position + (slot - bar) / 2
        y = bottom - (bottom - top) * float(rate)
        p.fillRect(QRectF(x, y, bar, bottom - y), LINE)
        p.setPen(INK)
        if slot >= unit * 2.2:
            p.drawText(
                QRectF(x - unit, y - unit * 1.1, bar + unit * 2, unit),
                Qt.AlignmentFlag.AlignHCenter,
                percent_text(rate),
            )
        if position % label_every == 0:
            p.drawText(
                QRectF(x + bar / 2 - unit * 3, bottom + unit * 0.3, unit * 6, unit),
                Qt.AlignmentFlag.AlignHCenter,
                format_date(turnout.meeting_date),
            )
    p.end()
    return _png(image)


_application = None  # held for the life of the process: a collected application would take Qt down with it


def ensure_application() -> None:
    """Makes an offscreen application when there is none (the command line): the charts need its fonts.

    A full QApplication rather than a QGuiApplication, so that windows opened later in the same process
    (the test suite) still find the kind of application they need.
    """
    global _application
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _application = QApplication([])


def charts_for(report) -> AttendanceCharts:
    """The pictures for the Word report of `report` (an AttendanceReport), each drawn for the width Word places
    it at, so that no text prints under SMALLEST_POINTS."""
    # Here, not at the top: the window draws its charts without loading python-docx; a Word export has it loaded.
    from board_admin.exporters.word import AGENCY_CHART_MM, GROUP_CHART_MM

    groups = {}
    width, scale = printed(GROUP_CHART_MM)
    for row in report.groups:
        picture = group_turnout_chart(row, width=width, height=round(16 * scale * 22), scale=scale)
        if picture is not None:
            groups[row.group_id] = picture
    width, scale = printed(AGENCY_CHART_MM)
    tallest = round(AGENCY_CHART_MAX_HEIGHT_MM * PRINT_DPI / 25.4)
    chart = agency_rates_chart(report.agencies, report.thresholds, width=width, scale=scale, max_height=tallest)
    return AttendanceCharts(chart, groups)


def drawing_for(suffix: str) -> Drawing:
    """The pictures a Word export draws (the charts and the structure diagram); none for a spreadsheet.
    The one place the exports, on the Reports page and the command line alike, get their charts from."""
    if suffix.lower() != ".docx":
        return Drawing()
    from board_admin.ui.diagram import render_structure_png

    ensure_application()
    return Drawing(charts=charts_for, picture=render_structure_png)
