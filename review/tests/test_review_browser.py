"""The clinical review flow in a real browser, with two logins: marketing
submits the IOP article, the Medical Director approves it, and the public
page tells the truth before and after (screenshots of both)."""

from pathlib import Path

import pytest

from conftest import DEMO_PASSWORD
from pages.models import ArticlePage, ReviewStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARTICLE = "/resources/what-is-an-iop/"


def public_notice(visit, name):
    """The public article at 390 px: notice text, axe result, screenshot."""
    tab = visit(390)
    tab.goto(ARTICLE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=SCREENSHOTS / f"review-{name}-390.png", full_page=True)
    notice = tab.page.locator(".review-notice").inner_text()
    return notice, tab.axe_violations()


def test_marketing_submits_and_the_medical_director_approves(demo_site, visit):
    article = ArticlePage.objects.get(slug="what-is-an-iop")
    edit_url = f"/admin/pages/{article.pk}/edit/"

    notice, violations = public_notice(visit, "pending")
    assert "awaiting clinical review by our Medical Director" in notice
    assert violations == []

    marketing = visit(1280)
    marketing.log_in("marketing", DEMO_PASSWORD)
    marketing.goto(edit_url)
    with marketing.page.expect_navigation():
        marketing.page.locator("button[name='action-submit']").dispatch_event("click")
    assert ArticlePage.objects.get(pk=article.pk).workflow_in_progress
    # Marketing is offered no way to approve.
    marketing.goto(edit_url)
    assert marketing.page.locator("[data-workflow-action-name='approve']").count() == 0

    director = visit(1280)
    director.log_in("medical.director", DEMO_PASSWORD)
    director.goto("/admin/")
    assert director.page.get_by_text("Awaiting clinical review").count() >= 1
    director.goto(edit_url)
    approve = director.page.locator("[data-workflow-action-name='approve']").first
    with director.page.expect_navigation(timeout=15_000):
        approve.dispatch_event("click")

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.review_status == ReviewStatus.REVIEWED
    notice, violations = public_notice(visit, "reviewed")
    assert notice.startswith("Medically reviewed by Demo Medical Director, MD")
    assert violations == []
