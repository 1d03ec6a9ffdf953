"""The governance structure as a picture, like the diagrams in the partnership's own documents.

Boards at the top; under each, the groups reporting to it side by side as columns, and under each of those
its own subgroups stacked and indented. Dotted-line forums are drawn with a dashed border and a dashed
connector (linked to a board without reporting to it), task and finish groups with rounded corners and
their end date. Every box also says its kind and remit in words, so colour is never the only signal, and a
key at the foot explains the marks.

One layout and one painting function serve the PNG (annual report pack, "Save picture as PNG...") and the
widget on the Boards and groups page, so what is sent is what was seen. The layout is computed for a width;
the height follows from the content (columns wrap into further rows when there are many groups).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from board_admin.domain.dates import format_date
from board_admin.domain.enums import GroupKind, Remit
from board_admin.reports.structure import PlacedGroup
from board_admin.ui.attendance_charts import FONT_FAMILY, INK, _png, ensure_application

# Border, light fill (subgroups) and strong fill (boards) by remit.
REMIT_COLOURS: dict[Remit, tuple[QColor, QColor, QColor]] = {
    Remit.JOINT: (QColor("#2f5d8a"), QColor("#e8eff7"), QColor("#2f5d8a")),
    Remit.CHILDREN: (QColor("#2e7d4f"), QColor("#e6f3ea"), QColor("#2e7d4f")),
    Remit.ADULTS: (QColor("#7b4397"), QColor("#f2e9f6"), QColor("#6a3785")),
}
CONNECTOR = QColor("#52606d")
MUTED = QColor("#52606d")
EMPTY_TEXT = "There are no groups in the structure to draw."
MINIMUM_WIDTH = 640


def _font(pixels: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPixelSize(max(8, round(pixels)))
    font.setBold(bold)
    font.setItalic(italic)
    return font


def _wrap(metrics: QFontMetricsF, text: str, width: float, max_lines: int) -> list[str]:
    """Word-wraps `text` into at most `max_lines` lines of `width`; the last line is elided if need be."""
    lines: list[str] = []
    current = ""
    # Only ordinary spaces break a line: "until 31/03/2027" is joined by a no-break space and stays together.
    words = [word for word in text.split(" ") if word]
    for position, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[position:])
            break
    if current:
        lines.append(current)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines[:max_lines]] or [""]


def _kind_parts(placed: PlacedGroup) -> list[str]:
    group = placed.group
    parts = [group.kind.label, group.remit.label]
    if group.end_date is not None:
        parts.append(f"until\u00a0{format_date(group.end_date)}")
    return parts


def describe_kind(placed: PlacedGroup) -> str:
    """The small line under a group's name: its kind and remit in words, and its end date when it has one."""
    return " · ".join(_kind_parts(placed))


def _wrap_parts(metrics: QFontMetricsF, parts: list[str], width: float, max_lines: int) -> list[str]:
    """Joins `parts` with a middle dot, breaking lines only between parts (a part too long is elided)."""
    lines: list[str] = []
    for part in parts:
        candidate = f"{lines[-1]} · {part}" if lines else part
        if lines and metrics.horizontalAdvance(candidate) <= width:
            lines[-1] = candidate
        elif len(lines) < max_lines:
            lines.append(part)
        else:
            lines[-1] = candidate
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines] or [""]


@dataclass
class _Box:
    placed: PlacedGroup
    rect: QRectF
    name_lines: list[str]
    detail_lines: list[str]

    @property
    def board(self) -> bool:
        return self.placed.group.kind is GroupKind.BOARD

    @property
    def dotted(self) -> bool:
        return self.placed.group.dotted_line


@dataclass
class _Link:
    points: list[QPointF]
    dotted: bool


@dataclass
class _Layout:
    width: float
    height: float
    scale: float
    title: str | None
    boxes: list[_Box] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)
    key_top: float = 0.0
    empty: bool = False


@dataclass
class _Node:
    placed: PlacedGroup
    children: list[_Node] = field(default_factory=list)


