"""The settings shared by everyone using the database (the `setting` table), starting with the attendance
thresholds the chair agrees (DESIGN.md 3: serial non-attendance and the colour bands are settings).

Settings are read by `reports.attendance.attendance_thresholds`; only this module writes them.
"""

from __future__ import annotations

from dataclasses import asdict, astuple

from board_admin.db.engine import Database
from board_admin.db.models import Setting
from board_admin.domain.attendance import AttendanceThresholds
from board_admin.domain.permissions import Permission
from board_admin.reports.organisation import ORGANISATION_KEYS, Organisation
from board_admin.services.uow import UnitOfWork

# Setting keys, by field of AttendanceThresholds.
ATTENDANCE_KEYS = {
    "missed_in_a_row": "attendance.missed_in_a_row",
    "minimum_rate": "attendance.minimum_rate",
    "green_from": "attendance.green_from",
    "amber_from": "attendance.amber_from",
}


def write_settings(uow: UnitOfWork, keys: dict[str, str], was: dict[str, object], now: dict[str, object]) -> None:
    """Stores each named value of `now` as text under its setting's key, and writes one audit entry with the
    values that changed, as they were and as they are now. (The audit trail's entity id is a number and a
    setting's key is text, so the entry is written by hand rather than one per row.)

    On a shared server set up with setup-server the server's trigger has already written an entry for each
    setting row changed, naming the setting and the login: a summary as well would audit the change twice."""
    for name, key in keys.items():
        value = now[name] if isinstance(now[name], str) else str(now[name])
        setting = uow.session.get(Setting, key)
        if setting is None:
            uow.session.add(Setting(key=key, value=value))
        else:
            setting.value = value
    uow.flush()
    changed = [name for name in keys if was[name] != now[name]]
    if changed and uow.database.server_roles is None:
        uow.record(
            "setting",
            "update",
            None,
            before={name: was[name] for name in changed},
            after={name: now[name] for name in changed},
        )


def save_attendance_thresholds(database: Database, thresholds: AttendanceThresholds) -> AttendanceThresholds:
    """Stores the thresholds for everyone; a value out of range raises ValidationError naming the field."""
    database.actor.require(Permission.MANAGE_SETTINGS)  # refused before the values are even looked at
    thresholds.validate()
    # The audit trail's entity id is a number and a setting's key is text, so one summary entry is written
    # by hand rather than one per row: the thresholds that changed, as they were and as they are now.
    with UnitOfWork(database, Permission.MANAGE_SETTINGS, audit=False) as uow:
        write_settings(uow, ATTENDANCE_KEYS, asdict(_stored_thresholds(uow.session)), asdict(thresholds))
        uow.commit()
    return thresholds


def _stored_thresholds(session) -> AttendanceThresholds:
    """The thresholds in force before this change (the defaults for any never saved)."""
    values = {}
    for name, key in ATTENDANCE_KEYS.items():
        setting = session.get(Setting, key)
        if setting is not None and setting.value.lstrip("-").isdigit():
            values[name] = int(setting.value)
    return AttendanceThresholds(**values)


# --- the organisation named on documents and calendars --------------------------------------------


def save_organisation(database: Database, details: Organisation) -> Organisation:
    """Stores the organisation's name and the calendar's organiser for everyone; a bad e-mail raises
    ValidationError and nothing is stored."""
    database.actor.require(Permission.MANAGE_SETTINGS)
    details = Organisation(*(value.strip() for value in astuple(details)))
    details.validate()
    with UnitOfWork(database, Permission.MANAGE_SETTINGS, audit=False) as uow:
        was = {name: getattr(uow.session.get(Setting, key), "value", "") for name, key in ORGANISATION_KEYS.items()}
        write_settings(uow, ORGANISATION_KEYS, was, {name: getattr(details, name) for name in ORGANISATION_KEYS})
        uow.commit()
    return details
