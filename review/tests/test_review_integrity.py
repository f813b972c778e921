"""Clinical review that cannot be fooled, tried as an attacker with a
Marketing login would, through the admin's own views: the real forms, with
Django's CSRF check on.

1. Approval of content the reviewer never saw: a revision under review, or
   approved, never changes; an approval is of what the reviewer was shown,
   and is refused when the page changed while they were reviewing it.
2. Claims outside the clinical fields: the byline, call-to-action wording,
   SEO title and search description are clinical.
3. The reviewer's identity: a review shows the name it was given, and only
   the Medical Director group and administrators edit a clinician's name,
   credentials or role.
"""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Revision

from pages.models import ArticleIndexPage, Clinician, ReviewStatus
from review.recording import CHANGED_WHILE_REVIEWING
from review.rules import clinical_fingerprint
from review.tests.admin import (
    approve_dialog,
    approve_in_editor,
    clinician_form,
    edit,
    fresh,
    messages_of,
    open_editor,
    public_notice,
)

pytestmark = pytest.mark.django_db


# 1. Approval of content the reviewer never saw ------------------------------


def test_a_submitted_revision_cannot_be_overwritten(staff, article):
    marketing = staff["marketing"]
    edit(marketing, article, "submit")
    submitted = fresh(article).current_workflow_task_state.revision
    before = submitted.content

    # The editor's autosave trick: overwrite the submitted revision.
    response = edit(
        marketing,
        article,
        summary="Cures everything in ten days.",
        overwrite_revision_id=submitted.pk,
    )
    assert response.status_code in (200, 302)
    submitted.refresh_from_db()
    assert submitted.content == before
    latest = fresh(article).get_latest_revision()
    assert latest.pk != submitted.pk
    assert latest.as_object().summary == "Cures everything in ten days."


def test_the_approved_revision_cannot_be_overwritten_after_approval(staff, article):
    marketing, director = staff["marketing"], staff["director"]
    edit(marketing, article, "submit")
    loaded = open_editor(director, article)
    assert approve_in_editor(director, article, loaded).status_code == 302
    page = fresh(article)
    assert page.review_status == ReviewStatus.REVIEWED
    approved = page.reviewed_revision
    before = approved.content

    edit(marketing, page, summary="Guaranteed cure.", overwrite_revision_id=approved.pk)
    approved.refresh_from_db()
    assert approved.content == before
    # "Compare the approved revision with the live one" still shows what was
    # approved, and the live page is still what was approved.
    assert fresh(page).reviewed_revision.as_object().summary == page.summary
    assert fresh(page).review_status == ReviewStatus.REVIEWED


def test_an_approval_is_of_what_the_editor_showed(staff, article):
    marketing, director = staff["marketing"], staff["director"]
    edit(marketing, article, "submit")
    # Marketing edits after submitting: a new revision (the submitted one is
    # protected). The Medical Director's editor shows that one.
    edit(marketing, article, summary="A PHP is a full weekday of treatment.")
    shown = fresh(article).get_latest_revision()
    loaded = open_editor(director, article)
    assert loaded["loaded_revision_id"] == str(shown.pk)

    response = approve_in_editor(director, article, loaded, comment="Accurate.")
    assert response.status_code == 302
    page = fresh(article)
    # What was approved is what was shown (the editor posts the form it
    # showed; saved again, it is the same content), and it went live.
    approved = page.reviewed_revision
    assert approved.pk >= shown.pk
    assert clinical_fingerprint(approved.as_object()) == clinical_fingerprint(
        shown.as_object()
    )
    assert page.live_revision_id == approved.pk
    assert page.review_status == ReviewStatus.REVIEWED
    notice, _ = public_notice(page)
    assert notice.startswith("Medically reviewed by Robin Lee, MD")
    assert "full weekday" in Client().get(page.url).content.decode()


