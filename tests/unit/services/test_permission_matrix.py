"""Every write service against every role: refused exactly where the role lacks the permission.

The permission check is the first thing a service's unit of work does, so each service is called with
placeholder arguments: a refused role must get PermissionDeniedError (and nothing written); an allowed
role must get past the check (whatever the placeholders then cause).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import re

import pytest
from sqlalchemy import func, select

from board_admin.db.models import AuditEntry
from board_admin.domain.enums import UserRole
from board_admin.domain.permissions import Actor, Permission, PermissionDeniedError

P = Permission
SERVICES = {
    "structure": (
        P.EDIT_STRUCTURE,
        "add_membership add_to_past_registers change_role create_agency create_group create_person delete_agency "
        "delete_group "
        "delete_membership delete_person end_group end_membership set_agency_active set_person_active "
        "update_agency update_group update_membership update_person",
    ),
    "meetings": (
        P.EDIT_MEETINGS,
        "add_agenda_item add_guest add_standard_agenda cancel_meeting create_action "
        "create_meeting delete_action delete_agenda_item delete_meeting generate_schedule mark_held mark_planned "
        "move_agenda_item postpone_meeting remove_guest set_action_status set_attendance set_attendance_many "
        "update_action update_agenda_item update_meeting",
    ),
    "governance": (P.EDIT_MEETINGS, "delete_declaration record_declaration update_declaration"),
    "papers": (P.EDIT_MEETINGS, "add_paper remove_paper replace_paper"),
    "minutes": (
        P.EDIT_MEETINGS,
        "delete_advance_apology mark_minutes_circulated record_advance_apology update_advance_apology",
    ),
    "minutes ": (P.APPROVE_MINUTES, "approve_minutes record_amendment withdraw_approval"),
    "challenges": (
        P.EDIT_CHALLENGES,
        "add_theme change_status delete_challenge escalate_challenge record_challenge rename_theme "
        "set_theme_active update_challenge",
    ),
    "challenges ": (P.RESPOND_TO_CHALLENGES, "close_challenge record_outcome record_response"),
    "funding": (
        P.EDIT_FUNDING,
        "apply_contribution_formula create_budget_line create_contribution create_expenditure create_income_line "
        "delete_budget_line delete_contribution delete_expenditure delete_income_line open_year update_budget_line "
        "update_contribution update_expenditure update_income_line",
    ),
    "case_reviews": (
        P.EDIT_CASE_REVIEWS,
        "add_learning_theme add_recommendation add_recommendation_action add_review_kind change_review_status "
        "delete_case_review delete_recommendation record_case_review rename_learning_theme "
        "set_learning_theme_active update_case_review update_recommendation",
    ),
    "case_reviews ": (P.MANAGE_SETTINGS, "save_report_months"),
    "accounts": (P.MANAGE_ACCOUNTS, "create_account reset_password set_account_active update_account"),
    "settings": (P.MANAGE_SETTINGS, "save_attendance_thresholds save_organisation"),
    "workbook_import": (P.IMPORT_WORKBOOK, "import_workbook"),
    "backups": (P.RESTORE_BACKUP, "restore_from_backup"),
    "backups ": (P.MANAGE_SETTINGS, "save_backup_settings"),
}
# Not in the matrix, on purpose: sign_in and change_own_password (anyone may try, the password decides), and
# create_first_administrator (only while a database has no account at all; tested in test_accounts).
UNGUARDED = {"sign_in", "change_own_password", "create_first_administrator"}

CASES = [
    (module.strip(), name, permission) for module, (permission, names) in SERVICES.items() for name in names.split()
]
ROLES = [frozenset({role}) for role in UserRole] + [frozenset()]


def placeholder(name: str):
    """An argument of the right kind, pointing at nothing; enough to reach the permission check."""
    if name in ("year",):
        from board_admin.domain.financial_year import FinancialYear

        return FinancialYear(2015)
    if name.endswith(("_date", "_on")) or name in ("day",):
        return dt.date(2020, 1, 1)
    if name.endswith(("ids",)):
        return [999_999]
    if name.endswith(("_id", "position")) or name in ("version",):
        return 999_999
    if name in ("path",):
        return "missing.xlsx"
    if name in ("source",):
        return "missing.sqlite"
    if name in ("interval_minutes",):
        return 30
    if name in ("active", "dry_run"):
        return True
    return None


def call(database, module: str, name: str):
    function = getattr(importlib.import_module(f"board_admin.services.{module}"), name)
    parameters = list(inspect.signature(function).parameters.values())[1:]
    arguments = [placeholder(parameter.name) for parameter in parameters if parameter.default is parameter.empty]
    return function(database, *arguments)


def audit_count(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


@pytest.mark.parametrize("roles", ROLES, ids=lambda roles: "+".join(sorted(roles)) or "no-role")
@pytest.mark.parametrize(("module", "name", "permission"), CASES, ids=[f"{m}.{n}" for m, n, _ in CASES])
def test_each_write_service_for_each_role(sqlite_database, module, name, permission, roles):
    actor = Actor("someone", "Someone", roles)
    sqlite_database.actor = actor
    before = audit_count(sqlite_database)
    if actor.can(permission):
        try:
            call(sqlite_database, module, name)
        except PermissionDeniedError as error:
            pytest.fail(f"{name} refused a role that holds {permission.name}: {error}")
        except Exception:  # noqa: BLE001 - the placeholders point at nothing; past the check is all that counts
            pass
    else:
        with pytest.raises(PermissionDeniedError, match=re.escape(permission.value)):
            call(sqlite_database, module, name)
        assert audit_count(sqlite_database) == before


def test_every_write_service_is_in_the_matrix():
    """A new service that opens a unit of work with a permission must be added to the matrix above."""
    listed = {name for _module, name, _permission in CASES} | UNGUARDED
    for module in {module.strip() for module in SERVICES}:
        loaded = importlib.import_module(f"board_admin.services.{module}")
        for name, function in inspect.getmembers(loaded, inspect.isfunction):
            if function.__module__ == loaded.__name__ and not name.startswith("_"):
                if "UnitOfWork(" in inspect.getsource(function):
                    assert name in listed, f"{module}.{name} is missing from the permission matrix"


def test_the_roles_as_the_design_says():
    admin, chair, finance = (Actor("x", "X", frozenset({role})) for role in UserRole)
    assert all(admin.can(permission) for permission in Permission)
    assert {p for p in Permission if chair.can(p)} == {
        P.RESPOND_TO_CHALLENGES,
        P.EXPORT,
        P.SIGN_IN,
        P.READ_CASE_REVIEWS,
    }
    assert {p for p in Permission if finance.can(p)} == {P.EDIT_FUNDING, P.EXPORT, P.SIGN_IN}
