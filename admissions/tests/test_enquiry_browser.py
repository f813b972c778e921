"""The inquiry form in Chromium: accessible (axe-core, WCAG 2.2 AA) when
empty, when showing errors and on the thank-you page, at phone and desktop
widths, with no request to any other host."""

from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def test_enquiry_form_errors_and_thanks_are_accessible(demo_site, visit):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Both widths in one test: one demo site and one browser for the pair.
    for width in (390, 1280):
        tab = visit(width)
        page = tab.page
        assert tab.goto("/enquire/").status == 200
        assert tab.axe_violations() == [], width
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        ), width

        # Sent empty: the summary takes the focus and lists what is missing.
        with page.expect_navigation():
            page.get_by_role("button", name="Send to admissions").click()
        page.wait_for_load_state("networkidle")
        assert page.title().startswith("Error: ")
        assert page.evaluate("document.activeElement.className") == "error-summary"
        assert page.locator(".field__error").count() == 4, width
        assert tab.axe_violations() == [], width
        page.screenshot(
            path=str(SCREENSHOTS / f"enquiry-errors-{width}.png"), full_page=True
        )

        # The summary's link takes the visitor to the field.
        page.click(".error-summary a[href='#id_name']")
        assert page.evaluate("location.hash") == "#id_name"
        page.fill("#id_name", "Alex Example")
        page.fill("#id_phone", "(949) 555-0100")
        page.check("#id_voicemail_ok_1")
        page.fill("#id_date_of_birth", "03/27/1985")
        page.check("#id_consent")
        with page.expect_navigation():
            page.get_by_role("button", name="Send to admissions").click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/enquire/thanks/")
        assert page.locator("main a[href='tel:+19497355705']").first.inner_text() == (
            "(949) 735-5705"
        )
        assert tab.axe_violations() == [], width
        assert tab.foreign_requests() == [], width
        # No CSP violation or failed sub-request; the form's own 400 is the
        # one error expected.
        assert tab.console_errors == [
            "Failed to load resource: the server responded with a status of "
            "400 (Bad Request)"
        ], width
