"""`board-admin --demo --screenshots DIR`, run as a user (or the guide's maintainer) runs it: every page and
main dialog is written, each a real picture, and the guide only shows pictures the command makes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from board_admin.ui.main_window import PAGES
from board_admin.ui.screenshots import VIEWS, WINDOW_SIZE, dialog_file, page_file, shots, view_file

# One worker runs this module under xdist: the pictures, taken once for the module, not once per worker.
pytestmark = pytest.mark.xdist_group("test_screenshots")

ROOT = Path(__file__).resolve().parents[2]


def expected_files() -> list[str]:
    pages = [page_file(entry.key) for entry in PAGES]
    return pages + [dialog_file(shot.name) for shot in shots()] + [view_file(view) for view in VIEWS]


def distinct_colours(image: QImage, step: int = 5) -> int:
    """Colours on a grid of the picture: a blank or one-colour picture has one or two."""
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("screenshots") / "pictures"
    user_data = tmp_path_factory.mktemp("user-data")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BOARD_ADMIN_DATA_DIR=str(user_data))
    env.pop("BOARD_ADMIN_DATABASE_URL", None)
    finished = subprocess.run(
        [sys.executable, "-m", "board_admin", "--demo", "--screenshots", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return out, finished, user_data


def test_the_command_writes_every_page_and_dialog_and_says_so(screenshots):
    out, finished, _user_data = screenshots
    assert finished.returncode == 0, finished.stderr
    assert finished.stderr == ""
    names = expected_files()
    assert sorted(path.name for path in out.iterdir()) == sorted(names)
    lines = finished.stdout.splitlines()
    assert [Path(line).name for line in lines[:-1]] == names
    assert lines[-1] == f"Wrote {len(names)} screenshots to {out}."


def test_every_picture_is_a_real_picture(screenshots):
    out, _finished, _user_data = screenshots
    for name in expected_files():
        image = QImage(str(out / name))
        assert not image.isNull(), name
        assert image.width() >= 200 and image.height() >= 100, name
        assert distinct_colours(image) > 20, f"{name} looks blank"
        if name.startswith("page-"):
            assert (image.width(), image.height()) == WINDOW_SIZE, name


def test_the_users_data_folder_is_left_alone(screenshots):
    _out, _finished, user_data = screenshots
    # The demo lives in a temporary folder of its own, removed afterwards.
    assert list(user_data.iterdir()) == []


def test_the_command_needs_the_demo(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-m", "board_admin", "--screenshots", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=120,
    )
    assert finished.returncode == 1
    assert finished.stderr.strip() == (
        "board-admin: --screenshots pictures the demo database only: board-admin --demo --screenshots DIR."
    )
    assert not (tmp_path / "out").exists()


def test_the_guide_shows_only_pictures_the_command_makes():
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\(images/([^)\s]+)\)", guide))
    assert shown, "the guide shows no screenshots"
    assert shown <= set(expected_files())
    for name in shown:
        assert (ROOT / "docs" / "images" / name).is_file(), f"docs/images/{name}: regenerate the pictures"


def test_a_small_scaled_screen_is_pictured_whole(tmp_path):
    """`--size 1366x768 --scale 1.5`: a council laptop at 150%. The window fills the screen, and no page or
    dialog is pictured larger than the screen (a bigger one would be cut off there)."""
    out = tmp_path / "pictures"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BOARD_ADMIN_DATA_DIR=str(tmp_path / "data"))
    env.pop("BOARD_ADMIN_DATABASE_URL", None)
    env.pop("QT_SCALE_FACTOR", None)
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "board_admin",
            "--demo",
            "--screenshots",
            str(out),
            "--size",
            "1366x768",
            "--scale",
            "1.5",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert finished.returncode == 0, finished.stderr
    assert sorted(path.name for path in out.glob("*.png")) == sorted(expected_files())
    window = QImage(str(out / page_file("dashboard")))
    assert abs(window.width() - 1366) <= 2 and abs(window.height() - 768) <= 2
    # Every dialog, the meeting window's tabs (dialog-meeting*, dialog-minutes-editor) among them.
    for picture in out.glob("dialog-*.png"):
        image = QImage(str(picture))
        assert image.width() <= 1366 and image.height() <= 768, (picture.name, image.width(), image.height())


@pytest.mark.parametrize("size", ["big", "1366", "13x7"])
def test_a_size_that_is_not_a_screen_is_refused(tmp_path, size):
    finished = subprocess.run(
        [sys.executable, "-m", "board_admin", "--demo", "--screenshots", str(tmp_path / "out"), "--size", size],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", BOARD_ADMIN_DATA_DIR=str(tmp_path / "data")),
        timeout=120,
    )
    assert finished.returncode != 0
    assert f"--size {size}: write the screen size as WIDTHxHEIGHT" in finished.stderr
    assert not (tmp_path / "out").exists()
