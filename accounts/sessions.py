"""How long a staff session lasts: HIPAA's automatic logoff after
STAFF_IDLE_TIMEOUT_MINUTES without activity, and STAFF_SESSION_MAX_HOURS in
all. The times live in the session itself (in the database), so every app
server enforces the same limits."""

import time

from django.conf import settings

SIGNED_IN_AT = "accounts_signed_in_at"
LAST_ACTIVITY = "accounts_last_activity"
# The attribute a request carries when it is signed out for a reason other
# than the user's own choice (AccessEvent.Reason), read by the audit.
SIGN_OUT_REASON_ATTRIBUTE = "accounts_sign_out_reason"


def now():
    """Seconds since the epoch (a function, so that tests can move time)."""
    return time.time()


def idle_limit():
    return settings.STAFF_IDLE_TIMEOUT_MINUTES * 60


def session_limit():
    return settings.STAFF_SESSION_MAX_HOURS * 60 * 60


def start_session(request):
    """Start both clocks at sign-in."""
    session = getattr(request, "session", None)
    if session is not None:
        moment = now()
        session[SIGNED_IN_AT] = moment
        session[LAST_ACTIVITY] = moment


def touch(session):
    """Record activity now."""
    session[LAST_ACTIVITY] = now()


def remaining(session):
    """Seconds left before each limit: (idle, session). A session without
    the times (begun before these limits existed) has none left."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_activity = session.get(LAST_ACTIVITY)
    if signed_in_at is None or last_activity is None:
        return 0, 0
    moment = now()
    return (
        last_activity + idle_limit() - moment,
        signed_in_at + session_limit() - moment,
    )
