"""Signing in, the first administrator of a new database, changing a password, and keeping accounts.

Each dialog saves through `board_admin.services.accounts`; a refusal is shown beside the field it is
about, and the dialog stays open with nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
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
from board_admin.ui.date_field import DateField
from board_admin.ui.widgets import widest_choice_width

DEMO_HINT = "Demo accounts: admin, chair and finance, each with the password demo."


class FormDialog(QDialog):
    """A form with an error line under each field and an OK/Cancel row; `save()` does the work.

    How a form tells what is wrong, in one place for every form: on OK, every field that cannot be read
    (a date, a time, an amount: a `check` given to `add_field`, or the field's own `problem()`) is told
    beside it, all at once, and nothing is saved; only when all can be read does `save()` run, and a rule the
    service refuses is told beside the field it names. A message goes as soon as its field is changed to
    something readable, and its line keeps its height until the next OK, so the form does not move under
    the pointer while the user corrects it.
    """

    def __init__(self, title: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setSizeGripEnabled(True)
        outer = QVBoxLayout(self)
        # The fields scroll when the screen is too small for them (1366x768 at 150%); OK and Cancel never do.
        self.body = QWidget()
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll, 1)
        self.intro = None
        if intro:
            self.intro = QLabel(intro)
            self.intro.setWordWrap(True)
            layout.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.general_error = self._error_label()
        outer.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.errors: dict[str, QLabel] = {}
        self.checks: dict[str, Callable[[], str | None]] = {}
        # Lists whose longest choice the form opens wide enough to show whole in the box (within the screen).
        self.read_whole: list[QComboBox] = []
        # Date boxes left by a press of the mouse, told once the button is let go (see `_tell_check`).
        self._tell_on_release: set[str] = set()
        self._release_watch = _ReleaseWatch(self._released, self)
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 60, self._available().width()))

    def setMinimumWidth(self, width: int) -> None:  # noqa: N802 - Qt's name
        # A form asks for room for its longest field, but never more than the screen has.
        super().setMinimumWidth(min(width, self._available().width() - 40))

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet("color: #a4161a;")
        label.setVisible(False)
        return label

    def _available(self) -> QRect:
        screen = self.screen() or QApplication.primaryScreen()
        return screen.availableGeometry() if screen else QRect(0, 0, 1366, 768)

    def add_field(
        self, key: str, label: str, widget: QWidget, tooltip: str = "", check: Callable[[], str | None] | None = None
    ) -> QWidget:
        widget.setAccessibleName(label.replace("&", ""))
        if tooltip:
            widget.setToolTip(tooltip)
        for combo in [widget, *widget.findChildren(QComboBox)]:
            if isinstance(combo, QComboBox):
                fit_combo(combo)
        self.form.addRow(label, widget)
        error = self._error_label()
        error.setAccessibleName(f"Problem with {label.replace('&', '').lower()}")
        self.form.addRow("", error)
        self.add_error_line(key, error, widget, check)
        return widget

    def add_error_line(
        self, key: str, error: QLabel, widget: QWidget | None = None, check: Callable[[], str | None] | None = None
    ) -> None:
        """Names `error` as the line for `key`'s problems; `widget`'s edits clear it (or re-check it)."""
        self.errors[key] = error
        if check is None and widget is not None and callable(getattr(widget, "problem", None)):
            check = widget.problem
        if check is not None:
            self.checks[key] = check
        if widget is not None:
            for signal in _edit_signals(widget):
                signal.connect(lambda *_args, key=key: self.field_edited(key))
            if isinstance(widget, DateField):
                # A date that cannot be read is told as soon as the user leaves the box, not only on OK (left by
                # a press of the mouse: once the button is let go, see `_tell_check`).
                widget.edit.editingFinished.connect(lambda key=key: self._tell_check(key))

    def add_footer(self, widget: QWidget) -> None:
        """Something always in view under the fields, however far they scroll (the schedule's dates)."""
        outer = self.layout()
        outer.insertWidget(outer.indexOf(self.general_error), widget)

    def password_field(self) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def clear_errors(self) -> None:
        for label in [*self.errors.values(), self.general_error]:
            label.clear()
            label.setMinimumHeight(0)
            label.setVisible(False)

    def show_error(self, error: BoardAdminError) -> None:
        field = getattr(error, "field", None)
        label = self.errors.get(field) if field else None
        target = label or self.general_error
        target.setMinimumHeight(0)
        target.setText(error.message)
        target.setVisible(True)
        self._reveal([target])

    def field_edited(self, key: str) -> None:
        """A message about the field goes once the field is right; if it is still wrong, the message says
        why as it is now. The line keeps its height, so nothing below it moves under the pointer."""
        label = self.errors.get(key)
        if label is None or not label.isVisible() or not label.text():
            return
        problem = next((error.message for error in self.problems() if error.field == key), None)
        if problem:
            label.setText(problem)
            return
        label.setMinimumHeight(label.height())
        label.clear()

    def _tell_check(self, key: str) -> None:
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            # The box was left by pressing the mouse on something, OK say. A message now makes the form taller
            # and moves OK from under the pointer before the button is let go: the click was lost, only this
            # date was told, and the other problems waited for the next OK. So the message waits for the release.
            if not self._tell_on_release:
                QApplication.instance().installEventFilter(self._release_watch)
            self._tell_on_release.add(key)
            return
        problem = self.checks[key]()
        if problem:
            self.show_error(ValidationError(problem, key))
        else:
            self.field_edited(key)

    def _released(self) -> None:
        QApplication.instance().removeEventFilter(self._release_watch)
        # After the release has done its work (a click on OK has told every problem, or saved and closed the form).
        QTimer.singleShot(0, self, self._tell_after_release)

    def _tell_after_release(self) -> None:
        keys, self._tell_on_release = self._tell_on_release, set()
        if self.isVisible():
            for key in sorted(keys):
                self._tell_check(key)

    def problems(self) -> list[ValidationError]:
        """Every field that cannot be read, each with its sentence, and what `rule_problems` finds."""
        found = [ValidationError(problem, key) for key, check in self.checks.items() if (problem := check())]
        told = {error.field for error in found}
        return found + [error for error in self.rule_problems() if error.field not in told]

    def rule_problems(self) -> list[ValidationError]:
        """A form whose rules can be checked without the database (the schedule's) names its problems here,
        to be told with the others before anything is saved."""
        return []

    def _reveal(self, labels: list[QLabel]) -> None:
        # Taller by the messages, as far as the screen allows, so that they do not push fields out of view;
        # a form that still scrolls shows its first message.
        wanted = self.sizeHint().height()
        if wanted > self.height():
            self.resize(self.width(), wanted)
        inside = [label for label in labels if self.scroll.isAncestorOf(label)]
        if inside:
            first = min(inside, key=lambda label: label.mapTo(self.body, QPoint(0, 0)).y())
            self.scroll.ensureWidgetVisible(first)

    def _accept(self) -> None:
        self.clear_errors()
        problems = self.problems()
        for problem in problems:
            self.show_error(problem)
        if problems:
            self._reveal([self.errors.get(problem.field or "", self.general_error) for problem in problems])
            return
        try:
            self.save()
        except BoardAdminError as error:
            self.show_error(error)
            return
        self.accept()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As big as the fields need, no bigger than the screen: the fields scroll beyond that."""
        hint = super().sizeHint()
        body = self.body.sizeHint()
        available = self._available()
        chrome = hint.height() - self.scroll.sizeHint().height()
        width = max(hint.width(), body.width() + self.scroll.verticalScrollBar().sizeHint().width() + 24)
        short = [widest_choice_width(combo) - combo.sizeHint().width() for combo in self.read_whole]
        width += max([0, *short])
        height = body.height() + chrome + 8
        return QSize(min(width, available.width() - 40), min(height, available.height() - 60))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not getattr(self, "_sized", False):
            self._sized = True
            self.resize(self.sizeHint())
        super().showEvent(event)

    def save(self) -> None:
        raise NotImplementedError


class _ReleaseWatch(QObject):
    """Calls `released` when a mouse button is let go anywhere in the application."""

    def __init__(self, released: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.released = released

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.MouseButtonRelease:
            self.released()
        return False


def fit_combo(combo: QComboBox) -> None:
    """A list of long names (agencies, "Name (Agency)") does not make the form wider than the screen: the box
    takes the form's width, and its drop-down list is as wide as its longest name."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)
    view = combo.view()
    view.setMinimumWidth(view.sizeHintForColumn(0) + 24)


def _edit_signals(widget: QWidget) -> list:
    """The signals by which a person changes `widget` or a field inside it."""
    signals = []
    for part in [widget, *widget.findChildren(QWidget)]:
        if isinstance(part, DateField):
            signals.append(part.textChanged)
        elif isinstance(part, QLineEdit):
            if not isinstance(part.parent(), (DateField, QComboBox)):
                signals.append(part.textChanged)
        elif isinstance(part, QPlainTextEdit):
            signals.append(part.textChanged)
        elif isinstance(part, QComboBox):
            signals.append(part.currentIndexChanged)
            if part.isEditable():
                signals.append(part.editTextChanged)
        elif isinstance(part, QAbstractSpinBox):
            signals.append(part.editingFinished)
            if hasattr(part, "valueChanged"):
                signals.append(part.valueChanged)
        elif isinstance(part, QAbstractButton):
            signals.append(part.toggled)
    return signals


LAST_USER_SETTING = "signin/last_user"


class SignInDialog(FormDialog):
    """The user name of whoever signed in last on this computer is filled in (kept in the user's settings,
    never the password), so that the usual person types only their password."""

    def __init__(
        self,
        database: Database,
        *,
        demo: bool = False,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        intro = f"Sign in to {database.describe()}." + (f"\n\n{DEMO_HINT}" if demo else "")
        super().__init__("Sign in to Board Admin", intro, parent)
        self.database = database
        self.settings = settings if settings is not None else QSettings()
        self.username = self.add_field("username", "&User name:", QLineEdit())
        self.password = self.add_field("password", "&Password:", self.password_field())
        last = str(self.settings.value(LAST_USER_SETTING) or "") or ("admin" if demo else "")
        if last:
            self.username.setText(last)
            self.password.setFocus()

    def save(self) -> None:
        try:
            actor = accounts.sign_in(self.database, self.username.text(), self.password.text())
        except accounts.SignInError:
            self.password.clear()
            raise
        self.settings.setValue(LAST_USER_SETTING, actor.username)


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
