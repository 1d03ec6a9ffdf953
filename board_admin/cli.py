"""The `board-admin` command: opens the window, or runs a headless command for scripts and tests.

    board-admin [--database URL | --demo] [COMMAND ...]

With no command the application window opens. Every command exits 0 on success and prints a single
clear line and exits non-zero on bad input; a traceback is never what a user sees.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import getpass
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from board_admin import __version__
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.exports import EXPORTS, SENDING, Drawing, ExportRequest

log = logging.getLogger("board_admin.cli")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
PASSWORD_ENV = "BOARD_ADMIN_PASSWORD"
NEW_PASSWORD_ENV = "BOARD_ADMIN_NEW_PASSWORD"


class CommandError(BoardAdminError):
    """A headless command could not do what was asked; the message says why."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="board-admin",
        description="Board Admin: boards, meetings, attendance, challenges and funding of a safeguarding partnership.",
    )
    parser.add_argument("--version", action="version", version=f"Board Admin {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation without a window: a temporary database, the demo, minutes (and their "
        "e-mail), attendance, the statement and an agenda pack written and read back; exit 0 only if all pass",
    )
    parser.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="with --demo: save a picture of every page and main dialog to DIR (for the user guide), then exit",
    )
    parser.add_argument(
        "--size",
        metavar="WxH",
        help="with --screenshots: the screen to picture on, e.g. 1366x768 (the window fills it); "
        "default a 1400x900 window on a 1920x1080 screen",
    )
    parser.add_argument(
        "--scale",
        type=float,
        metavar="F",
        help="with --screenshots: the display scaling, e.g. 1.5 for 150%% (default 1)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--database",
        metavar="URL",
        help="the database: a sqlite:///path URL or postgresql+psycopg://user@host/name "
        "(default: BOARD_ADMIN_DATABASE_URL, else a file in your data folder)",
    )
    where.add_argument("--demo", action="store_true", help="use the demo database (created on first use)")
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="the account to act as (password from BOARD_ADMIN_PASSWORD or asked for); "
        "needed once the database has accounts",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    export = commands.add_parser("export", help="write a document or spreadsheet")
    exports = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    imports = commands.add_parser("import", help="read records from a file").add_subparsers(
        dest="what", metavar="WHAT", required=True
    )

    # One block per command: its parser, and the function that runs it (set_defaults(run=...)).
    # Every export of the one list (exports.py), with the options it needs.
    for entry in EXPORTS:
        command = exports.add_parser(entry.command or entry.key, help=entry.help)
        for option in entry.command_options or entry.options:
            EXPORT_OPTIONS[option](command)
        command.add_argument("out", type=Path, metavar="|".join(f"OUT{suffix}" for suffix in entry.suffixes))
        command.set_defaults(run=export_command, export=entry)

    workbook_in = imports.add_parser("workbook", help="records from a Board Admin workbook (.xlsx)")
    workbook_in.add_argument("source", type=Path, metavar="IN.xlsx")
    workbook_in.add_argument("--dry-run", action="store_true", help="check the workbook and report, change nothing")
    workbook_in.set_defaults(run=import_workbook_command)

    backup = commands.add_parser("backup", help="copy a SQLite database to a file (made safely while in use)")
    backup.add_argument("out", type=Path, metavar="OUT.sqlite")
    backup.set_defaults(run=backup_command)

    restore = commands.add_parser("restore", help="replace the database with a backup (the current one is kept)")
    restore.add_argument("source", type=Path, metavar="IN.sqlite")
    restore.set_defaults(run=restore_command)

    check = commands.add_parser("check", help="check the database's integrity; exit 1 if anything is wrong")
    check.set_defaults(run=check_command)

    # Papers on a meeting's agenda (the pack itself is `export pack`).
    paper = commands.add_parser("paper", help="attach papers to agenda items, list and remove them").add_subparsers(
        dest="what", metavar="WHAT", required=True
    )
    paper_add = paper.add_parser(
        "add", help="attach a file (.pdf, .docx or .xlsx, at most 20 MB) to an agenda item as a new paper"
    )
    _paper_item(paper_add)
    paper_add.add_argument("file", type=Path, metavar="FILE")
    paper_add.set_defaults(run=paper_add_command)
    paper_replace = paper.add_parser(
        "replace", help="keep a new file as the next version of an item's paper (the earlier versions stay)"
    )
    _paper_item(paper_replace)
    paper_replace.add_argument(
        "--paper", type=int, default=1, metavar="K", help="which of the item's papers, 1 first (default 1)"
    )
    paper_replace.add_argument("file", type=Path, metavar="FILE")
    paper_replace.set_defaults(run=paper_replace_command)
    paper_remove = paper.add_parser("remove", help="take a paper off an agenda item, with all its versions")
    _paper_item(paper_remove)
    paper_remove.add_argument(
        "--paper", type=int, default=1, metavar="K", help="which of the item's papers, 1 first (default 1)"
    )
    paper_remove.set_defaults(run=paper_remove_command)
    paper_list = paper.add_parser("list", help="the papers of a meeting's agenda, with their versions")
    _meeting(paper_list)
    paper_list.set_defaults(run=paper_list_command)

    # The shared server: IT's one-time set-up, and accounts (server logins there, the file's own accounts on SQLite).
    setup = commands.add_parser(
        "setup-server",
        help="set up a PostgreSQL database for personal logins (run by IT with the owner's credentials in --database; "
        "safe to run again after an upgrade)",
    )
    setup.add_argument("--admin", required=True, metavar="LOGIN", help="the first administrator's login")
    setup.add_argument("--name", metavar="FULL NAME", help="the administrator's full name (default: the login)")
    setup.add_argument(
        "--role-prefix",
        default="board_admin_",
        metavar="PREFIX",
        help="the beginning of the group roles' names (default board_admin_: board_admin_administrator, "
        "board_admin_chair, board_admin_finance); give each Board Admin database on one server its own",
    )
    setup.set_defaults(run=setup_server_command)

    account = commands.add_parser("account", help="keep the accounts (an administrator's job)").add_subparsers(
        dest="what", metavar="WHAT", required=True
    )
    account_add = account.add_parser("add", help="a new account (password from BOARD_ADMIN_NEW_PASSWORD or asked for)")
    account_add.add_argument("login", metavar="LOGIN")
    account_add.add_argument("--name", required=True, metavar="FULL NAME")
    account_add.add_argument(
        "--role",
        required=True,
        action="append",
        choices=["administrator", "chair", "finance"],
        help="repeat it for several roles",
    )
    account_add.set_defaults(run=account_add_command)
    account_disable = account.add_parser("disable", help="stop an account signing in (its history stays)")
    account_disable.add_argument("login", metavar="LOGIN")
    account_disable.set_defaults(run=account_disable_command)
    account.add_parser("list", help="every account, its roles and whether it may sign in").set_defaults(
        run=account_list_command
    )

    return parser


