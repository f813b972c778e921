"""System checks: the inquiry form's rate limits are rates it can read, so
that a mistyped setting stops `manage.py check` (and a deployment) instead
of failing every inquiry."""

from django.conf import settings
from django.core.checks import Error, register

from admissions.ratelimits import parse_rate

RATE_SETTINGS = ("ENQUIRY_RATE_LIMIT", "ENQUIRY_ATTEMPT_RATE_LIMIT")


@register()
def check_rate_limits(app_configs, **kwargs):
    errors = []
    for name in RATE_SETTINGS:
        try:
            parse_rate(getattr(settings, name))
        except ValueError as error:
            errors.append(
                Error(
                    f"{name}: {error}.",
                    hint="A count, a slash and a period: s, m, h or d, "
                    "optionally with a number (5/h, 10/d, 20/2h).",
                    id="admissions.E001",
                )
            )
    return errors
