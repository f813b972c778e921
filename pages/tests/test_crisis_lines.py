"""The crisis lines as visitors read them: national lines chosen from the
catalogue (never typed), each number shown as text and as a link whose words
say what it does, and still there when the database is not."""

import html

import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError, connection
from django.urls import reverse

from operations.views import service_unavailable
from pages import context_processors
from pages.crisis_lines import NATIONAL_LINES
from pages.models import SiteTextSettings
from pages.tests.factories import local_line, publish_site_text, site_text_form
from pages.views import server_error

pytestmark = pytest.mark.django_db

NATIONAL = [("national", "988"), ("national", "911")]
COUNTY = local_line("County crisis line", "(714) 555-0110", "Answers day and night.")


def edit_url(site_text):
    name = SiteTextSettings.snippet_viewset.get_url_name("edit")
    return reverse(name, args=[site_text.pk])


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            [("national", "911"), ("national", "samhsa")],
            "Keep the 988 Suicide & Crisis Lifeline: every page must offer it.",
        ),
        (
            [("national", "988"), COUNTY],
            "Keep the Emergency services: every page must offer it.",
        ),
        (
            [*NATIONAL, ("national", "988")],
            "The 988 Suicide & Crisis Lifeline is listed 2 times: keep it once.",
        ),
        (
            [*NATIONAL, ("national", "211")],
            "Select a valid choice. 211 is not one of the available choices.",
        ),
        (
            [*NATIONAL, local_line("Lifeline", "988")],
            "988 is the 988 Suicide & Crisis Lifeline's number: choose it as a "
            "national line instead.",
        ),
        (
            [*NATIONAL, local_line("County line", "call us")],
            "Use only digits, spaces, brackets, dots, dashes",
        ),
        (
            [*NATIONAL, local_line("County line", "")],
            "This field is required.",
        ),
    ],
)
def test_national_lines_are_chosen_and_others_checked(
    site, staff_users, lines, message
):
    marketing = staff_users["marketing"]
    site_text = SiteTextSettings.for_site(site)
    revisions = site_text.revisions.count()
    # Even a draft: once approved, it goes live as it was saved.
    response = marketing.post(
        edit_url(site_text), site_text_form(site_text, crisis_lines=lines)
    )
    assert response.status_code == 200
    # In the form's error summary or beside the block (in the stream's data).
    assert message in html.unescape(response.content.decode())
    assert site_text.revisions.count() == revisions
    assert [line.key for line in SiteTextSettings.for_site(site).lines] == [
        "988",
        "911",
        "samhsa",
    ]


@pytest.fixture
def every_line(site):
    """Every national line and a local one, published."""
    lines = [("national", key) for key in NATIONAL_LINES] + [COUNTY]
    return publish_site_text(site, crisis_lines=lines)


def listed_lines(soup):
    """{line's name: (its item, {href: link's words})} in the footer."""
    items = soup.select("footer .crisis-lines > li")
    return {
        item.strong.get_text(strip=True): (
            item,
            {a["href"]: a.get_text(" ", strip=True) for a in item.select("a")},
        )
        for item in items
    }


def test_every_number_is_text_and_a_link_that_says_what_it_does(client, every_line):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    lines = listed_lines(soup)
    assert list(lines) == [line.name for line in NATIONAL_LINES.values()] + [
        "County crisis line"
    ]

    _, lifeline = lines["988 Suicide & Crisis Lifeline"]
    assert lifeline == {
        "tel:988": "Call 988",
        "sms:988": "Text 988",
        "https://988lifeline.org/chat/": "Chat at 988lifeline.org",
    }
    _, veterans = lines["Veterans Crisis Line"]
    assert veterans["tel:988"] == "Call 988 and press 1"
    assert veterans["sms:838255"] == "Text 838255"
    _, county = lines["County crisis line"]
    assert county == {"tel:+17145550110": "Call (714) 555-0110"}

    # Every link's words are its own: a screen reader's list of links never
    # reads the same words for two different actions.
    words = {}
    for _, links in lines.values():
        for href, text in links.items():
            words.setdefault(text, set()).add(href.split("?")[0])
    assert all(len(hrefs) == 1 for hrefs in words.values()), words

    item, spanish = lines["988 Línea de Prevención del Suicidio y Crisis"]
    assert item["lang"] == "es"
    assert spanish == {
        "tel:988": "Llame al 988 y oprima el 2",
        "sms:988?body=AYUDA": "Envíe AYUDA por mensaje de texto al 988",
        "https://988lineadevida.org/": "Chat en 988lineadevida.org",
    }
    assert all(not other.get("lang") for other, _ in lines.values() if other != item)

    item, samhsa = lines["SAMHSA National Helpline"]
    assert samhsa == {"tel:+18006624357": "Call 1-800-662-4357 (1-800-662-HELP)"}
    assert "It is not a crisis line." in item.get_text(" ", strip=True)
    item, emergency = lines["Emergency services"]
    assert emergency == {"tel:911": "Call 911"}
    assert "immediate danger" in item.get_text(" ", strip=True)


def test_every_line_is_valid_html(client, every_line, html_validator):
    assert html_validator({"every-line": client.get("/").content.decode()}) == []


def database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server")


def crisis_hrefs(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {a["href"] for a in soup.select(".crisis-lines a")}


def test_outage_pages_give_the_crisis_lines_last_read(
    client, rf, every_line, monkeypatch
):
    monkeypatch.setattr(context_processors.SITE_TEXT, "values", None)
    assert "tel:+17145550110" in crisis_hrefs(client.get("/"))  # remembered
    # Another process, which has not read them since it started: the cache.
    monkeypatch.setattr(context_processors.SITE_TEXT, "values", None)
    with connection.execute_wrapper(database_down):
        unavailable = service_unavailable(rf.get("/"))
        broken = server_error(rf.get("/broken/"))
    assert unavailable.status_code == 503 and broken.status_code == 500
    for response in (unavailable, broken):
        hrefs = crisis_hrefs(response)
        assert {"tel:988", "sms:988", "tel:911", "tel:+17145550110"} <= hrefs


def test_with_nothing_remembered_the_national_lines_still_show(rf, monkeypatch):
    monkeypatch.setattr(context_processors.SITE_TEXT, "values", None)
    with connection.execute_wrapper(database_down):
        response = service_unavailable(rf.get("/"))
    assert {"tel:988", "sms:988", "tel:911", "tel:+18006624357"} <= crisis_hrefs(
        response
    )