class _Metrics:
    """Every length of the picture, in pixels for a scale (1.0 at 1600 pixels wide)."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.margin = 24 * scale
        self.gap_x = 28 * scale
        self.gap_y = 12 * scale
        self.gap_under_root = 40 * scale
        self.gap_between_bands = 36 * scale
        self.indent = 22 * scale
        self.pad = 7 * scale
        self.min_column = 200 * scale
        self.max_column = 300 * scale
        self.name_font = _font(13.5 * scale, bold=True)
        self.detail_font = _font(11.5 * scale)
        self.title_font = _font(20 * scale, bold=True)
        self.key_font = _font(12 * scale)
        self.key_heading_font = _font(12 * scale, bold=True)
        self.name_metrics = QFontMetricsF(self.name_font)
        self.detail_metrics = QFontMetricsF(self.detail_font)
        self.key_metrics = QFontMetricsF(self.key_font)


def _scale_for(width: int) -> float:
    return min(2.0, max(0.75, width / 1600))


def _tree(groups: Sequence[PlacedGroup]) -> list[_Node]:
    """The groups as a tree again; among siblings the dotted-line forums go last, at the edge of the picture."""
    nodes = {placed.group.id: _Node(placed) for placed in groups}
    children: dict[int | None, list[_Node]] = defaultdict(list)
    for placed in groups:
        parent = placed.parent_id if placed.parent_id in nodes else None
        children[parent].append(nodes[placed.group.id])
    for node in nodes.values():
        node.children = sorted(children.get(node.placed.group.id, []), key=lambda child: child.placed.group.dotted_line)
    return sorted(children.get(None, []), key=lambda node: node.placed.group.dotted_line)


def _make_box(m: _Metrics, placed: PlacedGroup, x: float, y: float, width: float) -> _Box:
    inner = width - 2 * m.pad
    name_lines = _wrap(m.name_metrics, placed.group.name, inner, 3)
    detail_lines = _wrap_parts(m.detail_metrics, _kind_parts(placed), inner, 2)
    height = (
        2 * m.pad
        + len(name_lines) * m.name_metrics.lineSpacing()
        + 2 * m.scale
        + len(detail_lines) * m.detail_metrics.lineSpacing()
    )
    return _Box(placed, QRectF(x, y, width, height), name_lines, detail_lines)


def _column(m: _Metrics, header: _Node, x: float, y: float, width: float, layout: _Layout) -> float:
    """Lays out a column (a group and everything under it); returns the y of its foot."""
    top = _make_box(m, header.placed, x, y, width)
    layout.boxes.append(top)
    return _place_children(m, top, header, 1, x, width, top.rect.bottom(), layout)


def _place_children(
    m: _Metrics, parent: _Box, node: _Node, level: int, x: float, width: float, bottom: float, layout: _Layout
) -> float:
    # A plain recursive function rather than a closure: a self-referencing closure is a reference cycle that
    # would keep the fonts alive until the garbage collector runs, possibly after the application has gone.
    for child in node.children:
        # Deep chains stop indenting after a few levels so the boxes keep room for their names.
        shift = m.indent * min(level, 4)
        box = _make_box(m, child.placed, x + shift, bottom + m.gap_y, width - shift)
        layout.boxes.append(box)
        elbow_x = parent.rect.left() + m.indent / 2
        middle = box.rect.center().y()
        layout.links.append(
            _Link(
                [QPointF(elbow_x, parent.rect.bottom()), QPointF(elbow_x, middle), QPointF(box.rect.left(), middle)],
                box.dotted,
            )
        )
        bottom = _place_children(m, box, child, level + 1, x, width, box.rect.bottom(), layout)
    return bottom


def _layout(groups: Sequence[PlacedGroup], width: int, title: str | None = None) -> _Layout:
    scale = _scale_for(width)
    m = _Metrics(scale)
    layout = _Layout(width=width, height=0, scale=scale, title=title)
    y = m.margin
    if title:
        y += m.title_font.pixelSize() * 1.6
    roots = _tree(groups)
    if not roots:
        layout.empty = True
        layout.key_top = y + 60 * scale
        layout.height = layout.key_top + _key_height(m, width)
        return layout

    available = width - 2 * m.margin
    fits = max(1, int((available + m.gap_x) // (m.min_column + m.gap_x)))
    total_slots = sum(max(1, len(root.children)) for root in roots)
    per_band = min(fits, total_slots)
    column = min(m.max_column, (available - (per_band - 1) * m.gap_x) / per_band)

    # Bands of columns: roots side by side while they fit; a root with more columns than fit takes several.
    bands: list[list[tuple[_Node, list[_Node], bool]]] = []
    current: list[tuple[_Node, list[_Node], bool]] = []
    used = 0
    for root in roots:
        slots = max(1, len(root.children))
        if slots <= per_band:
            if current and used + slots > per_band:
                bands.append(current)
                current, used = [], 0
            current.append((root, root.children, True))
            used += slots
            continue
        if current:
            bands.append(current)
            current, used = [], 0
        for start in range(0, slots, per_band):
            bands.append([(root, root.children[start : start + per_band], start == 0)])
    if current:
        bands.append(current)

    def span(count: int) -> float:
        return count * column + (count - 1) * m.gap_x

    previous_bus: dict[int, tuple[float, float]] = {}  # root id -> (bus y, x of the trunk) for continued rows
    for band in bands:
        band_width = sum(span(max(1, len(columns))) for _root, columns, _first in band) + (len(band) - 1) * m.gap_x
        x = m.margin + (available - band_width) / 2
        has_roots = any(first for _root, _columns, first in band)
        root_row_height = 0.0
        root_boxes: dict[int, _Box] = {}
        entry_x: list[float] = []
        for root, columns, first in band:
            entry_x.append(x)
            width_here = span(max(1, len(columns)))
            if first:
                box_width = min(width_here, column * 1.3)
                box = _make_box(m, root.placed, x + (width_here - box_width) / 2, y, box_width)
                root_boxes[root.placed.group.id] = box
                layout.boxes.append(box)
                root_row_height = max(root_row_height, box.rect.height())
            x += width_here + m.gap_x
        columns_top = y + (root_row_height if has_roots else 0) + m.gap_under_root
        bus_y = columns_top - m.gap_under_root / 2
        band_bottom = y + root_row_height
        for (root, columns, first), left in zip(band, entry_x, strict=True):
            centres = []
            for position, header in enumerate(columns):
                column_x = left + position * (column + m.gap_x)
                foot = _column(m, header, column_x, columns_top, column, layout)
                band_bottom = max(band_bottom, foot)
                centre = column_x + column / 2
                centres.append(centre)
                layout.links.append(
                    _Link([QPointF(centre, bus_y), QPointF(centre, columns_top)], header.placed.group.dotted_line)
                )
            if not centres:
                continue
            root_id = root.placed.group.id
            if first:
                root_box = root_boxes[root_id]
                root_centre = root_box.rect.center().x()
                layout.links.append(
                    _Link([QPointF(root_centre, root_box.rect.bottom()), QPointF(root_centre, bus_y)], False)
                )
                bus_from, bus_to = min([root_centre, *centres]), max([root_centre, *centres])
            else:
                # A continued row hangs from a trunk in the left margin, down from the previous row's bus.
                above_y, trunk_x = previous_bus[root_id]
                layout.links.append(_Link([QPointF(trunk_x, above_y), QPointF(trunk_x, bus_y)], False))
                bus_from, bus_to = trunk_x, max(centres)
            layout.links.append(_Link([QPointF(bus_from, bus_y), QPointF(bus_to, bus_y)], False))
            trunk_x = left - m.gap_x / 2
            if root_id in previous_bus or len(root.children) > len(columns):
                layout.links.append(_Link([QPointF(trunk_x, bus_y), QPointF(min(centres), bus_y)], False))
            previous_bus[root_id] = (bus_y, trunk_x)
        y = band_bottom + m.gap_between_bands
    layout.key_top = y
    layout.height = y + _key_height(m, width)
    return layout


# --- the key --------------------------------------------------------------------------------------

_KEY_ENTRIES = (
    ("board", "Board"),
    ("group", "Subgroup, panel or forum"),
    ("task", "Task and finish group (time-limited)"),
    ("reports", "Reports to"),
    ("dotted", "Dotted line: linked, does not report"),
    (Remit.JOINT, "Joint remit"),
    (Remit.CHILDREN, "Children's remit"),
    (Remit.ADULTS, "Adults' remit"),
)


def _key_positions(m: _Metrics, width: float, top: float) -> tuple[list[tuple[object, str, QRectF]], float]:
    """Where each entry of the key goes (its sample's rectangle), wrapping into further lines; and the foot."""
    sample = QSize(round(34 * m.scale), round(16 * m.scale))
    line_height = max(sample.height(), m.key_metrics.height()) + 8 * m.scale
    x = m.margin + m.key_metrics.horizontalAdvance("Key") + 16 * m.scale
    y = top
    placed = []
    for mark, text in _KEY_ENTRIES:
        entry_width = sample.width() + 8 * m.scale + m.key_metrics.horizontalAdvance(text) + 22 * m.scale
        if x + entry_width > width - m.margin and placed:
            x = m.margin + m.key_metrics.horizontalAdvance("Key") + 16 * m.scale
            y += line_height
        placed.append((mark, text, QRectF(x, y, sample.width(), sample.height())))
        x += entry_width
    return placed, y + line_height


def _key_height(m: _Metrics, width: float) -> float:
    _positions, foot = _key_positions(m, width, 0)
    return foot + m.margin + 10 * m.scale


# --- painting -------------------------------------------------------------------------------------


def _paint_box(painter: QPainter, m: _Metrics, box: _Box) -> None:
    group = box.placed.group
    border, light, strong = REMIT_COLOURS.get(group.remit, REMIT_COLOURS[Remit.JOINT])
    pen = QPen(border, (2.4 if box.board else 1.4) * m.scale)
    if box.dotted:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(strong if box.board else light)
    radius = 10 * m.scale if group.kind is GroupKind.TASK_AND_FINISH else 2 * m.scale
    painter.drawRoundedRect(box.rect, radius, radius)
    text_colour = QColor("white") if box.board else INK
    x = box.rect.left() + m.pad
    y = box.rect.top() + m.pad
    painter.setPen(text_colour)
    painter.setFont(m.name_font)
    for line in box.name_lines:
        painter.drawText(QPointF(x, y + m.name_metrics.ascent()), line)
        y += m.name_metrics.lineSpacing()
    y += 2 * m.scale
    painter.setFont(m.detail_font)
    painter.setPen(QColor("#f4f6f8") if box.board else MUTED)
    for line in box.detail_lines:
        painter.drawText(QPointF(x, y + m.detail_metrics.ascent()), line)
        y += m.detail_metrics.lineSpacing()


def _connector_pen(m: _Metrics, dotted: bool) -> QPen:
    pen = QPen(CONNECTOR, 1.6 * m.scale)
    if dotted:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def _paint_key(painter: QPainter, m: _Metrics, layout: _Layout) -> None:
    top = layout.key_top
    painter.setPen(QPen(QColor("#d9dee4"), 1))
    painter.drawLine(QPointF(m.margin, top - 12 * m.scale), QPointF(layout.width - m.margin, top - 12 * m.scale))
    positions, _foot = _key_positions(m, layout.width, top)
    painter.setFont(m.key_heading_font)
    painter.setPen(INK)
    painter.drawText(QPointF(m.margin, top + m.key_metrics.ascent()), "Key")
    joint_border, joint_light, joint_strong = REMIT_COLOURS[Remit.JOINT]
    for mark, text, rect in positions:
        middle = rect.center().y()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if mark == "board":
            painter.setPen(QPen(joint_border, 2 * m.scale))
            painter.setBrush(joint_strong)
            painter.drawRect(rect)
        elif mark == "group":
            painter.setPen(QPen(joint_border, 1.4 * m.scale))
            painter.setBrush(joint_light)
            painter.drawRect(rect)
        elif mark == "task":
            painter.setPen(QPen(joint_border, 1.4 * m.scale))
            painter.setBrush(joint_light)
            painter.drawRoundedRect(rect, 6 * m.scale, 6 * m.scale)
        elif mark in ("reports", "dotted"):
            painter.setPen(_connector_pen(m, mark == "dotted"))
            painter.drawLine(QPointF(rect.left(), middle), QPointF(rect.right(), middle))
        else:
            border, light, _strong = REMIT_COLOURS[mark]
            painter.setPen(QPen(border, 1.4 * m.scale))
            painter.setBrush(light)
            painter.drawRect(rect)
        painter.setPen(INK)
        painter.setFont(m.key_font)
        baseline = middle + (m.key_metrics.ascent() - m.key_metrics.descent()) / 2
        painter.drawText(QPointF(rect.right() + 8 * m.scale, baseline), text)


def _paint(painter: QPainter, layout: _Layout) -> None:
    m = _Metrics(layout.scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(QRectF(0, 0, layout.width, layout.height), QColor("white"))
    if layout.title:
        painter.setFont(m.title_font)
        painter.setPen(INK)
        painter.drawText(QPointF(m.margin, m.margin + m.title_font.pixelSize()), layout.title)
    if layout.empty:
        painter.setFont(m.name_font)
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(0, layout.key_top - 60 * m.scale, layout.width, 40 * m.scale),
            Qt.AlignmentFlag.AlignCenter,
            EMPTY_TEXT,
        )
    painter.setBrush(Qt.BrushStyle.NoBrush)
    # Solid connectors first, so where a dashed one shares a run with a solid one the solid line shows.
    for link in sorted(layout.links, key=lambda link: link.dotted):
        painter.setPen(_connector_pen(m, link.dotted))
        for start, end in itertools.pairwise(link.points):
            painter.drawLine(start, end)
    for box in layout.boxes:
        _paint_box(painter, m, box)
    _paint_key(painter, m, layout)


def render_structure_png(groups: list[PlacedGroup], *, width: int = 1600, title: str | None = None) -> bytes:
    """The structure `groups` (in the order of `structure_order`/`structure_on`) drawn `width` pixels wide,
    as PNG bytes; the height follows from the content. Works without a window (makes an offscreen
    application when there is none)."""
    ensure_application()
    width = max(MINIMUM_WIDTH, int(width))
    layout = _layout(groups, width, title)
    image = QImage(width, max(1, round(layout.height)), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        _paint(painter, layout)
    finally:
        painter.end()
    return _png(image)


class StructureDiagram(QWidget):
    """The structure picture on screen, laid out for the widget's width (put it in a QScrollArea with
    widgetResizable: the widget asks for the height its content needs)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups: list[PlacedGroup] = []
        self._title: str | None = None
        self._layout_cache: _Layout | None = None
        self.setAccessibleName("Picture of the governance structure")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(MINIMUM_WIDTH)
        self.setAutoFillBackground(False)

    def set_groups(
        self, groups: Sequence[PlacedGroup], title: str | None = None, on_date: dt.date | None = None
    ) -> None:
        self._groups = list(groups)
        self._title = title
        names = ", ".join(placed.group.name for placed in self._groups) or "no groups"
        when = f" on {format_date(on_date)}" if on_date else ""
        self.setAccessibleDescription(f"The governance structure{when}: {names}.")
        self._relayout()

    def groups(self) -> list[PlacedGroup]:
        return list(self._groups)

    def _relayout(self) -> None:
        self._layout_cache = _layout(self._groups, max(MINIMUM_WIDTH, self.width()), self._title)
        height = round(self._layout_cache.height)
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._layout_cache is None or round(self._layout_cache.width) != max(MINIMUM_WIDTH, self.width()):
            self._relayout()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        height = round(self._layout_cache.height) if self._layout_cache else 400
        return QSize(1200, height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self._layout_cache is None:
            self._relayout()
        painter = QPainter(self)
        try:
            _paint(painter, self._layout_cache)
        finally:
            painter.end()
