"""`board-admin --self-test`: proves an installation works, without showing a window.

It makes a temporary database, loads the demo into it, writes the documents the business unit sends out
most (minutes and the e-mail that carries them, the attendance workbook, the financial statement, an agenda pack),
opens each again, and prints one line per check. Run from source and from the frozen bundle alike: a missing template,
resource, migration or hidden import fails here rather than in front of a user.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from board_admin.db.engine import Database

Check = Callable[["SelfTest"], str]


class SelfTest:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.database: Database | None = None

    def run(self, checks: list[tuple[str, Check]], say: Callable[[str], None] = print) -> bool:
        passed = True
        for name, check in checks:
            try:
                detail = check(self)
            except Exception as error:  # noqa: BLE001 - every failure is reported as a line, then the next check
                passed = False
                say(f"FAIL {name}: {type(error).__name__}: {error}")
                for line in traceback.format_exc().strip().splitlines()[-3:]:
                    say(f"     {line}")
                continue
            say(f"ok   {name}" + (f": {detail}" if detail else ""))
        return passed

    def latest_held_meeting(self) -> int:
        """The demo's most recent meeting that took place: the minutes and the e-mail are written for it."""
        from sqlalchemy import select

        from board_admin.db.models import Meeting
        from board_admin.domain.enums import MeetingStatus

        with self.database.session() as session:
            return session.scalars(
                select(Meeting.id).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.meeting_date.desc())
            ).first()


def check_resources(test: SelfTest) -> str:
    from board_admin.resources import resources_dir

    templates = sorted(path.name for path in (resources_dir() / "templates").glob("*.docx"))
    if "minutes.docx" not in templates:
        raise FileNotFoundError(f"no minutes template in {resources_dir() / 'templates'}")
    return f"{len(templates)} Word templates in {resources_dir()}"


def check_database(test: SelfTest) -> str:
    from board_admin.db.engine import open_database, sqlite_url
    from board_admin.db.migrate import current_revisions, head_revisions

    test.database = open_database(sqlite_url(test.folder / "self-test.sqlite"))
    if current_revisions(test.database) != head_revisions(test.database):
        raise RuntimeError("the schema did not reach the newest revision")
    return f"new database migrated to {', '.join(sorted(head_revisions(test.database)))}"


def check_safety(test: SelfTest) -> str:
    from board_admin.db.backup import backup_now, file_problems
    from board_admin.db.damage import sqlite_problems
    from board_admin.db.lock import DatabaseLockedError, WriterLock

    path = test.database.sqlite_path
    lock, second = WriterLock(path), WriterLock(path)
    lock.acquire()
    try:
        second.acquire()
        raise RuntimeError("a second copy could take the writer lock")
    except DatabaseLockedError:
        pass
    finally:
        lock.release()
    copy = backup_now(test.database, "self-test")
    problems = file_problems(copy) + sqlite_problems(path, full=True)
    if problems:
        raise RuntimeError(problems[0])
    return f"writer lock held and refused to a second copy; {copy.name} passes its checks and content hash"


def check_demo(test: SelfTest) -> str:
    from sqlalchemy import func, select

    from board_admin.db.models import Agency, Attendance, Meeting
    from board_admin.demo import DEMO_ADMINISTRATOR, DEMO_PASSWORD, build_demo_data
    from board_admin.services.accounts import sign_in

    build_demo_data(test.database)
    sign_in(test.database, DEMO_ADMINISTRATOR, DEMO_PASSWORD)  # the exports below act as someone, like a person's
    with test.database.session() as session:
        counts = [session.scalar(select(func.count()).select_from(model)) for model in (Agency, Meeting, Attendance)]
    if not all(counts):
        raise RuntimeError(f"the demo is incomplete: {counts}")
    return "{} agencies, {} meetings, {} attendance lines".format(*counts)


def check_minutes(test: SelfTest) -> str:
    from docx import Document

    from board_admin.exporters.minutes import export_minutes

    meeting_id = test.latest_held_meeting()
    path = test.folder / "minutes.docx"
    export_minutes(test.database, meeting_id, path)
    document = Document(str(path))
    words = sum(len(paragraph.text.split()) for paragraph in document.paragraphs)
    if words < 50 or not document.tables:
        raise RuntimeError(f"the minutes hold only {words} words and {len(document.tables)} tables")
    return f"{path.name}: {words} words, {len(document.tables)} tables"


def check_attendance(test: SelfTest) -> str:
    from openpyxl import load_workbook

    from board_admin.domain.financial_year import FinancialYear
    from board_admin.exporters.attendance import export_attendance

    path = test.folder / "attendance.xlsx"
    year = FinancialYear.containing(dt.date.today())
    export_attendance(test.database, path, start=year.start, end=year.end)
    sheets = load_workbook(path, read_only=True).sheetnames
    if "By agency" not in sheets:
        raise RuntimeError(f"no 'By agency' sheet among {sheets}")
    return f"{path.name}: sheets {', '.join(sheets)}"


