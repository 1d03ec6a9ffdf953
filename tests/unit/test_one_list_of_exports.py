"""Adding an export means one entry in exports.EXPORTS and one writer in exporters/: the command line offers
exactly the list, every exporter that writes a document of its own is reached through an entry, and no screen
reaches an exporter past the list (the pages build a request, with their own filters, and call exports.py)."""

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


def exporters_named_in(path: Path) -> set[str]:
    """The exporter modules `path` imports, or names as a worker process's target ("board_admin.exporters.x:f")."""
    named = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "board_admin.exporters":
            named |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("board_admin.exporters."):
            named.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            named |= {
                alias.name.split(".")[2] for alias in node.names if alias.name.startswith("board_admin.exporters.")
            }
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.startswith("board_admin.exporters."):
                named.add(node.value.removeprefix("board_admin.exporters.").split(":")[0].split(".")[0])
    return named


def test_no_screen_reaches_an_exporter_past_the_list():
    package = Path(board_admin.__file__).parent
    screens = sorted((package / "ui").rglob("*.py")) + [package / "worker_process.py"]
    past_the_list = {
        str(path.relative_to(package)): sorted(exporters_named_in(path) - TOOLKITS)
        for path in screens
        if exporters_named_in(path) - TOOLKITS
    }
    assert past_the_list == {}


def test_the_check_sees_every_way_of_reaching_an_exporter(tmp_path):
    module = tmp_path / "page.py"
    module.write_text(
        "from board_admin.exporters.challenges import export_challenges\n"
        "from board_admin.exporters import membership, files\n"
        "import board_admin.exporters.calendar\n"
        "from board_admin.exporters.word import GROUP_CHART_MM\n"
        'TARGET = "board_admin.exporters.attendance:write_attendance_file"\n',
        encoding="utf-8",
    )
    assert exporters_named_in(module) - TOOLKITS == {"challenges", "membership", "calendar", "attendance"}
