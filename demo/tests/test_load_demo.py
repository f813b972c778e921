"""`load_demo`: idempotent, faithful to the practice facts, never in production."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page, PageLogEntry, Revision

from admissions.models import AdmissionsSettings, Enquiry
from pages.models import (
    ArticlePage,
    ProgramPage,
    SiteSettings,
    SiteTextSettings,
    StandardPage,
    TeamPage,
)
from review.models import ClinicalReviewSettings


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    settings = SiteSettings.objects.values().get()
    site_text = SiteTextSettings.objects.values().get()
    return {
        "site_text": site_text,
        "pages": list(Page.objects.values_list("pk", "title", "live", "path")),
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "settings": settings,
        "users": list(get_user_model().objects.values_list("username", "password")),
    }


@pytest.mark.django_db
def test_second_run_changes_nothing():
    load_demo()
    first = snapshot()
    load_demo()
    assert snapshot() == first


@pytest.mark.django_db
def test_settings_and_pages_follow_the_practice_facts(site):
    load_demo()
    settings = SiteSettings.for_site(site)
    assert settings.practice_name == "Manifest Behavioral Health"
    assert settings.phone == "(949) 735-5705"
    assert (settings.city, settings.region) == ("Laguna Hills", "CA")
    site_text = SiteTextSettings.for_site(site)
    assert [line.key for line in site_text.lines] == ["988", "911", "samhsa"]
    assert site_text.availability_note.startswith("Call admissions")
    assert site_text.contact_label == "Contact admissions"
    assert site_text.live and not site_text.has_unpublished_changes
    assert ClinicalReviewSettings.for_site(site).interval_months == 12
    assert settings.privacy_page.specific.title == "Privacy notice"
    assert settings.enquiry_page.specific.title == "Contact admissions"
    home = site.root_page.specific
    assert home.live and home.hero_heading
    assert set(StandardPage.objects.live().values_list("slug", flat=True)) == {
        "about",
        "privacy",
        "getting-started",
    }


@pytest.mark.django_db
def test_staff_edits_survive_a_rerun(site, home_page):
    load_demo()
    settings = SiteSettings.for_site(site)
    settings.phone = "(949) 555-0100"
    settings.save()
    home_page.refresh_from_db()
    home_page.hero_heading = "Edited by marketing"
    home_page.save_revision().publish()

    assert "already has content" in load_demo("--if-empty")
    load_demo()
    home_page.refresh_from_db()
    assert home_page.hero_heading == "Edited by marketing"
    assert SiteSettings.for_site(site).phone == "(949) 555-0100"


@pytest.mark.django_db
def test_demo_users_get_their_roles_and_the_demo_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "correct-horse-battery")
    output = load_demo()
    assert "correct-horse-battery" not in output
    User = get_user_model()
    marketing = User.objects.get(username="marketing")
    director = User.objects.get(username="medical.director")
    assert list(marketing.groups.values_list("name", flat=True)) == ["Marketing"]
    assert list(director.groups.values_list("name", flat=True)) == ["Medical Director"]
    assert marketing.check_password("correct-horse-battery")
    assert not marketing.is_superuser and not director.is_superuser


@pytest.mark.django_db
def test_generated_passwords_are_printed_once(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = load_demo()
    user = get_user_model().objects.get(username="marketing")
    line = next(line for line in output.splitlines() if "'marketing'" in line)
    assert user.check_password(line.rsplit("password: ", 1)[1])
    assert "password" not in load_demo()


@pytest.mark.django_db
@override_settings(DEMO_CONTENT_ALLOWED=False, DEMO_USERS_ALLOWED=False)
def test_production_refuses_unless_forced_and_never_creates_users():
    with pytest.raises(CommandError, match="production"):
        load_demo()
    assert not StandardPage.objects.exists()
    load_demo("--force")
    assert StandardPage.objects.exists()
    assert not get_user_model().objects.exists()


def test_every_call_to_action_leads_to_the_enquiry_form(client, demo):
    enquiry = SiteSettings.objects.get().enquiry_page
    paths = ["/", "/levels-of-care/", "/team/"]
    paths += [page.url for page in ArticlePage.objects.live()]
    paths += [page.url for page in ProgramPage.objects.live()]
    assert TeamPage.objects.live().exists()
    for path in paths:
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        actions = soup.select(".cta, .hero__actions")
        assert actions, path
        for action in actions:
            links = [a["href"] for a in action.select("a[href]")]
            assert enquiry.url in links, (path, links)


def test_the_privacy_notice_says_what_the_form_collects(client, demo, site):
    text = BeautifulSoup(client.get("/privacy/").content, "html.parser").get_text()
    # Every field the form asks for is named, and the retention period matches
    # the setting the deletion job uses.
    for label in ("name", "phone", "email", "voicemail", "insurance carrier"):
        assert label in text, label
    assert "member ID" in text and "date of birth" in text
    days = AdmissionsSettings.for_site(site).enquiry_retention_days
    assert f"{days} days" in text
    assert "No analytics" in text
    stored = {
        field.name
        for field in Enquiry._meta.get_fields()
        if getattr(field, "editable", False)
        and field.concrete
        and not field.primary_key
    }
    assert stored == {
        "name",
        "phone",
        "email",
        "voicemail_ok",
        "insurance_carrier",
        "member_id",
        "date_of_birth",
        "message",
        "kept",
    }