def _year(required: bool, text: str) -> Callable[[argparse.ArgumentParser], None]:
    def add(command: argparse.ArgumentParser) -> None:
        command.add_argument("--year", required=required, type=parse_year_argument, metavar="YYYY-YY", help=text)

    return add


def _period(required: bool) -> Callable[[argparse.ArgumentParser], None]:
    def add(command: argparse.ArgumentParser) -> None:
        command.add_argument("--from", dest="start", required=required, type=parse_date_argument, metavar="YYYY-MM-DD")
        command.add_argument("--to", dest="end", required=required, type=parse_date_argument, metavar="YYYY-MM-DD")

    return add


def _year_or_period(command: argparse.ArgumentParser) -> None:
    _year(False, "a financial year (default: the current one)")(command)
    _period(False)(command)


def _groups(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--group",
        action="append",
        metavar="NAME",
        help="only this group, by name or short name; repeat it for several (default: every group)",
    )


def _group(command: argparse.ArgumentParser) -> None:
    command.add_argument("--group", metavar="NAME", help="one group's meetings (default: every group's)")


def _meeting(command: argparse.ArgumentParser) -> None:
    command.add_argument("--group", required=True, metavar="NAME", help="the group that met")
    command.add_argument(
        "--date", required=True, type=parse_date_argument, metavar="yyyy-mm-dd", help="the meeting's date"
    )


