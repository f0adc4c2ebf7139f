"""Production settings: secure transport, and no start-up with the development keys."""

from django.core.exceptions import ImproperlyConfigured

from core import crypto
from core.env import env_int

from .base import *  # noqa: F403
from .base import BLIND_INDEX_KEY, DEBUG, DEVELOPMENT_SECRET_KEY, FIELD_ENCRYPTION_KEYS, SECRET_KEY

if DEBUG:
    raise ImproperlyConfigured("HOANHAP_DEBUG must be off in production.")
if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set HOANHAP_SECRET_KEY to a random value of at least 50 characters.")
if set(FIELD_ENCRYPTION_KEYS.values()) & set(crypto.parse_field_keys(crypto.DEVELOPMENT_FIELD_KEYS).values()):
    raise ImproperlyConfigured("HOANHAP_FIELD_KEYS contains the development key; generate real keys.")
if crypto.parse_blind_index_key(crypto.DEVELOPMENT_BLIND_INDEX_KEY) == BLIND_INDEX_KEY:
    raise ImproperlyConfigured("HOANHAP_BLIND_INDEX_KEY is the development key; generate a real key.")

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = env_int("HOANHAP_HSTS_SECONDS", 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# "__Host-" cookies are only accepted over HTTPS, for this exact host and path "/":
# a sibling subdomain cannot plant or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATIC_ROOT = BASE_DIR / "staticfiles"  # noqa: F405
WHITENOISE_USE_FINDERS = False
