"""The classroom server (`make serve`) as a room meets it: gunicorn with several processes on
SQLite, DEBUG off, static and media served without a proxy, one cache for every process.

Starts bench/classroom.py's `Classroom` (the same settings and gunicorn file as `make serve`)
on loopback in a fresh folder, once for the module.
"""

import re
import stat

import pytest
import requests

from bench.classroom import Classroom

pytestmark = pytest.mark.services
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
EMAIL = "room@classroom.example.org"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    server = Classroom(workdir=tmp_path_factory.mktemp("classroom"), workers=2)
    server.start()
    server.python(
        "from learning.services import user_create; "
        f"user_create(email='{EMAIL}', password='classroom-passphrase-42', full_name='Room')"
    )
    (server.workdir / "media").mkdir(exist_ok=True)
    (server.workdir / "media" / "notes.html").write_text("<script>alert(1)</script>")
    yield server
    server.stop()


def test_debug_is_off_and_errors_say_nothing_technical(room):
    response = requests.get(room.url("/no-such-page/"), timeout=10)
    assert response.status_code == 404
    assert "URLconf" not in response.text and "Traceback" not in response.text
    assert "DEBUG = True" not in response.text


def test_static_files_are_served_hashed_and_long_cached(room):
    page = requests.get(room.url("/accounts/login/"), timeout=10)
    assert page.status_code == 200
    css = re.search(r'href="(/static/css/socle[^"]*\.css)"', page.text)
    assert css, "the page links the site's stylesheet"
    assert re.search(r"\.[0-9a-f]{12}\.css$", css.group(1)), "manifest (hashed) names"
    response = requests.get(room.url(css.group(1)), headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert response.status_code == 200
    assert "max-age=315360000" in response.headers["Cache-Control"]


def test_public_media_is_served_as_inert_data_and_nothing_outside_it(room):
    response = requests.get(room.url("/media/notes.html"), timeout=10)
    assert response.status_code == 200
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    for hostile in ("/media/../db.sqlite3", "/media/%2e%2e/db.sqlite3", "/media/../var/"):
        # gunicorn refuses the encoded dots (400); Django's serve refuses the rest (404).
        assert requests.get(room.url(hostile), timeout=10).status_code in (400, 404)


def test_the_secret_key_is_made_once_and_kept_private(room):
    key = room.workdir / "var" / "classroom-secret-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    first = key.read_text()
    room.python("from django.conf import settings; print(len(settings.SECRET_KEY))")
    assert key.read_text() == first and len(first) > 40


def test_every_process_counts_failed_sign_ins_in_one_cache(room):
    """Five wrong passwords lock the (address, account) pair, whichever of the two processes
    answers: with a cache per process, requests spread over both would pass the limit."""
    refused = 0
    for _ in range(8):
        session = requests.Session()  # a new connection: gunicorn may hand it to either worker
        page = session.get(room.url("/accounts/login/"), timeout=10)
        token = CSRF.search(page.text).group(1)
        response = session.post(
            room.url("/accounts/login/"),
            data={"csrfmiddlewaretoken": token, "login": EMAIL, "password": "wrong-guess"},
            headers={"Referer": room.url("/accounts/login/")},
            timeout=10,
        )
        refused += response.status_code == 429 or "Too many failed" in response.text
    assert refused >= 3


def test_a_room_member_signs_in_and_reads_the_dashboard(room):
    session = requests.Session()
    page = session.get(room.url("/accounts/login/"), timeout=10)
    # The previous test locked ROOM's (address, account) pair: a second account signs in.
    room.python(
        "from learning.services import user_create; "
        "user_create(email='second@classroom.example.org', "
        "password='classroom-passphrase-42', full_name='Second')"
    )
    response = session.post(
        room.url("/accounts/login/"),
        data={
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            "login": "second@classroom.example.org",
            "password": "classroom-passphrase-42",
        },
        headers={"Referer": room.url("/accounts/login/")},
        timeout=10,
    )
    assert response.status_code == 200 and "/accounts/login/" not in response.url
    assert session.get(room.url("/dashboard/"), timeout=10).status_code == 200