def _paper_item(command: argparse.ArgumentParser) -> None:
    _meeting(command)
    command.add_argument("--item", required=True, type=int, metavar="N", help="the agenda item's number")


def _sending(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--what",
        dest="sending",
        required=True,
        choices=list(SENDING),
        help="pack: the agenda pack, agenda, minutes (each attached, to the members and their deputies), "
        "actions: a reminder to the owners of the group's open actions",
    )


def _on_date(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--on", type=parse_date_argument, metavar="yyyy-mm-dd", help="the memberships on this day (default: today)"
    )


def _statuses(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--status",
        action="append",
        type=parse_challenge_statuses,
        metavar="S",
        help="only challenges with this status (open, awaiting response, responded, escalated, closed); "
        "repeat it or separate with commas for several",
    )


# The command line's form of each option an export in exports.py may need.
EXPORT_OPTIONS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "year": _year(True, "the financial year, e.g. 2020-21"),
    "money_year": _year(True, "the financial year, e.g. 2015-16"),
    "any_year": _year(False, "only those raised in this financial year"),
    "current_year": _year(False, "the financial year (default: the current one)"),
    "year_or_period": _year_or_period,
    "groups": _groups,
    "group": _group,
    "meeting": _meeting,
    "date": _on_date,
    "period": _period(True),
    "statuses": _statuses,
    "sending": _sending,
}


def require_suffix(path: Path, suffixes: tuple[str, ...]) -> str:
    """The output's format follows its extension; returns it (".xlsx", ".docx", ...)."""
    if path.suffix.lower() not in suffixes:
        raise CommandError(f"{path.name}: the file name must end in {' or '.join(suffixes)}.")
    return path.suffix.lower()


def open_chosen_database(args: argparse.Namespace, *, migrate: bool = True):
    """Opens the database without changing it, checks the user, and only then brings its schema up to date.

    A damaged SQLite file is refused here (the quick check at open); `check` passes migrate=False and a file
    that does not exist is then refused rather than made. On a shared server set up with setup-server the
    person signs in to PostgreSQL itself (its schema is kept up to date by setup-server, as the owner)."""
    from board_admin.db.engine import open_database_for_user, resolve_url
    from board_admin.db.server_roles import connect_as_person, is_person_url

    url = resolve_url(args.database, args.demo)
    if is_person_url(url):
        if not args.user:
            raise CommandError(
                "Name your login with --user NAME (the password is read from BOARD_ADMIN_PASSWORD, or asked for)."
            )
        return connect_as_person(url, args.user, read_password(PASSWORD_ENV, f"Password for {args.user}: "))
    database = open_database_for_user(url, migrate=False, create=migrate)
    if args.demo:
        # The demo database is Board Admin's own: made and filled before its accounts can be asked for.
        migrate_as_system(database)
        from board_admin.demo import ensure_demo_data

        ensure_demo_data(database)
    if has_schema(database):
        sign_in_for_command(database, args.user)
    if migrate:
        migrate_as_system(database)
    return database


def migrate_as_system(database) -> None:
    """Brings the schema up to date; the migrations act as the system, and only while they run."""
    from board_admin.db.migrate import upgrade
    from board_admin.domain.permissions import SYSTEM

    with database.acting_as(SYSTEM):
        upgrade(database)


def has_schema(database) -> bool:
    """True once the accounts table exists (a new file has none yet, and so no one to sign in)."""
    from sqlalchemy import inspect

    return "app_user" in inspect(database.engine).get_table_names()


def sign_in_for_command(database, username: str | None) -> None:
    """Acts as the named account; a database without accounts yet is worked on as its first administrator.

    That is the one case a command acts as the system: no account exists to sign in as, and the database
    object lives only as long as this one command."""
    from board_admin.domain.permissions import NOBODY, SYSTEM
    from board_admin.services.accounts import has_accounts, sign_in

    if not has_accounts(database):
        database.actor = SYSTEM
        return
    database.actor = NOBODY
    if not username:
        raise CommandError(
            "This database has accounts: name yours with --user NAME "
            "(the password is read from BOARD_ADMIN_PASSWORD, or asked for)."
        )
    sign_in(database, username, read_password(PASSWORD_ENV, f"Password for {username}: "))


