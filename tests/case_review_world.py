"""A small partnership with a CSPR group, its meetings, the standard kinds and three learning themes, for the
case reviews' service, report and exporter tests."""

from __future__ import annotations

import datetime as dt

from board_admin.domain.enums import GroupKind, Remit, Sector
from board_admin.reports import case_reviews as reports
from board_admin.services import case_reviews as cr
from board_admin.services import meetings as me
from board_admin.services import structure as st

D = dt.date


def build_review_world(database) -> dict:
    agencies = {
        short: st.create_agency(database, st.AgencyFields(name, sector, short))
        for name, sector, short in [
            ("Children's Social Care", Sector.LOCAL_AUTHORITY, "CSC"),
            ("Cambridgeshire Constabulary", Sector.POLICE, "Police"),
            ("Sexual Assault Referral Centre", Sector.HEALTH, "SARC"),
        ]
    }
    group = st.create_group(
        database, st.GroupFields("Child Safeguarding Practice Review group", GroupKind.SUBGROUP, Remit.CHILDREN, "CSPR")
    )
    meetings = [
        me.create_meeting(database, me.MeetingFields(group, day))
        for day in (D(2025, 6, 10), D(2025, 8, 12), D(2025, 10, 14))
    ]
    kinds = {kind.prefix: kind.id for kind in reports.review_kinds(database)}
    for theme in ("Professional curiosity", "Child sexual abuse", "Mental ill health"):
        cr.add_learning_theme(database, theme)
    return {"agencies": agencies, "group": group, "meetings": meetings, "kinds": kinds}


MAY_2 = D(2025, 5, 2)


def fields(world, prefix="RR", name="Oliver", notified=MAY_2, **others) -> cr.CaseReviewFields:
    return cr.CaseReviewFields(
        kind_id=world["kinds"][prefix],
        name=name,
        notified_on=notified,
        overseeing_group_id=world["group"],
        referring_agency_id=world["agencies"]["Police"],
        **others,
    )
