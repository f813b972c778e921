"""The second factor: enrollment on first sign-in (QR code, secret, a code,
recovery codes once), the code at every later sign-in, recovery codes, who
must give one, and an administrator's reset."""

import base64
import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

import manifest_site.settings.dev as dev_settings
from accounts.models import AccessEvent
from accounts.tests.conftest import password_step
from accounts.tests.sign_in import app_code, enrolled_device, sign_in

Event = AccessEvent.Event
ENROLL = "/admin/second-factor/enroll/"
VERIFY = "/admin/second-factor/"
CODES = "/admin/second-factor/recovery-codes/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def errors(response):
    """The form's error messages: about the form, and by the field."""
    found = soup(response).select(".messages .error, .error-message")
    return [item.get_text(" ", strip=True) for item in found]


def enroll(client, user):
    """Through the enrollment page as a person would: the secret it shows
    typed into an authenticator app, and the app's code. Returns the codes."""
    page = soup(client.get(ENROLL))
    secret = "".join(page.select_one("[data-accounts-secret]").get_text().split())
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    response = client.post(f"{ENROLL}?next=/admin/", {"code": code})
    assert response.status_code == 302, errors(response)
    page = soup(client.get(response["Location"]))
    return [code.get_text() for code in page.select(".accounts-codes code")]


@pytest.mark.parametrize(
    "group", ["Admissions", "Medical Director", "Marketing", "superuser"]
)
def test_every_admin_account_enrolls_at_first_sign_in(client, staff, group):
    user = staff(group)
    assert password_step(client, user.username)["Location"] == "/admin/"
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROLL}?next=/admin/"
    page = soup(client.get(response["Location"]))
    # The QR code is drawn inline: no image is fetched, from us or anyone.
    assert page.select_one(".accounts-qr > svg path") is not None
    assert page.select(".accounts-qr img") == []
    secret = "".join(page.select_one("[data-accounts-secret]").get_text().split())
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32decode(secret) == device.bin_key
    # Not yet enrolled, not yet in.
    assert client.get("/admin/pages/").status_code == 302


def test_enrollment_confirms_with_a_code_and_shows_recovery_codes_once(client, staff):
    user = staff("Admissions")
    password_step(client, user.username)
    client.get(ENROLL)
    wrong = client.post(ENROLL, {"code": "000000"})
    assert wrong.status_code == 200
    assert errors(wrong)
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    time.sleep(1.1)  # django-otp's pause after a wrong code
    codes = enroll(client, user)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    # Shown once: the page does not show them again.
    again = soup(client.get(CODES))
    assert again.select(".accounts-codes code") == []
    assert "10 unused recovery codes" in again.get_text(" ", strip=True)
    assert client.get("/admin/enquiries/").status_code == 200
    events = set(AccessEvent.objects.values_list("event", flat=True))
    assert {Event.ENROLLED, Event.RECOVERY_CODES_CREATED} <= events


def test_later_sign_ins_need_the_apps_code_once(client, staff):
    user = staff("Medical Director")
    password_step(client, user.username)
    enroll(client, user)
    client.post("/admin/logout/")
    password_step(client, user.username)
    response = client.get("/admin/images/")
    assert response["Location"] == f"{VERIFY}?next=/admin/images/"
    assert client.post(VERIFY, {"code": "123456"}).status_code == 200
    time.sleep(1.1)
    device = TOTPDevice.objects.get(user=user)
    code = app_code(device)
    response = client.post(f"{VERIFY}?next=/admin/images/", {"code": code})
    assert response["Location"] == "/admin/images/"
    assert client.get("/admin/images/").status_code == 200
    # The same code does not open a second session.
    other = Client()
    password_step(other, user.username)
    assert errors(other.post(VERIFY, {"code": code}))
    assert AccessEvent.objects.filter(event=Event.VERIFY_FAILED).count() == 2