def read_password(variable: str, prompt: str, *, twice: bool = False) -> str:
    """From the environment variable, else typed at the terminal (twice for a new password)."""
    password = os.environ.get(variable)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CommandError(f"No password: set {variable} or run the command in a terminal.")
    password = getpass.getpass(prompt)
    if twice and getpass.getpass("Again, to be sure: ") != password:
        raise CommandError("The two passwords differ; nothing was changed.")
    return password


def setup_server_command(args: argparse.Namespace) -> int:
    from board_admin.db.engine import resolve_url
    from board_admin.db.server_roles import login_exists, setup_server

    url = resolve_url(args.database, args.demo)
    password = None
    if not login_exists(url, args.admin):
        password = read_password(NEW_PASSWORD_ENV, f"New password for {args.admin}: ", twice=True)
    for line in setup_server(url, args.admin, password, admin_name=args.name, prefix=args.role_prefix):
        print(f"{line}.")
    return EXIT_OK


def account_add_command(args: argparse.Namespace) -> int:
    from board_admin.domain.enums import UserRole
    from board_admin.domain.permissions import NOBODY, Permission
    from board_admin.services import accounts

    database = open_chosen_database(args)
    roles = frozenset(UserRole(role) for role in args.role)
    fields = accounts.AccountFields(args.login, args.name, roles)
    if not accounts.has_accounts(database):
        if UserRole.ADMINISTRATOR not in roles:
            raise CommandError("The first account of a database must be an administrator: --role administrator.")
        database.actor = NOBODY  # the first administrator's own step acts as the system, and only for itself
        password = read_password(NEW_PASSWORD_ENV, f"New password for {args.login}: ", twice=True)
        accounts.create_first_administrator(database, fields, password)
    else:
        database.actor.require(Permission.MANAGE_ACCOUNTS)  # before a password is asked for
        password = read_password(NEW_PASSWORD_ENV, f"New password for {args.login}: ", twice=True)
        accounts.create_account(database, fields, password)
    where = "a login on the server" if database.server_roles else "an account"
    print(f"Added {args.login} ({', '.join(sorted(args.role))}) as {where}.")
    return EXIT_OK


def account_disable_command(args: argparse.Namespace) -> int:
    from board_admin.services import accounts

    database = open_chosen_database(args)
    accounts.set_account_active(database, account_id(database, args.login), False)
    print(f"Disabled {args.login}: it can no longer sign in.")
    return EXIT_OK


def account_id(database, login: str) -> int:
    from board_admin.reports.accounts import account_rows

    for row in account_rows(database):
        if row.username.lower() == login.strip().lower():
            return row.id
    raise CommandError(f"There is no account called '{login}'.")


def account_list_command(args: argparse.Namespace) -> int:
    from board_admin.domain.permissions import Permission
    from board_admin.reports.accounts import account_rows

    database = open_chosen_database(args)
    database.actor.require(Permission.MANAGE_ACCOUNTS)
    rows = account_rows(database)
    width = max([len(row.username) for row in rows] + [5])
    for row in rows:
        roles = ", ".join(sorted(role.label for role in row.roles))
        state = "" if row.active else "  (disabled)"
        print(f"{row.username:<{width}}  {row.display_name} - {roles}{state}")
    return EXIT_OK


# --- the commands: each checks its arguments, opens the database, does one thing, says what it did ---


def export_command(args: argparse.Namespace) -> int:
    """Any export of the list: its options read into a request, written by its one writer."""
    from board_admin.exports import Progress, write_export

    entry = args.export
    require_suffix(args.out, entry.suffixes)
    drawing = Drawing()
    if entry.draws_charts and args.out.suffix.lower() == ".docx":
        from board_admin.ui.attendance_charts import drawing_for

        drawing = drawing_for(args.out.suffix)
    database = open_chosen_database(args)
    request = export_request(args, entry, database)
    # A summary's first line says what was written; any further lines are notes (those an e-mail could not reach).
    summary, *notes = write_export(database, request, drawing, Progress()).summary.split("\n")
    print(f"Wrote {args.out} ({summary}).")
    for note in notes:
        print(note)
    return EXIT_OK


