"""The demo is content a practice would publish: full, cited articles; program
pages that state their facts or say "Ask admissions"; an FAQ page that
answers first what people ask first; a thank-you page that says when
admissions replies; and a search that finds programs in visitors' words.

The demo is loaded once for the module (`demo_once`, demo/tests/conftest.py)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from wagtail.models import Site

from admissions.models import AdmissionsSettings, EnquiryPage
from faq.models import FAQIndexPage
from pages.models import ProgramPage, SiteSettings

pytestmark = pytest.mark.django_db

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


def parse(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    "url", ["/resources/php-vs-iop/", "/resources/co-occurring-conditions/"]
)
def test_articles_are_full_cited_and_answer_questions(client, demo_once, url):
    soup = parse(client, url)
    assert len(soup.select("section.faq .faq__question")) >= 3
    # Safe messaging: crisis lines in the body, and a way to admissions.
    assert soup.select_one(".article__body a[href='tel:988']")
    assert soup.select_one(".cta a[href='tel:+19497355705']")
    body = soup.select_one(".article__body")
    for aside in body.select("section.faq, aside, .callout"):
        aside.decompose()
    words = WORD.findall(body.get_text(" "))
    assert len(words) >= 600, f"{url}: {len(words)} words"
    # Sections phrased as the reader's questions.
    assert len(body.find_all("h2")) >= 5
    assert len(soup.select(".takeaways li")) >= 3
    assert len(soup.select(".references li")) >= 2


def test_program_pages_state_facts_or_say_ask_admissions(client, demo_once):
    facts = {}
    for program in ProgramPage.objects.live():
        soup = parse(client, program.url)
        glance = {
            dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
            for dt in soup.select(".at-a-glance dt")
        }
        assert all(glance.values()), (program.slug, glance)
        # Every program page says how paying for it works.
        assert soup.select_one("#insurance-heading"), program.slug
        facts[program.slug] = glance
    # The practice published the IOP's schedule, not the PHP's or aftercare's.
    iop = facts["intensive-outpatient-program"]
    assert iop["Hours a week"] == "9 or more hours"
    assert iop["Schedule"].lower().startswith("three evenings a week")
    assert facts["partial-hospitalization-program"]["Schedule"] == "Ask admissions"
    assert facts["aftercare"]["Hours a week"] == "Ask admissions"
    assert facts["aftercare"]["Schedule"] == "Ask admissions"


def test_the_faq_page_answers_first_what_people_ask_first(client, demo_once):
    soup = parse(client, FAQIndexPage.objects.get().url)
    groups = {
        group.find("h2").get_text(strip=True): [
            h3.get_text(strip=True) for h3 in group.select("h3")
        ]
        for group in soup.select(".faq-hub__group")
    }
    assert list(groups)[:2] == ["Getting started", "Cost and insurance"]
    assert {
        "How do I get started?",
        "What should I bring to my first visit?",
    } <= set(groups["Getting started"])
    assert {"How much will treatment cost?", "Do you take my insurance?"} <= set(
        groups["Cost and insurance"]
    )
    assert "Is what I tell you kept private?" in groups["Privacy and confidentiality"]


def test_the_thank_you_page_says_when_admissions_replies(client, demo_once):
    form_page = EnquiryPage.objects.live().get()
    thanks = form_page.url + form_page.reverse_subpage("thanks")
    # The practice has published no reply time: the demo promises none.
    settings = AdmissionsSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.reply_time == ""
    text = " ".join(parse(client, thanks).select_one("main").get_text(" ").split())
    assert "Our admissions team will contact you as soon as we can." in text

    settings.reply_time = "within one business day"
    settings.save()
    cache.clear()
    text = " ".join(parse(client, thanks).select_one("main").get_text(" ").split())
    assert "Our admissions team will contact you within one business day." in text


def results(client, query):
    """(eyebrow, title, href) of each page result, and each question's
    eyebrow, for a search."""
    soup = parse(client, "/search/", q=query)
    pages = [
        (
            item.select_one(".eyebrow").get_text(strip=True),
            item.select_one("h3 a").get_text(strip=True),
            item.select_one("h3 a")["href"],
        )
        for item in soup.select(".search-pages .search-result")
    ]
    questions = [
        item.select_one(".eyebrow").get_text(strip=True)
        for item in soup.select(".search-questions .search-result")
    ]
    return pages, questions


@pytest.mark.parametrize("query", ["insurance", "cost", "evening"])
def test_search_finds_program_pages_in_visitors_words(client, demo_once, query):
    programs = {page.url for page in ProgramPage.objects.live()}
    pages, _ = results(client, query)
    found = [(eyebrow, href) for eyebrow, _, href in pages if href in programs]
    assert found, f"no program page found for {query!r}: {pages}"
    assert {eyebrow for eyebrow, _ in found} == {"Program"}


def test_search_results_say_what_they_are_in_visitors_words(client, demo_once):
    pages, questions = results(client, "IOP")
    eyebrows = {href: eyebrow for eyebrow, _, href in pages}
    assert eyebrows["/resources/what-is-an-iop/"] == "Article"
    assert eyebrows["/levels-of-care/intensive-outpatient-program/"] == "Program"
    assert questions and set(questions) == {"Question"}


def test_the_home_page_result_shows_the_practice_name(client, demo_once):
    home = Site.objects.get(is_default_site=True).root_page.specific
    home.title = "Home quokka"  # a word no other page has
    home.save_revision().publish()
    pages, _ = results(client, "quokka")
    name = SiteSettings.objects.get().display_name
    assert pages == [("Home page", name, "/")]
