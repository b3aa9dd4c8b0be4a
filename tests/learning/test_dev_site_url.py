"""`make run PORT=...`: the development SITE_URL follows the port unless SITE_URL is set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from learning.settings.dev import dev_site_url

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_is_port_8000():
    assert dev_site_url({}) == "http://127.0.0.1:8000"


def test_the_port_makes_the_site_url():
    assert dev_site_url({"PORT": "8123"}) == "http://127.0.0.1:8123"


def test_an_explicit_site_url_wins():
    environ = {"PORT": "8123", "SITE_URL": "https://socle.example.org"}
    assert dev_site_url(environ) == "https://socle.example.org"


@pytest.mark.parametrize("port", ["abc", "0", "70000", "-1", "80 80"])
def test_a_port_that_is_not_one_is_refused_clearly(port):
    with pytest.raises(ImproperlyConfigured, match="PORT must be a TCP port number"):
        dev_site_url({"PORT": port})


def test_the_dev_settings_read_port_from_the_environment():
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"PORT": "8123", "DJANGO_SETTINGS_MODULE": "learning.settings.dev"})
    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(s.SITE_URL, s.WAGTAILADMIN_BASE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["http://127.0.0.1:8123", "http://127.0.0.1:8123"]


def test_make_run_passes_the_port_to_django():
    makefile = (ROOT / "Makefile").read_text()
    assert (
        "PORT=$(PORT) DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py runserver" in makefile
    )
