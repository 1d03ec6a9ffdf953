"""Signing in, the first administrator of a new database, changing a password, and keeping accounts.

Each dialog saves through `board_admin.services.accounts`; a refusal is shown beside the field it is
about, and the dialog stays open with nothing changed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from board_admin.db.engine import Database
from board_admin.domain.enums import UserRole
from board_admin.domain.errors import BoardAdminError, ValidationError
from board_admin.reports.accounts import AccountRow
from board_admin.reports.organisation import USUAL_NAME, Organisation, organisation
from board_admin.services import accounts
from board_admin.services.settings import save_organisation

DEMO_HINT = "Demo accounts: admin, chair and finance, each with the password demo."


class FormDialog(QDialog):
    """A form with one error line under each field and an OK/Cancel row; `save()` does the work."""

    def __init__(self, title: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        layout = QVBoxLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            layout.addWidget(text)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.general_error = self._error_label()
        layout.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.errors: dict[str, QLabel] = {}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet("color: #a4161a;")
        label.setVisible(False)
        return label

    def add_field(self, key: str, label: str, widget: QWidget, tooltip: str = "") -> QWidget:
        widget.setAccessibleName(label.replace("&", ""))
        if tooltip:
            widget.setToolTip(tooltip)
        self.form.addRow(label, widget)
        error = self._error_label()
        error.setAccessibleName(f"Problem with {label.replace('&', '').lower()}")
        self.form.addRow("", error)
        self.errors[key] = error
        return widget

    def password_field(self) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def clear_errors(self) -> None:
        for label in [*self.errors.values(), self.general_error]:
            label.clear()
            label.setVisible(False)

    def show_error(self, error: BoardAdminError) -> None:
        field = getattr(error, "field", None)
        label = self.errors.get(field) if field else None
        target = label or self.general_error
        target.setText(error.message)
        target.setVisible(True)

    def _accept(self) -> None:
        self.clear_errors()
        try:
            self.save()
        except BoardAdminError as error:
            self.show_error(error)
            return
        self.accept()

    def save(self) -> None:
        raise NotImplementedError


class SignInDialog(FormDialog):
    def __init__(self, database: Database, *, demo: bool = False, parent: QWidget | None = None) -> None:
        intro = f"Sign in to {database.describe()}." + (f"\n\n{DEMO_HINT}" if demo else "")
        super().__init__("Sign in to Board Admin", intro, parent)
        self.database = database
        self.username = self.add_field("username", "&User name:", QLineEdit())
        self.password = self.add_field("password", "&Password:", self.password_field())
        if demo:
            self.username.setText("admin")
            self.password.setFocus()

    def save(self) -> None:
        try:
            accounts.sign_in(self.database, self.username.text(), self.password.text())
        except accounts.SignInError:
            self.password.clear()
            raise


class ServerSignInDialog(FormDialog):
    """A shared server set up with setup-server: the person signs in to PostgreSQL itself, which checks the
    password; `database` is the opened database once they have."""

    def __init__(self, url: str, username: str | None = None, parent: QWidget | None = None) -> None:
        from sqlalchemy.engine import make_url

        where = make_url(url)
        super().__init__(
            "Sign in to Board Admin", f"Sign in to {where.database} on {where.host} with your own login.", parent
        )
        self.url = url
        self.database: Database | None = None
        self.username = self.add_field("username", "&User name:", QLineEdit())
        self.password = self.add_field("password", "&Password:", self.password_field())
        if username:
            self.username.setText(username)
            self.password.setFocus()

    def save(self) -> None:
        from board_admin.db.server_roles import connect_as_person

        try:
            self.database = connect_as_person(self.url, self.username.text(), self.password.text())
        except BoardAdminError:
            self.password.clear()
            raise


class FirstAdministratorDialog(FormDialog):
    """A brand-new database has no accounts: the person installing it makes the first administrator."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(
            "Create the first administrator",
            f"The database {database.describe()} has no accounts yet. Create yours: you will be its first "
            "administrator, and can then add accounts for the chair, finance and colleagues.",
            parent,
        )
        self.database = database
        self.username = self.add_field("username", "&User name:", QLineEdit(), "The name you sign in with")
        self.display_name = self.add_field("display_name", "Your &name:", QLineEdit(), "Shown in the audit trail")
        self.password = self.add_field(
            "password", "&Password:", self.password_field(), f"At least {accounts.MIN_PASSWORD_LENGTH} characters"
        )
        self.repeat = self.add_field("repeat", "&Repeat password:", self.password_field())

    def save(self) -> None:
        if self.password.text() != self.repeat.text():
            raise ValidationError("The two passwords are not the same.", "repeat")
        fields = accounts.AccountFields(
            self.username.text(), self.display_name.text(), frozenset({UserRole.ADMINISTRATOR})
        )
        accounts.create_first_administrator(self.database, fields, self.password.text())


