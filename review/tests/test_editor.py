"""Where a page stands, shown where staff work: the review status at the top
of a clinical page's editor, a review badge in page listings and the page
chooser, a listing filtered by it, and only the clinical review workflow,
offered only for clinical pages."""

import datetime
from importlib import import_module

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from faq.models import FAQ
from pages.models import ArticlePage, StandardPage
from pages.tests.factories import StandardPageFactory
from review.tests.admin import approve_in_editor, edit, fresh, open_editor

pytestmark = pytest.mark.django_db

CLEAN_UP = import_module("review.migrations.0002_only_the_clinical_review_workflow")
GENERIC_WORDS = ("moderation", "rejected", "Locked by workflow", "locked by workflow")


def editor(user, page):
    response = user.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def review_status(soup):
    status = soup.select_one("[data-review-state]")
    return status["data-review-state"], status.get_text(" ", strip=True)


def page_text(soup):
    return soup.get_text(" ", strip=True)


def test_the_editor_shows_each_state_in_the_practices_words(staff, article):
    marketing, director = staff["marketing"], staff["director"]

    state, text = review_status(editor(marketing, article))
    assert state == "pending"
    assert "Not yet submitted for clinical review" in text

    edit(marketing, article, "submit")
    soup = editor(marketing, article)
    state, text = review_status(soup)
    assert state == "waiting"
    assert "Waiting for the Medical Director since" in text
    assert "(submitted by Mia Marketer)" in text
    # Marketing keeps editing: no lock, and none of Wagtail's generic words.
    for word in GENERIC_WORDS:
        assert word not in page_text(soup), word

    page = fresh(article)
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(
        task_state, director.user, "reject", comment="Cite the hours per week."
    )
    state, text = review_status(editor(marketing, article))
    assert state == "changes_requested"
    assert "Changes requested by Robin Lee" in text
    assert "Cite the hours per week." in text

    # Resubmitted: the comment is gone, the page waits again.
    edit(marketing, article, "submit")
    state, text = review_status(editor(marketing, article))
    assert state == "waiting" and "Cite the hours" not in text

    loaded = open_editor(director, article)
    assert approve_in_editor(director, article, loaded).status_code == 302
    state, text = review_status(editor(marketing, article))
    assert state == "reviewed"
    today = timezone.localdate()
    assert f"Reviewed by Robin Lee, MD, Medical Director on {today:%B} " in text
    assert "next review due" in text

    # A draft that changes the clinical content says what publishing does.
    edit(marketing, article, summary="A PHP is a full weekday of treatment.")
    text = page_text(editor(marketing, article))
    assert "This draft changes the page's clinical content" in text

    # Past its interval, the review has expired.
    ArticlePage.objects.filter(pk=article.pk).update(
        review_due_at=timezone.now() - datetime.timedelta(days=1)
    )
    state, text = review_status(editor(marketing, article))
    assert state == "expired" and "Review expired on" in text


def test_only_the_clinical_review_workflow_exists(db):
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Clinical review"]
    assert not WorkflowPage.objects.exists()
    assert list(Task.objects.values_list("name", flat=True)) == [
        "Medical Director approval"
    ]


def test_the_clean_up_cancels_and_removes_other_workflows(staff, home_page):
    """What the data migration does to a site that still has Wagtail's
    default workflow, with a page waiting (and locked) in it."""
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([Group.objects.create(name="Moderators")])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=home_page)
    unused = Workflow.objects.create(name="Unused")
    page = StandardPageFactory(parent=home_page, slug="about")
    page.save_revision()
    state = workflow.start(page, staff["marketing"].user)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    CLEAN_UP.keep_only_clinical_review(apps, None)

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert not TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).exists()
    assert not WorkflowPage.objects.exists()
    workflow.refresh_from_db()
    assert not workflow.active  # kept, inactive, for its history
    assert not Workflow.objects.filter(pk=unused.pk).exists()
    assert set(Workflow.objects.filter(active=True).values_list("name", flat=True)) == {
        "Clinical review"
    }
    page = Page.objects.get(pk=page.pk).specific
    assert page.get_lock() is None and page.get_workflow() is None


def test_non_clinical_pages_publish_directly(staff, home_page):
    marketing = staff["marketing"]
    page = StandardPageFactory(parent=home_page, slug="about", title="About us")
    page.save_revision().publish()
    soup = editor(marketing, page)
    assert not soup.select('[name="action-submit"]')
    assert "Submit to" not in page_text(soup)
    response = marketing.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            "title": "About our practice",
            "slug": "about",
            "summary": "",
            "body-count": "0",
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    assert StandardPage.objects.get(pk=page.pk).title == "About our practice"


def test_clinical_pages_offer_clinical_review(staff, article):
    soup = editor(staff["marketing"], article)
    submit = soup.select_one('[name="action-submit"]')
    assert submit is not None
    assert "Clinical review" in submit.get_text(" ", strip=True)


def test_listings_show_and_filter_by_review_status(staff, article):
    marketing, director = staff["marketing"], staff["director"]
    explorer = marketing.get(
        reverse("wagtailadmin_explore", args=[article.get_parent().pk])
    )
    rows = BeautifulSoup(explorer.content, "html.parser").select("tbody tr")
    [row] = [row for row in rows if article.title in row.get_text(" ")]
    assert "awaiting clinical review" in row.get_text(" ")

    edit(marketing, article, "submit")
    loaded = open_editor(director, article)
    approve_in_editor(director, article, loaded)
    listing = reverse("clinical_pages:index")

    def titles(status):
        response = marketing.get(f"{listing}?review_status={status}")
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        return [cell.get_text(" ", strip=True) for cell in soup.select("td.title")]

    assert article.title in " ".join(titles("reviewed"))
    assert article.title not in " ".join(titles("pending"))
    response = marketing.get(listing)
    assert "clinically reviewed" in response.content.decode()


def test_the_page_chooser_shows_the_review_badge(staff, article):
    response = staff["marketing"].get(
        reverse("wagtailadmin_choose_page_child", args=[article.get_parent().pk])
    )
    assert "awaiting clinical review" in response.json()["html"]


def test_the_dashboard_shows_one_review_panel(staff):
    soup = BeautifulSoup(staff["director"].get("/admin/").content, "html.parser")
    text = page_text(soup)
    assert "Awaiting clinical review" in text
    assert "Awaiting your review" not in text  # Wagtail's duplicate is gone


def test_editors_of_clinical_pages_and_questions_show_the_reading_level(staff, article):
    director = staff["director"]
    text = page_text(editor(director, article))  # the review screen, too
    assert "Reading level" in text
    assert "Aim for grade 6 to 8" in text
    assert "never blocks publishing" in text

    faq = FAQ.objects.create(
        question="How many hours a week is an IOP?",
        answer="<p>About nine hours a week, usually three evenings.</p>",
    )
    url = reverse(faq.snippet_viewset.get_url_name("edit"), args=[faq.pk])
    text = page_text(BeautifulSoup(director.get(url).content, "html.parser"))
    assert "Reading level" in text and "Aim for grade 6 to 8" in text
