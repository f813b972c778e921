"""Two checks on every signed-in request: the session's time limits
(HIPAA automatic logoff), then a verified second factor for the admin."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse

from accounts.devices import app_device
from accounts.models import AccessEvent
from accounts.policy import second_factor_required
from accounts.sessions import (
    SIGN_OUT_REASON_ATTRIBUTE,
    idle_limit,
    remaining,
    session_limit,
    touch,
)

# Requests the admin makes by itself, not because someone is at the keyboard:
# the time-out warning asking how long is left, and the page editor's
# "who else is editing" ping every few seconds. They must not keep an
# unattended session alive.
BACKGROUND_VIEWS = {"accounts_session_status"}
BACKGROUND_NAMESPACES = {"wagtailadmin_editing_sessions"}
# Admin URLs that a signed-in user reaches before giving a code: signing in
# and out, the code and enrollment pages themselves, and what they load.
BEFORE_SECOND_FACTOR_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "accounts_verify",
    "accounts_enroll",
    "accounts_session_status",
    "accounts_keep_alive",
}


def is_admin_request(request):
    return request.path_info.startswith(reverse("wagtailadmin_home"))


def wants_html(request):
    # The editor's autosave and other scripts ask for JSON; they need a
    # status they can act on, not a sign-in page.
    return request.accepts("text/html")


def signed_out_json(message):
    return JsonResponse(
        {"success": False, "error_code": "signed_out", "error_message": message},
        status=401,
    )


def sign_out_message(reason):
    if reason == AccessEvent.Reason.IDLE:
        minutes = idle_limit() // 60
        return (
            f"You were signed out after {minutes} minutes without activity, to "
            "protect patients’ information. Sign in again to carry on: changes "
            "the editor saved automatically are kept as a draft."
        )
    hours = session_limit() // 3600
    return (
        f"You were signed out because you had been signed in for {hours} hours. "
        "Sign in again to carry on: changes the editor saved automatically are "
        "kept as a draft."
    )


class StaffSessionMiddleware:
    """Ends a session idle for STAFF_IDLE_TIMEOUT_MINUTES, or older than
    STAFF_SESSION_MAX_HOURS, on the server, whatever the browser does; every
    other request the user makes counts as activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        idle_left, session_left = remaining(request.session)
        if session_left <= 0:
            reason = AccessEvent.Reason.SESSION_LIMIT
        elif idle_left <= 0:
            reason = AccessEvent.Reason.IDLE
        else:
            if not self.is_background(request):
                touch(request.session)
            return None
        setattr(request, SIGN_OUT_REASON_ATTRIBUTE, reason)
        logout(request)
        message = sign_out_message(reason)
        if is_admin_request(request) and not wants_html(request):
            return signed_out_json(message)
        messages.info(request, message)
        # Signed out, the request goes on: the admin sends it to the sign-in
        # page (and back here afterwards); a public page just shows.
        return None

    @staticmethod
    def is_background(request):
        match = request.resolver_match
        return match.view_name in BACKGROUND_VIEWS or bool(
            set(match.namespaces) & BACKGROUND_NAMESPACES
        )


class SecondFactorMiddleware:
    """Sends a signed-in admin user who has not yet given a code to the code
    page, or to enroll an authenticator app if they have none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_admin_request(request):
            return None
        if request.resolver_match.view_name in BEFORE_SECOND_FACTOR_VIEWS:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not second_factor_required(user):
            return None
        if not wants_html(request):
            return signed_out_json("Enter the code from your authenticator app.")
        step = "accounts_verify" if app_device(user) else "accounts_enroll"
        return redirect_to_login(request.get_full_path(), login_url=reverse(step))
