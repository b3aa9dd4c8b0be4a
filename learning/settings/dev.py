"""The embedded default: SQLite, eager tasks, console e-mail, local media. No server to install."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed key is acceptable only here: dev never holds real data.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-dev-only-socle-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
# WebAuthn over plain http on the development server.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
