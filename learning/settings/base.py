"""Settings shared by every environment; each value that differs comes from the environment."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# How many reverse proxies we run in front of the app servers (nginx in deploy/: 1). The
# client's address is read from X-Forwarded-For through exactly this many; see learning/net.py.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

INSTALLED_APPS = [
    # Socle (in the order of their import layers, pyproject.toml)
    *["learning", "casestudies", "courses", "labs", "assessments", "certificates", "cohorts"],
    *["programmes", "discussions", "offline"],  # offline: the web app, downloads, replay
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # Translations of pages and snippets: segment editor, PO files, tree sync (decision
    # docs/decisions/content-languages.md); its locales admin replaces Wagtail's own.
    "wagtail_localize",
    "wagtail_localize.locales",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "learning.safeinput.NulInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "learning.middleware.UserPreferencesMiddleware",
    # The admin in a language Wagtail ships, never half in Lao (learning/middleware.py).
    "learning.middleware.AdminLanguageFallbackMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff without a second factor are sent to set one up (learning/mfa.py).
    "learning.mfa.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# One Content-Security-Policy for every page (django-csp). No inline script anywhere: scripts
# are static files. Style attributes (progress bars) are allowed, <style> elements are not.
# Exceptions, documented in docs/decisions/storage-private-and-s3.md: the H5P views send their
# own, stricter or player-specific policies; the Wagtail admin (`/admin/`), which relies on
# inline scripts and styles, is left to Wagtail and protected by its permission checks.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        # Lessons' video blocks embed players (Wagtail embeds); add others with CSP_FRAME_ORIGINS.
        "frame-src": [
            "'self'",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            *env.list("CSP_FRAME_ORIGINS", default=[]),
        ],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "worker-src": ["'self'"],
    },
}

ROOT_URLCONF = "learning.urls"
WSGI_APPLICATION = "learning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "learning.context_processors.site_shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# Embedded default: SQLite in WAL mode, IMMEDIATE transactions (writers queue instead of
# failing with "database is locked") and a busy timeout. Production sets DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
SOCLE_CACHE_URL = env("CACHE_URL", default=None) or env("REDIS_URL", default=None)
# Production refuses a cache that is not shared (learning/checks.py, socle.E001).
SOCLE_REQUIRE_SHARED_CACHE = False
if SOCLE_CACHE_URL:
    CACHES = {"default": env.cache_url_config(SOCLE_CACHE_URL)}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "socle",
        }
    }

# --- Users and accounts -----------------------------------------------------------------------
AUTH_USER_MODEL = "learning.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id first (learning/hashers.py); older PBKDF2 hashes still verify and are re-hashed
# with Argon2id at the next sign-in.
PASSWORD_HASHERS = [
    "learning.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "learning.forms.SignupProfileForm"
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# A clear "already registered" message on sign-up, as the product asks; password reset answers
# the same for known and unknown addresses (learning.account_forms.PasswordResetForm). See
# docs/decisions/0003-account-enumeration.md.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_FORMS = {"reset_password": "learning.account_forms.PasswordResetForm"}
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_ADAPTER = "learning.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Socle] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Every limit of the project goes through allauth's limiter (allauth.core.ratelimit) on the
# shared cache, per client address as learning.net reads it. docs/decisions/
# learning-login-limits.md explains the sign-in numbers: the attacker is locked, not the account,
# and a room of 200 people behind one office address can all sign in within a minute.
ACCOUNT_RATE_LIMITS = {
    # Sign-in form posts per address, right or wrong (allauth's default of 30 refuses a room).
    "login": "300/m/ip",
    # Failed sign-ins per (address, account) pair; allauth's MFA code checks use it per account.
    "login_failed": "5/5m/key",
    # Failed sign-ins per account from all addresses: slows a distributed guesser.
    "login_failed_account": "100/h/key",
    # Failed sign-ins per address over all accounts: slows a password sprayer.
    "login_failed_address": "60/5m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    # Case-study proposals (casestudies.views.propose): five per hour per account.
    "casestudies_propose": "5/h/user",
    # xAPI statements from the H5P player (assessments.views.h5p.xapi), per account. A
    # question set reports one statement per question and one for the whole: generous.
    "h5p_xapi": "120/m/user,2000/h/user",
    "offline_sync": "30/m/user",  # offline.views.sync: batches of up to 100 replayed actions
    # Case-study PDFs are rendered on request: per address when anonymous, per account else.
    "casestudies_pdf": "20/m/ip",
    "casestudies_pdf_user": "60/m/user",
    # Public certificate verification, per address (certificates.ratelimit).
    "certificates_verify": "30/m/ip",
    "certificates_pdf": "30/m/ip",
    "certificates_credential": "30/m/ip",
    # Check-in codes typed per account; wrong ones per address too (cohorts.services.checkin).
    "cohorts_checkin": "10/10m/user",
    "cohorts_checkin_ip": "60/10m/ip",
    # Threads and replies in the cohorts' discussions (discussions.views.space), per account.
    "discussions_post": "10/m/user,120/h/user",
    # The learner's archive of their personal data (learning.views.personal_data_export).
    "personal_data_export": "5/h/user",
    "account_delete": "5/h/user",  # wrong passwords on "Delete my account"
}

# --- Multi-factor authentication (allauth.mfa) ------------------------------------------------
# TOTP with recovery codes, and WebAuthn security keys where the browser has them. Required of
# trainers, editors and administrators when SOCLE_MFA_REQUIRED_FOR_STAFF is on (production).
MFA_ADAPTER = "learning.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Socle"
MFA_TOTP_TOLERANCE = 1  # a period either side for slow links (RFC 6238 5.2; decision 0007)
MFA_PASSKEY_LOGIN_ENABLED = False
SOCLE_MFA_REQUIRED_FOR_STAFF = env.bool("SOCLE_MFA_REQUIRED_FOR_STAFF", default=False)

# --- Internationalisation ---------------------------------------------------------------------
# The interface and content languages: one table in learning/settings/languages.py.
from .languages import *  # noqa: E402, F403

LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static_collected")
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from npm (package.json) and are served straight from node_modules;
# collectstatic copies them for production. Their code is never committed.
STATICFILES_DIRS = [
    (prefix, NODE_MODULES / path)
    for prefix, path in [
        ("vendor/h5p", "h5p-standalone/dist"),
        ("vendor/fonts/noto-sans", "@fontsource/noto-sans/files"),
        ("vendor/fonts/noto-sans-arabic", "@fontsource/noto-sans-arabic/files"),
        ("vendor/fonts/noto-sans-lao", "@fontsource/noto-sans-lao/files"),
        ("vendor/fonts/noto-sans-sc", "@fontsource/noto-sans-sc/files"),
        *[(f"vendor/workbox/{n}", f"workbox-{n}/build") for n in ("sw", "core", "routing")],
        *[(f"vendor/workbox/{n}", f"workbox-{n}/build") for n in ("strategies", "precaching")],
    ]
    if (NODE_MODULES / path).is_dir()
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Private files (H5P packages and their files, certificate PDFs, exports) live OUTSIDE
# MEDIA_ROOT, in the `private` storage, and leave the server only through permission-checked
# views (learning/storage.py). Never map a public URL onto this folder.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
# nginx `internal` location that serves PRIVATE_MEDIA_ROOT once a view has checked the
# requester (X-Accel-Redirect); empty: the view streams the file itself.
PRIVATE_MEDIA_ACCEL_REDIRECT = env("PRIVATE_MEDIA_ACCEL_REDIRECT", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "learning.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Object storage (issue 13): with S3_BUCKET set, public media and private files both go to
# S3 and the app servers share no disk (docs/decisions/storage-private-and-s3.md).
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    if PRIVATE_MEDIA_ACCEL_REDIRECT:
        raise ImproperlyConfigured(
            "PRIVATE_MEDIA_ACCEL_REDIRECT serves files from local disk; unset it with S3_BUCKET."
        )
    _s3 = {
        "endpoint_url": env("S3_ENDPOINT_URL", default=None),
        "access_key": env("S3_ACCESS_KEY_ID", default=None),
        "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
        "region_name": env("S3_REGION", default=None),
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": S3_BUCKET,
            "location": env("S3_MEDIA_LOCATION", default="media"),
            # Public media is read by browsers straight from the bucket (or its CDN).
            "querystring_auth": False,
            "default_acl": env("S3_MEDIA_ACL", default=None),
            "custom_domain": env("S3_MEDIA_DOMAIN", default=None),
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": env("S3_PRIVATE_BUCKET", default=S3_BUCKET),
            "location": env("S3_PRIVATE_LOCATION", default="private"),
            # No ACL: objects take the bucket's own (private) setting. Any URL made of them is
            # signed and short-lived, although views stream them rather than hand URLs out.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "custom_domain": None,
        },
    }
# Pages show public media from the bucket (or its CDN): allow that origin for images and media.
_media_origin = env("S3_MEDIA_DOMAIN", default="")
_media_origin = (
    f"https://{_media_origin}"
    if _media_origin
    else env("S3_ENDPOINT_URL", default="") or f"https://{S3_BUCKET}.s3.amazonaws.com"
    if S3_BUCKET
    else ""
)
for _directive in ("img-src", "media-src"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"].setdefault(_directive, ["'self'"])
    CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive] += [
        o for o in [_media_origin, *env.list("CSP_MEDIA_ORIGINS", default=[])] if o
    ]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Socle <no-reply@socle.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------------
# Without a broker, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# Periodic tasks (Celery beat): one table in learning/settings/beat.py.
from .beat import CELERY_BEAT_SCHEDULE  # noqa: E402, F401

# Days without a sign-in or course activity after which a learner account is erased (a warning
# goes out 30 days before). None (the default) keeps accounts for ever; see
# docs/decisions/data-protection.md and docs/operations.md.
SOCLE_INACTIVE_ACCOUNT_RETENTION_DAYS = env.int(
    "SOCLE_INACTIVE_ACCOUNT_RETENTION_DAYS", default=None
)
COHORTS_REMINDER_HOURS = env.int("COHORTS_REMINDER_HOURS", default=24)
# BigBlueButton (cohorts/webinars): the server's address and shared secret; empty hides it.
BIGBLUEBUTTON_URL = env("BIGBLUEBUTTON_URL", default="")
BIGBLUEBUTTON_SECRET = env("BIGBLUEBUTTON_SECRET", default="")
BIGBLUEBUTTON_CHECKSUM = env("BIGBLUEBUTTON_CHECKSUM", default="sha1")  # every version; or sha256

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Socle"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt", "epub"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_USER_CUSTOM_FIELDS = ["full_name", "country", "organisation"]
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Security defaults (production tightens further) ------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Wagtail's background tasks log every start and finish at INFO.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # WeasyPrint logs every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
