"""System checks for the staff sign-in settings: a mistyped value is caught
at start-up (and by `check --deploy`), not at the first sign-in."""

from django.conf import settings
from django.core.checks import Error, Tags, register

ACCESS_LOG_IP_CHOICES = ("none", "truncated", "full")


@register(Tags.security)
def staff_sign_in_settings(app_configs, **kwargs):
    errors = []
    if settings.ACCESS_LOG_IP not in ACCESS_LOG_IP_CHOICES:
        errors.append(
            Error(
                f"ACCESS_LOG_IP must be one of {', '.join(ACCESS_LOG_IP_CHOICES)}, "
                f"not {settings.ACCESS_LOG_IP!r}.",
                id="accounts.E001",
            )
        )
    for name in (
        "STAFF_IDLE_TIMEOUT_MINUTES",
        "STAFF_SESSION_MAX_HOURS",
        "AXES_FAILURE_LIMIT",
    ):
        if getattr(settings, name) < 1:
            errors.append(Error(f"{name} must be at least 1.", id="accounts.E002"))
    return errors