def test_an_edit_while_the_reviewer_reads_refuses_the_approval(staff, article):
    marketing, director = staff["marketing"], staff["director"]
    edit(marketing, article, "submit")
    loaded = open_editor(director, article)
    # While the Medical Director reads, marketing changes the summary.
    edit(marketing, article, summary="Cures everything in ten days.")

    response = approve_in_editor(director, article, loaded)
    page = fresh(article)
    assert page.review_status == ReviewStatus.PENDING and page.reviewed_at is None
    assert page.workflow_in_progress
    if isinstance(response, dict):  # refused in the dialog
        assert CHANGED_WHILE_REVIEWING in response["html"]
    else:  # refused by the editor
        assert CHANGED_WHILE_REVIEWING in messages_of(response, director)
    assert "Cures everything" not in Client().get(page.url).content.decode()


def test_an_edit_after_the_dialog_opened_refuses_the_approval(staff, article):
    """The dashboard's approve dialog (no editor): it names the version it
    shows; a change before the reviewer confirms refuses the approval."""
    marketing, director = staff["marketing"], staff["director"]
    edit(marketing, article, "submit")
    url, shown = approve_dialog(director, article, url_name="workflow_action")
    edit(marketing, article, summary="Cures everything in ten days.")
    response = director.post(
        url, {**shown, "comment": ""}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert CHANGED_WHILE_REVIEWING in response.json()["html"]
    page = fresh(article)
    assert page.reviewed_at is None and page.workflow_in_progress
    # A tampered dialog (another revision, or no fingerprint) is refused too.
    latest = fresh(article).get_latest_revision()
    for forged in ({**shown, "revision": latest.pk}, {"revision": latest.pk}):
        response = director.post(url, forged, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        assert CHANGED_WHILE_REVIEWING in response.json()["html"]
    assert fresh(article).reviewed_at is None


def test_another_group_added_to_the_task_cannot_approve(staff, article):
    """Only the Medical Director group approves, whatever groups the task
    names: a Marketing group added to the task in the admin changes nothing."""
    marketing = staff["marketing"]
    edit(marketing, article, "submit")
    task = fresh(article).current_workflow_task.specific
    task.groups.add(Group.objects.get(name="Marketing"))
    page = fresh(article)
    assert task.get_actions(page, marketing.user) == []
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", page.current_workflow_task_state.pk],
    )
    response = marketing.post(url, {"comment": ""})
    assert response.status_code in (302, 403)
    assert fresh(article).reviewed_at is None


# 2. Claims outside the clinical fields --------------------------------------


@pytest.mark.parametrize(
    "claim",
    [
        {"closing_link_text": "Get cured in 10 days"},
        {"search_description": "Guaranteed cure"},
        {"seo_title": "Guaranteed cure for addiction"},
        {"hero_caption": "Our patients recover in ten days."},
        {"author": "famous"},
    ],
)
def test_claims_anywhere_visitors_or_search_engines_read_need_a_review(
    staff, reviewed, claim
):
    marketing = staff["marketing"]
    if claim.get("author") == "famous":
        famous = Clinician.objects.create(
            name="Dr. Famous", credentials="Harvard Medical School", role="Expert"
        )
        claim = {"author": famous.pk}
    if "closing_link_text" in claim:
        claim["closing_link_page"] = ArticleIndexPage.objects.get().pk

    # Publishing asks first, in plain words, and publishes nothing yet.
    response = edit(marketing, reviewed, "publish", **claim)
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "awaiting clinical review" in text
    assert "Submit it for clinical review" in text
    assert fresh(reviewed).review_status == ReviewStatus.REVIEWED
    assert fresh(reviewed).live_revision_id == reviewed.live_revision_id

    # Publishing anyway: the live page says it waits for review.
    page = fresh(reviewed)
    revision = page.get_latest_revision()
    response = marketing.post(
        reverse("review_publish_clinical_change", args=[page.pk, revision.pk]), {}
    )
    assert response.status_code == 302
    page = fresh(page)
    assert page.live_revision_id == revision.pk
    assert page.review_status == ReviewStatus.PENDING
    notice, soup = public_notice(page)
    assert "awaiting clinical review" in notice


def test_the_byline_is_chosen_not_typed(staff, reviewed):
    response = edit(
        staff["marketing"],
        reviewed,
        "publish",
        editorial_owner="Dr. Famous, Harvard Medical School",
    )
    assert response.status_code == 302  # nothing clinical changed: published
    page = fresh(reviewed)
    assert page.review_status == ReviewStatus.REVIEWED
    footer = public_notice(page)[1].select_one(".article__footer").get_text()
    assert "Dr. Famous" not in footer
    assert "Written by the Manifest Behavioral Health editorial team" in footer


def test_submitting_instead_keeps_the_live_page_reviewed(staff, reviewed):
    marketing = staff["marketing"]
    edit(marketing, reviewed, "publish", search_description="Guaranteed cure")
    response = marketing.post(
        reverse("review_submit_clinical_change", args=[reviewed.pk]), {}
    )
    assert response.status_code == 302
    page = fresh(reviewed)
    assert page.workflow_in_progress
    assert page.review_status == ReviewStatus.REVIEWED
    assert page.search_description == ""  # the change waits as a draft


@pytest.mark.parametrize(
    "detail",
    [{"slug": "php-explained"}, {"hero_alt_text": "A room with chairs."}],
)
def test_practical_details_publish_without_a_new_review(staff, reviewed, detail):
    response = edit(staff["marketing"], reviewed, "publish", **detail)
    assert response.status_code == 302
    assert fresh(reviewed).review_status == ReviewStatus.REVIEWED


# 3. The reviewer's identity -------------------------------------------------


def test_marketing_cannot_rename_the_medical_director(staff, reviewed):
    marketing = staff["marketing"]
    profile = Clinician.objects.get(name="Robin Lee")
    url = reverse(profile.snippet_viewset.get_url_name("edit"), args=[profile.pk])
    response = marketing.post(
        url,
        clinician_form(
            profile,
            name="Dr. Evil",
            credentials="MD, PhD",
            role="Chief Medical Officer",
            bio="Now with a longer biography.",
        ),
    )
    assert response.status_code in (200, 302)
    profile.refresh_from_db()
    assert (profile.name, profile.credentials, profile.role) == (
        "Robin Lee",
        "MD",
        "Medical Director",
    )
    assert profile.bio == "Now with a longer biography."  # the rest is theirs
    notice, soup = public_notice(reviewed)
    assert "Dr. Evil" not in soup.get_text()


def test_a_review_shows_the_reviewer_as_they_were_at_approval(staff, reviewed):
    # An administrator's later edit of the profile (a new title, say) does
    # not rewrite what past reviews say.
    Clinician.objects.filter(name="Robin Lee").update(
        name="Robin Lee-Park", role="Chief Medical Officer"
    )
    notice, soup = public_notice(reviewed)
    assert "Medically reviewed by Robin Lee, MD" in notice
    assert "Chief Medical Officer" not in notice
    graph = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    node = next(n for n in graph["@graph"] if n["@type"] == "MedicalWebPage")
    assert node["reviewedBy"]["name"] == "Robin Lee, MD"
    assert node["reviewedBy"]["jobTitle"] == "Medical Director"


def test_the_medical_director_edits_their_own_profile(staff):
    director = staff["director"]
    profile = Clinician.objects.get(name="Robin Lee")
    url = reverse(profile.snippet_viewset.get_url_name("edit"), args=[profile.pk])
    response = director.post(url, clinician_form(profile, credentials="MD, FASAM"))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.credentials == "MD, FASAM"


def test_the_profile_links_only_clinical_accounts(staff):
    profile = Clinician.objects.get(name="Robin Lee")
    url = reverse(profile.snippet_viewset.get_url_name("edit"), args=[profile.pk])
    soup = BeautifulSoup(staff["director"].get(url).content, "html.parser")
    choices = {
        option.get_text(strip=True)
        for option in soup.select('select[name="user"] option')
        if option.get("value")
    }
    # The Medical Director group's accounts (Robin Lee's):
    # not marketing's, not admissions'.
    assert choices == {"dr.lee"}
    assert staff["marketing"].user.username not in choices


def test_revisions_of_other_pages_are_unaffected(staff, article):
    """Protection is for revisions under review or approved only: an editor
    still overwrites their own draft revision of a page nobody reviews."""
    marketing = staff["marketing"]
    edit(marketing, article, summary="Draft one.")
    draft = fresh(article).get_latest_revision()
    edit(marketing, article, summary="Draft two.", overwrite_revision_id=draft.pk)
    assert Revision.objects.get(pk=draft.pk).as_object().summary == "Draft two."
