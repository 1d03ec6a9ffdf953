"""The demo's sign-ins: the README lists them; every one has the password "demo"."""

from __future__ import annotations

from board_admin.db.models import User
from board_admin.domain.enums import UserRole

DEMO_ACCOUNTS = (
    ("admin", "Kerry Blackwell", UserRole.ADMINISTRATOR),
    ("chair", "Dr Alan Whitfield", UserRole.CHAIR),
    ("finance", "Sam Okafor", UserRole.FINANCE),
)
DEMO_PASSWORD = "demo"
# The business unit's administrator keeps the challenge log, so the demo's history names that account.
DEMO_ADMINISTRATOR = DEMO_ACCOUNTS[0][0]


def demo_accounts() -> list[User]:
    from board_admin.services.accounts import hash_password

    return [
        User(
            username=username,
            display_name=name,
            roles=role.value,
            password_hash=hash_password(DEMO_PASSWORD),
            active=True,
            failed_sign_ins=0,
        )
        for username, name, role in DEMO_ACCOUNTS
    ]
