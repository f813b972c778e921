"""What the reviewer and the editor need, through the admin's own views:

8. publishing a clinical page never reviewed asks first;
9. editing a snippet that reviewed pages show says which, asks, sends them
   back with the reason, and tells the Medical Director once;
10. what changed, in one click, snippets' text included;
11. a light path for small changes and for renewing a review;
12. what happened, in plain words, after approving or requesting changes.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from wagtail.models import PageLogEntry

from faq.models import FAQ
from pages.models import ArticlePage, Clinician, ProgramPage, ReviewStatus
from pages.tests.factories import publish_edit
from review.approving import renewable_revision, shown_revision
from review.models import Approval
from review.recording import RENEWED, ReviewedContentChanged
from review.tests.admin import (
    approve_dialog,
    approved,
    article_form,
    fresh,
    messages_of,
)

pytestmark = pytest.mark.django_db
IOP = "what-is-an-iop"
HOURS = "How many hours a week is an IOP?"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def day(moment):
    return format_date(timezone.localtime(moment), "F j, Y")


# 8. Publishing a page never reviewed ---------------------------------------


def test_publishing_a_page_never_reviewed_asks_first(team):
    marketing = team["marketing"]
    page = ArticlePage.objects.get(slug=IOP)
    assert page.reviewed_at is None
    draft = page.get_latest_revision_as_object()
    response = marketing.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {**article_form(draft, summary="A new summary."), "action-publish": "publish"},
    )
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.title.get_text(strip=True).startswith("Publish before clinical review?")
    assert "awaiting clinical review by our Medical Director" in soup.get_text()
    buttons = [
        b.get_text(" ", strip=True) for b in soup.select("main button, main a.button")
    ]
    assert buttons == [
        "Submit it for clinical review",
        "Publish now, as awaiting review",
        "Keep editing",
    ]
    # Nothing went live; the draft is saved.
    assert fresh(page).summary != "A new summary."
    assert fresh(page).get_latest_revision_as_object().summary == "A new summary."


# 9. Snippets that reviewed pages show -----------------------------------------


def faq_form(faq, **changes):
    return {
        "question": faq.question,
        "answer": (
            '{"blocks": [{"key": "a", "type": "unstyled", "depth": 0, '
            f'"text": "{changes.pop("answer_text", "Nine hours.")}", '
            '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'
        ),
        "topic": faq.topic_id or "",
        **changes,
    }


def test_a_snippet_says_which_reviewed_pages_it_sends_back(
    team, django_capture_on_commit_callbacks
):
    marketing, director = team["marketing"], team["director"]
    article = approved(ArticlePage.objects.get(slug=IOP), director)
    program = approved(
        ProgramPage.objects.get(slug="intensive-outpatient-program"), director
    )
    faq = FAQ.objects.get(question=HOURS)
    url = reverse(faq.snippet_viewset.get_url_name("edit"), args=[faq.pk])

    # Before publishing: the editor says where it is used.
    notice = soup_of(marketing.get(url)).select_one("[data-review-usage]")
    assert "Used on 2 reviewed pages: publishing a change to its text sends them" in (
        notice.get_text(" ", strip=True)
    )
    assert {a.get_text(strip=True) for a in notice.select("li a")} == {
        article.title,
        program.title,
    }

    # Publishing asks, listing them; the draft is saved, nothing is live yet.
    response = marketing.post(
        url, {**faq_form(faq, answer_text="About ten hours."), "action-publish": "1"}
    )
    assert response.status_code == 200
    question = soup_of(response)
    assert question.title.get_text(strip=True).startswith(
        "Send 2 reviewed pages back to clinical review?"
    )
    assert {a.get_text(strip=True) for a in question.select("main li a")} == {
        article.title,
        program.title,
    }
    assert fresh(article).review_status == ReviewStatus.REVIEWED
    assert "About ten hours." not in FAQ.objects.get(pk=faq.pk).answer

    # Confirmed: both go back to review, with the reason; one email.
    mail.outbox.clear()
    form = question.select_one("form[action*='publish-snippet']")
    with django_capture_on_commit_callbacks(execute=True):
        response = marketing.post(
            form["action"], {"revision": form.select_one("[name=revision]")["value"]}
        )
    assert "About ten hours." in FAQ.objects.get(pk=faq.pk).answer
    assert fresh(article).review_status == ReviewStatus.PENDING
    assert fresh(program).review_status == ReviewStatus.PENDING
    assert "2 reviewed pages now say" in messages_of(response, marketing)
    [email] = [m for m in mail.outbox if director.user.email in m.to]
    assert len(mail.outbox) == 1
    assert f"FAQ “{HOURS}” was changed by Mia Marketer" in email.body
    assert article.title in email.body and program.title in email.body

    desk = soup_of(director.get(reverse("clinical_review_desk")))
    rows = desk.select(".clinical-desk[data-group='changed'] tbody tr")
    assert {row.select_one("td.title a").get_text(strip=True) for row in rows} == {
        article.title,
        program.title,
    }
    for row in rows:
        assert row.select_one(".clinical-desk__person").get_text(strip=True) == (
            "Mia Marketer"
        )
        assert row.select_one(".clinical-desk__detail").get_text(strip=True) == (
            f"FAQ “{HOURS}” changed"
        )


# 10. What changed, in one click -----------------------------------------------


def test_the_differences_show_a_saved_questions_new_answer(team):
    marketing, director = team["marketing"], team["director"]
    article = approved(ArticlePage.objects.get(slug=IOP), director)
    faq = FAQ.objects.get(question=HOURS)
    faq.answer = "<p>Most IOPs give about ten hours of treatment a week.</p>"
    faq.save_revision().publish()
    article = fresh(article)
    article.get_workflow().start(article, marketing.user)

    url, _ = approve_dialog(director, article, "workflow_action")
    dialog = BeautifulSoup(
        director.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()["html"],
        "html.parser",
    )
    link = dialog.find("a", string=lambda text: text and "See what changed" in text)
    page = soup_of(director.get(link["href"]))
    changed = page.select(".review-differences__part--changed")
    assert len(changed) == 1
    part = changed[0]
    assert part.select_one("h2").get_text(strip=True) == "Body"
    assert "ten" in part.select_one("ins").get_text()
    assert "nine or more" in " ".join(d.get_text() for d in part.select("del"))


def test_a_resubmission_links_to_the_changes_since_the_request(team):
    marketing, director = team["marketing"], team["director"]
    article = approved(ArticlePage.objects.get(slug=IOP), director)
    publish_edit(article, summary="An IOP is about nine hours a week.")
    article = fresh(article)
    article.get_workflow().start(article, marketing.user)
    task_state = fresh(article).current_workflow_task_state
    task_state.task.specific.on_action(
        task_state, director.user, "reject", comment="Say it meets in the evening."
    )
    publish_edit(article, summary="An IOP is about nine hours a week, in the evening.")
    fresh(article).current_workflow_state.resume(marketing.user)

    desk = soup_of(director.get(reverse("clinical_review_desk")))
    row = desk.select_one(".clinical-desk[data-group='waiting'] tbody tr")
    assert (
        row.select_one(".clinical-desk__detail")
        .get_text(strip=True)
        .startswith("Resubmitted after your request")
    )
    since = next(
        a["href"]
        for a in row.select("a")
        if a.get_text().startswith("Since your request")
    )
    changes = soup_of(director.get(since))
    [part] = changes.select(".review-differences__part--changed")
    assert part.select_one("ins").get_text().endswith("in the evening.")


# 11. A light path for small changes, and renewing ------------------------------


def test_a_small_change_is_approved_in_one_step_from_the_desk(team):
    marketing, director = team["marketing"], team["director"]
    article = approved(ArticlePage.objects.get(slug=IOP), director)
    publish_edit(article, summary=article.summary.replace("week", "week or so"))
    article = fresh(article)
    article.get_workflow().start(article, marketing.user)

    desk = soup_of(director.get(reverse("clinical_review_desk")))
    row = desk.select_one(".clinical-desk[data-group='waiting'] tbody tr")
    shown = row.select_one(".clinical-desk__inline-differences").get_text(
        " ", strip=True
    )
    assert "Summary:" in shown and "or so" in shown
    form = row.select_one(".clinical-desk__action form")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    response = director.post(form["action"], data)
    assert fresh(article).review_status == ReviewStatus.REVIEWED
    assert f"“{article.title}” now shows “Medically reviewed by Robin Lee, MD" in (
        messages_of(response, director)
    )

    # Marketing's desk offers no approval.
    desk = soup_of(marketing.get(reverse("clinical_review_desk")))
    assert desk.select(".clinical-desk__action form") == []


def test_a_large_change_needs_the_full_review(team):
    marketing, director = team["marketing"], team["director"]
    article = approved(ArticlePage.objects.get(slug=IOP), director)
    publish_edit(article, summary="An entirely different summary. " * 9)
    article = fresh(article)
    article.get_workflow().start(article, marketing.user)
    desk = soup_of(director.get(reverse("clinical_review_desk")))
    row = desk.select_one(".clinical-desk[data-group='waiting'] tbody tr")
    assert row.select_one(".clinical-desk__action form") is None
    assert row.select_one(".clinical-desk__action a").get_text(" ", strip=True) == (
        f"Review {article.title}"
    )


def test_a_review_falling_due_is_renewed_as_still_accurate(team):
    director = team["director"]
    article = approved(ArticlePage.objects.get(slug=IOP), director)
    long_ago = timezone.now() - datetime.timedelta(days=370)
    ArticlePage.objects.filter(pk=article.pk).update(
        reviewed_at=long_ago, review_due_at=long_ago + datetime.timedelta(days=365)
    )
    desk = soup_of(director.get(reverse("clinical_review_desk")))
    link = desk.select_one(
        ".clinical-desk[data-group='expired'] .clinical-desk__action a"
    )
    assert link.get_text(" ", strip=True).startswith("Still accurate?")
    screen = soup_of(director.get(link["href"]))
    assert article.summary in screen.get_text()  # the reviewer reads it all
    form = screen.select_one("main form")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    response = director.post(link["href"], data)
    article = fresh(article)
    assert article.review_status == ReviewStatus.REVIEWED
    assert article.reviewed_at.date() == timezone.now().date()
    assert Approval.objects.filter(
        revision=article.live_revision, renewal=True
    ).exists()
    assert article.reviewed_revision_id == article.live_revision_id
    assert PageLogEntry.objects.filter(page=article, action=RENEWED).exists()
    assert f"next review due {day(article.review_due_at)}" in messages_of(
        response, director
    )


def test_a_changed_page_cannot_be_renewed_without_a_full_review(team):
    director = team["director"]
    article = approved(ArticlePage.objects.get(slug=IOP), director)
    publish_edit(article, summary="A new claim.")
    response = director.get(reverse("review_renew", args=[article.pk]))
    assert "cannot be renewed as it is" in messages_of(response, director)
    assert fresh(article).review_status == ReviewStatus.PENDING


# 12. Confirmations in plain words ------------------------------------------------


def test_after_approving_the_reviewer_reads_what_visitors_now_see(team):
    marketing, director = team["marketing"], team["director"]
    article = fresh(ArticlePage.objects.get(slug=IOP))
    article.get_workflow().start(article, marketing.user)
    url, shown = approve_dialog(director, article, "workflow_action")
    response = director.post(url, shown)
    article = fresh(article)
    assert messages_of(response, director) == (
        f"“{article.title}” now shows “Medically reviewed by Robin Lee, MD, "
        f"Medical Director, reviewed {day(article.reviewed_at)}; next review due "
        f"{day(article.review_due_at)}”."
    )


def test_after_requesting_changes_the_reviewer_reads_who_is_told(team):
    marketing, director = team["marketing"], team["director"]
    article = fresh(ArticlePage.objects.get(slug=IOP))
    article.get_workflow().start(article, marketing.user)
    task_state = fresh(article).current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[article.pk, "reject", task_state.pk]
    )
    response = director.post(url, {"comment": "Cite the hours."})
    text = messages_of(response, director)
    assert text.startswith(f"Changes requested on “{article.title}”.")
    assert "Mia Marketer is told by email and sees your comment" in text
    assert "The live page is unchanged: it says “awaiting clinical review”." in text


def test_a_reviewers_profile_sends_back_only_the_pages_it_is_the_byline_of(team):
    """A profile is shown on a page as its byline; as its reviewer, the page
    keeps the name the approval recorded, so editing the profile sends back
    only the articles it wrote."""
    director = team["director"]
    robin = Clinician.objects.get(user=director.user)
    url = reverse(robin.snippet_viewset.get_url_name("edit"), args=[robin.pk])
    approved(ArticlePage.objects.get(slug=IOP), director)  # Robin reviewed it
    assert soup_of(director.get(url)).select_one("[data-review-usage]") is None

    written = publish_edit(ArticlePage.objects.get(slug=IOP), author=robin)
    written = approved(written, director)
    usage = soup_of(director.get(url)).select_one("[data-review-usage]")
    assert written.title in usage.get_text()


def test_a_renewal_is_of_the_approved_content_only(team):
    """However it is posted: a renewal names the live revision it showed, as
    it still reads, and that must be what was approved."""
    article = approved(ArticlePage.objects.get(slug=IOP), team["director"])
    shown = shown_revision(article.live_revision)
    assert (
        renewable_revision(
            article, shown.revision.pk, shown.fingerprint, article.reviewed_fingerprint
        )
        == article.live_revision
    )
    for revision, fingerprint, approved_print in (
        (shown.revision.pk, shown.fingerprint, "another approval"),
        (shown.revision.pk, "another reading", "another reading"),
        (shown.revision.pk - 1, shown.fingerprint, shown.fingerprint),
    ):
        with pytest.raises(ReviewedContentChanged):
            renewable_revision(article, revision, fingerprint, approved_print)
