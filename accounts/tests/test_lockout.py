"""Lockout (django-axes): repeated failures for one username, or from one
client address, are refused for a while, on Wagtail's sign-in page, in words
that do not tell whether the account exists; wrong codes count; password
reset is throttled the same careful way."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessEvent
from accounts.tests.conftest import PASSWORD, password_step
from accounts.tests.sign_in import app_code, enrolled_device

Event = AccessEvent.Event
VERIFY = "/admin/second-factor/"


def messages(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [item.get_text(" ", strip=True) for item in page.select(".messages li")]


def fail(client, username, times, **extra):
    for _ in range(times):
        response = password_step(client, username, "not-the-password", **extra)
    return response


def test_five_failures_lock_the_username_with_a_message_that_reveals_nothing(
    client, staff
):
    staff("Admissions")
    assert fail(client, "admissions", 4).status_code == 200
    locked = fail(client, "admissions", 1)
    assert locked.status_code == 429
    # Even the right password is refused now.
    refused = password_step(Client(), "admissions", REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    # On Wagtail's own sign-in page, not a bare text page.
    page = BeautifulSoup(refused.content, "html.parser")
    assert page.select_one("form.login-form #id_username") is not None
    # An unknown username, locked out, reads exactly the same.
    fail(Client(), "no.such.person", 5, REMOTE_ADDR="198.51.100.8")
    unknown = password_step(Client(), "no.such.person", REMOTE_ADDR="198.51.100.9")
    assert unknown.status_code == 429
    assert messages(unknown) == messages(refused)
    assert "30 minutes" in messages(refused)[0]
    assert "admissions" not in messages(refused)[0]


def test_five_failures_from_one_address_lock_it_for_every_username(client, staff):
    staff("Admissions")
    address = {"REMOTE_ADDR": "203.0.113.20"}
    for number in range(5):
        password_step(client, f"guess{number}", "wrong", **address)
    assert password_step(client, "admissions", **address).status_code == 429
    # Another address is not held up.
    assert password_step(Client(), "admissions").status_code == 302


def test_the_proxys_client_address_is_the_one_counted(client, staff, settings):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    staff("Admissions")
    for number in range(5):
        password_step(client, f"guess{number}", "wrong", HTTP_X_REAL_IP="192.0.2.1")
    assert AccessAttempt.objects.filter(ip_address="192.0.2.1").exists()
    locked = password_step(client, "admissions", HTTP_X_REAL_IP="192.0.2.1")
    assert locked.status_code == 429
    # Same proxy (REMOTE_ADDR), another client behind it.
    assert (
        password_step(client, "admissions", HTTP_X_REAL_IP="192.0.2.2").status_code
        == 302
    )


def test_the_lockout_ends_after_the_cool_off(client, staff):
    staff("Admissions")
    fail(client, "admissions", 5)
    assert password_step(client, "admissions").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - datetime.timedelta(minutes=31)
    )
    assert password_step(client, "admissions").status_code == 302


def test_wrong_codes_count_and_lock_out_at_the_second_step(client, staff, caplog):
    user = staff("Admissions")
    device = enrolled_device(user)
    password_step(client, user.username)
    caplog.set_level(logging.WARNING, logger="manifest.access")
    for _ in range(4):
        assert client.post(VERIFY, {"code": "000000"}).status_code == 200
    locked = client.post(VERIFY, {"code": "000000"})
    assert locked.status_code == 429
    assert "sign-in attempts" in messages(locked)[0]
    # Signed out: back to the password, which is refused for now.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert (
        password_step(Client(), user.username, REMOTE_ADDR="198.51.100.3").status_code
        == 429
    )
    assert AccessEvent.objects.filter(event=Event.VERIFY_FAILED).count() == 5
    assert AccessEvent.objects.filter(event=Event.LOCKED_OUT).exists()
    sign_out = AccessEvent.objects.get(event=Event.SIGNED_OUT)
    assert sign_out.reason == AccessEvent.Reason.LOCKED_OUT
    assert any("locked_out" in record.getMessage() for record in caplog.records)
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_a_full_sign_in_clears_the_usernames_count(client, staff):
    user = staff("Admissions")
    device = enrolled_device(user)
    fail(Client(), user.username, 4, REMOTE_ADDR="198.51.100.4")
    password_step(client, user.username)
    assert client.post(VERIFY, {"code": app_code(device)}).status_code == 302
    assert not AccessAttempt.objects.filter(username=user.username).exists()


def test_a_correct_password_alone_does_not_clear_wrong_codes(client, staff):
    user = staff("Admissions")
    enrolled_device(user)
    for _ in range(2):
        session = Client()
        password_step(session, user.username)
        for _ in range(2):
            session.post(VERIFY, {"code": "000000"})
    session = Client()
    password_step(session, user.username)
    assert session.post(VERIFY, {"code": "000000"}).status_code == 429


RESET = "/admin/password_reset/"


@pytest.mark.parametrize("exists", [True, False])
def test_password_reset_is_throttled_per_address_revealing_nothing(
    client, staff, exists
):
    staff("Admissions")
    email = "admissions@example.com" if exists else "nobody@example.com"
    for number in range(5):
        response = client.post(
            RESET, {"email": email}, REMOTE_ADDR=f"203.0.113.{number}"
        )
        assert response["Location"] == "/admin/password_reset/done/"
    assert len(mail.outbox) == (5 if exists else 0)
    refused = client.post(RESET, {"email": email}, REMOTE_ADDR="203.0.113.99")
    assert refused.status_code == 429
    assert "Too many password reset requests" in refused.content.decode()
    assert len(mail.outbox) == (5 if exists else 0)


def test_password_reset_is_throttled_per_client(client, staff):
    staff("Admissions")
    for number in range(5):
        client.post(RESET, {"email": f"someone{number}@example.com"})
    refused = client.post(RESET, {"email": "admissions@example.com"})
    assert refused.status_code == 429
    assert mail.outbox == []


def test_password_reset_still_resets(client, staff):
    staff("Admissions")
    client.post(RESET, {"email": "admissions@example.com"})
    (message,) = mail.outbox
    link = next(
        line for line in message.body.splitlines() if "/password_reset/confirm/" in line
    )
    path = link[link.index("/admin/") :].strip()
    form = client.get(path, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "another-long-password",
            "new_password2": "another-long-password",
        },
    )
    assert response.status_code == 302
    assert (
        password_step(Client(), "admissions", "another-long-password").status_code
        == 302
    )
    assert PASSWORD not in message.body
