"""The paths to approval in a real browser, as Marketing and the Medical
Director take them, with screenshots at 1280 px
(test-artifacts/screenshots/review-*.png):

- publishing an article never reviewed asks first, and publishes it as
  awaiting review;
- the preview the review-request email links to shows the latest version,
  with a banner and the differences one click away;
- the editor's Approve refuses when a saved question the page shows was
  published while the Medical Director read it; read again, it approves,
  and says in plain words what visitors now see;
- a saved question's editor lists the reviewed pages its change sends back.
"""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.dateformat import format as format_date
from wagtail.log_actions import LogContext

from conftest import DEMO_PASSWORD
from faq.models import FAQ
from pages.models import ArticlePage, ReviewStatus
from pages.tests.factories import publish_edit
from review.recording import CHANGED_WHILE_REVIEWING

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
HOURS = "How many hours a week is an IOP?"


def shoot(tab, name, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"review-{name}-1280.png"
    tab.page.screenshot(path=path, full_page=full_page)


def press(tab, selector):
    """Press a button or link, and wait for the page it leads to."""
    with tab.page.expect_navigation(timeout=20_000):
        tab.page.locator(selector).first.dispatch_event("click")


def approve_in_editor(tab):
    """The editor's Approve: its dialog, then the editor's own form."""
    tab.page.locator("[data-workflow-action-name='approve']").first.dispatch_event(
        "click"
    )
    dialog = tab.page.locator(".modal-dialog form")
    dialog.wait_for(timeout=15_000)
    with tab.page.expect_navigation(timeout=20_000):
        dialog.locator("button[type='submit']").click()


def messages(tab):
    return tab.page.locator(".messages").inner_text()


def test_the_paths_to_approval(demo_site, visit):
    marketing = visit(1280)
    marketing.log_in("marketing", DEMO_PASSWORD)
    director = visit(1280)
    director.log_in("medical.director", DEMO_PASSWORD)

    # 8. An article never reviewed: publishing asks first.
    unreviewed = ArticlePage.objects.get(slug="co-occurring-conditions")
    assert unreviewed.reviewed_at is None
    marketing.goto(f"/admin/pages/{unreviewed.pk}/edit/")
    marketing.page.locator("#id_summary").fill(
        "Mental health and substance use often come together, and we treat both."
    )
    press(marketing, "button[name='action-publish']")
    assert (
        marketing.page.locator("h1")
        .first.inner_text()
        .startswith("Publish before clinical review?")
    )
    body = marketing.page.inner_text("main")
    assert "awaiting clinical review by our Medical Director" in body
    assert marketing.axe_violations() == []
    shoot(marketing, "publish-unreviewed")
    press(marketing, "button:has-text('Publish now, as awaiting review')")
    assert "awaiting clinical review" in messages(marketing)
    marketing.goto(unreviewed.url)
    notice = marketing.page.locator(".review-notice").inner_text()
    assert "awaiting clinical review by our Medical Director" in notice

    # 6. The review request, then a change after it: the emailed preview
    # shows what an approval approves.
    article = ArticlePage.objects.get(slug="what-is-an-iop")
    mail.outbox.clear()
    article.get_workflow().start(article, article.latest_revision.user)
    [request] = [m for m in mail.outbox if "medical.director@example.com" in m.to]
    preview_path = re.search(
        r"http://testserver(\S+/workflow/preview/\S+/)", request.body
    )
    publish_edit(article, title="What Is an IOP? (Updated after submitting)")
    director.goto(preview_path.group(1))
    assert director.page.locator("h1").inner_text() == (
        "What Is an IOP? (Updated after submitting)"
    )
    banner = director.page.locator("aside[aria-label='About this preview']")
    assert "changed after the page was submitted" in banner.inner_text()
    assert director.axe_violations() == []
    shoot(director, "email-preview", full_page=False)
    press(director, "aside[aria-label='About this preview'] a")
    changed = director.page.locator(".review-differences__part--changed")
    assert changed.count() == 1
    assert "Updated after submitting" in changed.locator("ins").inner_text()
    assert director.axe_violations() == []
    shoot(director, "differences")

    # 4. The Medical Director reads the editor; Marketing publishes a new
    # answer of a saved question the page shows; Approve is refused.
    director.goto(f"/admin/pages/{article.pk}/edit/")
    faq = FAQ.objects.get(question=HOURS)
    faq.answer = "<p>Two hours a week cure it.</p>"
    with LogContext(user=article.latest_revision.user):
        faq.save_revision().publish()
    approve_in_editor(director)
    assert CHANGED_WHILE_REVIEWING in messages(director)
    assert ArticlePage.objects.get(pk=article.pk).review_status == ReviewStatus.PENDING

    # Read again (the answer as it is now), it approves, and says so.
    director.goto(f"/admin/pages/{article.pk}/edit/")
    approve_in_editor(director)
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.review_status == ReviewStatus.REVIEWED
    reviewed = format_date(timezone.localtime(article.reviewed_at), "F j, Y")
    due = format_date(timezone.localtime(article.review_due_at), "F j, Y")
    assert messages(director).strip() == (
        f"“{article.title}” now shows “Medically reviewed by Demo Medical "
        f"Director, MD, Medical Director, reviewed {reviewed}; next review due "
        f"{due}”."
    )
    assert "/admin/clinical-review/" in director.page.url  # the desk, next
    shoot(director, "approved")

    # 9. The saved question's editor lists the reviewed page it sends back.
    marketing.goto(f"/admin/snippets/faq/faq/edit/{faq.pk}/")
    usage = marketing.page.locator("[data-review-usage]")
    assert "Used on 1 reviewed page" in usage.inner_text()
    assert article.title in usage.inner_text()
    # Ours; the rest of the editor is Wagtail's (its rich text field has no
    # accessible name for axe).
    assert marketing.axe_violations("[data-review-usage]") == []
    shoot(marketing, "snippet-warning")
