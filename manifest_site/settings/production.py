"""Production: everything required comes from the environment, or start-up fails.

Runs behind a TLS-terminating proxy or load balancer; see the README for the
variables and the gunicorn command.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MEDIA_STORAGE, RATELIMIT_IP_META_KEY
from .env import env_bool, env_list


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
# Several app servers share one cache (pages, purges, rate-limit counts).
required_env("REDIS_URL")

DEMO_USERS_ALLOWED = False
DEMO_CONTENT_ALLOWED = False

# Media in a shared bucket (base.py reads the variables and refuses unknown
# MEDIA_STORAGE values). Without its own media domain, pages would link the
# storage provider's host, which the CSP does not allow.
if MEDIA_STORAGE == "s3":
    required_env("AWS_STORAGE_BUCKET_NAME")
    required_env("AWS_S3_CUSTOM_DOMAIN")
    # Keys are optional: without them boto3 uses the server's instance or task
    # role. Half a pair is a mistake, and would fail at the first upload.
    if bool(os.environ.get("AWS_ACCESS_KEY_ID", "").strip()) != bool(
        os.environ.get("AWS_SECRET_ACCESS_KEY", "").strip()
    ):
        raise ImproperlyConfigured(
            "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither "
            "to use the server's instance role (see .env.example and the README)."
        )

# Where a client's address comes from: the inquiry form's rate limit and the
# sign-in lockout count each client by it (admissions/ratelimits.py). Behind
# a proxy, REMOTE_ADDR is the proxy's own address, so every visitor would
# share one count (and one lockout) unless RATELIMIT_IP_META_KEY names the
# header the proxy puts the client's address in. Say which it is, rather than
# have production guess: that header, or NO_PROXY_IN_FRONT=1 when clients
# connect to gunicorn directly. Both at once would trust a header that any
# client can send.
NO_PROXY_IN_FRONT = env_bool("NO_PROXY_IN_FRONT", False)
if not RATELIMIT_IP_META_KEY and not NO_PROXY_IN_FRONT:
    raise ImproperlyConfigured(
        "Say where a client's address comes from: RATELIMIT_IP_META_KEY, the "
        "request.META key of the header the proxy in front sets (e.g. "
        "HTTP_X_REAL_IP), or NO_PROXY_IN_FRONT=1 when clients connect to "
        "gunicorn directly (see .env.example and the README)."
    )
if RATELIMIT_IP_META_KEY and NO_PROXY_IN_FRONT:
    raise ImproperlyConfigured(
        "RATELIMIT_IP_META_KEY and NO_PROXY_IN_FRONT=1 contradict each other: "
        "without a proxy in front, any client could set that header itself "
        "(see .env.example and the README)."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Trust X-Forwarded-Proto only when the proxy in front sets (and strips) it.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
