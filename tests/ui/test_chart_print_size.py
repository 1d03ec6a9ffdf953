"""The attendance charts are drawn for the width Word places them at, their smallest text at 9 pt on paper."""

from __future__ import annotations

import datetime as dt
import struct

from board_admin.domain.attendance import Period
from board_admin.exporters.word import AGENCY_CHART_MM, GROUP_CHART_MM
from board_admin.reports.attendance import attendance_report
from board_admin.ui.attendance_charts import PRINT_DPI, SMALLEST_POINTS, charts_for, printed

TODAY = dt.date(2025, 6, 15)


def png_size_and_dpi(png: bytes) -> tuple[int, int, float]:
    width, height = struct.unpack(">II", png[16:24])
    at = png.index(b"pHYs")
    per_metre = struct.unpack(">I", png[at + 4 : at + 8])[0]
    return width, height, per_metre * 0.0254


def test_charts_for_paper_are_drawn_at_the_width_they_are_placed_with_9_point_text(qapp, sqlite_database, with_demo):
    with_demo(sqlite_database, TODAY)
    report = attendance_report(sqlite_database, Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31)))
    charts = charts_for(report)
    assert charts.agencies and charts.groups
    for png, placed_mm in [(charts.agencies, AGENCY_CHART_MM), *((p, GROUP_CHART_MM) for p in charts.groups.values())]:
        width, _height, dpi = png_size_and_dpi(png)
        assert round(dpi) == PRINT_DPI
        # Placed at placed_mm, the picture prints at its own resolution: no shrinking of its text.
        assert abs(width / dpi * 25.4 - placed_mm) < 0.5
    _width, scale = printed(AGENCY_CHART_MM)
    smallest_pixels = round(16 * scale * 0.75)
    assert smallest_pixels / PRINT_DPI * 72 >= SMALLEST_POINTS - 0.1


def test_a_group_chart_title_never_cut_short_drops_the_group_name_when_it_does_not_fit(qapp):
    from PySide6.QtGui import QFont, QFontMetrics

    from board_admin.ui.attendance_charts import turnout_title

    metrics = QFontMetrics(QFont("DejaVu Sans", 12))
    long_name = "Adults' Consultation and Development Forum"
    whole = turnout_title(metrics, long_name, 2000)
    assert whole == f"{long_name}: members or deputies at each meeting"
    narrow = metrics.horizontalAdvance(whole) - 1
    assert turnout_title(metrics, long_name, narrow) == "Members or deputies at each meeting"
    assert metrics.horizontalAdvance("Members or deputies at each meeting") <= narrow


def test_the_agency_charts_note_is_whole_on_a_narrow_chart(qapp, sqlite_database, with_demo):
    """Beside another panel on a laptop the dashboard draws the chart about 380 pixels wide: the note under the
    axis ran past the bars' end and was cut ("...the 75% and 50%")."""
    from PySide6.QtGui import QFontMetrics, QImage

    from board_admin.ui.attendance_charts import _font, agency_rates_chart

    with_demo(sqlite_database, TODAY)
    report = attendance_report(sqlite_database, Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31)))
    scale = 0.8
    note = f"Dashed lines: the {report.thresholds.green_from}% and {report.thresholds.amber_from}% thresholds"
    needed = QFontMetrics(_font(16 * scale * 0.75)).horizontalAdvance(note)
    for width in (380, 1400):
        image = QImage.fromData(agency_rates_chart(report.agencies, report.thresholds, width=width, scale=scale))
        # The note is the last line of the picture: the ink of its band, left to right.
        band = range(image.height() - round(16 * scale * 1.3), image.height())
        inked = [x for x in range(image.width()) if any(image.pixelColor(x, y).lightness() < 128 for y in band)]
        assert inked and inked[-1] - inked[0] >= needed * 0.95, width
        assert inked[-1] < width - 1, width


def test_a_groups_chart_is_printed_on_the_page_of_its_heading(qapp, sqlite_database, with_demo, tmp_path):
    """Printed with LibreOffice, "Attendance over time" and the group's name stood alone at the foot of page 1
    and the chart on page 2 (the name kept with a picture of a paragraph of its own was not honoured)."""
    import shutil
    import subprocess

    import pytest

    from board_admin.exporters.attendance import export_attendance
    from board_admin.reports.attendance import find_groups
    from tests.unit.exporters.test_documents_on_paper import LIBREOFFICE, PDFTOTEXT, libreoffice, pages

    pdfimages = shutil.which("pdfimages")
    if LIBREOFFICE is None or PDFTOTEXT is None or pdfimages is None:
        pytest.skip("LibreOffice, pdftotext and pdfimages print and read the document; CI installs them")
    with_demo(sqlite_database, dt.date(2026, 12, 7))
    # One group whose tables fill page 1 up to the chart's heading (the walk-through's case, on its day).
    period = Period(dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    [group] = find_groups(sqlite_database, ["LeDeR Steering Group"])
    out = tmp_path / "leder.docx"
    export_attendance(sqlite_database, out, start=period.start, end=period.end, group_ids=[group], charts=charts_for)
    libreoffice([out], "pdf", tmp_path, tmp_path / "profile")
    printed = pages(tmp_path / "leder.pdf")
    heading_page = next(number for number, text in enumerate(printed, start=1) if "Attendance over time" in text)
    listed = subprocess.run([pdfimages, "-list", str(tmp_path / "leder.pdf")], capture_output=True, text=True)
    image_pages = [int(line.split()[0]) for line in listed.stdout.splitlines()[2:] if line.split()[2] == "image"]
    assert len(image_pages) == 2  # the agencies' chart, then the group's
    assert image_pages[1] == heading_page


def test_every_groups_report_prints_the_agencies_table_on_page_1(qapp, sqlite_database, with_demo, tmp_path):
    """Printed with LibreOffice, the report of every group (38 agencies) had only its title, period and the
    "By agency" note on page 1: the agencies' chart, too tall to fit under them, went to page 2."""
    import re
    import shutil
    import subprocess

    import pytest

    from board_admin.exporters.attendance import export_attendance
    from tests.unit.exporters.test_documents_on_paper import LIBREOFFICE, PDFTOTEXT, libreoffice, pages

    if LIBREOFFICE is None or PDFTOTEXT is None or shutil.which("pdfimages") is None:
        pytest.skip("LibreOffice, pdftotext and pdfimages print and read the document; CI installs them")
    with_demo(sqlite_database, dt.date(2026, 12, 7))
    out = tmp_path / "every-group.docx"
    report = export_attendance(
        sqlite_database, out, start=dt.date(2026, 4, 1), end=dt.date(2027, 3, 31), charts=charts_for
    )
    assert len(report.agencies) > 30
    libreoffice([out], "pdf", tmp_path, tmp_path / "profile")
    printed = pages(tmp_path / "every-group.pdf")
    assert "By agency" in printed[0] and "Represented" in printed[0]  # the table starts under its heading
    assert report.agencies[0].agency_name.split(",")[0] in printed[0]
    listed = subprocess.run(["pdfimages", "-list", str(tmp_path / "every-group.pdf")], capture_output=True, text=True)
    image_pages = [int(line.split()[0]) for line in listed.stdout.splitlines()[2:] if line.split()[2] == "image"]
    by_group = next(  # the heading, a line of its own (the subtitle names it too)
        number for number, text in enumerate(printed, start=1) if re.search(r"^\s*By group\s*$", text, re.MULTILINE)
    )
    assert 1 < image_pages[0] <= by_group  # the agencies' chart after their table, before "By group"
