"""`board-admin --demo --screenshots DIR`: a picture of every page and main dialog, for the user guide.

The pictures are taken of the real window on a fresh demo database in a temporary data folder, signed in
as the demo administrator, so that they show what a user sees and stay current as the screens change:
every page of the main window (`page-<key>.png`, from PAGES, so a new page appears by itself) and the
dialogs listed in DIALOGS (`dialog-<name>.png`). Each dialog is opened the way a user opens it, through
the page's own method, and closed again without saving anything.

To add a dialog: one `DialogShot` in DIALOGS, with a stable name and a function that opens it. The options of
every export on the Reports page are pictured too (`dialog-export-<key>.png`), from its list of exports.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

WINDOW_SIZE = (1400, 900)
DATA_DIR_ENV = "BOARD_ADMIN_DATA_DIR"
DEMO_USER, DEMO_PASSWORD = "admin", "demo"


class ScreenshotError(Exception):
    """A page or dialog could not be pictured; the message names it."""


@dataclass(frozen=True)
class DialogShot:
    """One main dialog: its file is `dialog-<name>.png`; `open` opens it from the main window and returns it."""

    name: str
    what: str
    open: Callable  # (MainWindow) -> QWidget, or (QWidget, QRect) to picture a part of it


@dataclass(frozen=True)
class ViewShot:
    """A page in another of its views (a tab, a filter): `page-<key>-<name>.png`; `show` sets the page up."""

    key: str
    name: str
    what: str
    show: Callable  # (Page) -> None


def page_file(key: str) -> str:
    return f"page-{key}.png"


def view_file(view: ViewShot) -> str:
    return f"page-{view.key}-{view.name}.png"


def dialog_file(name: str) -> str:
    return f"dialog-{name}.png"


# --- how each dialog is opened --------------------------------------------------------------------------


def _show(window, key: str):
    window.show_page_by_key(key)
    page = window.page(key)
    page.ensure_loaded()
    return page


def _recent_held_meeting(window) -> int:
    """The latest held meeting with a register and an agenda: the one a minute-taker would be writing up."""
    from board_admin.domain.enums import MeetingStatus
    from board_admin.reports import lists

    held = [row for row in lists.meeting_rows(window.database) if row.status is MeetingStatus.HELD]
    if not held:
        raise ScreenshotError("the demo database has no held meeting")
    return max(held, key=lambda row: (row.meeting_date, row.id)).id


def _meeting_window(window, tab: int):
    page = _show(window, "meetings")
    meeting = page.open_meeting_id(_recent_held_meeting(window))
    meeting.tabs.setCurrentIndex(tab)
    return meeting


def _amended_meeting(window, tab: int):
    """The newest meeting whose approved minutes carry an amendment (the demo amends one of the board's)."""
    from board_admin.reports import lists
    from board_admin.reports import meetings as reports

    rows = sorted(lists.meeting_rows(window.database), key=lambda row: (row.meeting_date, row.id), reverse=True)
    amended = next((row.id for row in rows if reports.minutes_amendments(window.database, row.id)), None)
    if amended is None:
        raise ScreenshotError("the demo database has no amended minutes")
    meeting = _show(window, "meetings").open_meeting_id(amended)
    meeting.tabs.setCurrentIndex(tab)
    return meeting


def _locked_minutes(window):
    meeting = _amended_meeting(window, 2)
    if meeting.agenda_proxy.rowCount() > 2:
        meeting.agenda_table.selectRow(2)
    return meeting


def _amendment(window):
    meeting = _amended_meeting(window, 0)
    meeting.details_panel.amend()
    dialog = _opened(meeting.details_panel.amendment_dialog, "the amendment form")
    dialog.change.setPlainText("Item 4: the second paragraph should read 'the audit found six cases', not 'sixteen'.")
    dialog.reason.setPlainText("The author of the audit pointed out the error after the minutes were approved.")
    return dialog


def _advance_apologies(window):
    """The register of the next meeting that has apologies received in advance."""
    from board_admin.domain.enums import MeetingStatus
    from board_admin.reports import lists
    from board_admin.reports import meetings as reports

    planned = sorted(
        (row for row in lists.meeting_rows(window.database) if row.status is MeetingStatus.PLANNED),
        key=lambda row: (row.meeting_date, row.id),
    )
    chosen = next((row.id for row in planned if reports.advance_apologies(window.database, row.id)), None)
    if chosen is None:
        raise ScreenshotError("the demo database has no apologies in advance")
    meeting = _show(window, "meetings").open_meeting_id(chosen)
    meeting.tabs.setCurrentIndex(1)
    proxy = meeting.register_proxy
    for row in range(proxy.rowCount()):
        if proxy.row_at(proxy.index(row, 0)).apology_received_on is not None:
            meeting.register_table.selectRow(row)
            break
    return meeting


def _send_to_members(window):
    """Sending a board's agenda: the latest held meeting of the demo's children's board, on which one member has no
    email address, so the list of those not reached shows."""
    from board_admin.domain.enums import MeetingStatus
    from board_admin.reports import lists

    held = [
        row
        for row in lists.meeting_rows(window.database)
        if row.status is MeetingStatus.HELD and row.group_name == "Safeguarding Children Partnership Board"
    ]
    if not held:
        raise ScreenshotError("the demo database has no held meeting of its children's board")
    meeting = _show(window, "meetings").open_meeting_id(max(held, key=lambda row: row.meeting_date).id)
    dialog = _opened(meeting.send_to_members("agenda"), "Send to members")
    dialog.finished.connect(lambda *_: meeting.close())
    return dialog


def _sign_in(window):
    from board_admin.ui.dialogs.accounts import SignInDialog

    dialog = SignInDialog(window.database, demo=True)
    dialog.show()
    return dialog


def _first_administrator(window):
    from board_admin.ui.dialogs.accounts import FirstAdministratorDialog

    dialog = FirstAdministratorDialog(window.database)
    dialog.show()
    return dialog


def _register(window):
    meeting = _meeting_window(window, 1)
    if meeting.register_proxy.rowCount():
        meeting.register_table.selectRow(0)
    return meeting


def _minutes(window):
    meeting = _meeting_window(window, 2)
    # The item with the most written against it, so that the editor shows what minutes look like.
    proxy = meeting.agenda_proxy
    if proxy.rowCount():
        items = [proxy.row_at(proxy.index(row, 0)) for row in range(proxy.rowCount())]
        best = max(range(len(items)), key=lambda row: len(items[row].minutes or "") + len(items[row].decisions or ""))
        meeting.agenda_table.selectRow(best)
    return meeting


def _papers(window):
    """The demo's meeting with papers, at the item whose paper was replaced by a late second version."""
    from board_admin.reports.papers import meeting_papers

    meetings = window.database.session
    with meetings() as session:
        from sqlalchemy import select

        from board_admin.db.models import AgendaItem, Paper

        meeting_id = session.scalar(
            select(AgendaItem.meeting_id).join(Paper, Paper.agenda_item_id == AgendaItem.id).limit(1)
        )
    if meeting_id is None:
        raise ScreenshotError("the demo database has no meeting with papers")
    meeting = _show(window, "meetings").open_meeting_id(meeting_id)
    meeting.tabs.setCurrentIndex(2)
    papers = meeting_papers(window.database, meeting_id)
    shown = max(papers, key=lambda row: (row.late, row.number, -row.item_position))
    meeting.agenda_table.selectRow(shown.item_position - 1)
    return meeting


def _challenge(window, method: str):
    page = _show(window, "challenges")
    if page.proxy.rowCount():
        page.table.selectRow(0)
    dialog = getattr(page, method)()
    if dialog is None:
        raise ScreenshotError(f"the challenge log's {method} did not open")
    return dialog


def _case_review(window, method: str):
    page = _show(window, "reviews")
    # The published CSPR with recommendations, so that an action has a recommendation to carry out.
    for position in range(page.proxy.rowCount()):
        row = page.proxy.row_at(page.proxy.index(position, 0))
        if row.recommendations and row.prefix == "CSPR":
            page.table.selectRow(position)
            break
    dialog = getattr(page, method)()
    if dialog is None:
        raise ScreenshotError(f"the case reviews' {method} did not open")
    return dialog


def _funding(window, method: str, *args):
    page = _show(window, "funding")
    dialog = getattr(page, method)(*args)
    if dialog is None:
        raise ScreenshotError(f"the funding page's {method} did not open")
    return dialog


def _structure(window, method: str):
    page = _show(window, "groups")
    return _opened(getattr(page, method)(), f"the Boards and groups page's {method}")


def _people(window, tab: int, method: str):
    page = _show(window, "people")
    page.tabs.setCurrentIndex(tab)
    listed = page.current_tab()
    names = [listed.proxy.index(row, 0).data() for row in range(listed.proxy.rowCount())]
    # A county council has people and seats enough to show what a record holds.
    wanted = next((row for row, name in enumerate(names) if "County Council" in str(name)), 0)
    if names:
        listed.table.selectRow(wanted)
    return _opened(getattr(page, method)(), f"the People and agencies page's {method}")


def _attendance_thresholds(window):
    return _opened(_show(window, "attendance").edit_thresholds(), "the attendance thresholds")


def _export_options(window, key: str):
    """The Reports page's options for one export: what the user sets before choosing Export."""
    from PySide6.QtCore import QPoint, QRect

    page = _show(window, "reports")
    page.select(key)
    settle()
    # Down to the Export button: the box's empty foot says nothing.
    bottom = page.export_button.mapTo(page.options, QPoint(0, page.export_button.height())).y() + 12
    return page.options, QRect(0, 0, page.options.width(), min(bottom, page.options.height()))


def _opened(dialog, what: str):
    if dialog is None:
        raise ScreenshotError(f"{what} did not open")
    return dialog


def _help(window, key: str):
    _show(window, key)
    return window.show_help_for_screen()


def _account(window):
    from board_admin.ui.dialogs.accounts import AccountDialog

    _show(window, "accounts")
    dialog = AccountDialog(window.database, parent=window)
    dialog.open()
    return dialog


DIALOGS: tuple[DialogShot, ...] = (
    DialogShot("sign-in", "Signing in", _sign_in),
    DialogShot("first-administrator", "A new database's first administrator", _first_administrator),
    DialogShot("meeting", "A meeting: details, status and minutes approval", lambda w: _meeting_window(w, 0)),
    DialogShot("meeting-register", "A meeting's attendance register", _register),
    DialogShot("minutes-editor", "A meeting's agenda and minutes", _minutes),
    DialogShot("meeting-papers", "A meeting's papers and its agenda pack", _papers),
    DialogShot("meeting-actions", "A meeting's actions", lambda w: _meeting_window(w, 3)),
    DialogShot("meeting-declarations", "A meeting's declarations of interest", lambda w: _meeting_window(w, 4)),
    DialogShot("meeting-approved", "Approved minutes with an amendment", lambda w: _amended_meeting(w, 0)),
    DialogShot("meeting-minutes-locked", "Approved minutes: the editors locked", _locked_minutes),
    DialogShot("minutes-amendment", "Recording an amendment to approved minutes", _amendment),
    DialogShot("meeting-advance-apologies", "Apologies received in advance on the register", _advance_apologies),
    DialogShot("meeting-send", "Sending a meeting's agenda to its members", _send_to_members),
    DialogShot("new-meeting", "Adding one meeting", lambda w: _show(w, "meetings").new_meeting()),
    DialogShot("schedule", "Generating a year's schedule", lambda w: _show(w, "meetings").schedule()),
    DialogShot("challenge-editor", "Recording a new challenge", lambda w: _challenge(w, "new_challenge")),
    DialogShot("challenge-response", "Recording an agency's response", lambda w: _challenge(w, "respond")),
    DialogShot("case-review-editor", "Recording a case review", lambda w: _case_review(w, "new_review")),
    DialogShot("case-review-action", "Adding an action to a recommendation", lambda w: _case_review(w, "add_action")),
    DialogShot("open-year", "Opening the next financial year", lambda w: _funding(w, "open_next_year")),
    DialogShot("contribution", "A partner's contribution", lambda w: _funding(w, "edit_contribution", None)),
    DialogShot("contribution-formula", "The contribution formula", lambda w: _funding(w, "open_formula")),
    DialogShot("account", "A new account", _account),
    DialogShot("help", "Help for the Meetings page (F1)", lambda w: _help(w, "meetings")),
    DialogShot("group", "A new board or group", lambda w: _structure(w, "new_group")),
    DialogShot("member", "Adding a member to a group", lambda w: _structure(w, "add_member")),
    DialogShot("agency", "A new agency", lambda w: _people(w, 0, "new_record")),
    DialogShot("person", "A new person", lambda w: _people(w, 1, "new_record")),
    DialogShot("agency-record", "An agency's record: its people and seats", lambda w: _people(w, 0, "open_record")),
    DialogShot("attendance-thresholds", "The attendance thresholds", _attendance_thresholds),
)


def _non_attenders(page) -> None:
    page.tabs.setCurrentIndex(1)
    page.serial_only.setChecked(True)


VIEWS: tuple[ViewShot, ...] = (
    ViewShot("meetings", "action-log", "The action log", lambda page: page.views.setCurrentIndex(2)),
    ViewShot("meetings", "decisions", "The decision register", lambda page: page.views.setCurrentIndex(3)),
    ViewShot("meetings", "interests", "The register of interests", lambda page: page.views.setCurrentIndex(4)),
    ViewShot("groups", "structure-picture", "The structure picture", lambda page: page.tabs.setCurrentIndex(1)),
    ViewShot("attendance", "non-attenders", "Serial non-attenders", _non_attenders),
    ViewShot("challenges", "by-agency", "Challenges by agency", lambda page: page.tabs.setCurrentIndex(1)),
)


def shots() -> tuple[DialogShot, ...]:
    """DIALOGS, and the options of every export on the Reports page (`dialog-export-<key>.png`), so that a
    new export appears by itself."""
    from board_admin.exports import EXPORTS

    exports = tuple(
        DialogShot(
            f"export-{choice.key.replace('_', '-')}",
            f"Exporting: {choice.name}",
            lambda w, key=choice.key: _export_options(w, key),
        )
        for choice in EXPORTS
    )
    return DIALOGS + exports


# --- taking the pictures ---------------------------------------------------------------------------------


# The offscreen platform's own screen is 800 x 600, which would squeeze the dialogs: a common office screen.
OFFSCREEN_SCREEN = {"name": "Screen", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "dpr": 1}


def parse_size(text: str) -> tuple[int, int] | None:
    """'1366x768' as (1366, 768); None when it is not a size a screen could have."""
    match = re.fullmatch(r"\s*(\d{3,5})\s*[xX×]\s*(\d{3,5})\s*", text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _use_offscreen_platform(size: tuple[int, int] | None = None) -> Path | None:
    """No window appears on the user's screen; QT_QPA_PLATFORM (e.g. xcb under xvfb-run) chooses another
    platform. Returns the offscreen screen's description, to delete once the application has read it."""
    import json

    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None or os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        return None
    screen = dict(OFFSCREEN_SCREEN)
    if size is not None:
        screen["width"], screen["height"] = size
    handle, name = tempfile.mkstemp(prefix="board-admin-screen-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as config:
        json.dump({"screens": [screen]}, config)
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(name).as_posix()}"
    return Path(name)


def settle(milliseconds: int = 120) -> None:
    """Lets the screen finish: posted events, background reads, layouts and deferred timers."""
    from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    for _ in range(2):
        app.processEvents()
        QThreadPool.globalInstance().waitForDone(30_000)
        app.processEvents()
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    app.processEvents()


def fewer_colours(image):
    """The picture in its own 256 most used colours: a screen has few, so nothing visible is lost (a RAG
    colour keeps its colour) and the file is under half the size."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = array("I")
    pixels.frombytes(bytes(image.constBits()))
    palette = [colour for colour, _count in Counter(pixels).most_common(256)]
    return image.convertToFormat(QImage.Format.Format_Indexed8, palette, Qt.ImageConversionFlag.ThresholdDither)


def _save(widget, path: Path, area=None) -> None:
    settle()
    image = fewer_colours((widget.grab(area) if area is not None else widget.grab()).toImage())
    if image.isNull() or not image.save(str(path), "PNG"):
        raise ScreenshotError(f"{path.name} could not be written")


def _close(widget) -> None:
    from PySide6.QtWidgets import QDialog

    if not widget.isWindow():  # a part of a page (the export options): nothing to close
        return
    if isinstance(widget, QDialog):
        widget.reject()
    widget.close()
    settle(0)


@contextmanager
def _temporary_data_dir() -> Iterator[Path]:
    """The demo lives in its own folder, so the user's data, logs and templates are never touched."""
    folder = Path(tempfile.mkdtemp(prefix="board-admin-screenshots-"))
    before = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = str(folder)
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = before
        shutil.rmtree(folder, ignore_errors=True)


def take_screenshots(
    out_dir: Path,
    today: dt.date | None = None,
    report: Callable[[Path], None] | None = None,
    size: tuple[int, int] | None = None,
    scale: float | None = None,
) -> list[Path]:
    """Writes a PNG of every page and of every dialog in DIALOGS to `out_dir`; returns the files written.

    `size` is the screen (the window fills it, as on a laptop); `scale` the display scaling (1.5 for 150%),
    set before Qt starts, as QT_SCALE_FACTOR would be. Raises ScreenshotError naming every page or dialog
    that could not be pictured (the others are written).
    """
    if scale is not None:
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            raise ScreenshotError("the scaling can only be chosen before the application starts")
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    screen_config = _use_offscreen_platform(size)
    from PySide6.QtCore import QSettings

    from board_admin.db.engine import open_database, sqlite_url
    from board_admin.demo import build_demo_data
    from board_admin.services.accounts import sign_in
    from board_admin.ui.app import create_application
    from board_admin.ui.main_window import PAGES, MainWindow

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    day = today or dt.date.today()
    written: list[Path] = []
    failures: list[str] = []

    def picture(path: Path, take: Callable[[], None]) -> None:
        try:
            take()
            check_slots()
        except Exception as error:  # noqa: BLE001 - one broken screen must not hide the others
            failures.append(f"{path.name}: {error}")
            return
        written.append(path)
        if report is not None:
            report(path)

    def page(key: str, path: Path) -> None:
        window.show_page_by_key(key)
        window.resize(*window_size)
        _save(window, path)

    def view(shot: ViewShot, path: Path) -> None:
        window.show_page_by_key(shot.key)
        shot.show(window.page(shot.key))
        _save(window, path)

    def dialog(shot: DialogShot, path: Path) -> None:
        opened = shot.open(window)
        opened, area = opened if isinstance(opened, tuple) else (opened, None)
        try:
            _save(opened, path, area)
        finally:
            _close(opened)

    # An error inside a Qt slot (a page failing to load) reaches sys.excepthook, not the caller: it is
    # caught here and counted against the page or dialog being pictured.
    slot_errors: list[str] = []

    def check_slots() -> None:
        if slot_errors:
            problems = "; ".join(slot_errors)
            slot_errors.clear()
            raise ScreenshotError(problems)

    previous_hook = sys.excepthook
    sys.excepthook = lambda kind, error, _trace: slot_errors.append(f"{kind.__name__}: {error}")
    window = None
    try:
        create_application()
        if screen_config is not None:
            screen_config.unlink(missing_ok=True)
        with _temporary_data_dir() as folder:
            database = open_database(sqlite_url(folder / "demo.sqlite"))
            try:
                build_demo_data(database, day)
                sign_in(database, DEMO_USER, DEMO_PASSWORD)
                settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
                window = MainWindow(database, settings=settings, today=lambda: day)
                window_size = WINDOW_SIZE
                if size is not None:
                    # The window fills the screen, as it does on a small laptop; sizes are in logical pixels.
                    available = window.screen().availableGeometry()
                    window_size = (available.width(), available.height())
                window.resize(*window_size)
                window.show()
                settle()
                for entry in PAGES:
                    path = out_dir / page_file(entry.key)
                    picture(path, lambda key=entry.key, path=path: page(key, path))
                for shot in shots():
                    path = out_dir / dialog_file(shot.name)
                    picture(path, lambda shot=shot, path=path: dialog(shot, path))
                # Last, as they leave their pages in another state.
                for shot in VIEWS:
                    path = out_dir / view_file(shot)
                    picture(path, lambda shot=shot, path=path: view(shot, path))
            finally:
                if window is not None:
                    window.close()
                    window.deleteLater()
                    settle(0)
                database.dispose()
    finally:
        sys.excepthook = previous_hook
    if failures:
        raise ScreenshotError("Some screenshots could not be taken: " + "; ".join(failures))
    return written


# The offscreen platform says this of every top-level window; it is not a fault of ours.
QUIET_MESSAGES = ("This plugin does not support propagateSizeHints",)


def _quiet_qt_messages() -> None:
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_kind, _context, message: str) -> None:
        if not message.startswith(QUIET_MESSAGES):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def run(out_dir: Path, size: tuple[int, int] | None = None, scale: float | None = None) -> int:
    """The command: prints each file as it is written and a last line saying how many; exit code."""
    _quiet_qt_messages()
    try:
        written = take_screenshots(out_dir, report=lambda path: print(path, flush=True), size=size, scale=scale)
    except ScreenshotError as error:
        print(f"board-admin: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} screenshots to {out_dir}.")
    return 0


# --- the guide inside the installed program ----------------------------------------------------------------


# The help window shows the pictures narrower than this (about 100 characters wide) at 100% to 150% scaling.
HELP_PICTURE_WIDTH = 800


def help_docs(docs: Path, out: Path) -> Path:
    """The guides and the pictures the user guide shows, for the frozen build's Help (returns `out`, a folder
    to bundle as `docs`). The pictures are scaled to the width the help window shows them at and put in a
    fixed 216-colour palette: a third of the size of docs/images, which keeps the installer within its
    size limit."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    if out.exists():
        shutil.rmtree(out)
    (out / "images").mkdir(parents=True)
    for guide in docs.glob("*.md"):
        shutil.copy2(guide, out / guide.name)
    shown = set(re.findall(r"\]\((images/[^)\s]+)\)", (docs / "guide.md").read_text(encoding="utf-8")))
    steps = range(0, 256, 51)
    cube = [0xFF000000 | red << 16 | green << 8 | blue for red in steps for green in steps for blue in steps]
    for name in sorted(shown):
        image = QImage(str(docs / name)).convertToFormat(QImage.Format.Format_RGB32)
        if image.isNull():
            raise ScreenshotError(f"docs/{name}, shown in the guide, cannot be read: regenerate the pictures")
        if image.width() > HELP_PICTURE_WIDTH:
            image = image.scaledToWidth(HELP_PICTURE_WIDTH, Qt.TransformationMode.SmoothTransformation)
        smaller = image.convertToFormat(QImage.Format.Format_Indexed8, cube, Qt.ImageConversionFlag.ThresholdDither)
        if not smaller.save(str(out / name), "PNG"):
            raise ScreenshotError(f"{out / name} could not be written")
    return out