def export_request(args: argparse.Namespace, entry, database) -> ExportRequest:
    """The command's options as a request; the same checks the Reports page makes."""
    given = vars(args)
    start, end = given.get("start"), given.get("end")
    if given.get("year") is not None and (start or end):
        raise CommandError("Give either --year or --from and --to, not both.")
    if (start is None) != (end is None):
        raise CommandError("Give both --from and --to, or neither.")
    meeting_id = None
    if "meeting" in (entry.command_options or entry.options):
        from board_admin.reports.meetings import find_meeting

        meeting_id = find_meeting(database, args.group, args.date)
    groups = given.get("group")
    return ExportRequest(
        choice=entry,
        path=args.out,
        year=given.get("year"),
        group_names=tuple(groups) if isinstance(groups, list) else (),
        group_name=groups if isinstance(groups, str) else None,
        meeting_id=meeting_id,
        on_date=given.get("on"),
        start=start,
        end=end,
        statuses=frozenset(status for chosen in given.get("status") or [] for status in chosen),
        sending=given.get("sending"),
    )


def _paper_meeting_and_item(args: argparse.Namespace, database) -> tuple[int, int]:
    from board_admin.reports.meetings import find_meeting
    from board_admin.reports.papers import agenda_item_at

    meeting_id = find_meeting(database, args.group, args.date)
    return meeting_id, agenda_item_at(database, meeting_id, args.item)


def _read_paper_file(path: Path) -> bytes:
    from board_admin.domain.papers import size_problem

    if not path.is_file():
        raise CommandError(f"{path}: no such file.")
    too_big = size_problem(path.name, path.stat().st_size)
    if too_big:
        raise CommandError(too_big)
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: the file could not be read ({error.strerror or error}).") from error


def _item_paper(database, meeting_id: int, item_id: int, item_number: int, number: int):
    from board_admin.reports.papers import meeting_papers

    papers = [row for row in meeting_papers(database, meeting_id) if row.agenda_item_id == item_id]
    if not 1 <= number <= len(papers):
        has = f"it has {len(papers)}" if papers else "it has none"
        raise CommandError(f"Agenda item {item_number} has no paper {number}: {has}.")
    return papers[number - 1]


def paper_add_command(args: argparse.Namespace) -> int:
    from board_admin.reports.papers import paper_row
    from board_admin.services.papers import add_paper

    content = _read_paper_file(args.file)
    database = open_chosen_database(args)
    _meeting_id, item_id = _paper_meeting_and_item(args, database)
    with writer_lock(database):
        row = paper_row(database, add_paper(database, item_id, args.file.name, content))
    print(f"Attached {row.described} to item {row.item_position}, {row.item_title}.")
    return EXIT_OK


def paper_replace_command(args: argparse.Namespace) -> int:
    from board_admin.reports.papers import paper_row
    from board_admin.services.papers import replace_paper

    content = _read_paper_file(args.file)
    database = open_chosen_database(args)
    meeting_id, item_id = _paper_meeting_and_item(args, database)
    paper = _item_paper(database, meeting_id, item_id, args.item, args.paper)
    with writer_lock(database):
        replace_paper(database, paper.id, args.file.name, content, paper.version)
    row = paper_row(database, paper.id)
    print(f"Replaced {paper.file_name} on item {row.item_position}: now {row.described}.")
    return EXIT_OK


def paper_remove_command(args: argparse.Namespace) -> int:
    from board_admin.services.papers import remove_paper

    database = open_chosen_database(args)
    meeting_id, item_id = _paper_meeting_and_item(args, database)
    paper = _item_paper(database, meeting_id, item_id, args.item, args.paper)
    with writer_lock(database):
        remove_paper(database, paper.id)
    print(f"Removed {paper.file_name} from item {paper.item_position}, with its versions.")
    return EXIT_OK


