"""The structure picture: a real PNG of the asked width for an empty, a small, the sample and a large structure."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QScrollArea

from board_admin.domain.enums import GroupKind, Remit
from board_admin.reports.lists import GroupRow
from board_admin.reports.structure import structure_on, structure_order
from board_admin.ui.diagram import StructureDiagram, _layout, describe_kind, render_structure_png
from tests.ui.conftest import TODAY

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def group(
    group_id: int, name: str, kind: GroupKind, parent_id: int | None = None, end: dt.date | None = None
) -> GroupRow:
    return GroupRow(group_id, name, None, kind, Remit.JOINT, parent_id, None, None, None, end, (), 0)


def image_of(data: bytes) -> QImage:
    assert data.startswith(PNG_SIGNATURE)
    image = QImage.fromData(data, "PNG")
    assert not image.isNull()
    return image


def coloured_share(image: QImage) -> float:
    """The share of sampled pixels that are not white: a blank picture has none."""
    step = 7
    samples = marked = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            samples += 1
            if image.pixelColor(x, y) != QColor("white"):
                marked += 1
    return marked / samples


def test_the_sample_structure_is_a_png_of_the_width_asked_with_every_group_drawn(qapp, sqlite_database, world):
    placed = structure_on(sqlite_database, TODAY)
    image = image_of(render_structure_png(placed, width=1600))
    assert image.width() == 1600
    assert image.height() > 200
    assert coloured_share(image) > 0.02
    layout = _layout(placed, 1600)
    assert {box.placed.group.id for box in layout.boxes} == {entry.group.id for entry in placed}
    # Boxes never overlap and all lie inside the picture.
    for position, box in enumerate(layout.boxes):
        assert 0 <= box.rect.left() and box.rect.right() <= 1600 and box.rect.bottom() <= layout.height
        for other in layout.boxes[position + 1 :]:
            assert not box.rect.intersects(other.rect), (box.placed.group.name, other.placed.group.name)


def test_a_dotted_line_forum_hangs_from_a_dashed_connector(qapp, sqlite_database, world):
    placed = structure_on(sqlite_database, TODAY)
    layout = _layout(placed, 1600)
    forum = next(box for box in layout.boxes if box.placed.group.kind is GroupKind.DOTTED_LINE_FORUM)
    reaching_forum = [link for link in layout.links if link.points[-1].x() == forum.rect.left()]
    reaching_forum = [link for link in reaching_forum if abs(link.points[-1].y() - forum.rect.center().y()) < 0.5]
    assert reaching_forum and all(link.dotted for link in reaching_forum)
    assert sum(link.dotted for link in layout.links) == 1


def test_an_empty_structure_still_makes_a_picture_saying_so(qapp):
    image = image_of(render_structure_png([], width=800))
    assert image.width() == 800
    assert image.height() > 50
    assert coloured_share(image) > 0.001


@pytest.mark.parametrize("width", [900, 1600, 2400])
def test_sixty_groups_wrap_into_rows_without_overlapping(qapp, width):
    rows = [group(1, "Executive Safeguarding Partnership Board", GroupKind.BOARD)]
    rows += [group(2 + n, f"Partnership board number {n}", GroupKind.BOARD, 1) for n in range(6)]
    kinds = [GroupKind.SUBGROUP, GroupKind.TASK_AND_FINISH, GroupKind.DOTTED_LINE_FORUM, GroupKind.PANEL]
    rows += [
        group(8 + n, f"Subgroup with a rather long name, number {n}", kinds[n % 4], 2 + n % 6, dt.date(2027, 3, 31))
        for n in range(53)
    ]
    placed = structure_order(rows)
    assert len(placed) == 60
    image = image_of(render_structure_png(placed, width=width))
    assert image.width() == width
    assert coloured_share(image) > 0.02
    layout = _layout(placed, width)
    assert len(layout.boxes) == 60
    for position, box in enumerate(layout.boxes):
        assert box.rect.right() <= width and box.rect.bottom() < image.height()
        for other in layout.boxes[position + 1 :]:
            assert not box.rect.intersects(other.rect)
    # Six partnership boards fit across 1600 pixels but not across 900: their columns wrap into a second row.
    tops = {round(box.rect.top()) for box in layout.boxes if box.placed.depth == 1}
    assert (len(tops) > 1) == (width == 900)


def test_sixty_top_level_groups_wrap_too(qapp):
    placed = structure_order([group(n, f"Forum {n}", GroupKind.FORUM) for n in range(60)])
    image = image_of(render_structure_png(placed, width=1600))
    assert image.height() > 600
    assert len({round(box.rect.top()) for box in _layout(placed, 1600).boxes}) >= 8


def test_a_task_and_finish_group_says_when_it_ends():
    placed = structure_order([group(1, "Neglect", GroupKind.TASK_AND_FINISH, end=dt.date(2026, 3, 31))])
    assert describe_kind(placed[0]) == "Task and finish group · Joint · until\u00a031/03/2026"


def test_the_widget_asks_for_the_height_of_its_picture(qtbot, sqlite_database, world):
    area = QScrollArea()
    area.setWidgetResizable(True)
    diagram = StructureDiagram()
    area.setWidget(diagram)
    qtbot.addWidget(area)
    area.resize(QSize(1200, 400))
    diagram.set_groups(structure_on(sqlite_database, TODAY), on_date=TODAY)
    area.show()
    qtbot.waitExposed(area)
    assert diagram.minimumHeight() == round(_layout(diagram.groups(), diagram.width()).height)
    assert "Children Partnership Board" in diagram.accessibleDescription()
    assert coloured_share(diagram.grab().toImage()) > 0.02