def test_a_recovery_code_works_once(client, staff):
    user = staff("Admissions")
    password_step(client, user.username)
    codes = enroll(client, user)
    client.post("/admin/logout/")
    password_step(client, user.username)
    response = client.post(VERIFY, {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    assert AccessEvent.objects.filter(event=Event.RECOVERY_CODE_USED).exists()
    client.post("/admin/logout/")
    password_step(client, user.username)
    time.sleep(1.1)
    assert errors(client.post(VERIFY, {"code": codes[3]}))


def test_new_recovery_codes_replace_the_old(client, staff):
    user = staff("Admissions")
    password_step(client, user.username)
    old = enroll(client, user)
    response = client.post(CODES)
    new = [
        code.get_text()
        for code in soup(client.get(response["Location"])).select(
            ".accounts-codes code"
        )
    ]
    assert len(new) == 10
    assert not set(new) & set(old)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert stored == {code.replace("-", "") for code in new}


def test_scripts_get_401_rather_than_the_code_page(client, staff):
    user = staff("Admissions")
    password_step(client, user.username)
    response = client.get("/admin/pages/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["error_code"] == "signed_out"


def test_sign_out_works_before_the_code(client, staff):
    user = staff("Admissions")
    password_step(client, user.username)
    assert client.post("/admin/logout/").status_code == 302
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_marketing_may_be_spared_by_setting_others_never(client, staff, settings):
    settings.STAFF_SECOND_FACTOR_FOR_MARKETING = False
    marketing = staff("Marketing")
    password_step(client, marketing.username)
    assert client.get("/admin/").status_code == 200
    for group in ("Admissions", "Medical Director", "superuser"):
        other = Client()
        password_step(other, staff(group).username)
        assert other.get("/admin/").status_code == 302, group
    # Marketing and Admissions at once is Admissions.
    both = staff("Marketing", username="both")
    both.groups.add(Group.objects.get(name="Admissions"))
    other = Client()
    password_step(other, "both")
    assert other.get("/admin/").status_code == 302
    # Whoever has enrolled gives their code.
    enrolled_device(marketing)
    assert client.get("/admin/").status_code == 302


def test_demo_accounts_are_spared_in_development_only(client, staff, settings):
    assert dev_settings.STAFF_SECOND_FACTOR_EXEMPT_USERNAMES == [
        "marketing",
        "medical.director",
        "admissions",
    ]
    # The test settings derive from dev's, and put the control back.
    assert settings.STAFF_SECOND_FACTOR_EXEMPT_USERNAMES == []
    user = staff("Admissions", username="admissions")
    password_step(client, "admissions")
    assert client.get("/admin/").status_code == 302
    settings.STAFF_SECOND_FACTOR_EXEMPT_USERNAMES = ["admissions"]
    assert client.get("/admin/").status_code == 302  # DEBUG is off
    settings.DEBUG = True
    assert client.get("/admin/").status_code == 200
    assert user.username == "admissions"


def test_groups_reach_their_screens_after_the_code(client, staff, site):
    screens = {
        "Admissions": "/admin/enquiries/",
        "Marketing": "/admin/images/",
        "Medical Director": "/admin/clinical-review/",
        "superuser": "/admin/users/",
    }
    for group, url in screens.items():
        visitor = Client()
        sign_in(visitor, staff(group))
        assert visitor.get(url).status_code == 200, group


def test_an_administrator_resets_a_second_factor(client, staff):
    user = staff("Admissions")
    session = Client()
    sign_in(session, user)
    assert session.get("/admin/").status_code == 200
    admin = staff("superuser")
    sign_in(client, admin)
    listing = soup(client.get("/admin/users/"))
    reset_url = f"/admin/second-factor/reset/{user.pk}/"
    assert listing.select_one(f'a[href="{reset_url}"]') is not None
    assert client.get(reset_url).status_code == 200
    assert client.post(reset_url).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AccessEvent.objects.get(event=Event.RESET)
    assert (event.user, event.actor, event.actor_username) == (user, admin, "superuser")
    # Their open session must enroll again before it goes on.
    assert session.get("/admin/")["Location"] == f"{ENROLL}?next=/admin/"


def test_only_administrators_reset(client, staff):
    user = staff("Admissions")
    enrolled_device(user)
    sign_in(client, staff("Medical Director"))
    url = f"/admin/second-factor/reset/{user.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=user).count() == 1
