"""Staff sessions end on the server after 30 minutes idle and 12 hours in
all (HIPAA automatic logoff); the admin warns first; background requests do
not count as activity; autosaved drafts survive; the cookie's flags; and the
controls are on under production settings too."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.models import AccessEvent
from accounts.tests.conftest import password_step
from accounts.tests.sign_in import app_code, enrolled_device, sign_in
from operations.production_server import manage, production_environment
from pages.tests.factories import StandardPageFactory

Reason = AccessEvent.Reason
STATUS = "/admin/session/status/"
KEEP_ALIVE = "/admin/session/keep-alive/"


def signed_out_to_login(response):
    return response.status_code == 302 and response["Location"].startswith(
        "/admin/login/"
    )


def sign_out_reasons():
    return list(
        AccessEvent.objects.filter(event=AccessEvent.Event.SIGNED_OUT).values_list(
            "reason", flat=True
        )
    )


def test_thirty_minutes_idle_signs_staff_out(client, staff, clock):
    sign_in(client, staff("Admissions"))
    clock.advance(minutes=29)
    assert client.get("/admin/").status_code == 200
    clock.advance(minutes=29)  # 29 minutes since the last request: still in
    assert client.get("/admin/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/admin/enquiries/")
    assert signed_out_to_login(response)
    assert "next=/admin/enquiries/" in response["Location"]
    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    notice = page.select_one(".messages").get_text(" ", strip=True)
    assert "signed out after 30 minutes without activity" in notice
    assert sign_out_reasons() == [Reason.IDLE]


def test_the_idle_limit_is_a_setting(client, staff, clock, settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 5
    sign_in(client, staff("Marketing"))
    clock.advance(minutes=6)
    assert signed_out_to_login(client.get("/admin/"))


def test_twelve_hours_in_all_however_busy(client, staff, clock):
    sign_in(client, staff("Medical Director"))
    for _ in range(35):  # 11 hours 40 minutes of steady work
        clock.advance(minutes=20)
        assert client.get("/admin/").status_code == 200
    clock.advance(minutes=21)
    assert signed_out_to_login(client.get("/admin/"))
    assert sign_out_reasons() == [Reason.SESSION_LIMIT]


def test_public_pages_count_and_are_shown_after_a_time_out(client, staff, clock):
    sign_in(client, staff("Marketing"))
    clock.advance(minutes=31)
    # The visitor's page is shown (signed out) rather than a sign-in page.
    assert client.get("/").status_code == 200
    assert sign_out_reasons() == [Reason.IDLE]


def test_asking_how_long_is_left_is_not_activity(client, staff, clock, home_page):
    sign_in(client, staff("Marketing"))
    clock.advance(minutes=20)
    times = client.get(STATUS).json()
    assert times["idle_seconds_left"] == 10 * 60
    # The page editor's ping, every few seconds while an edit page is open.
    ping = reverse(
        "wagtailadmin_editing_sessions:ping",
        args=["wagtailcore", "page", home_page.pk, 0],
    )
    client.post(ping)
    clock.advance(minutes=11)
    assert client.get(STATUS, HTTP_ACCEPT="application/json").status_code == 401
    assert sign_out_reasons() == [Reason.IDLE]


def test_stay_signed_in_counts_as_activity(client, staff, clock):
    sign_in(client, staff("Admissions"))
    clock.advance(minutes=29)
    assert client.get(KEEP_ALIVE).status_code == 405  # a POST, on purpose
    times = client.post(KEEP_ALIVE).json()
    assert times["idle_seconds_left"] == 30 * 60
    clock.advance(minutes=29)
    assert client.get("/admin/").status_code == 200


def test_scripts_get_401_json_after_a_time_out(client, staff, clock):
    sign_in(client, staff("Admissions"))
    clock.advance(minutes=31)
    response = client.get("/admin/enquiries/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["error_code"] == "signed_out"


def test_every_admin_page_carries_the_warning(client, staff):
    sign_in(client, staff("Marketing"))
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    script = page.select_one('script[src*="accounts/session_timeout"]')
    assert script["data-status-url"] == STATUS
    assert script["data-keep-alive-url"] == KEEP_ALIVE
    assert script["data-idle-seconds"] == "1800"
    assert script["data-warning-seconds"] == "120"
    assert client.get(script["src"]).status_code == 200


def test_autosaved_drafts_survive_the_time_out(client, staff, clock, home_page):
    user = staff("Marketing")
    page = StandardPageFactory(parent=home_page, title="About us", slug="about")
    edit = f"/admin/pages/{page.pk}/edit/"
    sign_in(client, user)
    assert client.get(edit).status_code == 200
    # What the editor's autosave posts as the person types.
    typed = nested_form_data(
        {
            "title": "About us (typed before the time-out)",
            "slug": "about",
            "summary": "Who we are, typed and autosaved.",
            "body": streamfield([("paragraph", rich_text("<p>Draft text</p>"))]),
        }
    )
    saved = client.post(edit, typed, HTTP_ACCEPT="application/json")
    assert saved.status_code == 200
    assert saved.json()["success"] is True
    clock.advance(minutes=31)
    # Typing on after the time-out: the autosave is told, not redirected.
    late = client.post(edit, typed, HTTP_ACCEPT="application/json")
    assert late.status_code == 401
    assert signed_out_to_login(client.get(edit))
    # Signed in again (password, then the app's code), the draft is there.
    password_step(client, user.username)
    code = app_code(enrolled_device(user))
    assert client.post("/admin/second-factor/", {"code": code}).status_code == 302
    form = BeautifulSoup(client.get(edit).content, "html.parser")
    assert form.select_one("#id_title")["value"] == (
        "About us (typed before the time-out)"
    )
    page.refresh_from_db()
    assert page.title == "About us"  # a draft, not published


def test_the_session_cookie_is_httponly_and_samesite_lax(client, staff):
    staff("Marketing")
    response = password_step(client, "marketing")
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


@pytest.mark.django_db(transaction=False)
@pytest.mark.slow  # runs manage.py under production settings
def test_production_keeps_every_control_on(tmp_path):
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_ENGINE",
        "STAFF_SECOND_FACTOR_EXEMPT_USERNAMES",
        "STAFF_SECOND_FACTOR_FOR_MARKETING",
        "STAFF_IDLE_TIMEOUT_MINUTES",
        "STAFF_SESSION_MAX_HOURS",
        "AXES_ENABLED",
        "AXES_FAILURE_LIMIT",
        "ACCESS_LOG_IP",
    ]
    script = (
        "from django.conf import settings; "
        f"print([getattr(settings, name) for name in {names!r}]); "
        "print('accounts.middleware.SecondFactorMiddleware' in settings.MIDDLEWARE)"
    )
    result = manage(production_environment(tmp_path), "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    values, middleware = result.stdout.strip().splitlines()[-2:]
    assert values == str(
        [
            True,
            True,
            "Lax",
            "django.contrib.sessions.backends.db",
            [],
            True,
            30,
            12,
            True,
            5,
            "none",
        ]
    )
    assert middleware == "True"
