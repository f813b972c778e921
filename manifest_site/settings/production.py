"""Production: everything required comes from the environment, or start-up fails.

Runs behind a TLS-terminating proxy or load balancer; see the README for the
variables and the gunicorn command.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list


def required_env(name):
    """Return an environment variable, or refuse to start naming it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The {name} environment variable is required in production "
            f"(see .env.example and the README)."
        )
    return value


DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or required_env("ALLOWED_HOSTS")
required_env("DATABASE_URL")  # base.py reads it; never fall back to SQLite here.

DEMO_USERS_ALLOWED = False
DEMO_CONTENT_ALLOWED = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Trust X-Forwarded-Proto only when the proxy in front sets (and strips) it.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
