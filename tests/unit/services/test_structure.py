"""The structure services on a real database: every rule, and that a refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from board_admin.db.models import Agency, Group, Membership, Person
from board_admin.domain.enums import GroupKind, MemberRole, Remit, Sector
from board_admin.domain.errors import ConflictError, InUseError, NotFoundError, ValidationError
from board_admin.domain.permissions import Permission
from board_admin.services import structure as s

D = dt.date


@pytest.fixture
def world(database):
    """Two agencies, three people, a board and a task and finish group under it."""
    police = s.create_agency(database, s.AgencyFields("Cambridgeshire Constabulary", Sector.POLICE, "Police", True))
    council = s.create_agency(
        database, s.AgencyFields("Peterborough City Council", Sector.LOCAL_AUTHORITY, "PCC", True)
    )
    ann = s.create_person(database, s.PersonFields("Ann Hale", police, "Detective Superintendent"))
    bob = s.create_person(database, s.PersonFields("Bob Marsh", council, "Director of Children's Services"))
    cat = s.create_person(database, s.PersonFields("Cat Singh", police, "Detective Inspector"))
    board = s.create_group(
        database, s.GroupFields("Safeguarding Children Partnership Board", GroupKind.BOARD, Remit.CHILDREN)
    )
    neglect = s.create_group(
        database,
        s.GroupFields(
            "Neglect task and finish group",
            GroupKind.TASK_AND_FINISH,
            Remit.CHILDREN,
            parent_id=board,
            start_date=D(2020, 1, 1),
            end_date=D(2020, 12, 31),
        ),
    )
    return dict(db=database, police=police, council=council, ann=ann, bob=bob, cat=cat, board=board, neglect=neglect)


def count(database, model) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def fetch(database, model, record_id):
    with database.session() as session:
        return session.get(model, record_id)


def refused(call, field: str | None, match: str, error=ValidationError):
    with pytest.raises(error, match=match) as caught:
        call()
    if field is not None:
        assert caught.value.field == field
    return caught.value


# --- agencies ------------------------------------------------------------------------------------


def test_agency_is_saved_with_its_details(world):
    agency = fetch(world["db"], Agency, world["police"])
    assert (agency.name, agency.short_name, agency.sector, agency.statutory_partner, agency.active) == (
        "Cambridgeshire Constabulary",
        "Police",
        Sector.POLICE,
        True,
        True,
    )


@pytest.mark.parametrize("name", ["", "   "])
def test_agency_needs_a_name(world, name):
    refused(lambda: s.create_agency(world["db"], s.AgencyFields(name, Sector.HEALTH)), "name", "cannot be empty")
    assert count(world["db"], Agency) == 2


def test_agency_names_are_unique_whatever_the_case(world):
    refused(
        lambda: s.create_agency(world["db"], s.AgencyFields("CAMBRIDGESHIRE  constabulary", Sector.POLICE)),
        "name",
        "already an agency called",
    )
    assert count(world["db"], Agency) == 2


def test_agency_rename_to_another_agencys_name_is_refused(world):
    refused(
        lambda: s.update_agency(
            world["db"], world["council"], s.AgencyFields("Cambridgeshire Constabulary", Sector.POLICE)
        ),
        "name",
        "already",
    )
    assert fetch(world["db"], Agency, world["council"]).name == "Peterborough City Council"


def test_agency_needs_a_sector(world):
    refused(lambda: s.create_agency(world["db"], s.AgencyFields("Healthwatch", None)), "sector", "sector")


def test_overlong_name_is_refused(world):
    refused(lambda: s.create_agency(world["db"], s.AgencyFields("x" * 201, Sector.OTHER)), "name", "201 characters")


def test_agency_in_use_cannot_be_deleted_but_can_be_made_inactive(world):
    error = refused(lambda: s.delete_agency(world["db"], world["police"]), None, "2 people", InUseError)
    assert "inactive" in error.message
    s.set_agency_active(world["db"], world["police"], False)
    assert fetch(world["db"], Agency, world["police"]).active is False


def test_unused_agency_can_be_deleted(world):
    spare = s.create_agency(world["db"], s.AgencyFields("Healthwatch", Sector.OTHER))
    s.delete_agency(world["db"], spare)
    assert fetch(world["db"], Agency, spare) is None
    refused(lambda: s.delete_agency(world["db"], spare), None, "no longer exists", NotFoundError)


def test_stale_copy_of_an_agency_is_refused(world):
    version = fetch(world["db"], Agency, world["council"]).version
    s.update_agency(world["db"], world["council"], s.AgencyFields("PCC renamed", Sector.LOCAL_AUTHORITY), version)
    refused(
        lambda: s.update_agency(world["db"], world["council"], s.AgencyFields("Mine", Sector.LOCAL_AUTHORITY), version),
        None,
        r"Someone else changed this agency after you opened it \(system, \d\d/\d\d/\d{4} \d\d:\d\d: "
        r"name 'Peterborough City Council' became 'PCC renamed'; short name 'PCC' became blank; "
        r"statutory partner Yes became No\)",
        ConflictError,
    )
    assert fetch(world["db"], Agency, world["council"]).name == "PCC renamed"


def test_concurrent_write_of_the_same_record_is_detected(world):
    """Two sessions load the same agency; the second to write is refused, not silently applied."""
    from board_admin.services.uow import UnitOfWork

    with (
        UnitOfWork(world["db"], Permission.EDIT_STRUCTURE) as first,
        UnitOfWork(world["db"], Permission.EDIT_STRUCTURE) as second,
    ):
        mine = first.session.get(Agency, world["council"])
        theirs = second.session.get(Agency, world["council"])
        mine.short_name = "First"
        first.commit()
        theirs.short_name = "Second"
        with pytest.raises(ConflictError):
            second.commit()
    assert fetch(world["db"], Agency, world["council"]).short_name == "First"


# --- people --------------------------------------------------------------------------------------


def test_person_needs_name_and_agency(world):
    refused(lambda: s.create_person(world["db"], s.PersonFields(" ", world["police"])), "name", "cannot be empty")
    refused(lambda: s.create_person(world["db"], s.PersonFields("Dee Ray", None)), "agency_id", "Choose the agency")
    refused(lambda: s.create_person(world["db"], s.PersonFields("Dee Ray", 99999)), "agency_id", "no longer exists")
    assert count(world["db"], Person) == 3


def test_person_names_are_unique(world):
    refused(lambda: s.create_person(world["db"], s.PersonFields("ann hale", world["council"])), "name", "already")


def test_bad_email_is_refused(world):
    refused(
        lambda: s.create_person(world["db"], s.PersonFields("Dee Ray", world["police"], email="dee at police")),
        "email",
        "not an email address",
    )


def test_no_new_people_in_an_inactive_agency(world):
    s.set_agency_active(world["db"], world["council"], False)
    refused(lambda: s.create_person(world["db"], s.PersonFields("Dee Ray", world["council"])), "agency_id", "inactive")


def test_person_with_memberships_cannot_be_deleted(world):
    s.add_membership(world["db"], s.MembershipFields(world["board"], world["ann"], MemberRole.MEMBER, D(2020, 1, 1)))
    refused(lambda: s.delete_person(world["db"], world["ann"]), None, "1 memberships", InUseError)
    s.delete_person(world["db"], world["bob"])
    assert count(world["db"], Person) == 2


def test_person_moving_agency_keeps_past_memberships_with_the_old_agency(world):
    first = s.add_membership(
        world["db"], s.MembershipFields(world["board"], world["ann"], MemberRole.MEMBER, D(2019, 1, 1), D(2019, 12, 31))
    )
    s.update_person(world["db"], world["ann"], s.PersonFields("Ann Hale", world["council"], "Head of Service"))
    second = s.add_membership(
        world["db"], s.MembershipFields(world["board"], world["ann"], MemberRole.MEMBER, D(2020, 1, 1))
    )
    assert fetch(world["db"], Membership, first).agency_id == world["police"]
    assert fetch(world["db"], Membership, second).agency_id == world["council"]


# --- groups --------------------------------------------------------------------------------------


def test_group_names_are_unique(world):
    refused(
        lambda: s.create_group(world["db"], s.GroupFields("safeguarding children partnership board", GroupKind.BOARD)),
        "name",
        "already a group",
    )


def test_group_end_before_start_is_refused(world):
    refused(
        lambda: s.create_group(
            world["db"],
            s.GroupFields(
                "CSA task and finish", GroupKind.TASK_AND_FINISH, start_date=D(2021, 5, 1), end_date=D(2021, 4, 30)
            ),
        ),
        "end_date",
        r"end date \(30/04/2021\) is before the start date \(01/05/2021\)",
    )
    assert count(world["db"], Group) == 2


def test_quorum_must_be_positive(world):
    refused(
        lambda: s.create_group(world["db"], s.GroupFields("QEG", GroupKind.SUBGROUP, quorum=0)), "quorum", "at least"
    )


def test_group_cannot_report_to_its_own_subgroup(world):
    board = fetch(world["db"], Group, world["board"])
    fields = s.GroupFields(board.name, board.kind, board.remit, parent_id=world["neglect"])
    refused(
        lambda: s.update_group(world["db"], world["board"], fields),
        "parent_id",
        "^This makes a loop: Safeguarding Children Partnership Board reports to Neglect task and finish group "
        "reports to Safeguarding Children Partnership Board\\.$",
    )
    refused(
        lambda: s.update_group(
            world["db"], world["board"], s.GroupFields(board.name, board.kind, parent_id=world["board"])
        ),
        "parent_id",
        "^A group cannot report to itself\\.$",
    )
    assert fetch(world["db"], Group, world["board"]).parent_id is None


def test_group_can_move_under_another_parent(world):
    executive = s.create_group(world["db"], s.GroupFields("Executive Safeguarding Partnership Board", GroupKind.BOARD))
    board = fetch(world["db"], Group, world["board"])
    s.update_group(world["db"], world["board"], s.GroupFields(board.name, board.kind, board.remit, parent_id=executive))
    assert fetch(world["db"], Group, world["board"]).parent_id == executive


def test_group_with_subgroups_cannot_be_deleted(world):
    refused(lambda: s.delete_group(world["db"], world["board"]), None, "1 groups reporting to it", InUseError)


def test_ending_a_group_ends_its_open_memberships(world):
    open_seat = s.add_membership(
        world["db"],
        s.MembershipFields(world["neglect"], world["ann"], MemberRole.CHAIR, D(2020, 1, 1), D(2020, 12, 31)),
    )
    s.end_group(world["db"], world["neglect"], D(2020, 9, 30))
    assert fetch(world["db"], Group, world["neglect"]).end_date == D(2020, 9, 30)
    assert fetch(world["db"], Membership, open_seat).end_date == D(2020, 9, 30)


def test_group_cannot_end_before_someone_joined(world):
    s.add_membership(world["db"], s.MembershipFields(world["board"], world["bob"], MemberRole.MEMBER, D(2021, 6, 1)))
    refused(lambda: s.end_group(world["db"], world["board"], D(2021, 1, 1)), "end_date", "joined")
    assert fetch(world["db"], Group, world["board"]).end_date is None


# --- memberships ---------------------------------------------------------------------------------


def test_membership_takes_the_persons_agency_by_default(world):
    seat = s.add_membership(
        world["db"], s.MembershipFields(world["board"], world["bob"], MemberRole.CHAIR, D(2020, 4, 1))
    )
    membership = fetch(world["db"], Membership, seat)
    assert (membership.agency_id, membership.role, membership.end_date) == (world["council"], MemberRole.CHAIR, None)


def test_membership_end_before_start_is_refused(world):
    refused(
        lambda: s.add_membership(
            world["db"],
            s.MembershipFields(world["board"], world["bob"], MemberRole.MEMBER, D(2020, 4, 1), D(2020, 3, 1)),
        ),
        "end_date",
        "before the start date",
    )
    assert count(world["db"], Membership) == 0


def test_no_membership_of_a_group_that_has_ended(world):
    refused(
        lambda: s.add_membership(
            world["db"], s.MembershipFields(world["neglect"], world["bob"], MemberRole.MEMBER, D(2021, 2, 1))
        ),
        "start_date",
        "ended on 31/12/2020; nobody can join",
    )


def test_membership_of_an_ended_group_must_end_with_it(world):
    refused(
        lambda: s.add_membership(
            world["db"], s.MembershipFields(world["neglect"], world["bob"], MemberRole.MEMBER, D(2020, 2, 1))
        ),
        "end_date",
        "must end by then",
    )


def test_no_membership_before_the_group_started(world):
    refused(
        lambda: s.add_membership(
            world["db"],
            s.MembershipFields(world["neglect"], world["bob"], MemberRole.MEMBER, D(2019, 6, 1), D(2020, 6, 1)),
        ),
        "start_date",
        "started on 01/01/2020",
    )


def test_overlapping_memberships_of_one_person_are_refused(world):
    s.add_membership(
        world["db"], s.MembershipFields(world["board"], world["bob"], MemberRole.MEMBER, D(2020, 1, 1), D(2020, 12, 31))
    )
    refused(
        lambda: s.add_membership(
            world["db"], s.MembershipFields(world["board"], world["bob"], MemberRole.CHAIR, D(2020, 6, 1))
        ),
        "start_date",
        "already on",
    )
    s.add_membership(world["db"], s.MembershipFields(world["board"], world["bob"], MemberRole.CHAIR, D(2021, 1, 1)))
    assert count(world["db"], Membership) == 2


def test_inactive_person_cannot_join(world):
    s.set_person_active(world["db"], world["cat"], False)
    refused(
        lambda: s.add_membership(
            world["db"], s.MembershipFields(world["board"], world["cat"], MemberRole.MEMBER, D(2020, 1, 1))
        ),
        "person_id",
        "inactive",
    )


def test_deputy_stands_in_for_a_member_of_the_same_group(world):
    principal = s.add_membership(
        world["db"], s.MembershipFields(world["board"], world["ann"], MemberRole.MEMBER, D(2020, 1, 1))
    )
    refused(
        lambda: s.add_membership(
            world["db"],
            s.MembershipFields(world["board"], world["cat"], MemberRole.MEMBER, D(2020, 1, 1), deputy_for_id=principal),
        ),
        "role",
        "Only a membership with the role Deputy",
    )
    refused(
        lambda: s.add_membership(
            world["db"],
            s.MembershipFields(
                world["neglect"], world["cat"], MemberRole.DEPUTY, D(2020, 1, 1), D(2020, 2, 1), deputy_for_id=principal
            ),
        ),
        "deputy_for_id",
        "same group",
    )
    deputy = s.add_membership(
        world["db"],
        s.MembershipFields(world["board"], world["cat"], MemberRole.DEPUTY, D(2020, 1, 1), deputy_for_id=principal),
    )
    assert fetch(world["db"], Membership, deputy).deputy_for_id == principal


def test_ending_a_membership_keeps_history_and_ends_its_deputies(world):
    principal = s.add_membership(
        world["db"], s.MembershipFields(world["board"], world["ann"], MemberRole.MEMBER, D(2020, 1, 1))
    )
    deputy = s.add_membership(
        world["db"],
        s.MembershipFields(world["board"], world["cat"], MemberRole.DEPUTY, D(2020, 1, 1), deputy_for_id=principal),
    )
    refused(lambda: s.end_membership(world["db"], principal, D(2019, 1, 1)), "end_date", "before the start")
    s.end_membership(world["db"], principal, D(2021, 3, 31))
    assert fetch(world["db"], Membership, principal).end_date == D(2021, 3, 31)
    assert fetch(world["db"], Membership, deputy).end_date == D(2021, 3, 31)
    assert count(world["db"], Membership) == 2


def test_changing_role_ends_the_old_term_and_starts_a_new_one(world):
    first = s.add_membership(
        world["db"], s.MembershipFields(world["board"], world["bob"], MemberRole.MEMBER, D(2020, 1, 1))
    )
    deputy = s.add_membership(
        world["db"],
        s.MembershipFields(world["board"], world["cat"], MemberRole.DEPUTY, D(2020, 1, 1), deputy_for_id=first),
    )
    second = s.change_role(world["db"], first, MemberRole.CHAIR, D(2021, 4, 1))
    old, new = fetch(world["db"], Membership, first), fetch(world["db"], Membership, second)
    assert (old.role, old.end_date) == (MemberRole.MEMBER, D(2021, 3, 31))
    assert (new.role, new.start_date, new.end_date, new.agency_id) == (
        MemberRole.CHAIR,
        D(2021, 4, 1),
        None,
        world["council"],
    )
    assert fetch(world["db"], Membership, deputy).deputy_for_id == second


def test_role_change_on_the_first_day_is_a_correction(world):
    first = s.add_membership(
        world["db"], s.MembershipFields(world["board"], world["bob"], MemberRole.MEMBER, D(2020, 1, 1))
    )
    assert s.change_role(world["db"], first, MemberRole.VICE_CHAIR, D(2020, 1, 1)) == first
    assert fetch(world["db"], Membership, first).role == MemberRole.VICE_CHAIR
    assert count(world["db"], Membership) == 1


def test_role_change_outside_the_term_is_refused(world):
    first = s.add_membership(
        world["db"], s.MembershipFields(world["board"], world["bob"], MemberRole.MEMBER, D(2020, 1, 1), D(2020, 6, 30))
    )
    refused(
        lambda: s.change_role(world["db"], first, MemberRole.CHAIR, D(2019, 1, 1)), "start_date", "cannot start before"
    )
    refused(
        lambda: s.change_role(world["db"], first, MemberRole.CHAIR, D(2020, 7, 1)), "start_date", "cannot start after"
    )
    assert count(world["db"], Membership) == 1


def test_group_with_members_cannot_be_deleted(world):
    s.add_membership(world["db"], s.MembershipFields(world["board"], world["bob"], MemberRole.MEMBER, D(2020, 1, 1)))
    s.delete_group(world["db"], world["neglect"])
    refused(lambda: s.delete_group(world["db"], world["board"]), None, "1 memberships", InUseError)
