"""Browser tests: Debian's chromium driven by Playwright against the app on a free loopback port.

The app runs in pytest-django's live server (a real HTTP server on 127.0.0.1 and
a free port) over the test database, loaded with the demo. When no chromium is
installed (``make test`` runs ``scripts/install-chromium`` first), the tests are
skipped and say why.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network and a root user (see docs/operations.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(
            f"browser tests SKIPPED: no chromium at {CHROMIUM} (run scripts/install-chromium)"
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls made
    # by fixtures here are plain synchronous test setup.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server: Any, transactional_db: Any) -> str:
    """The live server's URL, with the demo agency and its logins loaded."""
    from django.core.management import call_command

    call_command("demo", "--seed", "7", verbosity=0)
    return str(live_server.url)
