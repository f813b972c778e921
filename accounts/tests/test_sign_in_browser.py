"""Staff sign-in in a real browser, as a new Medical Director meets it: the
password, enrolling an authenticator app from the QR code's setup key (the
test computes the app's code from the secret the page shows), the recovery
codes, a later sign-in with the app's code and one with a recovery code;
and the warning before the idle time-out, with "Stay signed in". Screenshots
at 390 px: test-artifacts/screenshots/sign-in-*.png."""

import base64
from pathlib import Path

import pytest
from django_otp.oath import TOTP

from accounts.models import AccessEvent
from accounts.tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def shoot(tab, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=SCREENSHOTS / f"sign-in-{name}.png", full_page=True)


def password_step(tab, username, password=PASSWORD):
    tab.goto("/admin/login/")
    tab.page.fill("#id_username", username)
    tab.page.fill("#id_password", password)
    with tab.page.expect_navigation():
        tab.page.click("button[type=submit]")


def send_code(tab, code):
    tab.page.fill("#id_code", code)
    with tab.page.expect_navigation():
        tab.page.click("form.login-form button[type=submit]")


def sign_out(tab):
    tab.page.context.clear_cookies()


def test_a_new_medical_director_enrolls_and_signs_in_with_codes(visit, staff):
    staff("Medical Director", username="dr.lee")
    tab = visit(390)

    password_step(tab, "dr.lee")
    assert "/admin/second-factor/enroll/" in tab.page.url
    # The QR code is drawn by the site, inline: nothing is asked of another host.
    assert tab.page.locator(".accounts-qr svg").count() == 1
    assert tab.foreign_requests() == []
    assert tab.axe_violations() == []
    shoot(tab, "1-enroll")

    # A wrong code is refused and keeps the user on the same step.
    send_code(tab, "000000")
    shoot(tab, "1b-wrong-code")
    assert "/admin/second-factor/enroll/" in tab.page.url
    assert "didn’t work" in tab.page.locator(".login-form").inner_text()

    # django-otp makes each wrong code wait longer before the next is tried
    # (one second after the first).
    tab.page.wait_for_timeout(1_500)
    secret = tab.page.locator("[data-accounts-secret]").inner_text()
    app = TOTP(base64.b32decode("".join(secret.split())))
    send_code(tab, f"{app.token():06d}")
    assert "/admin/second-factor/recovery-codes/" in tab.page.url
    codes = tab.page.locator(".accounts-codes code").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    assert tab.axe_violations() == []
    shoot(tab, "2-recovery-codes")
    with tab.page.expect_navigation():
        tab.page.click(".accounts-continue a")
    assert tab.page.url.endswith("/admin/")

    # The next sign-in asks for the app's code (the next time step's: the
    # first was used, and a code works once).
    sign_out(tab)
    password_step(tab, "dr.lee")
    assert "/admin/second-factor/" in tab.page.url
    assert tab.axe_violations() == []
    shoot(tab, "3-code")
    app.drift = 1
    send_code(tab, f"{app.token():06d}")
    assert tab.page.url.endswith("/admin/")

    # A lost phone: a recovery code signs in once, with a warning.
    sign_out(tab)
    password_step(tab, "dr.lee")
    send_code(tab, codes[0])
    assert tab.page.url.endswith("/admin/")
    assert "recovery code" in tab.page.locator(".messages").inner_text()
    sign_out(tab)
    password_step(tab, "dr.lee")
    send_code(tab, codes[0])
    assert "/admin/second-factor/" in tab.page.url

    events = list(
        AccessEvent.objects.filter(username="dr.lee")
        .order_by("occurred_at", "pk")
        .values_list("event", flat=True)
    )
    assert events.count(AccessEvent.Event.ENROLLED) == 1
    assert events.count(AccessEvent.Event.RECOVERY_CODE_USED) == 1
    # The used recovery code; a mistyped code while setting up the app is
    # not a failed sign-in (the password was right, and no device exists yet).
    assert events.count(AccessEvent.Event.VERIFY_FAILED) == 1


def test_the_admin_warns_before_the_idle_time_out(visit, staff, settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 1
    settings.STAFF_IDLE_WARNING_SECONDS = 57  # shown three seconds after loading
    staff("Admissions", username="sam")
    tab = visit(1280)
    tab.log_in("sam", PASSWORD)

    warning = tab.page.locator(".accounts-timeout")
    warning.wait_for(state="visible", timeout=15_000)
    assert warning.get_attribute("role") == "alertdialog"
    assert "signed out in 1 minute" in warning.inner_text()
    # The button has the focus, so a keyboard user answers at once.
    stay = warning.locator("[data-accounts-stay]")
    assert stay.evaluate("button => document.activeElement === button")
    assert tab.axe_violations() == []
    shoot(tab, "4-time-out-warning")

    stay.click()
    warning.wait_for(state="hidden", timeout=10_000)
    # Still signed in: the dashboard opens without the sign-in page.
    tab.goto("/admin/")
    assert tab.page.url.endswith("/admin/")