class ChangePasswordDialog(FormDialog):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__("Change your password", f"Signed in as {database.actor.display_name}.", parent)
        self.database = database
        self.current = self.add_field("current_password", "&Current password:", self.password_field())
        self.new = self.add_field(
            "new_password",
            "&New password:",
            self.password_field(),
            f"At least {accounts.MIN_PASSWORD_LENGTH} characters",
        )
        self.repeat = self.add_field("repeat", "&Repeat new password:", self.password_field())

    def save(self) -> None:
        if self.new.text() != self.repeat.text():
            raise ValidationError("The two new passwords are not the same.", "repeat")
        accounts.change_own_password(self.database, self.current.text(), self.new.text())


class AccountDialog(FormDialog):
    """An administrator adds an account (with its first password) or edits one."""

    def __init__(self, database: Database, account: AccountRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__("New account" if account is None else f"Account {account.username}", "", parent)
        self.database = database
        self.account = account
        self.username = self.add_field("username", "&User name:", QLineEdit())
        self.display_name = self.add_field("display_name", "&Name:", QLineEdit())
        self.role_boxes: dict[UserRole, QCheckBox] = {}
        for role, meaning in (
            (UserRole.ADMINISTRATOR, "everything, including accounts"),
            (UserRole.CHAIR, "reads everything, exports, records challenge responses"),
            (UserRole.FINANCE, "funding and its exports; reads the rest"),
        ):
            box = QCheckBox(f"{role.label}: {meaning}")
            self.role_boxes[role] = box
        for number, box in enumerate(self.role_boxes.values()):
            self.form.addRow("&Roles:" if number == 0 else "", box)
            box.setAccessibleName(box.text())
        self.errors["roles"] = self._error_label()
        self.form.addRow("", self.errors["roles"])
        self.active = QCheckBox("Active (may sign in)")
        self.active.setChecked(True)
        self.form.addRow("", self.active)
        self.password = None
        if account is None:
            self.password = self.add_field(
                "password",
                "First &password:",
                self.password_field(),
                "Tell the person; they can change it under File, Change password",
            )
        else:
            self.username.setText(account.username)
            self.display_name.setText(account.display_name)
            for role, box in self.role_boxes.items():
                box.setChecked(role in account.roles)
            self.active.setChecked(account.active)

    def fields(self) -> accounts.AccountFields:
        roles = frozenset(role for role, box in self.role_boxes.items() if box.isChecked())
        return accounts.AccountFields(self.username.text(), self.display_name.text(), roles, self.active.isChecked())

    def save(self) -> None:
        if self.account is None:
            accounts.create_account(self.database, self.fields(), self.password.text())
        else:
            accounts.update_account(self.database, self.account.id, self.fields(), self.account.version)


class ResetPasswordDialog(FormDialog):
    def __init__(self, database: Database, account: AccountRow, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Reset the password of {account.username}",
            f"Give {account.display_name} a new password; they should change it when they next sign in.",
            parent,
        )
        self.database = database
        self.account = account
        self.password = self.add_field("password", "New &password:", self.password_field())

    def save(self) -> None:
        accounts.reset_password(self.database, self.account.id, self.password.text())


class OrganisationDialog(FormDialog):
    """The organisation's name that every document carries, and the organiser its calendars name."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(
            "Organisation on documents",
            "Shared by everyone using this database: the name in the header of every Word and Excel export and "
            "as their author, and the organiser of the meetings in the calendar (.ics).",
            parent,
        )
        self.database = database
        current = organisation(database)
        self.name = self.add_field("name", "&Organisation:", QLineEdit(current.name), f"Empty: {USUAL_NAME}")
        self.organiser_name = self.add_field("organiser_name", "Organiser's &name:", QLineEdit(current.organiser_name))
        self.organiser_email = self.add_field(
            "organiser_email", "Organiser's &e-mail:", QLineEdit(current.organiser_email)
        )
        self.name.setPlaceholderText(USUAL_NAME)

    def save(self) -> None:
        save_organisation(
            self.database,
            Organisation(self.name.text(), self.organiser_name.text(), self.organiser_email.text()),
        )
