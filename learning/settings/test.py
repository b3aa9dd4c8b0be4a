"""The default test suite: SQLite, eager Celery, locmem e-mail, a fast hasher."""

from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CACHES, S3_BUCKET, STORAGES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="test-only-secret-key-socle")
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if env("EMAIL_FILE_PATH", default=None):
    # The services tier's real Celery worker writes its mail to files the tests read.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
# Tasks run in-process even when the services tier sets a broker; the tests that need the
# real worker use the `celery_worker` fixture (tests/services/conftest.py), which turns this off.
CELERY_TASK_ALWAYS_EAGER = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
# Local disk, unless the environment names a bucket: the services tier's S3 tests start a
# Celery worker with S3_* pointing at their own server (tests/services/conftest.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "learning.storage.PrivateFileSystemStorage"},
    **(STORAGES if S3_BUCKET else {}),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PRIVATE_MEDIA_ACCEL_REDIRECT = ""
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_URL = "http://testserver"

# The services tier runs on pytest-xdist workers; each one (and the Celery worker it starts,
# which inherits its environment) gets a Redis database of its own, so that one worker's
# cache.clear() never wipes another's rate-limit counters. gw0 -> 11, gw1 -> 12, ...
_xdist_worker = env("PYTEST_XDIST_WORKER", default="")
if _xdist_worker.startswith("gw") and "redis" in CACHES["default"]["BACKEND"].lower():
    _location = urlsplit(CACHES["default"]["LOCATION"])
    CACHES["default"]["LOCATION"] = urlunsplit(
        _location._replace(path=f"/{11 + int(_xdist_worker[2:])}")
    )
