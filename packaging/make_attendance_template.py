"""Writes resources/templates/attendance.docx, the Word template of the chair's attendance report.

Run from the project folder: `python packaging/make_attendance_template.py`. It is the minutes template
(same fonts, header and page-numbered footer) with the report's own title; the business unit may restyle a
copy in <data folder>/templates in Word. The exporter writes into the body with the styles Title, Subtitle,
Heading 1, Heading 2, Normal, List Bullet and Table Grid, and adds a landscape section for the matrices.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_minutes_templates import FOLDER, make_template  # noqa: E402

if __name__ == "__main__":
    print(f"Wrote {make_template(FOLDER / 'attendance.docx', 'Attendance')}")
