"""Adding an export means one entry in exports.EXPORTS and one writer in exporters/: the command line offers
exactly the list, and every exporter that writes a document of its own is reached through an entry."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

import board_admin
from board_admin.cli import build_parser
from board_admin.exports import EXPORTS, export_named

# The exporters' shared toolkits: they write parts of documents for the exporters, never a document of their own.
TOOLKITS = {"__init__", "files", "sheets", "word", "registers", "annual_pack_workbook"}


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    [action] = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    return dict(action.choices)


def test_the_command_line_offers_exactly_the_list():
    exports = subcommands(subcommands(build_parser())["export"])
    assert list(exports) == [entry.command or entry.key for entry in EXPORTS]
    for entry in EXPORTS:
        assert exports[entry.command or entry.key].get_default("export") is entry


def test_every_exporter_is_reached_through_an_entry():
    exporters = Path(board_admin.__file__).parent / "exporters"
    modules = {path.stem for path in exporters.glob("*.py")} - TOOLKITS
    source = ast.parse((Path(board_admin.__file__).parent / "exports.py").read_text(encoding="utf-8"))
    named = {
        node.module.removeprefix("board_admin.exporters.")
        for node in ast.walk(source)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("board_admin.exporters.")
    }
    assert modules == named


def test_an_entry_is_found_by_its_key():
    assert [export_named(entry.key) for entry in EXPORTS] == list(EXPORTS)
