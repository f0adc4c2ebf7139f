from .base import *  # noqa: F403

# Fast hashing in tests only; production uses Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
DOCUMENT_STORAGE_DIR = MEDIA_ROOT / "documents"
# Each test builds its own agencies and staff: nothing cached may outlive it.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