def paper_list_command(args: argparse.Namespace) -> int:
    from board_admin.reports.meetings import find_meeting
    from board_admin.reports.papers import meeting_papers, paper_versions

    database = open_chosen_database(args)
    rows = meeting_papers(database, find_meeting(database, args.group, args.date))
    if not rows:
        print("The meeting's agenda has no papers.")
    for row in rows:
        kind = "" if row.is_pdf else f", {row.kind.label}: sent separately from the pack"
        print(f"Item {row.item_position}, paper {row.position}: {row.described}{kind}")
        for version in paper_versions(database, row.id)[1:]:
            print(f"    earlier: {version.described}")
    return EXIT_OK


def parse_challenge_statuses(text: str) -> list:
    """argparse type for --status: one or more challenge statuses, by name, separated by commas."""
    from board_admin.domain.enums import ChallengeStatus

    chosen = []
    for part in text.split(","):
        try:
            chosen.append(ChallengeStatus.from_text(part.replace("-", " ").replace("_", " ")))
        except ValueError:
            words = ", ".join(status.label.lower() for status in ChallengeStatus)
            raise argparse.ArgumentTypeError(f"'{part.strip()}' is not a challenge status: use {words}") from None
    return chosen


def writer_lock(database):
    """Holds the database for changes, as the window does; a copy already holding it is named."""
    from board_admin.db.lock import WriterLock

    return WriterLock(database.sqlite_path) if database.sqlite_path else contextlib.nullcontext()


def backup_command(args: argparse.Namespace) -> int:
    from board_admin.db.backup import SERVER_BACKUPS, backup_sqlite_file
    from board_admin.exporters.files import atomic_output

    database = open_chosen_database(args)
    if database.sqlite_path is None:
        raise CommandError(SERVER_BACKUPS)
    with atomic_output(args.out) as temporary:
        temporary.unlink()
        backup_sqlite_file(database.sqlite_path, temporary)
    print(f"Backed up {database.sqlite_path} to {args.out}.")
    return EXIT_OK


def restore_command(args: argparse.Namespace) -> int:
    import contextlib

    from board_admin.db.backup import SERVER_BACKUPS
    from board_admin.db.damage import DatabaseDamagedError
    from board_admin.db.engine import Database, resolve_url
    from board_admin.domain.permissions import SYSTEM
    from board_admin.services.backups import restore_from_backup

    acting = contextlib.nullcontext()
    try:
        database = open_chosen_database(args, migrate=False)
    except DatabaseDamagedError as error:
        # A damaged file's accounts cannot be read: whoever can reach the file may put a backup in its place
        # (the damaged file is kept in the backups folder when it can still be copied).
        log.warning("Restoring over a damaged file: %s", error.message)
        database = Database(resolve_url(args.database, args.demo))
        acting = database.acting_as(SYSTEM)
    if database.sqlite_path is None:
        raise CommandError(SERVER_BACKUPS)
    with writer_lock(database), acting:
        safety = restore_from_backup(database, args.source)
    kept = f"; the previous state is in {safety}" if safety else ""
    print(f"Restored {database.sqlite_path} from {args.source}{kept}.")
    return EXIT_OK


def check_command(args: argparse.Namespace) -> int:
    from board_admin.db.backup import check_integrity
    from board_admin.db.damage import sqlite_problems

    database = open_chosen_database(args, migrate=False)
    if database.sqlite_path is not None:
        # The full integrity check and the foreign key check, on the file as it is (never migrated here).
        problems = sqlite_problems(database.sqlite_path, full=True)
    else:
        problems = check_integrity(database, full=True)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        found = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        print(f"board-admin: {database.describe()} has {found}.", file=sys.stderr)
        return EXIT_FAILED
    print(f"{database.describe()}: no problems found (integrity check and foreign key check).")
    return EXIT_OK


