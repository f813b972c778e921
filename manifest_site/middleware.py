"""Project-wide HTTP wiring that settings alone cannot express."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import reverse


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict site-wide CSP, relaxed only where Wagtail's admin needs it.

    Wagtail 8's admin still renders some inline scripts and style attributes
    (date pickers, inline panels). Editors are authenticated staff on the same
    origin, so the admin may run inline code; public pages may not. Third-party
    origins stay forbidden everywhere.

    Live preview renders a public page through a dummy request (Wagtail sets
    `request.is_dummy`) and shows it in an admin iframe: that response keeps the
    public page's strict script policy but may be framed by our own origin.
    """

    admin_overrides = {
        "frame-ancestors": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
    }
    preview_overrides = {"frame-ancestors": [SELF]}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            overrides = self.admin_overrides
        elif getattr(request, "is_dummy", False):
            overrides = self.preview_overrides
        else:
            return parts
        parts.replace = {**(parts.replace or {}), **overrides}
        return parts
