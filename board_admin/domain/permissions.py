"""Who may do what (DESIGN.md section 1): enforced by the services, reflected by the screens.

Administrators do everything; chairs read everything, export, and record challenge responses and
outcomes; finance keeps the money and reads the rest, except case reviews (they concern individuals).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from board_admin.domain.enums import UserRole
from board_admin.domain.errors import BoardAdminError


class Permission(enum.StrEnum):
    EDIT_STRUCTURE = "edit the boards, groups, people and agencies"
    EDIT_MEETINGS = "edit meetings, registers, agendas, papers, minutes and actions"
    # Approval makes the minutes the record of the meeting; only the business unit's administrators do it.
    APPROVE_MINUTES = "approve minutes and record amendments to approved minutes"
    EDIT_CHALLENGES = "record and edit challenges"
    RESPOND_TO_CHALLENGES = "record challenge responses and outcomes"
    EDIT_FUNDING = "edit contributions, income, budgets and expenditure"
    EDIT_CASE_REVIEWS = "record and edit case reviews"
    # The only reading a role may be refused: case reviews concern individuals (issue 24).
    READ_CASE_REVIEWS = "read case reviews"
    IMPORT_WORKBOOK = "import a workbook"
    RESTORE_BACKUP = "restore a backup"
    EXPORT = "export reports"
    MANAGE_ACCOUNTS = "manage accounts"
    MANAGE_SETTINGS = "change the shared settings"
    # Everyone may try to sign in or change their own password; the service checks the password itself.
    SIGN_IN = "sign in"


ROLE_PERMISSIONS: dict[UserRole, frozenset[Permission]] = {
    UserRole.ADMINISTRATOR: frozenset(Permission),
    UserRole.CHAIR: frozenset({Permission.RESPOND_TO_CHALLENGES, Permission.EXPORT, Permission.READ_CASE_REVIEWS}),
    UserRole.FINANCE: frozenset({Permission.EDIT_FUNDING, Permission.EXPORT}),
}


class PermissionDeniedError(BoardAdminError):
    """The signed-in user's roles do not allow the change asked for."""


@dataclass(frozen=True)
class Actor:
    """The person on whose behalf the services act; named in the audit trail."""

    username: str
    display_name: str
    roles: frozenset[UserRole] = field(default_factory=frozenset)

    def can(self, permission: Permission) -> bool:
        if permission is Permission.SIGN_IN:
            return True
        return any(permission in ROLE_PERMISSIONS[role] for role in self.roles)

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            roles = ", ".join(sorted(role.label for role in self.roles)) or "no role"
            raise PermissionDeniedError(f"{self.display_name} ({roles}) may not {permission.value}.")


# Who acts, inside a scope that always ends (Database.acting_as), for the first-administrator step on a database
# with no accounts, the demo builder and the migrations. Never the actor of an opened database.
SYSTEM = Actor("system", "Board Admin", frozenset({UserRole.ADMINISTRATOR}))
# Who acts in an opened database until someone signs in: may not change anything.
NOBODY = Actor("nobody", "Nobody signed in", frozenset())
