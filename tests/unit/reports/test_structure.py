from __future__ import annotations

import datetime as dt

from board_admin.domain.enums import GroupKind, MemberRole, Remit
from board_admin.reports import structure as r
from board_admin.reports.lists import GroupRow
from board_admin.services import structure as s
from tests.sample_world import CHILDREN_BOARD, EDUCATION_FORUM, EXECUTIVE, NEGLECT, QEG

TODAY = dt.date(2025, 6, 15)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def test_structure_order_puts_each_group_under_its_parent(database, with_world):
    world = with_world(database, TODAY)
    placed = r.structure_on(database, TODAY)
    # Subgroups before forums under the same board; the ended task and finish group is left out.
    assert [(entry.group.name, entry.depth) for entry in placed] == [
        (EXECUTIVE, 0),
        (CHILDREN_BOARD, 1),
        (QEG, 2),
        (EDUCATION_FORUM, 2),
    ]
    assert placed[2].parent_id == world.groups[CHILDREN_BOARD]
    on_the_day_it_ran = [entry.group.name for entry in r.structure_on(database, days(-400))]
    assert NEGLECT in on_the_day_it_ran


def test_structure_order_survives_a_loop_and_a_missing_parent():
    def group(group_id: int, name: str, parent: int | None) -> GroupRow:
        return GroupRow(group_id, name, None, GroupKind.SUBGROUP, Remit.JOINT, parent, None, None, None, None, (), 0)

    placed = r.structure_order([group(1, "A", 2), group(2, "B", 1), group(3, "C", 99), group(4, "D", 3)])
    assert {entry.group.name: entry.depth for entry in placed}["D"] == 1
    assert sorted(entry.group.name for entry in placed) == ["A", "B", "C", "D"]
    assert [entry.group.name for entry in placed if entry.depth == 0] == ["A", "B", "C"]


def test_a_persons_memberships_across_groups_current_first(database, with_world):
    world = with_world(database, TODAY)
    rows = r.person_memberships(database, world.people["Dev Patel"], TODAY)
    assert [(row.group_name, row.role, row.current_on(TODAY)) for row in rows] == [
        (QEG, MemberRole.MEMBER, True),
        (NEGLECT, MemberRole.MEMBER, False),
        (CHILDREN_BOARD, MemberRole.MEMBER, False),  # starts next month
    ]
    assert rows[1].end_date == days(-300) and rows[1].agency_name == "National Probation Service"
    frank = r.person_memberships(database, world.people["Frank Hollis"], TODAY)
    assert [(row.role, row.deputy_for) for row in frank] == [(MemberRole.DEPUTY, "Ben Okafor")]


def test_an_agencys_representatives_keep_the_agency_they_represented(database, with_world):
    world = with_world(database, TODAY)
    police = r.agency_representatives(database, world.agencies["Police"], TODAY)
    assert [(row.group_name, row.person_name, row.role) for row in police] == [
        (EXECUTIVE, "Ben Okafor", MemberRole.MEMBER),
        (CHILDREN_BOARD, "Ben Okafor", MemberRole.MEMBER),
        (CHILDREN_BOARD, "Frank Hollis", MemberRole.DEPUTY),
    ]
    # Ben moves to the council: his seats stay with the police, who he represented then.
    s.update_person(
        database, world.people["Ben Okafor"], s.PersonFields("Ben Okafor", world.agencies["CCC"], "Director")
    )
    assert len(r.agency_representatives(database, world.agencies["Police"], TODAY)) == 3
    assert r.agency_representatives(database, world.agencies["CCC"], TODAY)[0].person_name == "Alison Reed"
    hospital = r.agency_representatives(database, world.agencies["HHT"], TODAY)
    assert [(row.person_name, row.current_on(TODAY)) for row in hospital] == [("Eve Marsh", False)]


def test_membership_matrix_today(database, with_world):
    world = with_world(database, TODAY)
    matrix = r.membership_matrix(database, TODAY)
    assert [entry.group.name for entry in matrix.groups] == [EXECUTIVE, CHILDREN_BOARD, QEG, EDUCATION_FORUM]
    assert [agency.name for agency in matrix.agencies] == [
        "Cambridgeshire and Peterborough Clinical Commissioning Group",
        "Cambridgeshire Constabulary",
        "Cambridgeshire County Council",
        "Independent Safeguarding Partnership Service",
        "National Probation Service",
    ]
    a, g = world.agencies, world.groups

    def text(agency: str, group: str) -> str:
        return matrix.cell(a[agency], g[group]).text

    assert text("CCC", EXECUTIVE) == r.TICK
    assert text("ISPS", EXECUTIVE) == "Chair"
    assert text("Police", CHILDREN_BOARD) == r.TICK
    assert matrix.cell(a["Police"], g[CHILDREN_BOARD]).described == "Member, Deputy"
    assert matrix.cell(a["Police"], g[CHILDREN_BOARD]).people == ("Ben Okafor", "Frank Hollis")
    assert text("CCC", CHILDREN_BOARD) == ""  # Alison's chair ended 200 days ago
    assert text("NPS", CHILDREN_BOARD) == ""  # Dev joins next month
    assert text("CCG", QEG) == "Chair"
    assert matrix.groups_of(a["Police"]) == 2 and matrix.groups_of(a["NPS"]) == 1


def test_membership_matrix_on_a_past_date_and_for_chosen_groups(database, with_world):
    world = with_world(database, TODAY)
    a, g = world.agencies, world.groups
    past = r.membership_matrix(database, days(-350), group_ids=[g[CHILDREN_BOARD], g[NEGLECT]])
    assert [entry.group.name for entry in past.groups] == [CHILDREN_BOARD, NEGLECT]
    assert past.cell(a["CCC"], g[CHILDREN_BOARD]).text == "Chair"
    assert past.cell(a["HHT"], g[CHILDREN_BOARD]).text == r.TICK
    assert past.cell(a["NPS"], g[NEGLECT]).text == r.TICK
    assert "Independent Safeguarding Partnership Service" not in [agency.name for agency in past.agencies]
    nothing = r.membership_matrix(database, dt.date(2000, 1, 1))
    # The standing groups (no start date) were there; nobody sat on them yet.
    assert len(nothing.groups) == 4 and nothing.agencies == () and nothing.cells == {}
