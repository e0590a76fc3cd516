"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's own browser download is not used; the tests run the system Chromium
(``apt-get install chromium``; another binary can be named with ``LONTAR_CHROMIUM``).
Screenshots are written to the test's ``tmp_path`` and copied to ``LONTAR_SHOTS_DIR``
(default ``/tmp/lontar-shots``) for a person to look at after the run.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("LONTAR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS_DIR = Path(os.environ.get("LONTAR_SHOTS_DIR", "/tmp/lontar-shots"))
# How long an ``expect(...)`` waits for its event (a row, a state, a URL) before it fails.
# Playwright's own 5 s is too short for a loaded 2-core CI machine; the waits return as
# soon as the event happens, so a long bound costs nothing when all is well.
EXPECT_TIMEOUT_MS = 30_000


@pytest.fixture
def browser() -> Iterator:
    """A headless Chromium for one test.

    Request it after the fixtures that build the test's data: while Playwright's sync API
    is active it runs an event loop in this thread, and Django refuses ORM calls there
    unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It is closed before the database is flushed.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (or set LONTAR_CHROMIUM)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def shoot(tmp_path: Path) -> Callable:
    """``shoot(page, "name.png")``: a full-page screenshot in tmp_path, copied to SHOTS_DIR."""

    def take(page, name: str) -> Path:  # page: a playwright Page
        path = tmp_path / name
        page.screenshot(path=str(path), full_page=True)
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHOTS_DIR / name)
        return path

    return take
