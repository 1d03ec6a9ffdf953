"""Dialogs: the forms that create and edit records, each saving through a service."""
