"""Test settings: fast and isolated, with production's security headers."""

import os

from .dev import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
# Tests sign in as staff do: the demo accounts need a second factor too.
STAFF_SECOND_FACTOR_EXEMPT_USERNAMES = []
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Its own folder per run (TEST_MEDIA_ROOT), so that runs can go side by side.
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT") or BASE_DIR / ".test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come from the app and project folders, not from collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Wagtail logs every page action at INFO; keep test output to what matters.
LOGGING["loggers"]["wagtail"]["level"] = "WARNING"  # noqa: F405
# Nor a line per request: manifest_site/tests/test_operations.py turns it on.
LOGGING["loggers"]["manifest.requests"]["level"] = "WARNING"  # noqa: F405
# No persistent connections: the live server's thread would otherwise keep
# one open and stop PostgreSQL from dropping the test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# A test database need not survive a crash: PostgreSQL need not wait for the
# disk at each commit (the suite commits often: transactional tests, flushes).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c synchronous_commit=off"
    )
