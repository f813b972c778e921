"""Levels of care: what a program page tells a visitor deciding on it, the
index's comparison table, and what counts as a clinical change."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.tests.sign_in import sign_in
from caching.models import ContentVersion
from pages.models import (
    HomePage,
    ProgramIndexPage,
    ProgramPage,
    ReviewStatus,
)
from review.recording import record_approval

IOP = "/levels-of-care/intensive-outpatient-program/"


def parse(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def at_a_glance(soup):
    section = soup.select_one(".at-a-glance")
    return {
        item.dt.get_text(strip=True): item.dd.get_text(strip=True)
        for item in section.select("dl > div")
    }


class ProgramEditorTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = HomePage.objects.get(depth=2)
        cls.levels = home.add_child(
            instance=ProgramIndexPage(title="Levels of care", slug="levels")
        )

    def setUp(self):
        sign_in(self.client, self.create_test_user())

    def test_programs_live_under_levels_of_care_only(self):
        self.assertAllowedParentPageTypes(ProgramPage, {ProgramIndexPage})
        self.assertAllowedSubpageTypes(ProgramIndexPage, {ProgramPage})

    def test_editor_creates_a_program_with_every_field(self):
        self.assertCanCreate(
            self.levels,
            ProgramPage,
            nested_form_data(
                {
                    "title": "Evening IOP",
                    "slug": "evening-iop",
                    "summary": "Three evenings a week.",
                    "audience": rich_text("<p>Adults who work.</p>"),
                    "hours_per_week_min": "9",
                    "hours_per_week_max": "12",
                    "schedule_days": "Monday, Tuesday, Thursday",
                    "schedule_times": "6 pm to 9 pm",
                    "delivery": "both",
                    "typical_length": "Usually 8 to 12 weeks",
                    "body": streamfield(
                        [
                            ("heading", {"heading": "What happens", "level": "h2"}),
                            ("paragraph", rich_text("<p>Groups.</p>")),
                        ]
                    ),
                    "insurance_note": rich_text("<p>Most plans cover it.</p>"),
                    "cta_text": "Call us to start.",
                }
            ),
            # A clinical page is published only after a question (review/editor.py):
            # saved as a draft here, which is what creating it means.
            publish=False,
        )
        page = ProgramPage.objects.get(slug="evening-iop")
        assert page.hours_display == "9 to 12 hours"
        assert page.schedule_display == "Monday, Tuesday, Thursday; 6 pm to 9 pm"
        assert page.get_delivery_display() == "In person or virtual"


def test_hours_read_as_a_visitor_would_say_them():
    def hours(low, high):
        return ProgramPage(hours_per_week_min=low, hours_per_week_max=high)

    assert hours(9, None).hours_display == "9 or more hours"
    assert hours(9, 12).hours_display == "9 to 12 hours"
    assert hours(10, 10).hours_display == "10 hours"
    assert hours(None, 4).hours_display == "Up to 4 hours"
    assert hours(None, None).hours_display is None


@pytest.mark.django_db
def test_at_most_cannot_be_below_at_least():
    page = ProgramPage(title="IOP", slug="iop", summary="s", hours_per_week_min=12)
    page.hours_per_week_max = 9
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "hours_per_week_max" in error.value.message_dict


def test_a_program_page_shows_what_a_visitor_decides_on(client, demo):
    soup = parse(client.get(IOP))
    assert at_a_glance(soup) == {
        "Hours a week": "9 or more hours",
        "Schedule": "Three evenings a week; about three hours each evening",
        "Format": "In person",
        "Typical length": "Set with you at your assessment",
    }
    headings = [h2.get_text(strip=True) for h2 in soup.select("article h2")]
    assert headings.index("Who it is for") < headings.index("What happens in an IOP")
    assert headings.index("Frequently asked questions") < headings.index(
        "Paying for it"
    )
    assert "PPO and POS" in soup.find(id="insurance-heading").parent.get_text()
    cta = soup.select_one(".cta--closing")
    assert "Admissions can answer your questions" in cta.get_text()
    # Citations in "Who it is for", the body and the insurance note share one
    # numbered list, in reading order.
    assert soup.select(".references__item")


def test_unknown_facts_say_ask_admissions(client, demo):
    facts = at_a_glance(parse(client.get("/levels-of-care/aftercare/")))
    assert facts["Hours a week"] == "Ask admissions"
    assert facts["Schedule"] == "Ask admissions"


def test_the_comparison_table_agrees_with_each_program_page(client, demo):
    draft = ProgramPage.objects.get(slug="aftercare")
    draft.unpublish()
    soup = parse(client.get("/levels-of-care/"))
    table = soup.select_one(".table-scroll table")
    region = soup.select_one(".table-scroll")
    # A scrollable region a keyboard can reach, named by the table caption.
    assert region["role"] == "region"
    assert region["tabindex"] == "0"
    assert soup.find(id=region["aria-labelledby"]).name == "caption"
    columns = [th.get_text(strip=True) for th in table.select("thead th")]
    assert columns == [
        "Program",
        "Hours a week",
        "Schedule",
        "Format",
        "Typical length",
    ]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    rows = table.select("tbody tr")
    live = ProgramPage.objects.live().order_by("path")
    assert [row.th.get_text(strip=True) for row in rows] == [p.title for p in live]
    assert "Aftercare" not in [row.th.get_text(strip=True) for row in rows]
    for row in rows:
        assert row.th["scope"] == "row"
        link = row.th.a["href"]
        page_facts = at_a_glance(parse(client.get(link)))
        cells = [td.get_text(strip=True) for td in row.select("td")]
        assert cells[:3] == [
            page_facts["Hours a week"],
            page_facts["Schedule"],
            page_facts["Format"],
        ]


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_index_queries_do_not_grow_with_the_number_of_programs(client, demo):
    levels = ProgramIndexPage.objects.get()

    def count():
        ContentVersion.bump()  # render the page, not its cached fragments
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/levels-of-care/").status_code == 200
        return len(queries)

    client.get("/levels-of-care/")
    before = count()
    for number in range(6):
        program = ProgramPage(
            title=f"Program {number}",
            slug=f"program-{number}",
            summary="More.",
            hours_per_week_min=number,
            body=[("paragraph", "<p>Text.</p>")],
        )
        levels.add_child(instance=program)
        program.save_revision().publish()
    assert count() == before


@pytest.fixture
def director(django_user_model, demo):
    user = django_user_model.objects.create_user("director", password="x")
    user.groups.add(Group.objects.get(name="Medical Director"))
    return user


def republish(page, **changes):
    page = ProgramPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return ProgramPage.objects.get(pk=page.pk)


def test_practical_details_keep_the_review_clinical_ones_reset_it(director):
    page = ProgramPage.objects.get(slug="intensive-outpatient-program")
    record_approval(page.live_revision, director)
    page = republish(
        page,
        schedule_days="Monday, Wednesday and Thursday evenings",
        schedule_times="6 pm to 9 pm",
        delivery="both",
        insurance_note="<p>Most plans cover it.</p>",
    )
    assert page.review_status == ReviewStatus.REVIEWED
    # Every text a visitor or a search engine reads about treatment is
    # clinical: the call to action's wording and the search snippet too.
    for change in (
        {"audience": "<p>Anyone at all.</p>"},
        {"hours_per_week_min": 6},
        {"typical_length": "Four weeks"},
        {"cta_text": "Get cured in ten days."},
        {"seo_title": "Guaranteed cure"},
        {"search_description": "Guaranteed cure."},
    ):
        record_approval(page.live_revision, director)
        page = republish(page, **change)
        assert page.review_status == ReviewStatus.PENDING, change
