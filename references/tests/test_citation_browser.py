"""The "Cite" control, driven in a real browser: an editor inserts a
citation with the toolbar and the chooser, publishes, and the public page
shows the numbered marker and the reference list."""

from pathlib import Path

import pytest

from conftest import DEMO_PASSWORD
from pages.models import StandardPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def test_editor_cites_a_reference_with_the_toolbar_and_publishes(demo_site, visit):
    about = StandardPage.objects.get(slug="about")
    tab = visit(1280)
    tab.log_in("marketing", DEMO_PASSWORD)
    tab.goto(f"/admin/pages/{about.pk}/edit/")
    page = tab.page

    editor = page.locator(".public-DraftEditor-content").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("ArrowLeft")
    for _ in range(8):  # select "families", the word the citation supports
        page.keyboard.press("Shift+ArrowLeft")
    page.locator("button[name='CITATION']").first.click()

    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name="Clinical Issues in Intensive Outpatient").click()
    marker = editor.locator(".citation-entity")
    assert marker.inner_text(timeout=10_000) == "[SAMHSA 2006]"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "admin-citation-1280.png")

    # The editor writes its state to the form's hidden field after a change.
    page.wait_for_function(
        "() => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(input => input.value.includes('CITATION'))"
    )
    with page.expect_navigation(timeout=30_000):  # the publish, then its redirect
        page.locator("button[name='action-publish']").dispatch_event("click")
    assert tab.console_errors == []

    public = visit(390)
    public.goto(about.url)
    markers = public.page.locator("sup.citation a")
    assert markers.all_inner_texts() == ["[1]"]
    entry = public.page.locator("#ref-1")
    assert "Clinical Issues in Intensive Outpatient Treatment" in entry.inner_text()
    assert public.axe_violations() == []
