"""Security settings shared by every environment: the headers every response
carries, the Content-Security-Policy, the Permissions-Policy, and cookies.
(production.py adds what needs HTTPS.)"""

import os
from datetime import timedelta

from csp.constants import NONE, SELF

from .env import env_bool, env_list

# Security headers sent with every response. HSTS is only ever sent over
# HTTPS (SecurityMiddleware), so it is harmless on a developer's http://.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Not even our origin goes with a visitor who follows a link to another site
# (a cited source, the crisis line's chat): that they came from an addiction
# treatment practice is itself health information. Links within the site
# keep the full referrer.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No framing by other sites, or by ourselves: Wagtail's preview views set
# SAMEORIGIN on their own responses, and the CSP middleware allows
# frame-ancestors 'self' under the admin, so live preview still works.
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): nothing from any other origin, no
# inline script or style on public pages. The Wagtail admin still ships some
# inline scripts; operations.middleware relaxes the policy for it alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "frame-src": [SELF],
        "img-src": [SELF, "data:"],
        "manifest-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "worker-src": [SELF],
    }
}

# Permissions-Policy (django-permissions-policy): the site uses none of these.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": [],
    "gyroscope": [],
    "interest-cohort": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin reads the token from the cookie.

# Staff sign-in (accounts/; README, "Staff sign-in"): a second factor, lockout,
# time-outs and the access audit, on under every settings module.
SESSION_COOKIE_SAMESITE = "Lax"
# A second factor (an authenticator app's code) for every admin account; for
# members of Marketing alone it may be switched off here.
STAFF_SECOND_FACTOR_FOR_MARKETING = env_bool("STAFF_SECOND_FACTOR_FOR_MARKETING", True)
# Usernames spared the second factor, honored only while DEBUG is on: dev.py
# names the demo accounts, test.py empties the list again.
STAFF_SECOND_FACTOR_EXEMPT_USERNAMES = []
# HIPAA automatic logoff: a staff session ends after this many minutes idle,
# and after STAFF_SESSION_MAX_HOURS in all, however busy. The admin warns
# STAFF_IDLE_WARNING_SECONDS before the idle limit.
STAFF_IDLE_TIMEOUT_MINUTES = int(os.environ.get("STAFF_IDLE_TIMEOUT_MINUTES", "30"))
STAFF_SESSION_MAX_HOURS = int(os.environ.get("STAFF_SESSION_MAX_HOURS", "12"))
STAFF_IDLE_WARNING_SECONDS = 120
# The cookie need not outlive the session it carries ("Remember me" included).
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_HOURS * 60 * 60
# Lockout (django-axes): after STAFF_LOGIN_FAILURE_LIMIT failed passwords or
# second-factor codes for one username, or from one client address, sign-in
# is refused for STAFF_LOCKOUT_MINUTES. The client address is the one the
# inquiry rate limit trusts (RATELIMIT_IP_META_KEY, caches.py).
AXES_FAILURE_LIMIT = int(os.environ.get("STAFF_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("STAFF_LOCKOUT_MINUTES", "30"))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one, not the pair
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
# Successful sign-ins are recorded in accounts.AccessEvent, not twice; and
# a failure's recorded form data never holds a code or a token.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
# The access audit (accounts.AccessEvent) keeps the client address only as
# allowed here: "none", "truncated" (the /24 or /64 network) or "full".
ACCESS_LOG_IP = os.environ.get("ACCESS_LOG_IP", "none").strip().lower() or "none"
# Password reset emails: how many requests one client, or one email
# address, may make (django-ratelimit's "5/h": five an hour).
PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5/h")
# The name an authenticator app shows beside the code.
OTP_TOTP_ISSUER = "Manifest Behavioral Health"

# /readyz (operations/middleware.py; README, "Operations") says whether the
# database and the cache answer: only to monitoring. That is a request
# straight from one of these networks (REMOTE_ADDR, the address that
# connected; never one relayed by the proxy in front), or one that sends
# `Authorization: Bearer READYZ_TOKEN`. Anyone else finds no page there.
# /healthz stays open to all.
READYZ_ALLOWED_NETWORKS = env_list(
    "READYZ_ALLOWED_NETWORKS",
    ["127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
)
READYZ_TOKEN = os.environ.get("READYZ_TOKEN", "").strip()
