"""Local development: debug on, console email, an SQLite file by default."""

import os

from .base import *  # noqa: F403
from .base import STORAGES
from .env import env_list

DEBUG = True
# A fixed key is fine on a developer's machine; production.py refuses to start
# without its own SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# Plain storage: no collectstatic needed while developing.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Whitenoise serves from the source folders, picking up edits.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
DEMO_USERS_ALLOWED = True
# The demo accounts `load_demo` creates (demo/content/site.toml, [users]) sign
# in without a second factor here, and only here: test.py empties the list,
# and it is honored only while DEBUG is on.
STAFF_SECOND_FACTOR_EXEMPT_USERNAMES = ["marketing", "medical.director", "admissions"]
