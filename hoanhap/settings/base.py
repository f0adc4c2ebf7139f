"""Settings read from environment variables, with defaults that run on SQLite locally.

Production deployments use ``hoanhap.settings.production``, which refuses the
development keys below.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"  # noqa: S105 - refused in production
SECRET_KEY = env_str("HOANHAP_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("HOANHAP_DEBUG", False)
ALLOWED_HOSTS = env_list("HOANHAP_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

FIELD_ENCRYPTION_KEYS = crypto.parse_field_keys(env_str("HOANHAP_FIELD_KEYS", crypto.DEVELOPMENT_FIELD_KEYS))
BLIND_INDEX_KEY = crypto.parse_blind_index_key(env_str("HOANHAP_BLIND_INDEX_KEY", crypto.DEVELOPMENT_BLIND_INDEX_KEY))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",  # login throttling and lockout (AXES_* below)
    "core",
    "audit",
    "geo",
    "agencies",
    "people",
    "cases",
    "support",
    "reports",
    "programmes",
    "oversight",
    "privacy",
    "imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",  # before WhiteNoise: static files get the CSP too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "agencies.middleware.SecondFactorMiddleware",  # password alone opens only the second-factor pages
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.AbsoluteSessionLifetimeMiddleware",
    "audit.middleware.AccessDecisionAuditMiddleware",  # every 403 and 404 is an audit event
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]

ROOT_URLCONF = "hoanhap.urls"
WSGI_APPLICATION = "hoanhap.wsgi.application"

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
                "agencies.context_processors.navigation",
            ],
            "builtins": ["core.templatetags.hoanhap"],
        },
    },
]

# SQLite in WAL mode by default; DATABASE_URL (postgres://...) for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'hoanhap.sqlite3'}"),
        conn_max_age=env_int("HOANHAP_DB_CONN_MAX_AGE", 60, minimum=0),
    )
}
# Each process keeps its own cache unless HOANHAP_CACHE_DIR names a folder all the server's
# workers share (the progress of a list being imported, imports.background, shows in every worker).
CACHE_DIR = env_str("HOANHAP_CACHE_DIR", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": CACHE_DIR}
        if CACHE_DIR
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # Choice lists iterate querysets; server-side cursors would cost round trips per list,
    # and do not survive a transaction-pooling proxy such as pgbouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Axes first: it refuses a locked-out username before the password is even checked.
# It needs the request, so sign in through the login view (tests: client.post or force_login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "agencies.hashers.HoaNhapArgon2PasswordHasher",  # Argon2id, parameters in agencies/hashers.py
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "agencies.password_validation.VietnameseCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = env_int("HOANHAP_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True  # the age above is then an idle timeout
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Absolute lifetime: signed out this long after sign-in, however active (core.middleware).
HOANHAP_SESSION_MAX_SECONDS = env_int("HOANHAP_SESSION_MAX_HOURS", 12, minimum=1) * 3600
# Exports, merges and role changes ask for the second factor again after this long.
HOANHAP_SECOND_FACTOR_RECONFIRM_SECONDS = env_int("HOANHAP_SECOND_FACTOR_RECONFIRM_MINUTES", 5, minimum=1) * 60
# Administrators (staff, superusers, system administrators) confirm again more often (agencies/second_factor.py).
HOANHAP_ADMIN_SECOND_FACTOR_RECONFIRM_SECONDS = (
    env_int("HOANHAP_ADMIN_SECOND_FACTOR_RECONFIRM_MINUTES", 2, minimum=1) * 60
)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Set by core.middleware.SecurityHeadersMiddleware. No inline script or style anywhere:
# htmx is a static file, configured by <meta name="htmx-config"> without indicator styles.
HOANHAP_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
HOANHAP_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Login throttling (django-axes): 5 failures for one username lock it for 30 minutes,
# from any address: offices share one public IP, so locking addresses would lock colleagues.
AXES_FAILURE_LIMIT = env_int("HOANHAP_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("HOANHAP_LOGIN_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
# The count is reset when the whole sign-in succeeds, after the second factor (agencies/views.py),
# not after the password alone: wrong codes after a right password keep counting.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "agencies.views.locked_out"
AXES_VERBOSE = False
# Sign-ins are in our own audit trail; axes' access log would keep every address and
# browser for ever. Its failure counters are deleted once they cool off.
AXES_DISABLE_ACCESS_LOG = True
# axes.W006 warns that locks without 'ip_address' can be dodged by rotating cookies or
# user agents; a username lock cannot, whatever the client sends.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["hoanhap.formats"]

STATIC_URL = "static/"
# htmx comes from npm (package.json) at install time and is served as our own static file.
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist")]
WHITENOISE_USE_FINDERS = True

MEDIA_ROOT = Path(env_str("HOANHAP_MEDIA_ROOT", str(BASE_DIR / "media")))
# Case attachments, encrypted on disk (core.crypto.encrypt_bytes), and the largest file accepted.
DOCUMENT_STORAGE_DIR = Path(env_str("HOANHAP_DOCUMENT_DIR", str(MEDIA_ROOT / "documents")))
DOCUMENT_MAX_BYTES = env_int("HOANHAP_DOCUMENT_MAX_MB", 10, minimum=1) * 1024 * 1024

# Reports (reports/definitions.py) that count only persons whose consent allows statistics, in
# addition to those that do so by default; an unknown report code stops start-up.
HOANHAP_REPORTS_CONSENT_REQUIRED = env_list("HOANHAP_REPORTS_CONSENT_REQUIRED", [])
# Figures for audiences without access to the records (the ministry, reports for outside readers)
# hide counts under this threshold, with complementary suppression (reports/suppression.py).
HOANHAP_REPORTS_SUPPRESSION_THRESHOLD = env_int("HOANHAP_REPORTS_SUPPRESSION_THRESHOLD", 5, minimum=2)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("HOANHAP_LOG_LEVEL", "INFO")},
}
