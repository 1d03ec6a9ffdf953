"""Every write declares a permission, and leaves an audit entry with before and after values."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from board_admin.db.models import Agency, AuditEntry
from board_admin.domain.enums import Sector, UserRole
from board_admin.domain.errors import ValidationError
from board_admin.domain.permissions import Actor, PermissionDeniedError
from board_admin.services import structure as s
from board_admin.services.uow import UnitOfWork


def audit(database) -> list[AuditEntry]:
    with database.session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_create_update_delete_are_audited_with_before_and_after(database):
    agency_id = s.create_agency(database, s.AgencyFields("Healthwatch", Sector.OTHER, "HW"))
    s.update_agency(database, agency_id, s.AgencyFields("Healthwatch Cambridgeshire", Sector.OTHER, "HW"))
    s.delete_agency(database, agency_id)

    created, updated, deleted = audit(database)
    assert (created.entity, created.entity_id, created.operation, created.username) == (
        "agency",
        agency_id,
        "create",
        "system",
    )
    assert created.before is None
    assert json.loads(created.after) == {
        "id": agency_id,
        "name": "Healthwatch",
        "short_name": "HW",
        "sector": "other",
        "statutory_partner": False,
        "active": True,
    }
    assert json.loads(updated.before) == {"name": "Healthwatch"}
    assert json.loads(updated.after) == {"name": "Healthwatch Cambridgeshire"}
    assert deleted.operation == "delete" and deleted.after is None
    assert json.loads(deleted.before)["name"] == "Healthwatch Cambridgeshire"


def test_a_refused_write_leaves_no_audit_entry(database):
    s.create_agency(database, s.AgencyFields("Healthwatch", Sector.OTHER))
    with pytest.raises(ValidationError):
        s.create_agency(database, s.AgencyFields("healthwatch", Sector.OTHER))
    assert len(audit(database)) == 1


def test_saving_without_a_change_writes_nothing_to_the_trail(database):
    fields = s.AgencyFields("Healthwatch", Sector.OTHER)
    agency_id = s.create_agency(database, fields)
    s.update_agency(database, agency_id, fields)
    assert [entry.operation for entry in audit(database)] == ["create"]


def test_a_role_without_the_permission_is_refused_before_anything_is_written(database):
    database.actor = Actor("chair", "Chris Chair", frozenset({UserRole.CHAIR}))
    with pytest.raises(PermissionDeniedError, match="Chris Chair \\(Chair\\) may not edit the boards"):
        s.create_agency(database, s.AgencyFields("Healthwatch", Sector.OTHER))
    with database.session() as session:
        assert session.scalars(select(Agency)).all() == []
    assert audit(database) == []


def test_the_trail_names_the_signed_in_user(database):
    database.actor = Actor("amy", "Amy Admin", frozenset({UserRole.ADMINISTRATOR}))
    s.create_agency(database, s.AgencyFields("Healthwatch", Sector.OTHER))
    assert audit(database)[0].username == "amy"


def test_a_unit_of_work_that_declares_no_permission_cannot_write(database):
    with UnitOfWork(database) as uow:
        uow.session.add(Agency(name="Sneaky", sector=Sector.OTHER))
        with pytest.raises(RuntimeError, match="must declare the permission"):
            uow.commit()
    with database.session() as session:
        assert session.scalars(select(Agency)).all() == []
