"""Errors the services raise; each carries a sentence an administrator understands."""

from __future__ import annotations


class BoardAdminError(Exception):
    """Base of every error meant to be shown to a user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(BoardAdminError):
    """Input that breaks a rule. `field` names the form field, for showing the message beside it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(BoardAdminError):
    """A record asked for by id or name does not exist (any more)."""


class InUseError(BoardAdminError):
    """A deletion refused because other records depend on the record."""


class ConflictError(BoardAdminError):
    """Someone else saved the same record first."""
