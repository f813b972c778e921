"""The access audit: what is recorded (and what never is), the client address
only as ACCESS_LOG_IP allows, and the read-only log administrators read."""

import pytest
from bs4 import BeautifulSoup
from django.core.checks import run_checks
from django.test import Client, RequestFactory

from accounts.audit import recorded_address
from accounts.models import AccessEvent
from accounts.tests.conftest import PASSWORD, password_step
from accounts.tests.sign_in import app_code, enrolled_device, sign_in

Event = AccessEvent.Event
LOG = "/admin/reports/access-log/"


@pytest.mark.parametrize(
    ("policy", "address", "recorded"),
    [
        ("none", "203.0.113.77", None),
        ("truncated", "203.0.113.77", "203.0.113.0"),
        ("truncated", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),
        ("full", "203.0.113.77", "203.0.113.77"),
        ("full", "not-an-address", None),
    ],
)
def test_the_client_address_is_kept_only_as_allowed(
    settings, policy, address, recorded
):
    settings.ACCESS_LOG_IP = policy
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    assert recorded_address(request) == recorded


def test_the_address_comes_from_the_proxys_header_when_set(settings):
    settings.ACCESS_LOG_IP = "full"
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.23"
    )
    assert recorded_address(request) == "198.51.100.23"


def test_a_sign_in_and_out_are_recorded_without_secrets(client, staff, settings):
    settings.ACCESS_LOG_IP = "truncated"
    user = staff("Admissions")
    device = enrolled_device(user)
    password_step(client, user.username, "wrong-password", REMOTE_ADDR="198.51.100.9")
    password_step(client, user.username, REMOTE_ADDR="198.51.100.9")
    code = app_code(device)
    client.post("/admin/second-factor/", {"code": code}, REMOTE_ADDR="198.51.100.9")
    client.post("/admin/logout/", REMOTE_ADDR="198.51.100.9")
    events = list(AccessEvent.objects.order_by("pk"))
    assert [(e.event, e.outcome) for e in events] == [
        (Event.SIGN_IN_FAILED, "failure"),
        (Event.SIGNED_IN, "success"),
        (Event.VERIFIED, "success"),
        (Event.SIGNED_OUT, "success"),
    ]
    assert {e.user for e in events} == {user}
    assert {e.username for e in events} == {"admissions"}
    assert {e.ip_address for e in events} == {"198.51.100.0"}
    assert events[-1].reason == AccessEvent.Reason.USER
    for event in events:
        values = [str(getattr(event, f.attname)) for f in AccessEvent._meta.fields]
        for secret in (PASSWORD, "wrong-password", code, device.key):
            assert not any(secret in value for value in values)


def test_an_unknown_username_is_recorded_as_typed(client, db):
    password_step(client, "no.such.person", "guess")
    event = AccessEvent.objects.get()
    assert (event.event, event.user, event.username) == (
        Event.SIGN_IN_FAILED,
        None,
        "no.such.person",
    )
    assert event.ip_address is None  # ACCESS_LOG_IP is "none" by default


def test_events_are_never_changed(db):
    event = AccessEvent.objects.create(
        event=Event.SIGN_IN_FAILED, outcome="failure", username="x"
    )
    event.username = "y"
    with pytest.raises(ValueError, match="never changed"):
        event.save()


def test_administrators_read_and_filter_the_log(client, staff):
    admin = staff("superuser")
    sign_in(client, admin)
    password_step(Client(), "no.such.person", "guess")
    page = BeautifulSoup(client.get(LOG).content, "html.parser")
    assert len(page.select("tbody tr")) == 2  # the failure, and the sign-in
    filtered = client.get(LOG, {"event": Event.SIGN_IN_FAILED})
    rows = BeautifulSoup(filtered.content, "html.parser").select("tbody tr")
    assert len(rows) == 1
    assert "no.such.person" in rows[0].get_text()
    by_user = client.get(LOG, {"user": admin.pk})
    assert len(BeautifulSoup(by_user.content, "html.parser").select("tbody tr")) == 1
    event = AccessEvent.objects.get(event=Event.SIGN_IN_FAILED)
    assert client.get(f"{LOG}inspect/{event.pk}/").status_code == 200
    # Under Reports, for administrators.
    menu = client.get("/admin/").content.decode()
    assert LOG in menu


def test_nobody_adds_changes_or_deletes_an_event(client, staff):
    sign_in(client, staff("superuser"))
    event = AccessEvent.objects.first()
    for url in (f"{LOG}new/", f"{LOG}edit/{event.pk}/", f"{LOG}delete/{event.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert client.post(url).status_code in (302, 403, 404), url
    assert AccessEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("group", ["Admissions", "Medical Director", "Marketing"])
def test_only_administrators_read_the_log(client, staff, group):
    sign_in(client, staff(group))
    response = client.get(LOG)
    assert response.status_code in (302, 403)
    assert "no.such.person" not in response.content.decode()
    assert LOG not in client.get("/admin/").content.decode()


def test_a_mistyped_address_setting_is_caught_at_start_up(settings):
    settings.ACCESS_LOG_IP = "some"
    assert "accounts.E001" in [message.id for message in run_checks()]
