"""Clinical review, end to end through the admin's own views: submit,
refusals, approval, what resets a review, expiry, and the public page."""

import datetime
import io
import json
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.tests.sign_in import sign_in
from faq.models import FAQ
from pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ProgramPage,
    ReviewStatus,
    Topic,
)
from references.models import Reference
from references.tests.factories import cite
from review.recording import (
    APPROVED,
    EXPIRED,
    RESET,
    RESTORED,
    record_approval,
)
from review.rules import clinical_fingerprint
from review.tests.admin import publish_as_awaiting_review
from richtext.features import PARAGRAPH_FEATURES

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model, demo):
    def make(username, group, first, last):
        user = django_user_model.objects.create_user(
            username=username,
            password="a-long-password",
            first_name=first,
            last_name=last,
            email=f"{username}@example.com",
        )
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        sign_in(client, user)
        return user, client

    return {
        "marketing": make("mia", "Marketing", "Mia", "Marketer"),
        "director": make("dr.lee", "Medical Director", "Robin", "Lee"),
    }


def article_data(faq, reference, **changes):
    """The edit form of the test article, as the admin posts it."""
    data = {
        "title": "What is partial hospitalization?",
        "slug": "what-is-php",
        "seo_title": "",
        "search_description": "",
        "summary": "A PHP is treatment most of the weekday.",
        "topic": Topic.objects.get(slug="level-of-care").pk,
        "hero_image": "",
        "hero_alt_text": "",
        "hero_caption": "",
        "key_takeaways": streamfield(
            [("takeaway", "One"), ("takeaway", "Two"), ("takeaway", "Three")]
        ),
        "body": streamfield(
            [
                ("heading", {"heading": "What is it?", "level": "h2", "anchor": ""}),
                (
                    "paragraph",
                    rich_text(
                        changes.pop(
                            "paragraph", f"<p>Most weekdays{cite(reference)}.</p>"
                        ),
                        features=PARAGRAPH_FEATURES,
                    ),
                ),
                (
                    "faq_section",
                    {"heading": "", "items": streamfield([("faq", faq.pk)])},
                ),
            ]
        ),
        "author": "",
        "closing_link_page": "",
        "closing_link_text": "",
    }
    data.update(changes)
    return nested_form_data(data)


@pytest.fixture
def article(people, django_capture_on_commit_callbacks):
    """A live article written by marketing through the admin, citing a
    reference and showing a saved FAQ."""
    _, client = people["marketing"]
    faq = FAQ.objects.get(question="Can I work while in an IOP?")
    reference = Reference.objects.get(title__startswith="Clinical Issues")
    library = ArticleIndexPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "wagtailadmin_pages:add", args=["pages", "articlepage", library.pk]
            ),
            article_data(faq, reference, **{"action-publish": "publish"}),
        )
        response = publish_as_awaiting_review(client, response)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ArticlePage.objects.get(slug="what-is-php")
    page.test_faq, page.test_reference = faq, reference
    return page


def fresh(page):
    extra = {"test_faq": page.test_faq, "test_reference": page.test_reference}
    page = ArticlePage.objects.get(pk=page.pk)
    page.__dict__.update(extra)
    return page


def edit(client, page, action, answer=True, **changes):
    """Post the editor's form with `action`; a publish that stops at the
    question (a page never reviewed, or a clinical change) is answered
    "Publish now, as awaiting review", unless `answer` is false."""
    with_callbacks = changes.pop("callbacks", None)
    data = article_data(page.test_faq, page.test_reference, **changes)
    data[f"action-{action}"] = action
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    def post():
        response = client.post(url, data)
        return publish_as_awaiting_review(client, response) if answer else response

    if with_callbacks is not None:
        with with_callbacks(execute=True):
            return post()
    return post()


