"""Lockout and throttling: the client address django-axes and the audit use,
the sign-in page a locked-out client sees, failed second-factor codes
counted as failed sign-ins, and a throttled password reset."""

import ipaddress

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.template.response import TemplateResponse
from django_ratelimit.core import is_ratelimited
from wagtail.admin.views.account import LoginView, PasswordResetView

from accounts.models import AccessEvent
from accounts.sessions import SIGN_OUT_REASON_ATTRIBUTE

# Marks the credentials of a failed code (as opposed to a failed password)
# in the user_login_failed signal, for the audit.
SECOND_FACTOR_STEP = "second_factor"

THROTTLED_RESET_MESSAGE = (
    "Too many password reset requests. Wait an hour and try again, or ask an "
    "administrator to reset your password."
)


def client_address(request):
    """The client's address: request.META[RATELIMIT_IP_META_KEY] behind a
    proxy (the header the inquiry rate limit trusts), else REMOTE_ADDR.
    None when it is missing or not an address. django-axes calls this
    (AXES_CLIENT_IP_CALLABLE)."""
    key = settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR"
    value = (request.META.get(key) or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def lockout_message():
    """One wording for every locked-out attempt, whether or not the username
    names an account, so that the message reveals nothing."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        "Too many failed sign-in attempts. For the security of patients' "
        f"information, signing in is paused for {minutes} minutes. Try again "
        "later, or ask an administrator for help."
    )


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out client sees (AXES_LOCKOUT_CALLABLE): Wagtail's own
    sign-in page with the lockout message, as 429 Too Many Requests. A user
    locked out at the second-factor step is signed out first."""
    if request.user.is_authenticated:
        setattr(request, SIGN_OUT_REASON_ATTRIBUTE, AccessEvent.Reason.LOCKED_OUT)
        logout(request)
    messages.error(request, lockout_message())
    view = LoginView()
    view.setup(request)
    # An unbound form: a bound one would check the password once more.
    form = view.get_form_class()(request=request)
    response = TemplateResponse(
        request, view.template_name, view.get_context_data(form=form), status=429
    )
    return response.render()


def is_locked_out(request, user):
    """Whether django-axes refuses this user or this client now."""
    return not AxesProxyHandler.is_allowed(request, {"username": user.get_username()})


def count_failed_code(request, user):
    """A wrong second-factor code counts as a failed sign-in: django-axes
    counts it towards the lockout and the audit records it."""
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username(), "step": SECOND_FACTOR_STEP},
        request=request,
    )


def forget_failures(user):
    """A full sign-in (password and code) clears that username's count.
    Not on the password alone, which would let someone who knows it try
    codes without end."""
    AxesProxyHandler.reset_attempts(username=user.get_username())


class ThrottledPasswordResetView(PasswordResetView):
    """Wagtail's password reset, limited per client and per email address
    (PASSWORD_RESET_RATE_LIMIT). Both are counted for every request, whether
    or not the address belongs to an account, so the refusal says nothing
    about which addresses do."""

    def throttled(self, email):
        rate = settings.PASSWORD_RESET_RATE_LIMIT
        by_client = is_ratelimited(
            self.request,
            group="accounts.password_reset.client",
            key="ip",
            rate=rate,
            increment=True,
        )
        by_address = is_ratelimited(
            self.request,
            group="accounts.password_reset.email",
            key=lambda group, request: email.strip().lower(),
            rate=rate,
            increment=True,
        )
        return by_client or by_address

    def form_valid(self, form):
        if self.throttled(form.cleaned_data["email"]):
            form.add_error(None, THROTTLED_RESET_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
