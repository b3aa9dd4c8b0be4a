"""Fixtures shared by every tier."""

import os
import socket

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from learning.demo import home_page_ensure
from learning.pagetree import forget_pending
from tests.factories import UserFactory


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def pytest_sessionstart(session):
    # The services tier must never pass silently without its services.
    db_url = os.environ.get("DATABASE_URL", "")
    if db_url.startswith("postgres"):
        missing = [
            name
            for name, port in (("PostgreSQL", 5432), ("Redis", 6379))
            if not _reachable("127.0.0.1", port)
        ]
        if missing:
            pytest.exit(f"services tier: {', '.join(missing)} not reachable", returncode=1)


def pytest_terminal_summary(terminalreporter):
    """Show the figures a test attached with `record_property("timings", ...)`, whether it
    passed or not: pytest hides a passing test's output, and CI's log should keep them. Here,
    not in a tier's conftest, so that xdist's controller (which prints the summary) loads it."""
    figures = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == "timings":
                    figures[report.nodeid] = value
    for nodeid, value in figures.items():
        terminalreporter.write_line(f"timings of {nodeid}: {value}")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Private files (learning.storage) in a folder of their own, outside MEDIA_ROOT.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "learning.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


@pytest.fixture(autouse=True)
def _openbadges_keys(settings, tmp_path_factory):
    """Open Badges private keys in a temporary folder, never the project's var/keys/."""
    settings.OPENBADGES_KEY_DIR = tmp_path_factory.getbasetemp() / "openbadges-keys"
    settings.OPENBADGES_KEY_FILE = tmp_path_factory.getbasetemp() / "openbadges-ed25519.pem"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. Django leaves the language of the last request
    active in the thread (LocaleMiddleware does not reset it), so a test that browsed in
    Russian would otherwise hand Russian messages to the next test on the same worker."""

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():

    cache.clear()
    forget_pending()  # a private cache version of the last test's transaction
    yield


@pytest.fixture
def home_page(db):
    """The site and its home page, as demo data builds them."""

    return home_page_ensure()


@pytest.fixture
def learner(db):
    return UserFactory(roles=["Learner"])


@pytest.fixture
def trainer(db):
    return UserFactory(roles=["Trainer"])


@pytest.fixture
def editor(db):
    return UserFactory(roles=["Content editor"])


@pytest.fixture
def administrator(db):
    return UserFactory(roles=["Administrator"], is_superuser=True, is_staff=True)


@pytest.fixture
def admin(client, administrator):
    """The test client signed in as the administrator."""
    client.force_login(administrator)
    return client


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def demo_data(db):
    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
