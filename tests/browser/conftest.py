"""The browser tier: Playwright driving Debian's chromium against a live server.

Fixtures: `browser` (one chromium per session), `page` (a fresh context per test),
`live_url`, and `axe_check(page)` which returns axe-core's serious and critical violations.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: run `make test-browser`, which installs it")

    # Playwright's sync API runs an event loop in the test's thread; Django's ORM calls in the
    # same thread must be allowed.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _browser_before_database(browser):
    """Start Playwright before the test database is set up, whatever test comes first.

    Playwright's sync API runs an event loop in this thread, and Django's `connections` are
    context-local inside one: a connection object made before the loop (when a test that needs
    no browser, such as the HTML check, happens to run first) is not the one tests see later,
    so the migrations snapshot it holds is lost and serialized rollback restores nothing."""
    return browser


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """A file, not SQLite's shared in-memory test database. The live server answers the
    browser's parallel requests (the H5P player posts xAPI statements while the page loads)
    from several threads; a shared-cache memory database locks whole tables and fails at once
    ("database table is locked"), where a file in WAL mode waits for its busy timeout."""

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("browser-db") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_url(live_server, django_db_serialized_rollback):
    # Serialized rollback restores what the migrations created (the page tree, the roles)
    # after each test flushes the database.
    return live_server.url


@pytest.fixture
def axe_check():
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test-browser does)")
    source = AXE.read_text()

    def check(page) -> list[dict]:
        # Pages forbid inline script (Content-Security-Policy), so axe is run through the
        # DevTools protocol, which the policy does not govern, rather than as a <script> tag.
        page.evaluate("() => {\n" + source + "\n}")
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check
