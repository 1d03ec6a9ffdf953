"""The benchmark's quick mode, run in CI so that the script keeps working: it builds a tiny dataset through
the services in a temporary cache, prints every figure and writes valid JSON. The timings are not checked
(they depend on the machine); that each figure is there, and consistent with its floor, is."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ("1.", "2.", "3.", "4.", "5.", "6.", "7.")


def test_quick_benchmark_prints_every_figure_and_writes_json(tmp_path):
    out = tmp_path / "figures.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "tests.perf", "--quick", "--runs", "1", "--cache", str(tmp_path / "cache")]
        + ["--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Building the benchmark dataset" in result.stderr
    assert list((tmp_path / "cache").glob("perf-scale-1-50-*.sqlite")), "the dataset is cached"

    figures = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(figures, list) and figures
    for item in figures:
        assert {"name", "value", "unit", "floor", "ratio"} <= set(item), item
        if item["value"] is None:
            # Only a figure whose code is not in the tree yet may be missing, and it says why.
            assert item["note"].startswith("not measured"), item
            continue
        assert isinstance(item["value"], int | float) and item["value"] >= 0, item
        if item["floor"] is None:
            assert item["ratio"] is None, item
        else:
            assert item["floor"] > 0, item
            assert abs(item["ratio"] - item["value"] / item["floor"]) <= 0.01 * item["ratio"] + 0.01, item
    numbers = {item["name"].split()[0] for item in figures}
    assert numbers == set(FIGURES)
    measured = [item for item in figures if item["value"] is not None]
    assert {item["name"].split()[0] for item in measured} >= {"1.", "2.", "3.", "6.", "7."}

    # The table names every figure, once, with its value or why it is missing.
    table = result.stdout
    for item in figures:
        lines = [line for line in table.splitlines() if line.startswith(item["name"])]
        assert len(lines) == 1, (item["name"], table)
        if item["value"] is not None:
            assert re.search(rf"\b{re.escape(item['unit'])}\b", lines[0]), lines[0]
            if item["ratio"] is not None:
                assert f"{item['ratio']:.2f}" in lines[0], lines[0]
        else:
            assert "not measured" in lines[0], lines[0]

    # One figure alone, on the cached dataset: only its line in the table.
    alone = subprocess.run(
        [sys.executable, "-m", "tests.perf", "--quick", "--runs", "1", "--cache", str(tmp_path / "cache")]
        + ["--only", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert alone.returncode == 0, alone.stderr
    assert "Building the benchmark dataset" not in alone.stderr
    named = {line.split()[0] for line in alone.stdout.splitlines() if re.match(r"\d\. ", line)}
    assert named == {"2."}, alone.stdout
