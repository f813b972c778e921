"""The second-factor pages (enroll, give a code, recovery codes), an
administrator's reset, and the session time-out's status and keep-alive."""

import django_otp
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from django.views.defaults import permission_denied

from accounts import devices
from accounts.audit import record
from accounts.forms import enroll_form, verify_form
from accounts.models import AccessEvent
from accounts.sessions import remaining
from accounts.throttling import (
    count_failed_code,
    forget_failures,
    is_locked_out,
    lockout_response,
)

Event = AccessEvent.Event
# The recovery codes just made, kept in the session only until shown once.
NEW_CODES_SESSION_KEY = "accounts_new_recovery_codes"


def next_url(request):
    """Where the user was going before the code was asked for."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def with_next(name, request):
    target = request.POST.get("next") or request.GET.get("next")
    url = reverse(name)
    return f"{url}?{urlencode({'next': target})}" if target else url


def complete_sign_in(request, device):
    """The code was right: the session is verified from now on, under a new
    session key (the one from before the code proves less)."""
    request.session.cycle_key()
    django_otp.login(request, device)
    forget_failures(request.user)


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(next_url(request))
    if devices.app_device(user) is None:
        return redirect(with_next("accounts_enroll", request))
    if is_locked_out(request, user):
        return lockout_response(request)
    form = verify_form(user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            complete_sign_in(request, form.device)
            record(Event.VERIFIED, request=request, user=user)
            if form.used_recovery_code:
                used_recovery_code(request, user)
            return redirect(next_url(request))
        # Counted like a wrong password: enough of them lock the account.
        count_failed_code(request, user)
    return TemplateResponse(
        request,
        "accounts/verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next")},
    )


def used_recovery_code(request, user):
    record(Event.RECOVERY_CODE_USED, request=request, user=user)
    left = devices.recovery_codes_left(user)
    messages.warning(
        request,
        f"You signed in with a recovery code, which now no longer works; "
        f"{left} left. If your phone is lost, ask an administrator to reset "
        "your second factor; otherwise make new recovery codes.",
    )


@never_cache
@sensitive_post_parameters("code")
def enroll(request):
    """First sign-in: set up an authenticator app, confirm it with a code,
    and get recovery codes."""
    user = request.user
    if devices.app_device(user) is not None:
        return redirect(with_next("accounts_verify", request))
    device = devices.pending_app_device(user)
    form = enroll_form(user, device, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        devices.confirm_app_device(device)
        complete_sign_in(request, device)
        record(Event.ENROLLED, request=request, user=user)
        request.session[NEW_CODES_SESSION_KEY] = devices.replace_recovery_codes(user)
        record(Event.RECOVERY_CODES_CREATED, request=request, user=user)
        return redirect(with_next("accounts_recovery_codes", request))
    return TemplateResponse(
        request,
        "accounts/enroll.html",
        {
            "form": form,
            "qr_code": devices.qr_code_svg(device),
            "secret": devices.secret_text(device),
            "next": request.POST.get("next") or request.GET.get("next"),
        },
    )


@never_cache
def recovery_codes(request):
    """New recovery codes, shown once; and the button that makes new ones."""
    user = request.user
    if devices.app_device(user) is None:
        return redirect(with_next("accounts_enroll", request))
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = devices.replace_recovery_codes(user)
        record(Event.RECOVERY_CODES_CREATED, request=request, user=user)
        return redirect(with_next("accounts_recovery_codes", request))
    return TemplateResponse(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": request.session.pop(NEW_CODES_SESSION_KEY, None),
            "left": devices.recovery_codes_left(user),
            "next": next_url(request),
        },
    )


@never_cache
def reset(request, user_id):
    """An administrator removes a user's second factor (a lost phone): the
    user enrolls again at their next request."""
    if not request.user.is_superuser:
        # A plain 403, not Wagtail's redirect to the dashboard: a refusal
        # must not look like success to a person or a script.
        return permission_denied(request, PermissionDenied())
    account = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        devices.remove_second_factor(account)
        record(Event.RESET, request=request, user=account, actor=request.user)
        messages.success(
            request,
            f"{account.get_username()}’s second factor was reset: they set up "
            "an authenticator app again when they next sign in.",
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/reset.html",
        {"account": account, "enrolled": devices.app_device(account) is not None},
    )


def session_times(request):
    idle_left, session_left = remaining(request.session)
    return JsonResponse(
        {
            "idle_seconds_left": max(0, int(idle_left)),
            "session_seconds_left": max(0, int(session_left)),
        },
        headers={"Cache-Control": "no-store"},
    )


@require_GET
def session_status(request):
    """How long the session has left; asking does not count as activity."""
    return session_times(request)


@require_POST
def keep_alive(request):
    """ "Stay signed in": a request the user chose to make, so it counts as
    activity (StaffSessionMiddleware has already noted it)."""
    return session_times(request)