def check_worker_process(test: SelfTest) -> str:
    """The Attendance page's export as the window runs it: in a worker process, which the frozen program
    starts as itself (multiprocessing.freeze_support in its entry point)."""
    from openpyxl import load_workbook

    from board_admin.domain.financial_year import FinancialYear
    from board_admin.worker_process import ProcessWork, run_in_process

    path = test.folder / "attendance-in-a-worker.xlsx"
    year = FinancialYear.containing(dt.date.today())
    work = ProcessWork.on(
        test.database, "board_admin.exports:write_in_worker", "attendance", path, start=year.start, end=year.end
    )
    run_in_process(work)
    sheets = load_workbook(path, read_only=True).sheetnames
    if "By agency" not in sheets:
        raise RuntimeError(f"no 'By agency' sheet among {sheets}")
    return f"{path.name} written by a worker process"


def check_statement(test: SelfTest) -> str:
    from openpyxl import load_workbook

    from board_admin.domain.financial_year import FinancialYear
    from board_admin.exporters.funding import export_statement

    path = test.folder / "statement.xlsx"
    export_statement(test.database, FinancialYear(2015), path)
    sheet = load_workbook(path).active
    texts = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)
    for figure in ("118878", "112532.19"):
        if figure not in texts:
            raise RuntimeError(f"the 2015-16 statement lacks {figure}")
    return f"{path.name}: the 2015-16 statement of seed 004"


def check_pack(test: SelfTest) -> str:
    from pypdf import PdfReader
    from sqlalchemy import select

    from board_admin.db.models import AgendaItem, Paper
    from board_admin.exporters.pack import export_pack

    with test.database.session() as session:
        meeting_id = session.scalar(
            select(AgendaItem.meeting_id).join(Paper, Paper.agenda_item_id == AgendaItem.id).limit(1)
        )
    if meeting_id is None:
        raise RuntimeError("the demo has no meeting with papers")
    path = test.folder / "pack.pdf"
    result = export_pack(test.database, meeting_id, path)
    reader = PdfReader(path)
    last = reader.pages[-1].extract_text().split()
    if len(reader.pages) != result.pages or last[-4:] != ["Page", str(result.pages), "of", str(result.pages)]:
        raise RuntimeError(f"the pack has {len(reader.pages)} pages, the last ending {' '.join(last[-4:])!r}")
    return f"{path.name}: {result.pages} pages, {len(reader.outline)} bookmarks"


def check_email(test: SelfTest) -> str:
    import email
    from email import policy

    from board_admin.exporters.email_draft import write_email_draft

    meeting_id = test.latest_held_meeting()
    path = test.folder / "minutes.eml"
    write_email_draft(test.database, meeting_id, "minutes", path)
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=policy.default)
    attachments = [part.get_filename() for part in message.iter_attachments()]
    if message["X-Unsent"] != "1" or not message["To"] or len(attachments) != 1:
        raise RuntimeError(f"the e-mail draft reads back wrong: To {message['To']}, attached {attachments}")
    return f"{path.name}: to {len(message['To'].addresses)} members, {attachments[0]} attached"


def check_pages(test: SelfTest) -> str:
    """The window imports each page's code by name when the page is first shown, which a bundler cannot see:
    a page left out of the bundle would fail only when someone opened it. No window is shown here."""
    from board_admin.ui.main_window import PAGES

    for entry in PAGES:
        entry.page_class()
    return f"{len(PAGES)} pages' code found"


CHECKS: list[tuple[str, Check]] = [
    ("resources and templates", check_resources),
    ("the window's pages", check_pages),
    ("database and migrations", check_database),
    ("demo data", check_demo),
    ("writer lock, backup and checks", check_safety),
    ("minutes to Word", check_minutes),
    ("minutes e-mailed to members (.eml)", check_email),
    ("attendance to Excel", check_attendance),
    ("attendance to Excel in a worker process", check_worker_process),
    ("financial statement to Excel", check_statement),
    ("agenda pack to PDF", check_pack),
]


def run_self_test(say: Callable[[str], None] = print) -> int:
    """0 when every check passes, else 1."""
    with tempfile.TemporaryDirectory(prefix="board-admin-self-test-") as folder:
        test = SelfTest(Path(folder))
        try:
            passed = test.run(CHECKS, say)
        finally:
            if test.database is not None:
                test.database.dispose()
    say("Self-test passed." if passed else "Self-test FAILED.")
    return 0 if passed else 1
