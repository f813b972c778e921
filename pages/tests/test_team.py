"""The team page, and the review notice's link to the reviewer's profile."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from accounts.tests.sign_in import second_factor_off, sign_in
from caching.models import ContentVersion
from pages.models import (
    ArticlePage,
    Clinician,
    HomePage,
    TeamMember,
    TeamPage,
)
from pages.tests.factories import ImageFactory
from review.recording import record_approval


def parse(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


class TeamEditorTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(depth=2)
        cls.first = Clinician.objects.create(
            name="Ana Ruiz", credentials="LMFT", role="Therapist"
        )
        cls.second = Clinician.objects.create(
            name="Ben Cole", credentials="MD", role="Medical Director"
        )

    def setUp(self):
        sign_in(self.client, self.create_test_user())

    def test_one_team_page_under_home(self):
        self.assertAllowedParentPageTypes(TeamPage, {HomePage})
        self.assertCanCreateAt(HomePage, TeamPage)

    @second_factor_off()  # Wagtail's helpers sign in a superuser of their own
    def test_editor_builds_the_team_in_their_own_order(self):
        self.assertCanCreate(
            self.home,
            TeamPage,
            nested_form_data(
                {
                    "title": "Our team",
                    "slug": "team",
                    "intro": rich_text("<p>Who we are.</p>"),
                    "members": inline_formset(
                        [
                            {"clinician": self.second.pk},
                            {"clinician": self.first.pk},
                        ]
                    ),
                }
            ),
        )
        page = TeamPage.objects.get(slug="team")
        assert page.clinicians() == [self.second, self.first]
        self.assertPageIsPreviewable(
            page,
            post_data=nested_form_data(
                {
                    "title": "Our team",
                    "slug": "team",
                    "intro": rich_text("<p>Who we are.</p>"),
                    "members": inline_formset([{"clinician": self.first.pk}]),
                }
            ),
        )


@pytest.mark.django_db
def test_clinician_slugs_are_unique_and_from_the_name():
    first = Clinician.objects.create(name="Jane Doe", role="Therapist")
    second = Clinician.objects.create(name="Jane Doe", role="Nurse")
    chosen = Clinician.objects.create(name="Sam Lee", role="Therapist", slug="sam")
    assert (first.slug, second.slug, chosen.slug) == ("jane-doe", "jane-doe-2", "sam")


@pytest.fixture
def team(home_page):
    photo = ImageFactory(title="Portrait")
    clinicians = [
        Clinician.objects.create(
            name="Ana Ruiz",
            credentials="LMFT",
            role="Therapist",
            bio="Leads the evening groups.\n\nAlso works with families.",
            photo=photo,
        ),
        Clinician.objects.create(name="Ben Cole", credentials="MD", role="Director"),
    ]
    page = TeamPage(title="Our team", slug="team")
    page.members = [TeamMember(clinician=c) for c in clinicians]
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page, clinicians


def test_the_team_page_shows_each_profile(client, team):
    page, (ana, ben) = team
    soup = parse(client.get("/team/"))
    members = soup.select(".team__member")
    assert [m["id"] for m in members] == [ana.slug, ben.slug]
    assert [m.h2.get_text(strip=True) for m in members] == [
        "Ana Ruiz, LMFT",
        "Ben Cole, MD",
    ]
    assert members[0].select_one(".team__role").get_text() == "Therapist"
    assert len(members[0].select(".team__text p")) == 3  # role + two paragraphs
    photo = members[0].img
    assert photo["alt"] == ""  # the name is the heading beside it
    assert "fill-320x320" in photo["src"]
    assert members[1].img is None  # no photo: initials, hidden from readers


@pytest.mark.usefixtures("no_page_cache")
def test_team_queries_do_not_grow_with_the_number_of_members(client, team):
    page, _ = team

    def count():
        ContentVersion.bump()
        with CaptureQueriesContext(connection) as queries:
            parse(client.get("/team/"))
        return len(queries)

    client.get("/team/")
    before = count()
    page = TeamPage.objects.get(pk=page.pk)
    for number in range(8):
        photo = ImageFactory(title=f"Photo {number}")
        page.members.add(
            TeamMember(
                clinician=Clinician.objects.create(
                    name=f"Clinician {number}", role="Therapist", photo=photo
                )
            )
        )
    page.save_revision().publish()
    client.get("/team/")  # make the new photos' renditions
    assert count() == before


def test_a_review_links_to_the_reviewers_profile(client, demo, django_user_model):
    director = django_user_model.objects.get(username="medical.director")
    profile = Clinician.objects.get(user=director)
    article = ArticlePage.objects.get(slug="what-is-an-iop")
    record_approval(article.live_revision, director)

    soup = parse(client.get(article.url))
    link = soup.select_one(".review-notice a")
    assert link["href"] == f"/team/#{profile.slug}"
    assert link.get_text() == profile.public_name
    team = parse(client.get("/team/"))
    assert team.find(id=profile.slug).h2.get_text(strip=True) == profile.public_name
    graph = json.loads(soup.find("script", type="application/ld+json").string)
    (node,) = [n for n in graph["@graph"] if n["@type"] == "MedicalWebPage"]
    assert node["reviewedBy"]["url"] == f"http://localhost/team/#{profile.slug}"

    # Off the team page, the name stays but the link goes.
    TeamPage.objects.get().unpublish()
    soup = parse(client.get(article.url))
    assert soup.select_one(".review-notice a") is None
    assert profile.public_name in soup.select_one(".review-notice").get_text()
