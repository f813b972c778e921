"""Security settings shared by every environment: the headers every response
carries, the Content-Security-Policy, the Permissions-Policy, and cookies.
(production.py adds what needs HTTPS.)"""

import os

from csp.constants import NONE, SELF

from .env import env_bool

# Security headers sent with every response. HSTS is only ever sent over
# HTTPS (SecurityMiddleware), so it is harmless on a developer's http://.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
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
