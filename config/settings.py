"""Settings for Policing Grant Decisions, read from the environment.

Development needs nothing set: SQLite in the project folder, DEBUG on. Production sets
``DEBUG=false``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``; with DEBUG off the
hardening below applies and ``manage.py check --deploy`` passes with no warnings.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET_KEY = "development-only-key-never-used-with-debug-off-7f3c9a1e5b2d4f6a8c0e"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "csp",
    "pgtrigger",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "core",
    "grants",
    "decisions",
    "forces",
    "records",
    "register",
    "notifications",
    "home",
]
# The demo data and `manage.py load_demo`: development only, unless asked for (DEMO=true) in a trial deployment.
DEMO = env_bool("DEMO", default=DEBUG)
if DEMO:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that a lockout answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Django's form renderer, with text boxes and selects written in Python (the same HTML, a fraction of the time).
FORM_RENDERER = "core.forms.GovukFormRenderer"

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0 if DEBUG else 60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The development server and the worker write to one file: a writer waits for the other rather than failing,
    # and takes its lock when its transaction begins (no upgrade from reading to writing that could deadlock).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates as the UK writes them on forms: 08/04/2025.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded papers and letters: PDF only, at most this many bytes.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: short-lived, closed with the browser, never readable by scripts.
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Login throttling: five failures for one user name from one address lock it for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The address is the one the application trusts (core.http.client_address), not whatever a client sends.
AXES_CLIENT_IP_CALLABLE = "core.http.axes_client_address"
# Behind reverse proxies: how many of them add themselves to X-Forwarded-For (0: use the address the server saw).
TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", default="0"))

# Signing: wrong passwords in a row before signing is locked for the person, and for how long (decisions.throttle).
SIGNING_PASSWORD_ATTEMPTS = int(env_str("SIGNING_PASSWORD_ATTEMPTS", default="6"))
SIGNING_LOCKOUT_MINUTES = int(env_str("SIGNING_LOCKOUT_MINUTES", default="60"))

# Content Security Policy: scripts only from this site (the two small inline scripts of the page template carry
# a nonce); nothing from anywhere else. Inline style attributes stay allowed (SVG charts and admin widgets use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Background work (core.background): Django's tasks framework with its database backend. Workers run
# `manage.py run_worker`; each also queues again, every WORKER_HOUSEKEEPING_SECONDS, whatever is due or left undone.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
WORKER_HOUSEKEEPING_SECONDS = float(env_str("WORKER_HOUSEKEEPING_SECONDS", default="30"))
# A decision not deferred goes on the public register as soon as it is sealed, unless governance is to publish it.
PUBLISH_REQUIRES_GOVERNANCE = env_bool("PUBLISH_REQUIRES_GOVERNANCE", default=False)

# The office that runs the service, as its service pages (accessibility, privacy, contact, freedom of information)
# name it and how to reach it. Set these to the organisation's own.
OFFICE_NAME = env_str("OFFICE_NAME", default="Office for Policing and Crime")
CONTACT_EMAIL = env_str("CONTACT_EMAIL", default="decisions@example.org")
FOI_EMAIL = env_str("FOI_EMAIL", default="foi@example.org")
FOI_POSTAL_ADDRESS = env_str("FOI_POSTAL_ADDRESS", default="")  # lines separated by commas
DPO_EMAIL = env_str("DPO_EMAIL", default="dpo@example.org")
# The privacy notice says records of signing in are kept this many days (`manage.py axes_reset_logs --age N` daily).
SIGN_IN_RECORDS_DAYS = int(env_str("SIGN_IN_RECORDS_DAYS", default="90"))

# E-mail: SMTP in production (EMAIL_HOST …), the console in development. Links in messages start with SITE_URL.
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", default="25"))
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Policing Grant Decisions <decisions@localhost>")
# Notifications (notifications app): a signer reminded after this many working days waiting; governance told this
# many working days before a deferral ends; daily digests sent at this hour, London time.
NOTIFY_REMINDER_WORKING_DAYS = int(env_str("NOTIFY_REMINDER_WORKING_DAYS", default="2"))
NOTIFY_DEFERRAL_WORKING_DAYS = int(env_str("NOTIFY_DEFERRAL_WORKING_DAYS", default="5"))
NOTIFY_DIGEST_HOUR = int(env_str("NOTIFY_DIGEST_HOUR", default="8"))

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Rendering a PDF logs every step and font subset at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pikepdf announces itself at INFO when first imported.
        "pikepdf": {"level": "WARNING"},
    },
}

# History is evidence: it is read, never used to roll a record back.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Sealing approved decisions (PAdES). The key and certificate are PEM files; `manage.py
# make_signing_certificate` makes a self-signed pair for development. Use the organisation's own in
# production (see the README).
SIGNING_KEY_FILE = Path(env_str("SIGNING_KEY_FILE", default=str(BASE_DIR / "signing" / "seal-key.pem")))
SIGNING_CERT_FILE = Path(env_str("SIGNING_CERT_FILE", default=str(BASE_DIR / "signing" / "seal-cert.pem")))
SIGNING_KEY_PASSPHRASE = env_str("SIGNING_KEY_PASSPHRASE", default="")
# Intermediate certificates between the seal's certificate and its root (PEM, optional), embedded in each signature.
SIGNING_CHAIN_FILE = env_str("SIGNING_CHAIN_FILE", default="")
# An RFC 3161 time-stamp authority: with it seals are PAdES B-T; with SIGNING_TRUST_FILE too (the root certificates
# the seal's and the authority's certificates chain to, PEM), B-LTA. Without it, B-B.
SIGNING_TSA_URL = env_str("SIGNING_TSA_URL", default="")
SIGNING_TSA_USERNAME = env_str("SIGNING_TSA_USERNAME", default="")
SIGNING_TSA_PASSWORD = env_str("SIGNING_TSA_PASSWORD", default="")
SIGNING_TSA_TIMEOUT = float(env_str("SIGNING_TSA_TIMEOUT", default="10"))
SIGNING_TRUST_FILE = env_str("SIGNING_TRUST_FILE", default="")
# The public "Check a PDF" page: checks each client address may make in an hour (staff who read decisions: no limit).
VERIFY_CHECKS_PER_HOUR = int(env_str("VERIFY_CHECKS_PER_HOUR", default="30"))
# Sealed PDFs live apart from uploads, and are only ever served by views that check permissions.
SEALED_ROOT = Path(env_str("SEALED_ROOT", default=str(BASE_DIR / "sealed")))

# Part 1 of a decision must be on the public register within this many working days (England and Wales) of its
# decision date, or of the date its publication is deferred to.
PUBLICATION_DEADLINE_WORKING_DAYS = int(env_str("PUBLICATION_DEADLINE_WORKING_DAYS", default="3"))
