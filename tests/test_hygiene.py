"""Code hygiene: ruff's lint and format checks are clean on the package, tests and benchmarks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ["src", "tests", "benchmarks"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    if not shutil.which("ruff"):
        pytest.fail("ruff is not installed: pip install -r requirements-dev.txt")
    return subprocess.run(["ruff", *args, *TARGETS], cwd=ROOT, capture_output=True, text=True)


def test_ruff_check_is_clean():
    result = ruff("check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_imports_without_side_effects_beyond_altair():
    code = "import dilemma, altair as alt; print(alt.renderers.active, alt.theme.active)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["dilemma", "dilemma"]
