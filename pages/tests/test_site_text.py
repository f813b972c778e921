"""Crisis lines and notices: Marketing's changes wait, as drafts, until the
Medical Director approves or publishes them; meanwhile every page keeps the
approved text. Through the admin's real forms, with CSRF checks on."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import WorkflowState

from caching.tests.visits import ARTICLE, state
from pages.models import ArticlePage, ReviewStatus, SiteTextSettings
from pages.models.clinical import CLINICAL_REVIEW_WORKFLOW
from pages.tests.factories import local_line, site_text_form

pytestmark = pytest.mark.django_db

WARMLINE = local_line("Orange County warmline", "(949) 555-0177", "Evenings.")
CHANGES = {
    "crisis_lines": [("national", "988"), ("national", "911"), WARMLINE],
    "availability_note": "Admissions answers until 9 pm, every day.",
    "contact_label": "Ask admissions",
    "pending_review_note": "Our Medical Director has yet to review this page.",
}
APPROVED_NOTE = "awaiting clinical review by our Medical Director"


def url(name, site_text):
    return reverse(
        SiteTextSettings.snippet_viewset.get_url_name(name), args=[site_text.pk]
    )


def live(site):
    return SiteTextSettings.objects.get(site=site)


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def public(client, path):
    """What a visitor reads on the page: (the whole text, the page)."""
    soup = soup_of(client.get(path))
    return soup.get_text(" ", strip=True), soup


def shows_changes(client, path):
    """Which of CHANGES the public page shows."""
    text, soup = public(client, path)
    shown = set()
    if "(949) 555-0177" in text:
        shown.add("crisis_lines")
    if CHANGES["availability_note"] in text:
        shown.add("availability_note")
    if soup.find("a", string="Ask admissions"):
        shown.add("contact_label")
    if CHANGES["pending_review_note"] in text:
        shown.add("pending_review_note")
    return shown


def editor_status(user, site_text):
    """What the top of the editor says: (state, words)."""
    soup = soup_of(user.get(url("edit", site_text)))
    status = soup.select_one("[data-site-text-status]")
    return status["data-site-text-status"], status.get_text(" ", strip=True)


def actions_offered(user, site_text):
    soup = soup_of(user.get(url("edit", site_text)))
    return {button["name"] for button in soup.select("button[name^=action-]")}


@pytest.fixture
def pages(client, demo):
    """The home page and a pending article, in the page cache."""
    assert ArticlePage.objects.get(slug="what-is-an-iop").review_status == (
        ReviewStatus.PENDING
    )
    for path in ("/", ARTICLE):
        client.get(path)
        assert state(client, path) == "hit", path
    return client


def test_marketing_drafts_wait_for_the_medical_director(pages, site, staff_users):
    marketing, director = staff_users["marketing"], staff_users["director"]
    site_text = live(site)
    approved = site_text.latest_revision_id

    # Marketing may save and submit, never publish.
    assert "action-publish" not in actions_offered(marketing, site_text)
    assert "action-submit" in actions_offered(marketing, site_text)
    response = marketing.post(
        url("edit", site_text), site_text_form(site_text, **CHANGES)
    )
    assert response.status_code == 302
    draft = live(site)
    assert draft.has_unpublished_changes
    assert draft.latest_revision_id != approved
    assert draft.latest_revision.user == marketing.user
    state, words = editor_status(marketing, site_text)
    assert state == "draft" and "no page shows it yet" in words
    history = soup_of(marketing.get(url("history", site_text))).get_text(" ")
    assert "Mia Marketer" in history
    for path in ("/", ARTICLE):
        assert shows_changes(pages, path) == set(), path
    assert APPROVED_NOTE in public(pages, ARTICLE)[0]

    # A publish button made up by hand saves a draft, and nothing goes live.
    form = site_text_form(draft.get_latest_revision_as_object())
    form["action-publish"] = "publish"
    assert marketing.post(url("edit", site_text), form).status_code == 302
    assert live(site).live_revision_id == site_text.live_revision_id
    assert not log_registry.get_logs_for_instance(site_text).filter(
        action="wagtail.publish", user=marketing.user
    )
    assert shows_changes(pages, "/") == set()

    # The Medical Director publishes what Marketing drafted: every page.
    assert "action-publish" in actions_offered(director, site_text)
    assert director.post(url("edit", site_text), form).status_code == 302
    published = live(site)
    assert published.contact_label == "Ask admissions"
    assert not published.has_unpublished_changes
    assert editor_status(marketing, site_text)[0] == "live"
    assert shows_changes(pages, "/") == {
        "crisis_lines",
        "availability_note",
        "contact_label",
    }
    assert shows_changes(pages, ARTICLE) == set(CHANGES)
    assert (
        "Editor's note: " + CHANGES["pending_review_note"] in public(pages, ARTICLE)[0]
    )


def test_a_submitted_draft_waits_in_clinical_review(client, site, staff_users):
    marketing = staff_users["marketing"]
    site_text = live(site)
    form = site_text_form(site_text, **CHANGES)
    form["action-submit"] = "submit"
    assert marketing.post(url("edit", site_text), form).status_code == 302

    [waiting] = WorkflowState.objects.for_instance(site_text)
    assert waiting.status == WorkflowState.STATUS_IN_PROGRESS
    assert waiting.workflow.name == CLINICAL_REVIEW_WORKFLOW
    assert waiting.current_task_state.revision == live(site).latest_revision
    state, words = editor_status(marketing, site_text)
    assert state == "waiting"
    assert "Waiting for the Medical Director since" in words
    assert "(submitted by Mia Marketer)" in words
    # The Medical Director's editor opens on it, and may publish it.
    director = staff_users["director"]
    assert editor_status(director, site_text)[0] == "waiting"
    assert "action-publish" in actions_offered(director, site_text)
    assert live(site).contact_label == "Contact admissions"
    assert live(site).availability_note == ""
    assert shows_changes(client, "/") == set()


def test_the_preview_shows_the_draft_on_a_clinical_article(
    client, demo, site, staff_users
):
    marketing = staff_users["marketing"]
    site_text = live(site)
    preview = url("preview_on_edit", site_text)
    response = marketing.post(preview, site_text_form(site_text, **CHANGES))
    assert response.json()["is_valid"]

    text, soup = public(marketing.client, preview + "?mode=article")
    article = ArticlePage.objects.live().order_by("path").first()
    assert soup.h1.get_text(strip=True) == article.title
    footer = soup.select_one("footer .crisis-lines")
    assert footer.select_one("a[href='tel:+19495550177']")
    assert "Ask admissions" in text

    text, soup = public(marketing.client, preview + "?mode=pending")
    notice = soup.select_one(".review-notice--pending").get_text(" ", strip=True)
    assert notice == "Editor's note: " + CHANGES["pending_review_note"]
    assert soup.h1.get_text(strip=True) == article.title
    # Nobody else sees it.
    assert shows_changes(client, article.url) == set()


def test_without_an_article_the_preview_shows_the_text_alone(
    site, staff_users, html_validator
):
    marketing = staff_users["marketing"]
    site_text = live(site)
    preview = url("preview_on_edit", site_text)
    marketing.post(preview, site_text_form(site_text, **CHANGES))
    response = marketing.get(preview + "?mode=pending")
    soup = soup_of(response)
    text = soup.get_text(" ", strip=True)
    assert soup.h1.get_text(strip=True) == "Crisis lines and notices"
    assert soup.select_one("main .crisis-lines a[href='tel:+19495550177']")
    assert soup.select_one("main a.button").get_text(strip=True) == "Ask admissions"
    assert "Editor's note: " + CHANGES["pending_review_note"] in text
    assert html_validator({"preview": response.content.decode()}) == []


def test_one_per_site_and_always_live(admin_client, site, staff_users):
    site_text = live(site)
    namespace = SiteTextSettings.snippet_viewset
    # Superusers included: no adding, deleting or unpublishing.
    for response in (
        admin_client.get(reverse(namespace.get_url_name("add"))),
        admin_client.get(url("delete", site_text)),
        admin_client.get(url("unpublish", site_text)),
        admin_client.post(url("delete", site_text)),
    ):
        assert response.status_code in (302, 403)
    assert SiteTextSettings.objects.filter(site=site, live=True).exists()
    soup = soup_of(admin_client.get(url("edit", site_text)))
    assert not soup.select("a[href$='/unpublish/'], a[href*='/delete/']")


def test_settings_menu_opens_the_sites_crisis_lines(site, staff_users):
    site_text = live(site)
    for role in ("marketing", "director"):
        user = staff_users[role]
        menu = user.get(reverse("wagtailadmin_home")).content.decode()
        assert "Crisis lines and notices" in menu, role
        response = user.get(reverse("site_text_edit"))
        assert response.status_code == 302
        assert response["Location"] == url("edit", site_text)
        soup = soup_of(user.get(response["Location"]))
        assert "go live only when the Medical Director approves them" in (
            soup.get_text(" ")
        )
    admissions = staff_users["admissions"]
    assert "Crisis lines and notices" not in (
        admissions.get(reverse("wagtailadmin_home")).content.decode()
    )
    assert admissions.get(reverse("site_text_edit")).status_code in (302, 403)
    assert admissions.get(url("edit", site_text)).status_code in (302, 403)
