"""deploy/ and the shared cache against real services: nginx accepts the site file, and a
version moved by another process (a real Redis between them) is what this one reads."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from learning.pagetree import VERSION_KEY, forget_pending, tree_version

pytestmark = [pytest.mark.services, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        message = "nginx is not installed (apt-get install -y nginx)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_nginx_accepts_the_site_file(tmp_path):
    nginx = _nginx()
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=socle.example.org", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy" / "nginx" / "socle.conf").read_text()
    site = site.replace("/etc/ssl/socle/fullchain.pem", str(cert))
    site = site.replace("/etc/ssl/socle/privkey.pem", str(key))
    (tmp_path / "socle.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        "  include /etc/nginx/mime.types;\n"
        f"  include {tmp_path}/socle.conf;\n"
        "}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_a_version_moved_by_another_process_is_read_here():
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower()
    forget_pending()
    before = tree_version()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "learning.settings.test"}
    env["CACHE_URL"] = settings.CACHES["default"]["LOCATION"]
    result = subprocess.run(
        [sys.executable, "manage.py", "pages_changed"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    assert cache.get(VERSION_KEY) != before
    assert tree_version() == cache.get(VERSION_KEY)