def import_workbook_command(args: argparse.Namespace) -> int:
    from board_admin.services.workbook_import import WorkbookImportError, import_workbook
    from board_admin.services.workbook_import.cells import shown_problems

    require_suffix(args.source, (".xlsx",))
    if not args.source.is_file():
        raise CommandError(f"{args.source}: no such file.")
    database = open_chosen_database(args)
    try:
        with writer_lock(database):
            summary = import_workbook(database, args.source, dry_run=args.dry_run)
    except WorkbookImportError as error:
        shown, more = shown_problems(error.problems)
        for problem in shown:
            print(problem, file=sys.stderr)
        if more:
            print(f"... and {more:,} more problem{'' if more == 1 else 's'}, not listed.", file=sys.stderr)
        print(f"board-admin: {error.message}", file=sys.stderr)
        return EXIT_FAILED
    verb = "would add or update" if args.dry_run else "added or updated"
    print(f"{args.source.name}: {verb} {summary.describe()}.")
    return EXIT_OK


def screenshots_command(args: argparse.Namespace) -> int:
    if not args.demo or args.command is not None:
        raise CommandError("--screenshots pictures the demo database only: board-admin --demo --screenshots DIR.")
    from board_admin.ui.screenshots import parse_size, run

    size = None
    if args.size:
        size = parse_size(args.size)
        if size is None:
            raise CommandError(f"--size {args.size}: write the screen size as WIDTHxHEIGHT, e.g. 1366x768.")
    if args.scale is not None and not 0.5 <= args.scale <= 4:
        raise CommandError(f"--scale {args.scale}: the scaling must be from 0.5 to 4, e.g. 1.5 for 150%.")
    return run(args.screenshots, size=size, scale=args.scale)


def run_gui(args: argparse.Namespace) -> int:
    from board_admin.collector import pause_for_start_up, resume_after_start_up

    pause_for_start_up()  # resumed once the window is up; here again whichever way the start ends
    try:
        from board_admin.ui.app import run_application

        return run_application(database_url=args.database, demo=args.demo, username=args.user)
    finally:
        resume_after_start_up()


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    if args.command is not None:
        # A writer interrupted by an error (a full disk) is cleaned up later, and its clean-up may fail
        # again: that goes to the log, not as pages of "Exception ignored" after the one sentence.
        sys.unraisablehook = _log_unraisable
    try:
        if args.self_test:
            from board_admin.selftest import run_self_test

            return run_self_test()
        if args.screenshots is not None:
            return screenshots_command(args)
        if args.command is None:
            return run_gui(args)
        return args.run(args)
    except BoardAdminError as error:
        print(f"board-admin: {error.message}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        if error.errno == errno.ENOSPC:
            print(
                "board-admin: The disk is full, so nothing was written: free some space and try again.", file=sys.stderr
            )
        else:
            print(f"board-admin: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:
        # SQLAlchemy is imported here, not before the window's start (which loads it with the collector paused).
        from sqlalchemy.exc import DBAPIError

        if not isinstance(error, (DBAPIError, sqlite3.Error)):
            raise
        log.info("Database error in a command", exc_info=True)
        print(f"board-admin: {database_failure(error, args)}", file=sys.stderr)
        return EXIT_FAILED


def _log_unraisable(unraisable) -> None:
    log.info("Ignored during clean-up: %s", unraisable.exc_value, exc_info=unraisable.exc_value)


def database_failure(error: BaseException, args: argparse.Namespace) -> str:
    """One sentence for an error the database raised while a command worked."""
    from board_admin.db.damage import DatabaseDamagedError, damage_described
    from board_admin.db.engine import resolve_url

    cause = getattr(error, "orig", None) or error
    text = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
    damage = damage_described(error)
    url = resolve_url(args.database, args.demo)
    if damage:
        path = url.split("sqlite:///", 1)[-1] if url.startswith("sqlite:///") else url
        return DatabaseDamagedError(Path(path), damage).message
    if "disk is full" in text.lower() or "disk full" in text.lower():
        return "The disk is full, so nothing was changed: free some space and try again."
    return f"The database could not do what was asked ({text}); nothing was changed."


def parse_date_argument(text: str) -> dt.date:
    """argparse type for yyyy-mm-dd dates."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write it as yyyy-mm-dd") from error


def parse_year_argument(text: str) -> FinancialYear:
    """argparse type for financial years like 2015-16."""
    try:
        return FinancialYear.parse(text)
    except BoardAdminError as error:
        raise argparse.ArgumentTypeError(error.message) from error
