"""Clinical review in a real browser, as Marketing and the Medical Director
use it, with a screenshot of the editor at 1280 px in each state
(test-artifacts/screenshots/editor-*.png):

a non-clinical page publishes with no workflow offered; the IOP article
shows where it stands at the top of its editor before and after it is
submitted, when changes are requested (with the comment), once approved, and
when a clinical edit is published (Marketing is asked first); the public page
tells the truth before and after."""

from pathlib import Path

import pytest

from conftest import DEMO_PASSWORD
from pages.models import ArticlePage, ReviewStatus, StandardPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARTICLE = "/resources/what-is-an-iop/"


def shoot(tab, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=False)


def review_status(tab):
    """The state and text of the review status at the top of the editor."""
    status = tab.page.locator("[data-review-state]")
    return status.get_attribute("data-review-state"), status.inner_text()


def press(tab, selector):
    """Press an action of the editor's footer menu (some are in its
    dropdown), and wait for the page it leads to."""
    with tab.page.expect_navigation(timeout=20_000):
        tab.page.locator(selector).first.dispatch_event("click")


def act_in_dialog(tab, action, comment=""):
    """A workflow action that opens a dialog: fill it in and confirm."""
    tab.page.locator(f"[data-workflow-action-name='{action}']").first.dispatch_event(
        "click"
    )
    dialog = tab.page.locator(".modal-dialog form")
    dialog.wait_for(timeout=15_000)
    if comment:
        dialog.locator("textarea[name='comment']").fill(comment)
    with tab.page.expect_navigation(timeout=20_000):
        dialog.locator("button[type='submit']").click()


def public_notice(visit):
    tab = visit(390)
    tab.goto(ARTICLE)
    return tab.page.locator(".review-notice").inner_text(), tab.axe_violations()


def test_marketing_and_the_medical_director_see_where_a_page_stands(demo_site, visit):
    article = ArticlePage.objects.get(slug="what-is-an-iop")
    edit_url = f"/admin/pages/{article.pk}/edit/"

    marketing = visit(1280)
    marketing.log_in("marketing", DEMO_PASSWORD)

    # A non-clinical page offers no workflow, and publishes directly.
    about = StandardPage.objects.get(slug="about")
    marketing.goto(f"/admin/pages/{about.pk}/edit/")
    assert marketing.page.locator("button[name='action-submit']").count() == 0
    assert "Submit to" not in marketing.page.content()
    press(marketing, "button[name='action-publish']")
    assert StandardPage.objects.get(pk=about.pk).live

    # The IOP article: not yet submitted.
    marketing.goto(edit_url)
    state, text = review_status(marketing)
    assert state == "pending" and "Not yet submitted for clinical review" in text
    shoot(marketing, "editor-1-not-submitted-1280")
    notice, violations = public_notice(visit)
    assert "awaiting clinical review by our Medical Director" in notice
    assert violations == []

    press(marketing, "button[name='action-submit']")
    marketing.goto(edit_url)
    state, text = review_status(marketing)
    assert state == "waiting" and "Waiting for the Medical Director" in text
    for word in ("moderation", "Locked by workflow", "rejected"):
        assert word not in marketing.page.inner_text("body"), word
    assert marketing.page.locator("[data-workflow-action-name='approve']").count() == 0
    shoot(marketing, "editor-2-waiting-1280")

    # The Medical Director asks for a change.
    director = visit(1280)
    director.log_in("medical.director", DEMO_PASSWORD)
    director.goto(edit_url)
    act_in_dialog(
        director, "reject", comment="Say that IOP sessions are in the evening."
    )
    marketing.goto(edit_url)
    state, text = review_status(marketing)
    assert state == "changes_requested"
    assert "Say that IOP sessions are in the evening." in text
    shoot(marketing, "editor-3-changes-requested-1280")

    # Marketing resubmits; the Medical Director approves what the editor
    # shows them.
    press(marketing, "button[name='action-submit']")
    director.goto(edit_url)
    shoot(director, "editor-4-review-1280")
    act_in_dialog(director, "approve")
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.review_status == ReviewStatus.REVIEWED
    marketing.goto(edit_url)
    state, text = review_status(marketing)
    assert state == "reviewed" and "Reviewed by Demo Medical Director, MD" in text
    shoot(marketing, "editor-5-reviewed-1280")
    notice, violations = public_notice(visit)
    assert notice.startswith("Medically reviewed by Demo Medical Director, MD")
    assert violations == []

    # A clinical edit: publishing asks first, in plain words.
    marketing.page.locator("#id_summary").fill(
        "An IOP gives you about nine hours of treatment a week, in the evening."
    )
    press(marketing, "button[name='action-publish']")
    body = marketing.page.inner_text("body")
    assert "awaiting clinical review" in body
    assert "Submit it for clinical review" in body
    assert marketing.axe_violations() == []
    shoot(marketing, "editor-6-clinical-change-asked-1280")
    assert ArticlePage.objects.get(pk=article.pk).review_status == ReviewStatus.REVIEWED
    marketing.goto(edit_url)
    assert (
        "This draft changes the page's clinical content" in review_status(marketing)[1]
    )
    shoot(marketing, "editor-7-draft-changes-clinical-content-1280")
