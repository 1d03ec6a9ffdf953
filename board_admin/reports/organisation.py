"""The organisation as documents and calendars name it (the `setting` table), and this database's own id.

`services.settings.save_organisation` writes the organisation's settings; the exporters read them here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from board_admin.db.engine import Database
from board_admin.db.models import Setting
from board_admin.domain.errors import ValidationError
from board_admin.domain.structure import email_problem

ORGANISATION_KEYS = {
    "name": "organisation.name",
    "organiser_name": "organisation.organiser_name",
    "organiser_email": "organisation.organiser_email",
}
# A random id made once per database, on its first calendar export: calendar UIDs end in it, so that two
# installations never send the same UID for different meetings.
INSTALLATION_KEY = "installation.id"
# The name documents carry when the business unit has not set its own.
USUAL_NAME = "Independent Safeguarding Partnership Service"
LONGEST = 200


@dataclass(frozen=True)
class Organisation:
    """The business unit's name and the calendar's organiser; empty strings for what was never set."""

    name: str = ""
    organiser_name: str = ""
    organiser_email: str = ""

    def validate(self) -> None:
        problem = email_problem(self.organiser_email, "The organiser")
        if problem:
            raise ValidationError(problem, "organiser_email")
        for field in ORGANISATION_KEYS:
            if len(getattr(self, field)) > LONGEST:
                raise ValidationError(f"The {field.replace('_', ' ')} is longer than {LONGEST} characters.", field)

    @property
    def shown_name(self) -> str:
        return self.name or USUAL_NAME


def organisation(database: Database) -> Organisation:
    """The organisation's settings as stored (empty strings for those never set)."""
    with database.session() as session:
        stored = dict(
            session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(ORGANISATION_KEYS.values()))).all()
        )
    return Organisation(**{name: stored.get(key, "") for name, key in ORGANISATION_KEYS.items()})


def installation_id(database: Database) -> str:
    """This database's random id, made and stored the first time it is asked for (the first calendar export)
    and the same ever after, so that the calendar's UIDs stay stable from one export to the next."""
    with database.session() as session:
        stored = session.get(Setting, INSTALLATION_KEY)
        if stored is not None and stored.value:
            return stored.value
        made = Setting(key=INSTALLATION_KEY, value=uuid.uuid4().hex)
        session.add(made)
        session.commit()
        return made.value
