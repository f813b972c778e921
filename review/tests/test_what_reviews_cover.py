""" "Medically reviewed" covers everything a visitor reads on the page, on
every path to approval: the holes found by trying the admin as an attacker
with a Marketing login, and as each staff role.

1. Snippets a page shows count by the text they show (a topic's name, a
   byline), not by their id.
4. Every path that approves checks what the reviewer was shown against the
   content at the moment of approval, snippets included.
5. Only administrators and the Medical Director change who a reviewer is.
6. The preview linked from the review-request email is what an approval
   approves.
7. Only users who may edit a page open its editor, in review or not.
3. The review interval is the Medical Director's, and never revives a review.
2. The site-wide text (crisis lines and notices) is approved through the
   same review, as it was shown (its drafts: pages/tests/test_site_text.py).
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import LogContext
from wagtail.models import ModelLogEntry

from faq.models import FAQ
from pages.models import ArticlePage, Clinician, ReviewStatus, SiteTextSettings, Topic
from pages.signals import IDENTITY_CHANGED
from pages.tests.factories import local_line, publish_edit, site_text_form
from review.content import clinical_fingerprint, shown_text
from review.editor import SHOWN_FINGERPRINT, SHOWN_REVISION
from review.models import ClinicalReviewSettings
from review.recording import (
    CHANGED_WHILE_REVIEWING,
    INTERVAL_CHANGED,
    record_approval,
)
from review.tests.admin import (
    approve_dialog,
    approve_in_editor,
    approved,
    clinician_form,
    fresh,
    messages_of,
    open_editor,
    public_notice,
)

pytestmark = pytest.mark.django_db
IOP = "what-is-an-iop"


def submitted(page, marketing):
    page = fresh(page)
    page.get_workflow().start(page, marketing.user)
    return fresh(page)


def publish_faq(faq, answer, user=None):
    """Marketing publishes a new answer of a saved question."""
    faq = FAQ.objects.get(pk=faq.pk)
    faq.answer = answer
    with LogContext(user=user):
        faq.save_revision(user=user).publish(user=user)


# 1. Snippets by the text they show -----------------------------------------


def test_renaming_a_topic_sends_its_reviewed_articles_back(team):
    page = approved(ArticlePage.objects.get(slug=IOP), team["director"])
    topic = Topic.objects.get(pk=page.topic_id)
    topic.name = "Guaranteed cure in 30 days"
    topic.save_revision().publish()
    page = fresh(page)
    assert page.review_status == ReviewStatus.PENDING
    notice, soup = public_notice(page)
    assert "awaiting clinical review" in notice
    assert soup.select_one(".eyebrow").get_text(strip=True) == (
        "Guaranteed cure in 30 days"
    )


def test_changing_a_bylines_role_sends_the_article_back(team):
    author = Clinician.objects.create(
        name="Jo Park", credentials="LMFT", role="Therapist"
    )
    page = publish_edit(ArticlePage.objects.get(slug=IOP), author=author)
    page = approved(page, team["director"])
    author.role = "Addiction specialist with 30 years of cures"
    author.save_revision().publish()
    assert fresh(page).review_status == ReviewStatus.PENDING


def test_a_snippet_that_does_not_say_what_it_shows_counts_by_all_its_text(
    team, monkeypatch
):
    """Anything added later is covered without a declaration: a snippet
    model without `shown_text()` counts by every text field it has."""
    author = Clinician.objects.create(name="Jo Park", role="Therapist", bio="Kind.")
    monkeypatch.delattr(Clinician, "shown_text")
    assert shown_text(author) == ["Jo Park", "Therapist", "Kind."]
    page = publish_edit(ArticlePage.objects.get(slug=IOP), author=author)
    before = clinical_fingerprint(fresh(page))
    Clinician.objects.filter(pk=author.pk).update(bio="Cures everything.")
    assert clinical_fingerprint(fresh(page)) != before


# 3. The review interval ---------------------------------------------------------


def test_the_interval_is_the_medical_directors_and_never_revives_a_review(team, site):
    """Hole 3: Marketing set the interval to 60 months and revived an expired
    review. Now the interval is a setting only the Medical Director group
    (and administrators) may open; a review's due date is fixed when it is
    approved; a new interval applies to later approvals only; and the
    change is in the history."""
    marketing_client, director_client = team["marketing"], team["director"]
    director = director_client.user
    url = reverse(
        "wagtailsettings:edit", args=["review", "clinicalreviewsettings", site.pk]
    )
    assert marketing_client.get(url)["Location"] == reverse("wagtailadmin_home")
    marketing_client.post(url, {"interval_months": "60"})
    assert ClinicalReviewSettings.for_site(site).interval_months == 12
    dashboard = marketing_client.get(reverse("wagtailadmin_home")).content.decode()
    assert url not in dashboard  # not in Marketing's Settings menu

    article = approved(ArticlePage.objects.get(slug=IOP), director_client)
    due = article.review_due_at
    ArticlePage.objects.filter(pk=article.pk).update(
        reviewed_at=article.reviewed_at - datetime.timedelta(days=400),
        review_due_at=due - datetime.timedelta(days=400),
    )
    response = director_client.post(url, {"interval_months": "60"})
    assert response.status_code == 302
    assert ClinicalReviewSettings.for_site(site).interval_months == 60
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.review_due_at == due - datetime.timedelta(days=400)
    assert article.displayed_review_status == ReviewStatus.EXPIRED
    entry = ModelLogEntry.objects.get(action=INTERVAL_CHANGED)
    assert entry.user == director and entry.data == {"from": 12, "to": 60}

    # A later approval falls due by the new interval.
    article = approved(article, director_client)
    assert article.review_due_at.year == article.reviewed_at.year + 5


# 4. Every path to approval checks what the reviewer was shown --------------


@pytest.fixture
def waiting(team):
    """The IOP article, approved once, then changed and submitted again."""
    page = approved(ArticlePage.objects.get(slug=IOP), team["director"])
    publish_edit(page, summary="An IOP gives you about nine hours a week.")
    return submitted(page, team["marketing"])


def test_the_editor_approves_only_the_snippets_it_showed(team, waiting):
    director, marketing = team["director"], team["marketing"]
    loaded = open_editor(director, waiting)
    # While the Medical Director reads, Marketing publishes a new answer of a
    # saved question the page shows: no new revision of the page.
    faq = FAQ.objects.get(question="How many hours a week is an IOP?")
    publish_faq(faq, "<p>Two hours cure it.</p>", marketing.user)
    assert fresh(waiting).latest_revision_id == int(loaded["loaded_revision_id"])

    response = approve_in_editor(director, waiting, loaded)
    assert CHANGED_WHILE_REVIEWING in messages_of(response, director)
    page = fresh(waiting)
    assert page.review_status == ReviewStatus.PENDING
    assert page.workflow_in_progress
    notice, soup = public_notice(page)
    assert "Two hours cure it." in soup.get_text()  # live: it was published
    assert "awaiting clinical review" in notice  # but not as reviewed

    # Read again, it approves.
    response = approve_in_editor(director, waiting, open_editor(director, waiting))
    assert fresh(waiting).review_status == ReviewStatus.REVIEWED


def test_the_approve_dialog_approves_only_what_it_showed(team, waiting):
    director, marketing = team["director"], team["marketing"]
    url, shown = approve_dialog(director, waiting, "workflow_action")
    faq = FAQ.objects.get(question="Can I work while in an IOP?")
    publish_faq(faq, "<p>Quit your job.</p>", marketing.user)
    response = director.post(url, shown, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert CHANGED_WHILE_REVIEWING in response.json()["html"]
    assert fresh(waiting).review_status == ReviewStatus.PENDING


def test_a_posted_approval_without_what_was_shown_is_refused(team, waiting):
    """The workflow task itself refuses, whatever the form: no revision and
    fingerprint of what was shown, no approval."""
    director = team["director"]
    task_state = fresh(waiting).current_workflow_task_state
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, director.user, "approve")
    assert fresh(waiting).review_status == ReviewStatus.PENDING


def test_a_scheduled_approved_revision_goes_live_reviewed_only_if_unchanged(team):
    director, marketing = team["director"], team["marketing"]
    page = fresh(ArticlePage.objects.get(slug=IOP))
    later = timezone.now() + datetime.timedelta(hours=1)
    draft = page.get_latest_revision_as_object()
    draft.summary = "An IOP is about nine hours of care a week."
    draft.go_live_at = later
    revision = draft.save_revision(user=marketing.user)
    record_approval(revision, director.user)
    revision.publish(user=director.user)  # scheduled, not live yet
    faq = FAQ.objects.get(question="How many hours a week is an IOP?")
    publish_faq(faq, "<p>Two hours cure it.</p>", marketing.user)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later + datetime.timedelta(minutes=1))
        call_command("publish_scheduled")
    page = fresh(page)
    assert page.summary == "An IOP is about nine hours of care a week."
    assert page.review_status == ReviewStatus.PENDING


# 5. Who a reviewer is --------------------------------------------------------


def edit_profile(editor, profile, **changes):
    url = reverse(profile.snippet_viewset.get_url_name("edit"), args=[profile.pk])
    return editor.post(url, clinician_form(profile, **changes))


def test_marketing_cannot_move_the_medical_directors_account(team):
    marketing, director = team["marketing"], team["director"]
    robin = Clinician.objects.get(user=director.user)
    therapist = Clinician.objects.create(
        name="Jane Roe", credentials="LMFT", role="Family therapist"
    )
    edit_profile(marketing, robin, user="")
    edit_profile(marketing, therapist, user=director.user.pk)
    assert Clinician.objects.get(pk=robin.pk).user == director.user
    assert Clinician.objects.get(pk=therapist.pk).user is None

    # The next approval still says who the reviewer is.
    page = approved(ArticlePage.objects.get(slug=IOP), director)
    assert public_notice(page)[0].startswith("Medically reviewed by Robin Lee, MD")

    # A therapist's own profile (no reviewer account) is Marketing's to edit.
    edit_profile(marketing, therapist, role="Family and couples therapist")
    assert Clinician.objects.get(pk=therapist.pk).role == "Family and couples therapist"


def test_no_path_lets_marketing_change_who_a_reviewer_is(team):
    marketing, director = team["marketing"], team["director"]
    robin = Clinician.objects.get(user=director.user)
    with LogContext(user=marketing.user), pytest.raises(PermissionDenied):
        robin.name = "Jane Roe"
        robin.save()
    therapist = Clinician.objects.create(name="Jane Roe", role="Therapist")
    with LogContext(user=marketing.user), pytest.raises(PermissionDenied):
        therapist.user = director.user
        therapist.save()


def test_every_change_of_who_a_reviewer_is_is_logged(team):
    director = team["director"]
    robin = Clinician.objects.get(user=director.user)
    edit_profile(director, robin, credentials="MD, FASAM")
    entry = ModelLogEntry.objects.get(action=IDENTITY_CHANGED)
    assert entry.user == director.user
    assert entry.data == {"changes": {"credentials": ["MD", "MD, FASAM"]}}
    assert entry.object_id == str(robin.pk)


# 6. The preview the review-request email links to ----------------------------


def test_the_emailed_preview_is_what_an_approval_approves(team):
    marketing, director = team["marketing"], team["director"]
    mail.outbox.clear()
    page = submitted(ArticlePage.objects.get(slug=IOP), marketing)
    [request] = [m for m in mail.outbox if director.user.email in m.to]
    task_state = page.current_workflow_task_state
    preview_url = reverse(
        "wagtailadmin_pages:workflow_preview", args=[page.pk, task_state.task_id]
    )
    assert preview_url in request.body

    shown = BeautifulSoup(director.get(preview_url).content, "html.parser")
    assert shown.select_one("h1").get_text(strip=True) == page.title
    assert "This preview shows the latest version" not in shown.get_text()

    # Marketing changes the page after submitting: the preview shows the
    # change (it is what approving approves), and says so.
    publish_edit(page, title="What is an IOP? Updated after submitting")
    shown = BeautifulSoup(director.get(preview_url).content, "html.parser")
    assert shown.select_one("h1").get_text(strip=True) == (
        "What is an IOP? Updated after submitting"
    )
    banner = shown.select_one("aside[aria-label='About this preview']")
    assert "changed after the page was submitted" in banner.get_text()
    differences = banner.select_one("a")["href"]
    assert "against=submitted" in differences
    assert "Updated after submitting" in director.get(differences).content.decode()


# 7. Only those who may edit a page open its editor -----------------------------


def test_admissions_cannot_open_or_save_a_page_in_review(team):
    page = submitted(ArticlePage.objects.get(slug=IOP), team["marketing"])
    admissions = team["admissions"]
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admissions.get(edit_url)
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] != edit_url
    revisions = page.revisions.count()
    admissions.post(edit_url, {"title": "Hijacked", "action-draft": "1"})
    assert fresh(page).revisions.count() == revisions
    # The Medical Director, who may edit pages, still reviews in the editor.
    assert team["director"].get(edit_url).status_code == 200


# 2. The site-wide text, approved through the same review ----------------------


def test_the_medical_director_approves_a_crisis_line_change_as_shown(team, site):
    """Marketing's change of the crisis lines waits on the desk; the approve
    dialog shows what changed against what is live; an approval is of what
    was shown (a later draft refuses it) and publishes it to every page."""
    marketing, director = team["marketing"], team["director"]
    site_text = SiteTextSettings.for_site(site)
    edit_url = reverse(
        SiteTextSettings.snippet_viewset.get_url_name("edit"), args=[site_text.pk]
    )
    warmline = local_line("Orange County warmline", "(949) 555-0177")
    lines = [("national", "988"), ("national", "911"), warmline]
    form = site_text_form(site_text, crisis_lines=lines)
    assert marketing.post(edit_url, {**form, "action-submit": "1"}).status_code == 302

    desk = BeautifulSoup(
        director.get(reverse("clinical_review_desk")).content, "html.parser"
    )
    row = desk.select_one(".clinical-desk[data-group='site-text'] tbody tr")
    differences = director.get(row.select_one("td a[href*='changes']")["href"])
    assert (
        "Orange County warmline"
        in BeautifulSoup(differences.content, "html.parser")
        .select_one(".review-differences__part--changed ins")
        .get_text()
    )

    # Marketing saves another draft after the dialog opened: refused.
    task_state = SiteTextSettings.objects.get(
        pk=site_text.pk
    ).current_workflow_task_state
    url = reverse(
        SiteTextSettings.snippet_viewset.get_url_name("workflow_action"),
        args=[site_text.pk, "approve", task_state.pk],
    )
    dialog = director.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()["html"]
    shown = {
        name: BeautifulSoup(dialog, "html.parser").select_one(f"[name={name}]")["value"]
        for name in ("revision", "fingerprint")
    }
    marketing.post(edit_url, site_text_form(site_text, crisis_lines=lines[:2]))
    response = director.post(url, shown, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert CHANGED_WHILE_REVIEWING in response.json()["html"]
    live = SiteTextSettings.objects.get(pk=site_text.pk)
    assert [line.key for line in live.lines] == ["988", "911", "samhsa"]

    # The editor, read again, approves what it shows: every page has it.
    marketing.post(edit_url, site_text_form(site_text, crisis_lines=lines))
    editor = BeautifulSoup(director.get(edit_url).content, "html.parser")
    loaded = {
        name: editor.select_one(f"input[name='{name}']")["value"]
        for name in ("loaded_revision_id", "loaded_revision_created_at")
        + (SHOWN_REVISION, SHOWN_FINGERPRINT)
    }
    response = director.post(
        edit_url,
        {
            **site_text_form(
                SiteTextSettings.objects.get(
                    pk=site_text.pk
                ).get_latest_revision_as_object()
            ),
            **loaded,
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": "{}",
        },
    )
    assert "it now shows on every page" in messages_of(response, director)
    assert [line.name for line in SiteTextSettings.for_site(site).lines][-1] == (
        "Orange County warmline"
    )
    home = BeautifulSoup(Client().get("/").content, "html.parser")
    assert home.select_one("footer a[href='tel:+19495550177']")
