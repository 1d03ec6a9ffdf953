"""The demo database: the real partnership of the seeds, with invented people and two years of its life.

`board-admin --demo` opens a database built here on first use, so that a newcomer sees a living system:
the governance structure and agencies of Cambridgeshire and Peterborough (seeds 000-003), the 2015-16
financial statement of seed 004 to the penny, and two financial years of meetings, registers, minutes,
actions, challenges and money ending with the current year; the children's board's last meeting has its papers
(demo/papers.py), so the agenda pack can be seen.

Everything is built in one transaction and is deterministic: a fixed random seed, and the calendar only
through `today`, so two builds with the same `today` give the same rows.

The seed tables (seed_structure.py: agencies, people, groups, seats; seed_business.py: agendas, challenges,
money) are plain data; builder.py turns them into records, through the same rules (domain/) as the
services and the import; accounts.py holds the demo's sign-ins.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from board_admin.db.engine import Database
from board_admin.db.models import Agency, Group
from board_admin.demo.accounts import DEMO_ACCOUNTS, DEMO_ADMINISTRATOR, DEMO_PASSWORD, demo_accounts
from board_admin.demo.builder import Builder
from board_admin.domain.permissions import SYSTEM, Permission
from board_admin.services.uow import UnitOfWork

__all__ = ["DEMO_ACCOUNTS", "DEMO_ADMINISTRATOR", "DEMO_PASSWORD", "build_demo_data", "ensure_demo_data"]

# --- the build ------------------------------------------------------------------------------------


def ensure_demo_data(database: Database) -> bool:
    """Builds the demo on an empty database (no agencies and no groups); returns whether it did."""
    with database.session() as session:
        agencies = session.scalar(select(func.count()).select_from(Agency)) or 0
        groups = session.scalar(select(func.count()).select_from(Group)) or 0
    if agencies or groups:
        return False
    build_demo_data(database)
    return True


def build_demo_data(database: Database, today: dt.date | None = None) -> None:
    """Writes the whole demo in one transaction; the same `today` always gives the same rows."""
    # One summary entry in the audit trail rather than thousands of row entries. The builder acts as the
    # system for this one transaction only; nobody is signed in to the demo before or after it.
    with database.acting_as(SYSTEM), UnitOfWork(database, Permission.IMPORT_WORKBOOK, audit=False) as uow:
        Builder(uow.session, today or dt.date.today()).build()
        uow.session.add_all(demo_accounts())
        uow.record("database", "demo", after={"built for": (today or dt.date.today()).isoformat()})
        uow.commit()
