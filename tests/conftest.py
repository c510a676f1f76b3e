"""Shared fixtures: the book built once per test session (both editions, strict),
and Debian's Chromium for the browser tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dilemma import editions
from dilemma.testing import INSTALL_HINT, browser, chromium_available, serve

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def book_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def student_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean, strict build of the student edition (`-W -n --keep-going`, all notebooks run)."""
    output = tmp_path_factory.mktemp("student")
    return editions.build("student", root=ROOT, output=output, extra=["--all"])


@pytest.fixture(scope="session")
def instructor_site(student_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The instructor edition, built strictly with the student build's execution cache."""
    output = tmp_path_factory.mktemp("instructor")
    cache = student_site.parent / ".jupyter_cache"
    return editions.build("instructor", root=ROOT, output=output, cache=cache, extra=["--all"])


@pytest.fixture(scope="session")
def chromium():
    """Playwright's Chromium on /usr/bin/chromium; skipped with a hint (failed under CI)."""
    if not chromium_available():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and no browser: {INSTALL_HINT}")
        pytest.skip(INSTALL_HINT)
    with browser() as instance:
        yield instance


@pytest.fixture(scope="session")
def student_url(student_site: Path):
    with serve(student_site) as base:
        yield base


@pytest.fixture(scope="session")
def instructor_url(instructor_site: Path):
    with serve(instructor_site) as base:
        yield base
