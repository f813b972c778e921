"""Signing in as staff do, for every app's tests: a second factor that
django-otp itself verifies, and the codes an authenticator app would show."""

import time

import pytest
from django.conf import settings
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.devices import APP_DEVICE_NAME


def app_code(device):
    """The code the user's authenticator app shows now, as django-otp
    computes it. A code is accepted once: if this time step's code was used
    already (two sign-ins within 30 seconds), the next step's, which
    django-otp accepts for clock drift, or else wait for a new step."""
    while True:
        device.refresh_from_db()
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        totp.time = time.time()
        for drift in range(device.drift, device.drift + device.tolerance + 1):
            totp.drift = drift
            if totp.t() > device.last_t:
                return f"{totp.token():0{device.digits}d}"
        time.sleep(1)


def enrolled_device(user):
    """The user's authenticator app, enrolled now if they had none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(
        user=user, name=APP_DEVICE_NAME, confirmed=True
    )


def verify_second_factor(client, user):
    """Mark the test client's session as verified with the user's app (what
    the code page does after a right code). The client must be signed in."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrolled_device(user).persistent_id
    session.save()
    return user


def sign_in(client, user):
    """force_login, and the second factor staff give after their password."""
    client.force_login(user)
    return verify_second_factor(client, user)


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's `admin_client`, signed in as administrators are: with
    a verified second factor. An app's tests/conftest.py imports it."""
    sign_in(client, admin_user)
    return client


def second_factor_off():
    """For a test that signs in through code it does not control (Wagtail's
    assertPageIsEditable and assertPageIsPreviewable force_login a superuser
    of their own): the admin without the second-factor step, for that test
    only. Used as a decorator or a context manager."""
    return override_settings(
        MIDDLEWARE=[
            name
            for name in settings.MIDDLEWARE
            if name != "accounts.middleware.SecondFactorMiddleware"
        ]
    )