def workflow_action(client, page, action, **data):
    """A workflow action from its dialog, as the admin's JavaScript posts it:
    approving carries what the dialog showed (the revision and the
    fingerprint of its clinical content)."""
    task_state = page.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]
    )
    if action == "approve":
        dialog = client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        if dialog.status_code == 200 and "html" in dialog.json():
            soup = BeautifulSoup(dialog.json()["html"], "html.parser")
            for name in ("revision", "fingerprint"):
                data.setdefault(name, soup.select_one(f'[name="{name}"]')["value"])
    return client.post(url, data)


def public(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    graph = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    node = next(n for n in graph["@graph"] if n["@type"] == "MedicalWebPage")
    return soup.select_one(".review-notice").get_text(" ", strip=True), node, soup


def refused(response):
    """Wagtail's refusal: 403, or (for admin pages) a redirect to the
    dashboard with "Sorry, you do not have permission"."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == "/admin/"


def actions(page):
    return list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_the_whole_review_flow_through_the_admin(people, article):
    marketing, marketing_client = people["marketing"]
    director, director_client = people["director"]
    anonymous = Client()

    # New clinical pages start pending, and say so.
    page = fresh(article)
    assert page.review_status == ReviewStatus.PENDING
    notice, node, _ = public(anonymous, page)
    assert "awaiting clinical review by our Medical Director" in notice
    assert "lastReviewed" not in node and "reviewedBy" not in node

    # Marketing submits it to the "Clinical review" workflow.
    response = edit(marketing_client, page, "submit")
    assert response.status_code == 302
    page = fresh(page)
    assert page.current_workflow_state.workflow.name == "Clinical review"
    assert page.workflow_in_progress

    # Marketing cannot approve: refused, and nothing changes.
    response = workflow_action(marketing_client, page, "approve")
    assert refused(response)
    page = fresh(page)
    assert page.review_status == ReviewStatus.PENDING and page.reviewed_at is None
    assert page.workflow_in_progress

    # The Medical Director approves (with a comment).
    response = workflow_action(director_client, page, "approve", comment="Accurate.")
    assert response.status_code == 302
    page = fresh(page)
    assert page.review_status == ReviewStatus.REVIEWED
    assert page.reviewed_by == director
    assert page.reviewed_revision == page.live_revision
    assert not page.workflow_in_progress
    assert APPROVED in actions(page)
    entry = PageLogEntry.objects.get(page=page, action=APPROVED)
    assert entry.user == director and entry.revision == page.reviewed_revision

    notice, node, soup = public(anonymous, page)
    assert notice.startswith("Medically reviewed by Robin Lee")
    shown_date = soup.select_one(".review-notice time")["datetime"]
    assert node["lastReviewed"] == shown_date
    assert node["reviewedBy"]["name"] == "Robin Lee"
    due = soup.select_one(".review-dates").get_text(" ", strip=True)
    assert "Next review due" in due

    # A slug-only edit, published by marketing, keeps the review.
    response = edit(marketing_client, page, "publish", slug="php-explained")
    assert response.status_code == 302
    page = fresh(page)
    assert page.slug == "php-explained"
    assert page.review_status == ReviewStatus.REVIEWED

    # A title edit asks first; published anyway, it puts the page back to
    # pending, by itself, and says so.
    response = edit(
        marketing_client,
        page,
        "publish",
        answer=False,
        title="What is a PHP, exactly?",
        slug="php-explained",
    )
    assert response.status_code == 200
    assert fresh(page).review_status == ReviewStatus.REVIEWED
    revision = fresh(page).get_latest_revision()
    response = marketing_client.post(
        reverse("review_publish_clinical_change", args=[page.pk, revision.pk])
    )
    assert response.status_code == 302
    page = fresh(page)
    assert page.review_status == ReviewStatus.PENDING
    assert actions(page).count(RESET) == 1
    notice, node, _ = public(anonymous, page)
    assert "awaiting clinical review" in notice and "lastReviewed" not in node

    # Reverting to the approved revision restores the review: its content is
    # what was approved. Reverting to one that was never approved does not.
    unapproved = page.live_revision
    page.reviewed_revision.publish(user=marketing)
    page = fresh(page)
    assert page.review_status == ReviewStatus.REVIEWED
    assert actions(page).count(RESTORED) == 1
    unapproved.publish(user=marketing)
    assert fresh(page).review_status == ReviewStatus.PENDING


def test_request_changes_needs_a_comment_and_tells_the_submitter(people, article):
    marketing, marketing_client = people["marketing"]
    _, director_client = people["director"]
    director, _ = people["director"]
    mail.outbox.clear()
    edit(marketing_client, fresh(article), "submit")
    page = fresh(article)
    # Wagtail tells the Medical Director group that a page waits for them.
    assert any(director.email in message.to for message in mail.outbox)
    mail.outbox.clear()

    workflow_action(director_client, page, "reject")  # no comment: not done
    page = fresh(page)
    assert page.workflow_in_progress

    response = workflow_action(
        director_client, page, "reject", comment="Cite the hours per week."
    )
    assert response.status_code == 302
    page = fresh(page)
    assert page.current_workflow_state.status == "needs_changes"
    assert page.review_status == ReviewStatus.PENDING
    to_submitter = [m for m in mail.outbox if marketing.email in m.to]
    assert to_submitter
    assert "Cite the hours per week." in (
        to_submitter[0].body + "".join(a[0] for a in to_submitter[0].alternatives)
    )


def test_publishing_while_waiting_keeps_the_review_request(people, article):
    _, marketing_client = people["marketing"]
    _, director_client = people["director"]
    edit(marketing_client, fresh(article), "submit")
    response = edit(marketing_client, fresh(article), "publish", summary="Updated.")
    assert response.status_code == 302
    page = fresh(article)
    assert page.live and page.summary == "Updated."
    assert page.workflow_in_progress  # not silently canceled
    assert page.review_status == ReviewStatus.PENDING
    # The approval covers what the Medical Director is shown: the page as it
    # is now, live, never the older submitted revision.
    workflow_action(director_client, page, "approve")
    page = fresh(page)
    assert page.summary == "Updated."
    assert page.review_status == ReviewStatus.REVIEWED
    assert page.reviewed_revision == page.live_revision


def test_marketing_cannot_mark_a_page_reviewed_by_any_form(people, article):
    marketing, marketing_client = people["marketing"]
    page = fresh(article)
    # Tampered edit form: the review fields are not in it and are ignored.
    response = edit(
        marketing_client,
        page,
        "publish",
        review_status="reviewed",
        reviewed_at="2026-01-01 00:00",
        reviewed_by=marketing.pk,
        reviewed_fingerprint=clinical_fingerprint(page),
    )
    assert response.status_code == 302
    page = fresh(page)
    assert page.review_status == ReviewStatus.PENDING and page.reviewed_at is None
    # No workflow action exists for marketing, in the editor or the dashboard.
    edit(marketing_client, page, "submit")
    page = fresh(page)
    task = page.current_workflow_task
    assert task.get_actions(page, marketing) == []
    for action in ("approve", "reject"):
        response = marketing_client.post(
            reverse(
                "wagtailadmin_pages:collect_workflow_action_data",
                args=[page.pk, action, page.current_workflow_task_state.pk],
            ),
            {"comment": "Looks fine"},
        )
        assert refused(response)
    # Approve-while-editing from the edit view is refused as well.
    response = edit(
        marketing_client,
        page,
        "workflow-action",
        **{"workflow-action-name": "approve"},
    )
    page = fresh(page)
    assert page.review_status == ReviewStatus.PENDING and page.reviewed_at is None
    # A revision restored from history never brings a review back with it.
    restored = page.revisions.first().as_object()
    assert restored.review_status == page.review_status
    # Only the Medical Director group can act on the clinical review task.
    assert page.current_workflow_task.specific.groups.get().name == "Medical Director"


def approve_now(page, user):
    record_approval(page.live_revision, user)
    return (
        ArticlePage.objects.get(pk=page.pk)
        if isinstance(page, ArticlePage)
        else type(page).objects.get(pk=page.pk)
    )


def test_snippet_edits_reset_every_page_that_shows_them(people, demo):
    director, _ = people["director"]
    article = ArticlePage.objects.get(slug="what-is-an-iop")
    program = ProgramPage.objects.get(slug="intensive-outpatient-program")
    for page in (article, program):
        assert approve_now(page, director).review_status == ReviewStatus.REVIEWED

    faq = FAQ.objects.get(question="How many hours a week is an IOP?")
    tip47 = Reference.objects.get(title__startswith="Clinical Issues")
    faq.answer = f"<p>About nine hours or more, in three evenings{cite(tip47)}.</p>"
    faq.save_revision().publish()
    for page in (article, program):
        page = type(page).objects.get(pk=page.pk)
        assert page.review_status == ReviewStatus.PENDING
        assert RESET in actions(page)

    for page in (article, program):
        approve_now(page, director)
    reference = Reference.objects.get(title__startswith="Principles of Drug")
    reference.title = "Principles of Drug Addiction Treatment (third edition)"
    reference.save()
    assert ArticlePage.objects.get(pk=article.pk).review_status == (
        ReviewStatus.PENDING
    )
    # A reference cited only in a saved FAQ's answer reaches the pages
    # showing that FAQ: TIP 47 is cited in "How many hours a week...".
    for page in (article, program):
        approve_now(page, director)
    tip47.year = 2013
    tip47.save()
    for page in (article, program):
        assert type(page).objects.get(pk=page.pk).review_status == (
            ReviewStatus.PENDING
        )
    approve_now(program, director)
    # The IOP program page does not cite NIDA: it stays reviewed.
    assert ProgramPage.objects.get(pk=program.pk).review_status == (
        ReviewStatus.REVIEWED
    )


def test_reviews_expire_after_the_interval(people, demo, client):
    director, _ = people["director"]
    article = approve_now(ArticlePage.objects.get(slug="what-is-an-iop"), director)
    assert article.review_status == ReviewStatus.REVIEWED
    reviewed_on = timezone.localtime(article.reviewed_at).date()

    later = article.reviewed_at + datetime.timedelta(days=366)
    with mock.patch("django.utils.timezone.now", return_value=later):
        # The public page shows expiry at once, before the daily job runs.
        notice, node, _ = public(client, article)
        assert "awaiting clinical review" in notice
        assert f"last reviewed on {reviewed_on:%B} {reviewed_on.day}" in notice
        assert "lastReviewed" not in node
        mail.outbox.clear()
        out = io.StringIO()
        call_command("expire_clinical_reviews", stdout=out)
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.review_status == ReviewStatus.EXPIRED
    assert EXPIRED in actions(article)
    # The demo's PHP vs IOP review, just as old, expires with it.
    assert "2 clinical review(s) expired." in out.getvalue()
    (message,) = mail.outbox
    assert director.email in message.to
    assert article.title in message.body


def test_notice_structured_data_and_status_never_disagree(people, demo, client):
    director, _ = people["director"]
    page = ArticlePage.objects.get(slug="what-is-an-iop")
    for state in ("pending", "reviewed", "expired"):
        moment = None
        if state == "reviewed":
            page = approve_now(page, director)
        if state == "expired":
            moment = page.reviewed_at + datetime.timedelta(days=400)
        patcher = mock.patch("django.utils.timezone.now", return_value=moment)
        if moment:
            patcher.start()
        try:
            notice, node, soup = public(client, page)
            shown = ArticlePage.objects.get(pk=page.pk).displayed_review_status
            assert shown == state
            reviewed_in_data = "lastReviewed" in node and "reviewedBy" in node
            assert reviewed_in_data == (state == "reviewed")
            assert notice.startswith("Medically reviewed") == (state == "reviewed")
            assert ("awaiting clinical review" in notice) == (state != "reviewed")
            assert bool(soup.select(".review-dates")) == (state == "reviewed")
        finally:
            if moment:
                patcher.stop()
