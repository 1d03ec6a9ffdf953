"""The `board-admin` command: opens the window, or runs a headless command for scripts and tests.

    board-admin [--database URL | --demo] [COMMAND ...]

With no command the application window opens. Every command exits 0 on success and prints a single
clear line and exits non-zero on bad input; a traceback is never what a user sees.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path

from board_admin import __version__
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear

log = logging.getLogger("board_admin.cli")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class CommandError(BoardAdminError):
    """A headless command could not do what was asked; the message says why."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="board-admin",
        description="Board Admin: boards, meetings, attendance, challenges and funding of a safeguarding partnership.",
    )
    parser.add_argument("--version", action="version", version=f"Board Admin {__version__}")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--database",
        metavar="URL",
        help="the database: a sqlite:///path URL or postgresql+psycopg://user@host/name "
        "(default: BOARD_ADMIN_DATABASE_URL, else a file in your data folder)",
    )
    where.add_argument("--demo", action="store_true", help="use the demo database (created on first use)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    export = commands.add_parser("export", help="write a document or spreadsheet")
    exports = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    imports = commands.add_parser("import", help="read records from a file").add_subparsers(
        dest="what", metavar="WHAT", required=True
    )

    # One block per command: its parser, and the function that runs it (set_defaults(run=...)).
    workbook_out = exports.add_parser("workbook", help="the whole database as one .xlsx workbook")
    workbook_out.add_argument("out", type=Path, metavar="OUT.xlsx")
    workbook_out.set_defaults(run=export_workbook_command)

    workbook_in = imports.add_parser("workbook", help="records from a Board Admin workbook (.xlsx)")
    workbook_in.add_argument("source", type=Path, metavar="IN.xlsx")
    workbook_in.add_argument("--dry-run", action="store_true", help="check the workbook and report, change nothing")
    workbook_in.set_defaults(run=import_workbook_command)

    return parser


def require_suffix(path: Path, suffixes: tuple[str, ...]) -> str:
    """The output's format follows its extension; returns it (".xlsx", ".docx", ...)."""
    if path.suffix.lower() not in suffixes:
        raise CommandError(f"{path.name}: the file name must end in {' or '.join(suffixes)}.")
    return path.suffix.lower()


def open_chosen_database(args: argparse.Namespace):
    from board_admin.db.engine import open_database_for_user, resolve_url

    database = open_database_for_user(resolve_url(args.database, args.demo))
    if args.demo:
        from board_admin.demo import ensure_demo_data

        ensure_demo_data(database)
    return database


# --- the commands: each checks its arguments, opens the database, does one thing, says what it did ---


def export_workbook_command(args: argparse.Namespace) -> int:
    from board_admin.exporters.workbook import export_workbook

    require_suffix(args.out, (".xlsx",))
    database = open_chosen_database(args)
    counts = export_workbook(database, args.out)
    print(f"Wrote {args.out} ({sum(counts.values())} rows on {len(counts)} sheets).")
    return EXIT_OK


def import_workbook_command(args: argparse.Namespace) -> int:
    from board_admin.services.workbook_import import WorkbookImportError, import_workbook

    require_suffix(args.source, (".xlsx",))
    if not args.source.is_file():
        raise CommandError(f"{args.source}: no such file.")
    database = open_chosen_database(args)
    try:
        summary = import_workbook(database, args.source, dry_run=args.dry_run)
    except WorkbookImportError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"board-admin: {error.message}", file=sys.stderr)
        return EXIT_FAILED
    verb = "would add or update" if args.dry_run else "added or updated"
    print(f"{args.source.name}: {verb} {summary.describe()}.")
    return EXIT_OK


def run_gui(args: argparse.Namespace) -> int:
    from board_admin.ui.app import run_application

    return run_application(database_url=args.database, demo=args.demo)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return run_gui(args)
        return args.run(args)
    except BoardAdminError as error:
        print(f"board-admin: {error.message}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        print(f"board-admin: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_FAILED


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
