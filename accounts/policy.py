"""Who must give a second factor, and when a session has given it."""

from django.conf import settings
from django_otp import user_has_device

# The groups the data migrations create (README, "Roles and permissions").
MARKETING_GROUP = "Marketing"


def uses_admin(user):
    """Whether the account can use the Wagtail admin at all."""
    return user.is_active and (
        user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


def demo_exempt(user):
    """The demo accounts in development only: dev.py names them in
    STAFF_SECOND_FACTOR_EXEMPT_USERNAMES, and even a list that reached
    another environment is ignored while DEBUG is off."""
    return settings.DEBUG and (
        user.get_username() in settings.STAFF_SECOND_FACTOR_EXEMPT_USERNAMES
    )


def marketing_only(user):
    """A member of Marketing and of nothing that needs more protection."""
    if user.is_superuser:
        return False
    return set(user.groups.values_list("name", flat=True)) == {MARKETING_GROUP}


def second_factor_required(user):
    """Whether this account must give a code after its password: every admin
    account (Admissions, Medical Director, superusers, anyone else with admin
    access), Marketing too unless STAFF_SECOND_FACTOR_FOR_MARKETING is off.
    An account that has enrolled a device always gives its code."""
    if not user.is_authenticated or not uses_admin(user):
        return False
    if user_has_device(user, confirmed=True):
        return True
    if demo_exempt(user):
        return False
    return settings.STAFF_SECOND_FACTOR_FOR_MARKETING or not marketing_only(user)
