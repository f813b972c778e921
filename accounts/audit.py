"""Recording access events (accounts.AccessEvent) from Django's and
django-axes' own signals, and from the second-factor views."""

import ipaddress
import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from accounts.models import AccessEvent
from accounts.sessions import SIGN_OUT_REASON_ATTRIBUTE, start_session
from accounts.throttling import SECOND_FACTOR_STEP, client_address

Event = AccessEvent.Event
Outcome = AccessEvent.Outcome

FAILURES = {
    Event.SIGN_IN_FAILED,
    Event.VERIFY_FAILED,
    Event.LOCKED_OUT,
}
# The network kept for ACCESS_LOG_IP = "truncated": enough to tell an office
# from a foreign country, not enough to name a household.
TRUNCATED_PREFIX = {4: 24, 6: 64}

logger = logging.getLogger("manifest.access")


def recorded_address(request):
    """The client address as ACCESS_LOG_IP allows: None ("none", the
    default), its /24 or /64 network ("truncated"), or whole ("full")."""
    policy = settings.ACCESS_LOG_IP
    address = client_address(request) if request is not None else None
    if policy == "none" or address is None:
        return None
    if policy == "full":
        return address
    parsed = ipaddress.ip_address(address)
    prefix = TRUNCATED_PREFIX[parsed.version]
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False)[0])


def record(event, *, request=None, user=None, username="", reason="", actor=None):
    """Record one access event, and log it (without the client address)."""
    if user is not None and not user.is_authenticated:
        user = None
    username = (username or (user.get_username() if user else ""))[:150]
    outcome = Outcome.FAILURE if event in FAILURES else Outcome.SUCCESS
    entry = AccessEvent.objects.create(
        event=event,
        outcome=outcome,
        user=user,
        username=username,
        reason=reason,
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        ip_address=recorded_address(request),
    )
    level = logging.WARNING if outcome == Outcome.FAILURE else logging.INFO
    logger.log(
        level, "access event=%s outcome=%s username=%r", event, outcome, username
    )
    return entry


@receiver(user_logged_in, dispatch_uid="accounts.audit.signed_in")
def signed_in(sender, request, user, **kwargs):
    start_session(request)
    record(Event.SIGNED_IN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="accounts.audit.signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is None:
        return  # nobody was signed in
    reason = getattr(request, SIGN_OUT_REASON_ATTRIBUTE, AccessEvent.Reason.USER)
    record(Event.SIGNED_OUT, request=request, user=user, reason=reason)


@receiver(user_login_failed, dispatch_uid="accounts.audit.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or "")
    # The account, if the username names one (administrators alone read this).
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if credentials.get("step") == SECOND_FACTOR_STEP:
        event = Event.VERIFY_FAILED
    else:
        event = Event.SIGN_IN_FAILED
    record(event, request=request, user=user, username=username)


@receiver(user_locked_out, dispatch_uid="accounts.audit.locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    record(Event.LOCKED_OUT, request=request, username=username or "")
