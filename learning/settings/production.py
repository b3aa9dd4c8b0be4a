"""Production: PostgreSQL, Redis, separate Celery worker and beat, gunicorn behind a proxy.

Only what differs from base.py lives here. `manage.py check --deploy --fail-level WARNING`
passes with a real environment (see docs/operations.md).
"""

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Several gunicorn workers and servers: one local-memory cache each would serve stale pages
# and count rate limits per process. `manage.py check` fails without CACHE_URL/REDIS_URL.
SOCLE_REQUIRE_SHARED_CACHE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# Sessions are read from the shared cache and written to both: a request no longer waits on a
# session query, and a flushed cache only costs a database read (docs/decisions/0007).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# One proxy (nginx) in front of gunicorn: the client is the last X-Forwarded-For entry.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Trainers, editors and administrators sign in with a second factor (learning/mfa.py).
SOCLE_MFA_REQUIRED_FOR_STAFF = env.bool("SOCLE_MFA_REQUIRED_FOR_STAFF", default=True)

STORAGES = {
    **STORAGES,  # local disk, or S3 when S3_BUCKET is set (base.py)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# Same-origin framing stays allowed: Wagtail's live preview and the H5P player are iframes
# of our own pages. Framing by other sites is still refused, so W019 (which asks for DENY)
# is silenced on purpose; see docs/decisions/0005-same-origin-framing.md.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# Open Badges are signed with the P-256 key in OPENBADGES_SIGNING_KEY (PEM), never a generated
# file (certificates/keys.py).
OPENBADGES_REQUIRE_ENV_KEY = True

# Certificates (WeasyPrint, the heaviest task) have a queue of their own, so a burst of PDFs
# never holds back e-mail and reminders. Run one worker with `-Q celery,certificates`, or a
# worker per queue (deploy/systemd/).
CELERY_TASK_ROUTES = {"certificates.tasks.*": {"queue": "certificates"}}
# A task whose worker died goes back to the queue after this long (the Redis transport's
# default is an hour). Every task is idempotent, so a task still running past it is only
# done twice, never wrongly; keep it above the longest task (a large export).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
}
# Learner accounts unused (no sign-in, no course activity) for three years are warned, then
# erased 30 days later; staff and holders of a valid certificate are kept. 0 turns it off.
SOCLE_INACTIVE_ACCOUNT_RETENTION_DAYS = env.int(
    "SOCLE_INACTIVE_ACCOUNT_RETENTION_DAYS", default=1095
)
