"""A bar chart drawn with QPainter (PySide6-Essentials has no QtCharts), for any screen to reuse.

Horizontal bars, one row per category (long agency and budget line names stay readable), one bar per
series in the row. Every bar carries its value in text, the legend names each colour, and a row can be
flagged with a word ("overspent"): colour is never the only signal. The chart also describes itself
in plain text (`summary()`), which is its accessible description.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from board_admin.ui.colours import WARNING_COLOUR

GRID = QColor("#d9dee4")
FLAG = WARNING_COLOUR


@dataclass(frozen=True)
class Series:
    name: str
    colour: QColor
    values: Sequence[int]


@dataclass
class ChartData:
    title: str
    categories: Sequence[str] = ()
    series: Sequence[Series] = ()
    # A word shown after a category's bars (e.g. "overspent"), or None.
    flags: Sequence[str | None] = field(default_factory=list)


class BarChart(QWidget):
    """Grouped horizontal bars; `value_text` turns a value into the text written at the end of its bar."""

    def __init__(self, value_text: Callable[[int], str] = str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value_text = value_text
        self.data = ChartData("")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable, so a screen reader reads the description

    def set_data(self, data: ChartData) -> None:
        self.data = data
        self.setAccessibleName(data.title)
        self.setAccessibleDescription(self.summary())
        self.setToolTip(self.summary())
        self.updateGeometry()
        self.update()

    def summary(self) -> str:
        if not self.data.categories:
            return f"{self.data.title}: nothing to show."
        parts = []
        for index, category in enumerate(self.data.categories):
            values = ", ".join(f"{series.name} {self.value_text(series.values[index])}" for series in self.data.series)
            flag = self._flag(index)
            parts.append(f"{category}: {values}" + (f" ({flag})" if flag else ""))
        return f"{self.data.title}. " + "; ".join(parts) + "."

    def _flag(self, index: int) -> str | None:
        return self.data.flags[index] if index < len(self.data.flags) else None

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() * (len(self.data.series) + 1)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = QFontMetrics(self.font())
        rows = max(len(self.data.categories), 1)
        return QSize(metrics.averageCharWidth() * 70, metrics.height() * 4 + rows * self._row_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = QFontMetrics(self.font())
        return QSize(metrics.averageCharWidth() * 40, metrics.height() * 6)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        margin = line // 2
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(ink)
        painter.drawText(
            QRectF(margin, margin, self.width() - 2 * margin, line), Qt.AlignmentFlag.AlignLeft, self.data.title
        )
        painter.setFont(self.font())
        top = margin + line * 1.4
        # The legend: a swatch and the series' name, so that colour is explained in words.
        x = float(margin)
        for series in self.data.series:
            painter.fillRect(QRectF(x, top + line * 0.2, line * 0.8, line * 0.6), series.colour)
            x += line
            painter.drawText(QRectF(x, top, metrics.horizontalAdvance(series.name) + 4, line), series.name)
            x += metrics.horizontalAdvance(series.name) + line
        top += line * 1.6
        if not self.data.categories:
            painter.drawText(QRectF(margin, top, self.width() - 2 * margin, line), "Nothing recorded yet.")
            return
        label_width = min(
            max(metrics.horizontalAdvance(category) for category in self.data.categories) + margin * 3,
            self.width() * 0.4,
        )
        widest_value = max(
            (metrics.horizontalAdvance(self.value_text(value)) for s in self.data.series for value in s.values),
            default=0,
        )
        flag_width = max((metrics.horizontalAdvance(f) for f in self.data.flags if f), default=0)
        left = margin + label_width
        room = max(self.width() - left - margin - widest_value - flag_width - line, line)
        largest = max((max(s.values, default=0) for s in self.data.series), default=0) or 1
        series_count = max(len(self.data.series), 1)
        # Rows keep a natural height (the space below stays empty) unless the chart is too short for them.
        natural = line * 1.1 * series_count + line * 0.8
        row_height = min(natural, (self.height() - top - margin) / len(self.data.categories))
        bar = min(line * 1.1, (row_height - line * 0.4) / series_count)
        for index, category in enumerate(self.data.categories):
            row_top = top + index * row_height
            painter.setPen(GRID)
            painter.drawLine(int(left), int(row_top), int(left), int(row_top + row_height))
            painter.setPen(ink)
            label = metrics.elidedText(category, Qt.TextElideMode.ElideRight, int(label_width - margin * 2))
            block = bar * len(self.data.series)
            painter.drawText(
                QRectF(margin, row_top, label_width - margin * 2, block + line * 0.2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            end = left
            for position, series in enumerate(self.data.series):
                value = series.values[index]
                length = room * max(value, 0) / largest
                y = row_top + position * bar
                painter.fillRect(QRectF(left, y + 1, length, bar - 2), series.colour)
                text = self.value_text(value)
                painter.drawText(
                    QRectF(left + length + 4, y, widest_value + 8, bar),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
                end = max(end, left + length + 8 + metrics.horizontalAdvance(text))
            flag = self._flag(index)
            if flag:
                bold = self.font()
                bold.setBold(True)
                painter.setFont(bold)
                painter.setPen(FLAG)
                painter.drawText(
                    QRectF(end + line * 0.5, row_top, flag_width + line, block),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    flag,
                )
                painter.setFont(self.font())
                painter.setPen(ink)
