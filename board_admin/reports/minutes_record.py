"""The record kept with approved minutes (Meeting.minutes_record).

Approved minutes are a record of the meeting: the actions agreed there (with their status when the minutes
were approved), the actions carried into it, the challenges raised at it, its register (who came, for which
agency, who deputised, the quorum), the declarations of interest made at it, its chair and its group's name are
kept as they stood then, as JSON, so that what happened since (the next meeting's matters arising, a person or
an agency renamed) never changes them and they export the same document every time. A correction is a recorded
amendment. A record kept before registers were (version 1) reads the register, declarations, chair and group
as they stand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from typing import NamedTuple

from board_admin.db.engine import Database
from board_admin.domain.enums import ActionStatus, AttendanceStatus, InterestAction, InterestKind, MemberRole, Rag
from board_admin.domain.quorum import QuorumResult
from board_admin.reports.declarations import DeclarationRow, meeting_declarations
from board_admin.reports.meetings import (
    ActionRow,
    GuestLine,
    Register,
    RegisterLine,
    matters_arising,
    meeting_actions,
    meeting_detail,
    register,
)

_RECORD_VERSION = 2


def _kept(name: str) -> bool:
    """Ids and version numbers are this database's own, and mean nothing in a record read elsewhere."""
    return not (name in ("id", "version") or name.endswith("_id"))


def _encode(row) -> dict:
    values = {}
    for item in dataclasses.fields(row):
        if not _kept(item.name):
            continue
        value = getattr(row, item.name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, enum.Enum):
            value = value.value
        values[item.name] = value
    return values


def _decode(cls, values: dict, enums: dict[str, type]):
    known = {item.name for item in dataclasses.fields(cls)}
    kept: dict = {name: 0 if name in ("id", "version") else None for name in known if not _kept(name)}
    for name, value in values.items():
        if name not in known:
            continue
        if name in enums and value is not None:
            value = enums[name](value)
        elif isinstance(value, str) and (name.endswith("_date") or name.endswith("_on") or name in _DATE_NAMES):
            value = dt.date.fromisoformat(value)
        kept[name] = value
    return cls(**kept)


_DATE_NAMES = {"date_raised", "response_due", "date_closed", "raised_at_meeting_date"}


def minutes_record(database: Database, meeting_id: int) -> str:
    """The JSON kept with approved minutes (see Meeting.minutes_record), from the rows as they stand now."""
    from board_admin.reports.challenges import meeting_challenges  # it reads meetings' rows too

    detail = meeting_detail(database, meeting_id)
    record = {
        "version": _RECORD_VERSION,
        "actions": [_encode(row) for row in meeting_actions(database, meeting_id)],
        "matters_arising": [_encode(row) for row in matters_arising(database, meeting_id)],
        "challenges": [_encode(row) for row in meeting_challenges(database, meeting_id)],
        "register": _encode_register(register(database, meeting_id)),
        "declarations": [_encode(row) for row in meeting_declarations(database, meeting_id)],
        "meeting": {"group_name": detail.group_name, "chair": detail.chair},
    }
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def read_minutes_record(text: str) -> tuple[tuple[ActionRow, ...], tuple[ActionRow, ...], tuple]:
    """Actions agreed, matters arising and challenges, as `minutes_record` kept them."""
    from board_admin.domain.enums import ChallengeStatus
    from board_admin.reports.challenges import ChallengeLogRow

    record = json.loads(text)
    action_enums = {"status": ActionStatus, "rag": Rag}
    return (
        tuple(_decode(ActionRow, row, action_enums) for row in record.get("actions", ())),
        tuple(_decode(ActionRow, row, action_enums) for row in record.get("matters_arising", ())),
        tuple(_decode(ChallengeLogRow, row, {"status": ChallengeStatus}) for row in record.get("challenges", ())),
    )


def _encode_register(kept: Register) -> dict:
    return {
        "lines": [_encode(line) for line in kept.lines],
        "guests": [_encode(guest) for guest in kept.guests],
        "quorum": dataclasses.asdict(kept.quorum),
        "counting_roles": sorted(role.value for role in kept.counting_roles),
    }


class KeptMeeting(NamedTuple):
    """Who was at the meeting and in which name, as approved."""

    register: Register
    declarations: tuple
    group_name: str
    chair: str | None


def read_kept_meeting(text: str, meeting_id: int) -> KeptMeeting | None:
    """The register, declarations, chair and group's name as `minutes_record` kept them; None for a record kept
    before they were (version 1)."""

    record = json.loads(text)
    values = record.get("register")
    if values is None:
        return None
    quorum = dict(values["quorum"])
    quorum["missing_partners"] = tuple(quorum.get("missing_partners", ()))
    kept_register = Register(
        meeting_id=meeting_id,
        lines=tuple(
            _decode(RegisterLine, line, {"role": MemberRole, "status": AttendanceStatus}) for line in values["lines"]
        ),
        guests=tuple(_decode(GuestLine, guest, {}) for guest in values["guests"]),
        quorum=QuorumResult(**quorum),
        counting_roles=frozenset(MemberRole(role) for role in values["counting_roles"]),
    )
    enums = {"kind": InterestKind, "action": InterestAction}
    declarations = tuple(_decode(DeclarationRow, row, enums) for row in record.get("declarations", ()))
    meeting = record.get("meeting", {})
    return KeptMeeting(kept_register, declarations, meeting.get("group_name"), meeting.get("chair"))
